#![no_main]
//! TOTP with arbitrary base32 secrets and options (digits, period, timestamp, algorithm,
//! including NaN, infinities and out-of-range values).
use libfuzzer_sys::fuzz_target;
use mfa_flows::totp::{hotp, totp, TotpAlgorithm, TotpOptions};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(26));
    let pick = |from: usize| head.get(from..).unwrap_or(&[]);
    let flags = head.first().copied().unwrap_or(0);
    let algorithm = match flags % 4 {
        0 => None,
        1 => Some(TotpAlgorithm::Sha1),
        2 => Some(TotpAlgorithm::Sha256),
        _ => Some(TotpAlgorithm::Sha512),
    };
    let options = TotpOptions {
        timestamp: (flags & 4 != 0).then(|| common::f64_of(pick(1))),
        digits: (flags & 8 != 0).then(|| f64::from(head.get(9).copied().unwrap_or(6) % 12)),
        period: (flags & 16 != 0).then(|| common::f64_of(pick(10))),
        algorithm,
    };
    let secret = String::from_utf8_lossy(rest);
    let _ = totp(&secret, &options, common::f64_of(pick(18)));
    let _ = hotp(
        rest,
        u64::from(flags),
        u32::from(flags),
        TotpAlgorithm::Sha512,
    );
});
