//! `ClientOptions` / `CallOptions` from JS, and the per-call transport they make.

use super::fetch::FetchTransport;
use super::util::{from_js, from_js_lenient, keys};
use crate::config::ClientConfig;
use crate::error::{Error, MfaErrorCode, Result};
use js_sys::{Function, Reflect};
use serde::de::IgnoredAny;
use serde::Deserialize;
use std::collections::BTreeMap;
use tsify::{Ts, Tsify};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Options common to every client.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    /// The API's base URL, e.g. `"https://api.app.riffyn.com/v1"`, or your own backend proxy.
    pub base_url: String,
    /// An injected `fetch` (proxies, tests); default: `globalThis.fetch`.
    // Read through `Reflect` (a function does not deserialize); the field types the `.d.ts`.
    #[allow(dead_code)]
    #[tsify(type = "typeof globalThis.fetch", optional)]
    #[serde(default)]
    pub fetch: Option<IgnoredAny>,
    /// Per HTTP request, in ms; default 30000; 0 = no timeout.
    #[tsify(optional)]
    #[serde(default)]
    pub timeout_ms: Option<f64>,
    /// Extra headers on every request (e.g. a CSRF token for a proxy).
    #[tsify(type = "Record<string, string>", optional)]
    #[serde(default)]
    pub headers: Option<BTreeMap<String, String>>,
    /// Default false: `http://` is refused except for loopback hosts.
    #[tsify(optional)]
    #[serde(default)]
    pub allow_insecure_http: Option<bool>,
}

const CLIENT_KEYS: [&str; 5] = [
    "baseUrl",
    "fetch",
    "timeoutMs",
    "headers",
    "allowInsecureHttp",
];

/// Options of one async call; the last argument of every async method.
#[derive(Tsify, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CallOptions {
    /// Aborts the call (`MfaError` code `aborted`).
    #[tsify(type = "AbortSignal", optional)]
    #[serde(default)]
    pub signal: Option<IgnoredAny>,
    /// Overrides the client's `timeoutMs` for this call.
    #[tsify(optional)]
    #[serde(default)]
    pub timeout_ms: Option<f64>,
}

/// What a client keeps from its options.
pub struct Shared {
    /// Base URL and extra headers.
    pub config: ClientConfig,
    fetch: Option<Function>,
    timeout_ms: u32,
}

/// A call's signal and timeout, checked.
#[derive(Default)]
pub struct Call {
    signal: Option<AbortSignal>,
    timeout_ms: Option<u32>,
}

fn timeout(value: Option<f64>, field: &str) -> Result<Option<u32>> {
    match value {
        None => Ok(None),
        Some(ms) if ms.is_finite() && (0.0..=2_147_483_647.0).contains(&ms) => Ok(Some(ms as u32)),
        Some(_) => Err(Error::invalid_input(format!(
            "{field}: must be a number of milliseconds >= 0"
        ))),
    }
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Refuses keys outside `known` (typos like `baseURL` would otherwise be silently ignored).
pub fn check_keys(value: &JsValue, what: &str, known: &[&[&str]]) -> Result<()> {
    if !value.is_object() {
        return Err(Error::invalid_input(format!("{what}: must be an object")));
    }
    // `util::keys`: a proxy that throws is refused here instead of unwinding through Rust.
    let keys =
        keys(value).ok_or_else(|| Error::invalid_input(format!("{what}: could not be read")))?;
    for key in keys {
        if !known.iter().any(|set| set.contains(&key.as_str())) {
            let key: String = key.chars().take(40).collect();
            return Err(Error::invalid_input(format!(
                "{what}: unknown field `{key}`"
            )));
        }
    }
    Ok(())
}

/// Whether the module runs in a browser page or worker (where secrets would be exposed).
pub fn in_browser() -> bool {
    let global = js_sys::global();
    !get(&global, "document").is_undefined() || !get(&global, "WorkerGlobalScope").is_undefined()
}

impl Shared {
    /// Reads and checks `ClientOptions` (plus a client's own `extra_keys`).
    ///
    /// # Errors
    /// `invalid_input`, `insecure_url`.
    pub fn from_js(options: &JsValue, extra_keys: &[&str]) -> Result<Self> {
        check_keys(options, "options", &[&CLIENT_KEYS, extra_keys])?;
        // Keys were checked just above, with the client's own extras: `from_js` would refuse them.
        let parsed: ClientOptions = from_js_lenient(
            &Ts::<ClientOptions>::new_unchecked(options.clone()),
            "options",
        )?;
        let fetch = match get(options, "fetch") {
            f if f.is_undefined() || f.is_null() => None,
            f => Some(
                f.dyn_into::<Function>()
                    .map_err(|_| Error::invalid_input("fetch: must be a function"))?,
            ),
        };
        let headers = parsed.headers.unwrap_or_default().into_iter().collect();
        Ok(Shared {
            config: ClientConfig::new(
                &parsed.base_url,
                headers,
                parsed.allow_insecure_http.unwrap_or(false),
            )?,
            fetch,
            timeout_ms: timeout(parsed.timeout_ms, "timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS),
        })
    }

    /// The transport of one call.
    pub fn transport(&self, call: &Call) -> FetchTransport {
        FetchTransport {
            fetch: self.fetch.clone(),
            timeout_ms: call.timeout_ms.unwrap_or(self.timeout_ms),
            signal: call.signal.clone(),
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
        let parsed = from_js(&call, "call options")?;
        Ok(Call {
            signal: signal_of(&value, "signal")?,
            timeout_ms: timeout(parsed.timeout_ms, "timeoutMs")?,
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

/// Reads an optional `AbortSignal` field.
pub fn signal_of(object: &JsValue, key: &str) -> Result<Option<AbortSignal>> {
    match get(object, key) {
        s if s.is_undefined() || s.is_null() => Ok(None),
        s => s.dyn_into::<AbortSignal>().map(Some).map_err(|_| {
            Error::new(
                MfaErrorCode::InvalidInput,
                format!("{key}: must be an AbortSignal"),
            )
        }),
    }
}
