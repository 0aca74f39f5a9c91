#![no_main]
//! Belvo's answer parser (`parse_step`: 2xx data, 428 `token_required` in its spec, DevPortal
//! and legacy shapes, the error array, the HTML 403 limiter) on arbitrary statuses, headers and
//! bodies, for each operation and collection; a challenge it returns must build a resume.
use libfuzzer_sys::fuzz_target;
use mfa_flows::belvo::flow::{build_resume, parse_step, Collection, Phase};
use mfa_flows::belvo::{BelvoResource, BelvoResumeInput, BelvoStep};
use mfa_flows::config::ClientConfig;

#[path = "common.rs"]
mod common;

const NOW: f64 = 1_767_225_600_000.0;

fuzz_target!(|data: &[u8]| {
    let res = common::response(data);
    let Ok(config) = ClientConfig::new("https://sandbox.belvo.com", vec![], false) else {
        return;
    };
    for op in [Phase::Register, Phase::Retrieve, Phase::Resume] {
        for collection in [
            Collection::Links,
            Collection::Data(BelvoResource::Accounts),
            Collection::Data(BelvoResource::RiskInsights),
        ] {
            if let Ok(BelvoStep::TokenRequired(challenge)) = parse_step(&res, NOW, op, collection) {
                let input = BelvoResumeInput {
                    token: Some("123456".into()),
                    save_data: Some(true),
                };
                let _ = build_resume(&config, None, &challenge, &input, NOW);
                let _ = build_resume(&config, None, &challenge, &BelvoResumeInput::default(), NOW);
            }
        }
    }
});
