// An uncaught MfaError: `node uncaught.mjs <sandbox url>`; its stack must name this file.
import { RiffynClient } from "mfa-flows";

const riffyn = new RiffynClient({ baseUrl: `${process.argv[2]}/riffyn/v1` });
await riffyn.login({ username: "alice", password: "wrong-password" });
