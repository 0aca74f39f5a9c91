// A server component: the Riffyn login runs on the server at request time (the embedded module in a
// server chunk), and the page also renders the client component.
import * as mfa from "mfa-flows";
import { riffynLogin } from "../riffyn-login.js";
import Login from "./login.js";

export const dynamic = "force-dynamic";

export default async function Page() {
  const line = await riffynLogin(mfa, `${process.env.SANDBOX_URL}/riffyn/v1`);
  return <main><p id="server">{line}</p><Login /></main>;
}
