//! Decimal text ⇄ 18-decimal fixed point, exactly (config files and printed tables).
use crate::error::DeployError;
use scf_interfaces::WAD;

const DECIMALS: usize = 18;

/// Parses `"1.5"`, `"50_000"`, `"0.000000000000000001"` into wad, refusing anything that is not
/// exactly representable (more than 18 decimals, signs, exponents) or overflows `u128`.
pub fn parse_wad(text: &str) -> Result<u128, DeployError> {
    let bad = |why: &str| DeployError::BadNumber {
        text: text.to_string(),
        why: why.to_string(),
    };
    let clean: String = text
        .trim()
        .chars()
        .filter(|c| *c != '_' && *c != ',')
        .collect();
    let (whole, frac) = match clean.split_once('.') {
        Some((w, f)) => (w, f),
        None => (clean.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(bad("empty"));
    }
    if !whole
        .chars()
        .chain(frac.chars())
        .all(|c| c.is_ascii_digit())
    {
        return Err(bad(
            "only digits, one '.', and '_' or ',' separators are allowed",
        ));
    }
    if frac.len() > DECIMALS {
        return Err(bad("more than 18 decimals"));
    }
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad("too large"))?
    };
    let mut frac_padded = frac.to_string();
    while frac_padded.len() < DECIMALS {
        frac_padded.push('0');
    }
    let frac: u128 = frac_padded.parse().map_err(|_| bad("bad decimals"))?;
    whole
        .checked_mul(WAD)
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(|| bad("too large for 18-decimal u128"))
}

/// `1234567.5 × 10^18` → `"1,234,567.50"` (two decimals, truncated: a display, not a value).
pub fn money(v: u128) -> String {
    let whole = v / WAD;
    let cents = (v % WAD) / (WAD / 100);
    format!("{}.{cents:02}", group(whole))
}

/// Full precision, trailing zeros trimmed: `1.5 × 10^18` → `"1.5"`.
pub fn exact(v: u128) -> String {
    let whole = v / WAD;
    let frac = v % WAD;
    if frac == 0 {
        return group(whole);
    }
    let f = format!("{frac:018}");
    format!("{}.{}", group(whole), f.trim_end_matches('0'))
}

/// A wad fraction as a percentage to two decimals, rounded to nearest: 0.0499…99 → "5.00".
pub fn percent(v: u128) -> String {
    let hundredths = v.saturating_mul(10_000).saturating_add(WAD / 2) / WAD;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn group(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub const MS_PER_DAY: u64 = 86_400_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_decimals() {
        assert_eq!(parse_wad("1.5").unwrap(), 1_500_000_000_000_000_000);
        assert_eq!(parse_wad("50_000").unwrap(), 50_000 * WAD);
        assert_eq!(parse_wad("0.000000000000000001").unwrap(), 1);
        assert_eq!(parse_wad(".25").unwrap(), WAD / 4);
    }

    #[test]
    fn refuses_what_is_not_exact() {
        for bad in [
            "",
            "-1",
            "1e3",
            "0.0000000000000000001",
            "1.2.3",
            "abc",
            "400000000000000000000",
        ] {
            assert!(
                matches!(parse_wad(bad), Err(DeployError::BadNumber { .. })),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn formats() {
        assert_eq!(money(1_234_567 * WAD + WAD / 2), "1,234,567.50");
        assert_eq!(exact(WAD / 2 * 3), "1.5");
        assert_eq!(exact(1_000 * WAD), "1,000");
        assert_eq!(percent(WAD / 20 - 1), "5.00");
        assert_eq!(percent(WAD / 10), "10.00");
    }
}

/// Serializes 18/27-decimal integers as JSON strings: they exceed 2^53 (JavaScript) and u64.
pub mod json_string {
    pub fn serialize<S: serde::Serializer, T: ToString>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    /// Reads an amount written by `serialize` (the manifest is read back).
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Same for optional amounts.
pub mod json_opt_string {
    pub fn serialize<S: serde::Serializer>(v: &Option<u128>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&v.to_string()),
            None => s.serialize_none(),
        }
    }
}
