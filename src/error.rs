//! The one error type of the SDK and its stable `code` strings (the `MfaError` of the JS API).

use crate::http::HttpResponse;
use crate::prelude::*;
use crate::text::{self, concat};
use alloc::borrow::Cow;
use core::fmt;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Declares an enum whose values JS sees as strings: each variant's string is written once and
/// gives both its serde name (so the `.d.ts` union) and `as_str` (what the wasm glue sends).
macro_rules! wire_enum {
    ($(#[$meta:meta])* pub enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $wire:literal,)+
    }) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order (what the tests go over).
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The string of this value as JS sees it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }
        }

        // Its own match, not `as_str`: another caller of `as_str` (even one LTO then drops)
        // changes what is inlined where, and with it the size of every module.
        impl $crate::output::Output for $name {
            #[cfg(target_arch = "wasm32")]
            fn to_js(&self) -> ::wasm_bindgen::JsValue {
                ::wasm_bindgen::JsValue::from_str(match self {
                    $(Self::$variant => $wire,)+
                })
            }
            #[cfg(target_arch = "wasm32")]
            #[inline(always)]
            fn write(&self, o: &$crate::wasm::util::JsObject, key: &str) {
                o.str(key, match self {
                    $(Self::$variant => $wire,)+
                });
            }
        }

        #[cfg(test)]
        impl $crate::output::Sample for $name {
            fn all() -> $crate::prelude::Vec<Self> {
                $crate::prelude::vec![$(Self::$variant),+]
            }
        }
    };
}
pub(crate) use wire_enum;

wire_enum! {
    /// Stable, machine-readable error codes; JS code branches on these strings.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
    pub enum MfaErrorCode {
        /// The caller's arguments are wrong; nothing was sent.
        InvalidInput = "invalid_input",
        /// `http://` base URL for a non-loopback host without `allowInsecureHttp`.
        InsecureUrl = "insecure_url",
        /// A secret credential was given to a client created in a browser page.
        BrowserSecret = "browser_secret",
        /// Username/password or API keys refused.
        InvalidCredentials = "invalid_credentials",
        /// Wrong pass code, OTP or bank token; the challenge may still be retried.
        InvalidCode = "invalid_code",
        /// State token or session expired (checked locally, or said by the API).
        Expired = "expired",
        /// Push denied by the user.
        Rejected = "rejected",
        /// 429, Belvo `too_many_sessions`, Belvo's HTML 403 limiter.
        RateLimited = "rate_limited",
        /// Authentication of the API client failed (bad or expired access token, keys).
        Unauthorized = "unauthorized",
        /// Authenticated but not allowed.
        Forbidden = "forbidden",
        /// The API says the resource does not exist.
        NotFound = "not_found",
        /// Any other 4xx answer, with `providerCode`.
        ProviderError = "provider_error",
        /// A 5xx answer.
        ServerError = "server_error",
        /// The body is not of the documented shape.
        BadResponse = "bad_response",
        /// The request could not be sent or the connection failed.
        Network = "network",
        /// The request took longer than `timeoutMs`.
        Timeout = "timeout",
        /// The caller's `AbortSignal` fired.
        Aborted = "aborted",
    }
}

wire_enum! {
    /// The API a request or an error belongs to.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
    pub enum MfaProvider {
        /// Riffyn login (`MFA_REQUIRED` → verify).
        Riffyn = "riffyn",
        /// Belvo (`428 token_required` → resume).
        Belvo = "belvo",
        /// OneLogin API v1 MFA.
        OneLogin = "onelogin",
    }
}

/// The `code` of a non-2xx answer by its status alone (providers refine it from the body).
pub fn status_code(status: u16) -> MfaErrorCode {
    match status {
        401 => MfaErrorCode::Unauthorized,
        403 => MfaErrorCode::Forbidden,
        404 => MfaErrorCode::NotFound,
        429 => MfaErrorCode::RateLimited,
        500..=599 => MfaErrorCode::ServerError,
        _ => MfaErrorCode::ProviderError,
    }
}

/// The message of an API error whose answer said none: one table, with per-provider wording.
fn fallback_message(provider: MfaProvider, code: MfaErrorCode) -> &'static str {
    use MfaErrorCode::*;
    // OneLogin's wording only where OneLogin is compiled in (a one-provider module drops it).
    match (provider, code) {
        #[cfg(feature = "onelogin")]
        (MfaProvider::OneLogin, ServerError) => "OneLogin failed to answer (server error)",
        #[cfg(feature = "onelogin")]
        (MfaProvider::OneLogin, Forbidden) => "the access token lacks the permission for this call",
        #[cfg(feature = "onelogin")]
        (MfaProvider::OneLogin, Unauthorized) => "OneLogin refused the access token",
        #[cfg(feature = "onelogin")]
        (MfaProvider::OneLogin, NotFound) => "OneLogin found no such user or device",
        #[cfg(feature = "onelogin")]
        (MfaProvider::OneLogin, ProviderError) => "OneLogin refused the request",
        (_, Unauthorized) => "the API refused the client's credentials",
        (_, Forbidden) => "the API refused access",
        (_, NotFound) => "the API found no such resource",
        (_, RateLimited) => "too many requests; try again later",
        (_, ServerError) => "the API failed to answer (server error)",
        (_, Rejected) => "the user denied the push",
        (_, Expired) => "the state token has expired; activate the factor again",
        (_, InvalidCode) => "the code was refused",
        #[cfg(feature = "onelogin")]
        (MfaProvider::OneLogin, _) => "OneLogin refused the request",
        _ => "the API refused the request",
    }
}

/// The error of a non-2xx answer with the status's default `code` (`invalid_code` for the
/// proxy's refusal of a reused code, whatever a bare 400 means for the provider).
pub fn status_error(provider: MfaProvider, res: &HttpResponse, message: Option<String>) -> Error {
    answer_error(provider, None, res, message)
}

/// The error of an API's answer: `code`, the answer's message (clipped) or the table's, the
/// status, and for `rate_limited` the wait the answer asks for.
pub fn api_error(
    provider: MfaProvider,
    code: MfaErrorCode,
    res: &HttpResponse,
    message: Option<String>,
) -> Error {
    answer_error(provider, Some(code), res, message)
}

/// [`api_error`], or [`status_error`] when `code` is `None`: the body parsed once for both. (Once
/// in a module, not inlined.)
#[inline(never)]
fn answer_error(
    provider: MfaProvider,
    code: Option<MfaErrorCode>,
    res: &HttpResponse,
    message: Option<String>,
) -> Error {
    // The proxy's own answer (`mfaProxy`) says what happened in its words, `network` when it could
    // not reach the provider and `timeout` when the provider did not answer in time (their
    // statuses, 502 and 504, would read as a server error).
    let proxy = crate::json::Json::parse(&res.body).filter(crate::ops::is_refusal);
    let code = code.unwrap_or_else(|| match &proxy {
        Some(body) if crate::ops::refuses_code(res.status, body) => MfaErrorCode::InvalidCode,
        _ => status_code(res.status),
    });
    let (code, message) = match &proxy {
        Some(body) => {
            let said = match body.get(crate::ops::REFUSAL_KEY).as_str() {
                Some("network") => MfaErrorCode::Network,
                Some("timeout") => MfaErrorCode::Timeout,
                _ => code,
            };
            (said, body.get("message").as_string())
        }
        None => (code, message),
    };
    let message = message.map(clip).filter(|m| !m.trim().is_empty());
    // A 404 or 405 names the request (never its query): a wrong baseUrl is the usual cause, and
    // the API's own words for it ("Not found.", "No Route Exists") do not say which request. A 405,
    // or a 404 the API did not explain (or the proxy's "no such MFA operation"), says so.
    let named = matches!(res.status, 404 | 405) && !res.sent.is_empty();
    let hint = res.status == 405 || message.is_none() || proxy.is_some();
    let mut message = message.map_or(Cow::Borrowed(fallback_message(provider, code)), Cow::Owned);
    if named {
        message = Cow::Owned(concat(&[
            &message,
            " (HTTP ",
            &text::uint(u64::from(res.status), 0),
            "): ",
            &res.sent,
            if hint { "; check baseUrl" } else { "" },
        ]));
    }
    let mut error = Error::new(code, message)
        .provider(provider)
        .status(res.status);
    if code == MfaErrorCode::RateLimited {
        error = error.retry_after_ms(res.retry_after_ms());
    }
    error
}

/// Declares the optional facts of an error once (issue 22): each gives a field of [`Error`], a
/// member of the `.d.ts`'s `MfaErrorFields` (tsify; `MfaError`, `MfaErrorDetails` and
/// `MfaErrorJSON` are made from it), an entry of [`Error::facts`] (the one object
/// `src/wasm/error.rs` crosses to JS) and of [`FACTS`] (the keys `js/lib/mfa_error.js` copies,
/// written there by the test `mfa_error_js_copies_the_facts`).
macro_rules! facts {
    ($(
        $(#[doc = $doc:literal])*
        $field:ident: $ty:ty = $js:literal,
    )+) => {
        /// Every failure of the SDK. Messages are short, human and never hold a secret.
        #[derive(Clone, PartialEq)]
        pub struct Error {
            /// What went wrong, as a stable code.
            pub code: MfaErrorCode,
            /// A short human sentence.
            pub message: Cow<'static, str>,
            $($(#[doc = $doc])* pub $field: Option<$ty>,)+
            /// The host's own description of a transport failure (no secret: scrubbed like the rest).
            pub cause: Option<String>,
        }

        /// The optional facts of an `MfaError`, each set only when known.
        #[derive(Tsify)]
        #[allow(dead_code, reason = "a declaration for the `.d.ts` only")]
        pub struct MfaErrorFields {
            $($(#[doc = $doc])* #[tsify(optional)] #[serde(rename = $js)] $field: Option<$ty>,)+
        }

        /// The JS names of the facts, in declaration order.
        pub const FACTS: &[&str] = &[$($js),+];

        impl Error {
            /// [`Error::new`]'s body, once in a module rather than inlined at each of its
            /// hundred-odd call sites (bench/RESULTS.md).
            #[inline(never)]
            fn with_message(code: MfaErrorCode, message: Cow<'static, str>) -> Self {
                Error { code, message, $($field: None,)+ cause: None }
            }

            /// [`Error::scrub`] of each fact (a fact's type says how: [`Scrub`]).
            fn scrub_facts(&mut self, scrubber: &Scrubber) {
                $(if let Some(fact) = &mut self.$field {
                    Scrub::scrub(fact, scrubber);
                })+
            }

            /// Each fact by its JS name, `None` when unset, in [`FACTS`]' order.
            pub fn facts(&self) -> [(&'static str, Option<Fact<'_>>); FACTS.len()] {
                [$(($js, self.$field.as_ref().map(Fact::from))),+]
            }
        }
    };
}

facts! {
    /// The API that answered, when one did.
    provider: MfaProvider = "provider",
    /// The HTTP status, whenever a response came.
    status: u16 = "status",
    /// The API's own error code, e.g. `"session_expired"`.
    provider_code: String = "providerCode",
    /// The API's request id, for support.
    request_id: String = "requestId",
    /// How long the API asks to wait before trying again, in ms.
    retry_after_ms: u32 = "retryAfterMs",
}

/// What [`Error::scrub`] does to a value: text copied from an answer loses every form of the
/// request's secrets; a provider or a number holds none. A fact's type must say which.
trait Scrub {
    fn scrub(&mut self, _scrubber: &Scrubber) {}
}

impl Scrub for String {
    fn scrub(&mut self, scrubber: &Scrubber) {
        if let Some(scrubbed) = scrubber.scrubbed(self) {
            *self = scrubbed;
        }
    }
}

impl Scrub for MfaProvider {}
impl Scrub for u16 {}
impl Scrub for u32 {}

/// The value of a fact as JS sees it: a string or a number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Fact<'a> {
    /// A string (a provider's name, a code, an id).
    Text(&'a str),
    /// A number (a status, a wait).
    Number(u32),
}

impl<'a> From<&'a MfaProvider> for Fact<'a> {
    fn from(provider: &'a MfaProvider) -> Self {
        Fact::Text(provider.as_str())
    }
}

impl<'a> From<&'a String> for Fact<'a> {
    fn from(text: &'a String) -> Self {
        Fact::Text(text)
    }
}

impl From<&u16> for Fact<'_> {
    fn from(n: &u16) -> Self {
        Fact::Number(u32::from(*n))
    }
}

impl From<&u32> for Fact<'_> {
    fn from(n: &u32) -> Self {
        Fact::Number(*n)
    }
}

/// Result alias of the crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// A new error with a code and a message.
    pub fn new(code: MfaErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self::with_message(code, message.into())
    }

    /// `invalid_input`: the caller's arguments are wrong.
    pub fn invalid_input(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(MfaErrorCode::InvalidInput, message)
    }

    /// `bad_response`: the body is not of the documented shape.
    pub fn bad_response(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(MfaErrorCode::BadResponse, message)
    }

    /// Sets the provider.
    pub fn provider(mut self, provider: MfaProvider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Sets the HTTP status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the API's own code.
    pub fn provider_code(mut self, code: Option<String>) -> Self {
        self.provider_code = code.map(clip);
        self
    }

    /// Sets the API's request id.
    pub fn request_id(mut self, id: Option<String>) -> Self {
        self.request_id = id.map(clip);
        self
    }

    /// Sets the wait the API asks for.
    pub fn retry_after_ms(mut self, ms: Option<u32>) -> Self {
        self.retry_after_ms = ms;
        self
    }

    /// Replaces every form of the given secrets (see [`Scrubber`]) in the message, every
    /// fact that is text and the cause, so that a server echoing a sent secret cannot leak it
    /// through an error.
    pub fn scrub(mut self, secrets: &[String]) -> Self {
        let scrubber = Scrubber::new(secrets);
        if let Some(m) = scrubber.scrubbed(&self.message) {
            self.message = Cow::Owned(m);
        }
        self.scrub_facts(&scrubber);
        if let Some(cause) = &mut self.cause {
            cause.scrub(&scrubber);
        }
        self
    }

    /// Sets the host's own description of a failure (kept as the JS error's `cause`).
    pub fn cause(mut self, cause: Option<String>) -> Self {
        self.cause = cause.map(clip);
        self
    }

    /// The message a caller sees: a `provider_error` names its HTTP status, so that a wrong
    /// base path (405) or method reads as such without looking at `status`.
    pub fn with_status_in_message(mut self) -> Self {
        if let (MfaErrorCode::ProviderError, Some(status)) = (self.code, self.status) {
            let mut note = String::from(" (HTTP ");
            crate::text::push_uint(&mut note, u64::from(status), 0);
            note.push(')');
            if !text::contains(&self.message, note.trim_start()) {
                self.message = Cow::Owned(concat(&[&self.message, &note]));
            }
        }
        self
    }
}

/// The forms in which a server may echo the secrets of a request, and their removal from any
/// text copied out of its answer (an error's fields, a step's messages).
///
/// Each secret (three characters or more) is looked for raw, JSON-escaped, without its control
/// characters (as [`clip`] leaves it), and URL-encoded (every byte but the unreserved ones, or
/// as `encodeURIComponent` does, with `%20` or `+` for a space), all ASCII case-insensitively
/// (an echo may upper-case it, hex digits come in either case). A Basic pair is a secret of
/// its own as base64 (`HttpRequest::basic_auth`). The start of a form left at the end of the
/// text (where a long message was cut) is removed too.
pub(crate) struct Scrubber {
    forms: Vec<String>,
}

impl Scrubber {
    /// The forms of `secrets`.
    pub(crate) fn new(secrets: &[String]) -> Self {
        let mut forms: Vec<String> = Vec::new();
        for secret in secrets.iter().filter(|s| s.len() >= 3) {
            let clean: String = secret.chars().filter(|c| !c.is_control()).collect();
            let strict = crate::http::encode_segment(secret);
            let component = crate::http::percent_encoded(secret, b"!'()*");
            let plus = [
                text::replace(&strict, "%20", "+"),
                text::replace(&component, "%20", "+"),
            ];
            for form in [
                secret.clone(),
                json_escaped(secret),
                clean,
                strict,
                component,
            ]
            .into_iter()
            .chain(plus)
            {
                let form = form.to_ascii_lowercase();
                if form.len() >= 3 && !forms.contains(&form) {
                    // Longest first, by insertion (a sort would link ~5 KB into the module).
                    let at = forms.iter().position(|f| f.len() < form.len());
                    forms.insert(at.unwrap_or(forms.len()), form);
                }
            }
        }
        Scrubber { forms }
    }

    /// `text` with every form replaced by `***`; `None` when unchanged.
    pub(crate) fn scrubbed(&self, text: &str) -> Option<String> {
        if self.forms.is_empty() {
            return None;
        }
        // First the longest tail (three characters or more) that begins a form: what a cut
        // left of a secret (before the replacements, which could break such a tail up).
        let mut out = text.to_string();
        let lower = out.to_ascii_lowercase();
        let longest = self.forms.iter().map(String::len).max().unwrap_or(0);
        let cut = lower
            .char_indices()
            .map(|(i, _)| i)
            .filter(|&i| lower.len() - i < longest)
            .find(|&i| {
                lower.get(i..).is_some_and(|tail| {
                    tail.chars().nth(2).is_some() && self.forms.iter().any(|f| f.starts_with(tail))
                })
            });
        if let Some(cut) = cut {
            out.truncate(cut);
            // Still within the clip's length once the marker is added.
            if let Some((i, _)) = out.char_indices().nth(CLIP_MAX - 3) {
                out.truncate(i);
            }
            out.push_str("***");
        }
        let out = self.replaced(out);
        (out != text).then_some(out)
    }

    /// `text` with every whole occurrence of a form replaced, longest forms first (a short
    /// secret inside a long one must not leave the rest of the long one). Unlike
    /// [`Scrubber::scrubbed`], a text that was not cut (a whole body) keeps its length.
    pub(crate) fn replaced(&self, mut text: String) -> String {
        for form in &self.forms {
            text = replace_ignoring_case(&text, form);
        }
        text
    }

    /// A string copied from an answer, scrubbed.
    pub(crate) fn scrub(&self, text: String) -> String {
        self.scrubbed(&text).unwrap_or(text)
    }
}

/// `text` with every ASCII-case-insensitive occurrence of `lower` (lower-cased) replaced.
fn replace_ignoring_case(text: &str, lower: &str) -> String {
    // ASCII lower-casing keeps every byte offset, so matches in the copy index the original.
    let folded = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    while let Some(i) = folded
        .get(last..)
        .and_then(|rest| text::find(rest, lower))
        .filter(|_| !lower.is_empty())
    {
        out.push_str(text.get(last..last + i).unwrap_or_default());
        out.push_str("***");
        last += i + lower.len();
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

/// `s` as it is written inside a JSON string (by serde_json and by JS `JSON.stringify`).
fn json_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    crate::json::push_escaped(&mut out, s);
    out
}

/// The length, in characters, [`clip`] cuts server-sent strings to.
const CLIP_MAX: usize = 200;

/// Keeps server-sent strings short and printable before they reach an error.
pub(crate) fn clip(s: String) -> String {
    if s.len() <= CLIP_MAX && !s.chars().any(char::is_control) {
        return s;
    }
    s.chars()
        .filter(|c| !c.is_control())
        .take(CLIP_MAX)
        .collect::<String>()
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

// Written by hand so that the shape stays short; no field can hold a secret.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code.as_str())
            .field("message", &self.message)
            .field("provider", &self.provider)
            .field("status", &self.status)
            .field("provider_code", &self.provider_code)
            .finish_non_exhaustive()
    }
}

impl core::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_to_their_strings() {
        for code in [
            MfaErrorCode::InvalidInput,
            MfaErrorCode::RateLimited,
            MfaErrorCode::BadResponse,
            MfaErrorCode::Aborted,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(
            serde_json::to_string(&MfaProvider::OneLogin).unwrap(),
            "\"onelogin\""
        );
    }

    /// `js/lib/mfa_error.js` copies exactly the declared facts: its `FACTS` line is generated
    /// from [`FACTS`]. A stale line is rewritten and the test fails once, so that the change is
    /// seen and committed.
    #[test]
    fn mfa_error_js_copies_the_facts() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/lib/mfa_error.js");
        let source = std::fs::read_to_string(path).unwrap();
        let quoted: Vec<String> = FACTS.iter().map(|f| format!("\"{f}\"")).collect();
        let line = format!("const FACTS = [{}];", quoted.join(", "));
        let old = source
            .lines()
            .find(|l| l.starts_with("const FACTS = "))
            .expect("mfa_error.js declares `const FACTS = [...];` on one line");
        if old != line {
            std::fs::write(path, source.replacen(old, &line, 1)).unwrap();
            panic!("js/lib/mfa_error.js was stale: its FACTS line is now `{line}` (commit it)");
        }
    }

    /// `<mfa-challenge>` shows each code in the words of `js/ui/strings.js` (`"error.<code>"`, one
    /// line a locale): a new code fails here until every locale has its line.
    #[test]
    fn every_locale_words_every_code() {
        let strings = include_str!("../js/ui/strings.js");
        let locales = strings.matches("\"error.unknown\":").count();
        assert!(locales >= 3, "en, es and pt-BR");
        for code in MfaErrorCode::ALL {
            let key = format!("\"error.{}\":", code.as_str());
            let worded = strings.matches(&key).count();
            assert_eq!(worded, locales, "js/ui/strings.js: each locale needs {key}");
        }
    }

    /// Every fact that is text is scrubbed, whichever it is (none is listed by hand).
    #[test]
    fn scrub_reaches_every_text_fact() {
        let mut e = Error::new(MfaErrorCode::ProviderError, "m").cause(Some("said s3cret".into()));
        let echo = "echo s3cret";
        e.provider_code = Some(echo.into());
        e.request_id = Some(echo.into());
        let e = e.scrub(&["s3cret".to_string()]);
        let texts: Vec<_> = e
            .facts()
            .into_iter()
            .filter_map(|(_, f)| match f {
                Some(Fact::Text(t)) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["echo ***", "echo ***"]);
        assert_eq!(e.cause.as_deref(), Some("said ***"));
    }

    #[test]
    fn scrub_removes_secrets_everywhere() {
        let e = Error::new(MfaErrorCode::InvalidCode, "code 123456 is wrong")
            .provider_code(Some("x123456".into()));
        let e = e.scrub(&["123456".to_string()]);
        assert_eq!(e.message, "code *** is wrong");
        assert_eq!(e.provider_code.as_deref(), Some("x***"));
    }

    #[test]
    fn every_form_of_a_secret_is_scrubbed() {
        let secrets = ["p\"w é+x".to_string(), "YWxpY2U6cHc".to_string()];
        let s = Scrubber::new(&secrets);
        for echo in [
            "p\"w é+x",
            "p\\\"w é+x",
            "p%22w%20%C3%A9%2Bx",
            "p%22w%20%c3%a9%2bx",
            "p%22w+%C3%A9%2Bx",
            "P\"W É+X".replace('É', "é").as_str(),
            "YWxpY2U6cHc=",
            "Basic YWXPY2U6CHC=",
        ] {
            let out = s.scrubbed(&format!("said: {echo}!")).unwrap();
            let lower = out.to_ascii_lowercase();
            assert!(out.contains("***"), "{echo} -> {out}");
            assert!(!lower.contains("ywxp") && !lower.contains("p%22w") && !lower.contains("w é"));
        }
        assert_eq!(s.scrubbed("nothing here"), None);
        // A short secret inside a long one, the long one cut at the end of the text.
        let s = Scrubber::new(&["access-token-0123456789abcdef".into(), "123456".into()]);
        let out = s.scrubbed("x access-token-0123456789ab").unwrap();
        assert_eq!(out, "x ***");
    }

    #[test]
    fn provider_errors_name_their_status() {
        let e = Error::new(MfaErrorCode::ProviderError, "the API refused the request")
            .status(405)
            .with_status_in_message();
        assert_eq!(e.message, "the API refused the request (HTTP 405)");
        let e = Error::new(MfaErrorCode::InvalidCode, "wrong").status(401);
        assert_eq!(e.with_status_in_message().message, "wrong");
    }

    fn answer(status: u16, body: &str, sent: &str) -> HttpResponse {
        HttpResponse {
            sent: sent.into(),
            ..HttpResponse::new(status, body)
        }
    }

    #[test]
    fn an_unexplained_404_or_405_names_the_request_and_hints_at_base_url() {
        let e = status_error(MfaProvider::Riffyn, &answer(405, "", "POST /v1/auth"), None)
            .with_status_in_message();
        assert_eq!(e.code, MfaErrorCode::ProviderError);
        assert_eq!(
            e.message,
            "the API refused the request (HTTP 405): POST /v1/auth; check baseUrl"
        );
        let e = status_error(MfaProvider::Belvo, &answer(404, "<html>", "GET /x/"), None);
        assert_eq!(
            (e.code, e.message.as_ref()),
            (
                MfaErrorCode::NotFound,
                "the API found no such resource (HTTP 404): GET /x/; check baseUrl"
            )
        );
        // The API's own words ("Not found." of a wrong baseUrl, or of a missing link) keep their
        // meaning and name the request, without guessing at baseUrl.
        let e = status_error(
            MfaProvider::Belvo,
            &answer(404, "", "GET /belvo/api/api/accounts/"),
            Some("Not found.".into()),
        );
        assert_eq!(
            e.message,
            "Not found. (HTTP 404): GET /belvo/api/api/accounts/"
        );
        // A 405 is a route that does not take the method: always the hint.
        let e = status_error(
            MfaProvider::OneLogin,
            &answer(405, "", "POST /api/2/x"),
            Some("Method Not Allowed".into()),
        );
        assert_eq!(
            e.message,
            "Method Not Allowed (HTTP 405): POST /api/2/x; check baseUrl"
        );
    }

    #[test]
    fn the_proxy_s_own_answer_keeps_its_words_and_code() {
        let body =
            r#"{"error":"not_found","message":"no such MFA operation","mfaProxy":"not_found"}"#;
        let e = status_error(
            MfaProvider::Riffyn,
            &answer(404, body, "POST /mfa/rifyn/auth"),
            Some("not_found".into()),
        );
        assert_eq!(e.code, MfaErrorCode::NotFound);
        assert_eq!(
            e.message,
            "no such MFA operation (HTTP 404): POST /mfa/rifyn/auth; check baseUrl"
        );
        let body = r#"{"error":"network","message":"the provider could not be reached","mfaProxy":"network"}"#;
        let e = status_error(
            MfaProvider::Belvo,
            &answer(502, body, "POST /mfa/belvo/api/links/"),
            None,
        );
        assert_eq!(
            (e.code, e.message.as_ref(), e.provider, e.status),
            (
                MfaErrorCode::Network,
                "the provider could not be reached",
                Some(MfaProvider::Belvo),
                Some(502)
            )
        );
        let body = r#"{"error":"timeout","message":"the provider did not answer in time","mfaProxy":"timeout"}"#;
        let e = status_error(MfaProvider::Belvo, &answer(504, body, "POST /a"), None);
        assert_eq!(
            (e.code, e.message.as_ref(), e.status),
            (
                MfaErrorCode::Timeout,
                "the provider did not answer in time",
                Some(504)
            )
        );
        // A code that is not one of ours keeps the status's.
        let body = r#"{"error":"internal_error","message":"the proxy failed","mfaProxy":"internal_error"}"#;
        let e = status_error(MfaProvider::Belvo, &answer(500, body, "POST /a"), None);
        assert_eq!(
            (e.code, e.message.as_ref()),
            (MfaErrorCode::ServerError, "the proxy failed")
        );
    }

    #[test]
    fn a_route_has_no_query() {
        let r = crate::http::HttpRequest::new(
            crate::http::Method::Get,
            "https://h.test:8443/a/b?token=s3cret#f".into(),
        );
        assert_eq!(r.route(), "GET /a/b");
        let r = crate::http::HttpRequest::new(crate::http::Method::Post, "http://h.test".into());
        assert_eq!(r.route(), "POST /");
    }

    #[test]
    fn clip_bounds_and_cleans() {
        assert_eq!(clip("a\nb".into()), "ab");
        assert_eq!(clip("x".repeat(500)).len(), 200);
    }

    #[test]
    fn status_mapping() {
        let e = status_error(
            MfaProvider::OneLogin,
            &HttpResponse::new(429, "").with_header("retry-after", "7"),
            None,
        );
        assert_eq!(
            (e.code, e.status, e.retry_after_ms),
            (MfaErrorCode::RateLimited, Some(429), Some(7000))
        );
        let e = status_error(
            MfaProvider::Belvo,
            &HttpResponse::new(502, ""),
            Some(" ".into()),
        );
        assert_eq!(e.code, MfaErrorCode::ServerError);
        assert!(!e.message.is_empty());
    }
}
