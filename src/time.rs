//! Wall-clock time and lenient timestamp parsing (ISO-8601 or epoch strings).
//!
//! `std::time::SystemTime::now()` panics on wasm32-unknown-unknown, so the host's `Date.now()` is
//! used there.

use crate::prelude::*;

/// Milliseconds since the Unix epoch, from the host.
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds since the Unix epoch, from the host.
#[cfg(not(target_arch = "wasm32"))]
#[allow(
    clippy::disallowed_types,
    reason = "native only: the wasm clock is Date.now"
)]
pub fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ` (like JS `toISOString`).
pub fn format_iso(ms: f64) -> String {
    // The floor (`f64::floor` is not in `core`): the cast truncates towards zero.
    let ms = match ms as i64 {
        _ if !ms.is_finite() => 0,
        t if (t as f64) > ms => t.saturating_sub(1),
        t => t,
    };
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    // By hand: no formatting machinery. Years before 0 or after 9999 keep their sign/digits.
    let mut out = String::with_capacity(24);
    if y < 0 {
        out.push('-');
    }
    let parts = [
        (y.unsigned_abs(), 4, '-'),
        (m as u64, 2, '-'),
        (d as u64, 2, 'T'),
    ];
    for (n, width, sep) in parts {
        crate::text::push_uint(&mut out, n, width);
        out.push(sep);
    }
    let parts = [
        (h as u64, 2, ':'),
        (mi as u64, 2, ':'),
        (s as u64, 2, '.'),
        (milli as u64, 3, 'Z'),
    ];
    for (n, width, sep) in parts {
        crate::text::push_uint(&mut out, n, width);
        out.push(sep);
    }
    out
}

/// Parses a timestamp leniently into epoch milliseconds.
///
/// Accepts ISO-8601 / RFC 3339 (`T` or a space between date and time, optional fraction,
/// `Z`, `±HH:MM`, `±HHMM` or no zone = UTC, or a bare date) and epoch seconds or milliseconds
/// written as digits (12 digits or more are read as milliseconds).
pub fn parse_timestamp(text: &str) -> Option<f64> {
    let t = text.trim();
    if !t.is_empty() && t.len() <= 16 && t.bytes().all(|b| b.is_ascii_digit()) {
        // At most 16 digits: exact as an integer, and as an f64.
        let n = crate::json::decimal(t)?.whole as f64;
        return Some(if t.len() >= 12 { n } else { n * 1000.0 });
    }
    parse_iso(t)
}

fn parse_iso(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        i64::try_from(crate::text::digits(t.get(from..from + len)?)?).ok()
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !(1..=12).contains(&mo) {
        return None;
    }
    if !(1..=days_in_month(y, mo)).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, mo, d) as f64 * 86_400_000.0;
    if b.len() == 10 {
        return Some(ms);
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) || b.get(13) != Some(&b':') {
        return None;
    }
    let (h, mi) = (num(11, 2)?, num(14, 2)?);
    let mut i = 16;
    let mut s = 0;
    if b.get(i) == Some(&b':') {
        s = num(17, 2)?;
        i = 19;
    }
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    ms += (h * 3_600_000 + mi * 60_000 + s * 1000) as f64;
    if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = t.get(start..i)?;
        if frac.is_empty() {
            return None;
        }
        // Milliseconds: the first three digits, padded (the rest is cut).
        let milli = frac
            .bytes()
            .chain(core::iter::repeat(b'0'))
            .take(3)
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
        ms += f64::from(milli);
    }
    match t.get(i..)? {
        "" | "Z" | "z" => Some(ms),
        zone => {
            let sign = match zone.as_bytes().first()? {
                b'+' => -1.0,
                b'-' => 1.0,
                _ => return None,
            };
            let z = crate::text::replace(zone.get(1..)?, ":", "");
            if z.len() != 4 && z.len() != 2 {
                return None;
            }
            let num = |s: Option<&str>| i64::try_from(crate::text::digits(s?)?).ok();
            let zh = num(z.get(0..2))?;
            let zm = if z.len() == 4 { num(z.get(2..4))? } else { 0 };
            Some(ms + sign * ((zh * 60 + zm) * 60_000) as f64)
        }
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil calendar algorithms.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_to_iso_string() {
        assert_eq!(format_iso(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_iso(1_700_000_000_123.0), "2023-11-14T22:13:20.123Z");
        assert_eq!(format_iso(951_782_400_000.0), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn parses_the_shapes_seen_in_the_apis() {
        let t = 1_547_676_998_000.0; // 2019-01-16T22:16:38Z
        assert_eq!(parse_timestamp("2019-01-16T22:16:38Z"), Some(t));
        assert_eq!(parse_timestamp("2019-01-16 22:16:38+00:00"), Some(t));
        assert_eq!(parse_timestamp("2019-01-16T23:16:38+01:00"), Some(t));
        assert_eq!(parse_timestamp("2019-01-16T17:16:38-0500"), Some(t));
        assert_eq!(parse_timestamp("2019-01-16T22:16:38.5Z"), Some(t + 500.0));
        assert_eq!(parse_timestamp("2019-01-16T22:16:38"), Some(t));
        assert_eq!(parse_timestamp("1547676998"), Some(t));
        assert_eq!(parse_timestamp("1547676998000"), Some(t));
        assert_eq!(parse_timestamp(" 2019-01-16 "), Some(1_547_596_800_000.0));
    }

    #[test]
    fn rejects_garbage_without_panicking() {
        for s in [
            "",
            "soon",
            "2019-13-01",
            "2019-02-30",
            "2019-01-16T25:00Z",
            "2019-01-16Tx",
            "2019-01-16T22:16:38+5",
            "é2019-01-16",
            "2019-01-16T22:16:38.Z",
            "99999999999999999",
        ] {
            assert_eq!(parse_timestamp(s), None, "{s}");
        }
    }

    #[test]
    fn roundtrips() {
        for ms in [0.0, 86_399_999.0, 1_e12, 4_102_444_800_000.0] {
            assert_eq!(parse_timestamp(&format_iso(ms)), Some(ms));
        }
    }
}
