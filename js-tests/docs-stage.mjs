// The stage the docs' `js` blocks run on (js-tests/docs.test.mjs): the example hosts the docs name go
// to the sandbox (DOCS_SANDBOX_URL), and the names a snippet leaves to "your app" exist.
const sandboxUrl = process.env.DOCS_SANDBOX_URL;
const hosts = {
  "https://api.app.riffyn.com/v1": "/riffyn/v1",
  "https://sandbox.belvo.com": "/belvo",
  "https://api.belvo.com": "/belvo",
  "https://mycompany.onelogin.com": "/onelogin",
};
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  for (const [from, to] of Object.entries(hosts)) {
    if (typeof input === "string" && input.startsWith(from)) return realFetch(`${sandboxUrl}${to}${input.slice(from.length)}`, init);
  }
  return realFetch(input, init);
};
/** The user's answer: what they read on their phone or from their bank. */
globalThis.prompt = async (question = "") => {
  // "Code: " for a OneLogin SMS: the last code in the sandbox's outbox; a bank token otherwise.
  if (/code/i.test(question)) {
    const outbox = await (await realFetch(`${sandboxUrl}/_sandbox/outbox`)).json();
    return outbox.at(-1)?.code ?? "";
  }
  return "123456";
};
/** Your app's Supabase client, as far as the README's otpauth example uses it. */
globalThis.supabase = {
  auth: { mfa: { enroll: async () => ({ data: { totp: { uri: "otpauth://totp/supabase:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=supabase" } } }) } },
};
