"use client";
// A client component: rendered on the server too (prerender), where it computes a code with the
// package; in the browser it runs the Riffyn login through the app's /riffyn rewrite.
import { useEffect, useState } from "react";
import * as mfa from "mfa-flows";
import { riffynLogin } from "../riffyn-login.js";

export default function Login() {
  const [line, setLine] = useState("loading");
  useEffect(() => {
    riffynLogin(mfa, `${location.origin}/riffyn/v1`).then(setLine, (e) => setLine(`failed: ${e}`));
  }, []);
  return <><p id="code">{mfa.totp("JBSWY3DPEHPK3PXP", { timestamp: 0 })}</p><p id="client">{line}</p></>;
}
