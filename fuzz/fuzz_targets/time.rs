#![no_main]
//! Lenient timestamp parsing (ISO-8601 variants, epoch seconds/ms) and ISO formatting of any
//! `f64`; a parsed time must format without panicking.
use libfuzzer_sys::fuzz_target;
use mfa_flows::time::{format_iso, parse_timestamp};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = format_iso(common::f64_of(data));
    let text = String::from_utf8_lossy(data);
    if let Some(ms) = parse_timestamp(&text) {
        let _ = parse_timestamp(&format_iso(ms));
    }
});
