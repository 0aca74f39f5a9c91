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
const URI_ISSUER: &str = "uri.issuer: bad percent-encoding";
const URI_ISSUER_HIDDEN: &str =
    "uri.issuer: must not contain control or bidirectional formatting characters";
const URI_ACCOUNT_HIDDEN: &str =
    "uri.account: must not contain control or bidirectional formatting characters";

crate::output::output! {
    /// A TOTP key as an `otpauth://totp/…` URI carries it.
    #[derive(Clone, PartialEq, Eq)]
    pub struct OtpauthKey {
        /// The shared secret, base32: upper case, without padding or spaces.
        pub secret: String = "secret",
        /// Who issued the key (the `issuer` parameter, else the label's prefix), e.g. `"ACME Co"`.
        pub issuer: Option<String> = "issuer" optional,
        /// The account the key belongs to (the label after the issuer), e.g. `"john.doe@email.com"`.
        pub account: Option<String> = "account" optional,
        /// The HMAC hash (default `"SHA1"`).
        pub algorithm: TotpAlgorithm = "algorithm",
        /// The number of digits of a code (default 6).
        pub digits: u32 = "digits",
        /// The time step in seconds (default 30).
        pub period: u32 = "period",
    }
}

crate::redact::redacted_debug!(
    OtpauthKey {
        secret: hidden,
        issuer,
        account,
        algorithm,
        digits,
        period,
    } finish
);

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

crate::redact::redacted_debug!(
    OtpauthKeyInput {
        secret: hidden,
        issuer,
        account,
    } finish_non_exhaustive
);

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

/// Whether a name holds a character that would hide or disguise text where an app shows it: a
/// control character (C0, DEL, C1: LF, CR, NUL, ESC…) or a bidirectional formatting character
/// (Unicode's `Bidi_Control`: ALM, LRM, RLM, the embeddings and overrides U+202A–U+202E, the
/// isolates U+2066–U+2069), with which "moc.evil" shows as "live.com" (Trojan Source).
fn has_hidden(name: &str) -> bool {
    name.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// `Err(message)` when `name` holds a hidden character ([`has_hidden`]).
fn visible(name: Option<&str>, message: &'static str) -> Result<()> {
    match name.is_some_and(has_hidden) {
        true => Err(Error::invalid_input(message)),
        false => Ok(()),
    }
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
/// `uri.algorithm: …`, `uri.digits: …`, `uri.period: …`), a parameter given twice included,
/// and `uri.issuer` or `uri.account` holding a control or bidirectional formatting character;
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
        Some(i) => {
            let i = percent_decode(i, true, URI_ISSUER)?;
            visible(Some(&i), URI_ISSUER_HIDDEN)?;
            non_blank(&i)
        }
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
        (Some(account), _) => (None, account),
        (None, Some((issuer, account))) => (Some(issuer), account),
        (None, None) => (None, label.as_str()),
    };
    // Checked before trimming: a name is refused, never quietly cut, even when the `issuer`
    // parameter replaces the label's prefix.
    visible(prefix, URI_ISSUER_HIDDEN)?;
    visible(Some(account), URI_ACCOUNT_HIDDEN)?;
    let (prefix, account) = (prefix.and_then(non_blank), non_blank(account));
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
/// `issuer`, either holding a colon (the label's separator) or a control or bidirectional
/// formatting character, `digits`/`period` out of range.
pub fn otpauth_uri(key: &OtpauthKeyInput) -> Result<String> {
    let secret = canonical_secret(&key.secret, KEY_SECRET)?;
    let digits = whole(key.digits, 6, (6, 8), KEY_DIGITS)?;
    let period = whole(key.period, 30, (1, 3600), KEY_PERIOD)?;
    let name = |value: &str, field: &str| -> Result<String> {
        crate::input::non_empty(value.trim(), field)?;
        if text::contains(value, ":") {
            return Err(Error::invalid_input(concat(&[
                field,
                ": must not contain a colon",
            ])));
        }
        if has_hidden(value) {
            return Err(Error::invalid_input(concat(&[
                field,
                ": must not contain control or bidirectional formatting characters",
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
mod tests {
    //! `otpauth://` URIs: vectors from Google's Key Uri Format wiki and the providers' documentation,
    //! lenient spellings, refusals naming the part, round trips.

    use super::*;
    use crate::MfaErrorCode;

    fn key(uri: &str) -> OtpauthKey {
        parse_otpauth_uri(uri).unwrap_or_else(|e| panic!("{uri}: {}", e.message))
    }

    fn names(k: &OtpauthKey) -> (Option<&str>, Option<&str>) {
        (k.issuer.as_deref(), k.account.as_deref())
    }

    fn params(k: &OtpauthKey) -> (TotpAlgorithm, u32, u32) {
        (k.algorithm, k.digits, k.period)
    }

    fn refused(uri: &str) -> String {
        let Err(e) = parse_otpauth_uri(uri) else {
            panic!("{uri:?}: accepted")
        };
        assert_eq!(e.code, MfaErrorCode::InvalidInput, "{uri}");
        e.message.into_owned()
    }

    const SHA1: (TotpAlgorithm, u32, u32) = (TotpAlgorithm::Sha1, 6, 30);

    /// `seed` in unpadded base32, as a URI's `secret`.
    fn base32_of(seed: &[u8]) -> String {
        base32::encode(base32::Alphabet::Rfc4648 { padding: false }, seed)
    }

    #[test]
    fn google_key_uri_format_wiki_examples() {
        // https://github.com/google/google-authenticator/wiki/Key-Uri-Format
        let k =
            key("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example");
        assert_eq!(k.secret, "JBSWY3DPEHPK3PXP");
        assert_eq!(names(&k), (Some("Example"), Some("alice@google.com")));
        assert_eq!(params(&k), SHA1);

        let k = key("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30");
        assert_eq!(k.secret, "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");
        assert_eq!(names(&k), (Some("ACME Co"), Some("john.doe@email.com")));
        assert_eq!(params(&k), SHA1);

        // The wiki's other labels: "Provider1:Alice%20Smith", and spaces after the colon dropped.
        let k = key("otpauth://totp/Provider1:Alice%20Smith?secret=JBSWY3DPEHPK3PXP");
        assert_eq!(names(&k), (Some("Provider1"), Some("Alice Smith")));
        let k =
            key("otpauth://totp/Big%20Corporation%3A%20alice@bigco.com?secret=JBSWY3DPEHPK3PXP");
        assert_eq!(
            names(&k),
            (Some("Big Corporation"), Some("alice@bigco.com"))
        );
    }

    #[test]
    fn provider_documentation_examples() {
        // Supabase (MFA guide; its `<secret>` placeholder filled in).
        let k = key(
            "otpauth://totp/supabase:alice@supabase.com?secret=JBSWY3DPEHPK3PXP&issuer=supabase",
        );
        assert_eq!(names(&k), (Some("supabase"), Some("alice@supabase.com")));
        assert_eq!(params(&k), SHA1);

        // Auth0 (MFA API `barcode_uri`, every parameter written out; placeholder filled in).
        let k = key("otpauth://totp/tenant:user?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=tenant&algorithm=SHA1&digits=6&period=30");
        assert_eq!(names(&k), (Some("tenant"), Some("user")));
        assert_eq!(params(&k), SHA1);
        // Auth0 as documented in a client's API notes: percent-encoded label and padding.
        let k = key(
        "otpauth://totp/example%40example.com?secret=JBSWY3DPEBLW64TMMQ%3D%3D%3D%3D&issuer=Example",
    );
        assert_eq!(k.secret, "JBSWY3DPEBLW64TMMQ");
        assert_eq!(names(&k), (Some("Example"), Some("example@example.com")));

        // Firebase `TotpSecret.generateQrCodeUrl()`: names not encoded at all, the app's default
        // name "[DEFAULT]" as issuer, algorithm and digits always written.
        let k = key("otpauth://totp/[DEFAULT]:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=[DEFAULT]&algorithm=SHA1&digits=6");
        assert_eq!(names(&k), (Some("[DEFAULT]"), Some("alice@example.com")));
        assert_eq!(params(&k), SHA1);
        let k = key("otpauth://totp/My App:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=My App&algorithm=SHA256&digits=8");
        assert_eq!(names(&k), (Some("My App"), Some("alice@example.com")));
        assert_eq!(params(&k), (TotpAlgorithm::Sha256, 8, 30));

        // Amplify `getSetupUri(appName, accountName)` (a WHATWG URL: spaces become %20).
        let k = key("otpauth://totp/My%20App:alice?secret=JBSWY3DPEHPK3PXP&issuer=My%20App");
        assert_eq!(names(&k), (Some("My App"), Some("alice")));

        // Go's pquerna/otp (GoTrue): sorted parameters, `+` for a space, an issuer with a colon.
        let k = key("otpauth://totp/localhost:3000:alice@example.com?algorithm=SHA1&digits=6&issuer=localhost%3A3000&period=30&secret=JBSWY3DPEHPK3PXP");
        assert_eq!(
            names(&k),
            (Some("localhost:3000"), Some("alice@example.com"))
        );
        let k = key("otpauth://totp/Acme%20Inc:bob?issuer=Acme+Inc&secret=JBSWY3DPEHPK3PXP");
        assert_eq!(names(&k), (Some("Acme Inc"), Some("bob")));
    }

    #[test]
    fn lenient_as_authenticator_apps_are() {
        for uri in [
        "OTPAUTH://TOTP/Example:alice?SECRET=JBSWY3DPEHPK3PXP&Issuer=Example&ALGORITHM=sha1",
        "otpauth://totp/Example:alice?secret=jbswy3dpehpk3pxp&issuer=Example&algorithm=Sha1",
        "otpauth://totp/Example:alice?secret=JBSW%20Y3DP%20EHPK%203PXP&issuer=Example",
        "otpauth://totp/Example:alice?secret=JBSW+Y3DP+EHPK+3PXP&issuer=Example&algorithm=SHA-1",
        "  otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&image=https%3A%2F%2Fx.test%2Fa.png#top \n",
        "otpauth://totp/Example:alice?issuer=Example&&secret=JBSWY3DPEHPK3PXP&counter&digits=%206",
    ] {
        let k = key(uri);
        assert_eq!(k.secret, "JBSWY3DPEHPK3PXP", "{uri}");
        assert_eq!(names(&k), (Some("Example"), Some("alice")), "{uri}");
        assert_eq!(params(&k), SHA1, "{uri}");
    }
        // Padding, with or without percent-encoding: 9 bytes → 15 characters + "=".
        for secret in [
            "JBSWY3DPEHPK3PX",
            "JBSWY3DPEHPK3PX=",
            "JBSWY3DPEHPK3PX%3D",
            "jbswy3dpehpk3px%3d",
        ] {
            let k = key(&concat(&["otpauth://totp/a?secret=", secret]));
            assert_eq!(k.secret, "JBSWY3DPEHPK3PX", "{secret}");
        }
        for (name, alg) in [
            ("SHA256", TotpAlgorithm::Sha256),
            ("sha-256", TotpAlgorithm::Sha256),
            ("HmacSHA512", TotpAlgorithm::Sha512),
            ("sha_512", TotpAlgorithm::Sha512),
        ] {
            let k = key(&concat(&[
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=",
                name,
            ]));
            assert_eq!(k.algorithm, alg, "{name}");
        }
        // No label, no issuer: both absent; the label's prefix serves when no parameter is given.
        let bare = key("otpauth://totp/?secret=JBSWY3DPEHPK3PXP");
        assert_eq!(names(&bare), (None, None));
        let bare = key("otpauth://totp?secret=JBSWY3DPEHPK3PXP");
        assert_eq!(names(&bare), (None, None));
        let prefix = key("otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP");
        assert_eq!(names(&prefix), (Some("GitHub"), Some("octocat")));
        // The parameter wins over a different prefix (Google Authenticator does the same).
        let differ = key("otpauth://totp/Old%20Name:bob?secret=JBSWY3DPEHPK3PXP&issuer=New%20Name");
        assert_eq!(names(&differ), (Some("New Name"), Some("bob")));
        // Bounds are inclusive.
        let k = key("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=8&period=1");
        assert_eq!((k.digits, k.period), (8, 1));
        let k = key("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=7&period=3600");
        assert_eq!((k.digits, k.period), (7, 3600));
    }

    #[test]
    fn refusals_name_the_part_and_never_hold_the_secret() {
        let secret = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
        let with = |tail: &str| concat(&["otpauth://totp/Acme:bob?secret=", secret, tail]);
        let written = [
            ("", URI_BAD),
            ("https://example.com/?secret=JBSWY3DPEHPK3PXP", URI_BAD),
            ("otpauth:/totp/a?secret=JBSWY3DPEHPK3PXP", URI_BAD),
            ("otpauth://totpx/a?secret=JBSWY3DPEHPK3PXP", URI_BAD),
            (
                "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=0",
                URI_HOTP,
            ),
            ("otpauth://totp/Acme:bob", URI_SECRET_MISSING),
            ("otpauth://totp/Acme:bob?issuer=Acme", URI_SECRET_MISSING),
            ("otpauth://totp/a?secret=", URI_SECRET_BAD),
            ("otpauth://totp/a?secret=JBSWY3DPEHPK3PX1", URI_SECRET_BAD),
            ("otpauth://totp/a?secret=JBSWY3DP%ZZ", URI_SECRET_BAD),
            ("otpauth://totp/a%E9b?secret=JBSWY3DPEHPK3PXP", URI_LABEL),
            ("otpauth://totp/a%2?secret=JBSWY3DPEHPK3PXP", URI_LABEL),
            (
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&issuer=%FF",
                URI_ISSUER,
            ),
        ];
        let built = [
            (with("&algorithm=MD5"), URI_ALGORITHM),
            (with("&algorithm="), URI_ALGORITHM),
            (with("&digits=5"), URI_DIGITS),
            (with("&digits=9"), URI_DIGITS),
            (with("&digits=6.0"), URI_DIGITS),
            (with("&digits=-6"), URI_DIGITS),
            (with("&digits=9999999999"), URI_DIGITS),
            (with("&period=0"), URI_PERIOD),
            (with("&period=3601"), URI_PERIOD),
            (with("&period=thirty"), URI_PERIOD),
            (
                with("&secret=JBSWY3DPEHPK3PXP"),
                "uri.secret: is given twice",
            ),
            (with("&Digits=6&digits=8"), "uri.digits: is given twice"),
        ];
        let cases = written.map(|(uri, message)| (uri.to_string(), message));
        for (uri, message) in cases.into_iter().chain(built) {
            let got = refused(&uri);
            assert_eq!(got, message, "{uri}");
            assert!(!got.contains(secret) && !got.contains("JBSWY3DP"), "{got}");
        }
        let long = concat(&[
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&image=",
            &"x".repeat(5000),
        ]);
        assert_eq!(refused(&long), URI_LONG);
        // Debug never shows the secret either.
        let k = key(&with(""));
        assert!(!format!("{k:?}").contains(secret));
    }

    /// Issue 21, item 17: control characters and bidirectional formatting characters, raw or
    /// percent-encoded, in the issuer (parameter or label prefix) or the account.
    const HIDDEN: [&str; 17] = [
        "%0A",
        "%0D",
        "%00",
        "%1B",
        "%09",
        "%7F",
        "%C2%85",
        "\n",
        "\u{1b}",
        "%D8%9C",
        "%E2%80%8E",
        "%E2%80%8F",
        "%E2%80%AA",
        "%E2%80%AE",
        "\u{202e}",
        "%E2%81%A6",
        "%E2%81%A9",
    ];

    #[test]
    fn hidden_characters_in_the_issuer_or_account_are_refused_naming_the_field() {
        for c in HIDDEN {
            let q = "?secret=JBSWY3DPEHPK3PXP";
            for (uri, message) in [
                (
                    concat(&["otpauth://totp/Acme:bob", c, q]),
                    URI_ACCOUNT_HIDDEN,
                ),
                (
                    concat(&["otpauth://totp/bob", c, "moc.evil", q]),
                    URI_ACCOUNT_HIDDEN,
                ),
                (concat(&["otpauth://totp/Acme:", c, q]), URI_ACCOUNT_HIDDEN),
                (
                    concat(&["otpauth://totp/Ac", c, "me:bob", q]),
                    URI_ISSUER_HIDDEN,
                ),
                (
                    concat(&["otpauth://totp/bob", q, "&issuer=Ac", c, "me"]),
                    URI_ISSUER_HIDDEN,
                ),
                (
                    concat(&["otpauth://totp/Acme:bob", q, "&issuer=", c, "&digits=6"]),
                    URI_ISSUER_HIDDEN,
                ),
                // The issuer parameter replaces a prefix that is still refused.
                (
                    concat(&["otpauth://totp/Ac", c, "me:bob", q, "&issuer=Acme"]),
                    URI_ISSUER_HIDDEN,
                ),
            ] {
                assert_eq!(refused(&uri), message, "{uri:?}");
            }
        }
        // Right-to-left names without formatting characters are names like any other.
        let k = key("otpauth://totp/%D7%90%D7%91:%D8%B9%D9%84%D9%8A?secret=JBSWY3DPEHPK3PXP");
        assert_eq!(names(&k), (Some("אב"), Some("علي")));
        // The writer refuses them as well, naming the field.
        for c in [
            "\n", "\r", "\0", "\u{1b}", "\u{202a}", "\u{202e}", "\u{2066}", "\u{2069}",
        ] {
            let hidden = |field: &str| {
                concat(&[
                    field,
                    ": must not contain control or bidirectional formatting characters",
                ])
            };
            let account = concat(&["bob", c, "x"]);
            let e = otpauth_uri(&input("JBSWY3DPEHPK3PXP", None, &account)).unwrap_err();
            assert_eq!(e.message, hidden("key.account"));
            let e = otpauth_uri(&input("JBSWY3DPEHPK3PXP", Some(&account), "a")).unwrap_err();
            assert_eq!(e.message, hidden("key.issuer"));
        }
    }

    #[test]
    fn totp_accepts_a_uri_whose_parameters_apply() {
        let at = |seconds: f64| TotpOptions {
            timestamp: Some(seconds * 1000.0),
            ..Default::default()
        };
        let google =
            "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";
        assert_eq!(totp(google, &at(0.0), 0.0).unwrap(), "282760");
        assert_eq!(totp(google, &at(1_700_000_000.0), 0.0).unwrap(), "324550");
        // RFC 6238 Appendix B through a URI: SHA256, 8 digits, its 32-byte seed.
        let seed = base32_of(b"12345678901234567890123456789012");
        let rfc = format!("otpauth://totp/RFC:6238?secret={seed}&algorithm=SHA256&digits=8");
        assert_eq!(totp(&rfc, &at(59.0), 0.0).unwrap(), "46119246");
        assert_eq!(totp(&rfc, &at(1_111_111_109.0), 0.0).unwrap(), "68084774");
        // A 60 s period: the same code for the whole minute, another the next.
        let minute = "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&period=60";
        assert_eq!(
            totp(minute, &at(60.0), 0.0).unwrap(),
            totp(minute, &at(119.0), 0.0).unwrap()
        );
        assert_eq!(
            totp(minute, &at(60.0), 0.0).unwrap(),
            totp("JBSWY3DPEHPK3PXP", &at(30.0), 0.0).unwrap()
        );
        // Options given explicitly override the URI's.
        let o = TotpOptions {
            digits: Some(6.0),
            algorithm: Some(TotpAlgorithm::Sha1),
            ..at(59.0)
        };
        let sha1_20 = base32_of(b"12345678901234567890");
        let sha1 = format!("otpauth://totp/a?secret={sha1_20}&algorithm=SHA256&digits=8");
        assert_eq!(totp(&sha1, &o, 0.0).unwrap(), "287082");
        // A bad URI is refused naming its part.
        let e = totp(
            "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=12",
            &at(0.0),
            0.0,
        )
        .unwrap_err();
        assert_eq!(e.message, URI_DIGITS);
    }

    fn input(secret: &str, issuer: Option<&str>, account: &str) -> OtpauthKeyInput {
        OtpauthKeyInput {
            secret: secret.into(),
            issuer: issuer.map(str::to_string),
            account: account.into(),
            ..Default::default()
        }
    }

    #[test]
    fn otpauth_uri_writes_what_apps_read() {
        assert_eq!(
            otpauth_uri(&input(
                "JBSWY3DPEHPK3PXP",
                Some("Example"),
                "alice@google.com"
            ))
            .unwrap(),
            "otpauth://totp/Example:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
        );
        let acme = OtpauthKeyInput {
            algorithm: Some(TotpAlgorithm::Sha512),
            digits: Some(8.0),
            period: Some(60.0),
            ..input(
                "hxdm vjec jjws rb3h wizr 4ifu gftm xboz",
                Some("ACME Co"),
                "john.doe@email.com",
            )
        };
        assert_eq!(
        otpauth_uri(&acme).unwrap(),
        "otpauth://totp/ACME%20Co:john.doe%40email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA512&digits=8&period=60"
    );
        // Defaults are left out; no issuer, no prefix; padding dropped.
        assert_eq!(
            otpauth_uri(&OtpauthKeyInput {
                digits: Some(6.0),
                period: Some(30.0),
                algorithm: Some(TotpAlgorithm::Sha1),
                ..input("jbswy3dpehpk3px=", None, "Zoë Ünal+1")
            })
            .unwrap(),
            "otpauth://totp/Zo%C3%AB%20%C3%9Cnal%2B1?secret=JBSWY3DPEHPK3PX"
        );
    }

    #[test]
    fn otpauth_uri_refuses_what_no_app_could_read() {
        let secret = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
        let refused = |k: OtpauthKeyInput| {
            let e = otpauth_uri(&k).unwrap_err();
            assert_eq!(e.code, MfaErrorCode::InvalidInput);
            assert!(!e.message.contains(secret) && !e.message.contains("JBSW"));
            e.message.into_owned()
        };
        assert_eq!(refused(input("JBSW1", None, "a")), KEY_SECRET);
        assert_eq!(refused(input("", None, "a")), KEY_SECRET);
        assert_eq!(
            refused(input(secret, None, " ")),
            "key.account: must not be empty"
        );
        assert_eq!(
            refused(input(secret, Some(""), "a")),
            "key.issuer: must not be empty"
        );
        assert_eq!(
            refused(input(secret, Some("a:b"), "c")),
            "key.issuer: must not contain a colon"
        );
        assert_eq!(
            refused(input(secret, None, "x:y")),
            "key.account: must not contain a colon"
        );
        let k = |f: fn(&mut OtpauthKeyInput)| {
            let mut k = input(secret, None, "a");
            f(&mut k);
            k
        };
        assert_eq!(refused(k(|k| k.digits = Some(5.0))), KEY_DIGITS);
        assert_eq!(refused(k(|k| k.digits = Some(6.5))), KEY_DIGITS);
        assert_eq!(refused(k(|k| k.period = Some(0.0))), KEY_PERIOD);
        assert_eq!(refused(k(|k| k.period = Some(f64::NAN))), KEY_PERIOD);
    }

    #[test]
    fn round_trips() {
        let names = [
            (Some("Example"), "alice@google.com"),
            (Some("ACME Co"), "john.doe@email.com"),
            (None, "bob"),
            (Some("Ünïcödé & Søns / 100%"), "o'brien+tag@example.com"),
            (Some("[DEFAULT]"), "a b#c?d=e&f"),
        ];
        let algorithms = [
            TotpAlgorithm::Sha1,
            TotpAlgorithm::Sha256,
            TotpAlgorithm::Sha512,
        ];
        for (i, (issuer, account)) in names.into_iter().enumerate() {
            for (j, algorithm) in algorithms.into_iter().enumerate() {
                let digits = 6 + (i + j) as u32 % 3;
                let period = [30, 60, 1, 3600, 15][i];
                let written = OtpauthKeyInput {
                    algorithm: Some(algorithm),
                    digits: Some(f64::from(digits)),
                    period: Some(f64::from(period)),
                    ..input("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", issuer, account)
                };
                let uri = otpauth_uri(&written).unwrap();
                let read = key(&uri);
                let want = OtpauthKey {
                    secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ".into(),
                    issuer: issuer.map(str::to_string),
                    account: Some(account.into()),
                    algorithm,
                    digits,
                    period,
                };
                assert_eq!(read, want, "{uri}");
                // And back: the same URI again.
                let again = OtpauthKeyInput {
                    secret: read.secret.clone(),
                    issuer: read.issuer.clone(),
                    account: read.account.clone().unwrap_or_default(),
                    algorithm: Some(read.algorithm),
                    digits: Some(f64::from(read.digits)),
                    period: Some(f64::from(read.period)),
                };
                assert_eq!(otpauth_uri(&again).unwrap(), uri);
                // The URI and its secret give the same code.
                let o = TotpOptions {
                    timestamp: Some(1_700_000_000_000.0),
                    ..Default::default()
                };
                let by_uri = totp(&uri, &o, 0.0).unwrap();
                let by_hand = TotpOptions {
                    digits: Some(f64::from(digits)),
                    period: Some(f64::from(period)),
                    algorithm: Some(algorithm),
                    ..o
                };
                assert_eq!(by_uri, totp(&read.secret, &by_hand, 0.0).unwrap());
            }
        }
    }

    #[test]
    fn otpauth_key_input_is_read_from_js_shapes() {
        let read = |s: &str| OtpauthKeyInput::from_json(&Json::parse(s).unwrap());
        let k = read(r#"{"secret":"JBSWY3DPEHPK3PXP","issuer":"Acme","account":"bob","algorithm":"SHA256","digits":8,"period":60}"#).unwrap();
        assert_eq!(
            (
                k.issuer.as_deref(),
                k.account.as_str(),
                k.algorithm,
                k.digits,
                k.period
            ),
            (
                Some("Acme"),
                "bob",
                Some(TotpAlgorithm::Sha256),
                Some(8.0),
                Some(60.0)
            )
        );
        let e = |json: &str| read(json).unwrap_err().message.into_owned();
        assert_eq!(e(r#"{"account":"bob"}"#), "key.secret: is required");
        assert_eq!(
            e(r#"{"secret":"JBSWY3DPEHPK3PXP"}"#),
            "key.account: is required"
        );
        assert_eq!(
            e(r#"{"secret":5,"account":"bob"}"#),
            "key.secret: must be a string"
        );
        assert_eq!(
            e(r#"{"secret":"S","account":"bob","algorithm":"sha1"}"#),
            KEY_ALGORITHM
        );
        assert_eq!(
            e(r#"{"secret":"S","account":"bob","digits":"6"}"#),
            KEY_DIGITS
        );
        assert_eq!(
            e(r#"{"secret":"S","account":"bob","period":true}"#),
            KEY_PERIOD
        );
        assert_eq!(
            e(r#"{"secret":"S","account":"bob","label":"x"}"#),
            "key: unknown field `label`"
        );
        assert_eq!(e(r#""otpauth://""#), "key: must be an object");
    }
}
