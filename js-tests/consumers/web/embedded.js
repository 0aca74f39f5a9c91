// A page bundled by esbuild or Rollup, which do not emit the .wasm: the entry with the module inside.
import * as mfa from "mfa-flows/embedded";
import { riffynLogin } from "../riffyn-login.js";

const out = document.getElementById("out");
out.textContent = await riffynLogin(mfa, `${location.origin}/riffyn/v1`).catch((e) => `failed: ${e}`);
document.body.dataset.done = "true";
