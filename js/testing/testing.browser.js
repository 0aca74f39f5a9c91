// mfa-flows/testing outside Node (the browser and default export conditions): the sandbox is an
// HTTP server of the Node test process and never part of a page. Importing it fails at once (the
// package lists this file as a side effect, so no bundler drops it), and so does a call.
const message = "mfa-flows/testing runs in Node only (your tests, not your page): import it from a Node test, or start `npx mfa-flows-sandbox` and point the page's backend at it";

export function startSandbox() {
  throw new Error(message);
}

throw new Error(message);
