//! Where the proxy sends a call: one provider's [`Upstream`], made once from the proxy's options
//! with the clients' own pieces. Its base URL is a [`ClientConfig`] checked by the clients' rule
//! (`config::check_base_url`: https, http only to loopback hosts); each request is
//! `ClientConfig::request`'s (`Accept` and the path under the base URL) with the provider's
//! credentials added as its client adds them: Belvo's keys by `HttpRequest::basic_auth`,
//! OneLogin's token by `onelogin::flow::authorize`. The JS only sends what this builds.

use super::{Parsed, Refusal};
use crate::belvo::BelvoKeys;
use crate::config::{check_base_url, ClientConfig, UrlRefusal};
use crate::error::{Error, MfaErrorCode, MfaProvider, Result, Scrubber};
use crate::http::HttpRequest;
use crate::onelogin::{self, Client, Credentials};
use crate::ops::Auth;
use crate::prelude::*;
use crate::text::concat;

/// Who the provider sees calling.
const USER_AGENT: &str = "mfa-flows";

/// How the proxy authenticates a call to its provider.
enum Credential {
    /// Riffyn: the login is the browser's own; its Basic pair is passed on as it came.
    Forwarded,
    /// Belvo: the API keys, as the Belvo client sends them.
    Keys(BelvoKeys),
    /// OneLogin: the token of [`Upstream::token_source`], as the OneLogin client sends it.
    Bearer(Client),
}

/// One provider as the proxy reaches it.
pub struct Upstream {
    provider: MfaProvider,
    config: ClientConfig,
    credential: Credential,
    /// Secrets the proxy holds for this provider that its requests do not carry (OneLogin's
    /// client credentials, which only the token request sends).
    standing: Vec<String>,
}

crate::redact::redacted_debug!(Upstream { provider, config, standing: hidden } finish_non_exhaustive);

impl Upstream {
    /// Riffyn at `base_url` (the browser's login is forwarded).
    ///
    /// # Errors
    /// `invalid_input` / `insecure_url` naming `riffyn.baseUrl`.
    pub fn riffyn(base_url: &str) -> Result<Self> {
        let config = config(MfaProvider::Riffyn, base_url)?;
        Ok(Self::of(MfaProvider::Riffyn, config, Credential::Forwarded))
    }

    /// Belvo at `base_url` with the API keys.
    ///
    /// # Errors
    /// `invalid_input` / `insecure_url` naming `belvo.baseUrl`, `belvo.secretId` or
    /// `belvo.secretPassword`.
    pub fn belvo(base_url: &str, secret_id: &str, secret_password: &str) -> Result<Self> {
        let config = config(MfaProvider::Belvo, base_url)?;
        let keys = BelvoKeys::new(secret_id, secret_password)
            .map_err(|e| named(MfaProvider::Belvo, e.code, &e.message))?;
        Ok(Self::of(MfaProvider::Belvo, config, Credential::Keys(keys)))
    }

    /// OneLogin at `base_url`; its token source (a ready token, or one fetched with the client
    /// credentials, cached and renewed) is OneLogin's client over the same configuration.
    ///
    /// # Errors
    /// `invalid_input` / `insecure_url` naming `onelogin.baseUrl`; `invalid_input` without
    /// credentials (proxy mode has nothing to add).
    pub fn onelogin(base_url: &str, credentials: Credentials) -> Result<Self> {
        let config = config(MfaProvider::OneLogin, base_url)?;
        if credentials == Credentials::Proxy {
            return Err(Error::invalid_input(
                "createMfaProxy: onelogin: accessToken or clientId + clientSecret is required",
            ));
        }
        let client = Client::new(config.clone(), credentials);
        Ok(Self::of(
            MfaProvider::OneLogin,
            config,
            Credential::Bearer(client),
        ))
    }

    fn of(provider: MfaProvider, config: ClientConfig, credential: Credential) -> Self {
        let standing = match &credential {
            Credential::Bearer(client) => onelogin_secrets(client),
            _ => Vec::new(),
        };
        Upstream {
            provider,
            config,
            credential,
            standing,
        }
    }

    /// The provider.
    pub fn provider(&self) -> MfaProvider {
        self.provider
    }

    /// The base URL (checked) and headers (none) the requests are built from.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// OneLogin's token source; `None` for the other providers.
    pub fn token_source(&self) -> Option<&Client> {
        match &self.credential {
            Credential::Bearer(client) => Some(client),
            _ => None,
        }
    }

    /// Whether a refused token is renewed (OneLogin with client credentials).
    pub fn renews(&self) -> bool {
        self.token_source()
            .is_some_and(|c| matches!(c.credentials(), Credentials::ClientCredentials { .. }))
    }

    /// Whether the proxy holds secrets of this provider: its answers are then scrubbed.
    pub fn holds_secrets(&self) -> bool {
        !matches!(self.credential, Credential::Forwarded)
    }

    /// A browser's request parsed by [`super::parse`], when it is a call of this provider.
    ///
    /// # Errors
    /// [`super::parse`]'s; [`Refusal::NotFound`] for another provider's call.
    pub fn parse(
        &self,
        method: &str,
        path: &str,
        body: &str,
        authorization: Option<&str>,
        content_type: Option<&str>,
    ) -> core::result::Result<Parsed, Refusal> {
        let call = super::parse(method, path, body, authorization, content_type)?;
        match call.operation.provider == self.provider {
            true => Ok(call),
            false => Err(Refusal::NotFound),
        }
    }

    /// The request that forwards `call` (one [`Upstream::parse`] made): `ClientConfig::request`'s (`Accept`), the proxy's
    /// `User-Agent`, the body as `application/json` when there is one, and the credential as
    /// its client adds it: the keys (Belvo, `basic_auth`), `Bearer token` (OneLogin,
    /// `authorize`); both register their secrets on the request. Riffyn's is the browser's own
    /// Basic pair, passed on as it came (not a secret of the proxy's: an answer keeps it).
    pub fn request(&self, call: &Parsed, token: Option<&str>) -> HttpRequest {
        let mut request = self
            .config
            .request(call.method, &call.upstream_path)
            .header("User-Agent", USER_AGENT)
            .operation(call.operation.name);
        if !call.body.is_empty() {
            request = request.json_body(call.body.clone());
        }
        // The row names the credential (src/ops.rs); the upstream holds it.
        match (call.operation.name.proxied().auth, &self.credential) {
            (Auth::Browser, Credential::Forwarded) => match &call.authorization {
                Some(basic) => request.header("Authorization", basic.clone()),
                None => request,
            },
            (Auth::Basic, Credential::Keys(keys)) => {
                request.basic_auth(&keys.secret_id, &keys.secret_password)
            }
            (Auth::Bearer, Credential::Bearer(_)) => match token {
                Some(token) => onelogin::flow::authorize(request, token),
                None => request,
            },
            _ => request,
        }
    }

    /// The scrubber of what the proxy passes back to the browser: every form of the secrets
    /// `sent` (a request's, [`Upstream::request`]) and of the provider's standing ones.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn scrubber(&self, sent: &[String]) -> Scrubber {
        Scrubber::new(&[self.standing.as_slice(), sent].concat())
    }

    /// The scrubber of what `onError` hears about `call`: [`Upstream::scrubber`]'s secrets and
    /// the browser's Basic pair.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn report_scrubber(&self, call: &Parsed, sent: &[String]) -> Scrubber {
        let forwarded = call.authorization.as_slice();
        Scrubber::new(&[self.standing.as_slice(), sent, forwarded].concat())
    }
}

/// The configuration of `provider` at `base_url`, checked by the clients' rule; no extra headers.
fn config(provider: MfaProvider, base_url: &str) -> Result<ClientConfig> {
    let base_url = check_base_url(base_url, false).map_err(|why| refused(provider, why))?;
    Ok(ClientConfig {
        base_url,
        headers: Vec::new(),
    })
}

/// The secrets of OneLogin's credentials: a ready token, or the token request's (the client
/// secret and the pair's base64, as `basic_auth` registers them) less the client id alone, which
/// is no secret (a short one would scrub common words from every answer).
fn onelogin_secrets(client: &Client) -> Vec<String> {
    match client.credentials() {
        Credentials::AccessToken(token) => vec![token.clone()],
        Credentials::ClientCredentials {
            client_id,
            client_secret,
        } => onelogin::build_token_request(client.config(), client_id, client_secret)
            .secrets
            .into_iter()
            .filter(|s| s != client_id)
            .collect(),
        Credentials::Proxy => Vec::new(),
    }
}

/// A refused base URL, as `createMfaProxy` words it (`createMfaProxy: belvo.baseUrl: …`).
fn refused(provider: MfaProvider, why: UrlRefusal) -> Error {
    let (code, words) = match why {
        UrlRefusal::Malformed => (
            MfaErrorCode::InvalidInput,
            "baseUrl: must be an absolute http(s) URL",
        ),
        UrlRefusal::QueryOrFragment | UrlRefusal::Credentials => (
            MfaErrorCode::InvalidInput,
            "baseUrl: must not hold credentials, a query or a fragment",
        ),
        UrlRefusal::Insecure => (
            MfaErrorCode::InsecureUrl,
            "baseUrl: must be https (http only for loopback hosts)",
        ),
    };
    named(provider, code, words)
}

/// `createMfaProxy: {provider}.{message}`: the option named in full.
fn named(provider: MfaProvider, code: MfaErrorCode, message: &str) -> Error {
    Error::new(
        code,
        concat(&["createMfaProxy: ", provider.as_str(), ".", message]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::parse;

    const ID: &str = "belvo-id-7a1";
    const PASSWORD: &str = "belvo-pw-very-secret";

    fn call(method: &str, path: &str, body: &str, authorization: Option<&str>) -> Parsed {
        parse(method, path, body, authorization, Some("application/json")).unwrap()
    }

    /// OneLogin with client credentials.
    fn onelogin() -> Upstream {
        let credentials = Credentials::ClientCredentials {
            client_id: "ol-client-id".into(),
            client_secret: "ol-client-secret".into(),
        };
        Upstream::onelogin("https://o.example", credentials).unwrap()
    }

    fn headers(request: &HttpRequest) -> Vec<(&str, &str)> {
        let pairs = request.headers.iter();
        pairs.map(|(n, v)| (n.as_str(), v.as_str())).collect()
    }

    #[test]
    fn the_base_url_rule_is_the_clients_worded_for_the_proxy() {
        for url in [
            "https://api.app.riffyn.com/v1/",
            "http://127.0.0.1:4010",
            "http://localhost:3000",
            "http://app.localhost:3000",
            "http://[::1]:8080/x",
        ] {
            let proxy = Upstream::riffyn(url).map(|u| u.config().base_url.clone());
            let client = ClientConfig::new(url, vec![], false).map(|c| c.base_url);
            assert_eq!(proxy.ok(), client.ok(), "{url}");
        }
        let insecure =
            "createMfaProxy: riffyn.baseUrl: must be https (http only for loopback hosts)";
        let hidden =
            "createMfaProxy: belvo.baseUrl: must not hold credentials, a query or a fragment";
        let malformed = "createMfaProxy: onelogin.baseUrl: must be an absolute http(s) URL";
        let token = || Credentials::AccessToken("tok-12345".into());
        for (made, code, message) in [
            (
                Upstream::riffyn("http://example.com"),
                MfaErrorCode::InsecureUrl,
                insecure,
            ),
            (
                Upstream::riffyn("http://localhost.example.com"),
                MfaErrorCode::InsecureUrl,
                insecure,
            ),
            (
                Upstream::belvo("https://u:p@b.example", ID, PASSWORD),
                MfaErrorCode::InvalidInput,
                hidden,
            ),
            (
                Upstream::belvo("https://b.example?x=1", ID, PASSWORD),
                MfaErrorCode::InvalidInput,
                hidden,
            ),
            (
                Upstream::onelogin("ftp://o.example", token()),
                MfaErrorCode::InvalidInput,
                malformed,
            ),
            (
                Upstream::onelogin("https://o example", token()),
                MfaErrorCode::InvalidInput,
                malformed,
            ),
        ] {
            let error = made.unwrap_err();
            assert_eq!((error.code, error.message.as_ref()), (code, message));
        }
        // The clients refuse the same URLs with the same codes.
        for url in ["http://example.com", "http://localhost.example.com"] {
            let error = ClientConfig::new(url, vec![], false).unwrap_err();
            assert_eq!(error.code, MfaErrorCode::InsecureUrl, "{url}");
        }
    }

    #[test]
    fn an_upstream_parses_only_its_own_providers_calls() {
        let riffyn = Upstream::riffyn("https://r.example").unwrap();
        let json = Some("application/json");
        let login = riffyn
            .parse("POST", "/riffyn/auth", "", None, json)
            .unwrap();
        assert_eq!(login.operation.name, crate::ops::OperationName::RiffynLogin);
        let belvo = riffyn.parse(
            "POST",
            "/belvo/api/links/",
            r#"{"institution":"i"}"#,
            None,
            json,
        );
        assert_eq!(belvo.unwrap_err(), Refusal::NotFound);
    }

    #[test]
    fn credentials_are_checked_as_the_clients_check_them_and_named_never_shown() {
        let error =
            Upstream::belvo("https://b.example", "id:with-colon-9f2", PASSWORD).unwrap_err();
        assert_eq!(error.code, MfaErrorCode::InvalidInput);
        assert!(
            error
                .message
                .starts_with("createMfaProxy: belvo.secretId: "),
            "{}",
            error.message
        );
        assert!(!error.message.contains("with-colon"));
        let error = Upstream::onelogin("https://o.example", Credentials::Proxy).unwrap_err();
        assert_eq!(error.code, MfaErrorCode::InvalidInput);
    }

    #[test]
    fn each_request_carries_the_providers_credential_as_its_client_adds_it() {
        let basic = concat(&["Basic ", &crate::http::base64(b"alice:pw")]);
        let riffyn = Upstream::riffyn("https://r.example/v1/").unwrap();
        let verify = call(
            "POST",
            "/riffyn/auth/factor/uft1/verify",
            r#"{"stateToken":"st","passCode":"123456"}"#,
            Some(&basic),
        );
        let request = riffyn.request(&verify, None);
        assert_eq!(request.method, crate::http::Method::Post);
        assert_eq!(request.url, "https://r.example/v1/auth/factor/uft1/verify");
        assert_eq!(
            headers(&request),
            [
                ("Accept", "application/json"),
                ("User-Agent", "mfa-flows"),
                ("Content-Type", "application/json"),
                ("Authorization", basic.as_str()),
            ]
        );
        assert_eq!(request.body.as_deref(), Some(verify.body.as_str()));
        // The browser's own pair is passed on, not one of the proxy's secrets.
        assert!(request.secrets.is_empty() && !riffyn.holds_secrets());

        let belvo = Upstream::belvo("https://b.example", ID, PASSWORD).unwrap();
        let register = call(
            "POST",
            "/belvo/api/links/",
            r#"{"institution":"i"}"#,
            Some(&basic),
        );
        let request = belvo.request(&register, None);
        let keys = BelvoKeys::new(ID, PASSWORD).unwrap();
        let config = crate::testing::config("https://b.example", &[]);
        let client = crate::belvo::flow::build_register(
            &config,
            Some(&keys),
            &crate::belvo::BelvoRegisterLinkInput::from_json(
                &crate::json::Json::parse(r#"{"institution":"i","username":"u"}"#).unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        // The Basic pair and its secrets are the Belvo client's, whatever the browser sent.
        assert_eq!(
            request.header_value("Authorization"),
            client.header_value("Authorization")
        );
        assert_eq!(request.secrets, client.secrets);
        assert_eq!(request.url, "https://b.example/api/links/");

        let onelogin = onelogin();
        assert!(onelogin.renews() && onelogin.holds_secrets());
        let factors = call("GET", "/onelogin/api/1/users/1001/otp_devices", "", None);
        let request = onelogin.request(&factors, Some("tok-abc-123"));
        assert_eq!(
            headers(&request),
            [
                ("Accept", "application/json"),
                ("User-Agent", "mfa-flows"),
                ("Authorization", "Bearer tok-abc-123"),
            ]
        );
        assert_eq!(request.body, None);
        assert_eq!(request.secrets, ["tok-abc-123"]);
    }

    #[test]
    fn answers_are_scrubbed_of_the_proxys_secrets_and_reports_of_the_browsers_too() {
        let belvo = Upstream::belvo("https://b.example", ID, PASSWORD).unwrap();
        let register = call("POST", "/belvo/api/links/", "{\"institution\":\"i\"}", None);
        let sent = belvo.request(&register, None);
        let echo = concat(&[
            sent.header_value("Authorization").unwrap(),
            " ",
            ID,
            ":",
            PASSWORD,
        ]);
        let scrubbed = belvo.scrubber(&sent.secrets).replaced(echo);
        assert!(
            !scrubbed.contains(ID) && !scrubbed.contains(PASSWORD),
            "{scrubbed}"
        );
        let pair = crate::http::base64(concat(&[ID, ":", PASSWORD]).as_bytes());
        assert!(
            !scrubbed.contains(crate::text::trim_end(&pair, b'=')),
            "{scrubbed}"
        );

        let onelogin = onelogin();
        let factors = call("GET", "/onelogin/api/1/users/1/otp_devices", "", None);
        let sent = onelogin.request(&factors, Some("tok-abc-123"));
        let scrubbed = onelogin
            .scrubber(&sent.secrets)
            .replaced("ol-client-id ol-client-secret TOK-ABC-123".into());
        // The client id alone is no secret; the secret and the token in use are.
        assert_eq!(scrubbed, "ol-client-id *** ***");

        let basic = concat(&["Basic ", &crate::http::base64(b"alice:pw")]);
        let riffyn = Upstream::riffyn("https://r.example").unwrap();
        let login = call("POST", "/riffyn/auth", "", Some(&basic));
        let sent = riffyn.request(&login, None);
        let answer = riffyn.scrubber(&sent.secrets).replaced(basic.clone());
        assert_eq!(
            answer, basic,
            "the browser's own pair comes back as it went"
        );
        let report = riffyn
            .report_scrubber(&login, &sent.secrets)
            .replaced(basic.clone());
        assert_eq!(report, "***", "onError never hears it");
    }
}
