//! Building short strings without the formatting machinery (`format!` pulls in `core::fmt` and
//! its padding code at every call site; these are all the module needs).

use crate::prelude::*;

/// `a + b + c`.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The byte offset of the first `needle` in `haystack`. A plain byte search: std's `str`
/// substring search (`contains(&str)`, `replace`, `split_once(&str)`) links its char-boundary
/// panic, and with it `char`'s `Debug` and most of `core::fmt` (~2 KB brotli per module).
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// Whether `haystack` contains `needle`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// The text before and after the first `needle`.
pub(crate) fn split_once<'a>(text: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let i = find(text, needle)?;
    // A match of valid UTF-8 in valid UTF-8 starts and ends on char boundaries: `get` never fails.
    Some((text.get(..i)?, text.get(i + needle.len()..)?))
}

/// The pieces of `text` around each `sep` (not empty), as `str::split` gives them. For ASCII
/// separators too: std's `char` patterns (`split('/')`, `split_once('.')`, `find('/')`,
/// `trim_end_matches('=')`) link `CharSearcher`, `memchr` and a slice-index panic.
pub(crate) fn split<'a>(text: &'a str, sep: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let r = rest?;
        let (piece, after) = split_once(r, sep).map_or((r, None), |(p, a)| (p, Some(a)));
        rest = after;
        Some(piece)
    })
}

/// `text` without its trailing run of the ASCII byte `b` (`trim_end_matches(b as char)`).
pub(crate) fn trim_end(text: &str, b: u8) -> &str {
    // The last other byte ends a char (only ASCII `b`s follow it): `get` never fails.
    let end = text.bytes().rposition(|c| c != b).map_or(0, |i| i + 1);
    text.get(..end).unwrap_or(text)
}

/// `text` with every `from` (not empty) replaced by `to`.
pub(crate) fn replace(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = split_once(rest, from).filter(|_| !from.is_empty()) {
        out.push_str(before);
        out.push_str(to);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `bytes` as UTF-8, each invalid sequence replaced by U+FFFD exactly as
/// `String::from_utf8_lossy` does, over `str::from_utf8` alone (std's lossy decoder links its
/// own chunk iterator into the module).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn utf8_lossy(bytes: Vec<u8>) -> String {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(e) => e.into_bytes(),
    };
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes.as_slice();
    while !rest.is_empty() {
        match core::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                break;
            }
            Err(e) => {
                let valid = rest.get(..e.valid_up_to()).unwrap_or_default();
                out.push_str(core::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                let skip = e.valid_up_to() + e.error_len().unwrap_or(rest.len());
                rest = rest.get(skip..).unwrap_or_default();
            }
        }
    }
    out
}

/// The value of a non-empty run of ASCII digits (no sign, unlike `str::parse`) that fits in a
/// `u64`: one small loop instead of core's integer parser once per integer type.
pub(crate) fn digits(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// Appends `n` in decimal, with leading zeros up to `width` digits.
pub(crate) fn push_uint(out: &mut String, n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n;
    while let Some(slot) = digits.get_mut(len) {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    for d in digits.iter().take(len).rev() {
        out.push(char::from(*d));
    }
}

/// `n` in decimal, with leading zeros up to `width` digits.
pub(crate) fn uint(n: u64, width: usize) -> String {
    let mut out = String::new();
    push_uint(&mut out, n, width);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_and_replace_match_std() {
        for (h, n) in [
            ("abc", ""),
            ("", ""),
            ("", "a"),
            ("abcabc", "ca"),
            ("ab", "abc"),
            ("héllo wörld", "ö"),
            ("aaa", "aa"),
            ("x://y://z", "://"),
        ] {
            assert_eq!(find(h, n), h.find(n), "{h} {n}");
            assert_eq!(contains(h, n), h.contains(n));
            assert_eq!(split_once(h, n), h.split_once(n));
            if !n.is_empty() {
                assert_eq!(replace(h, n, "*"), h.replace(n, "*"));
            }
        }
        assert_eq!(replace("abc", "", "*"), "abc");
        for (h, n) in [
            ("", "/"),
            ("/", "/"),
            ("a/b//c/", "/"),
            ("abc", "/"),
            ("é.ö", "."),
        ] {
            assert_eq!(
                split(h, n).collect::<Vec<_>>(),
                h.split(n).collect::<Vec<_>>()
            );
        }
        for s in ["", "=", "ab==", "a=b", "é=", "ab"] {
            assert_eq!(trim_end(s, b'='), s.trim_end_matches('='), "{s}");
        }
        for (s, n) in [
            ("0", Some(0)),
            ("0080", Some(80)),
            ("18446744073709551615", Some(u64::MAX)),
        ] {
            assert_eq!(digits(s), n);
        }
        for s in ["", "+1", "-1", "1a", " 1", "18446744073709551616"] {
            assert_eq!(digits(s), None, "{s}");
        }
    }

    #[test]
    fn lossy_utf8_matches_std() {
        let cases: [&[u8]; 9] = [
            b"",
            b"plain",
            "h\u{e9}llo".as_bytes(),
            b"a\xffb",
            b"\xf0\x9f\x98",
            b"x\xf0\x9f\x98y\xe2\x82",
            b"\xc0\x80\xed\xa0\x80z",
            b"\x80\x80\x80",
            b"ok\xf4\x90\x80\x80!",
        ];
        for bytes in cases {
            assert_eq!(
                utf8_lossy(bytes.to_vec()),
                String::from_utf8_lossy(bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn integers_and_concatenation() {
        for n in [0, 7, 10, 1001, 525_001, u64::MAX] {
            assert_eq!(uint(n, 0), n.to_string());
        }
        assert_eq!(uint(7, 3), "007");
        assert_eq!(uint(2026, 4), "2026");
        assert_eq!(uint(12345, 2), "12345");
        assert_eq!(concat(&["a", "", "bc"]), "abc");
    }
}
