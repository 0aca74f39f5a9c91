//! `toChallenge`: one provider-neutral view of a pending challenge, so that a single login
//! form can serve a Riffyn step, a Belvo step and a OneLogin activation.
//!
//! The step is read from its [`Json`] tree by [`StepView::from_json`], a lenient view holding
//! only the fields the rules need (fields of another type count as absent; also after a JSON
//! round trip), the one reader of the wasm export, the property tests and the fuzz target;
//! [`to_challenge`] tells the providers apart by shape:
//!
//! - `status: "MFA_REQUIRED"` with a `stateToken` and `factors` → Riffyn, kind `otp`;
//! - `status: "TOKEN_REQUIRED"` with a `session` → Belvo, kind `qr`, `confirm` or `otp`;
//! - no `status`, a `stateToken` and a `deviceId` → a OneLogin activation, kind `push` or `otp`;
//! - `status: "SUCCESS"` (Riffyn or Belvo), `"VERIFIED"` or `"PENDING"` (OneLogin) → nothing
//!   is pending: `None`;
//! - anything else → `invalid_input`.
//!
//! Words are not chosen here: a prompt or a label is a [`Text`], a message key of the locale
//! tables in `js/locales.js` (en, es, pt-BR) with its arguments, or the provider's own words
//! (a bank's instructions, an app's name). The wasm boundary looks the keys up in the requested
//! locale, so the strings stay out of the module.

use crate::error::{Error, MfaProvider, Result};
use crate::json::Json;
use crate::prelude::*;
use serde::de::IgnoredAny;
use serde::Serialize;
use tsify::Tsify;

crate::error::wire_enum! {
    /// What the user has to do to answer a challenge.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
    pub enum MfaChallengeKind {
        /// Type a code (authenticator app, SMS, bank token).
        Otp = "otp",
        /// Approve a request on a device (OneLogin Protect); nothing to type.
        Push = "push",
        /// Scan a QR code (`display.value` holds its payload) with the bank app.
        Qr = "qr",
        /// Confirm in another app, then continue; nothing to type.
        Confirm = "confirm",
    }
}

/// Something to show the user with the challenge, e.g. Belvo's numeric challenge or QR payload.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
pub struct MfaChallengeDisplay {
    /// `"qr"` for a QR payload, else the provider's type (e.g. `"numeric"`), or `"text"`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The value to show (or to draw as a QR code).
    pub value: String,
}

/// Words to show: a message of the locale tables, or the provider's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    /// A key of `js/locales.js` (`"otp.sms"`) and the value of its one placeholder, if any
    /// (`{name}` or `{vendor}` in the tables, named there for the translators).
    Message(&'static str, Option<String>),
    /// Shown as given: a bank's instructions, an app's name ("Google Authenticator").
    Verbatim(String),
}

impl Text {
    fn key(key: &'static str) -> Self {
        Text::Message(key, None)
    }

    fn with(key: &'static str, value: &str) -> Self {
        Text::Message(key, Some(value.to_string()))
    }
}

crate::error::wire_enum! {
    /// What a challenge step allows; a UI shows one control per action (new ones may come in a
    /// minor version: keep a default branch).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
    pub enum MfaChallengeAction {
        /// Send the code typed.
        Submit = "submit",
        /// Give up the step.
        Cancel = "cancel",
        /// Pick another of `factors` (there are several).
        SwitchFactor = "switchFactor",
        /// Have the provider send the code (or the push) again.
        Resend = "resend",
        /// Go on without a code (the user scanned or confirmed elsewhere).
        Continue = "continue",
    }
}

crate::error::wire_enum! {
    /// The keyboard a code field wants.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
    pub enum MfaInputMode {
        /// Digits only.
        Numeric = "numeric",
        /// Letters may appear too.
        Text = "text",
    }
}

/// How the code field of a step the user types into should be: `inputmode`, `maxlength` (when the
/// provider says how long the code is) and `autocomplete`.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MfaChallengeInput {
    /// `"numeric"`: a digit keyboard; `"text"`: codes that may hold letters.
    pub input_mode: MfaInputMode,
    /// The code's length, when the provider fixes it (none of today's three says it: a TOTP app's
    /// code may have 6 or 8 digits).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<u32>,
    /// Always `"one-time-code"` (the browser offers a code from an SMS).
    #[tsify(type = "\"one-time-code\"")]
    pub autocomplete: &'static str,
}

/// A factor the user may choose (Riffyn).
#[derive(Clone, Debug, PartialEq, Tsify)]
pub struct MfaChallengeFactor {
    /// The factor's id (Riffyn's `factorId` of `verify`).
    pub id: String,
    /// A human label in the requested locale, e.g. `"Google Authenticator"`, `"SMS"`.
    #[tsify(type = "string")]
    pub label: Text,
}

/// A pending challenge, the same shape for every provider.
#[derive(Clone, Debug, PartialEq, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct MfaChallenge {
    /// The API the step came from.
    pub provider: MfaProvider,
    /// What the user has to do.
    pub kind: MfaChallengeKind,
    /// One sentence for a login form, in the requested locale (its id is `messageId`, its
    /// placeholders' values `params`, for a UI that words it itself).
    #[tsify(type = "string")]
    pub prompt: Text,
    /// The code field of a step the user types into (`kind: "otp"`).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<MfaChallengeInput>,
    /// What the step allows, the main action first.
    #[tsify(type = "MfaChallengeAction[]")]
    pub actions: &'static [MfaChallengeAction],
    /// When the step expires (ISO-8601), when known.
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// A value to show with the prompt (Belvo's numeric challenge or QR payload).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<MfaChallengeDisplay>,
    /// The factors to choose from (Riffyn).
    #[tsify(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factors: Option<Vec<MfaChallengeFactor>>,
}

/// The fields of a step that [`to_challenge`] reads ([`StepView::from_json`]). Every field is
/// optional and other fields are ignored, as are fields of another type.
///
/// No `Debug`: it holds a state token.
#[derive(Clone, Default)]
pub struct StepView {
    /// `MFA_REQUIRED`/`SUCCESS` (Riffyn), `TOKEN_REQUIRED`/`SUCCESS` (Belvo),
    /// `VERIFIED`/`PENDING` (OneLogin verification); none on a OneLogin activation.
    pub status: Option<String>,
    /// Riffyn's and OneLogin's state token (only its presence is used).
    pub state_token: Option<String>,
    /// When the step expires.
    pub expires_at: Option<String>,
    /// Riffyn's factors.
    pub factors: Option<Vec<FactorView>>,
    /// Belvo's session id (only its presence is used).
    pub session: Option<String>,
    /// Belvo's token generation data.
    pub token_generation_data: Option<TokenDataView>,
    /// A OneLogin activation's device (only its presence is used).
    pub device_id: Option<IgnoredAny>,
    /// A OneLogin activation's factor name, e.g. `"OneLogin Protect"`.
    pub auth_factor_name: Option<String>,
    /// Riffyn's `SUCCESS` carries it (only its presence is used).
    pub access_token: Option<IgnoredAny>,
    /// Belvo's `SUCCESS` carries it (only its presence is used).
    pub http_status: Option<IgnoredAny>,
}

/// The fields of a Riffyn factor that name it.
#[derive(Clone, Debug, Default)]
pub struct FactorView {
    /// The factor id.
    pub id: String,
    /// e.g. `token:software:totp`.
    pub factor_type: Option<String>,
    /// e.g. `GOOGLE`.
    pub provider: Option<String>,
    /// e.g. `GOOGLE`.
    pub vendor_name: Option<String>,
}

/// Belvo's `tokenGenerationData`.
#[derive(Clone, Debug, Default)]
pub struct TokenDataView {
    /// e.g. `numeric`, `qr`.
    pub kind: Option<String>,
    /// The challenge number or the QR payload.
    pub value: Option<String>,
    /// The bank's instructions for the user.
    pub instructions: Option<String>,
    /// `false`: nothing to type. Belvo's default is `true`.
    pub expects_user_input: Option<bool>,
}

/// The locales with words of their own (`js/locales.js`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub enum MfaLocale {
    /// English (the default, and the fallback of any other locale).
    #[serde(rename = "en")]
    En,
    /// Spanish (Latin America; `es-MX`, `es-CO`… too).
    #[serde(rename = "es")]
    Es,
    /// Brazilian Portuguese (`pt`, `pt-br`, `pt_BR`… too).
    #[serde(rename = "pt-BR")]
    PtBr,
}

crate::input::input! {
    /// Options of `toChallenge`.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct MfaChallengeOptions("options", "options.", strict, or_default) {
        /// The language of `prompt` and the factor labels: `"en"` (default), `"es"` or `"pt-BR"`.
        /// Any BCP 47 tag is accepted: `es-MX` → `es`, `pt`/`pt-br` → `pt-BR`, others → `en`.
        #[tsify(type = "MfaLocale | (string & {})")]
        pub locale: Option<String> = "locale" optional,
        /// The host's words by message id (`{param}` placeholders), before the built-in locale's
        /// (`MfaMessages`; read by the JS side: only its type is checked here).
        #[tsify(type = "MfaMessages")]
        pub messages: Option<Dictionary> = "messages" optional,
    }
}

/// `options.messages`: an object of words by message id, read where the words are (JS).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dictionary;

impl<'de> serde::Deserialize<'de> for Dictionary {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| Dictionary)
    }
}

impl crate::input::Read for Option<Dictionary> {
    const KIND: crate::input::Kind = crate::input::Kind::Obj;
    const REQUIRED: bool = false;
    fn read(f: &crate::input::Fields, key: &str) -> Self {
        f.get(key).map(|_| Dictionary)
    }
}

/// A string field, as it is; any other type counts as absent (the shape rules then refuse the
/// step). A function of its own, not `get(key).as_string()` inline: 29 B less in the module.
fn string_field(target: &Json, key: &str) -> Option<String> {
    target.get(key).as_str().map(str::to_string)
}

/// Whether a field is given (a field whose getter throws is not).
fn present(target: &Json, key: &str) -> Option<IgnoredAny> {
    (!matches!(target.get(key), Json::Null | Json::Unreadable)).then_some(IgnoredAny)
}

impl StepView {
    /// The fields the rules read. `factors` is `None` unless it is an array of objects with a
    /// string `id`.
    pub fn from_json(step: &Json) -> StepView {
        let data = step.get("tokenGenerationData");
        StepView {
            status: string_field(step, "status"),
            state_token: string_field(step, "stateToken"),
            expires_at: string_field(step, "expiresAt"),
            factors: factor_views(step.get("factors")),
            session: string_field(step, "session"),
            // Any JS object (an array or a proxy too) is read, as `typeof data === "object"`.
            token_generation_data: matches!(data, Json::Obj(_) | Json::Arr(_) | Json::Unreadable)
                .then(|| TokenDataView {
                    kind: string_field(data, "type"),
                    value: string_field(data, "value"),
                    instructions: string_field(data, "instructions"),
                    expects_user_input: match data.get("expectsUserInput") {
                        Json::Bool(b) => Some(*b),
                        _ => None,
                    },
                }),
            device_id: present(step, "deviceId"),
            auth_factor_name: string_field(step, "authFactorName"),
            access_token: present(step, "accessToken"),
            http_status: present(step, "httpStatus"),
        }
    }
}

fn factor_views(factors: &Json) -> Option<Vec<FactorView>> {
    // Bounded: a step has a few factors.
    factors
        .items()?
        .iter()
        .take(64)
        .map(|f| {
            Some(FactorView {
                id: string_field(f, "id")?,
                factor_type: string_field(f, "factorType"),
                provider: string_field(f, "provider"),
                vendor_name: string_field(f, "vendorName"),
            })
        })
        .collect()
}

/// The `invalid_input` message for a value that is none of the known steps.
#[cfg(not(any(
    all(feature = "riffyn", not(feature = "belvo"), not(feature = "onelogin")),
    all(feature = "belvo", not(feature = "riffyn"), not(feature = "onelogin")),
    all(feature = "onelogin", not(feature = "riffyn"), not(feature = "belvo"))
)))]
pub const NOT_A_STEP: &str = "step: not a RiffynStep, BelvoStep or OneLoginActivation";
/// What `toChallenge` says of a value that is not a step it reads (a one-provider entry's
/// names the steps it reads, and where the others are read).
#[cfg(all(feature = "riffyn", not(feature = "belvo"), not(feature = "onelogin")))]
pub const NOT_A_STEP: &str =
    "step: not a RiffynStep (mfa-flows/riffyn reads Riffyn steps only; mfa-flows reads every provider's)";
/// What `toChallenge` says of a value that is not a step it reads.
#[cfg(all(feature = "belvo", not(feature = "riffyn"), not(feature = "onelogin")))]
pub const NOT_A_STEP: &str =
    "step: not a BelvoStep (mfa-flows/belvo reads Belvo steps only; mfa-flows reads every provider's)";
/// What `toChallenge` says of a value that is not a step it reads.
#[cfg(all(feature = "onelogin", not(feature = "riffyn"), not(feature = "belvo")))]
pub const NOT_A_STEP: &str = "step: not a OneLoginActivation (mfa-flows/onelogin reads OneLogin steps only; mfa-flows reads every provider's)";

/// The challenge pending in `step` (a JS value or JSON text, as [`Json`]), or `None` when
/// nothing is pending.
///
/// # Errors
/// `invalid_input` when `step` is none of the providers' steps.
pub fn to_challenge(step: &Json) -> Result<Option<MfaChallenge>> {
    if !step.is_object() {
        return Err(Error::invalid_input(NOT_A_STEP));
    }
    let step = &StepView::from_json(step);
    let challenge = match step.status.as_deref() {
        #[cfg(feature = "riffyn")]
        Some("MFA_REQUIRED") if step.state_token.is_some() && step.factors.is_some() => {
            riffyn(step)
        }
        #[cfg(feature = "belvo")]
        Some("TOKEN_REQUIRED") if step.session.is_some() => belvo(step),
        #[cfg(feature = "onelogin")]
        None if step.state_token.is_some() && step.device_id.is_some() => onelogin(step),
        Some("SUCCESS") if step.access_token.is_some() || step.http_status.is_some() => {
            return Ok(None)
        }
        Some("VERIFIED" | "PENDING") => return Ok(None),
        _ => return Err(Error::invalid_input(NOT_A_STEP)),
    };
    Ok(Some(challenge))
}

/// A challenge of `kind` with the actions and code field that kind has: a code to type
/// (`input_mode`) → submit, cancel; a push → cancel, resend; a QR or a confirmation → continue,
/// cancel.
fn challenge(
    provider: MfaProvider,
    kind: MfaChallengeKind,
    prompt: Text,
    input_mode: MfaInputMode,
) -> MfaChallenge {
    use MfaChallengeAction as A;
    let actions: &[A] = match kind {
        MfaChallengeKind::Otp => &[A::Submit, A::Cancel],
        MfaChallengeKind::Push => &[A::Cancel, A::Resend],
        MfaChallengeKind::Qr | MfaChallengeKind::Confirm => &[A::Continue, A::Cancel],
    };
    MfaChallenge {
        provider,
        kind,
        prompt,
        input: (kind == MfaChallengeKind::Otp).then_some(MfaChallengeInput {
            input_mode,
            length: None,
            autocomplete: "one-time-code",
        }),
        actions,
        expires_at: None,
        display: None,
        factors: None,
    }
}

fn riffyn(step: &StepView) -> MfaChallenge {
    let mut factors = Vec::new();
    let mut prompt = Text::key("otp.app");
    for f in step.factors.iter().flatten() {
        let (label, one) = factor_label(f);
        factors.push(MfaChallengeFactor {
            id: f.id.clone(),
            label,
        });
        prompt = one;
    }
    if factors.len() > 1 {
        prompt = Text::key("otp.choose");
    }
    // Riffyn's factors (TOTP, SMS, voice, hardware tokens) all give digits.
    let mut c = challenge(
        MfaProvider::Riffyn,
        MfaChallengeKind::Otp,
        prompt,
        MfaInputMode::Numeric,
    );
    if factors.len() > 1 {
        use MfaChallengeAction as A;
        c.actions = &[A::Submit, A::SwitchFactor, A::Cancel];
    }
    c.expires_at = step.expires_at.clone();
    c.factors = Some(factors);
    c
}

/// Vendors whose app has a better-known name than the vendor's.
const VENDOR_APPS: [(&str, &str); 6] = [
    ("GOOGLE", "Google Authenticator"),
    ("OKTA", "Okta Verify"),
    ("MICROSOFT", "Microsoft Authenticator"),
    ("DUO", "Duo Mobile"),
    ("RSA", "RSA SecurID"),
    ("YUBICO", "YubiKey"),
];

/// What a factor type is: `token:software:totp` → an authenticator app. The label's message
/// keys without and with a vendor, and the prompt's when it is the only factor.
fn factor_kind(factor_type: &str) -> [&'static str; 3] {
    let t = factor_type.to_ascii_lowercase();
    let has = |s: &str| crate::text::contains(&t, s);
    if has("sms") {
        ["factor.sms", "factor.sms.vendor", "otp.sms"]
    } else if has("call") || has("voice") {
        ["factor.voice", "factor.voice.vendor", "otp.voice"]
    } else if has("push") {
        // A code shown by the push app (Okta Verify's, say).
        ["factor.push", "factor.push.vendor", "otp.app"]
    } else if has("email") {
        ["factor.email", "factor.email.vendor", "otp.email"]
    } else if has("hardware") || has("hotp") {
        ["factor.hardware", "factor.hardware.vendor", "otp.hardware"]
    } else {
        ["factor.app", "factor.app.vendor", "otp.app"]
    }
}

/// A label from `vendorName` (or `provider`) and `factorType`, e.g. "Google Authenticator",
/// "Acme authenticator app", "SMS"; and the prompt when it is the only factor.
fn factor_label(f: &FactorView) -> (Text, Text) {
    let mut vendor = None;
    for v in [&f.vendor_name, &f.provider].into_iter().flatten() {
        if vendor.is_none() && !v.trim().is_empty() {
            vendor = Some(v.trim());
        }
    }
    let [plain, vendored, prompt] = factor_kind(f.factor_type.as_deref().unwrap_or(""));
    let Some(vendor) = vendor else {
        return (Text::key(plain), Text::key(prompt));
    };
    for (v, app) in VENDOR_APPS {
        if v.eq_ignore_ascii_case(vendor) {
            return (Text::Verbatim(app.to_string()), Text::with("otp.from", app));
        }
    }
    // "ACME" → "Acme"; short all-caps names are acronyms and stay as they are.
    let mut name = vendor.to_string();
    if name.len() > 3 && !name.bytes().any(|b| b.is_ascii_lowercase()) {
        name.make_ascii_lowercase();
        if let Some(first) = name.get_mut(..1) {
            first.make_ascii_uppercase();
        }
    }
    (Text::with(vendored, &name), Text::key(prompt))
}

/// Lower-case ASCII letters and digits only: "QR_Code" → "qrcode".
fn squash(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
    out
}

/// The bank's instructions as one sentence (a final period added when missing).
fn sentence(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut s = text.to_string();
    if !matches!(s.as_bytes().last(), Some(b'.' | b'!' | b'?')) {
        s.push('.');
    }
    Some(s)
}

fn belvo(step: &StepView) -> MfaChallenge {
    let data = step.token_generation_data.as_ref();
    let kind_name = data.and_then(|d| d.kind.as_deref()).unwrap_or("");
    let is_qr = matches!(squash(kind_name).as_str(), "qr" | "qrcode");
    let expects_input = data.and_then(|d| d.expects_user_input).unwrap_or(true);
    let (kind, fallback) = if is_qr {
        (MfaChallengeKind::Qr, "bank.qr")
    } else if !expects_input {
        (MfaChallengeKind::Confirm, "bank.confirm")
    } else {
        (MfaChallengeKind::Otp, "bank.token")
    };
    // The bank's own instructions, in the bank's language, come first.
    let prompt = data
        .and_then(|d| d.instructions.as_deref())
        .and_then(sentence)
        .map_or_else(|| Text::key(fallback), Text::Verbatim);
    // A numeric challenge's token is digits; a type the SDK does not know may hold letters.
    let numeric = matches!(squash(kind_name).as_str(), "numeric" | "");
    let mode = if numeric {
        MfaInputMode::Numeric
    } else {
        MfaInputMode::Text
    };
    let mut c = challenge(MfaProvider::Belvo, kind, prompt, mode);
    c.expires_at = step.expires_at.clone();
    c.display = data
        .and_then(|d| d.value.as_deref())
        .filter(|v| !v.is_empty())
        .map(|value| MfaChallengeDisplay {
            kind: match (is_qr, kind_name.trim()) {
                (true, _) => "qr",
                (false, "") => "text",
                (false, name) => name,
            }
            .to_string(),
            value: value.to_string(),
        });
    c
}

fn onelogin(step: &StepView) -> MfaChallenge {
    let name = step.auth_factor_name.as_deref().unwrap_or("").trim();
    let squashed = squash(name);
    let has = |s: &str| crate::text::contains(&squashed, s);
    // OneLogin sends SMS, voice and email codes again on a new activation; its SMS codes may
    // hold letters, an authenticator's are digits.
    let sent = has("sms") || has("voice") || has("email");
    let (kind, prompt) = if has("oneloginprotect") {
        (MfaChallengeKind::Push, Text::key("push.onelogin"))
    } else {
        let prompt = if has("sms") {
            Text::key("otp.sms")
        } else if has("voice") {
            Text::key("otp.voice")
        } else if has("email") {
            Text::key("otp.email")
        } else if name.is_empty() {
            Text::key("otp.any")
        } else {
            Text::with("otp.from", name)
        };
        (MfaChallengeKind::Otp, prompt)
    };
    let mode = if sent {
        MfaInputMode::Text
    } else {
        MfaInputMode::Numeric
    };
    let mut c = challenge(MfaProvider::OneLogin, kind, prompt, mode);
    if sent {
        use MfaChallengeAction as A;
        c.actions = &[A::Submit, A::Cancel, A::Resend];
    }
    c.expires_at = step.expires_at.clone();
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::MfaErrorCode;
    use crate::json::Json;

    fn view(json: &str) -> Json {
        Json::parse(json).unwrap()
    }

    /// The tables of `js/locales.js` (`OTP` and `PROVIDERS`), read as written there: one
    /// `"key": "text",` a line inside `  en: {`, `  es: {` or `  "pt-BR": {`.
    fn table(locale: &str) -> Vec<(String, String)> {
        let source = include_str!("../js/locales.js");
        let head = if locale.contains('-') {
            ["  \"", locale, "\": {"].concat()
        } else {
            ["  ", locale, ": {"].concat()
        };
        let starts: Vec<usize> = source.match_indices(&head).map(|(i, _)| i).collect();
        assert!(!starts.is_empty(), "no table {locale}");
        let mut rows = vec![];
        for start in starts {
            for line in source[start..].lines().skip(1) {
                let line = line.trim();
                if line.starts_with('}') {
                    break;
                }
                let (key, text) = line.split_once("\": \"").unwrap();
                let text = text.strip_suffix("\",").unwrap();
                assert!(!text.contains('\\') && !text.contains('"'), "{line}");
                rows.push((key.trim_start_matches('"').to_string(), text.to_string()));
            }
        }
        rows
    }

    /// What `message(locale, key, args)` of `js/locales.js` gives.
    fn render(text: &Text, locale: &str) -> String {
        match text {
            Text::Verbatim(s) => s.clone(),
            Text::Message(key, arg) => {
                let rows = table(locale);
                let (_, template) = rows
                    .iter()
                    .find(|(k, _)| k == key)
                    .unwrap_or_else(|| panic!("{locale} lacks {key}"));
                let slot = template
                    .find('{')
                    .map(|at| &template[at..=at + template[at..].find('}').unwrap()]);
                assert_eq!(slot.is_some(), arg.is_some(), "{locale} {key}");
                match (slot, arg) {
                    (Some(slot), Some(value)) => template.replace(slot, value),
                    _ => template.clone(),
                }
            }
        }
    }

    /// A challenge as JS receives it in `locale`.
    #[derive(Debug, PartialEq, serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Shown {
        provider: MfaProvider,
        kind: MfaChallengeKind,
        prompt: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        expires_at: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        display: Option<MfaChallengeDisplay>,
        #[serde(skip_serializing_if = "Option::is_none")]
        factors: Option<Vec<ShownFactor>>,
    }

    #[derive(Debug, PartialEq, serde::Serialize)]
    struct ShownFactor {
        id: String,
        label: String,
    }

    fn shown(c: MfaChallenge, locale: &str) -> Shown {
        Shown {
            provider: c.provider,
            kind: c.kind,
            prompt: render(&c.prompt, locale),
            expires_at: c.expires_at,
            display: c.display,
            factors: c.factors.map(|fs| {
                fs.into_iter()
                    .map(|f| ShownFactor {
                        id: f.id,
                        label: render(&f.label, locale),
                    })
                    .collect()
            }),
        }
    }

    fn challenge_in(json: &str, locale: &str) -> Shown {
        shown(to_challenge(&view(json)).unwrap().unwrap(), locale)
    }

    fn challenge_of(json: &str) -> Shown {
        challenge_in(json, "en")
    }

    use MfaChallengeKind as K;
    use MfaProvider as P;

    /// Asserts what every challenge says: provider, kind, prompt, expiry.
    fn assert_says(c: &Shown, said: (P, K, &str, Option<&str>)) {
        assert_eq!(c.provider, said.0);
        assert_eq!(c.kind, said.1);
        assert_eq!(c.prompt, said.2);
        assert_eq!(c.expires_at.as_deref(), said.3);
    }

    const RIFFYN_MFA: &str = r#"{"status":"MFA_REQUIRED","stateToken":"st-1","expiresAt":"2030-01-01T00:00:00.000Z",
        "factors":[{"id":"uft2rfyn7totp0001","factorType":"token:software:totp","provider":"GOOGLE",
        "vendorName":"GOOGLE","profile":{"credentialId":"alice@example.com"}}]}"#;

    #[test]
    fn riffyn_mfa_required_is_an_otp_with_labelled_factors() {
        let c = challenge_of(RIFFYN_MFA);
        let expires_at = Some("2030-01-01T00:00:00.000Z");
        let prompt = "Enter the code from Google Authenticator.";
        assert_says(&c, (P::Riffyn, K::Otp, prompt, expires_at));
        assert_eq!(c.display, None);
        assert_eq!(
            c.factors,
            Some(vec![ShownFactor {
                id: "uft2rfyn7totp0001".into(),
                label: "Google Authenticator".into()
            }])
        );
    }

    #[test]
    fn riffyn_factor_labels_and_prompts() {
        let c = challenge_of(
            r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[
            {"id":"a","factorType":"token:software:totp","vendorName":"ACME"},
            {"id":"b","factorType":"sms"},
            {"id":"c","provider":"okta","factorType":"push"},
            {"id":"d","vendorName":"IBM","factorType":"token:hardware"},
            {"id":"e"}]}"#,
        );
        let labels: Vec<_> = c.factors.unwrap().into_iter().map(|f| f.label).collect();
        assert_eq!(
            labels,
            [
                "Acme authenticator app",
                "SMS",
                "Okta Verify",
                "IBM hardware token",
                "Authenticator app"
            ]
        );
        assert_eq!(c.prompt, "Choose a factor, then enter the code it shows.");
        assert_eq!(c.expires_at, None);

        let none = challenge_of(r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[]}"#);
        assert_eq!(none.prompt, "Enter the code from your authenticator app.");
        assert_eq!(none.factors, Some(vec![]));

        // One factor: the prompt says where the code comes from.
        for (factor, prompt) in [
            (
                r#"{"id":"a","factorType":"sms","vendorName":"ACME"}"#,
                "Enter the code we sent to your phone by text message.",
            ),
            (
                r#"{"id":"a","factorType":"call"}"#,
                "Enter the code you heard in the phone call.",
            ),
            (
                r#"{"id":"a","factorType":"email"}"#,
                "Enter the code we sent to your email.",
            ),
            (
                r#"{"id":"a","factorType":"token:hardware","vendorName":"RSA"}"#,
                "Enter the code from RSA SecurID.",
            ),
            (
                r#"{"id":"a","factorType":"token:hardware"}"#,
                "Enter the code shown on your hardware token.",
            ),
            (
                r#"{"id":"a","factorType":"push"}"#,
                "Enter the code from your authenticator app.",
            ),
            (
                r#"{"id":"a","factorType":"token:software:totp","vendorName":"ACME"}"#,
                "Enter the code from your authenticator app.",
            ),
        ] {
            let step = [
                r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":["#,
                factor,
                "]}",
            ]
            .concat();
            assert_eq!(challenge_of(&step).prompt, prompt, "{factor}");
        }
    }

    #[test]
    fn the_locale_tables_have_the_same_keys_and_arguments() {
        let keys = |locale| -> Vec<String> { table(locale).into_iter().map(|(k, _)| k).collect() };
        let en = table("en");
        assert!(en.len() >= 24);
        for locale in ["es", "pt-BR"] {
            assert_eq!(keys(locale), keys("en"), "{locale}");
            for ((key, english), (_, text)) in en.iter().zip(table(locale)) {
                let slots = |t: &str| t.matches('{').count();
                assert_eq!(slots(english), slots(&text), "{locale} {key}");
                assert!(slots(&text) <= 1, "{locale} {key}: one placeholder at most");
                assert!(text.contains("{vendor}") == english.contains("{vendor}"));
                assert!(text.contains("{name}") == english.contains("{name}"));
            }
        }
    }

    #[test]
    fn every_kind_in_every_locale() {
        let riffyn_sms = r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[{"id":"b","factorType":"sms"}]}"#;
        let riffyn_many = r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[
            {"id":"a","factorType":"token:software:totp","vendorName":"ACME"},
            {"id":"b","factorType":"sms"},{"id":"c","factorType":"call"},{"id":"d","factorType":"push"},
            {"id":"e","factorType":"email","vendorName":"Mailo"},{"id":"f","factorType":"token:hardware"},
            {"id":"g","provider":"GOOGLE"}]}"#;
        let belvo = |data: &str| [BELVO, r#""tokenGenerationData":"#, data, "}"].concat();
        let qr = belvo(r#"{"type":"qr","value":"p","expectsUserInput":true}"#);
        let confirm = belvo(r#"{"expectsUserInput":false}"#);
        let token = belvo(r#"{"type":"numeric","value":"40312"}"#);
        let onelogin = |name: &str| {
            [
                r#"{"deviceId":1,"stateToken":"a","authFactorName":""#,
                name,
                r#""}"#,
            ]
            .concat()
        };
        let prompts = |locale: &str| -> Vec<String> {
            [
                RIFFYN_MFA,
                riffyn_sms,
                riffyn_many,
                &qr,
                &confirm,
                &token,
                &onelogin("OneLogin Protect"),
                &onelogin("OneLogin SMS"),
                &onelogin("OneLogin Voice"),
                &onelogin("OneLogin Email"),
                &onelogin("Authy"),
                &onelogin(""),
            ]
            .iter()
            .map(|json| challenge_in(json, locale).prompt)
            .collect()
        };
        let labels = |locale: &str| -> Vec<String> {
            let c = challenge_in(riffyn_many, locale);
            c.factors.unwrap().into_iter().map(|f| f.label).collect()
        };
        assert_eq!(
            prompts("es"),
            [
                "Ingresa el código de Google Authenticator.",
                "Ingresa el código que te enviamos por mensaje de texto.",
                "Elige un método de verificación e ingresa el código que te muestre.",
                "Escanea el código QR con la app de tu banco.",
                "Confirma el inicio de sesión en la app de tu banco y luego continúa.",
                "Ingresa el token de tu banco.",
                "Aprueba la solicitud de inicio de sesión en OneLogin Protect desde tu celular.",
                "Ingresa el código que te enviamos por mensaje de texto.",
                "Ingresa el código que escuchaste en la llamada.",
                "Ingresa el código que te enviamos por correo electrónico.",
                "Ingresa el código de Authy.",
                "Ingresa tu código de verificación.",
            ]
        );
        assert_eq!(
            labels("es"),
            [
                "Aplicación de autenticación de Acme",
                "Mensaje de texto (SMS)",
                "Llamada de voz",
                "Notificación push",
                "Correo electrónico de Mailo",
                "Token físico",
                "Google Authenticator",
            ]
        );
        assert_eq!(
            prompts("pt-BR"),
            [
                "Digite o código do Google Authenticator.",
                "Digite o código que enviamos por SMS para o seu celular.",
                "Escolha um método de verificação e digite o código exibido.",
                "Escaneie o código QR com o app do seu banco.",
                "Confirme o login no app do seu banco e depois continue.",
                "Digite o token do seu banco.",
                "Aprove a solicitação de login no OneLogin Protect pelo seu celular.",
                "Digite o código que enviamos por SMS para o seu celular.",
                "Digite o código que você ouviu na ligação.",
                "Digite o código que enviamos para o seu e-mail.",
                "Digite o código do Authy.",
                "Digite seu código de verificação.",
            ]
        );
        assert_eq!(
            labels("pt-BR"),
            [
                "Aplicativo autenticador Acme",
                "SMS (mensagem de texto)",
                "Chamada de voz",
                "Notificação push",
                "E-mail Mailo",
                "Token físico",
                "Google Authenticator",
            ]
        );
        assert_eq!(
            prompts("en"),
            [
                "Enter the code from Google Authenticator.",
                "Enter the code we sent to your phone by text message.",
                "Choose a factor, then enter the code it shows.",
                "Scan the QR code with your bank app.",
                "Confirm the login in your bank app, then continue.",
                "Enter the token from your bank.",
                "Approve the sign-in request in OneLogin Protect on your phone.",
                "Enter the code we sent to your phone by text message.",
                "Enter the code you heard in the phone call.",
                "Enter the code we sent to your email.",
                "Enter the code from Authy.",
                "Enter your verification code.",
            ]
        );
        assert_eq!(
            labels("en"),
            [
                "Acme authenticator app",
                "SMS",
                "Voice call",
                "Push notification",
                "Mailo email",
                "Hardware token",
                "Google Authenticator",
            ]
        );
        // The bank's own instructions are its words, in every locale.
        let told =
            belvo(r#"{"instructions":"Ingresa el código de tu token","expectsUserInput":true}"#);
        for locale in ["en", "es", "pt-BR"] {
            assert_eq!(
                challenge_in(&told, locale).prompt,
                "Ingresa el código de tu token."
            );
        }
    }

    #[test]
    fn views_carry_actions_and_input_hints() {
        use MfaChallengeAction as A;
        let view = |json: &str| to_challenge(&view(json)).unwrap().unwrap();
        let hint = |c: &MfaChallenge| c.input.as_ref().map(|i| (i.input_mode, i.length));
        let numeric = Some((MfaInputMode::Numeric, None));
        let text = Some((MfaInputMode::Text, None));
        let riffyn_two = r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":[
            {"id":"a","factorType":"token:software:totp"},{"id":"b","factorType":"sms"}]}"#;
        let c = view(riffyn_two);
        assert_eq!(c.actions, [A::Submit, A::SwitchFactor, A::Cancel]);
        assert_eq!(hint(&c), numeric);
        assert_eq!(c.input.unwrap().autocomplete, "one-time-code");
        assert_eq!(view(RIFFYN_MFA).actions, [A::Submit, A::Cancel]);
        let belvo = |data: &str| view(&[BELVO, r#""tokenGenerationData":"#, data, "}"].concat());
        let qr = belvo(r#"{"type":"qr","value":"p","expectsUserInput":false}"#);
        assert_eq!(
            (qr.actions, qr.input),
            (&[A::Continue, A::Cancel][..], None)
        );
        let confirm = belvo(r#"{"expectsUserInput":false}"#);
        assert_eq!(
            (confirm.actions, confirm.input),
            (&[A::Continue, A::Cancel][..], None)
        );
        let token = belvo(r#"{"type":"numeric","value":"40312","expectsUserInput":true}"#);
        assert_eq!(
            (token.actions, hint(&token)),
            (&[A::Submit, A::Cancel][..], numeric)
        );
        // A type this SDK does not know: a generic code field that takes letters too, never an error.
        let unknown = belvo(
            r#"{"type":"app_code","value":"77","instructions":"Open the app","expectsUserInput":true}"#,
        );
        assert_eq!(
            (unknown.kind, hint(&unknown)),
            (MfaChallengeKind::Otp, text)
        );
        // Its id and placeholder (`provider.text`, `{text}`) are worded in js/locales.js.
        assert_eq!(unknown.prompt, Text::Verbatim("Open the app.".into()));
        let unknown_inputless = belvo(r#"{"type":"biometric","expectsUserInput":false}"#);
        assert_eq!(unknown_inputless.kind, MfaChallengeKind::Confirm);
        let onelogin = |name: &str| {
            view(
                &[
                    r#"{"deviceId":1,"stateToken":"a","authFactorName":""#,
                    name,
                    r#""}"#,
                ]
                .concat(),
            )
        };
        let sms = onelogin("SMS");
        assert_eq!(
            (sms.actions, hint(&sms)),
            (&[A::Submit, A::Cancel, A::Resend][..], text)
        );
        let push = onelogin("OneLogin Protect");
        assert_eq!(
            (push.actions, push.input),
            (&[A::Cancel, A::Resend][..], None)
        );
        let app = onelogin("Google Authenticator");
        assert_eq!(hint(&app), numeric);
        assert_eq!(app.prompt, Text::with("otp.from", "Google Authenticator"));
    }

    #[test]
    fn options_are_read_from_js_shapes() {
        let read = |s: &str| MfaChallengeOptions::from_json(&Json::parse(s).unwrap());
        assert_eq!(read("null").unwrap(), MfaChallengeOptions::default());
        assert_eq!(read("{}").unwrap(), MfaChallengeOptions::default());
        assert_eq!(
            read(r#"{"locale":"es-MX"}"#).unwrap().locale.as_deref(),
            Some("es-MX")
        );
        let e = |s: &str| read(s).unwrap_err().message.into_owned();
        assert_eq!(e(r#"{"locale":5}"#), "options.locale: must be a string");
        assert_eq!(
            read(r#"{"messages":{"otp.any":"Code ?"}}"#)
                .unwrap()
                .messages,
            Some(Dictionary)
        );
        assert_eq!(
            e(r#"{"messages":"fr"}"#),
            "options.messages: must be an object"
        );
        assert_eq!(e(r#"{"lang":"es"}"#), "options: unknown field `lang`");
        assert_eq!(e(r#""es""#), "options: must be an object");
    }

    #[test]
    fn success_and_verification_steps_have_no_challenge() {
        for json in [
            r#"{"status":"SUCCESS","accessToken":"t","username":"bob"}"#,
            r#"{"status":"SUCCESS","httpStatus":201,"data":{"id":"l"}}"#,
            r#"{"status":"SUCCESS","httpStatus":200,"data":[]}"#,
            r#"{"status":"VERIFIED","message":"Success"}"#,
            r#"{"status":"VERIFIED"}"#,
            r#"{"status":"PENDING","message":"Authentication pending on OL Protect"}"#,
        ] {
            assert_eq!(to_challenge(&view(json)).unwrap(), None, "{json}");
        }
    }

    const BELVO: &str = r#"{"status":"TOKEN_REQUIRED","session":"2675b703b9d4451f8d4861a3eee54449",
        "link":"30cb4806-6e00-48a4-91c9-ca55968576c8","expiresAt":"2030-01-01T00:10:00.000Z",
        "expirySeconds":600,"resumePath":"/api/links/","#;

    #[test]
    fn belvo_numeric_challenge_is_an_otp_with_the_number_shown() {
        let c = challenge_of(
            &[
                BELVO,
                r#""tokenGenerationData":{"type":"numeric","value":"40312",
            "instructions":"Enter the challenge in your token device and type the code it shows",
            "expectsUserInput":true}}"#,
            ]
            .concat(),
        );
        let expires_at = Some("2030-01-01T00:10:00.000Z");
        let prompt = "Enter the challenge in your token device and type the code it shows.";
        assert_says(&c, (P::Belvo, K::Otp, prompt, expires_at));
        assert_eq!(
            c.display,
            Some(MfaChallengeDisplay {
                kind: "numeric".into(),
                value: "40312".into()
            })
        );
        assert_eq!(c.factors, None);
    }

    #[test]
    fn belvo_qr_in_any_spelling_is_a_qr() {
        for ty in [
            "qr", "QR", "qrcode", "QRCode", "qr_code", "QR_CODE", "qr-code",
        ] {
            let c = challenge_of(
                &[
                    BELVO,
                    r#""tokenGenerationData":{"type":""#,
                    ty,
                    r#"","value":"otpauth://x?s=1","expectsUserInput":true}}"#,
                ]
                .concat(),
            );
            assert_eq!(c.kind, MfaChallengeKind::Qr, "{ty}");
            assert_eq!(c.prompt, "Scan the QR code with your bank app.");
            assert_eq!(
                c.display,
                Some(MfaChallengeDisplay {
                    kind: "qr".into(),
                    value: "otpauth://x?s=1".into()
                })
            );
        }
        let c = challenge_of(
            &[
                BELVO,
                r#""tokenGenerationData":{"type":"qr","value":"p",
            "instructions":"Scan the QR code with your bank app","expectsUserInput":false}}"#,
            ]
            .concat(),
        );
        assert_eq!(c.kind, MfaChallengeKind::Qr);
        assert_eq!(c.prompt, "Scan the QR code with your bank app.");
    }

    #[test]
    fn belvo_inputless_is_a_confirm() {
        let c = challenge_of(
            &[
                BELVO,
                r#""tokenGenerationData":{"instructions":"Confirm the login in your bank app",
            "expectsUserInput":false}}"#,
            ]
            .concat(),
        );
        assert_eq!(c.kind, MfaChallengeKind::Confirm);
        assert_eq!(c.prompt, "Confirm the login in your bank app.");
        assert_eq!(c.display, None);
        let bare = challenge_of(
            &[
                BELVO,
                r#""tokenGenerationData":{"expectsUserInput":false,"instructions":"  "}}"#,
            ]
            .concat(),
        );
        assert_eq!(bare.kind, MfaChallengeKind::Confirm);
        assert_eq!(
            bare.prompt,
            "Confirm the login in your bank app, then continue."
        );
    }

    #[test]
    fn belvo_without_generation_data_is_an_otp() {
        let c = challenge_of(&[BELVO, r#""message":"Token Required"}"#].concat());
        assert_eq!(c.kind, MfaChallengeKind::Otp);
        assert_eq!(c.prompt, "Enter the token from your bank.");
        assert_eq!(c.display, None);
        let untyped = challenge_of(
            &[
                BELVO,
                r#""tokenGenerationData":{"value":"12","expectsUserInput":true}}"#,
            ]
            .concat(),
        );
        assert_eq!(untyped.display.unwrap().kind, "text");
    }

    #[test]
    fn onelogin_protect_is_a_push_anything_else_an_otp() {
        let push = challenge_of(
            r#"{"deviceId":526001,"stateToken":"abc","expiresAt":"2030-01-01T00:02:00.000Z",
            "message":"Push notification sent to OneLogin Protect. Authentication pending.",
            "authFactorName":"OneLogin Protect"}"#,
        );
        let expires_at = Some("2030-01-01T00:02:00.000Z");
        let prompt = "Approve the sign-in request in OneLogin Protect on your phone.";
        assert_says(&push, (P::OneLogin, K::Push, prompt, expires_at));
        assert_eq!((push.display, push.factors), (None, None));
        assert_eq!(
            challenge_of(
                r#"{"deviceId":"1","stateToken":"a","authFactorName":"ONELOGIN_PROTECT"}"#
            )
            .kind,
            MfaChallengeKind::Push
        );

        for (name, prompt) in [
            (
                "OneLogin SMS",
                "Enter the code we sent to your phone by text message.",
            ),
            (
                "OneLogin Voice",
                "Enter the code you heard in the phone call.",
            ),
            ("OneLogin Email", "Enter the code we sent to your email."),
            (
                "Google Authenticator",
                "Enter the code from Google Authenticator.",
            ),
            ("", "Enter your verification code."),
        ] {
            let c = challenge_of(
                &[
                    r#"{"deviceId":527001,"stateToken":"a","expiresAt":"x","authFactorName":""#,
                    name,
                    r#""}"#,
                ]
                .concat(),
            );
            assert_eq!((c.kind, c.prompt.as_str()), (MfaChallengeKind::Otp, prompt));
        }
        let unnamed = challenge_of(r#"{"deviceId":1,"stateToken":"a"}"#);
        assert_eq!(unnamed.kind, MfaChallengeKind::Otp);
    }

    #[test]
    fn anything_else_is_invalid_input() {
        for json in [
            "{}",
            r#"{"status":"NOPE"}"#,
            r#"{"status":"MFA_REQUIRED"}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":"s"}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":"s","factors":null}"#,
            r#"{"status":"TOKEN_REQUIRED"}"#,
            r#"{"status":"SUCCESS"}"#,
            r#"{"stateToken":"a"}"#,
            r#"{"deviceId":1}"#,
            r#"{"status":"MFA_REQUIRED","deviceId":1}"#,
            r#"{"id":527001,"stateToken":"a","authFactorName":"OneLogin SMS"}"#,
        ] {
            let e = to_challenge(&view(json)).unwrap_err();
            assert_eq!(e.code, MfaErrorCode::InvalidInput, "{json}");
            assert_eq!(e.message, NOT_A_STEP);
        }
        // Wrong field types count as absent: such a step is none of the known ones.
        assert!(to_challenge(&view(r#"{"status":5}"#)).is_err());
    }

    #[test]
    fn serializes_as_the_js_type() {
        let c = challenge_of(
            &[
                BELVO,
                r#""tokenGenerationData":{"type":"numeric","value":"40312",
            "expectsUserInput":true}}"#,
            ]
            .concat(),
        );
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            serde_json::json!({
                "provider": "belvo", "kind": "otp", "prompt": "Enter the token from your bank.",
                "expiresAt": "2030-01-01T00:10:00.000Z", "display": { "type": "numeric", "value": "40312" }
            })
        );
        let push =
            challenge_of(r#"{"deviceId":1,"stateToken":"a","authFactorName":"OneLogin Protect"}"#);
        assert_eq!(
            serde_json::to_value(&push).unwrap(),
            serde_json::json!({ "provider": "onelogin", "kind": "push",
                "prompt": "Approve the sign-in request in OneLogin Protect on your phone." })
        );
        let riffyn = serde_json::to_value(challenge_of(RIFFYN_MFA)).unwrap();
        assert_eq!(
            riffyn["factors"],
            serde_json::json!([{ "id": "uft2rfyn7totp0001", "label": "Google Authenticator" }])
        );
        for (kind, name) in [
            (MfaChallengeKind::Otp, "\"otp\""),
            (MfaChallengeKind::Push, "\"push\""),
            (MfaChallengeKind::Qr, "\"qr\""),
            (MfaChallengeKind::Confirm, "\"confirm\""),
        ] {
            assert_eq!(serde_json::to_string(&kind).unwrap(), name);
            assert_eq!(name.trim_matches('"'), kind.as_str());
        }
    }
}
