// CommonJS: require() of the package (Node ≥ 20.19 loads its ES module synchronously).
const { RiffynClient, MfaError, VERSION } = require("mfa-flows");

try {
  new RiffynClient({ baseUrl: "http://example.com" });
} catch (e) {
  new RiffynClient({ baseUrl: `${process.argv[2]}/riffyn/v1` })
    .login({ username: "alice", password: "correct-horse-battery" })
    .then((step) => console.log(`${VERSION} ${e instanceof MfaError && e.code} ${step.status}`));
}
