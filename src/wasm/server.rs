//! The bindings `mfa-flows/server` (js/server.js) uses: the parsed call of one proxied request
//! and the OneLogin bearer token source. Internal: left out of the package's `.d.ts` (the
//! server's own `server.d.ts` types what users see).

use super::error::to_js;
use super::options::{Call, Shared};
use super::util::{promise, string_option, to_value};
use crate::error::{Error, MfaErrorCode, Result};
use crate::http::HttpResponse;
use crate::onelogin::{Client, Credentials};
use crate::ops::{guard, OperationName};
use crate::prelude::*;
use crate::server::{self, Parsed, Refusal};
use alloc::rc::Rc;
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

/// `text` (a body or header the proxy passes back to the browser) with every form of the
/// proxy's own `secrets` replaced, by the scrubber the clients' errors go through.
#[wasm_bindgen(js_name = "__mfaScrub", skip_typescript)]
pub fn scrub(text: String, secrets: Vec<String>) -> String {
    crate::error::Scrubber::new(&secrets).replaced(text)
}

/// One proxied request, parsed against the table of operations.
#[wasm_bindgen(js_name = "__MfaProxyCall", skip_typescript)]
pub struct ProxyCall {
    parsed: Parsed,
}

#[wasm_bindgen(js_class = "__MfaProxyCall")]
impl ProxyCall {
    /// Parses a request (`path` after the proxy's `basePath`); throws `"not_found"`,
    /// `"unsupported_media_type"` or `"bad_body"` for a request no client sends.
    pub fn parse(
        method: &str,
        path: &str,
        body: &str,
        authorization: Option<String>,
        content_type: Option<String>,
    ) -> core::result::Result<ProxyCall, JsValue> {
        server::parse(
            method,
            path,
            body,
            authorization.as_deref(),
            content_type.as_deref(),
        )
        .map(|parsed| ProxyCall { parsed })
        .map_err(|r| {
            JsValue::from_str(match r {
                Refusal::NotFound => "not_found",
                Refusal::BadBody => "bad_body",
                Refusal::UnsupportedMediaType => "unsupported_media_type",
            })
        })
    }

    /// The `MfaOperation`.
    pub fn operation(&self) -> core::result::Result<JsValue, JsValue> {
        to_value(&self.parsed.operation).map_err(to_js)
    }

    /// The method to send upstream.
    pub fn method(&self) -> String {
        self.parsed.method.as_str().to_string()
    }

    /// The path under the provider's base URL.
    #[wasm_bindgen(js_name = upstreamPath)]
    pub fn upstream_path(&self) -> String {
        self.parsed.upstream_path.clone()
    }

    /// The browser's Basic credentials to forward (Riffyn's); `undefined` for every other row.
    pub fn authorization(&self) -> Option<String> {
        self.parsed.authorization.clone()
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
        to_value(&server::outcome(
            &self.parsed.operation,
            &res,
            crate::time::now_ms(),
        ))
        .map_err(to_js)
    }

    /// What the request body carries for the guard (`{handle?, link?, code?}`, raw).
    pub fn carried(&self, body: &str) -> core::result::Result<JsValue, JsValue> {
        to_value(&server::carried(&self.parsed.operation, body)).map_err(to_js)
    }

    /// The handle the answer mints (`{handle, link?, device?}`, raw), or `undefined`.
    pub fn minted(&self, status: u16, body: String) -> core::result::Result<JsValue, JsValue> {
        let res = HttpResponse::new(status, body);
        match server::minted(&self.parsed.operation, &res, crate::time::now_ms()) {
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
        to_value(&server::no_answer(&self.parsed.operation, code)).map_err(to_js)
    }

    /// Whether the answer refuses the proxy's OneLogin token (renew it and resend once).
    #[wasm_bindgen(js_name = refusesToken)]
    pub fn refuses_token(&self, status: u16, body: String) -> bool {
        server::refuses_token(&self.parsed.operation, &HttpResponse::new(status, body))
    }
}

/// OneLogin's bearer token for the proxy: a ready `accessToken`, or one fetched with
/// `clientId`/`clientSecret`, cached and renewed by the core (`onelogin::Client`).
#[wasm_bindgen(js_name = "__MfaProxyToken", skip_typescript)]
pub struct ProxyToken {
    inner: Rc<(Shared, Client)>,
}

#[wasm_bindgen(js_class = "__MfaProxyToken")]
impl ProxyToken {
    /// `{ baseUrl, accessToken } | { baseUrl, clientId, clientSecret }`, plus `fetch`, `timeoutMs`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> core::result::Result<ProxyToken, JsValue> {
        let build = || -> Result<ProxyToken> {
            let shared = Shared::from_js(&options, &["accessToken", "clientId", "clientSecret"])?;
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
            if credentials == Credentials::Proxy {
                return Err(Error::invalid_input(
                    "createMfaProxy: onelogin: accessToken or clientId + clientSecret is required",
                ));
            }
            let client = Client::new(shared.config.clone(), credentials);
            Ok(ProxyToken {
                inner: Rc::new((shared, client)),
            })
        };
        build().map_err(to_js)
    }

    /// The token to send (a promise; rejects with an `MfaError` that holds no secret).
    pub fn token(&self, signal: Option<AbortSignal>) -> Promise {
        let inner = self.inner.clone();
        let transport = inner.0.transport(&Call::with_signal(signal.clone()));
        promise(
            Box::pin(async move {
                let token = inner.1.bearer(&transport).await?;
                Ok(token.map_or(JsValue::UNDEFINED, |t| JsValue::from_str(&t)))
            }),
            signal,
            None,
        )
    }

    /// Forgets a token an answer refused.
    pub fn renew(&self, refused: &str) {
        self.inner.1.renew(refused);
    }
}
