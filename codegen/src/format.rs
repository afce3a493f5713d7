//! Stage 5: tokens → formatted source with the `@generated` header.
//!
//! Parsing the emitted tokens back into a `syn::File` is most of the generator's time on a
//! large description, so the items are split into chunks that are parsed and printed on
//! separate threads, then joined in order: the output does not depend on the split.

use proc_macro2::TokenStream;

/// What a file holds: its inner attributes and `use`s, then `count` items, each made by
/// `item(i)`. Token streams cannot cross threads, so each thread makes its own items.
pub struct FileSpec<'a> {
    pub head: TokenStream,
    pub count: usize,
    pub item: &'a (dyn Fn(usize) -> TokenStream + Sync),
}

/// Formats a whole file with prettyplease. A parse failure is a bug in an emitter, reported
/// as an error rather than a panic.
pub fn rust_file(header: &str, file: FileSpec) -> Result<String, String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk_len = file.count.div_ceil(threads).max(64);
    let ranges: Vec<std::ops::Range<usize>> = (0..file.count)
        .step_by(chunk_len.max(1))
        .map(|start| start..(start + chunk_len).min(file.count))
        .collect();
    let item = file.item;
    let print_range = |range: std::ops::Range<usize>| unparse(range.map(item).collect());
    let mut parts = vec![unparse(file.head)];
    if ranges.len() <= 1 {
        parts.extend(ranges.into_iter().map(print_range));
    } else {
        let printed: Vec<Result<String, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = ranges
                .into_iter()
                .map(|range| scope.spawn(move || print_range(range)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err("generator bug: the formatter panicked".to_owned()))
                })
                .collect()
        });
        parts.extend(printed);
    }
    let mut code = String::new();
    for part in parts {
        code.push_str(&part?);
    }
    Ok(format!("{header}\n{}", space_items(&code)))
}

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("generator bug: emitted code does not parse: {e}"))?;
    Ok(prettyplease::unparse(&file))
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
