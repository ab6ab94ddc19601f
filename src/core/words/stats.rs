//! The association measures of corpus linguistics, on plain counts.
//!
//! Keywords compare a word's count in the target (`a` of `c` tokens) with
//! the reference (`b` of `d` tokens): Dunning's log-likelihood (G²) says how
//! sure the difference is, Hardie's log ratio how big it is (log₂ of the
//! ratio of relative frequencies; a zero count is taken as 0.5).
//! Collocations compare a pair's co-occurrences within a window with the
//! node's and the collocate's frequencies: log-Dice (Rychlý) and mutual
//! information with the window's span in the expected count, as #LancsBox
//! and AntConc compute them.

/// Log-likelihood (G²) for `a` of `c` target tokens against `b` of `d`
/// reference tokens.
pub fn log_likelihood(a: f64, b: f64, c: f64, d: f64) -> f64 {
    let n = c + d;
    if n == 0.0 {
        return 0.0;
    }
    let e1 = c * (a + b) / n;
    let e2 = d * (a + b) / n;
    let part = |o: f64, e: f64| {
        if o > 0.0 && e > 0.0 {
            o * (o / e).ln()
        } else {
            0.0
        }
    };
    2.0 * (part(a, e1) + part(b, e2))
}

/// Log ratio: log₂ of the target's relative frequency over the
/// reference's (zero counts as 0.5, so the ratio stays finite).
pub fn log_ratio(a: f64, b: f64, c: f64, d: f64) -> f64 {
    if c == 0.0 || d == 0.0 {
        return 0.0;
    }
    let a = if a == 0.0 { 0.5 } else { a };
    let b = if b == 0.0 { 0.5 } else { b };
    ((a / c) / (b / d)).log2()
}

/// log-Dice: 14 + log₂(2·f(n,c) / (f(n) + f(c))); 14 when the two always
/// come together.
pub fn log_dice(pair: f64, node: f64, collocate: f64) -> f64 {
    if pair == 0.0 || node + collocate == 0.0 {
        return f64::NEG_INFINITY;
    }
    14.0 + (2.0 * pair / (node + collocate)).log2()
}

/// Mutual information: log₂(observed / expected), the expected count of
/// the pair being f(n)·f(c)·span / N for a window of `span` words.
pub fn mutual_information(pair: f64, node: f64, collocate: f64, tokens: f64, span: f64) -> f64 {
    let expected = node * collocate * span / tokens;
    if pair == 0.0 || expected == 0.0 {
        return f64::NEG_INFINITY;
    }
    (pair / expected).log2()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values computed by hand (and checked in Python) for the
    // 2×2 table a = 10 of c = 1,000 against b = 20 of d = 5,000:
    // E1 = 1000·30/6000 = 5, E2 = 25; G² = 2·(10·ln 2 + 20·ln 0.8).
    #[test]
    fn log_likelihood_and_log_ratio_of_a_two_by_two_table() {
        let ll = log_likelihood(10.0, 20.0, 1000.0, 5000.0);
        assert!((ll - 4.937_201_558_630_518).abs() < 1e-9, "{ll}");
        let by_hand = 2.0 * (10.0 * 2f64.ln() + 20.0 * 0.8f64.ln());
        assert!((ll - by_hand).abs() < 1e-12);
        // (10/1000) / (20/5000) = 2.5.
        let lr = log_ratio(10.0, 20.0, 1000.0, 5000.0);
        assert!((lr - 2.5f64.log2()).abs() < 1e-12, "{lr}");
        assert_eq!(log_likelihood(0.0, 0.0, 10.0, 10.0), 0.0);
        assert!(log_ratio(4.0, 0.0, 100.0, 100.0) > 0.0);
    }

    // f(n,c) = 8, f(n) = 20, f(c) = 50, N = 10,000, window ±5 (span 10):
    // log-Dice = 14 + log₂(16/70); MI = log₂(8 / (20·50·10/10000)) = log₂ 8 = 3.
    #[test]
    fn log_dice_and_mi_of_a_pair() {
        let ld = log_dice(8.0, 20.0, 50.0);
        assert!((ld - 11.870_716_983_055_033).abs() < 1e-9, "{ld}");
        let mi = mutual_information(8.0, 20.0, 50.0, 10_000.0, 10.0);
        assert!((mi - 3.0).abs() < 1e-12, "{mi}");
        assert_eq!(
            log_dice(5.0, 5.0, 5.0),
            14.0,
            "always together: the maximum"
        );
    }
}
