//! Building short strings without the formatting machinery (`format!` pulls in `core::fmt` and
//! its padding code at every call site; these are all the module needs).

/// `a + b + c`.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
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
