//! Stage 5: tokens → formatted source with the `@generated` header.

use proc_macro2::TokenStream;

/// Formats a whole file with prettyplease. A parse failure is a bug in an emitter, reported
/// as an error rather than a panic.
pub fn rust_file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("generator bug: emitted code does not parse: {e}"))?;
    Ok(format!(
        "{header}\n{}",
        space_items(&prettyplease::unparse(&file))
    ))
}

/// prettyplease puts top-level items on consecutive lines; a blank line between them
/// makes the generated code read like hand-written code.
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let starts_item = !line.starts_with([' ', '}', ')', ']']) && !line.is_empty();
        let after_item = previous == "}" || (previous.ends_with(';') && !previous.starts_with(' '));
        let continues_group = previous.starts_with("use ") && line.starts_with("use ");
        if starts_item && after_item && !continues_group {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// A hand-written source file copied into the output, after the header.
pub fn verbatim(header: &str, source: &str) -> String {
    format!("{header}\n{source}")
}
