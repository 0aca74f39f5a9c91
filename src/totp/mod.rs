//! One-time pass codes: TOTP (RFC 6238) over HOTP (RFC 4226), for scripts and tests that must
//! pass MFA unattended, and the `otpauth://totp/…` URIs (Google's Key Uri Format) that
//! authenticator apps scan. The HMACs are RustCrypto's (`hmac`, `sha1`, `sha2`, without std);
//! the base32 decoding is the crate's own.

use crate::error::{Error, Result};
use crate::input::Fields;
use crate::json::Json;
use crate::prelude::*;
use crate::text::{concat, uint};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use tsify::Tsify;

mod otpauth;
use otpauth::is_otpauth;
pub use otpauth::{otpauth_uri, parse_otpauth_uri, OtpauthKey, OtpauthKeyInput};

const SECRET_EMPTY: &str = "secret: must not be empty";
const TIMESTAMP_BAD: &str = "timestamp: must be a finite number of milliseconds >= 0";

/// A key field's message, written once, in its three places: `totp()`'s options (bare), a
/// parsed URI (`uri.`) and `otpauthUri`'s input (`key.`).
macro_rules! key_field_messages {
    ($($bare:ident, $uri:ident, $key:ident: $text:literal;)+) => {$(
        const $bare: &str = $text;
        const $uri: &str = concat!("uri.", $text);
        const $key: &str = concat!("key.", $text);
    )+};
}
key_field_messages! {
    SECRET_BAD, URI_SECRET_BAD, KEY_SECRET: "secret: not valid base32";
    DIGITS_BAD, URI_DIGITS, KEY_DIGITS: "digits: must be a whole number from 6 to 8";
    PERIOD_BAD, URI_PERIOD, KEY_PERIOD: "period: must be a whole number of seconds from 1 to 3600";
    ALGORITHM_BAD, URI_ALGORITHM, KEY_ALGORITHM: "algorithm: must be `SHA1`, `SHA256` or `SHA512`";
}

crate::error::wire_enum! {
    /// The HMAC hash of a TOTP secret. Authenticator apps almost always use `SHA1`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
    pub enum TotpAlgorithm {
        /// HMAC-SHA-1 (the default, and what authenticator apps use).
        #[default]
        Sha1 = "SHA1",
        /// HMAC-SHA-256.
        Sha256 = "SHA256",
        /// HMAC-SHA-512.
        Sha512 = "SHA512",
    }
}

crate::input::input! {
    /// Options of `totp()`; every field is optional.
    #[derive(Clone, Debug, Default, PartialEq, Deserialize, Tsify)]
    #[serde(deny_unknown_fields)]
    pub struct TotpOptions("options", "", custom) {
        /// The time to compute the code for, in ms since the Unix epoch; default: now.
        #[serde(deserialize_with = "de_timestamp")]
        pub timestamp: Option<f64> = "timestamp" (Any) optional,
        /// The number of digits of the code, 6 to 8; default 6.
        #[serde(deserialize_with = "de_digits")]
        pub digits: Option<f64> = "digits" (Any) optional,
        /// The time step in seconds, 1 to 3600; default 30.
        #[serde(deserialize_with = "de_period")]
        pub period: Option<f64> = "period" (Any) optional,
        /// The HMAC hash; default `"SHA1"`.
        #[serde(deserialize_with = "de_algorithm")]
        pub algorithm: Option<TotpAlgorithm> = "algorithm" (Any) optional,
    }
}

// A value of the wrong type gets the same message, naming the field, as one out of range.
fn de_field<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    message: &'static str,
) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(d).map_err(|_| D::Error::custom(message))
}

fn de_timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    de_field(d, TIMESTAMP_BAD)
}

fn de_digits<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    de_field(d, DIGITS_BAD)
}

fn de_period<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    de_field(d, PERIOD_BAD)
}

fn de_algorithm<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TotpAlgorithm>, D::Error> {
    de_field(d, ALGORITHM_BAD)
}

impl TotpOptions {
    /// Reads the `options` of `totp()` (unknown fields refused). A value of the wrong type gets
    /// the same message, naming the field, as one out of range; `null` is the default.
    ///
    /// # Errors
    /// `invalid_input` naming the field, never the value.
    pub fn from_json(value: &Json) -> Result<Self> {
        let f = Fields::of(value, "options", "")?;
        f.check(Self::SCHEMA, true)?;
        Ok(TotpOptions {
            timestamp: number(&f, "timestamp", TIMESTAMP_BAD)?,
            digits: number(&f, "digits", DIGITS_BAD)?,
            period: number(&f, "period", PERIOD_BAD)?,
            algorithm: algorithm(&f, ALGORITHM_BAD)?,
        })
    }
}

/// A number field, any other type refused with `message` (the same as one out of range).
fn number(f: &Fields, key: &str, message: &'static str) -> Result<Option<f64>> {
    match f.get(key) {
        None => Ok(None),
        Some(Json::Num(n)) => Ok(Some(*n)),
        Some(_) => Err(Error::invalid_input(message)),
    }
}

/// The `algorithm` field: exactly `"SHA1"`, `"SHA256"` or `"SHA512"`.
fn algorithm(f: &Fields, message: &'static str) -> Result<Option<TotpAlgorithm>> {
    match f.get("algorithm") {
        None => Ok(None),
        Some(name) => name
            .as_str()
            .and_then(TotpAlgorithm::from_name)
            .map(Some)
            .ok_or(Error::invalid_input(message)),
    }
}

/// A whole number within `range`, or `invalid_input` with `message`.
fn whole(
    value: Option<f64>,
    default: u32,
    range: (u32, u32),
    message: &'static str,
) -> Result<u32> {
    match value {
        None => Ok(default),
        Some(v) => crate::json::safe_integer(v)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (range.0..=range.1).contains(n))
            .ok_or_else(|| Error::invalid_input(message)),
    }
}

/// Decodes a base32 secret (RFC 4648 alphabet, any case, `=` padding optional, spaces and
/// hyphens ignored), in one pass; bits left over at the end are dropped, as encoders leave them
/// zero. Errors never contain the secret.
fn decode_secret(secret: &str) -> Result<Vec<u8>> {
    let bad = || Error::invalid_input(SECRET_BAD);
    let mut key = Vec::with_capacity(secret.len() * 5 / 8);
    let (mut chars, mut bits, mut count, mut padded) = (0, 0u32, 0, false);
    for c in secret.chars() {
        let value = match c.to_ascii_uppercase() {
            c if c.is_whitespace() || c == '-' => continue,
            '=' => {
                padded = true;
                continue;
            }
            // Padding only at the end.
            _ if padded => return Err(bad()),
            c @ 'A'..='Z' => u32::from(c) - u32::from('A'),
            c @ '2'..='7' => u32::from(c) - u32::from('2') + 26,
            _ => return Err(bad()),
        };
        chars += 1;
        bits = bits << 5 | value;
        count += 5;
        if count >= 8 {
            count -= 8;
            key.push((bits >> count) as u8);
        }
    }
    if chars == 0 {
        return Err(Error::invalid_input(SECRET_EMPTY));
    }
    // 1, 3 or 6 trailing characters cannot come out of a base32 encoder (a truncated secret).
    if matches!(chars % 8, 1 | 3 | 6) {
        return Err(bad());
    }
    Ok(key)
}

/// The HMAC (RFC 2104) of `message` under `key` with `alg`'s hash.
fn hmac(alg: TotpAlgorithm, key: &[u8], message: &[u8]) -> Vec<u8> {
    fn mac<M: hmac::Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
        // HMAC takes a key of any length: `new_from_slice` does not fail for it.
        <M as hmac::digest::KeyInit>::new_from_slice(key)
            .map(|m| m.chain_update(message).finalize().into_bytes().to_vec())
            .unwrap_or_default()
    }
    match alg {
        TotpAlgorithm::Sha1 => mac::<hmac::Hmac<sha1::Sha1>>(key, message),
        TotpAlgorithm::Sha256 => mac::<hmac::Hmac<sha2::Sha256>>(key, message),
        TotpAlgorithm::Sha512 => mac::<hmac::Hmac<sha2::Sha512>>(key, message),
    }
}

fn dynamic_truncation(hash: &[u8]) -> Option<u32> {
    let offset = usize::from(hash.last()? & 0x0f);
    let bytes: [u8; 4] = hash.get(offset..offset + 4)?.try_into().ok()?;
    Some(u32::from_be_bytes(bytes) & 0x7fff_ffff)
}

/// The RFC 4226 HOTP code of `key` at `counter`, as `digits` decimal digits with leading zeros.
///
/// `digits` is clamped to 1..=9 (codes in use have 6 to 8).
pub fn hotp(key: &[u8], counter: u64, digits: u32, alg: TotpAlgorithm) -> String {
    let digits = digits.clamp(1, 9);
    // RFC 4226 §5.3: the HMAC of the counter, truncated to 31 bits.
    let value = dynamic_truncation(&hmac(alg, key, &counter.to_be_bytes())).unwrap_or(0);
    // 10^digits is never 0 (digits <= 9); `checked_rem` only spares the module a panic path.
    let code = value.checked_rem(10u32.pow(digits)).unwrap_or(0);
    crate::text::uint(u64::from(code), digits as usize)
}

/// The RFC 6238 TOTP code of a base32 secret, at `options.timestamp` or else at `now_ms`
/// (ms since the Unix epoch).
///
/// The secret may be in any case, with or without `=` padding, with spaces or hyphens; or it
/// may be a whole `otpauth://totp/…` URI, whose `algorithm`, `digits` and `period` then apply
/// (any of them given in `options` still wins).
///
/// ```
/// use mfa_flows::totp::{totp, TotpOptions};
/// let options = TotpOptions { timestamp: Some(59_000.0), digits: Some(8.0), ..Default::default() };
/// // RFC 6238 Appendix B: the ASCII seed "12345678901234567890".
/// let code = totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", &options, 0.0).unwrap();
/// assert_eq!(code, "94287082");
/// ```
///
/// # Errors
/// `invalid_input` naming the field: an empty or non-base32 `secret` (the message never holds
/// it), `digits` outside 6..=8, `period` outside 1..=3600, a negative or non-finite `timestamp`.
pub fn totp(secret_base32: &str, options: &TotpOptions, now_ms: f64) -> Result<String> {
    if is_otpauth(secret_base32) {
        // The URI's parameters apply; options given explicitly still override them.
        let key = parse_otpauth_uri(secret_base32)?;
        let options = TotpOptions {
            timestamp: options.timestamp,
            digits: options.digits.or(Some(f64::from(key.digits))),
            period: options.period.or(Some(f64::from(key.period))),
            algorithm: options.algorithm.or(Some(key.algorithm)),
        };
        return totp(&key.secret, &options, now_ms);
    }
    let digits = whole(options.digits, 6, (6, 8), DIGITS_BAD)?;
    let period = whole(options.period, 30, (1, 3600), PERIOD_BAD)?;
    let ms = options.timestamp.unwrap_or(now_ms);
    if !ms.is_finite() || ms < 0.0 {
        return Err(Error::invalid_input(TIMESTAMP_BAD));
    }
    let key = decode_secret(secret_base32)?;
    // Saturating cast; integer division floors, as the RFC's T = floor((now - T0) / X). The
    // period is at least 1; `checked_div` only spares the module a panic path.
    let counter = (ms as u64 / 1000)
        .checked_div(u64::from(period))
        .unwrap_or(0);
    Ok(hotp(
        &key,
        counter,
        digits,
        options.algorithm.unwrap_or_default(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MfaErrorCode;

    const SEED: &[u8] = b"1234567890123456789012345678901234567890123456789012345678901234";

    fn b32(key: &[u8]) -> String {
        base32::encode(base32::Alphabet::Rfc4648 { padding: true }, key)
    }

    fn at(seconds: u64, digits: f64, algorithm: TotpAlgorithm) -> TotpOptions {
        TotpOptions {
            timestamp: Some(seconds as f64 * 1000.0),
            digits: Some(digits),
            period: None,
            algorithm: Some(algorithm),
        }
    }

    fn err(secret: &str, options: &TotpOptions) -> Error {
        let e = totp(secret, options, 0.0).unwrap_err();
        assert_eq!(e.code, MfaErrorCode::InvalidInput);
        e
    }

    #[test]
    fn totp_rfc6238_appendix_b() {
        use TotpAlgorithm::*;
        let rows: [(u64, [&str; 3]); 6] = [
            (59, ["94287082", "46119246", "90693936"]),
            (1111111109, ["07081804", "68084774", "25091201"]),
            (1111111111, ["14050471", "67062674", "99943326"]),
            (1234567890, ["89005924", "91819424", "93441116"]),
            (2000000000, ["69279037", "90698825", "38618901"]),
            (20000000000, ["65353130", "77737706", "47863826"]),
        ];
        for (seconds, codes) in rows {
            for ((alg, len), code) in [(Sha1, 20), (Sha256, 32), (Sha512, 64)]
                .into_iter()
                .zip(codes)
            {
                let secret = b32(&SEED[..len]);
                assert_eq!(
                    totp(&secret, &at(seconds, 8.0, alg), 0.0).unwrap(),
                    code,
                    "{alg:?} at {seconds}"
                );
            }
        }
    }

    #[test]
    fn hotp_rfc4226_appendix_d() {
        let codes = [
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583",
            "399871", "520489",
        ];
        for (counter, code) in codes.into_iter().enumerate() {
            assert_eq!(
                hotp(&SEED[..20], counter as u64, 6, TotpAlgorithm::Sha1),
                code
            );
        }
        // Clamped, never a panic.
        assert_eq!(hotp(&SEED[..20], 0, 0, TotpAlgorithm::Sha1).len(), 1);
        assert_eq!(hotp(&SEED[..20], 0, 99, TotpAlgorithm::Sha1).len(), 9);
        assert_eq!(hotp(b"", 0, 6, TotpAlgorithm::Sha1).len(), 6);
    }

    #[test]
    fn totp_google_authenticator_demo_secret_and_defaults() {
        let opts = |s: u64| TotpOptions {
            timestamp: Some(s as f64 * 1000.0),
            ..Default::default()
        };
        // Cross-checked with Python's hmac/hashlib.
        assert_eq!(totp("JBSWY3DPEHPK3PXP", &opts(0), 0.0).unwrap(), "282760");
        assert_eq!(
            totp("JBSWY3DPEHPK3PXP", &opts(1_700_000_000), 0.0).unwrap(),
            "324550"
        );
        assert_eq!(
            totp("JBSWY3DPEHPK3PXP", &opts(1_111_111_111), 0.0).unwrap(),
            "358462"
        );
        // No timestamp: the clock given; same 30 s step, same code.
        let none = TotpOptions::default();
        assert_eq!(
            totp("JBSWY3DPEHPK3PXP", &none, 1_700_000_000_000.0).unwrap(),
            totp("JBSWY3DPEHPK3PXP", &none, 1_700_000_009_999.0).unwrap()
        );
        assert_eq!(
            totp("JBSWY3DPEHPK3PXP", &none, 1_700_000_000_000.0).unwrap(),
            "324550"
        );
    }

    #[test]
    fn totp_period_digits_and_algorithms() {
        let key = b32(&SEED[..20]);
        let opts = |alg| TotpOptions {
            timestamp: Some(1_700_000_000_000.0),
            digits: Some(7.0),
            period: Some(60.0),
            algorithm: Some(alg),
        };
        assert_eq!(
            totp(&key, &opts(TotpAlgorithm::Sha1), 0.0).unwrap(),
            "5895298"
        );
        assert_eq!(
            totp(&b32(&SEED[..32]), &opts(TotpAlgorithm::Sha256), 0.0).unwrap(),
            "7076628"
        );
        assert_eq!(
            totp(&b32(&SEED[..64]), &opts(TotpAlgorithm::Sha512), 0.0).unwrap(),
            "0800581"
        );
    }

    #[test]
    fn totp_secret_spellings_give_the_same_code() {
        let o = at(1_234_567_890, 6.0, TotpAlgorithm::Sha1);
        let want = totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", &o, 0.0).unwrap();
        for s in [
            "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
            "gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq",
            " GEZDGNBVGY3TQOJQ\tGEZDGNBVGY3TQOJQ\n",
        ] {
            assert_eq!(totp(s, &o, 0.0).unwrap(), want, "{s}");
        }
        // 9 bytes → 15 characters and one `=`.
        let short = b32(b"Hello!\xde\xad\xbe");
        assert!(short.ends_with('='));
        let want = totp(&short, &o, 0.0).unwrap();
        assert_eq!(totp(short.trim_end_matches('='), &o, 0.0).unwrap(), want);
        assert_eq!(totp(&short.to_lowercase(), &o, 0.0).unwrap(), want);
    }

    #[test]
    fn totp_bad_secrets_are_invalid_input_without_the_secret() {
        let o = TotpOptions::default();
        for s in ["", "   ", "====", "-"] {
            assert_eq!(err(s, &o).message, SECRET_EMPTY, "{s:?}");
        }
        for s in [
            "JBSWY3DPEHPK3PX1", // 1 is not in the alphabet
            "JBSWY3DP!HPK3PXP",
            "JBSWY3DPÉHPK3PXP",
            "JBSW=3DPEHPK3PXP",
            "A",      // 5 bits: nothing
            "JBSWY3", // cannot come out of an encoder
            "JBS",
            "JBSWY3DPE",
        ] {
            let e = err(s, &o);
            assert_eq!(e.message, SECRET_BAD, "{s:?}");
            assert!(!e.message.contains(s));
        }
    }

    #[test]
    fn decode_secret_rfc4648_examples() {
        let rows: [(&str, &[u8]); 6] = [
            ("MY", b"f"),
            ("MZXQ====", b"fo"),
            ("mzxw6", b"foo"),
            ("MZXW-6YQ=", b"foob"),
            ("MZXW6YTB", b"fooba"),
            ("MZXW 6YTB OI", b"foobar"),
        ];
        for (text, want) in rows {
            assert_eq!(decode_secret(text).unwrap(), want, "{text}");
        }
    }

    /// The decoder the crate had before (`base32` 0.5 after cleaning), on spellings of every kind.
    #[cfg(not(target_arch = "wasm32"))]
    mod against_base32_crate {
        use super::*;
        use proptest::prelude::*;

        fn before(secret: &str) -> Result<Vec<u8>> {
            let cleaned: String = secret
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .map(|c| c.to_ascii_uppercase())
                .collect();
            let cleaned = cleaned.trim_end_matches('=');
            if cleaned.is_empty() {
                return Err(Error::invalid_input(SECRET_EMPTY));
            }
            if matches!(cleaned.len() % 8, 1 | 3 | 6) {
                return Err(Error::invalid_input(SECRET_BAD));
            }
            match base32::decode(base32::Alphabet::Rfc4648 { padding: false }, cleaned) {
                Some(key) if !key.is_empty() => Ok(key),
                _ => Err(Error::invalid_input(SECRET_BAD)),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn decode_secret_matches_the_base32_crate(
                secret in "[A-Z2-7]{0,40}|[A-Za-z0-9 =\\-]{0,20}|[a-d2-3 =\\-\t\u{a0}\u{3000}é!]{0,12}"
            ) {
                let (ours, theirs) = (decode_secret(&secret), before(&secret));
                prop_assert_eq!(ours.as_ref().ok(), theirs.as_ref().ok());
                prop_assert_eq!(ours.err().map(|e| e.message), theirs.err().map(|e| e.message));
            }
        }
    }

    #[test]
    fn totp_bad_options_name_the_field() {
        let s = "JBSWY3DPEHPK3PXP";
        let with = |f: fn(&mut TotpOptions)| {
            let mut o = TotpOptions::default();
            f(&mut o);
            err(s, &o).message
        };
        assert_eq!(with(|o| o.digits = Some(5.0)), DIGITS_BAD);
        assert_eq!(with(|o| o.digits = Some(9.0)), DIGITS_BAD);
        assert_eq!(with(|o| o.digits = Some(6.5)), DIGITS_BAD);
        assert_eq!(with(|o| o.digits = Some(f64::NAN)), DIGITS_BAD);
        assert_eq!(with(|o| o.period = Some(0.0)), PERIOD_BAD);
        assert_eq!(with(|o| o.period = Some(3601.0)), PERIOD_BAD);
        assert_eq!(with(|o| o.period = Some(-30.0)), PERIOD_BAD);
        assert_eq!(with(|o| o.period = Some(f64::INFINITY)), PERIOD_BAD);
        assert_eq!(with(|o| o.timestamp = Some(-1.0)), TIMESTAMP_BAD);
        assert_eq!(with(|o| o.timestamp = Some(f64::NAN)), TIMESTAMP_BAD);
        assert_eq!(with(|o| o.timestamp = Some(f64::INFINITY)), TIMESTAMP_BAD);
        // Bounds are inclusive.
        for (d, p) in [(6.0, 1.0), (8.0, 3600.0)] {
            let o = TotpOptions {
                digits: Some(d),
                period: Some(p),
                timestamp: Some(0.0),
                ..Default::default()
            };
            assert_eq!(totp(s, &o, 0.0).unwrap().len(), d as usize);
        }
    }

    #[test]
    fn totp_options_are_read_from_js_shapes() {
        let read = |s: &str| TotpOptions::from_json(&Json::parse(s).unwrap());
        let o = read(r#"{"timestamp":59000,"digits":8,"period":30,"algorithm":"SHA512"}"#).unwrap();
        let want = TotpOptions {
            period: Some(30.0),
            ..at(59, 8.0, TotpAlgorithm::Sha512)
        };
        assert_eq!(o, want);
        assert_eq!(read(r#"{"digits":null}"#).unwrap(), TotpOptions::default());
        let e = |json: &str| read(json).unwrap_err().message.into_owned();
        assert_eq!(e(r#"{"algorithm":"MD5"}"#), ALGORITHM_BAD);
        assert_eq!(e(r#"{"algorithm":"sha1"}"#), ALGORITHM_BAD);
        assert_eq!(e(r#"{"digits":"6"}"#), DIGITS_BAD);
        assert_eq!(e(r#"{"period":true}"#), PERIOD_BAD);
        assert_eq!(e(r#"{"timestamp":"now"}"#), TIMESTAMP_BAD);
        assert_eq!(e(r#"{"digitz":6}"#), "options: unknown field `digitz`");
        assert_eq!(e("[1]"), "options: must be an object");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // serde_json is a native-only dependency
    fn totp_options_deserialize_from_js_shapes() {
        let o: TotpOptions = serde_json::from_str(
            r#"{"timestamp":59000,"digits":8,"period":30,"algorithm":"SHA512"}"#,
        )
        .unwrap();
        let want = TotpOptions {
            period: Some(30.0),
            ..at(59, 8.0, TotpAlgorithm::Sha512)
        };
        assert_eq!(o, want);
        let o: TotpOptions = serde_json::from_str(r#"{"digits":null}"#).unwrap();
        assert_eq!(o, TotpOptions::default());
        let e = |json: &str| {
            serde_json::from_str::<TotpOptions>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(e(r#"{"algorithm":"MD5"}"#).starts_with(ALGORITHM_BAD));
        assert!(e(r#"{"algorithm":"sha1"}"#).starts_with(ALGORITHM_BAD));
        assert!(e(r#"{"digits":"6"}"#).starts_with(DIGITS_BAD));
        assert!(e(r#"{"period":true}"#).starts_with(PERIOD_BAD));
        assert!(e(r#"{"timestamp":"now"}"#).starts_with(TIMESTAMP_BAD));
        assert!(e(r#"{"digitz":6}"#).contains("digitz"));
        assert_eq!(
            serde_json::to_string(&TotpAlgorithm::Sha256).unwrap(),
            "\"SHA256\""
        );
    }

    // The HMACs against their RFCs' vectors (RustCrypto computes them; these pin what `hotp` uses).

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 2202 (HMAC-SHA-1) test cases 1-7.
    #[test]
    fn hmac_sha1_rfc2202() {
        let rows: [(Vec<u8>, &[u8], &str); 7] = [
            (
                vec![0x0b; 20],
                b"Hi There",
                "b617318655057264e28bc0b6fb378c8ef146be00",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?",
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            ),
            (
                vec![0xaa; 20],
                &[0xdd; 50],
                "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
            ),
            (
                unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                &[0xcd; 50],
                "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
            ),
            (
                vec![0x0c; 20],
                b"Test With Truncation",
                "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
            ),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "aa4ae5e15272d00e95705637ce8a3b55ed402112",
            ),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
            ),
        ];
        for (key, message, want) in rows {
            assert_eq!(hex(&hmac(TotpAlgorithm::Sha1, &key, message)), want);
        }
    }

    /// RFC 4231 (HMAC-SHA-256, HMAC-SHA-512) test cases 1-4, 6 and 7 (5 is truncated output).
    #[test]
    fn hmac_sha2_rfc4231() {
        let long = b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.";
        let rows: [(Vec<u8>, &[u8], &str, &str); 6] = [
            (vec![0x0b; 20], b"Hi There",
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
             "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
            (b"Jefe".to_vec(), b"what do ya want for nothing?",
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
             "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
            (vec![0xaa; 20], &[0xdd; 50],
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
             "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
            (unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), &[0xcd; 50],
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
             "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
            (vec![0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First",
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
             "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
            (vec![0xaa; 131], long,
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
             "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"),
        ];
        for (key, message, sha256, sha512) in rows {
            assert_eq!(hex(&hmac(TotpAlgorithm::Sha256, &key, message)), sha256);
            assert_eq!(hex(&hmac(TotpAlgorithm::Sha512, &key, message)), sha512);
        }
    }
}
