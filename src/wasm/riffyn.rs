//! `RiffynClient`: login → `MFA_REQUIRED` → verify.

use super::error::to_js;
use super::options::{CallOptions, Shared};
use super::util::{json, start, Exchange};
use crate::error::Result;
use crate::http::{HttpRequest, HttpResponse};
use crate::ops::OperationName;
use crate::output::Output;
use crate::riffyn::{Prepared, RiffynCredentials, RiffynVerifyInput};
use js_sys::Promise;
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
        Ok((step.to_js(), Some(step.status())))
    }
}

#[cfg(test)]
mod tests {
    //! The writer `output!` made against the `Serialize` derive that makes the `.d.ts`
    //! (wasm-bindgen-test: Node and headless Chromium), on values with every field and with none.

    use crate::output::assert_writes_as_derived;
    use crate::riffyn::RiffynStep;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_writer_writes_what_the_derive_describes() {
        assert_writes_as_derived::<RiffynStep>();
    }
}
