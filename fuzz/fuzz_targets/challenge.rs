#![no_main]
//! `toChallenge` on arbitrary JSON: the one step reader, then the provider-neutral challenge.
use libfuzzer_sys::fuzz_target;
use mfa_flows::challenge::to_challenge;
use mfa_flows::json::Json;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(step) = Json::parse(&text) {
        let _ = to_challenge(&step);
    }
});
