//! Riffyn's wire models (camelCase JSON). Every field is optional and unknown fields are
//! ignored: the API is only loosely specified (digest §3.4), and Riffyn mirrors Okta's Authn.

use serde::de::IgnoredAny;
use serde::Deserialize;

/// A JSON scalar read as text: ids and timestamps may come as strings or numbers.
#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
    Other(IgnoredAny),
}

impl Scalar {
    pub(crate) fn text(self) -> Option<String> {
        match self {
            Scalar::Text(s) => Some(s),
            Scalar::Number(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15 => {
                Some(format!("{}", n as i64))
            }
            Scalar::Number(n) => Some(format!("{n}")),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Other(_) => None,
        }
    }
}

/// `AuthResponse` / `VerifyResponse` (the same shape).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct AuthResponse {
    pub status: Option<Scalar>,
    pub username: Option<Scalar>,
    pub user_id: Option<Scalar>,
    pub api_key: Option<Scalar>,
    pub api_key_name: Option<Scalar>,
    pub message: Option<Scalar>,
    pub access_token: Option<Scalar>,
    pub access_token_expires_at: Option<Scalar>,
    pub state_token: Option<Scalar>,
    pub expires_at: Option<Scalar>,
    pub factors: Option<Vec<Factor>>,
    /// Okta's place for the factors, in case its Authn shape leaks through.
    #[serde(rename = "_embedded")]
    pub embedded: Option<Embedded>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct Embedded {
    pub factors: Option<Vec<Factor>>,
    pub factor: Option<Vec<Factor>>,
}

/// `AuthResponseFactors`: the id's wire name is `id`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Factor {
    pub id: Option<Scalar>,
    pub factor_type: Option<Scalar>,
    pub provider: Option<Scalar>,
    pub vendor_name: Option<Scalar>,
    pub profile: Option<Profile>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct Profile {
    pub credential_id: Option<Scalar>,
}

/// Riffyn's `Error`/`Unauthorized` `{ "error": "…" }`, or Okta's `{errorCode, errorSummary}`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct ErrorBody {
    pub error: Option<Scalar>,
    pub message: Option<Scalar>,
    pub error_summary: Option<Scalar>,
    pub error_code: Option<Scalar>,
}

/// `VerifyBody`.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifyBody<'a> {
    pub state_token: &'a str,
    pub pass_code: &'a str,
}
