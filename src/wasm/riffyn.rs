//! `RiffynClient`: login → `MFA_REQUIRED` → verify.

use super::error::to_js;
use super::options::{CallOptions, Shared};
use super::util::{json, reject, start, to_value, Exchange};
use crate::error::Result;
use crate::http::{HttpRequest, HttpResponse};
use crate::riffyn::{Prepared, RiffynCredentials, RiffynVerifyInput};
use js_sys::Promise;
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// A Riffyn login client. It holds configuration only: steps are plain JSON objects that can
/// be stored (e.g. in `sessionStorage`) and passed back later, even to a new client.
// Typed and documented in js/lib/clients.d.ts: the package's public class wraps this one.
#[wasm_bindgen(skip_typescript)]
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
        match RiffynCredentials::from_json(&json(&credentials)) {
            Ok(input) => self.run(call, |shared, _| Prepared::login(&shared.config, &input)),
            Err(e) => reject(e),
        }
    }

    /// Verifies a pass code (`POST {baseUrl}/auth/factor/{factorId}/verify`). Resolves
    /// `SUCCESS` with an `accessToken`. A wrong code rejects `invalid_code` and the step stays
    /// usable; a step past its `expiresAt` rejects `expired` without sending anything.
    #[wasm_bindgen(unchecked_return_type = "Promise<RiffynStep>")]
    pub fn verify(&self, input: Ts<RiffynVerifyInput>, call: Option<Ts<CallOptions>>) -> Promise {
        match RiffynVerifyInput::from_json(&json(&input)) {
            Ok(input) => self.run(call, |shared, now_ms| {
                Prepared::verify(&shared.config, &input, now_ms)
            }),
            Err(e) => reject(e),
        }
    }
}

impl RiffynClient {
    /// Runs a method through [`start`] with this client's state.
    fn run(
        &self,
        call: Option<Ts<CallOptions>>,
        prepare: impl FnOnce(&Shared, f64) -> Result<Prepared>,
    ) -> Promise {
        start(&self.shared, call, |now_ms| prepare(&self.shared, now_ms))
    }
}

impl Exchange for Prepared {
    fn request(&self) -> &HttpRequest {
        Prepared::request(self)
    }

    fn finish(&self, res: &HttpResponse, _now_ms: f64) -> Result<JsValue> {
        to_value(&self.read(res)?)
    }
}
