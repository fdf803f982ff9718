//! The rule loader on arbitrary YAML, beside the default pack: errors, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let files = vec![("fuzz.yaml".to_string(), text.to_string())];
        let _ = crosscheck::rules::compile::compile(&files);
    }
});
