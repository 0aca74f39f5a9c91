//! `RiffynClient`: login → `MFA_REQUIRED` → verify.

use super::error::to_js;
use super::options::{CallOptions, Shared};
use super::util::{json, start, Exchange, JsObject};
use crate::error::Result;
use crate::http::{HttpRequest, HttpResponse};
use crate::ops::OperationName;
use crate::riffyn::{Prepared, RiffynCredentials, RiffynFactor, RiffynStep, RiffynVerifyInput};
use js_sys::{Array, Promise};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// A Riffyn login client. It holds configuration only: steps are plain JSON objects that can
/// be stored (e.g. in `sessionStorage`) and passed back later, even to a new client.
// Its declaration (with these docs) becomes the public class's in lib/clients.d.ts: the build
// takes it from the glue (scripts/build.mjs `clientDeclarations`), as js/lib/client.js wraps it.
#[wasm_bindgen]
pub struct RiffynClient {
    shared: Shared,
}

#[wasm_bindgen]
impl RiffynClient {
    /// Checks the options and sends nothing.
    ///
    /// Throws `MfaError` (`invalid_input`, `insecure_url`) at once on bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<RiffynClient, JsValue> {
        let shared = Shared::from_js(&options, &[]).map_err(to_js)?;
        Ok(RiffynClient { shared })
    }

    /// Logs in (`POST {baseUrl}/auth` with HTTP Basic). Resolves `SUCCESS`, or `MFA_REQUIRED`
    /// with a `stateToken` and the `factors` to verify with. Rejects `MfaError`
    /// (`invalid_credentials`, `network`, `timeout`, `aborted`, …).
    #[wasm_bindgen(unchecked_return_type = "Promise<RiffynStep>")]
    pub fn login(
        &self,
        credentials: Ts<RiffynCredentials>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let input = RiffynCredentials::from_json(&json(&credentials));
        start(&self.shared, call, OperationName::RiffynLogin, |_| {
            Prepared::login(&self.shared.config, &input?)
        })
    }

    /// Verifies a pass code (`POST {baseUrl}/auth/factor/{factorId}/verify`). Resolves
    /// `SUCCESS` with an `accessToken`. A wrong code rejects `invalid_code` and the step stays
    /// usable; a step past its `expiresAt` rejects `expired` without sending anything.
    #[wasm_bindgen(unchecked_return_type = "Promise<RiffynStep>")]
    pub fn verify(&self, input: Ts<RiffynVerifyInput>, call: Option<Ts<CallOptions>>) -> Promise {
        let input = RiffynVerifyInput::from_json(&json(&input));
        start(&self.shared, call, OperationName::RiffynVerify, |now_ms| {
            Prepared::verify(&self.shared.config, &input?, now_ms)
        })
    }
}

impl Exchange for Prepared {
    fn request(&self) -> &HttpRequest {
        Prepared::request(self)
    }

    fn provider(&self) -> crate::error::MfaProvider {
        crate::error::MfaProvider::Riffyn
    }

    fn finish(&self, res: &HttpResponse, _now_ms: f64) -> Result<(JsValue, Option<&'static str>)> {
        let step = self.read(res)?;
        Ok((step_to_js(&step), Some(step.status())))
    }
}

/// The step as the JS object its `Serialize` derive describes (same fields, same order, absent
/// options left out), written without serde: ~1.8 KB less brotli in the Riffyn module.
fn step_to_js(step: &RiffynStep) -> JsValue {
    let o = JsObject::new();
    match step {
        RiffynStep::Success {
            username,
            user_id,
            access_token,
            access_token_expires_at,
            api_key,
            api_key_name,
            message,
        } => {
            o.str("status", step.status())
                .opt("username", username)
                .opt("userId", user_id)
                .str("accessToken", access_token)
                .opt("accessTokenExpiresAt", access_token_expires_at)
                .opt("apiKey", api_key)
                .opt("apiKeyName", api_key_name)
                .opt("message", message);
        }
        RiffynStep::MfaRequired {
            state_token,
            expires_at,
            factors,
        } => {
            let list = Array::new();
            for f in factors {
                list.push(&factor_to_js(f));
            }
            o.str("status", step.status())
                .str("stateToken", state_token)
                .opt("expiresAt", expires_at)
                .set("factors", &list);
        }
    }
    o.into_js()
}

fn factor_to_js(f: &RiffynFactor) -> JsValue {
    let o = JsObject::new();
    o.str("id", &f.id)
        .opt("factorType", &f.factor_type)
        .opt("provider", &f.provider)
        .opt("vendorName", &f.vendor_name);
    if let Some(profile) = &f.profile {
        let p = JsObject::new();
        p.opt("credentialId", &profile.credential_id);
        o.set("profile", &p.into_js());
    }
    o.into_js()
}

#[cfg(test)]
mod tests {
    //! The hand-written writer against the `Serialize` derive that makes the `.d.ts`
    //! (wasm-bindgen-test: Node and headless Chromium): same fields, same order, absent
    //! options left out. A field added to the model but not to the writer fails here.

    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_writer_writes_what_the_derive_describes() {
        for text in [
            r#"{"status":"SUCCESS","username":"alice","userId":"u1","accessToken":"t","accessTokenExpiresAt":"2026-01-01T00:00:00.000Z","apiKey":"k","apiKeyName":"n","message":"m"}"#,
            r#"{"status":"SUCCESS","accessToken":"t"}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":"st","expiresAt":"2026-01-01T00:05:00.000Z","factors":[{"id":"f1","factorType":"token:software:totp","provider":"GOOGLE","vendorName":"GOOGLE","profile":{"credentialId":"alice@example.com"}},{"id":"f2","profile":{}},{"id":"f3"}]}"#,
            r#"{"status":"MFA_REQUIRED","stateToken":"st","factors":[]}"#,
        ] {
            let step: RiffynStep = serde_json::from_str(text).unwrap();
            let derived = serde_json::to_string(&step).unwrap();
            let written = js_sys::JSON::stringify(&step_to_js(&step)).unwrap();
            assert_eq!(written.as_string().unwrap(), derived);
            assert_eq!(derived, text, "the fixture lists every field in order");
        }
    }
}
