//! `ClientOptions` / `CallOptions` from JS, and the per-call transport they make.

use super::events::{CallTransport, Events};
use super::fetch::FetchTransport;
use super::util::{cast_option, get};
use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::input::Fields;
use crate::json::Json;
use crate::prelude::*;
use alloc::collections::BTreeMap;
use js_sys::Function;
use serde::de::IgnoredAny;
use tsify::{Ts, Tsify};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

const DEFAULT_TIMEOUT_MS: u32 = 30_000;

// The two structs below type the `.d.ts` and give the schema; the values are read field by
// field with `crate::input::Fields` (no serde deserializer in the module).

crate::input::input! {
    /// Options common to every client.
    #[allow(dead_code)]
    #[derive(Tsify)]
    pub struct ClientOptions("options", "options.", custom) {
        /// The API's base URL, e.g. `"https://api.app.riffyn.com/v1"`, or your own backend proxy; in
        /// a page a relative URL (`"/mfa/belvo"`) is resolved against `location.href`. Where there is
        /// no page yet (a server render, a prerender), a path is resolved at the client's first call.
        pub base_url: String = "baseUrl" (Str),
        /// An injected `fetch` (proxies, tests); default: `globalThis.fetch`.
        // Read through `Reflect` (a function is not data).
        #[tsify(type = "typeof globalThis.fetch")]
        pub fetch: Option<IgnoredAny> = "fetch" (Any) optional,
        /// Per HTTP request, in ms; default 30000; 0 = no timeout.
        pub timeout_ms: Option<f64> = "timeoutMs" (Any) optional,
        /// Extra headers on every request (e.g. a CSRF token for a proxy).
        #[tsify(type = "Record<string, string>")]
        pub headers: Option<BTreeMap<String, String>> = "headers" (Any) optional,
        /// Default false: `http://` is refused except for loopback hosts.
        pub allow_insecure_http: Option<bool> = "allowInsecureHttp" (Bool) optional,
        /// Hears what each call does (requests, answers, retries, polls, steps, errors), for
        /// analytics or logs. Events hold no code, token, password, state token, session, link
        /// or id. Called synchronously and never awaited; what it throws is ignored.
        #[tsify(type = "(event: MfaEvent) => void")]
        pub on_event: Option<IgnoredAny> = "onEvent" (Any) optional,
    }
}

crate::input::input! {
    /// Options of one async call; the last argument of every async method.
    #[allow(dead_code)]
    #[derive(Tsify)]
    #[serde(deny_unknown_fields)]
    pub struct CallOptions("call options", "call options.", custom) {
        /// Aborts the call (`MfaError` code `aborted`).
        #[tsify(type = "AbortSignal")]
        pub signal: Option<IgnoredAny> = "signal" (Any) optional,
        /// Overrides the client's `timeoutMs` for this call.
        pub timeout_ms: Option<f64> = "timeoutMs" (Any) optional,
    }
}

/// What a client keeps from its options.
pub struct Shared {
    /// Base URL and extra headers.
    pub config: ClientConfig,
    fetch: Option<Function>,
    timeout_ms: u32,
    /// `onEvent`.
    pub events: Events,
}

/// A call's signal and timeout, checked.
#[derive(Default)]
pub struct Call {
    signal: Option<AbortSignal>,
    timeout_ms: Option<u32>,
}

/// A timeout in ms: a number from 0 to 2^31 - 1 (the host timers' limit).
fn timeout(value: Option<&Json>, message: &'static str) -> Result<Option<u32>> {
    match value {
        None => Ok(None),
        Some(Json::Num(ms)) if ms.is_finite() && (0.0..=2_147_483_647.0).contains(ms) => {
            Ok(Some(*ms as u32))
        }
        Some(_) => Err(Error::invalid_input(message)),
    }
}

/// Whether the module runs in a browser page or worker (where secrets would be exposed). Fails
/// closed: a `document` or `WorkerGlobalScope` that cannot even be read counts as a browser.
pub fn in_browser() -> bool {
    let global = js_sys::global();
    ["document", "WorkerGlobalScope"].iter().any(|key| {
        // Present unless it reads as `undefined` or `null`; a throw counts as present.
        super::sys::get(&global, &JsValue::from_str(key)).map_or(true, |v| v.is_some())
    })
}

/// In a page or worker, a relative `baseUrl` (`"/mfa/belvo"`) is resolved against
/// `location.href`, as `fetch` would; elsewhere it is refused, saying what to do instead.
fn in_page(base_url: String) -> Result<String> {
    let global = js_sys::global();
    let href = get(&get(&global, "location"), "href");
    if crate::text::contains(&base_url, "://") {
        return Ok(base_url);
    }
    if !href.is_string() {
        return Err(Error::invalid_input(
            "baseUrl: no page here to resolve a relative URL against: give an absolute http(s) URL",
        ));
    }
    let args = js_sys::Array::of2(&JsValue::from_str(&base_url), &href);
    Ok(get(&global, "URL")
        .dyn_into::<Function>()
        .ok()
        .and_then(|url| super::sys::construct(&url, &args))
        .map(|url| get(&url, "href"))
        .and_then(|href| href.as_string())
        .unwrap_or(base_url))
}

impl Shared {
    /// Reads and checks `ClientOptions` (plus a client's own `extra_keys`).
    ///
    /// # Errors
    /// `invalid_input`, `insecure_url`.
    pub fn from_js(options: &JsValue, extra_keys: &[&str]) -> Result<Self> {
        let json = Json::from_js(options);
        let f = Fields::of(&json, "options", "options.")?;
        f.known(ClientOptions::SCHEMA, extra_keys)?;
        f.types(ClientOptions::SCHEMA)?;
        let fetch = cast_option(options, "fetch", "options.fetch: must be a function")?;
        let headers = match f.get("headers") {
            None => Vec::new(),
            Some(Json::Obj(members)) => members
                .iter()
                .map(|(name, value)| Some((name.clone(), value.as_str()?.to_string())))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(bad_headers)?,
            Some(_) => return Err(bad_headers()),
        };
        let timeout_ms = timeout(
            f.get("timeoutMs"),
            "options.timeoutMs: must be a number of milliseconds >= 0",
        )?;
        Ok(Shared {
            config: ClientConfig::new(
                &in_page(f.text("baseUrl").unwrap_or_default())?,
                headers,
                f.flag("allowInsecureHttp").unwrap_or(false),
            )?,
            fetch,
            timeout_ms: timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            events: Events::from_options(options)?,
        })
    }

    /// The proxy's token source's (`createMfaProxy`'s OneLogin): `config` as the proxy checked
    /// it, and the `fetch` and `timeoutMs` of `options` read as [`Shared::from_js`] reads them.
    ///
    /// # Errors
    /// `invalid_input`.
    #[cfg(feature = "proxy")]
    pub fn for_proxy(config: ClientConfig, options: &JsValue) -> Result<Self> {
        let fetch = cast_option(options, "fetch", "options.fetch: must be a function")?;
        let ms = super::util::own(options, "timeoutMs")
            .as_f64()
            .map(Json::Num);
        let timeout_ms = timeout(
            ms.as_ref(),
            "createMfaProxy: timeoutMs: must be a number of milliseconds from 0 to 2147483647",
        )?;
        Ok(Shared {
            config,
            fetch,
            timeout_ms: timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            events: Events::default(),
        })
    }

    /// The transport of one call.
    pub fn transport(&self, call: &Call) -> CallTransport {
        CallTransport {
            fetch: FetchTransport {
                fetch: self.fetch.clone(),
                timeout_ms: call.timeout_ms.unwrap_or(self.timeout_ms),
                signal: call.signal.clone(),
            },
            events: self.events.clone(),
        }
    }
}

impl Call {
    /// Reads and checks `CallOptions`.
    ///
    /// # Errors
    /// `invalid_input` for unknown fields, a non-`AbortSignal` signal or a bad timeout.
    pub fn from_js(call: Option<Ts<CallOptions>>) -> Result<Self> {
        let Some(call) = call else {
            return Ok(Call::default());
        };
        let value = call.js_value();
        let json = Json::from_js(&value);
        let f = Fields::of(&json, "call options", "call options.")?;
        f.check(CallOptions::SCHEMA, true)?;
        Ok(Call {
            signal: cast_option(
                &value,
                "signal",
                "call options.signal: must be an AbortSignal",
            )?,
            timeout_ms: timeout(
                f.get("timeoutMs"),
                "call options.timeoutMs: must be a number of milliseconds >= 0",
            )?,
        })
    }

    /// A call with only a signal (for `waitForPush`).
    pub fn with_signal(signal: Option<AbortSignal>) -> Self {
        Call {
            signal,
            timeout_ms: None,
        }
    }
}

fn bad_headers() -> Error {
    Error::invalid_input("options.headers: must be an object of strings")
}
