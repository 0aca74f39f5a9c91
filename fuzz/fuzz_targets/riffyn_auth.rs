#![no_main]
//! Riffyn's login/verify answer parser on arbitrary bodies and statuses.
use libfuzzer_sys::fuzz_target;
use mfa_flows::http::HttpResponse;
use mfa_flows::riffyn::flow::{parse_auth, Phase};

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data.split_first() {
        Some((s, rest)) => (200 + u16::from(*s) % 400, rest),
        None => (200, data),
    };
    let res = HttpResponse::new(status, String::from_utf8_lossy(body));
    let _ = parse_auth(&res, Phase::Login);
    let _ = parse_auth(&res, Phase::Verify);
});
