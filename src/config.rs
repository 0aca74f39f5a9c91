//! Client configuration shared by the three providers: the checked base URL and extra headers.

use crate::error::{Error, MfaErrorCode, Result};
use crate::http::{HttpRequest, Method};
use crate::prelude::*;
use crate::text::concat;

/// What every client needs to build requests.
#[derive(Clone, PartialEq)]
pub struct ClientConfig {
    /// Absolute base URL without a trailing slash.
    pub base_url: String,
    /// Extra headers sent on every request (e.g. a CSRF token for a proxy).
    pub headers: Vec<(String, String)>,
}

// Header values are kept as secrets (a CSRF token, a proxy's credential): names only.
impl core::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("headers", &names)
            .finish()
    }
}

impl ClientConfig {
    /// Checks the base URL and the headers.
    ///
    /// # Errors
    /// `invalid_input` for a malformed URL or header, `insecure_url` for `http://` to a
    /// non-loopback host unless `allow_insecure_http`.
    pub fn new(
        base_url: &str,
        headers: Vec<(String, String)>,
        allow_insecure_http: bool,
    ) -> Result<Self> {
        let base_url = check_base_url(base_url, allow_insecure_http).map_err(UrlRefusal::error)?;
        for (name, value) in &headers {
            let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
            if name.is_empty() || !name.bytes().all(token) {
                return Err(Error::invalid_input("headers: invalid header name"));
            }
            if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
                return Err(Error::invalid_input("headers: invalid header value"));
            }
        }
        Ok(ClientConfig { base_url, headers })
    }

    /// `base_url` joined with a path that starts with `/`.
    pub fn url(&self, path: &str) -> String {
        concat(&[&self.base_url, path])
    }

    /// A request to `path` with `Accept: application/json` and the extra headers, whose values
    /// are kept as secrets (a CSRF token or a proxy's credential must not reach an error).
    pub fn request(&self, method: Method, path: &str) -> HttpRequest {
        let mut request =
            HttpRequest::new(method, self.url(path)).header("Accept", "application/json");
        for (name, value) in &self.headers {
            request = request.header(name, value.clone()).secret(value);
        }
        request
    }
}

/// Why [`check_base_url`] refuses a base URL. The clients word it for their options
/// ([`UrlRefusal::error`]); the proxy for its own (`proxy::Upstream`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UrlRefusal {
    /// Not an absolute `http(s)` URL with a well-formed host.
    Malformed,
    /// A query or a fragment.
    QueryOrFragment,
    /// `user:password@` in the authority.
    Credentials,
    /// `http://` to a host that is not loopback.
    Insecure,
}

impl UrlRefusal {
    /// The clients' error for a refused `baseUrl` option.
    fn error(self) -> Error {
        match self {
            UrlRefusal::Malformed => {
                Error::invalid_input("baseUrl: must be an absolute http(s) URL")
            }
            UrlRefusal::QueryOrFragment => {
                Error::invalid_input("baseUrl: must not have a query or a fragment")
            }
            UrlRefusal::Credentials => {
                Error::invalid_input("baseUrl: credentials in the URL are not allowed")
            }
            UrlRefusal::Insecure => Error::new(
                MfaErrorCode::InsecureUrl,
                "baseUrl: http:// is only allowed for loopback hosts (set allowInsecureHttp to override)",
            ),
        }
    }
}

/// The one base-URL rule, of the clients and the proxy alike: an absolute `http(s)` URL
/// without credentials, query or fragment, `http://` only to a loopback host (`localhost`,
/// `*.localhost`, `127.x.x.x`, `[::1]`) unless `allow_insecure_http`; returned without a
/// trailing slash.
///
/// # Errors
/// Why it is refused.
pub(crate) fn check_base_url(
    raw: &str,
    allow_insecure_http: bool,
) -> core::result::Result<String, UrlRefusal> {
    let bad = || UrlRefusal::Malformed;
    let url = raw.trim();
    let (scheme, rest) = crate::text::split_once(url, "://").ok_or_else(bad)?;
    let secure = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return Err(bad()),
    };
    if url.len() > 2048 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    if rest.bytes().any(|b| b == b'?' || b == b'#') {
        return Err(UrlRefusal::QueryOrFragment);
    }
    let (authority, path) = match crate::text::find(rest, "/") {
        Some(i) => rest.get(..i).zip(rest.get(i..)).ok_or_else(bad)?,
        None => (rest, ""),
    };
    if crate::text::contains(authority, "@") {
        return Err(UrlRefusal::Credentials);
    }
    let host = host_of(authority).ok_or_else(bad)?;
    if !secure && !allow_insecure_http && !is_loopback(&host) {
        return Err(UrlRefusal::Insecure);
    }
    Ok(concat(&[
        &scheme.to_ascii_lowercase(),
        "://",
        authority,
        crate::text::trim_end(path, b'/'),
    ]))
}

/// The lower-cased host of an authority (`host[:port]`, `[v6][:port]`), if well formed.
fn host_of(authority: &str) -> Option<String> {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = crate::text::split_once(v6, "]")?;
        if h.is_empty()
            || !h
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return None;
        }
        (
            concat(&["[", &h.to_ascii_lowercase(), "]"]),
            after.strip_prefix(':'),
        )
    } else {
        let (h, p) = match authority.bytes().rposition(|b| b == b':') {
            Some(i) => (authority.get(..i)?, authority.get(i + 1..)),
            None => (authority, None),
        };
        let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
        if h.is_empty() || !h.bytes().all(ok) || h.starts_with('.') {
            return None;
        }
        (h.to_ascii_lowercase(), p)
    };
    if let Some(p) = port {
        if p.len() > 5 || crate::text::digits(p).is_none_or(|n| n > 65_535) {
            return None;
        }
    }
    Some(host)
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = crate::text::split(host, ".").collect();
    octets.len() == 4
        && octets.first() == Some(&"127")
        && octets
            .iter()
            .all(|o| crate::text::digits(o).is_some_and(|n| n <= 255))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(url: &str, insecure: bool) -> Option<MfaErrorCode> {
        ClientConfig::new(url, vec![], insecure)
            .err()
            .map(|e| e.code)
    }

    #[test]
    fn accepts_https_and_loopback_http() {
        for u in [
            "https://api.app.riffyn.com/v1",
            "https://api.app.riffyn.com/v1/",
            "HTTPS://Example.com:8443",
            "http://127.0.0.1:4010/riffyn/v1",
            "http://127.8.9.10",
            "http://localhost:3000/",
            "http://app.localhost:3000",
            "http://[::1]:80/x",
        ] {
            assert_eq!(code(u, false), None, "{u}");
        }
        let c = ClientConfig::new("https://x.test/api/", vec![], false).unwrap();
        assert_eq!(c.url("/auth"), "https://x.test/api/auth");
    }

    #[test]
    fn refuses_insecure_and_malformed() {
        assert_eq!(
            code("http://example.com", false),
            Some(MfaErrorCode::InsecureUrl)
        );
        assert_eq!(
            code("http://127.0.0.1.evil.com", false),
            Some(MfaErrorCode::InsecureUrl)
        );
        assert_eq!(code("http://example.com", true), None);
        for u in [
            "",
            "example.com",
            "ftp://x",
            "https://",
            "https://a b",
            "https://x?y=1",
            "https://u:p@x.com",
            "https://x:99999",
            "https://[zz]",
            "javascript://x",
        ] {
            assert_eq!(code(u, false), Some(MfaErrorCode::InvalidInput), "{u}");
        }
    }

    #[test]
    fn checks_headers() {
        let h = |n: &str, v: &str| vec![(n.to_string(), v.to_string())];
        assert!(ClientConfig::new("https://x", h("X-Csrf", "a"), false).is_ok());
        assert!(ClientConfig::new("https://x", h("Bad Name", "a"), false).is_err());
        assert!(ClientConfig::new("https://x", h("X", "a\r\nInjected: 1"), false).is_err());
    }
}
