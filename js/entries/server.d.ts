// Types of `mfa-flows/server` (js/lib/server.api.js), written by hand: the entry is JS over the
// core's bindings, which stay out of the package's public types.
import type { MfaErrorCode } from "mfa-flows";

/**
 * Node's `IncomingMessage` as far as the proxy reads it: structural, so no `@types/node` is
 * needed (Express's and Connect's requests fit).
 */
export interface MfaNodeRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** Node's `ServerResponse` as far as the proxy writes it (structural). */
export interface MfaNodeResponse {
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  end(body?: string): unknown;
  on(event: "close", listener: () => void): unknown;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
}

/** Every call a browser client of `mfa-flows` sends, by client and method. */
export type MfaOperationName =
  | "riffyn.login"
  | "riffyn.verify"
  | "belvo.registerLink"
  | "belvo.retrieve"
  | "belvo.resume"
  | "onelogin.availableFactors"
  | "onelogin.enrolledFactors"
  | "onelogin.enrollFactor"
  | "onelogin.activateFactor"
  | "onelogin.verifyFactor"
  | "onelogin.removeFactor"
  | "onelogin.generateMfaToken";

/** One browser call, parsed by the SDK from its method, path and body (never from the page's say-so). */
export interface MfaOperation {
  /** Which call. */
  name: MfaOperationName;
  /** The API it goes to. */
  provider: "riffyn" | "belvo" | "onelogin";
  /** OneLogin: the user in the path. Check it against your own session. */
  userId?: number;
  /** OneLogin: the device in the path. */
  deviceId?: number;
  /** OneLogin `verifyFactor`: `"otp"` when the body carries a code, `"push"` when it polls a push. */
  factorKind?: "otp" | "push";
  /** Belvo `registerLink`: the institution. */
  institution?: string;
  /** Belvo `retrieve` / `resume`: the link. Check that it belongs to your session's user. */
  link?: string;
  /** Belvo `retrieve`, or `resume` of a data call: the resource, e.g. `"accounts"`. */
  resource?: string;
  /** Riffyn: the username of the login's Basic credentials. */
  username?: string;
}

/** What the proxy read from the provider's answer itself. */
export interface MfaResult {
  /** The call. */
  operation: MfaOperation;
  /**
   * `verified`: Riffyn `SUCCESS`, a Belvo 2xx, OneLogin `VERIFIED` (a `verifyFactor` only);
   * `pending`: `MFA_REQUIRED`, a 428 `token_required`, a trigger, a `PENDING` poll, and any other
   * successful call (listing, enrolling, removing factors, generating a token);
   * `failed`: any error, with `code`.
   */
  outcome: "verified" | "pending" | "failed";
  /** The provider's HTTP status; 0 when none came (unreachable, timeout, the browser went away). */
  status: number;
  /** Why it failed, as the browser client reads it (`invalid_code`, `rejected`, `expired`…). */
  code?: MfaErrorCode;
  /** Belvo: the Link id once known (from the 428, or the created Link). */
  link?: string;
}

/**
 * What `authorize` and `onResult` get as the browser's request: the Fetch `Request` from
 * `handle`, Node's request from `node` (with whatever your middleware set on it, such as
 * Express's `req.session`: name your request type as `createMfaProxy`'s type argument). Its
 * body has already been read.
 */
export type MfaProxyRequest = Request | MfaNodeRequest;

/** OneLogin upstream: a ready access token, or API credentials the proxy exchanges for one. */
export type MfaProxyOneLogin = { baseUrl: string } & (
  | { clientId: string; clientSecret: string; accessToken?: never }
  | { accessToken: string; clientId?: never; clientSecret?: never }
);

/** The proxy's spans (see `MfaProxyOptions.telemetry`). */
export interface MfaProxyTelemetry {
  /** Adds OneLogin's `mfa.user_id` and `mfa.device_id` to the spans. Default false: no ids. */
  ids?: boolean;
  /** The tracer to use; default the registered provider's tracer `"mfa-flows"`. */
  tracer?: MfaTracer;
}

/** An OpenTelemetry `Tracer` as far as the proxy uses it (structural: no import of `@opentelemetry/api`). */
export interface MfaTracer {
  startSpan(name: string, options?: { attributes?: Record<string, string | number> }, context?: unknown): {
    setAttribute(key: string, value: string | number): unknown;
    setStatus(status: { code: number; message?: string }): unknown;
    end(): void;
  };
}

/** Options of `createMfaProxy`. Read as own properties; a bad one throws `MfaError` `invalid_input`. */
export interface MfaProxyOptions<R = MfaProxyRequest> {
  /** Where the page's clients point: baseUrl `"/mfa/riffyn"`, `"/mfa/belvo"`, `"/mfa/onelogin"`. Default `"/mfa"`. */
  basePath?: string;
  /** Riffyn: a pass-through (the user's own credentials; no secret is added). */
  riffyn?: { baseUrl: string };
  /** Belvo: the secret keys, sent as HTTP Basic. */
  belvo?: { baseUrl: string; secretId: string; secretPassword: string };
  /** OneLogin: the bearer token is fetched, cached and renewed by the proxy, never shown. */
  onelogin?: MfaProxyOneLogin;
  /**
   * Required. May THIS browser make `op`? Check the app's own session: the OneLogin `userId` is
   * the signed-in user's, the Belvo `link` is one this session created. Only `true` lets the
   * call through; anything else (or a throw) answers 403 / 500 and nothing is sent.
   */
  authorize: (op: MfaOperation, request: R) => boolean | Promise<boolean>;
  /**
   * How the backend learns outcomes: called after each forwarded call, before the browser gets
   * the answer. Trust this, never the page's word. A throw answers 500 to the browser.
   */
  onResult?: (result: MfaResult, request: R) => void | Promise<void>;
  /** The operations routed; default every one but `onelogin.removeFactor` and `onelogin.generateMfaToken`. */
  allow?: MfaOperationName[];
  /** The `fetch` used upstream; default `globalThis.fetch`. Redirects are never followed. */
  fetch?: typeof globalThis.fetch;
  /** Per upstream call, in ms; default 30000; 0 = none. A timeout answers 504. */
  timeoutMs?: number;
  /** The largest request body forwarded; default 65536 bytes. A larger one answers 413. */
  maxBodyBytes?: number;
  /**
   * OpenTelemetry. With `@opentelemetry/api` 1.x installed and a tracer provider registered (or a
   * `tracer` given), each forwarded operation is a span `mfa.<operation name>` (attributes
   * `mfa.provider`, `mfa.operation`, `http.response.status_code`, `mfa.outcome`, `mfa.guard`,
   * `error.type`), the upstream call its child. Nothing else is ever recorded (no code, token,
   * password, state token, session or link).
   */
  telemetry?: MfaProxyTelemetry;
}

/** The proxy: one handler per kind of server. */
export interface MfaProxy {
  /**
   * Fetch-API servers (Deno.serve, Bun.serve, Hono, Next.js route handlers, workers). A path
   * outside `basePath` answers 404. Aborting `request.signal` (the browser went away) aborts
   * the upstream call.
   */
  handle(request: Request): Promise<Response>;
  /**
   * node:http, Express, Connect. A path outside `basePath` goes to `next` (404 without it); the
   * browser closing the connection aborts the upstream call. Mount it before body parsers (a
   * body already parsed by `express.json()` is re-serialized).
   */
  node(req: MfaNodeRequest, res: MfaNodeResponse, next?: (err?: unknown) => void): void;
}

/**
 * The backend a browser login form talks to: routes only the browser clients' calls under
 * `basePath`, asks `authorize`, adds the provider credentials, forwards only the JSON body and
 * tells `onResult` what came of it. Answers 404 for any other path or method, 403 for an
 * operation outside `allow` or refused by `authorize`, 413 for a body over `maxBodyBytes`; the
 * browser clients read 404 and 403 as `not_found` and `forbidden`.
 */
export function createMfaProxy<R = MfaProxyRequest>(options: MfaProxyOptions<R>): MfaProxy;
