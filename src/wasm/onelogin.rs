//! `OneLoginClient`: OneLogin API v1 MFA (factors, enrol, trigger, verify by OTP or push,
//! remove, temporary MFA token).

use super::error::to_js;
use super::events::CallTransport;
use super::options::{in_browser, Call, CallOptions, Shared};
use super::util::{
    bool_option, cast_option, json, promise, refuse, start, string_option, Exchange, Reply,
};
use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::events::MfaEvent;
use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::input::{Field, Fields, Kind::Any};
use crate::json::Json;
use crate::onelogin::{
    self, Client, Credentials, DeviceId, OneLoginActivateInput, OneLoginActivation,
    OneLoginEnrollInput, OneLoginMfaTokenInput, OneLoginVerifyInput, Prepared, UserId,
};
use crate::ops::OperationName;
use crate::output::Output;
use crate::prelude::*;
use alloc::rc::Rc;
use js_sys::{Function, Promise};
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ONELOGIN: &str = r#"
/**
 * Options of `OneLoginClient`: the common `ClientOptions` and either a ready `accessToken`, the
 * API credentials `clientId` + `clientSecret` (the client then fetches, caches and renews the
 * token), or neither: proxy mode, no `Authorization` is sent and the backend at `baseUrl`
 * (e.g. `mfa-flows/server`) adds the token.
 */
export type OneLoginClientOptions = ClientOptions &
  ({ accessToken: string; clientId?: never; clientSecret?: never }
   | { clientId: string; clientSecret: string; accessToken?: never }
   | { accessToken?: never; clientId?: never; clientSecret?: never }) & {
  /** Allows `clientSecret` in a browser page, where anyone can read it. Default false. */
  dangerouslyAllowBrowser?: boolean;
};
/** Options of `waitForPush`. */
export interface OneLoginWaitOptions {
  /** Wait between two polls in ms; default 2000, minimum 500 (smaller values are raised). */
  intervalMs?: number;
  /** Stops the polling, also during a wait (`MfaError` code `aborted`). */
  signal?: AbortSignal;
  /** Called before each poll with the attempt number (1, 2, 3…); what it throws is ignored. */
  onPoll?: (attempt: number) => void;
}
"#;

/// `waitForPush`'s operation: each poll is a `verifyFactor`.
const VERIFY: OperationName = OperationName::OneLoginVerifyFactor;

const EXTRA_KEYS: [&str; 4] = [
    "accessToken",
    "clientId",
    "clientSecret",
    "dangerouslyAllowBrowser",
];
const WAIT: [Field; 3] = [
    ("intervalMs", Any, false),
    ("signal", Any, false),
    ("onPoll", Any, false),
];

fn user_id(value: &JsValue) -> Result<UserId> {
    value
        .as_f64()
        .ok_or_else(|| Error::invalid_input("userId: must be a positive integer"))
        .and_then(UserId::new)
}

fn device_id(value: &JsValue) -> Result<DeviceId> {
    match (value.as_f64(), value.as_string()) {
        (Some(n), _) => DeviceId::from_number(n),
        (_, Some(s)) => DeviceId::from_text(&s),
        _ => Err(Error::invalid_input(
            "deviceId: must be an integer >= 0 or a decimal string",
        )),
    }
}

/// A prepared request of this client: sent with its access token by the one [`start`].
struct Request {
    inner: Rc<Inner>,
    prepared: Prepared,
}

impl Exchange for Request {
    fn request(&self) -> &HttpRequest {
        self.prepared.request()
    }

    fn send<'a>(&'a self, transport: &'a CallTransport) -> Reply<'a> {
        Box::pin(self.inner.client.send(transport, &self.prepared))
    }

    fn provider(&self) -> crate::error::MfaProvider {
        crate::error::MfaProvider::OneLogin
    }

    fn finish(&self, res: &HttpResponse, _now_ms: f64) -> Result<(JsValue, Option<&'static str>)> {
        Ok(match self.prepared.read(res)? {
            onelogin::Reply::Factors(f) => (f.to_js(), None),
            onelogin::Reply::Devices(d) => (d.to_js(), None),
            onelogin::Reply::Device(d) => (d.to_js(), None),
            onelogin::Reply::Activation(a) => (a.to_js(), Some("ACTIVATED")),
            onelogin::Reply::Verification(v) => (v.to_js(), Some(v.status())),
            onelogin::Reply::Removed => (JsValue::UNDEFINED, None),
            onelogin::Reply::MfaToken(m) => (m.to_js(), None),
        })
    }
}

/// Runs a method through [`start`]: a refused argument (`checked`) or call option rejects,
/// nothing sent.
fn run<I>(
    inner: &Rc<Inner>,
    call: Option<Ts<CallOptions>>,
    op: OperationName,
    checked: Result<I>,
    prepare: impl FnOnce(&ClientConfig, I, f64) -> Result<Prepared>,
) -> Promise {
    start(&inner.shared, call, op, |now_ms| {
        Ok(Request {
            inner: inner.clone(),
            prepared: prepare(&inner.shared.config, checked?, now_ms)?,
        })
    })
}

struct Inner {
    shared: Shared,
    client: Client,
}

/// A OneLogin API v1 MFA client. Its only state is the OAuth2 access token it obtained with
/// `clientId`/`clientSecret` (one request shared by concurrent calls, renewed before it
/// expires and once when refused); activations are plain JSON objects that can be stored.
// Its declaration (with these docs) becomes the public class's in lib/clients.d.ts: the build
// takes it from the glue (scripts/build.mjs `clientDeclarations`), as js/lib/client.js wraps it.
#[wasm_bindgen]
pub struct OneLoginClient {
    inner: Rc<Inner>,
}

#[wasm_bindgen]
impl OneLoginClient {
    /// Checks the options and sends nothing.
    ///
    /// Throws `MfaError` at once: `invalid_input` (both `accessToken` and `clientId` +
    /// `clientSecret`, or half a pair), `insecure_url`, or `browser_secret` for a `clientSecret`
    /// in a browser page without `dangerouslyAllowBrowser: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "OneLoginClientOptions")] options: JsValue,
    ) -> Result<OneLoginClient, JsValue> {
        Self::build(&options).map_err(to_js)
    }

    fn build(options: &JsValue) -> Result<OneLoginClient> {
        let shared = Shared::from_js(options, &EXTRA_KEYS)?;
        let credentials = Credentials::from_options(
            string_option(options, "accessToken", "accessToken: must be a string")?,
            string_option(options, "clientId", "clientId: must be a string")?,
            string_option(options, "clientSecret", "clientSecret: must be a string")?,
        )?;
        let allow = bool_option(
            options,
            "dangerouslyAllowBrowser",
            "dangerouslyAllowBrowser: must be a boolean",
        )?;
        credentials.check_browser(in_browser(), allow)?;
        let client = Client::new(shared.config.clone(), credentials);
        Ok(OneLoginClient {
            inner: Rc::new(Inner { shared, client }),
        })
    }

    /// The factors the user can still enrol (`GET /api/1/users/{userId}/auth_factors`).
    #[wasm_bindgen(js_name = availableFactors, unchecked_return_type = "Promise<OneLoginAuthFactor[]>")]
    pub fn available_factors(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        run(
            &self.inner,
            call,
            OperationName::OneLoginAvailableFactors,
            user_id(&user),
            |c, user, _| Ok(Prepared::available_factors(c, user)),
        )
    }

    /// The user's enrolled devices (`GET …/otp_devices`); `needsTrigger` tells whether a
    /// device must be activated before it is verified.
    #[wasm_bindgen(js_name = enrolledFactors, unchecked_return_type = "Promise<OneLoginDevice[]>")]
    pub fn enrolled_factors(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        run(
            &self.inner,
            call,
            OperationName::OneLoginEnrolledFactors,
            user_id(&user),
            |c, user, _| Ok(Prepared::enrolled_factors(c, user)),
        )
    }

    /// Enrols a factor (`POST …/otp_devices`). Resolves the new device, whose `stateToken`
    /// verifies it with the code sent to it (unless `verified: true`).
    #[wasm_bindgen(js_name = enrollFactor, unchecked_return_type = "Promise<OneLoginDevice>")]
    pub fn enroll_factor(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        input: Ts<OneLoginEnrollInput>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let checked = (|| {
            Ok((
                user_id(&user)?,
                OneLoginEnrollInput::from_json(&json(&input))?,
            ))
        })();
        run(
            &self.inner,
            call,
            OperationName::OneLoginEnrollFactor,
            checked,
            |c, (user, input), _| Prepared::enroll(c, user, &input),
        )
    }

    /// Triggers a device (`POST …/otp_devices/{deviceId}/trigger`): sends the SMS, the voice
    /// call or the push. Resolves an activation whose `expiresAt` is now +
    /// `stateTokenExpiresIn` (default 120 s).
    #[wasm_bindgen(js_name = activateFactor, unchecked_return_type = "Promise<OneLoginActivation>")]
    pub fn activate_factor(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        #[wasm_bindgen(js_name = deviceId, unchecked_param_type = "number | string")]
        device: JsValue,
        input: Option<Ts<OneLoginActivateInput>>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let checked = (|| {
            let input = match &input {
                Some(i) => OneLoginActivateInput::from_json(&json(i))?,
                None => OneLoginActivateInput::default(),
            };
            Ok((user_id(&user)?, device_id(&device)?, input))
        })();
        run(
            &self.inner,
            call,
            OperationName::OneLoginActivateFactor,
            checked,
            |c, (user, device, input), now| Prepared::activate(c, user, &device, &input, now),
        )
    }

    /// Verifies a device (`POST …/otp_devices/{deviceId}/verify`) with an `otpToken`, a
    /// `stateToken`, or both. Resolves `VERIFIED`, or `PENDING` while a push awaits the user.
    /// Rejects `invalid_code` (wrong code; retry), `rejected` (push denied), `expired` (also
    /// locally, nothing sent, when `expiresAt` is past).
    #[wasm_bindgen(js_name = verifyFactor, unchecked_return_type = "Promise<OneLoginVerification>")]
    pub fn verify_factor(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        #[wasm_bindgen(js_name = deviceId, unchecked_param_type = "number | string")]
        device: JsValue,
        input: Ts<OneLoginVerifyInput>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let checked = (|| {
            Ok((
                user_id(&user)?,
                device_id(&device)?,
                OneLoginVerifyInput::from_json(&json(&input))?,
            ))
        })();
        run(
            &self.inner,
            call,
            OperationName::OneLoginVerifyFactor,
            checked,
            |c, (user, device, input), now| Prepared::verify(c, user, &device, &input, now),
        )
    }

    /// Polls `verifyFactor` with the activation's state token until the push is approved
    /// (resolves `VERIFIED`). Rejects `rejected` when denied, `expired` at the activation's
    /// `expiresAt`, `aborted` when `signal` fires (also during a wait). No timer is left behind.
    #[wasm_bindgen(js_name = waitForPush, unchecked_return_type = "Promise<OneLoginVerification>")]
    pub fn wait_for_push(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        #[wasm_bindgen(js_name = deviceId, unchecked_param_type = "number | string")]
        device: JsValue,
        activation: Ts<OneLoginActivation>,
        #[wasm_bindgen(unchecked_optional_param_type = "OneLoginWaitOptions")] options: JsValue,
    ) -> Promise {
        let checked = (|| -> Result<_> {
            let user = user_id(&user)?;
            let device = device_id(&device)?;
            let activation = OneLoginActivation::from_json(&json(&activation))?;
            let (interval, signal, on_poll) = if options.is_undefined() || options.is_null() {
                (onelogin::DEFAULT_INTERVAL_MS, None, None)
            } else {
                wait_options(&options)?
            };
            Ok((user, device, activation, interval, signal, on_poll))
        })();
        let (user, device, activation, interval, signal, on_poll) = match checked {
            Ok(v) => v,
            Err(e) => return refuse(&self.inner.shared.events, VERIFY, e),
        };
        let inner = self.inner.clone();
        let race = signal.clone();
        promise(
            Box::pin(async move {
                let t = inner.shared.transport(&Call::with_signal(signal));
                let mut notify = |attempt: u32| {
                    if let Some(f) = &on_poll {
                        // A throwing callback must not break the poll (nor the module).
                        let args = js_sys::Array::of1(&JsValue::from(attempt));
                        let _ = super::sys::call(f, &JsValue::UNDEFINED, &args);
                    }
                };
                let verified = onelogin::wait_for_push(
                    &inner.client,
                    &t,
                    user,
                    &device,
                    &activation,
                    interval,
                    &mut notify,
                )
                .await?;
                t.emit(MfaEvent::step(VERIFY, verified.status()));
                Ok(verified.to_js())
            }),
            race,
            Some((self.inner.shared.events.clone(), VERIFY)),
        )
    }

    /// Removes a device (`DELETE …/otp_devices/{deviceId}`).
    #[wasm_bindgen(js_name = removeFactor, unchecked_return_type = "Promise<void>")]
    pub fn remove_factor(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        #[wasm_bindgen(js_name = deviceId, unchecked_param_type = "number | string")]
        device: JsValue,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let checked = (|| Ok((user_id(&user)?, device_id(&device)?)))();
        run(
            &self.inner,
            call,
            OperationName::OneLoginRemoveFactor,
            checked,
            |c, (user, device), _| Ok(Prepared::remove(c, user, &device)),
        )
    }

    /// Generates a temporary MFA token (`POST …/mfa_token`) that the user verifies with
    /// `deviceId` 0 and `otpToken` = the token.
    #[wasm_bindgen(js_name = generateMfaToken, unchecked_return_type = "Promise<OneLoginMfaToken>")]
    pub fn generate_mfa_token(
        &self,
        #[wasm_bindgen(js_name = userId, unchecked_param_type = "number")] user: JsValue,
        input: Option<Ts<OneLoginMfaTokenInput>>,
        call: Option<Ts<CallOptions>>,
    ) -> Promise {
        let checked = (|| {
            let input = match &input {
                Some(i) => OneLoginMfaTokenInput::from_json(&json(i))?,
                None => OneLoginMfaTokenInput::default(),
            };
            Ok((user_id(&user)?, input))
        })();
        run(
            &self.inner,
            call,
            OperationName::OneLoginGenerateMfaToken,
            checked,
            |c, (user, input), _| Prepared::mfa_token(c, user, &input),
        )
    }
}

/// `{intervalMs, signal, onPoll}`, checked.
fn wait_options(
    options: &JsValue,
) -> Result<(u32, Option<web_sys::AbortSignal>, Option<Function>)> {
    let value = Json::from_js(options);
    let f = Fields::of(&value, "options", "options.")?;
    f.check(&WAIT, true)?;
    let interval = match f.get("intervalMs") {
        None => onelogin::DEFAULT_INTERVAL_MS,
        Some(Json::Num(ms)) if ms.is_finite() && *ms >= 0.0 => ms.min(f64::from(u32::MAX)) as u32,
        Some(_) => {
            return Err(Error::invalid_input(
                "options.intervalMs: must be a number of milliseconds >= 0",
            ))
        }
    };
    let on_poll = cast_option(options, "onPoll", "options.onPoll: must be a function")?;
    let signal = cast_option(options, "signal", "options.signal: must be an AbortSignal")?;
    Ok((interval, signal, on_poll))
}

#[cfg(test)]
mod tests {
    //! The writers `output!` made against the `Serialize` derives that make the `.d.ts`
    //! (wasm-bindgen-test: Node and headless Chromium), on values with every field and with none.

    use super::*;
    use crate::onelogin::{
        OneLoginAuthFactor, OneLoginDevice, OneLoginMfaToken, OneLoginVerification,
    };
    use crate::output::assert_writes_as_derived;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_writers_write_what_the_derives_describe() {
        assert_writes_as_derived::<Vec<OneLoginAuthFactor>>();
        assert_writes_as_derived::<Vec<OneLoginDevice>>();
        assert_writes_as_derived::<OneLoginActivation>();
        assert_writes_as_derived::<OneLoginVerification>();
        assert_writes_as_derived::<OneLoginMfaToken>();
    }
}
