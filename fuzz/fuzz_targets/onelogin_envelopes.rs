#![no_main]
//! Every OneLogin v1 answer parser (the `{status, data}` envelope and its variants, flat
//! errors, v2-style errors, the token endpoint, the temporary MFA token) on arbitrary statuses,
//! headers and bodies.
use libfuzzer_sys::fuzz_target;
use mfa_flows::onelogin::flow::{
    parse_activate, parse_available_factors, parse_enroll, parse_enrolled_factors, parse_mfa_token,
    parse_remove, parse_verify,
};
use mfa_flows::onelogin::parse_token;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let res = common::response(data);
    let _ = parse_token(&res);
    let _ = parse_available_factors(&res, true);
    let _ = parse_available_factors(&res, false);
    let _ = parse_enrolled_factors(&res);
    let _ = parse_enroll(&res);
    let _ = parse_activate(&res, 1_767_225_600_000.0, 120, None);
    let _ = parse_activate(&res, f64::MAX, u32::MAX, Some(u64::MAX));
    let _ = parse_verify(&res);
    let _ = parse_remove(&res);
    let _ = parse_mfa_token(&res, None);
    let _ = parse_mfa_token(&res, Some(true));
});
