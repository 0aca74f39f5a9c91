//! Plain HTTP values and the `Transport` trait the flows are driven over.

use crate::error::Result;
use crate::events::MfaEvent;
use crate::ops::OperationName;
use crate::prelude::*;
use crate::text::concat;
use core::fmt;

/// The HTTP methods the three APIs use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET: idempotent, the only method retried automatically.
    Get,
    /// POST.
    Post,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A request as a value: built by the flows, sent by a [`Transport`].
#[derive(Clone, PartialEq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// A JSON or form body.
    pub body: Option<String>,
    /// Secrets this request carries; scrubbed from any error its answer produces.
    pub secrets: Vec<String>,
    /// The client operation it belongs to (named in events); `None` for OneLogin's token request.
    pub operation: Option<OperationName>,
}

impl HttpRequest {
    /// A request without headers or body.
    pub fn new(method: Method, url: String) -> Self {
        HttpRequest {
            method,
            url,
            headers: Vec::new(),
            body: None,
            secrets: Vec::new(),
            operation: None,
        }
    }

    /// `METHOD /path`: the URL's path without its query or fragment (which may hold a secret).
    pub fn route(&self) -> String {
        // The path starts at the third '/' (`scheme://host/`): one pass over the bytes, no search
        // helpers (~300 B less in a module).
        let (mut slashes, mut start, mut end) = (0usize, self.url.len(), self.url.len());
        for (i, &b) in self.url.as_bytes().iter().enumerate() {
            if b == b'?' || b == b'#' {
                end = i;
                break;
            }
            slashes += usize::from(b == b'/');
            if b == b'/' && slashes == 3 {
                start = i;
            }
        }
        let path = self.url.get(start..end).filter(|p| !p.is_empty());
        crate::text::concat(&[self.method.as_str(), " ", path.unwrap_or("/")])
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Sets a JSON body and its content type.
    pub fn json_body(mut self, body: String) -> Self {
        self.body = Some(body);
        self.header("Content-Type", "application/json")
    }

    /// Adds `Authorization: Basic …` and remembers both halves and the pair's base64 (without
    /// its padding, so that an echo with or without `Basic ` or `=` is found) as secrets. The
    /// user was checked by `input::basic_user` (no `:`, RFC 7617).
    pub fn basic_auth(mut self, user: &str, password: &str) -> Self {
        let encoded = base64(concat(&[user, ":", password]).as_bytes());
        self.secrets.push(user.to_string());
        self.secrets.push(password.to_string());
        self.secrets
            .push(crate::text::trim_end(&encoded, b'=').to_string());
        self.header("Authorization", concat(&["Basic ", &encoded]))
    }

    /// Names the client operation the request belongs to (see [`crate::events`]).
    pub fn operation(mut self, name: OperationName) -> Self {
        self.operation = Some(name);
        self
    }

    /// Remembers a value (a code, a token) that must never reach an error.
    pub fn secret(mut self, value: &str) -> Self {
        self.secrets.push(value.to_string());
        self
    }

    /// The value of a header, by case-insensitive name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

// Never prints header values or the body: they carry credentials and codes.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body", &self.body.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// A response as a value; the body is read whole (up to the transport's cap).
#[derive(Clone, PartialEq)]
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// The headers the SDK reads (lower-case names).
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
    /// The secrets of the request this answers (set by `exchange::send`): strings copied from the
    /// answer into a result go through [`HttpResponse::said`].
    pub secrets: Vec<String>,
    /// The method and path (no query) of the request a failure answers, e.g. `POST /v1/auth`
    /// (set by `exchange::send`): an error the answer does not explain names it.
    pub sent: String,
}

impl HttpResponse {
    /// A response with a status and a body.
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
            secrets: Vec::new(),
            sent: String::new(),
        }
    }

    /// Adds a header (for tests and transports).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_string()));
        self
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A string copied from this answer into a result (a step's message, instructions…), with
    /// every form of the request's secrets removed (the same scrubber as the errors').
    pub fn said(&self, text: Option<String>) -> Option<String> {
        let text = text?;
        if self.secrets.is_empty() {
            return Some(text);
        }
        Some(crate::error::Scrubber::new(&self.secrets).scrub(text))
    }

    /// `Retry-After` in seconds, or `X-RateLimit-Reset` (seconds remaining), as milliseconds,
    /// at most [`MAX_RETRY_AFTER_MS`].
    pub fn retry_after_ms(&self) -> Option<u32> {
        // Seconds, possibly with a fraction: read by hand (no float parsing in the module).
        let ms = |v: &str| {
            crate::json::decimal(v.trim()).map(|d| {
                let ms = d
                    .whole
                    .saturating_mul(1000)
                    .saturating_add(u64::from(d.milli));
                u32::try_from(ms.min(u64::from(MAX_RETRY_AFTER_MS))).unwrap_or(MAX_RETRY_AFTER_MS)
            })
        };
        self.header("retry-after")
            .and_then(ms)
            .or_else(|| self.header("x-ratelimit-reset").and_then(ms))
    }
}

// Never prints the body: answers carry access tokens, state tokens and MFA tokens.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// The longest wait `retryAfterMs` reports (24 h): a larger `Retry-After` is read as this, a
/// wait a caller's timer can still hold (`setTimeout` stops at about 24.8 days).
pub const MAX_RETRY_AFTER_MS: u32 = 86_400_000;

/// The headers a transport copies from a response (the rest are never read).
pub const READ_HEADERS: [&str; 4] = [
    "content-type",
    "retry-after",
    "x-ratelimit-reset",
    "x-request-id",
];

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Sends requests and provides the host's clock and timers.
///
/// No `Send` bound: in wasm the transport holds JS handles, and everything runs on one thread.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends one request and reads its whole body.
    ///
    /// # Errors
    /// `network`, `timeout`, `aborted`, or `bad_response` when the body is too large.
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse>;

    /// Waits `ms` milliseconds (between retries, between polls).
    ///
    /// # Errors
    /// `aborted` when the caller's signal fires while waiting.
    async fn sleep(&self, ms: u32) -> Result<()>;

    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64 {
        crate::time::now_ms()
    }

    /// A number in `[0, 1)` for retry jitter.
    fn random(&self) -> f64 {
        0.5
    }

    /// Reports what a call is doing (the caller's `onEvent`); nothing by default. Never fails
    /// and never waits: an event cannot change the flow.
    fn emit(&self, _event: MfaEvent) {}
}

/// Standard base64 with padding (for HTTP Basic).
pub fn base64(input: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                let idx = ((n >> shift) & 63) as usize;
                out.push(char::from(ABC.get(idx).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional); `None` for any other character.
pub fn base64_decode(input: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(input.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in crate::text::trim_end(input, b'=').bytes() {
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Percent-encodes one URL path segment (everything but RFC 3986 unreserved characters). Ids
/// reach it through `input::segment`, which refuses `.` and `..`.
pub fn encode_segment(segment: &str) -> String {
    percent_encoded(segment, b"")
}

/// `s` percent-encoded (upper-case hex): every byte but the unreserved ones and `keep`.
pub(crate) fn percent_encoded(s: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 15));
        }
    }
    out
}

fn hex_digit(n: u8) -> char {
    char::from_digit(u32::from(n), 16)
        .map(|c| c.to_ascii_uppercase())
        .unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
            assert_eq!(base64_decode(o).unwrap(), i.as_bytes());
        }
        assert_eq!(base64_decode("a*b"), None);
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b/c?é"), "a%20b%2Fc%3F%C3%A9");
        assert_eq!(encode_segment("uft-1_2.3~"), "uft-1_2.3~");
    }

    #[test]
    fn debug_hides_credentials() {
        let r = HttpRequest::new(Method::Post, "https://x/auth".into())
            .basic_auth("alice", "pw-secret")
            .json_body("{\"passCode\":\"123456\"}".into());
        let d = format!("{r:?}");
        assert!(!d.contains("pw-secret") && !d.contains("123456") && !d.contains("Basic "));
    }

    #[test]
    fn retry_after_prefers_retry_after_header() {
        let r = HttpResponse::new(429, "")
            .with_header("Retry-After", "3")
            .with_header("X-RateLimit-Reset", "100");
        assert_eq!(r.retry_after_ms(), Some(3000));
        let r = HttpResponse::new(429, "").with_header("X-RateLimit-Reset", "12");
        assert_eq!(r.retry_after_ms(), Some(12000));
        for huge in [
            "1e21",
            "99999999999",
            "86400.001",
            "340282366920938463463374607431768211456",
        ] {
            let r = HttpResponse::new(429, "").with_header("Retry-After", huge);
            let want = if huge == "1e21" {
                None
            } else {
                Some(MAX_RETRY_AFTER_MS)
            };
            assert_eq!(r.retry_after_ms(), want, "{huge}");
        }
        assert_eq!(HttpResponse::new(429, "").retry_after_ms(), None);
    }
}
