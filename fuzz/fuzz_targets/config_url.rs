#![no_main]
//! `ClientConfig::new` (base URL and header checks) on arbitrary text; an accepted config must
//! join paths and build requests.
use libfuzzer_sys::fuzz_target;
use mfa_flows::config::ClientConfig;
use mfa_flows::http::Method;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Line 1: the URL; the next lines: `name: value` headers.
    let mut lines = text.split('\n');
    let url = lines.next().unwrap_or("");
    let headers: Vec<(String, String)> = lines
        .map(|l| match l.split_once(':') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect();
    for insecure in [false, true] {
        if let Ok(config) = ClientConfig::new(url, headers.clone(), insecure) {
            let _ = config.url("/api/links/");
            let _ = config.request(Method::Get, "/auth");
        }
    }
});
