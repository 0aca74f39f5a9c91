//! Riffyn's public types (the `RiffynStep` union of the JS API).

use crate::input::input;
use crate::output::output;
use crate::prelude::*;
use core::fmt;
use serde::Deserialize;

output! {
    /// Where a Riffyn login stands: signed in, or waiting for an MFA pass code.
    #[derive(Clone, PartialEq, Deserialize)]
    pub enum RiffynStep(status = "status") {
        /// Signed in.
        Success = "SUCCESS" {
            /// The user's name.
            username: Option<String> = "username" optional,
            /// The user's id.
            user_id: Option<String> = "userId" optional,
            /// Sent as the `access-token` header on later calls (30 minutes).
            access_token: String = "accessToken",
            /// When `accessToken` expires, as sent by the API.
            access_token_expires_at: Option<String> = "accessTokenExpiresAt" optional,
            /// An API key, shown only once.
            api_key: Option<String> = "apiKey" optional,
            /// The API key's name (`loginKey` by default).
            api_key_name: Option<String> = "apiKeyName" optional,
            /// A message about the API key.
            message: Option<String> = "message" optional,
        },
        /// A pass code is needed: call `verify` with `stateToken`, a factor's `id` and the code.
        MfaRequired = "MFA_REQUIRED" {
            /// The transaction's state token.
            state_token: String = "stateToken",
            /// When `stateToken` expires, as sent by the API (ISO-8601 or epoch text).
            expires_at: Option<String> = "expiresAt" optional,
            /// The enrolled factors to verify with.
            factors: Vec<RiffynFactor> = "factors",
        },
    }
}

output! {
    /// An enrolled MFA factor (Google Authenticator TOTP on Riffyn).
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    pub struct RiffynFactor {
        /// The factor id: the `factorId` of `verify`.
        pub id: String = "id",
        /// e.g. `token:software:totp`.
        pub factor_type: Option<String> = "factorType" optional,
        /// e.g. `GOOGLE`.
        pub provider: Option<String> = "provider" optional,
        /// The vendor.
        pub vendor_name: Option<String> = "vendorName" optional,
        /// Factor details.
        pub profile: Option<RiffynFactorProfile> = "profile" optional,
    }
}

output! {
    /// Details of a factor.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    pub struct RiffynFactorProfile {
        /// The account the factor belongs to (e.g. an e-mail).
        pub credential_id: Option<String> = "credentialId" optional,
    }
}

input! {
    /// The input of `login`.
    #[derive(Clone)]
    pub struct RiffynCredentials("credentials", "credentials.", strict) {
        /// Riffyn username.
        pub username: String = "username",
        /// Riffyn password.
        pub password: String = "password",
    }
}

input! {
    /// The input of `verify`: the step's `stateToken` (and `expiresAt`), a factor id and the code.
    #[derive(Clone)]
    pub struct RiffynVerifyInput("input", "input.", strict) {
        /// The `stateToken` of the `MFA_REQUIRED` step.
        pub state_token: String = "stateToken",
        /// A factor's `id`.
        pub factor_id: String = "factorId",
        /// The code from the authenticator app.
        pub pass_code: String = "passCode",
        /// The step's `expiresAt`; when past, `verify` fails locally with `expired`.
        pub expires_at: Option<String> = "expiresAt" optional,
        /// Sent as Basic auth with `password` when given.
        pub username: Option<String> = "username" optional,
        /// Sent as Basic auth with `username` when given.
        pub password: Option<String> = "password" optional,
    }
}

impl fmt::Debug for RiffynStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RiffynStep::Success { username, .. } => f
                .debug_struct("Success")
                .field("username", username)
                .field("access_token", &crate::redact::REDACTED)
                .finish_non_exhaustive(),
            RiffynStep::MfaRequired {
                expires_at,
                factors,
                ..
            } => f
                .debug_struct("MfaRequired")
                .field("state_token", &crate::redact::REDACTED)
                .field("expires_at", expires_at)
                .field("factors", factors)
                .finish(),
        }
    }
}

crate::redact::redacted_debug!(RiffynCredentials { username, password: hidden } finish);

crate::redact::redacted_debug!(
    RiffynVerifyInput {
        factor_id,
        state_token: hidden,
        pass_code: hidden,
        expires_at,
    } finish_non_exhaustive
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Result;
    use crate::json::Json;

    fn refused<T>(r: Result<T>) -> String {
        match r {
            Ok(_) => panic!("accepted"),
            Err(e) => e.message.into_owned(),
        }
    }

    #[test]
    fn inputs_are_read_field_by_field() {
        let json = |s: &str| Json::parse(s).unwrap();
        let c = RiffynCredentials::from_json(&json(r#"{"username":"u","password":"p"}"#)).unwrap();
        assert_eq!((c.username.as_str(), c.password.as_str()), ("u", "p"));
        for (body, message) in [
            ("null", "credentials: must be an object"),
            (r#"{"username":"u"}"#, "credentials.password: is required"),
            (
                r#"{"username":5,"password":"hunter2"}"#,
                "credentials.username: must be a string",
            ),
            (
                r#"{"username":"u","password":"p","extra":1}"#,
                "credentials: unknown field `extra`",
            ),
        ] {
            assert_eq!(refused(RiffynCredentials::from_json(&json(body))), message);
        }
        let v = RiffynVerifyInput::from_json(&json(
            r#"{"stateToken":"st","factorId":"f","passCode":"1","expiresAt":null,"username":"u"}"#,
        ))
        .unwrap();
        assert_eq!((v.expires_at, v.username.as_deref()), (None, Some("u")));
        assert_eq!(
            refused(RiffynVerifyInput::from_json(&json(
                r#"{"stateToken":"st","factorId":"f","passCode":123456}"#
            ))),
            "input.passCode: must be a string"
        );
        assert_eq!(
            refused(RiffynVerifyInput::from_json(&json(
                r#"{"state_token":"st","factorId":"f","passCode":"1"}"#
            ))),
            "input: unknown field `state_token`"
        );
    }
}
