// parseOtpauthUri / otpauthUri / totp(uri) of the built package: the providers' documented URIs,
// round trips, lenient spellings, refusals naming the part without the secret.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MfaError, totp, parseOtpauthUri, otpauthUri } from "mfa-flows";

const GOOGLE = "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";
const ACME = "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30";

function refused(call, part, secret) {
  try {
    call();
  } catch (e) {
    assert.ok(e instanceof MfaError, String(e));
    assert.equal(e.code, "invalid_input");
    assert.match(e.message, part);
    if (secret) {
      assert.ok(!e.message.includes(secret) && !JSON.stringify(e).includes(secret), e.message);
    }
    return e;
  }
  assert.fail("did not throw");
}

test("the Key Uri Format wiki's and the providers' URIs", () => {
  assert.deepEqual(parseOtpauthUri(GOOGLE), {
    secret: "JBSWY3DPEHPK3PXP", issuer: "Example", account: "alice@google.com", algorithm: "SHA1", digits: 6, period: 30,
  });
  assert.deepEqual(parseOtpauthUri(ACME), {
    secret: "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ", issuer: "ACME Co", account: "john.doe@email.com", algorithm: "SHA1", digits: 6, period: 30,
  });
  // Supabase's guide, Auth0's barcode_uri (padding percent-encoded), Firebase's generateQrCodeUrl, Amplify's getSetupUri.
  const cases = [
    ["otpauth://totp/supabase:alice@supabase.com?secret=JBSWY3DPEHPK3PXP&issuer=supabase", "supabase", "alice@supabase.com"],
    ["otpauth://totp/example%40example.com?secret=JBSWY3DPEBLW64TMMQ%3D%3D%3D%3D&issuer=Example", "Example", "example@example.com"],
    ["otpauth://totp/[DEFAULT]:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=[DEFAULT]&algorithm=SHA1&digits=6", "[DEFAULT]", "alice@example.com"],
    ["otpauth://totp/My%20App:alice?secret=JBSWY3DPEHPK3PXP&issuer=My%20App", "My App", "alice"],
  ];
  for (const [uri, issuer, account] of cases) {
    const key = parseOtpauthUri(uri);
    assert.deepEqual([key.issuer, key.account, key.algorithm, key.digits, key.period], [issuer, account, "SHA1", 6, 30], uri);
  }
  // No label: issuer and account are left out, not undefined-valued.
  assert.deepEqual(Object.keys(parseOtpauthUri("otpauth://totp/?secret=JBSWY3DPEHPK3PXP")), ["secret", "algorithm", "digits", "period"]);
});

test("totp() takes a URI and uses its parameters; explicit options still win", () => {
  assert.equal(totp(GOOGLE, { timestamp: 0 }), "282760");
  assert.equal(totp(GOOGLE, { timestamp: 0 }), totp("JBSWY3DPEHPK3PXP", { timestamp: 0 }));
  // RFC 6238 Appendix B, SHA256, 8 digits, through a URI.
  const rfc = `otpauth://totp/RFC:6238?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&algorithm=SHA256&digits=8`;
  assert.equal(totp(rfc, { timestamp: 59_000 }), "46119246");
  assert.equal(totp(rfc, { timestamp: 59_000, digits: 6 }), "119246");
  assert.equal(totp(rfc, { timestamp: 59_000, digits: 6, algorithm: "SHA1" }),
    totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA", { timestamp: 59_000 }));
  assert.match(totp(GOOGLE), /^\d{6}$/);
});

test("otpauthUri writes what parseOtpauthUri (and the apps) read: round trips", () => {
  assert.equal(otpauthUri({ secret: "JBSWY3DPEHPK3PXP", issuer: "Example", account: "alice@google.com" }),
    "otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example");
  const keys = [
    { secret: "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ", issuer: "ACME Co", account: "john.doe@email.com", algorithm: "SHA1", digits: 6, period: 30 },
    { secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", issuer: "Ünïcödé & Søns / 100%", account: "a b#c?d=e&f+g", algorithm: "SHA512", digits: 8, period: 60 },
    { secret: "JBSWY3DPEHPK3PXP", account: "bob", algorithm: "SHA256", digits: 7, period: 15 },
  ];
  for (const key of keys) {
    const uri = otpauthUri(key);
    assert.deepEqual(parseOtpauthUri(uri), key, uri);
    assert.equal(otpauthUri(parseOtpauthUri(uri)), uri);
    assert.equal(totp(uri, { timestamp: 1_700_000_000_000 }),
      totp(key.secret, { timestamp: 1_700_000_000_000, algorithm: key.algorithm, digits: key.digits, period: key.period }));
  }
  // The secret is tidied: case, spaces, padding.
  assert.equal(otpauthUri({ secret: "jbsw y3dp ehpk 3px=", account: "a" }), "otpauth://totp/a?secret=JBSWY3DPEHPK3PX");
});

test("lenient as authenticator apps are", () => {
  for (const uri of [
    "OTPAUTH://TOTP/Example:alice?SECRET=jbswy3dpehpk3pxp&Issuer=Example&algorithm=sha1",
    "otpauth://totp/Example:alice?secret=JBSW%20Y3DP%20EHPK%203PXP&issuer=Example&image=https%3A%2F%2Fx.test%2Fa.png",
    "  otpauth://totp/Example%3Aalice?secret=JBSW+Y3DP+EHPK+3PXP&issuer=Example&digits=6  ",
  ]) {
    assert.deepEqual(parseOtpauthUri(uri), {
      secret: "JBSWY3DPEHPK3PXP", issuer: "Example", account: "alice", algorithm: "SHA1", digits: 6, period: 30,
    }, uri);
  }
  assert.equal(parseOtpauthUri("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=sha-256").algorithm, "SHA256");
});

test("refusals name the part and never hold the secret", () => {
  const secret = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
  const uri = (tail) => `otpauth://totp/Acme:bob?secret=${secret}${tail}`;
  for (const [value, part] of [
    [5, /^uri: must be a string/], [undefined, /^uri: must be a string/], ["", /^uri: must be an otpauth/],
    [`https://x.test/?secret=${secret}`, /^uri: must be an otpauth/],
    [`otpauth://hotp/Acme:bob?secret=${secret}&counter=1`, /^uri: counter-based/],
    ["otpauth://totp/Acme:bob?issuer=Acme", /^uri\.secret: is required/],
    [`otpauth://totp/Acme:bob?secret=${secret}1`, /^uri\.secret: not valid base32/],
    [uri("&algorithm=MD5"), /^uri\.algorithm:/], [uri("&digits=10"), /^uri\.digits:/], [uri("&period=0"), /^uri\.period:/],
    [uri(`&secret=${secret}`), /^uri\.secret: is given twice/], [`otpauth://totp/a%ZZ?secret=${secret}`, /^uri\.label:/],
  ]) {
    refused(() => parseOtpauthUri(value), part, secret);
    if (typeof value === "string" && value.startsWith("otpauth")) refused(() => totp(value), part, secret);
  }
  for (const [key, part] of [
    [undefined, /^key: must be an object/], [{ secret }, /^key\.account: is required/],
    [{ secret: `${secret}1`, account: "a" }, /^key\.secret: not valid base32/],
    [{ secret, account: "a:b" }, /^key\.account: must not contain a colon/],
    [{ secret, account: "a", issuer: "" }, /^key\.issuer: must not be empty/],
    [{ secret, account: "a", digits: 9 }, /^key\.digits:/], [{ secret, account: "a", algorithm: "sha1" }, /^key\.algorithm:/],
    [{ secret, account: "a", label: "x" }, /^key: unknown field `label`/],
  ]) refused(() => otpauthUri(key), part, secret);
});

test("control and bidirectional formatting characters in the issuer or account are refused, naming the field", async () => {
  // The totp entry's own module too: each entry is a separate build.
  const entries = [["mfa-flows", { parseOtpauthUri, otpauthUri }], ["mfa-flows/totp", await import("mfa-flows/totp")]];
  const secret = "JBSWY3DPEHPK3PXP";
  const hidden = ["\n", "\r", "\0", "\x1b", "\t", "\x7f", "\x85", "\u061c", "\u200e", "\u200f",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"];
  for (const [entry, api] of entries) {
    for (const c of hidden) {
      const e = encodeURIComponent(c);
      const label = `${entry} ${JSON.stringify(c)}`;
      for (const [uri, field] of [
        [`otpauth://totp/Acme:bob${e}?secret=${secret}`, "account"],
        [`otpauth://totp/Acme:bob${c}x?secret=${secret}`, "account"],
        [`otpauth://totp/${e}moc.evil@bob?secret=${secret}&issuer=Acme`, "account"],
        [`otpauth://totp/Ac${e}me:bob?secret=${secret}`, "issuer"],
        [`otpauth://totp/bob?secret=${secret}&issuer=Ac${e}me`, "issuer"],
        [`otpauth://totp/Acme:bob?secret=${secret}&issuer=${e}&digits=6`, "issuer"],
      ]) {
        const error = refused(() => api.parseOtpauthUri(uri), new RegExp(`^uri\\.${field}: must not contain control or bidirectional`), secret);
        assert.ok(!error.message.includes(c), label);
      }
      for (const field of ["account", "issuer"]) {
        const key = { secret, account: "bob", issuer: "Acme", [field]: `x${c}y` };
        refused(() => api.otpauthUri(key), new RegExp(`^key\\.${field}: must not contain control or bidirectional`), secret);
      }
    }
    // Right-to-left names without formatting characters still read.
    assert.deepEqual(api.parseOtpauthUri(`otpauth://totp/%D7%90%D7%91:%D8%B9%D9%84%D9%8A?secret=${secret}`).account, "علي", entry);
  }
});
