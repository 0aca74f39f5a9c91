// <mfa-challenge>: the challenge step of a login form for any MfaChallenge from toChallenge()
// (Riffyn, Belvo or OneLogin alike). A plain custom element with a shadow root; the app owns the
// flow: it listens for mfa-submit / mfa-cancel / mfa-resend / mfa-expired and sets `busy` and `error`.
//
// It renders from the view (issue 25): the code field from `input` (otp), one control per action
// (`submit` Verify, `continue` Continue: mfa-submit with no code, `cancel`, `resend`, `switchFactor`:
// the factor choice), the QR or value from `display`, a countdown to `expiresAt`; a push waits for
// approval. Every word has a message id: the host's `messages` first, then the locale's (strings.js).
// A view without `input` or `actions` (hand-made, or older) gets its kind's. An unknown action is
// left out; an unknown kind still shows its prompt and actions.
//
// Provider text (prompt, factor labels, display value) comes from the network: it only ever
// becomes a Text node (append/textContent), never markup.
import { generate } from "lean-qr/nano";
import { STRINGS, words } from "./strings.js";
import { CSS } from "./style.js";

/** `h("p", { part: "prompt" }, text)`: string children become Text nodes, never HTML. */
const h = (tag, attrs, ...children) => {
  const el = document.createElement(tag);
  // Own keys only: a polluted Object.prototype.onclick must not become an attribute (a handler).
  for (const key of Object.keys(attrs)) if (attrs[key] !== false) el.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
  el.append(...children.filter((c) => c != null));
  return el;
};

/** 75 → "1:15" */
const mmss = (/** @type {number} */ s) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/** Sets text only when it changed, so a live region is not re-announced every tick. */
const say = (el, text) => {
  if (el && el.textContent !== text) el.textContent = text;
};

/** The payload as an SVG QR code: one path, 4 modules of quiet zone. */
const qr = (value) => {
  const code = generate(value);
  const n = code.size;
  let d = "";
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (code.get(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const path = document.createElementNS(svg.namespaceURI, "path");
  svg.setAttribute("viewBox", `0 0 ${n + 8} ${n + 8}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("part", "qr");
  path.setAttribute("d", d);
  path.setAttribute("shape-rendering", "crispEdges");
  svg.append(path);
  return svg;
};

/** A value from the caller as text: a string or a number, anything else (a throwing toString too) is "". */
const str = (v) => (typeof v === "string" ? v : typeof v === "number" ? `${v}` : "");

/**
 * The fields the element reads, copied once as plain strings: a getter or toString that throws
 * is read here only (no error is raised every tick), and such a challenge shows nothing.
 */
const plain = (c) => {
  try {
    if (!c || typeof c !== "object") return null;
    const d = c.display;
    const factors = Array.isArray(c.factors) ? c.factors.filter((f) => f && typeof f === "object") : null;
    const kind = str(c.kind);
    const i = c.input && typeof c.input === "object" ? c.input : kind === "otp" ? {} : null;
    const p = c.params && typeof c.params === "object" ? c.params : {};
    return {
      kind, provider: str(c.provider), prompt: str(c.prompt), expiresAt: str(c.expiresAt),
      messageId: str(c.messageId), params: Object.fromEntries(Object.keys(p).map((k) => [k, str(p[k])])),
      display: d && typeof d === "object" && str(d.value) ? { type: str(d.type), value: str(d.value) } : null,
      factors: factors?.map((f) => ({ id: str(f.id), label: str(f.label) || str(f.id) })),
      // Riffyn and bank tokens are digits; OneLogin's SMS codes may hold letters.
      input: i && { mode: str(i.inputMode) || (c.provider === "onelogin" ? "text" : "numeric"), length: +str(i.length) || 0,
        autocomplete: str(i.autocomplete) || "one-time-code" },
      actions: Array.isArray(c.actions) ? c.actions.map(str)
        : kind === "push" ? ["cancel"] : [i ? "submit" : "continue", "switchFactor", "cancel"],
    };
  } catch {
    return null;
  }
};

const fire = (el, type, detail = {}) =>
  el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));

/** @type {CSSStyleSheet | undefined} one sheet, shared by every instance */
let sheet;

// Importing the module in Node (server rendering) must not throw: there is no HTMLElement there.
const Base = globalThis.HTMLElement ?? class {};

export class MfaChallengeElement extends Base {
  static observedAttributes = ["locale"];
  /** @type {any} the host's words by message id */ #messages = null;
  /** @type {any} */ #challenge = null;
  /** @type {any} the challenge's fields as plain strings (`plain`) */ #view = null;
  #key = "";
  /** @type {any} */ #error = null;
  #busy = false;
  #empty = false;
  #expired = false;
  #left = -1;
  /** When a rate_limited error's `retryAfterMs` ends (ms since the epoch); 0: no wait. */
  #until = 0;
  /** The wait was announced (the status then ticks silently); after it, "you can try again now". */
  #said = false;
  #note = "";
  #timer = 0;
  #focusOnConnect = false;
  // The current challenge's controls (rebuilt by #render).
  /** @type {any} */ #form = null;
  /** @type {any} */ #input = null;
  /** @type {any} */ #status = null;
  /** @type {any} */ #submitButton = null;
  /** @type {any} */ #countdown = null;
  /** @type {any} */ #alert = null;
  /** @type {string | undefined} */ #factorId;
  #numeric = false;
  /** @type {[Element, string, string?][]} chrome nodes (and attributes) with their string key */
  #texts = [];
  #root = h("div", { part: "root" });

  constructor() {
    super();
    // delegatesFocus: the page's `el.focus()` (a form moving to this step) reaches the first control.
    const shadow = this.attachShadow({ mode: "open", delegatesFocus: true });
    // A constructable stylesheet is no inline style: it passes a strict `style-src 'self'`. Where
    // there is none (Safari before 16.4), a <style> element.
    try {
      if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      shadow.append(h("style", {}, CSS));
    }
    shadow.append(this.#root);
    // A property set before the element was defined sits on the instance: hand it to the setter.
    for (const key of ["challenge", "locale", "busy", "error", "messages"]) {
      if (Object.hasOwn(this, key)) {
        const value = /** @type {any} */ (this)[key];
        delete (/** @type {any} */ (this)[key]);
        /** @type {any} */ (this)[key] = value;
      }
    }
  }

  get challenge() {
    return this.#challenge;
  }
  set challenge(challenge) {
    // Frameworks that re-render hand over equal copies: keep what the user typed.
    const view = plain(challenge);
    const key = view ? JSON.stringify(view) : "";
    if (key === this.#key) return;
    this.#key = key;
    this.#challenge = challenge || null;
    this.#view = view;
    this.#error = null;
    this.#empty = this.#expired = false;
    this.#until = 0;
    this.#note = "";
    this.#render();
  }

  get locale() {
    const locale = this.getAttribute("locale");
    return locale && Object.hasOwn(STRINGS, locale) ? /** @type {"en" | "es" | "pt-BR"} */ (locale) : "en";
  }
  set locale(locale) {
    this.setAttribute("locale", locale);
  }
  attributeChangedCallback() {
    this.#update();
  }

  /** The host's words by message id (`{param}` placeholders); a missing id uses the locale's. */
  get messages() {
    return this.#messages;
  }
  set messages(messages) {
    this.#messages = messages && typeof messages === "object" ? messages : null;
    this.#update();
  }

  /** The host's own string for `id`, if any (a throwing getter or a polluted prototype gives none). */
  #own(/** @type {string} */ id) {
    const m = this.#messages;
    try {
      if (m && Object.hasOwn(m, id) && typeof m[id] === "string") return m[id];
    } catch {}
    return null;
  }

  /** The words of message `id`: the host's (an own string), else the locale's, else English; `{x}` filled from `params`. */
  #t(/** @type {string} */ id, /** @type {Record<string, string>} */ params = {}) {
    const text = this.#own(id) ?? words(this.locale)[id] ?? STRINGS.en[id];
    return text == null ? null : text.replace(/\{(\w+)\}/g, (all, name) => (Object.hasOwn(params, name) ? params[name] : all));
  }

  get busy() {
    return this.#busy;
  }
  set busy(busy) {
    this.#busy = !!busy;
    this.#update();
  }

  get error() {
    return this.#error;
  }
  /** Shown by its `code`; the code typed stays in the field, selected and focused for a retry. */
  set error(error) {
    this.#error = error || null;
    this.#empty = false;
    this.#note = "";
    this.#said = false;
    // rate_limited (NIST SP 800-63B §10): how long to wait, counted down; Verify waits with it.
    let ms = 0;
    try {
      ms = error?.retryAfterMs;
    } catch {}
    this.#until = typeof ms === "number" && ms > 0 ? Date.now() + Math.min(ms, 864e5) : 0;
    this.#update();
    if (error) this.#focus(true);
  }

  connectedCallback() {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#tick(), 1000);
    this.#tick();
    if (this.#focusOnConnect) this.#focus();
  }
  disconnectedCallback() {
    clearInterval(this.#timer);
  }

  #render() {
    const c = this.#view;
    this.#input = this.#submitButton = null;
    const texts = (this.#texts = []);
    const t = (/** @type {Element} */ el, /** @type {string} */ key, /** @type {string=} */ attr) => (texts.push([el, key, attr]), el);
    this.#left = -1;
    this.#root.replaceChildren();
    if (!c) return;
    const form = (this.#form = h("form", { part: "form", novalidate: true }));
    this.#root.append(t(h("p", { part: "prompt", id: "prompt" }), ""));

    const d = c.display;
    if (d) {
      if (d.type === "qr") {
        try {
          this.#root.append(t(qr(d.value), "ui.qr", "aria-label"));
        } catch {
          // Too long for a QR code: the payload as text is all that can be offered.
          this.#root.append(h("p", { part: "display-value" }, d.value));
        }
      } else {
        this.#root.append(h("p", { part: "display" },
          t(h("span", { part: "display-label" }), "ui.shown"), h("span", { part: "display-value" }, d.value)));
      }
    }

    const factors = c.factors ?? [];
    this.#factorId = factors.length === 1 ? factors[0].id : undefined;
    if (factors.length > 1 && c.actions.includes("switchFactor")) {
      form.append(h("fieldset", { part: "factors" }, t(h("legend", {}), "ui.factor"),
        ...factors.map((f, i) => h("label", { part: "factor" },
          h("input", { type: "radio", name: "factor", value: f.id, checked: i === 0 }), f.label))));
    } else this.#factorId ??= factors[0]?.id;
    const i = c.input;
    if (i) {
      this.#numeric = i.mode === "numeric";
      this.#input = h("input", {
        id: "code", part: "input", autocomplete: i.autocomplete, inputmode: this.#numeric ? "numeric" : "text",
        maxlength: i.length > 0 && i.length, autocapitalize: "off", spellcheck: "false", enterkeyhint: "done",
        "aria-describedby": "prompt error",
      });
      this.#input.addEventListener("paste", (/** @type {ClipboardEvent} */ e) => {
        // A whole code pasted as "123 456" or "123-456" goes in as "123456".
        const text = e.clipboardData?.getData("text");
        if (!text) return;
        e.preventDefault();
        const input = this.#input;
        input.setRangeText(this.#clean(text), input.selectionStart, input.selectionEnd, "end");
      });
      form.append(h("div", { part: "field" }, t(h("label", { for: "code", part: "label" }), "ui.code"), this.#input));
    }
    // The error right under the field it is about; then the status (waiting, checking).
    this.#alert = h("p", { part: "error", id: "error", role: "alert" });
    this.#status = h("p", { part: "status", role: "status" });
    form.append(this.#alert, this.#status);
    const actions = h("div", { part: "actions" });
    // One control per action the view names, in its order; an action this version does not know is left out.
    for (const action of c.actions) {
      if (action === "submit" || action === "continue") {
        if (!this.#submitButton) actions.append((this.#submitButton = t(h("button", { part: "button submit" }), action === "submit" ? "ui.verify" : "ui.continue")));
      } else if (action === "cancel" || action === "resend") {
        const button = t(h("button", { type: "button", part: `button ${action}` }), action === "cancel" ? "ui.cancel" : "ui.resend");
        button.addEventListener("click", () => fire(this, `mfa-${action}`));
        actions.append(button);
      }
    }
    form.append(actions);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.#submit();
    });
    this.#root.append(form, (this.#countdown = h("p", { part: "countdown" })));
    this.#tick();
    if (this.isConnected) this.#focus();
    else this.#focusOnConnect = true;
  }

  /** The code as sent: no spaces, and for digit codes no separators. */
  #clean(/** @type {string} */ text) {
    return text.replace(this.#numeric ? /[\s.-]/g : /\s/g, "");
  }

  #submit() {
    if (this.#busy || this.#expired || this.#until) return;
    this.#note = "";
    const code = this.#input ? this.#clean(this.#input.value) : "";
    this.#error = null;
    this.#empty = !!this.#input && !code;
    this.#update();
    if (this.#empty) return this.#focus();
    const factorId = this.#form.querySelector(":checked")?.value ?? this.#factorId;
    // Continue on a step without a code field sends no `code`: `belvo.resume(step, { token: code })` then
    // sends no token, as such a step wants.
    fire(this, "mfa-submit", !this.#input ? {} : factorId ? { code, factorId } : { code });
  }

  #focus(select = false) {
    const input = this.#input;
    this.#focusOnConnect = false;
    const target = input ?? this.#submitButton ?? this.#form?.querySelector("button");
    if (!target || !this.isConnected) return;
    target.focus();
    if (select && input) input.select();
  }

  #tick() {
    const at = Date.parse(this.#view?.expiresAt);
    if (!this.#countdown) return;
    if (this.#until && Date.now() >= this.#until) {
      this.#until = 0;
      this.#error = null;
      this.#note = "ui.retryNow";
    }
    // No (readable) expiresAt: no countdown, but every word is still set.
    if (!(at === at)) return this.#update();
    this.#left = Math.max(0, Math.ceil((at - Date.now()) / 1000));
    const ends = !this.#left && !this.#expired && this.isConnected;
    if (ends) this.#expired = true;
    this.#update();
    if (ends) fire(this, "mfa-expired");
  }

  /** The error's code, read safely (a hostile error's getter may throw). */
  #code() {
    try {
      return str(this.#error.code) || "unknown";
    } catch {
      return "unknown";
    }
  }

  /** Every string and state from the current locale, busy, error and time left (idempotent). */
  #update() {
    const c = this.#view;
    if (!c) return;
    const t = (/** @type {string} */ id, /** @type {any} */ params) => this.#t(id, params);
    // The host's words for the prompt's id, else toChallenge's (worded in its own locale).
    const prompt = this.#own(c.messageId);
    this.#root.lang = this.getAttribute("locale") || "en";
    for (const [el, key, attr] of this.#texts) {
      const text = key ? t(key) : prompt == null ? c.prompt : t(c.messageId, c.params);
      attr ? el.setAttribute(attr, text) : say(el, text);
    }
    const expired = this.#expired;
    // A push ends with its first error (rejected, expired, a failed poll): no more waiting.
    const ended = expired || (c.kind === "push" && !!this.#error);
    const waiting = !ended && (this.#busy || c.kind === "push");
    this.#status.toggleAttribute("data-wait", waiting);
    const wait = this.#until && Math.max(1, Math.ceil((this.#until - Date.now()) / 1000));
    // The wait is announced once, politely; then the status ticks with aria-live off, and "you can
    // try again now" is announced when it ends.
    this.#status.setAttribute("aria-live", wait && this.#said ? "off" : "polite");
    say(this.#status, waiting ? t(this.#busy ? "ui.checking" : "ui.waiting") : wait ? t("ui.retryIn", { time: mmss(wait) }) : this.#note && t(this.#note));
    this.#said = !!wait;
    const left = this.#left;
    say(this.#countdown, left > 0 && !ended ? t("ui.expiresIn", { time: mmss(left) }) : "");
    const code = expired ? "expired" : this.#error ? this.#code() : this.#empty ? "empty" : "";
    say(this.#alert, code ? t(`error.${code}`) ?? t("error.unknown") : "");
    this.#alert.dataset.code = code;
    this.#form.setAttribute("aria-busy", String(this.#busy));
    // Busy keeps focus where it is (read-only, aria-disabled); expired ends the step.
    if (this.#input) {
      this.#input.readOnly = this.#busy;
      this.#input.disabled = expired;
      this.#input.setAttribute("aria-invalid", String(code === "invalid_code" || code === "empty"));
    }
    this.#submitButton?.setAttribute("aria-disabled", String(this.#busy || expired || !!wait));
    for (const radio of this.#form.querySelectorAll("[type=radio]")) radio.disabled = this.#busy || expired;
  }
}

if (globalThis.customElements && !customElements.get("mfa-challenge")) {
  customElements.define("mfa-challenge", MfaChallengeElement);
}
