//! `RiffynClient`: login → `MFA_REQUIRED` → verify.

use super::error::to_js;
use super::options::{Call, CallOptions, Shared};
use super::util::{json, promise, reject, to_value};
use crate::riffyn::{self, RiffynCredentials, RiffynVerifyInput};
use js_sys::Promise;
use std::rc::Rc;
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// A Riffyn login client. It holds configuration only: steps are plain JSON objects that can
/// be stored (e.g. in `sessionStorage`) and passed back later, even to a new client.
#[wasm_bindgen]
pub struct RiffynClient {
    shared: Rc<Shared>,
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
        Ok(RiffynClient {
            shared: Rc::new(shared),
        })
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
        let input = match RiffynCredentials::from_json(&json(&credentials)) {
            Ok(input) => input,
            Err(e) => return reject(e),
        };
        let shared = self.shared.clone();
        promise(async move {
            let call = Call::from_js(call)?;
            let step = riffyn::login(&shared.transport(&call), &shared.config, &input).await?;
            to_value(&step)
        })
    }

    /// Verifies a pass code (`POST {baseUrl}/auth/factor/{factorId}/verify`). Resolves
    /// `SUCCESS` with an `accessToken`. A wrong code rejects `invalid_code` and the step stays
    /// usable; a step past its `expiresAt` rejects `expired` without sending anything.
    #[wasm_bindgen(unchecked_return_type = "Promise<RiffynStep>")]
    pub fn verify(&self, input: Ts<RiffynVerifyInput>, call: Option<Ts<CallOptions>>) -> Promise {
        let input = match RiffynVerifyInput::from_json(&json(&input)) {
            Ok(input) => input,
            Err(e) => return reject(e),
        };
        let shared = self.shared.clone();
        promise(async move {
            let call = Call::from_js(call)?;
            let step = riffyn::verify(&shared.transport(&call), &shared.config, &input).await?;
            to_value(&step)
        })
    }
}
