//! `otpauth://totp/…` URIs (Google's Key Uri Format,
//! https://github.com/google/google-authenticator/wiki/Key-Uri-Format): read leniently, as
//! authenticator apps do, and written so that Google Authenticator, 1Password and Authy read them.

use super::*;
use crate::text;

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
    pub(super) fn from_name(name: &str) -> Option<Self> {
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
pub(super) fn is_otpauth(text: &str) -> bool {
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
    let rest = text::split(rest, "#").next().unwrap_or("");
    let (path, query) = text::split_once(rest, "?").unwrap_or((rest, ""));
    let (kind, label) = text::split_once(path, "/").unwrap_or((path, ""));
    if kind.eq_ignore_ascii_case("hotp") {
        return Err(Error::invalid_input(URI_HOTP));
    }
    if !kind.eq_ignore_ascii_case("totp") {
        return Err(Error::invalid_input(URI_BAD));
    }

    let mut params: [Option<&str>; 5] = [None; 5];
    const NAMES: [&str; 5] = ["secret", "issuer", "algorithm", "digits", "period"];
    for pair in text::split(query, "&") {
        let (name, value) = text::split_once(pair, "=").unwrap_or((pair, ""));
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
    let (prefix, account) = match (after_issuer, text::split_once(&label, ":")) {
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
