// RFC 4226 (HOTP) / RFC 6238 (TOTP) with node:crypto, so the sandbox needs no dependency.
import { createHmac, timingSafeEqual } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALGORITHMS = { SHA1: "sha1", SHA256: "sha256", SHA512: "sha512" };

/** Decodes RFC 4648 base32 (case-insensitive, spaces and '=' padding ignored). Throws on other characters. */
export function base32Decode(text) {
  const clean = String(text).toUpperCase().replace(/[\s=]/g, "");
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP value for a key (Buffer) and counter (number), as a zero-padded string. */
export function hotp(key, counter, { digits = 6, algorithm = "SHA1" } = {}) {
  const algo = ALGORITHMS[String(algorithm).toUpperCase()];
  if (!algo) throw new Error(`unsupported algorithm ${algorithm}`);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(counter)));
  const mac = createHmac(algo, key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** TOTP code for a base32 secret at `timestamp` (ms since epoch). */
export function totp(secretBase32, { timestamp = Date.now(), period = 30, digits = 6, algorithm = "SHA1" } = {}) {
  const counter = Math.floor(timestamp / 1000 / period);
  return hotp(base32Decode(secretBase32), counter, { digits, algorithm });
}

/** Seconds until the code valid at `timestamp` rolls over. */
export function secondsLeft(timestamp = Date.now(), period = 30) {
  return period - (Math.floor(timestamp / 1000) % period);
}

/**
 * True when `code` matches the TOTP of the current step or of `window` steps either side
 * (the ±1 step window tolerates clock drift between the user's phone and the server).
 */
export function verifyTotp(secretBase32, code, { timestamp = Date.now(), window = 1, period = 30, digits = 6, algorithm = "SHA1" } = {}) {
  if (typeof code !== "string" || !/^\d+$/.test(code) || code.length !== digits) return false;
  const key = base32Decode(secretBase32);
  const counter = Math.floor(timestamp / 1000 / period);
  let ok = false;
  for (let d = -window; d <= window; d++) {
    const expected = hotp(key, counter + d, { digits, algorithm });
    // Constant-time compare; keep looping so timing does not reveal which step matched.
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(code))) ok = true;
  }
  return ok;
}
