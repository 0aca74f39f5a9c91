//! The one table of operations the clients send: each operation is declared once, in
//! `operations!`'s rows, with its JS name, provider, method and path pattern(s), and for the
//! proxy its body, upstream auth, admin flag and what the guard does with it.
//!
//! The clients' request builders fill a row's pattern ([`path`]); the proxy (`crate::proxy`)
//! matches an incoming method and path against the same rows. A placeholder (`{…}`) stands for
//! one path segment; what it may hold is checked by whoever fills or matches it.
//!
//! Everything else (the enum, [`ROUTES`], [`ALL`], [`OperationName::provider`],
//! [`OperationName::proxied`]) is expanded from the rows: an operation without a row, or a row
//! without one of its fields, does not compile.

use crate::config::ClientConfig;
use crate::error::MfaProvider;
use crate::http::{HttpRequest, Method};
use crate::prelude::*;
use tsify::Tsify;

/// Declares every operation once. A row:
///
/// ```text
/// /// doc
/// Variant = "js.name": Provider Method "/path" | "/fallback/path",
///     body None|Json, auth Browser|Basic|Bearer, admin true|false, guard FLAGS;
/// ```
///
/// `FLAGS` is `NONE` or [`guard`]'s flags joined by `|`. The body, auth, admin and guard fields
/// are compiled into the proxy's module only (`proxy` feature): a login page's module carries the names,
/// providers, methods and paths it sends, no more.
macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $wire:literal : $provider:ident $method:ident $($pattern:literal)|+ ,
            body $body:ident , auth $auth:ident , admin $admin:literal , guard $guard:expr ;
    )+) => {
        crate::error::wire_enum! {
            /// Every call a browser client sends, by client and method (`MfaOperationName` in JS).
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Tsify)]
            #[tsify(type_prefix = "Mfa")]
            pub enum OperationName {
                $($(#[$doc])* $variant = $wire,)+
            }
        }

        /// Every path of every operation, in the order of the JS names. An operation with two
        /// rows is sent on the second path only as a fallback (OneLogin's `auth_factor`, the
        /// spec's spelling).
        pub const ROUTES: [Route; [$($($pattern),+),+].len()] = [
            $($(row(OperationName::$variant, Method::$method, $pattern),)+)+
        ];

        /// Every operation, in the order of the JS names.
        pub const ALL: [OperationName; [$($wire),+].len()] = [$(OperationName::$variant),+];

        impl OperationName {
            /// The provider the operation goes to.
            pub fn provider(self) -> MfaProvider {
                match self {
                    $(Self::$variant => MfaProvider::$provider,)+
                }
            }

            /// What the proxy needs to know of the operation besides its route.
            #[cfg(feature = "proxy")]
            pub fn proxied(self) -> Proxied {
                use guard::*;
                match self {
                    $(Self::$variant => Proxied {
                        body: Body::$body,
                        auth: Auth::$auth,
                        admin: $admin,
                        guard: $guard,
                    },)+
                }
            }
        }
    };
}

operations! {
    /// `RiffynClient.login`.
    RiffynLogin = "riffyn.login": Riffyn Post "/auth",
        body None, auth Browser, admin false, guard MINTS;
    /// `RiffynClient.verify`.
    RiffynVerify = "riffyn.verify": Riffyn Post "/auth/factor/{factor}/verify",
        body Json, auth Browser, admin false, guard CONTINUES | MINTS;
    /// `BelvoClient.registerLink`.
    BelvoRegisterLink = "belvo.registerLink": Belvo Post "/api/links/",
        body Json, auth Basic, admin false, guard UP_FRONT | MINTS;
    /// `BelvoClient.retrieve`.
    BelvoRetrieve = "belvo.retrieve": Belvo Post "/api/{resource}/",
        body Json, auth Basic, admin false, guard UP_FRONT | MINTS;
    /// `BelvoClient.resume`.
    BelvoResume = "belvo.resume": Belvo Patch "/api/{collection}/",
        body Json, auth Basic, admin false, guard CONTINUES | MINTS;
    /// `OneLoginClient.availableFactors`.
    OneLoginAvailableFactors = "onelogin.availableFactors": OneLogin Get
        "/api/1/users/{user}/auth_factors" | "/api/1/users/{user}/auth_factor",
        body None, auth Bearer, admin false, guard NONE;
    /// `OneLoginClient.enrolledFactors`.
    OneLoginEnrolledFactors = "onelogin.enrolledFactors": OneLogin Get "/api/1/users/{user}/otp_devices",
        body None, auth Bearer, admin false, guard NONE;
    /// `OneLoginClient.enrollFactor`.
    OneLoginEnrollFactor = "onelogin.enrollFactor": OneLogin Post "/api/1/users/{user}/otp_devices",
        body Json, auth Bearer, admin false, guard MINTS;
    /// `OneLoginClient.activateFactor`.
    OneLoginActivateFactor = "onelogin.activateFactor": OneLogin Post
        "/api/1/users/{user}/otp_devices/{device}/trigger",
        body Json, auth Bearer, admin false, guard MINTS;
    /// `OneLoginClient.verifyFactor` (and each poll of `waitForPush`).
    OneLoginVerifyFactor = "onelogin.verifyFactor": OneLogin Post
        "/api/1/users/{user}/otp_devices/{device}/verify",
        body Json, auth Bearer, admin false, guard CONTINUES;
    /// `OneLoginClient.removeFactor` (an admin operation).
    OneLoginRemoveFactor = "onelogin.removeFactor": OneLogin Delete
        "/api/1/users/{user}/otp_devices/{device}",
        body None, auth Bearer, admin true, guard NONE;
    /// `OneLoginClient.generateMfaToken` (an admin operation).
    OneLoginGenerateMfaToken = "onelogin.generateMfaToken": OneLogin Post "/api/1/users/{user}/mfa_token",
        body Json, auth Bearer, admin true, guard NONE;
}

/// One path of an operation.
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

/// The body an operation's client sends, which is all the proxy accepts.
#[cfg(feature = "proxy")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// None (an empty body only).
    None,
    /// A JSON object declared `application/json` (an empty body reads as `{}`).
    Json,
}

/// The `Authorization` the proxy sends upstream.
#[cfg(feature = "proxy")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// The browser's own HTTP Basic (Riffyn's user credentials), when well formed; else none.
    Browser,
    /// The proxy's HTTP Basic (Belvo's secret keys).
    Basic,
    /// The proxy's bearer token (OneLogin's, fetched and renewed by the proxy).
    Bearer,
}

#[cfg(feature = "proxy")]
impl Auth {
    /// The name JS reads (`ProxyCall.auth()`).
    pub fn as_str(self) -> &'static str {
        match self {
            Auth::Browser => "browser",
            Auth::Basic => "basic",
            Auth::Bearer => "bearer",
        }
    }
}

/// The flags of [`Proxied::guard`]: what the proxy's guard (`js/lib/guard.js`) does with a call.
#[cfg(feature = "proxy")]
pub mod guard {
    /// No flag.
    pub const NONE: u8 = 0;
    /// The request continues a handle and carries a code (`proxy::carried`).
    pub const CONTINUES: u8 = 1;
    /// The request may carry a code without a handle (Belvo's bank token sent up front).
    pub const UP_FRONT: u8 = 2;
    /// The answer may mint a handle the guard binds to its subject (`proxy::minted`).
    pub const MINTS: u8 = 4;
}

/// What the proxy knows of an operation besides its route (the row's last fields).
#[cfg(feature = "proxy")]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proxied {
    /// The body its client sends.
    pub body: Body,
    /// The `Authorization` sent upstream.
    pub auth: Auth,
    /// An admin operation: outside the proxy's default `allow`.
    pub admin: bool,
    /// [`guard`]'s flags.
    pub guard: u8,
}

#[cfg(feature = "proxy")]
impl Proxied {
    /// Whether `flag` (one of [`guard`]'s) is set.
    pub fn guards(self, flag: u8) -> bool {
        self.guard & flag != 0
    }
}

impl OperationName {
    /// Every name, in table order.
    pub fn all() -> impl Iterator<Item = OperationName> {
        ALL.into_iter()
    }

    /// The operation of a JS name (`as_str`'s, e.g. `"onelogin.verifyFactor"`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::all().find(|n| n.as_str() == name)
    }

    /// The operation's rows (one, or two with a fallback path).
    pub fn routes(self) -> impl Iterator<Item = &'static Route> {
        ROUTES.iter().filter(move |r| r.name == self)
    }

    /// The operation's first row.
    pub fn route(self) -> &'static Route {
        // Every name has a row (the macro gives each at least one); the first row is the fallback.
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
    use OperationName::*;

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
        // `operations!` gives each operation its rows; these hold what a row cannot say alone.
        for (i, name) in OperationName::all().enumerate() {
            assert_eq!(name.route().name, name);
            assert_eq!(OperationName::from_name(name.as_str()), Some(name));
            assert_eq!(ALL.iter().position(|n| *n == name), Some(i), "{name:?}");
        }
        assert_eq!(OperationName::from_name("onelogin.token"), None);
        // The rows of one operation are contiguous, in `ALL`'s order.
        let mut names: Vec<OperationName> = ROUTES.iter().map(|r| r.name).collect();
        names.dedup();
        assert_eq!(names, ALL);
    }

    #[cfg(feature = "proxy")]
    #[test]
    fn the_proxy_fields_of_the_rows() {
        for name in OperationName::all() {
            let proxied = name.proxied();
            // A GET or a DELETE has no body, whatever its row says.
            if matches!(name.route().method, Method::Get | Method::Delete) {
                assert_eq!(proxied.body, Body::None, "{name:?}");
            }
            // The browser's own Basic goes to Riffyn only; Belvo's keys and OneLogin's token
            // are the proxy's, each for its own provider.
            let auth = match name.provider() {
                MfaProvider::Riffyn => Auth::Browser,
                MfaProvider::Belvo => Auth::Basic,
                MfaProvider::OneLogin => Auth::Bearer,
            };
            assert_eq!(proxied.auth, auth, "{name:?}");
        }
        // The proxy's default `allow` leaves out exactly these (SECURITY.md, docs/API.md).
        let admin: Vec<_> = OperationName::all().filter(|n| n.proxied().admin).collect();
        assert_eq!(admin, [OneLoginRemoveFactor, OneLoginGenerateMfaToken]);
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
