//! One-time pass codes: TOTP (RFC 6238) over HOTP (RFC 4226), for scripts and tests that must
//! pass MFA unattended, and the `otpauth://totp/…` URIs (Google's Key Uri Format) that
//! authenticator apps scan. The HMACs are RustCrypto's `hmac`, `sha1` and `sha2`.

use crate::error::{Error, Result};
use crate::input::Fields;
use crate::json::Json;
use crate::text::{concat, uint};
use core::fmt;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use tsify::Tsify;

const SECRET_EMPTY: &str = "secret: must not be empty";
const SECRET_BAD: &str = "secret: not valid base32";
const DIGITS_BAD: &str = "digits: must be a whole number from 6 to 8";
const PERIOD_BAD: &str = "period: must be a whole number of seconds from 1 to 3600";
const TIMESTAMP_BAD: &str = "timestamp: must be a finite number of milliseconds >= 0";
const ALGORITHM_BAD: &str = "algorithm: must be `SHA1`, `SHA256` or `SHA512`";

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
        Some(v) if v.fract() == 0.0 && v >= f64::from(range.0) && v <= f64::from(range.1) => {
            Ok(v as u32)
        }
        Some(_) => Err(Error::invalid_input(message)),
    }
}

/// Decodes a base32 secret (RFC 4648 alphabet, any case, `=` padding optional, spaces and
/// hyphens ignored). Errors never contain the secret.
fn decode_secret(secret: &str) -> Result<Vec<u8>> {
    let cleaned: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let cleaned = cleaned.trim_end_matches('=');
    if cleaned.is_empty() {
        return Err(Error::invalid_input(SECRET_EMPTY));
    }
    // 1, 3 or 6 trailing characters cannot come out of a base32 encoder (a truncated secret).
    if matches!(cleaned.len() % 8, 1 | 3 | 6) {
        return Err(Error::invalid_input(SECRET_BAD));
    }
    match base32::decode(base32::Alphabet::Rfc4648 { padding: false }, cleaned) {
        Some(key) if !key.is_empty() => Ok(key),
        _ => Err(Error::invalid_input(SECRET_BAD)),
    }
}

/// The HMAC of `counter` truncated to 31 bits (RFC 4226 §5.3), for one hash.
fn truncated<M: Mac + KeyInit>(key: &[u8], counter: u64) -> Option<u32> {
    // HMAC takes keys of any length: this never fails.
    let mut mac = <M as KeyInit>::new_from_slice(key).ok()?;
    mac.update(&counter.to_be_bytes());
    dynamic_truncation(&mac.finalize().into_bytes())
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
    let value = match alg {
        TotpAlgorithm::Sha1 => truncated::<Hmac<sha1::Sha1>>(key, counter),
        TotpAlgorithm::Sha256 => truncated::<Hmac<sha2::Sha256>>(key, counter),
        TotpAlgorithm::Sha512 => truncated::<Hmac<sha2::Sha512>>(key, counter),
    }
    .unwrap_or(0);
    let code = value % 10u32.pow(digits);
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
    // Saturating cast; integer division floors, as the RFC's T = floor((now - T0) / X).
    let counter = (ms as u64) / 1000 / u64::from(period);
    Ok(hotp(
        &key,
        counter,
        digits,
        options.algorithm.unwrap_or_default(),
    ))
}

// ---------------------------------------------------------------------------------------------
// otpauth:// URIs (https://github.com/google/google-authenticator/wiki/Key-Uri-Format)

/// The longest URI read (a key URI is well under 300 bytes; a QR code holds at most ~4 KB).
const MAX_URI: usize = 4096;
const URI_BAD: &str = "uri: must be an otpauth://totp/ URI";
const URI_HOTP: &str = "uri: counter-based (otpauth://hotp/) keys are not supported, only totp";
const URI_LONG: &str = "uri: is too long";
const URI_LABEL: &str = "uri.label: bad percent-encoding";
const URI_SECRET_MISSING: &str = "uri.secret: is required";
const URI_SECRET_BAD: &str = "uri.secret: not valid base32";
const URI_ISSUER: &str = "uri.issuer: bad percent-encoding";
const URI_ALGORITHM: &str = "uri.algorithm: must be `SHA1`, `SHA256` or `SHA512`";
const URI_DIGITS: &str = "uri.digits: must be a whole number from 6 to 8";
const URI_PERIOD: &str = "uri.period: must be a whole number of seconds from 1 to 3600";

/// A TOTP key as an `otpauth://totp/…` URI carries it.
#[derive(Clone, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct OtpauthKey {
    /// The shared secret, base32: upper case, without padding or spaces.
    pub secret: String,
    /// Who issued the key (the `issuer` parameter, else the label's prefix), e.g. `"ACME Co"`.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The account the key belongs to (the label after the issuer), e.g. `"john.doe@email.com"`.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The HMAC hash (default `"SHA1"`).
    pub algorithm: TotpAlgorithm,
    /// The number of digits of a code (default 6).
    pub digits: u32,
    /// The time step in seconds (default 30).
    pub period: u32,
}

impl fmt::Debug for OtpauthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpauthKey")
            .field("secret", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .finish()
    }
}

crate::input::input! {
    /// The key that `otpauthUri()` writes: `account` is required, the rest as in [`OtpauthKey`].
    #[derive(Clone, Default, PartialEq, Deserialize, Tsify)]
    #[serde(deny_unknown_fields)]
    pub struct OtpauthKeyInput("key", "key.", custom) {
        /// The shared secret, base32 (any case, padding, spaces and hyphens are tidied away).
        pub secret: String = "secret",
        /// Who issues the key, shown by the app above the account, e.g. `"ACME Co"`. No colon.
        pub issuer: Option<String> = "issuer" optional,
        /// The account, e.g. the user's email address. No colon.
        pub account: String = "account",
        /// The HMAC hash; default `"SHA1"` (the only one every app supports).
        pub algorithm: Option<TotpAlgorithm> = "algorithm" (Any) optional,
        /// 6 to 8; default 6.
        pub digits: Option<f64> = "digits" (Any) optional,
        /// Seconds, 1 to 3600; default 30.
        pub period: Option<f64> = "period" (Any) optional,
    }
}

impl fmt::Debug for OtpauthKeyInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpauthKeyInput")
            .field("secret", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl OtpauthKeyInput {
    /// Reads the `key` of `otpauthUri()` (unknown fields refused).
    ///
    /// # Errors
    /// `invalid_input` naming the field (`key.account: is required`), never the secret.
    pub fn from_json(value: &Json) -> Result<Self> {
        let f = Fields::of(value, "key", "key.")?;
        f.check(Self::SCHEMA, true)?;
        Ok(OtpauthKeyInput {
            secret: f.text("secret").unwrap_or_default(),
            issuer: f.text("issuer"),
            account: f.text("account").unwrap_or_default(),
            algorithm: algorithm(&f, KEY_ALGORITHM)?,
            digits: number(&f, "digits", KEY_DIGITS)?,
            period: number(&f, "period", KEY_PERIOD)?,
        })
    }
}

const KEY_SECRET: &str = "key.secret: not valid base32";
const KEY_ALGORITHM: &str = "key.algorithm: must be `SHA1`, `SHA256` or `SHA512`";
const KEY_DIGITS: &str = "key.digits: must be a whole number from 6 to 8";
const KEY_PERIOD: &str = "key.period: must be a whole number of seconds from 1 to 3600";

impl TotpAlgorithm {
    /// The exact JS name (`"SHA1"`, `"SHA256"`, `"SHA512"`).
    fn from_name(name: &str) -> Option<Self> {
        [Self::Sha1, Self::Sha256, Self::Sha512]
            .into_iter()
            .find(|a| a.as_str() == name)
    }

    /// A URI's spelling, leniently as apps read it: any case, `SHA-256`, `sha_256`, `HmacSHA256`.
    fn from_uri(name: &str) -> Option<Self> {
        let mut squashed = String::new();
        for c in name.chars().filter(char::is_ascii_alphanumeric) {
            squashed.push(c.to_ascii_uppercase());
        }
        Self::from_name(squashed.strip_prefix("HMAC").unwrap_or(&squashed))
    }
}

/// Whether `text` is meant as an `otpauth:` URI rather than a bare base32 secret (which can
/// never hold a colon).
fn is_otpauth(text: &str) -> bool {
    text.trim_start()
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("otpauth:"))
}

/// The secret tidied as apps write it: upper case, no padding, spaces or hyphens; checked.
fn canonical_secret(secret: &str, message: &'static str) -> Result<String> {
    decode_secret(secret).map_err(|_| Error::invalid_input(message))?;
    let mut out = String::new();
    for c in secret.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        }
    }
    Ok(out)
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).map(|d| d as u8)
}

/// Percent-decoding (RFC 3986), `+` as a space in query values (HTML forms and Go's
/// `url.Values`, which some servers use to write these URIs). Invalid UTF-8 or a broken `%`
/// escape is an error.
fn percent_decode(text: &str, plus_is_space: bool, message: &'static str) -> Result<String> {
    let bad = || Error::invalid_input(message);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hi = bytes
                    .get(i + 1)
                    .copied()
                    .and_then(hex_value)
                    .ok_or_else(bad)?;
                let lo = bytes
                    .get(i + 2)
                    .copied()
                    .and_then(hex_value)
                    .ok_or_else(bad)?;
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
            b'+' if plus_is_space => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// A parameter's whole number, written in decimal digits (nothing else), within `range`.
fn uri_number(
    param: Option<&str>,
    default: u32,
    range: (u32, u32),
    message: &'static str,
) -> Result<u32> {
    let Some(param) = param else {
        return Ok(default);
    };
    let text = percent_decode(param, true, message)?;
    let text = text.trim();
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(message));
    }
    let mut n: u32 = 0;
    for b in text.bytes() {
        n = n * 10 + u32::from(b - b'0');
    }
    if n < range.0 || n > range.1 {
        return Err(Error::invalid_input(message));
    }
    Ok(n)
}

/// `None` for a blank name.
fn non_blank(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Reads an `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=…`
/// URI as authenticator apps do: the scheme, type and parameter names in any case, the label
/// percent-decoded and split at its first colon (literal or `%3A`, spaces after it dropped),
/// the `issuer` parameter preferred over the label's prefix, the secret in any case with or
/// without (percent-encoded) padding and spaces, unknown parameters (`image`, `icon`…) ignored.
///
/// ```
/// use mfa_flows::totp::{parse_otpauth_uri, TotpAlgorithm};
/// let key = parse_otpauth_uri(
///     "otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
/// ).unwrap();
/// assert_eq!(key.issuer.as_deref(), Some("ACME Co"));
/// assert_eq!(key.account.as_deref(), Some("john.doe@email.com"));
/// assert_eq!((key.algorithm, key.digits, key.period), (TotpAlgorithm::Sha1, 6, 30));
/// ```
///
/// # Errors
/// `invalid_input` naming the part at fault (`uri: …`, `uri.label: …`, `uri.secret: …`,
/// `uri.algorithm: …`, `uri.digits: …`, `uri.period: …`), a parameter given twice included;
/// no message holds the secret or any other part of the URI.
pub fn parse_otpauth_uri(uri: &str) -> Result<OtpauthKey> {
    let uri = uri.trim();
    if uri.len() > MAX_URI {
        return Err(Error::invalid_input(URI_LONG));
    }
    let rest = match uri.get(..10) {
        Some(scheme) if scheme.eq_ignore_ascii_case("otpauth://") => uri.get(10..).unwrap_or(""),
        _ => return Err(Error::invalid_input(URI_BAD)),
    };
    // A fragment is no part of the key.
    let rest = rest.split('#').next().unwrap_or("");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (kind, label) = path.split_once('/').unwrap_or((path, ""));
    if kind.eq_ignore_ascii_case("hotp") {
        return Err(Error::invalid_input(URI_HOTP));
    }
    if !kind.eq_ignore_ascii_case("totp") {
        return Err(Error::invalid_input(URI_BAD));
    }

    let mut params: [Option<&str>; 5] = [None; 5];
    const NAMES: [&str; 5] = ["secret", "issuer", "algorithm", "digits", "period"];
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(i) = NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name.trim()))
        else {
            continue;
        };
        match params.get_mut(i) {
            Some(slot @ None) => *slot = Some(value),
            // Two secrets (or two of anything) is ambiguous: refuse rather than pick one.
            _ => {
                return Err(Error::invalid_input(concat(&[
                    "uri.",
                    NAMES.get(i).copied().unwrap_or("parameter"),
                    ": is given twice",
                ])))
            }
        }
    }
    let [secret, issuer, algorithm, digits, period] = params;
    let secret = secret.ok_or(Error::invalid_input(URI_SECRET_MISSING))?;
    let secret = percent_decode(secret, true, URI_SECRET_BAD)?;
    let issuer = match issuer {
        Some(i) => non_blank(&percent_decode(i, true, URI_ISSUER)?),
        None => None,
    };
    let algorithm = match algorithm {
        None => TotpAlgorithm::Sha1,
        Some(a) => percent_decode(a, true, URI_ALGORITHM)
            .ok()
            .and_then(|a| TotpAlgorithm::from_uri(&a))
            .ok_or(Error::invalid_input(URI_ALGORITHM))?,
    };
    let label = percent_decode(label, false, URI_LABEL)?;
    // The label's prefix is the issuer parameter when given: Go's pquerna/otp writes
    // `otpauth://totp/localhost:3000:alice@…` for the issuer `localhost:3000`.
    let after_issuer = issuer
        .as_deref()
        .and_then(|i| label.trim_start().strip_prefix(i))
        .and_then(|rest| rest.strip_prefix(':'));
    let (prefix, account) = match (after_issuer, label.split_once(':')) {
        (Some(account), _) => (None, non_blank(account)),
        (None, Some((issuer, account))) => (non_blank(issuer), non_blank(account)),
        (None, None) => (None, non_blank(&label)),
    };
    Ok(OtpauthKey {
        secret: canonical_secret(&secret, URI_SECRET_BAD)?,
        issuer: issuer.or(prefix),
        account,
        algorithm,
        digits: uri_number(digits, 6, (6, 8), URI_DIGITS)?,
        period: uri_number(period, 30, (1, 3600), URI_PERIOD)?,
    })
}

/// Writes the `otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…` URI of a key, as Google
/// Authenticator, 1Password and Authy read it: the issuer both as the label's prefix and as the
/// `issuer` parameter (the wiki's advice), names percent-encoded (`%20` for a space, never `+`),
/// the secret upper case without padding, and `algorithm`, `digits`, `period` only when they
/// differ from the defaults every app assumes (SHA1, 6, 30), which keeps the QR code small.
///
/// # Errors
/// `invalid_input` naming the field: a secret that is not base32, an empty `account` or
/// `issuer`, either holding a colon (the label's separator), `digits`/`period` out of range.
pub fn otpauth_uri(key: &OtpauthKeyInput) -> Result<String> {
    let secret = canonical_secret(&key.secret, KEY_SECRET)?;
    let digits = whole(key.digits, 6, (6, 8), KEY_DIGITS)?;
    let period = whole(key.period, 30, (1, 3600), KEY_PERIOD)?;
    let name = |value: &str, field: &str| -> Result<String> {
        crate::input::non_empty(value.trim(), field)?;
        if value.contains(':') {
            return Err(Error::invalid_input(concat(&[
                field,
                ": must not contain a colon",
            ])));
        }
        Ok(crate::http::encode_segment(value.trim()))
    };
    let account = name(&key.account, "key.account")?;
    let issuer = match &key.issuer {
        Some(issuer) => Some(name(issuer, "key.issuer")?),
        None => None,
    };
    let mut uri = String::from("otpauth://totp/");
    if let Some(issuer) = &issuer {
        uri.push_str(issuer);
        uri.push(':');
    }
    uri.push_str(&account);
    uri.push_str("?secret=");
    uri.push_str(&secret);
    if let Some(issuer) = &issuer {
        uri.push_str("&issuer=");
        uri.push_str(issuer);
    }
    let algorithm = key.algorithm.unwrap_or_default();
    if algorithm != TotpAlgorithm::Sha1 {
        uri.push_str("&algorithm=");
        uri.push_str(algorithm.as_str());
    }
    if digits != 6 {
        uri.push_str("&digits=");
        uri.push_str(&uint(u64::from(digits), 1));
    }
    if period != 30 {
        uri.push_str("&period=");
        uri.push_str(&uint(u64::from(period), 1));
    }
    Ok(uri)
}

#[cfg(test)]
#[path = "otpauth_tests.rs"]
mod otpauth_tests;

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
}
