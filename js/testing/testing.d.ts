// mfa-flows/testing (Node only): the package's sandbox of Riffyn, Belvo and OneLogin, for your tests.
// It imitates the providers' documented wire formats; it is no guarantee of their real behaviour.
// The wire reference (routes, identities, faults): sandbox/README.md in the package.

export type SandboxProvider = "riffyn" | "belvo" | "onelogin";

export interface StartSandboxOptions {
  /** The port to listen on; 0 (the default) takes a free one (read it from `url`). */
  port?: number;
  /** The address to listen on; "127.0.0.1" by default. */
  host?: string;
  /** "manual" (default): a OneLogin Protect push waits for `approvePush()`/`denyPush()`; "auto": approved on its 3rd poll. */
  pushes?: "manual" | "auto";
}

/** A text message the sandbox "sent" for OneLogin SMS or Voice (`GET /_sandbox/outbox`). */
export interface SandboxMessage {
  to: string;
  body: string;
  code: string;
  channel: "sms" | "voice";
  userId: number;
  deviceId: number;
  /** ISO-8601, on the sandbox clock. */
  at: string;
}

/**
 * A fault for that provider's next request (or next `count` requests). With `status`, `body` or
 * `headers` (or none of the others) it answers that, before authentication (`status` 500 by default;
 * a string body as text, anything else as JSON); `delayMs` holds the request that long first (alone:
 * then the usual answer); `reset` drops the connection without an answer.
 */
export interface SandboxFault {
  provider: SandboxProvider;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  reset?: boolean;
  /** How many requests the fault answers; 1 by default. */
  count?: number;
}

/** The sandbox's named faults (sandbox/README.md, Faults), as the control API takes them. */
export type SandboxNamedFault =
  | { provider: "onelogin"; kind: "rate_limit"; count?: number; /** Retry-After in seconds, 0–3600. */ retryAfter?: number }
  | { provider: "belvo"; kind: "too_many_sessions" | "html_403"; count?: number };

/** One request a provider mount answered (never the control API's own). */
export interface SandboxRequest {
  provider: SandboxProvider;
  method: string;
  /** With the mount prefix, without the query: "/belvo/api/links/". */
  path: string;
  status: number;
}

export interface Sandbox {
  /** "http://127.0.0.1:PORT", no trailing slash. */
  readonly url: string;
  /** What each client's `baseUrl` (or `createMfaProxy`'s) takes. */
  readonly baseUrls: { readonly riffyn: string; readonly belvo: string; readonly onelogin: string };
  /** The demo identities of sandbox/README.md. */
  readonly identities: {
    readonly riffyn: { readonly username: string; readonly password: string; readonly totpSecret: string; readonly factorId: string };
    readonly belvo: { readonly secretId: string; readonly secretPassword: string; readonly username: string; readonly password: string };
    readonly onelogin: {
      readonly clientId: string; readonly clientSecret: string; readonly userId: number;
      readonly totpDeviceId: number; readonly totpSecret: string; readonly pushDeviceId: number;
    };
  };
  /** The demo user's current authenticator code at the sandbox clock (Riffyn's alice; OneLogin user 1001's device). */
  totp(provider: "riffyn" | "onelogin"): string;
  /** The texted and voiced codes, oldest first. */
  outbox(): Promise<SandboxMessage[]>;
  /** Approves the newest pending OneLogin Protect push; rejects when none is pending. */
  approvePush(): Promise<void>;
  /** Denies the newest pending OneLogin Protect push; rejects when none is pending. */
  denyPush(): Promise<void>;
  /** Moves the sandbox clock (every expiry and TOTP code follows it). */
  advanceClock(ms: number): Promise<void>;
  fault(spec: SandboxFault | SandboxNamedFault): Promise<void>;
  /** The provider requests answered so far, oldest first (the newest 1000). */
  requests(): Promise<SandboxRequest[]>;
  /** Back to the initial state (users, links, clock, faults, log), keeping the `pushes` option. */
  reset(): Promise<void>;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts a sandbox in this process; resolves once it listens. */
export function startSandbox(options?: StartSandboxOptions): Promise<Sandbox>;
