//! Ingest (decoding, front matter, HTML, JSONL) and extraction on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn pack() -> &'static crosscheck::rules::RulePack {
    static PACK: OnceLock<crosscheck::rules::RulePack> = OnceLock::new();
    PACK.get_or_init(|| crosscheck::rules::RulePack::embedded().expect("default pack loads"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(read) = crosscheck::read::ingest::from_bytes("fuzz", data.to_vec()) {
        for a in &read.articles {
            if let Ok(claims) = crosscheck::extract::extract(pack(), a, None) {
                for c in &claims {
                    assert_eq!(&a.text[c.span.0..c.span.1], c.quote);
                }
            }
        }
    }
});
