//! Shared by the fuzz targets: an `HttpResponse` made from raw bytes.
#![allow(dead_code)]

use mfa_flows::http::HttpResponse;

/// Statuses the parsers branch on; other values come from the whole 100..=599 range.
const STATUSES: [u16; 14] = [
    200, 201, 204, 400, 401, 403, 404, 409, 428, 429, 500, 502, 503, 504,
];

/// `data[0..2]` pick the status, `data[2]` which headers to add (their values are the body's
/// first line), the rest is the body (lossy UTF-8, as a transport reads it).
pub fn response(data: &[u8]) -> HttpResponse {
    let (head, body) = data.split_at(data.len().min(3));
    let pick = |i: usize| head.get(i).copied().unwrap_or(0);
    let s = u16::from_le_bytes([pick(0), pick(1)]);
    let status = if s & 0x8000 == 0 {
        STATUSES
            .get(usize::from(s) % STATUSES.len())
            .copied()
            .unwrap_or(200)
    } else {
        100 + s % 500
    };
    let body = String::from_utf8_lossy(body).into_owned();
    let line = body.lines().next().unwrap_or("").to_string();
    let flags = pick(2);
    let mut res = HttpResponse::new(status, body);
    for (bit, name) in [
        (1, "retry-after"),
        (2, "x-ratelimit-reset"),
        (4, "x-request-id"),
        (8, "content-type"),
    ] {
        if flags & bit != 0 {
            res = res.with_header(name, &line);
        }
    }
    res
}

/// A finite or non-finite `f64` from 8 bytes (NaN, ±inf, huge and tiny values all occur).
pub fn f64_of(bytes: &[u8]) -> f64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(bytes) {
        *d = *s;
    }
    f64::from_le_bytes(b)
}
