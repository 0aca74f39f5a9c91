// The surface that is not in consumer.ts, compiled under the oldest lib the package supports
// (tsconfig.es2020.json: strict, lib ES2020 + DOM, no skipLibCheck, no @types/node) and the newest.
import { MfaError, RiffynClient, type MfaErrorJSON, type MfaErrorCode, type MfaErrorDetails } from "mfa-flows";
import * as embedded from "mfa-flows/embedded";

const error = new MfaError("invalid_input", "username: missing", { provider: "riffyn", status: 400 });
const name: "MfaError" = error.name;
const json: MfaErrorJSON = error.toJSON();
const code: MfaErrorCode = json.code;
// @ts-expect-error the code is a union of literals
new MfaError("nope", "x");
// The facts (declared once in src/error.rs, tsify's MfaErrorFields): typed, optional, read-only.
const status: number | undefined = error.status;
const facts: [string | undefined, string | undefined, number | undefined] = [error.provider, error.providerCode, error.retryAfterMs];
const requestId: string | undefined = json.requestId;
// @ts-expect-error a fact is read-only
error.status = 500;
// @ts-expect-error a fact has its type
new MfaError("network", "x", { status: "500" });
// @ts-expect-error only facts are details
const odd: MfaErrorDetails = { code: "network" };
// @ts-expect-error the provider is one of the three
new MfaError("network", "x", { provider: "okta" });
const client = new RiffynClient({ baseUrl: "https://api.app.riffyn.com/v1" });
client.free();
const same: typeof RiffynClient = embedded.RiffynClient;
// @ts-expect-error the glue's init functions are not part of the package
embedded.initSync;

export { name, code, same, status, facts, requestId, odd };
