//! The extractor on arbitrary text in every language of the default pack.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pack() -> &'static crosscheck::rules::RulePack {
    static PACK: OnceLock<crosscheck::rules::RulePack> = OnceLock::new();
    PACK.get_or_init(|| crosscheck::rules::RulePack::embedded().expect("default pack loads"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for lang in &pack().languages {
            for c in crosscheck::extract::extract_text(pack(), lang, text) {
                assert_eq!(&text[c.span.0..c.span.1], c.quote);
            }
        }
    }
});
