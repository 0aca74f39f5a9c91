// A page bundled by Vite or webpack (or by esbuild with the .wasm copied beside the bundle); the
// test's server forwards /riffyn/ to the sandbox.
import * as mfa from "mfa-flows";
import { riffynLogin } from "../riffyn-login.js";

const out = document.getElementById("out");
out.textContent = await riffynLogin(mfa, `${location.origin}/riffyn/v1`).catch((e) => `failed: ${e}`);
document.body.dataset.done = "true";
