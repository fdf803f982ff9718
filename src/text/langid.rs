//! Language identification between the pack's languages that share a script (the script alone
//! tells Arabic from Russian, not French from German): whatlang, restricted to the candidates.
//!
//! Chosen by measurement (docs/accuracy.md, "Language identification"): on the gold articles'
//! first 200 characters whatlang and lingua are both right 95 times in 95; on single lines
//! lingua is right more often (99.7% against 98.7%; 98.9% against 93.9% on six words), but it
//! takes ten times as long, 22 MB more memory and 35 MB more binary. Lines are identified only
//! where the article's own language is in doubt (see `extract::driver`).

/// The identifier's name for a language of the pack, by its ISO 639-1 id.
pub fn identity(id: &str) -> Option<whatlang::Lang> {
    let iso = isolang::Language::from_639_1(id)?;
    whatlang::Lang::from_code(iso.to_639_3())
}

/// Which of `candidates` (the identifier's names, by position) `text` is written in, and how
/// sure the identifier is (0..1); `None` when it cannot tell.
pub fn identify(text: &str, candidates: &[Option<whatlang::Lang>]) -> Option<(usize, f64)> {
    let allow: Vec<whatlang::Lang> = candidates.iter().flatten().copied().collect();
    if allow.len() < 2 {
        return None;
    }
    let info = whatlang::Detector::with_allowlist(allow).detect(text)?;
    let at = candidates.iter().position(|c| *c == Some(info.lang()))?;
    Some((at, info.confidence()))
}

/// The first `max` bytes of `text`, cut at a character boundary.
pub fn sample(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_map_to_the_identifier() {
        assert_eq!(identity("fr"), Some(whatlang::Lang::Fra));
        assert_eq!(identity("hy"), Some(whatlang::Lang::Hye));
        assert_eq!(identity("zz"), None);
    }

    #[test]
    fn tells_languages_of_one_script_apart() {
        let c = [identity("en"), identity("fr"), identity("de")];
        let text = "Le ministère de la Défense a annoncé que quatre soldats avaient été tués.";
        assert_eq!(identify(text, &c).map(|x| x.0), Some(1));
        let text = "Das Verteidigungsministerium teilte mit, vier Soldaten seien getötet worden.";
        assert_eq!(identify(text, &c).map(|x| x.0), Some(2));
    }

    #[test]
    fn sample_cuts_at_a_char_boundary() {
        assert_eq!(sample("aé", 2), "a");
        assert_eq!(sample("ab", 9), "ab");
    }
}
