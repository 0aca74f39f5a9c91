// A page bundled by esbuild or Rollup, which do not emit the .wasm: the entry with the module inside.
// No top-level await here or in that entry, so any output format works (esm, iife).
import * as mfa from "mfa-flows/embedded";
import { riffynLogin } from "../riffyn-login.js";

riffynLogin(mfa, `${location.origin}/riffyn/v1`).catch((e) => `failed: ${e}`).then((line) => {
  document.getElementById("out").textContent = line;
  document.body.dataset.done = "true";
});
