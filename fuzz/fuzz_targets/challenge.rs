#![no_main]
//! `toChallenge` on arbitrary JSON: the lenient step view, then the provider-neutral challenge.
use libfuzzer_sys::fuzz_target;
use mfa_flows::challenge::{to_challenge, StepView};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(view) = mfa_flows::json::from_str::<StepView>(&text) {
        let _ = to_challenge(&view);
    }
});
