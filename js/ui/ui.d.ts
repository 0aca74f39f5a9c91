// Types of `mfa-flows/ui`: the <mfa-challenge> custom element. Importing the module defines it once.
import type { MfaChallenge, MfaError, MfaMessages } from "mfa-flows";

/** The languages of the element's own words (labels, buttons, errors, countdown). */
export type MfaChallengeLocale = "en" | "es" | "pt-BR";

/**
 * `mfa-submit`: the user typed a code (otp), or pressed Continue on a step with nothing to type (qr,
 * confirm: no `code`, so `belvo.resume(step, { token: detail.code })` sends no token).
 */
export interface MfaSubmitDetail {
  /** The code typed, without spaces (and separators, for digit codes); absent on qr and confirm. */
  code?: string;
  /** The chosen factor (otp with factors: the only one, or the one picked among several). */
  factorId?: string;
}

/** The element's events: bubbling and composed, so a listener on any ancestor hears them. */
export interface MfaChallengeEventMap extends HTMLElementEventMap {
  "mfa-submit": CustomEvent<MfaSubmitDetail>;
  /** The user gave up: abort the app's signal. */
  "mfa-cancel": CustomEvent<Record<string, never>>;
  /** "Send again" (the view's `resend` action): trigger the factor again (a new SMS, a new push). */
  "mfa-resend": CustomEvent<Record<string, never>>;
  /** `expiresAt` passed while the challenge was shown; the step can no longer succeed. */
  "mfa-expired": CustomEvent<Record<string, never>>;
}

/**
 * `<mfa-challenge>`: one challenge step for any provider. Themed with CSS custom properties
 * (`--mfa-accent`, `--mfa-on-accent`, `--mfa-muted`, `--mfa-error`, `--mfa-border`, `--mfa-radius`,
 * `--mfa-input-bg`, `--mfa-input-color`, `--mfa-focus`, `--mfa-gap`) and `::part()` (`root`, `prompt`,
 * `display`, `display-label`, `display-value`, `qr`, `form`, `factors`, `factor`, `field`, `label`,
 * `input`, `status`, `actions`, `button`, `submit`, `cancel`, `resend`, `countdown`, `error`).
 */
export interface MfaChallengeElement extends HTMLElement {
  /** What to show: `toChallenge(step)`; `null` shows nothing. An equal object keeps what was typed. */
  challenge: MfaChallenge | null;
  /** Attribute `locale`: the built-in words used; anything else reads as "en" (and is still the `lang`). */
  locale: MfaChallengeLocale;
  /**
   * The host's words by message id (`{param}` placeholders), e.g. a whole French or Arabic
   * dictionary; an id it lacks uses the locale's. The prompt is the host's `messages[challenge.messageId]`
   * when given, else `challenge.prompt`. The element follows `dir` (its own or inherited) for RTL.
   */
  messages: MfaMessages | null;
  /** Disables submitting (the field turns read-only, focus stays) while the app verifies. */
  busy: boolean;
  /** Shown in plain words by its `code`; the code typed stays, selected and focused for a retry. Cleared on the next submit. */
  error: MfaError | null;
  addEventListener<K extends keyof MfaChallengeEventMap>(type: K,
    listener: (this: MfaChallengeElement, event: MfaChallengeEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MfaChallengeEventMap>(type: K,
    listener: (this: MfaChallengeElement, event: MfaChallengeEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** The element's class, e.g. for `instanceof` or `customElements.get("mfa-challenge") === MfaChallengeElement`. */
export declare const MfaChallengeElement: {
  prototype: MfaChallengeElement;
  new (): MfaChallengeElement;
};

declare global {
  interface HTMLElementTagNameMap {
    "mfa-challenge": MfaChallengeElement;
  }
}

/**
 * `<mfa-challenge>`'s properties and event handlers in JSX (React 19 sets properties, `on<event>` listens).
 * A React project opts in to the tag's JSX typing with `import type {} from "mfa-flows/ui/react";`.
 */
export interface MfaChallengeJsxProps {
  /** `MfaChallengeElement.challenge`. */
  challenge?: MfaChallenge | null;
  /** `MfaChallengeElement.locale`. */
  locale?: MfaChallengeLocale;
  /** `MfaChallengeElement.busy`. */
  busy?: boolean;
  /** `MfaChallengeElement.error`. */
  error?: MfaError | null;
  /** `MfaChallengeElement.messages`. */
  messages?: MfaMessages | null;
  /** Listens for `mfa-submit`. */
  "onmfa-submit"?: (event: MfaChallengeEventMap["mfa-submit"]) => void;
  /** Listens for `mfa-cancel`. */
  "onmfa-cancel"?: (event: MfaChallengeEventMap["mfa-cancel"]) => void;
  /** Listens for `mfa-resend`. */
  "onmfa-resend"?: (event: MfaChallengeEventMap["mfa-resend"]) => void;
  /** Listens for `mfa-expired`. */
  "onmfa-expired"?: (event: MfaChallengeEventMap["mfa-expired"]) => void;
  // What a page puts on any element (structural, so that this file needs no React types).
  id?: string;
  className?: string;
  hidden?: boolean;
  lang?: string;
  dir?: "ltr" | "rtl" | "auto";
  slot?: string;
  style?: { [property: string]: string | number | undefined };
  ref?: { current: MfaChallengeElement | null } | ((element: MfaChallengeElement | null) => unknown) | null;
  [attribute: `aria-${string}` | `data-${string}`]: string | number | boolean | undefined;
}

