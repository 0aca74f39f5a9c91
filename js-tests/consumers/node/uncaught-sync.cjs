// A synchronous MfaError thrown outside a module's top level (a CommonJS script, a timer, a request
// handler): Node prints the line of the throw, which is in the package's glue.
const { RiffynClient } = require("mfa-flows");

setTimeout(() => new RiffynClient({ baseUrl: "ftp://example.test" }));
