//! The one table of operations the clients send: name, provider, method and path pattern.
//!
//! The clients' request builders fill a row's pattern ([`path`]); the proxy (`crate::server`)
//! matches an incoming method and path against the same rows. A placeholder (`{…}`) stands for
//! one path segment; what it may hold is checked by whoever fills or matches it.

use crate::config::ClientConfig;
use crate::error::MfaProvider;
use crate::http::{HttpRequest, Method};
use crate::prelude::*;
use tsify::Tsify;

crate::error::wire_enum! {
    /// Every call a browser client sends, by client and method (`MfaOperationName` in JS).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
    #[tsify(type_prefix = "Mfa")]
    pub enum OperationName {
        /// `RiffynClient.login`.
        RiffynLogin = "riffyn.login",
        /// `RiffynClient.verify`.
        RiffynVerify = "riffyn.verify",
        /// `BelvoClient.registerLink`.
        BelvoRegisterLink = "belvo.registerLink",
        /// `BelvoClient.retrieve`.
        BelvoRetrieve = "belvo.retrieve",
        /// `BelvoClient.resume`.
        BelvoResume = "belvo.resume",
        /// `OneLoginClient.availableFactors`.
        OneLoginAvailableFactors = "onelogin.availableFactors",
        /// `OneLoginClient.enrolledFactors`.
        OneLoginEnrolledFactors = "onelogin.enrolledFactors",
        /// `OneLoginClient.enrollFactor`.
        OneLoginEnrollFactor = "onelogin.enrollFactor",
        /// `OneLoginClient.activateFactor`.
        OneLoginActivateFactor = "onelogin.activateFactor",
        /// `OneLoginClient.verifyFactor` (and each poll of `waitForPush`).
        OneLoginVerifyFactor = "onelogin.verifyFactor",
        /// `OneLoginClient.removeFactor` (an admin operation).
        OneLoginRemoveFactor = "onelogin.removeFactor",
        /// `OneLoginClient.generateMfaToken` (an admin operation).
        OneLoginGenerateMfaToken = "onelogin.generateMfaToken",
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// The operation.
    pub name: OperationName,
    /// Its method.
    pub method: Method,
    /// Its path under the provider's base URL; `{user}`, `{device}`, `{factor}`, `{resource}`
    /// and `{collection}` each stand for one segment.
    pub pattern: &'static str,
}

const fn row(name: OperationName, method: Method, pattern: &'static str) -> Route {
    Route {
        name,
        method,
        pattern,
    }
}

use Method::{Delete, Get, Patch, Post};
use OperationName::*;

/// Every operation, in the order of the JS names. An operation with two rows is sent on the
/// second path only as a fallback (OneLogin's `auth_factor`, the spec's spelling).
pub const ROUTES: [Route; 13] = [
    row(RiffynLogin, Post, "/auth"),
    row(RiffynVerify, Post, "/auth/factor/{factor}/verify"),
    row(BelvoRegisterLink, Post, "/api/links/"),
    row(BelvoRetrieve, Post, "/api/{resource}/"),
    row(BelvoResume, Patch, "/api/{collection}/"),
    row(
        OneLoginAvailableFactors,
        Get,
        "/api/1/users/{user}/auth_factors",
    ),
    row(
        OneLoginAvailableFactors,
        Get,
        "/api/1/users/{user}/auth_factor",
    ),
    row(
        OneLoginEnrolledFactors,
        Get,
        "/api/1/users/{user}/otp_devices",
    ),
    row(
        OneLoginEnrollFactor,
        Post,
        "/api/1/users/{user}/otp_devices",
    ),
    row(
        OneLoginActivateFactor,
        Post,
        "/api/1/users/{user}/otp_devices/{device}/trigger",
    ),
    row(
        OneLoginVerifyFactor,
        Post,
        "/api/1/users/{user}/otp_devices/{device}/verify",
    ),
    row(
        OneLoginRemoveFactor,
        Delete,
        "/api/1/users/{user}/otp_devices/{device}",
    ),
    row(
        OneLoginGenerateMfaToken,
        Post,
        "/api/1/users/{user}/mfa_token",
    ),
];

/// Every operation, in the order of the JS names.
pub const ALL: [OperationName; 12] = [
    RiffynLogin,
    RiffynVerify,
    BelvoRegisterLink,
    BelvoRetrieve,
    BelvoResume,
    OneLoginAvailableFactors,
    OneLoginEnrolledFactors,
    OneLoginEnrollFactor,
    OneLoginActivateFactor,
    OneLoginVerifyFactor,
    OneLoginRemoveFactor,
    OneLoginGenerateMfaToken,
];

impl OperationName {
    /// Every name, in table order.
    pub fn all() -> impl Iterator<Item = OperationName> {
        ALL.into_iter()
    }

    /// The operation of a JS name (`as_str`'s, e.g. `"onelogin.verifyFactor"`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::all().find(|n| n.as_str() == name)
    }

    /// The provider the operation goes to.
    pub fn provider(self) -> MfaProvider {
        match self {
            RiffynLogin | RiffynVerify => MfaProvider::Riffyn,
            BelvoRegisterLink | BelvoRetrieve | BelvoResume => MfaProvider::Belvo,
            _ => MfaProvider::OneLogin,
        }
    }

    /// The operation's rows (one, or two with a fallback path).
    pub fn routes(self) -> impl Iterator<Item = &'static Route> {
        ROUTES.iter().filter(move |r| r.name == self)
    }

    /// The operation's first row.
    pub fn route(self) -> &'static Route {
        // Every name has a row (checked by a test); the first row is the fallback.
        self.routes().next().unwrap_or(&ROUTES[0])
    }
}

impl Route {
    /// The pattern with its placeholders replaced by `args`, in order (already encoded).
    pub fn path(&self, args: &[&str]) -> String {
        let mut out = String::with_capacity(self.pattern.len() + 16);
        let mut args = args.iter();
        for (i, segment) in crate::text::split(self.pattern, "/").enumerate() {
            if i > 0 {
                out.push('/');
            }
            if segment.starts_with('{') {
                out.push_str(args.next().copied().unwrap_or(""));
            } else {
                out.push_str(segment);
            }
        }
        out
    }

    /// The placeholder values of `path` when it has this row's shape.
    pub fn matches<'a>(&self, path: &'a str) -> Option<Vec<(&'static str, &'a str)>> {
        let mut pattern = crate::text::split(self.pattern, "/");
        let mut given = crate::text::split(path, "/");
        let mut values = Vec::new();
        loop {
            match (pattern.next(), given.next()) {
                (None, None) => return Some(values),
                (Some(p), Some(g)) if p.starts_with('{') => {
                    if g.is_empty() {
                        return None;
                    }
                    values.push((p, g));
                }
                (Some(p), Some(g)) if p == g => {}
                _ => return None,
            }
        }
    }
}

/// The path of `name`'s first row, its placeholders filled with `args`.
pub fn path(name: OperationName, args: &[&str]) -> String {
    name.route().path(args)
}

/// The key of the proxy's own error bodies (`{"error": code, "message": …, "mfaProxy": code}`),
/// by which the clients tell a refusal of the proxy from the provider's own answer.
pub const REFUSAL_KEY: &str = "mfaProxy";

/// Whether a body is one of the proxy's own refusals (see [`REFUSAL_KEY`]).
pub(crate) fn is_refusal(body: &crate::json::Json) -> bool {
    body.get(REFUSAL_KEY).non_blank().is_some()
}

/// The proxy's refusal of a reused code (`400 {"error":"invalid_code", "mfaProxy":"code_reused"}`),
/// given a `body` that [`is_refusal`]: `invalid_code` for every provider, whatever a bare 400
/// means for it.
pub(crate) fn refuses_code(status: u16, body: &crate::json::Json) -> bool {
    status == 400 && body.get("error").as_str() == Some("invalid_code")
}

/// `config`'s request for `name`'s first row (its method, its path filled with `args`).
pub fn request(config: &ClientConfig, name: OperationName, args: &[&str]) -> HttpRequest {
    let route = name.route();
    config
        .request(route.method, &route.path(args))
        .operation(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_js_names_the_operations_in_table_order() {
        // js/lib/client.js's `mfaEvent` names an event's operation and provider by its index.
        let source = include_str!("../js/lib/client.js");
        let (_, table) = crate::text::split_once(source, "const OPERATIONS = [").unwrap();
        let (table, _) = crate::text::split_once(table, "];").unwrap();
        let names: Vec<&str> = table
            .split(',')
            .map(|n| n.trim().trim_matches('"'))
            .filter(|n| !n.is_empty())
            .collect();
        let ours: Vec<&str> = ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(names, ours);
        for op in ALL {
            let provider = op.provider().as_str();
            assert!(op.as_str().starts_with(&[provider, "."].concat()), "{op:?}");
        }
    }

    #[test]
    fn every_name_has_a_row_and_round_trips() {
        for name in OperationName::all() {
            assert_eq!(name.route().name, name);
            assert_eq!(OperationName::from_name(name.as_str()), Some(name));
        }
        assert_eq!(OperationName::all().count(), 12);
        assert_eq!(OperationName::from_name("onelogin.token"), None);
    }

    #[test]
    fn fills_and_matches_patterns() {
        let p = path(OneLoginVerifyFactor, &["7", "42"]);
        assert_eq!(p, "/api/1/users/7/otp_devices/42/verify");
        let values = OneLoginVerifyFactor.route().matches(&p).unwrap();
        assert_eq!(values, vec![("{user}", "7"), ("{device}", "42")]);
        assert!(OneLoginVerifyFactor
            .route()
            .matches("/api/1/users//otp_devices/42/verify")
            .is_none());
        assert!(OneLoginVerifyFactor
            .route()
            .matches("/api/1/users/7/otp_devices/42/verify/x")
            .is_none());
        assert_eq!(path(BelvoRetrieve, &["accounts"]), "/api/accounts/");
        assert_eq!(path(RiffynLogin, &[]), "/auth");
    }
}
