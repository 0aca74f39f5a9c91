// The surface that is not in consumer.ts, compiled under the oldest lib the package supports
// (tsconfig.es2020.json: strict, lib ES2020 + DOM, no skipLibCheck, no @types/node) and the newest.
import { MfaError, RiffynClient, type MfaErrorJSON, type MfaErrorCode } from "mfa-flows";
import * as embedded from "mfa-flows/embedded";

const error = new MfaError("invalid_input", "username: missing", { provider: "riffyn", status: 400 });
const name: "MfaError" = error.name;
const json: MfaErrorJSON = error.toJSON();
const code: MfaErrorCode = json.code;
// @ts-expect-error the code is a union of literals
new MfaError("nope", "x");
const client = new RiffynClient({ baseUrl: "https://api.app.riffyn.com/v1" });
client.free();
const same: typeof RiffynClient = embedded.RiffynClient;
// @ts-expect-error the glue's init functions are not part of the package
embedded.initSync;

export { name, code, same };
