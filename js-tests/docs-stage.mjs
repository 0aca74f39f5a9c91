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
/** The user's answer: the sandbox's bank token or SMS code. */
globalThis.prompt = async () => "123456";
