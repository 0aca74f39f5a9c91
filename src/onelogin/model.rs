//! Public OneLogin types: camelCase, the TypeScript of API.md comes from them.

use crate::error::{Error, Result};
use crate::input::input;
use crate::json::{safe_integer, MAX_SAFE};
use crate::output::output;
use crate::prelude::*;
use serde::Deserialize;

/// A OneLogin user id: a positive integer (the `{user_id}` of every v1 MFA path).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserId(u64);

impl UserId {
    /// Checks a JS number.
    ///
    /// # Errors
    /// `invalid_input` unless a positive safe integer.
    pub fn new(value: f64) -> Result<Self> {
        match safe_integer(value) {
            Some(n) if n > 0 => Ok(UserId(n)),
            _ => Err(Error::invalid_input("userId: must be a positive integer")),
        }
    }

    /// The id as a number.
    pub fn get(self) -> u64 {
        self.0
    }
}

/// A device id as it goes into a path: a decimal string. `0` is the temporary MFA token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceId(String);

impl DeviceId {
    /// Checks a JS number (an integer >= 0).
    ///
    /// # Errors
    /// `invalid_input` for a fraction, a negative or unsafe number.
    pub fn from_number(value: f64) -> Result<Self> {
        safe_integer(value)
            .map(|n| DeviceId(crate::text::uint(n, 0)))
            .ok_or_else(bad_device)
    }

    /// Checks a decimal string (digits only, as OneLogin's spec types the path parameter).
    ///
    /// # Errors
    /// `invalid_input` for anything but 1 to 20 ASCII digits.
    pub fn from_text(value: &str) -> Result<Self> {
        if (1..=20).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit()) {
            Ok(DeviceId(value.to_string()))
        } else {
            Err(bad_device())
        }
    }

    /// The path segment.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a number, when it is a safe integer.
    pub fn as_number(&self) -> Option<u64> {
        crate::text::digits(&self.0).filter(|n| *n as f64 <= MAX_SAFE)
    }
}

fn bad_device() -> Error {
    Error::invalid_input("deviceId: must be an integer >= 0 or a decimal string")
}

output! {
    /// A factor the user can enrol (`GET …/auth_factors`).
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    pub struct OneLoginAuthFactor {
        /// The factor id to pass to `enrollFactor`.
        pub factor_id: u64 = "factorId",
        /// The official factor name, e.g. `"OneLogin SMS"`.
        pub name: String = "name",
    }
}

output! {
    /// An enrolled device (`GET …/otp_devices`, `POST …/otp_devices`).
    #[derive(Clone, PartialEq, Deserialize)]
    pub struct OneLoginDevice {
        /// The device id (the `deviceId` of the other calls).
        pub id: u64 = "id",
        /// True once the device was used successfully at least once; false = pending.
        pub active: Option<bool> = "active" optional,
        /// The user's default device.
        pub default: Option<bool> = "default" optional,
        /// True: call `activateFactor` before `verifyFactor`; false: verify at once.
        pub needs_trigger: Option<bool> = "needsTrigger" optional,
        /// Short-lived token (120 s) sent by an enrolment, to verify the new device with.
        pub state_token: Option<String> = "stateToken" optional,
        /// The official factor name, e.g. `"OneLogin SMS"`, `"Google Authenticator"`, `"OneLogin Protect"`.
        pub auth_factor_name: Option<String> = "authFactorName" optional,
        /// The admin-defined display name of the factor.
        pub type_display_name: Option<String> = "typeDisplayName" optional,
        /// The user-given device name.
        pub user_display_name: Option<String> = "userDisplayName" optional,
        /// The phone number of an SMS or voice device.
        pub phone_number: Option<String> = "phoneNumber" optional,
    }
}

crate::redact::redacted_debug!(
    OneLoginDevice {
        id,
        active,
        needs_trigger,
        state_token: hidden_some,
        auth_factor_name,
    } finish_non_exhaustive
);

input! {
    /// A triggered factor waiting for its OTP or push approval (`activateFactor`). Plain JSON: it
    /// may be stored and passed back to `verifyFactor` / `waitForPush` later.
    #[derive(Clone, PartialEq)]
    pub struct OneLoginActivation("activation", "activation.", lenient, output) {
        /// The device to verify: the trigger's `device_id` when given, else its `id`.
        pub device_id: u64 = "deviceId",
        /// The state token to send with the OTP (SMS, voice) or alone (push).
        pub state_token: String = "stateToken",
        /// ISO-8601: when the state token expires (trigger time + `stateTokenExpiresIn`, default 120 s).
        pub expires_at: String = "expiresAt",
        /// The API's message, e.g. `"SMS token sent to your mobile device. Authentication pending."`.
        pub message: Option<String> = "message" optional,
        /// The official factor name, e.g. `"OneLogin Protect"` (a push).
        pub auth_factor_name: Option<String> = "authFactorName" optional,
    }
}

crate::redact::redacted_debug!(
    OneLoginActivation {
        device_id,
        state_token: hidden,
        expires_at,
        auth_factor_name,
    } finish_non_exhaustive
);

output! {
    /// The outcome of a verification: `VERIFIED`, or `PENDING` while a push awaits the user.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    pub enum OneLoginVerification(status = "status") {
        /// The OTP or the push was accepted.
        Verified = "VERIFIED" {
            /// The API's message.
            message: Option<String> = "message" optional,
        },
        /// The push has not been answered yet: poll again (see `waitForPush`).
        Pending = "PENDING" {
            /// The API's message.
            message: Option<String> = "message" optional,
        },
    }
}

output! {
    /// A temporary MFA token (`generateMfaToken`); the user verifies it with `deviceId` 0.
    #[derive(Clone, PartialEq, Deserialize)]
    pub struct OneLoginMfaToken {
        /// The token (a secret: give it only to the user).
        pub mfa_token: String = "mfaToken",
        /// Whether it may be used more than once.
        pub reusable: bool = "reusable",
        /// ISO-8601 expiry, when the API sent one.
        pub expires_at: Option<String> = "expiresAt" optional,
    }
}

crate::redact::redacted_debug!(OneLoginMfaToken { mfa_token: hidden, reusable, expires_at } finish);

input! {
    /// Input of `enrollFactor`.
    #[derive(Clone, Debug, PartialEq)]
    pub struct OneLoginEnrollInput("input", "input.", strict) {
        /// The factor id from `availableFactors`.
        pub factor_id: u64 = "factorId",
        /// The device's name, e.g. `"Rich's Phone"`.
        pub display_name: String = "displayName",
        /// E.164 phone number (SMS, voice).
        pub number: Option<String> = "number" optional,
        /// True: the number is already verified and the device active at once.
        pub verified: Option<bool> = "verified" optional,
    }
}

input! {
    /// Input of `activateFactor` (all optional).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct OneLoginActivateInput("input", "input.", strict) {
        /// Seconds the state token stays valid: 1 to 900, default 120.
        pub state_token_expires_in: Option<u32> = "stateTokenExpiresIn" optional,
        /// SMS only: a 6-digit numeric code instead of an alphanumeric one.
        pub numeric_sms_otp: Option<bool> = "numericSmsOtp" optional,
        /// SMS only: a template with `{{otp_code}}` and `{{expiration}}`, at most 160 characters sent.
        pub sms_message: Option<String> = "smsMessage" optional,
    }
}

input! {
    /// Input of `verifyFactor`: `otpToken` for an OTP, `stateToken` after a trigger, both for SMS.
    #[derive(Clone, Default, PartialEq)]
    pub struct OneLoginVerifyInput("input", "input.", strict) {
        /// The activation's (or enrolment's) state token.
        pub state_token: Option<String> = "stateToken" optional,
        /// The code from the device, the SMS, or a temporary MFA token (with `deviceId` 0).
        pub otp_token: Option<String> = "otpToken" optional,
        /// The activation's `expiresAt`: when past, the call fails locally with `expired`.
        pub expires_at: Option<String> = "expiresAt" optional,
    }
}

crate::redact::redacted_debug!(
    OneLoginVerifyInput {
        state_token: hidden_some,
        otp_token: hidden_some,
        expires_at,
    } finish
);

input! {
    /// Input of `generateMfaToken` (all optional).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct OneLoginMfaTokenInput("input", "input.", strict) {
        /// Lifetime in seconds: 1 to 259200 (72 h, the default).
        pub expires_in: Option<u32> = "expiresIn" optional,
        /// Whether the token may be used more than once (default false).
        pub reusable: Option<bool> = "reusable" optional,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    #[test]
    fn ids_are_checked() {
        assert_eq!(UserId::new(1001.0).unwrap().get(), 1001);
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e16] {
            assert!(UserId::new(bad).is_err(), "{bad}");
        }
        assert_eq!(DeviceId::from_number(0.0).unwrap().as_str(), "0");
        assert_eq!(
            DeviceId::from_number(525_001.0).unwrap().as_number(),
            Some(525_001)
        );
        assert_eq!(DeviceId::from_text("525509").unwrap().as_str(), "525509");
        for bad in [
            "",
            "12a",
            "-1",
            " 1",
            "1.0",
            "../x",
            "123456789012345678901",
        ] {
            assert!(DeviceId::from_text(bad).is_err(), "{bad}");
        }
        assert!(DeviceId::from_number(-3.0).is_err());
    }

    #[test]
    fn debug_redacts_secrets() {
        let a = OneLoginActivation {
            device_id: 1,
            state_token: "st-secret".into(),
            expires_at: "x".into(),
            message: None,
            auth_factor_name: None,
        };
        let t = OneLoginMfaToken {
            mfa_token: "55647655".into(),
            reusable: true,
            expires_at: None,
        };
        let v = OneLoginVerifyInput {
            state_token: Some("st-secret".into()),
            otp_token: Some("123456".into()),
            expires_at: None,
        };
        let d = format!("{a:?}{t:?}{v:?}");
        assert!(!d.contains("st-secret") && !d.contains("55647655") && !d.contains("123456"));
    }

    #[test]
    fn inputs_are_read_field_by_field() {
        let json = |s: &str| Json::parse(s).unwrap();
        let refused = |r: Result<()>| r.unwrap_err().message.into_owned();
        let e = OneLoginEnrollInput::from_json(&json(
            r#"{"factorId":16282,"displayName":"d","number":null,"verified":true}"#,
        ))
        .unwrap();
        assert_eq!(
            (e.factor_id, e.number, e.verified),
            (16282, None, Some(true))
        );
        for (body, message) in [
            (
                r#"{"factorId":"x","displayName":"d"}"#,
                "input.factorId: must be a whole number >= 0",
            ),
            (
                r#"{"factorId":1.5,"displayName":"d"}"#,
                "input.factorId: must be a whole number >= 0",
            ),
            (r#"{"factorId":16282}"#, "input.displayName: is required"),
            (
                r#"{"factorId":1,"displayName":"d","phone":"+1"}"#,
                "input: unknown field `phone`",
            ),
        ] {
            assert_eq!(
                refused(OneLoginEnrollInput::from_json(&json(body)).map(|_| ())),
                message
            );
        }
        let a = OneLoginActivateInput::from_json(&json(r#"{"stateTokenExpiresIn":1e10}"#)).unwrap();
        assert_eq!(
            a.state_token_expires_in,
            Some(u32::MAX),
            "refused by range later"
        );
        assert_eq!(
            refused(OneLoginActivateInput::from_json(&json(r#"{"smsMessage":5}"#)).map(|_| ())),
            "input.smsMessage: must be a string"
        );
        assert_eq!(
            refused(OneLoginVerifyInput::from_json(&json(r#"{"otp_token":"1"}"#)).map(|_| ())),
            "input: unknown field `otp_token`"
        );
        assert_eq!(
            refused(OneLoginMfaTokenInput::from_json(&json(r#"{"reusable":"yes"}"#)).map(|_| ())),
            "input.reusable: must be a boolean"
        );
        let stored = OneLoginActivation::from_json(&json(
            r#"{"deviceId":526001,"stateToken":"st","expiresAt":"x","mine":{"a":[1]}}"#,
        ))
        .unwrap();
        assert_eq!((stored.device_id, stored.message), (526_001, None));
        assert_eq!(
            refused(
                OneLoginActivation::from_json(&json(r#"{"stateToken":"st","expiresAt":"x"}"#))
                    .map(|_| ())
            ),
            "activation.deviceId: is required"
        );
    }

    #[test]
    fn verification_serializes_as_a_tagged_union() {
        let v = OneLoginVerification::Verified { message: None };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"status":"VERIFIED"}"#
        );
        let v = OneLoginVerification::Pending {
            message: Some("wait".into()),
        };
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"status":"PENDING","message":"wait"}"#
        );
    }
}
