//! The bindings `mfa-flows/server` (js/lib/proxy.api.js) uses: one upstream per configured
//! provider (`proxy::Upstream`: the base URL checked by the clients' rule, the request built with
//! its credentials, OneLogin's token source) and the parsed call of one proxied request.
//! Internal: left out of the package's `.d.ts` (the entry's own `js/entries/server.d.ts` types what users
//! see).

use super::error::to_js;
use super::options::{Call, Shared};
use super::util::{promise, string_option, to_value};
use crate::error::{Error, MfaErrorCode, Result, Scrubber};
use crate::http::HttpResponse;
use crate::json::JsonObject;
use crate::onelogin::Credentials;
use crate::ops::{guard, OperationName};
use crate::prelude::*;
use crate::proxy::{self, Parsed, Refusal, Upstream};
use alloc::rc::Rc;
use core::cell::OnceCell;
use js_sys::Promise;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// One row of the core's table of operations, as the proxy's JS reads it (js/lib/ops.js).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationRow {
    name: &'static str,
    provider: &'static str,
    admin: bool,
    continues: bool,
    up_front: bool,
    mints: bool,
}

/// Every operation, in table order: `{name, provider, admin, continues, upFront, mints}` (the
/// rows of `ops::operations!`).
#[wasm_bindgen(js_name = "__mfaOperations", skip_typescript)]
pub fn operations() -> core::result::Result<JsValue, JsValue> {
    let rows: Vec<OperationRow> = OperationName::all()
        .map(|n| {
            let p = n.proxied();
            OperationRow {
                name: n.as_str(),
                provider: n.provider().as_str(),
                admin: p.admin,
                continues: p.guards(guard::CONTINUES),
                up_front: p.guards(guard::UP_FRONT),
                mints: p.guards(guard::MINTS),
            }
        })
        .collect();
    to_value(&rows).map_err(to_js)
}

/// One provider's upstream and, for OneLogin, what its token source fetches with.
struct Source {
    upstream: Upstream,
    shared: Option<Shared>,
}

/// One provider as the proxy reaches it, made once from `createMfaProxy`'s options.
#[wasm_bindgen(js_name = "__MfaProxyUpstream", skip_typescript)]
pub struct ProxyUpstream {
    source: Rc<Source>,
}

#[wasm_bindgen(js_class = "__MfaProxyUpstream")]
impl ProxyUpstream {
    /// `provider` with `{ baseUrl }` (Riffyn), `{ baseUrl, secretId, secretPassword }` (Belvo),
    /// `{ baseUrl, accessToken } | { baseUrl, clientId, clientSecret }` plus `fetch`, `timeoutMs`
    /// (OneLogin). Throws an `MfaError` naming the option (`insecure_url`, `invalid_input`).
    #[wasm_bindgen(constructor)]
    pub fn new(provider: &str, options: JsValue) -> core::result::Result<ProxyUpstream, JsValue> {
        let build = || -> Result<ProxyUpstream> {
            let base_url = string_option(
                &options,
                "baseUrl",
                "createMfaProxy: baseUrl: must be a string",
            )?
            .unwrap_or_default();
            let (upstream, shared) = match provider {
                "riffyn" => (Upstream::riffyn(&base_url)?, None),
                "belvo" => {
                    let id = string_option(
                        &options,
                        "secretId",
                        "createMfaProxy: belvo.secretId: must be a string",
                    )?;
                    let password = string_option(
                        &options,
                        "secretPassword",
                        "createMfaProxy: belvo.secretPassword: must be a string",
                    )?;
                    let upstream = Upstream::belvo(
                        &base_url,
                        &id.unwrap_or_default(),
                        &password.unwrap_or_default(),
                    )?;
                    (upstream, None)
                }
                "onelogin" => {
                    let credentials = Credentials::from_options(
                        string_option(
                            &options,
                            "accessToken",
                            "createMfaProxy: onelogin.accessToken: must be a string",
                        )?,
                        string_option(
                            &options,
                            "clientId",
                            "createMfaProxy: onelogin.clientId: must be a string",
                        )?,
                        string_option(
                            &options,
                            "clientSecret",
                            "createMfaProxy: onelogin.clientSecret: must be a string",
                        )?,
                    )?;
                    let upstream = Upstream::onelogin(&base_url, credentials)?;
                    let shared = Shared::for_proxy(upstream.config().clone(), &options)?;
                    (upstream, Some(shared))
                }
                _ => return Err(Error::invalid_input("createMfaProxy: no such provider")),
            };
            Ok(ProxyUpstream {
                source: Rc::new(Source { upstream, shared }),
            })
        };
        build().map_err(to_js)
    }

    /// Whether the proxy holds secrets of this provider (answers passed back are scrubbed).
    #[wasm_bindgen(js_name = holdsSecrets)]
    pub fn holds_secrets(&self) -> bool {
        self.source.upstream.holds_secrets()
    }

    /// Whether a refused OneLogin token is renewed (client credentials).
    pub fn renews(&self) -> bool {
        self.source.upstream.renews()
    }

    /// Parses a request (`path` after the proxy's `basePath`) against the table of operations;
    /// throws `"not_found"`, `"unsupported_media_type"` or `"bad_body"` for a request no client
    /// sends (or one of another provider).
    pub fn parse(
        &self,
        method: &str,
        path: &str,
        body: &str,
        authorization: Option<String>,
        content_type: Option<String>,
    ) -> core::result::Result<ProxyCall, JsValue> {
        self.source
            .upstream
            .parse(
                method,
                path,
                body,
                authorization.as_deref(),
                content_type.as_deref(),
            )
            .map(|parsed| ProxyCall {
                parsed,
                source: self.source.clone(),
                sent: Vec::new(),
                scrubber: OnceCell::new(),
            })
            .map_err(|r| {
                JsValue::from_str(match r {
                    Refusal::NotFound => "not_found",
                    Refusal::BadBody => "bad_body",
                    Refusal::UnsupportedMediaType => "unsupported_media_type",
                })
            })
    }

    /// OneLogin's token to send (a promise; rejects with an `MfaError` that holds no secret);
    /// `undefined` for the other providers.
    pub fn token(&self, signal: Option<AbortSignal>) -> Promise {
        let source = self.source.clone();
        let call = Call::with_signal(signal.clone());
        promise(
            Box::pin(async move {
                let (Some(client), Some(shared)) =
                    (source.upstream.token_source(), source.shared.as_ref())
                else {
                    return Ok(JsValue::UNDEFINED);
                };
                let transport = shared.transport(&call);
                let token = client.bearer(&transport).await?;
                Ok(token.map_or(JsValue::UNDEFINED, |t| JsValue::from_str(&t)))
            }),
            signal,
            None,
        )
    }

    /// Forgets a token an answer refused.
    pub fn renew(&self, refused: &str) {
        if let Some(client) = self.source.upstream.token_source() {
            client.renew(refused);
        }
    }
}

/// One proxied request, parsed against the table of operations.
#[wasm_bindgen(js_name = "__MfaProxyCall", skip_typescript)]
pub struct ProxyCall {
    parsed: Parsed,
    source: Rc<Source>,
    /// The secrets of the request last built ([`ProxyCall::request`]).
    sent: Vec<String>,
    /// What an answer is scrubbed of, made on first use for the request last built.
    scrubber: OnceCell<Scrubber>,
}

#[wasm_bindgen(js_class = "__MfaProxyCall")]
impl ProxyCall {
    /// The `MfaOperation`.
    pub fn operation(&self) -> core::result::Result<JsValue, JsValue> {
        to_value(&self.parsed.operation).map_err(to_js)
    }

    /// The request to send upstream (`proxy::Upstream::request`), as the JSON text of `{ method,
    /// url, headers, sendsBody }`: header names in lower case, and whether the request carries
    /// the body it was parsed from (the JS holds that string and sends it as it is). `token` is
    /// OneLogin's bearer. One string crosses: a JS object set field by field from here costs
    /// several times as much, on the proxy's hot path (bench figure 5).
    pub fn request(&mut self, token: Option<String>) -> String {
        let request = self.source.upstream.request(&self.parsed, token.as_deref());
        let mut headers = JsonObject::with_capacity(256);
        let mut lower = String::new();
        for (name, value) in &request.headers {
            lower.clear();
            lower.push_str(name);
            lower.make_ascii_lowercase();
            headers.str(&lower, value);
        }
        let mut out = JsonObject::with_capacity(request.url.len() + 320);
        out.str("method", request.method.as_str());
        out.str("url", &request.url);
        out.raw("headers", &headers.finish());
        out.bool("sendsBody", request.body.is_some());
        self.sent = request.secrets;
        self.scrubber = OnceCell::new();
        out.finish()
    }

    /// `text` (a body or header the proxy passes back to the browser) with every form of the
    /// proxy's secrets for this call replaced: the provider's keys, the token sent. With `report`
    /// (what `onError` hears), the browser's forwarded Basic pair too.
    pub fn scrub(&self, text: String, report: bool) -> String {
        let upstream = &self.source.upstream;
        if report {
            return upstream
                .report_scrubber(&self.parsed, &self.sent)
                .replaced(text);
        }
        self.scrubber
            .get_or_init(|| upstream.scrubber(&self.sent))
            .replaced(text)
    }

    /// The `Authorization` the row sends upstream: `"browser"` (the browser's own Basic,
    /// `authorization()`), `"basic"` (the proxy's, Belvo's keys) or `"bearer"` (OneLogin's token).
    pub fn auth(&self) -> String {
        self.parsed
            .operation
            .name
            .proxied()
            .auth
            .as_str()
            .to_string()
    }

    /// The `MfaResult` of the provider's answer.
    pub fn outcome(&self, status: u16, body: String) -> core::result::Result<JsValue, JsValue> {
        let res = HttpResponse::new(status, body);
        to_value(&proxy::outcome(
            &self.parsed.operation,
            &res,
            crate::time::now_ms(),
        ))
        .map_err(to_js)
    }

    /// What the request body carries for the guard (`{handle?, link?, code?}`, raw).
    pub fn carried(&self, body: &str) -> core::result::Result<JsValue, JsValue> {
        to_value(&proxy::carried(&self.parsed.operation, body)).map_err(to_js)
    }

    /// The handle the answer mints (`{handle, link?, device?}`, raw), or `undefined`.
    pub fn minted(&self, status: u16, body: String) -> core::result::Result<JsValue, JsValue> {
        let res = HttpResponse::new(status, body);
        match proxy::minted(&self.parsed.operation, &res, crate::time::now_ms()) {
            Some(m) => to_value(&m).map_err(to_js),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The `MfaResult` when no answer came; `code` is the failure's `MfaErrorCode`.
    #[wasm_bindgen(js_name = noAnswer)]
    pub fn no_answer(&self, code: &str) -> core::result::Result<JsValue, JsValue> {
        let code = match code {
            "timeout" => MfaErrorCode::Timeout,
            "aborted" => MfaErrorCode::Aborted,
            "bad_response" => MfaErrorCode::BadResponse,
            "unauthorized" => MfaErrorCode::Unauthorized,
            "invalid_credentials" => MfaErrorCode::InvalidCredentials,
            "rate_limited" => MfaErrorCode::RateLimited,
            "server_error" => MfaErrorCode::ServerError,
            _ => MfaErrorCode::Network,
        };
        to_value(&proxy::no_answer(&self.parsed.operation, code)).map_err(to_js)
    }

    /// Whether the answer refuses the proxy's OneLogin token (renew it and resend once).
    #[wasm_bindgen(js_name = refusesToken)]
    pub fn refuses_token(&self, status: u16, body: String) -> bool {
        proxy::refuses_token(&self.parsed.operation, &HttpResponse::new(status, body))
    }
}

#[cfg(test)]
mod tests {
    //! wasm-bindgen-test (Node and headless Chromium): the upstream request as the JS gets it.

    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn options(pairs: &[(&str, &str)]) -> JsValue {
        let object = js_sys::Object::new();
        for (key, value) in pairs {
            let _ = js_sys::Reflect::set(&object, &(*key).into(), &(*value).into());
        }
        object.into()
    }

    #[wasm_bindgen_test]
    fn the_request_crosses_as_json_with_lower_case_names_and_the_providers_credential() {
        let belvo = ProxyUpstream::new(
            "belvo",
            options(&[
                ("baseUrl", "http://app.localhost:4010/"),
                ("secretId", "id-\"quoted\""),
                ("secretPassword", "pw"),
            ]),
        )
        .unwrap();
        assert!(belvo.holds_secrets() && !belvo.renews());
        let body = r#"{"institution":"i"}"#;
        let mut call = belvo
            .parse(
                "POST",
                "/belvo/api/links/",
                body,
                None,
                Some("application/json".into()),
            )
            .unwrap();
        let sent = js_sys::JSON::parse(&call.request(None)).unwrap();
        let basic = crate::text::concat(&["Basic ", &crate::http::base64(b"id-\"quoted\":pw")]);
        let want = crate::text::concat(&[
            r#"{"method":"POST","url":"http://app.localhost:4010/api/links/","headers":{"accept":"application/json","user-agent":"mfa-flows","content-type":"application/json","authorization":""#,
            &basic,
            r#""},"sendsBody":true}"#,
        ]);
        let text = js_sys::JSON::stringify(&sent).unwrap().as_string().unwrap();
        assert_eq!(text, want);
        // The keys, in any form an echo takes, never go back; the rest does.
        let echo = crate::text::concat(&["x ", &basic, " id-\"quoted\""]);
        assert_eq!(call.scrub(echo, false), "x Basic ***= ***");

        let refused = ProxyUpstream::new("riffyn", options(&[("baseUrl", "http://example.com")]));
        let error = refused.err().unwrap();
        let code = js_sys::Reflect::get(&error, &"code".into()).unwrap();
        assert_eq!(code.as_string().as_deref(), Some("insecure_url"));
    }
}
