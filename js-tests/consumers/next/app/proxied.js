"use client";
// The README's module-scope client with a relative baseUrl: `next build` prerenders this component
// (no `location` there), and in the page the first call resolves "/mfa/riffyn" against it and goes
// through app/mfa/[...path]/route.js (the shipped example) to the sandbox.
import { useEffect, useState } from "react";
import { RiffynClient } from "mfa-flows/riffyn";

const riffyn = new RiffynClient({ baseUrl: "/mfa/riffyn" });

export default function Proxied() {
  const [line, setLine] = useState("loading");
  useEffect(() => {
    riffyn.login({ username: "alice", password: "correct-horse-battery" })
      .then((step) => setLine(`proxied ${step.status}`), (e) => setLine(`failed: ${e.code} ${e.message}`));
  }, []);
  return <p id="proxied">{line}</p>;
}
