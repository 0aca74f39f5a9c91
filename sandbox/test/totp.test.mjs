import test from "node:test";
import assert from "node:assert/strict";
import { base32Decode, hotp, totp, verifyTotp, secondsLeft } from "../totp.mjs";

// RFC 6238 appendix B (8 digits) with the RFC's ASCII seeds.
const SEEDS = {
  SHA1: Buffer.from("12345678901234567890"),
  SHA256: Buffer.from("12345678901234567890123456789012"),
  SHA512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234"),
};
const VECTORS = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

test("RFC 6238 test vectors for SHA1, SHA256 and SHA512", () => {
  for (const [time, sha1, sha256, sha512] of VECTORS) {
    const counter = Math.floor(time / 30);
    assert.equal(hotp(SEEDS.SHA1, counter, { digits: 8, algorithm: "SHA1" }), sha1);
    assert.equal(hotp(SEEDS.SHA256, counter, { digits: 8, algorithm: "SHA256" }), sha256);
    assert.equal(hotp(SEEDS.SHA512, counter, { digits: 8, algorithm: "SHA512" }), sha512);
  }
});

test("RFC 4226 HOTP vectors", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  expected.forEach((code, i) => assert.equal(hotp(SEEDS.SHA1, i), code));
});

test("base32 decoding ignores case, spaces and padding and refuses junk", () => {
  assert.deepEqual(base32Decode("JBSWY3DPEHPK3PXP"), Buffer.from("Hello!\xde\xad\xbe\xef", "latin1"));
  assert.deepEqual(base32Decode("jbsw y3dp ehpk 3pxp"), base32Decode("JBSWY3DPEHPK3PXP"));
  assert.deepEqual(base32Decode("MZXW6==="), Buffer.from("foo"));
  assert.throws(() => base32Decode("not base32!"));
});

test("totp() uses 30 s steps and verifyTotp() accepts ±1 step only", () => {
  const secret = "JBSWY3DPEHPK3PXP";
  const t = 1_700_000_000_000;
  const code = totp(secret, { timestamp: t });
  assert.match(code, /^\d{6}$/);
  assert.equal(totp(secret, { timestamp: t - (t % 30000) }), code, "same step, same code");
  assert.ok(verifyTotp(secret, code, { timestamp: t }));
  assert.ok(verifyTotp(secret, code, { timestamp: t + 30000 }), "next step still accepts it");
  assert.ok(verifyTotp(secret, code, { timestamp: t - 30000 }), "previous step accepts it");
  assert.ok(!verifyTotp(secret, code, { timestamp: t + 90000 }), "two steps later it is refused");
  assert.ok(!verifyTotp(secret, "12345", { timestamp: t }), "wrong length");
  assert.ok(!verifyTotp(secret, undefined, { timestamp: t }));
  assert.equal(secondsLeft(30_000), 30);
  assert.equal(secondsLeft(59_000), 1);
});
