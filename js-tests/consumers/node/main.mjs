// Node ESM, Bun and Deno: `node main.mjs <sandbox url>`.
import * as mfa from "mfa-flows";
import { riffynLogin } from "../riffyn-login.js";

console.log(await riffynLogin(mfa, `${process.argv[2]}/riffyn/v1`));
