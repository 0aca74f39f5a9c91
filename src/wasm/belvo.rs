//! `BelvoClient`: a register or a retrieval answers HTTP 428 `token_required` → `resume`.
//!
//! Inputs are read field by field (`crate::belvo::input`) so that every `invalid_input` names
//! its field; this file only turns JS values into `Json` trees.

use super::error::to_js;
use super::options::{in_browser, CallOptions, Shared};
use super::util::{bool_option, json, start, string_option, Exchange};
use crate::belvo::input;
use crate::belvo::{
    BelvoKeys, BelvoRegisterLinkInput, BelvoResumeInput, BelvoRetrieveInput, BelvoTokenRequired,
    Prepared,
};
use crate::error::{Error, Result};
use crate::http::{HttpRequest, HttpResponse};
use crate::json::Json;
use crate::ops::OperationName;
use crate::output::Output;
use js_sys::Promise;
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_BELVO_OPTIONS: &str = r#"
/**
 * Options of `BelvoClient`: the common `ClientOptions` and, on a server, Belvo's API keys.
 * Without keys no `Authorization` header is sent: point `baseUrl` at a backend that adds them.
 */
export type BelvoClientOptions = ClientOptions & {
  /** Belvo secret key id (the HTTP Basic user). Give it with `secretPassword`. */
  secretId?: string;
  /** Belvo secret key password. Refused in a browser page (`browser_secret`) unless `dangerouslyAllowBrowser`. */
  secretPassword?: string;
  /** Allows `secretPassword` in a browser page, where anyone can read it. Default false. */
  dangerouslyAllowBrowser?: boolean;
};
"#;

const EXTRA_KEYS: [&str; 3] = ["secretId", "secretPassword", "dangerouslyAllowBrowser"];

/// Reads the keys and applies the browser guard.
fn keys_of(options: &JsValue) -> Result<Option<BelvoKeys>> {
    let secret_id = string_option(options, "secretId", "secretId: must be a string")?;
    let secret_password = string_option(
        options,
        "secretPassword",
        "secretPassword: must be a string",
    )?;
    let allow_browser = bool_option(
        options,
        "dangerouslyAllowBrowser",
        "dangerouslyAllowBrowser: must be a boolean",
    )?;
    BelvoKeys::check_browser(secret_password.is_some(), in_browser(), allow_browser)?;
    match (secret_id, secret_password) {
        (Some(id), Some(password)) => BelvoKeys::new(&id, &password).map(Some),
        (None, None) => Ok(None),
        _ => Err(Error::invalid_input(
            "secretId/secretPassword: give both or neither",
        )),
    }
}

struct Inner {
    shared: Shared,
    keys: Option<BelvoKeys>,
}

/// A Belvo client: `registerLink` and `retrieve` may answer `TOKEN_REQUIRED` (HTTP 428), which
/// `resume` completes with the user's token. It holds configuration only: steps are plain JSON
/// objects that can be stored (e.g. in `sessionStorage`) and resumed later, even by another
/// client.
// Its declaration (with these docs) becomes the public class's in lib/clients.d.ts: the build
// takes it from the glue (scripts/build.mjs `clientDeclarations`), as js/lib/client.js wraps it.
#[wasm_bindgen]
pub struct BelvoClient {
    inner: Inner,
}

#[wasm_bindgen]
impl BelvoClient {
    /// Checks the options and sends nothing.
    ///
    /// Throws `MfaError` at once: `invalid_input`, `insecure_url`, or `browser_secret` for a
    /// `secretPassword` in a browser page without `dangerouslyAllowBrowser: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "BelvoClientOptions")] options: JsValue,
    ) -> Result<BelvoClient, JsValue> {
        let shared = Shared::from_js(&options, &EXTRA_KEYS).map_err(to_js)?;
        let keys = keys_of(&options).map_err(to_js)?;
        Ok(BelvoClient {
            inner: Inner { shared, keys },
        })
    }

    /// Registers a link (`POST {baseUrl}/api/links/`). Resolves `SUCCESS` with the Link in
    /// `data`, or `TOKEN_REQUIRED` when the institution asks for an MFA token. Rejects
    /// `MfaError` (`invalid_input`, `invalid_credentials`, `provider_error` with `providerCode`
    /// such as `activation_required`, `rate_limited`, `unauthorized`, …).
    #[wasm_bindgen(js_name = registerLink, unchecked_return_type = "Promise<BelvoStep>")]
    pub fn register_link(
        &self,
        input: Ts<BelvoRegisterLinkInput>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let input = input::register_input(&json(&input));
        self.run(call, OperationName::BelvoRegisterLink, move |inner, _| {
            Prepared::register_link(&inner.shared.config, inner.keys.as_ref(), &input?)
        })
    }

    /// Retrieves a data resource of a link (`POST {baseUrl}/api/{resource}/`). Resolves
    /// `SUCCESS` with Belvo's array in `data`, or `TOKEN_REQUIRED`. Extra camelCase fields of
    /// `input` are sent in snake_case. Rejects `MfaError` (`invalid_input` for an unknown
    /// resource, `rate_limited`, `provider_error`, …).
    #[wasm_bindgen(unchecked_return_type = "Promise<BelvoStep>")]
    pub fn retrieve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "BelvoResource")] resource: JsValue,
        input: Ts<BelvoRetrieveInput>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let resource = input::resource(&Json::from_js(&resource));
        let input = input::retrieve_input(&json(&input));
        self.run(call, OperationName::BelvoRetrieve, move |inner, _| {
            Prepared::retrieve(
                &inner.shared.config,
                inner.keys.as_ref(),
                resource?,
                &input?,
            )
        })
    }

    /// Completes a `TOKEN_REQUIRED` step (`PATCH {baseUrl}{resumePath}`) with the user's
    /// `token` (omit it when `tokenGenerationData.expectsUserInput` is false). Resolves
    /// `SUCCESS`, or another `TOKEN_REQUIRED` (multi-step MFA: loop). Rejects `MfaError`:
    /// `invalid_code` for a wrong token (the step may be resumed again), `expired` (checked
    /// locally from `expiresAt` without sending anything, or said by Belvo), `invalid_input`
    /// for a missing token.
    #[wasm_bindgen(unchecked_return_type = "Promise<BelvoStep>")]
    pub fn resume(
        &self,
        challenge: Ts<BelvoTokenRequired>,
        input: Option<Ts<BelvoResumeInput>>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let challenge = input::challenge(&json(&challenge));
        let input = input::resume_input(input.as_ref().map(json).as_ref());
        self.run(call, OperationName::BelvoResume, move |inner, now_ms| {
            let (challenge, input) = (challenge?, input?);
            Prepared::resume(
                &inner.shared.config,
                inner.keys.as_ref(),
                &challenge,
                &input,
                now_ms,
            )
        })
    }
}

impl BelvoClient {
    /// Runs a method through [`start`] with this client's state.
    fn run(
        &self,
        call: Option<Ts<CallOptions>>,
        op: OperationName,
        prepare: impl FnOnce(&Inner, f64) -> Result<Prepared>,
    ) -> Promise {
        let inner = &self.inner;
        start(&inner.shared, call, op, |now_ms| prepare(inner, now_ms))
    }
}

impl Exchange for Prepared {
    fn request(&self) -> &HttpRequest {
        Prepared::request(self)
    }

    fn provider(&self) -> crate::error::MfaProvider {
        crate::error::MfaProvider::Belvo
    }

    fn finish(&self, res: &HttpResponse, now_ms: f64) -> Result<(JsValue, Option<&'static str>)> {
        let step = self.read(res, now_ms)?;
        Ok((step.to_js(), Some(step.status())))
    }
}

#[cfg(test)]
mod tests {
    //! The writer `output!` made against the `Serialize` derive that makes the `.d.ts`
    //! (wasm-bindgen-test: Node and headless Chromium), on values with every field and with none;
    //! `data` (Belvo's JSON, a JS value in the module) passes through as it came.

    use crate::belvo::{BelvoStep, BelvoSuccess, SuccessStatus};
    use crate::json::RawJson;
    use crate::output::{assert_writes_as_derived, Output};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_writer_writes_what_the_derive_describes() {
        assert_writes_as_derived::<BelvoStep>();
    }

    #[wasm_bindgen_test]
    fn data_is_the_js_value_that_was_parsed() {
        let data = RawJson::parse(r#"[{"id":"a","balance":{"current":1.5}}]"#).unwrap();
        let step = BelvoStep::Success(BelvoSuccess {
            status: SuccessStatus::Success,
            http_status: 200,
            data: data.clone(),
        });
        let written = super::super::util::get(&step.to_js(), "data");
        assert!(js_sys::Object::is(&written, &data.0));
    }
}
