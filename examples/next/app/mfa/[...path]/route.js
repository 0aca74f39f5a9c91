// app/mfa/[...path]/route.js: mfa-flows/server as a Next.js (app router) route handler, serving the
// page's `new RiffynClient({ baseUrl: "/mfa/riffyn" })`. The proxy answers only the calls the
// clients send; every other path under /mfa gets its 404.
import { createMfaProxy } from "mfa-flows/server";

const proxy = createMfaProxy({
  basePath: "/mfa",
  riffyn: { baseUrl: process.env.RIFFYN_BASE_URL },   // e.g. "https://api.app.riffyn.com/v1"
  // Who is asking: your session's id (here a cookie your app sets), never something the page chooses.
  subject: (request) => /(?:^|;\s*)sid=([^;]*)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? "",
  // Riffyn's login is the user's own; check Belvo links and OneLogin users against the session.
  authorize: (op) => op.provider === "riffyn",
});

const handle = (request) => proxy.handle(request);
export { handle as GET, handle as POST, handle as PATCH, handle as DELETE };
// Per request, never prerendered or cached.
export const dynamic = "force-dynamic";
