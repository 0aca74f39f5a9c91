//! Belvo's public types: the `BelvoStep` union of the JS API and the inputs of
//! `registerLink`, `retrieve` and `resume`.

use crate::json::RawJson;
use crate::output::output;
use crate::prelude::*;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

output! {
    /// What a Belvo call came to: done, or waiting for the user's token (HTTP 428).
    // Deserialize natively only: in a module `data` is a JS value (`RawJson`).
    #[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
    #[derive(Clone, Debug, PartialEq)]
    pub enum BelvoStep(untagged) {
        /// The call succeeded: `data` is Belvo's answer.
        Success(BelvoSuccess),
        /// Belvo asks for an MFA token: pass this step to `resume`.
        TokenRequired(BelvoTokenRequired),
    }
}

impl BelvoStep {
    /// `"SUCCESS"` or `"TOKEN_REQUIRED"`, as JS reads the step's `status`.
    pub fn status(&self) -> &'static str {
        match self {
            BelvoStep::Success(_) => "SUCCESS",
            BelvoStep::TokenRequired(_) => "TOKEN_REQUIRED",
        }
    }
}

crate::error::wire_enum! {
    /// The `status` of a finished step: always `"SUCCESS"`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub enum SuccessStatus {
        /// `"SUCCESS"`.
        #[default]
        Success = "SUCCESS",
    }
}

crate::error::wire_enum! {
    /// The `status` of a step that waits for a token: always `"TOKEN_REQUIRED"`.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub enum TokenRequiredStatus {
        /// `"TOKEN_REQUIRED"`.
        #[default]
        TokenRequired = "TOKEN_REQUIRED",
    }
}

output! {
    /// A finished Belvo call.
    // Deserialize natively only: in a module `data` is a JS value (`RawJson`).
    #[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
    #[derive(Clone, PartialEq)]
    pub struct BelvoSuccess {
        /// Always `"SUCCESS"`.
        #[tsify(type = "\"SUCCESS\"")]
        pub status: SuccessStatus = "status",
        /// The HTTP status of Belvo's answer (201 for a new link or saved data, 200 otherwise).
        pub http_status: u16 = "httpStatus",
        /// Belvo's JSON as it came, not recased: a Link object, or an array of resources.
        #[tsify(type = "unknown")]
        pub data: RawJson = "data",
    }
}

output! {
    /// Belvo answered HTTP 428 `token_required`: the institution asks for an MFA token.
    ///
    /// A plain JSON object: it survives `JSON.stringify`/`JSON.parse` and can be given to
    /// `resume` of another client (e.g. after a page reload). Fields an application adds to it
    /// are ignored by `resume`.
    #[derive(Clone, PartialEq, Deserialize)]
    pub struct BelvoTokenRequired {
        /// Always `"TOKEN_REQUIRED"`.
        #[tsify(type = "\"TOKEN_REQUIRED\"")]
        pub status: TokenRequiredStatus = "status",
        /// Belvo's login session id (sent back by `resume`).
        pub session: String = "session",
        /// The link id (sent back by `resume`).
        pub link: String = "link",
        /// When the session expires (ISO-8601), computed from `expiry` when the 428 arrived;
        /// `resume` fails locally with `expired` after it.
        pub expires_at: String = "expiresAt",
        /// The session's lifetime in seconds, as Belvo sent it.
        pub expiry_seconds: u32 = "expirySeconds",
        /// Belvo's message, e.g. "A MFA token is required by the institution to login".
        pub message: Option<String> = "message" optional,
        /// Belvo's request id, for support.
        pub request_id: Option<String> = "requestId" optional,
        /// How the user gets the token (a numeric challenge, a QR code, a confirmation in the bank
        /// app); absent when Belvo sent none.
        pub token_generation_data: Option<BelvoTokenGenerationData> = "tokenGenerationData" optional,
        /// The collection path that `resume` PATCHes, e.g. `"/api/links/"`.
        pub resume_path: String = "resumePath",
    }
}

output! {
    /// Belvo's `token_generation_data`: what to show the user.
    #[derive(Clone, Debug, PartialEq, Deserialize)]
    pub struct BelvoTokenGenerationData {
        /// The kind of challenge, e.g. `"numeric"` or `"qr"`.
        pub kind: Option<String> = "type" optional,
        /// The value to generate the token from (a challenge number, a QR payload).
        pub value: Option<String> = "value" optional,
        /// Instructions for the user.
        pub instructions: Option<String> = "instructions" optional,
        /// `false`: nothing to type (confirm in the bank app, scan a QR code); `resume` is still
        /// called, without a token. Belvo's default is `true`.
        pub expects_user_input: bool = "expectsUserInput",
    }
}

/// The data resources `retrieve` can fetch (the `{resource}` of `POST /api/{resource}/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum BelvoResource {
    /// `/api/accounts/`.
    Accounts,
    /// `/api/transactions/`.
    Transactions,
    /// `/api/balances/`.
    Balances,
    /// `/api/owners/`.
    Owners,
    /// `/api/incomes/`.
    Incomes,
    /// `/api/invoices/`.
    Invoices,
    /// `/api/recurring-expenses/`.
    RecurringExpenses,
    /// `/api/risk-insights/`.
    RiskInsights,
}

const RESOURCES: [(BelvoResource, &str); 8] = [
    (BelvoResource::Accounts, "/api/accounts/"),
    (BelvoResource::Transactions, "/api/transactions/"),
    (BelvoResource::Balances, "/api/balances/"),
    (BelvoResource::Owners, "/api/owners/"),
    (BelvoResource::Incomes, "/api/incomes/"),
    (BelvoResource::Invoices, "/api/invoices/"),
    (BelvoResource::RecurringExpenses, "/api/recurring-expenses/"),
    (BelvoResource::RiskInsights, "/api/risk-insights/"),
];

impl BelvoResource {
    /// The collection path, e.g. `"/api/accounts/"`.
    // Searched by hand, not with `ops::value_of`/`key_of`: those cost the Belvo module 18 B.
    pub fn path(self) -> &'static str {
        RESOURCES
            .iter()
            .find(|(r, _)| *r == self)
            .map_or("/api/", |(_, p)| p)
    }

    /// The resource of a name such as `"risk-insights"`.
    pub fn from_name(name: &str) -> Option<Self> {
        RESOURCES
            .iter()
            .find(|(_, p)| p.strip_prefix("/api/").and_then(|p| p.strip_suffix('/')) == Some(name))
            .map(|(r, _)| *r)
    }

    /// The resource of a collection path such as `"/api/accounts/"`.
    pub fn from_path(path: &str) -> Option<Self> {
        RESOURCES.iter().find(|(_, p)| *p == path).map(|(r, _)| *r)
    }
}

crate::error::wire_enum! {
    /// How a link refreshes: once, or every day.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
    pub enum BelvoAccessMode {
        /// One-off access.
        Single = "single",
        /// Refreshed by Belvo.
        Recurrent = "recurrent",
    }
}

impl crate::input::Read for Option<BelvoAccessMode> {
    const KIND: crate::input::Kind = crate::input::Kind::Str;
    const REQUIRED: bool = false;
    fn refine(f: &crate::input::Fields, key: &str) -> crate::error::Result<()> {
        match f.text(key) {
            Some(_) if Self::read(f, key).is_none() => {
                Err(f.type_error(key, "\"single\" or \"recurrent\""))
            }
            _ => Ok(()),
        }
    }
    fn read(f: &crate::input::Fields, key: &str) -> Self {
        match f.text(key).as_deref() {
            Some("single") => Some(BelvoAccessMode::Single),
            Some("recurrent") => Some(BelvoAccessMode::Recurrent),
            _ => None,
        }
    }
}

crate::input::input! {
    /// The input of `registerLink` (`POST /api/links/`); each field goes out in snake_case.
    #[derive(Clone, Default, PartialEq)]
    pub struct BelvoRegisterLinkInput("input", "", strict) {
        /// The institution's code, e.g. `"erebor_mx_retail"`.
        pub institution: String = "institution",
        /// The user's login at the institution.
        pub username: String = "username",
        /// The user's password at the institution.
        pub password: Option<String> = "password" optional,
        /// A second username, for institutions that ask for one.
        pub username2: Option<String> = "username2" optional,
        /// A second password, for institutions that ask for one.
        pub password2: Option<String> = "password2" optional,
        /// A third username, for institutions that ask for one.
        pub username3: Option<String> = "username3" optional,
        /// An MFA token sent with the registration (Belvo advises waiting for the 428 instead).
        pub token: Option<String> = "token" optional,
        /// `"single"` (default) or `"recurrent"`.
        pub access_mode: Option<BelvoAccessMode> = "accessMode" optional,
        /// Your own id for the user.
        pub external_id: Option<String> = "externalId" optional,
        /// The kind of username, for institutions that accept several.
        pub username_type: Option<String> = "usernameType" optional,
        /// Whether to fetch historical data when the link is created.
        pub fetch_historical: Option<bool> = "fetchHistorical" optional,
        /// How long Belvo keeps the credentials: `"store"`, `"nostore"` or e.g. `"30d"`.
        pub credentials_storage: Option<String> = "credentialsStorage" optional,
    }
}

/// A scalar extra field of `retrieve`, sent as it is.
#[derive(Clone, Debug, PartialEq)]
pub enum BelvoScalar {
    /// A string.
    String(String),
    /// A finite number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
}

crate::input::input! {
    /// The input of `retrieve` (`POST /api/{resource}/`). Extra fields (e.g. `account`, `type`,
    /// `attachXml`) are scalars with camelCase names, sent in snake_case. (JS values are read by
    /// `input::retrieve_input`, which keeps extras in the caller's order.)
    #[derive(Clone, Default, PartialEq, Tsify)]
    #[serde(rename_all = "camelCase")]
    #[tsify(type = r#"{
        /** The link id. */
        link: string;
        /** An MFA token sent with the request. */
        token?: string;
        /** Whether Belvo keeps the data (Belvo's default: true → 201; false → 200). */
        saveData?: boolean;
        /** First day, `YYYY-MM-DD` (transactions, balances, incomes, invoices). */
        dateFrom?: string;
        /** Last day, `YYYY-MM-DD`. */
        dateTo?: string;
        /** Other fields of the resource's request (scalars), by camelCase name, sent in snake_case. */
        [extra: string]: unknown;
    }"#)]
    pub struct BelvoRetrieveInput("input", "", custom) {
        /// The link id.
        pub link: String = "link",
        /// An MFA token sent with the request.
        pub token: Option<String> = "token" optional,
        /// Whether Belvo keeps the data (Belvo's default: true → 201; false → 200).
        pub save_data: Option<bool> = "saveData" optional,
        /// First day, `YYYY-MM-DD` (transactions, balances, incomes, invoices).
        pub date_from: Option<String> = "dateFrom" optional,
        /// Last day, `YYYY-MM-DD`.
        pub date_to: Option<String> = "dateTo" optional,
        ..
        /// Other fields of the resource's request, by camelCase name (each name once).
        pub extra: Vec<(String, BelvoScalar)>,
    }
}

crate::input::input! {
    /// The input of `resume`: the user's token (omit it when `expectsUserInput` is false).
    #[derive(Clone, Default, PartialEq)]
    pub struct BelvoResumeInput("input", "", strict) {
        /// The MFA token the user got from the bank.
        pub token: Option<String> = "token" optional,
        /// Whether Belvo keeps the data (data resources only; never sent when resuming a link).
        pub save_data: Option<bool> = "saveData" optional,
    }
}

crate::redact::redacted_debug!(BelvoSuccess { http_status } finish_non_exhaustive);

crate::redact::redacted_debug!(
    BelvoTokenRequired {
        session: hidden,
        link,
        expires_at,
        token_generation_data,
        resume_path,
    } finish_non_exhaustive
);

crate::redact::redacted_debug!(
    BelvoRegisterLinkInput {
        institution,
        username,
        password: hidden_some,
        token: hidden_some,
    } finish_non_exhaustive
);

crate::redact::redacted_debug!(
    BelvoRetrieveInput {
        link,
        token: hidden_some,
        save_data,
    } finish_non_exhaustive
);

crate::redact::redacted_debug!(BelvoResumeInput { token: hidden_some, save_data } finish);
