//! Any bytes, as JSON and as YAML, through load → resolve → lower → emit → format: the
//! generator must return generated files or located errors, never panic, overflow its
//! stack or run away with memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut diags = codegen::Diagnostics::new("fuzz");
    let Some(text) = codegen::load::text_from_bytes(data.to_vec(), &mut diags) else {
        return;
    };
    for name in ["fuzz.json", "fuzz.yaml"] {
        let input = codegen::Input {
            spec_name: name,
            text: &text,
            crate_name: None,
            command: "fuzz",
            standalone: true,
        };
        if let Err(diags) = codegen::generate(&input) {
            // Errors must render; an empty rendering would be a diagnostic without words.
            assert!(!diags.to_string().is_empty());
        }
    }
});
