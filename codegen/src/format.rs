//! Stage 5: tokens → formatted source with the `@generated` header.
//!
//! Parsing the emitted tokens back into a `syn::File` is most of the generator's time on a
//! large description, so the items of all files are split into chunks that threads take
//! from one queue, each parsed and printed on its own, then joined in order: the output
//! does not depend on the split or on which thread printed what.

use proc_macro2::TokenStream;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a file holds: its inner attributes and `use`s, then `count` items, each made by
/// `item(i)`. Token streams cannot cross threads, so each thread makes its own items.
pub struct FileSpec<'a> {
    pub head: TokenStream,
    pub count: usize,
    pub item: ItemFn<'a>,
}

/// Makes a file's item `i`.
pub type ItemFn<'a> = &'a (dyn Fn(usize) -> TokenStream + Sync);

/// Items per chunk: small enough that the two files of a small description still spread
/// over the cores, large enough that a chunk's fixed cost stays small.
const CHUNK: usize = 24;

/// Formats whole files with prettyplease, in the order given. A parse failure is a bug in
/// an emitter, reported as that file's error rather than a panic.
pub fn rust_files(header: &str, files: Vec<FileSpec>) -> Vec<Result<String, String>> {
    let (heads, bodies): (Vec<TokenStream>, Vec<(usize, ItemFn)>) = files
        .into_iter()
        .map(|f| (f.head, (f.count, f.item)))
        .unzip();
    // Every (file, range of items), in output order.
    let jobs: Vec<(usize, std::ops::Range<usize>)> = bodies
        .iter()
        .enumerate()
        .flat_map(|(file, &(count, _))| {
            (0..count)
                .step_by(CHUNK)
                .map(move |start| (file, start..(start + CHUNK).min(count)))
        })
        .collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let job = next.fetch_add(1, Ordering::Relaxed);
            let Some((file, range)) = jobs.get(job) else {
                return done;
            };
            let item = bodies[*file].1;
            done.push((job, unparse(range.clone().map(item).collect())));
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(jobs.len().max(1));
    let mut printed: Vec<Option<Result<String, String>>> = vec![None; jobs.len()];
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        // A thread that panicked leaves its jobs unprinted: they fail below.
        done.extend(
            helpers
                .into_iter()
                .filter_map(|helper| helper.join().ok())
                .flatten(),
        );
        for (job, text) in done {
            printed[job] = Some(text);
        }
    });
    let mut parts = jobs.iter().map(|(file, _)| *file).zip(printed).peekable();
    heads
        .into_iter()
        .enumerate()
        .map(|(file, head)| {
            // This file's parts are all taken before joining, so the next file starts at
            // its own; the first error, if any, is the file's.
            let mut texts = vec![unparse(head)];
            while let Some((_, part)) = parts.next_if(|(of, _)| *of == file) {
                texts.push(
                    part.unwrap_or_else(|| Err("generator bug: the formatter panicked".to_owned())),
                );
            }
            let code: Result<String, String> = texts.into_iter().collect();
            code.map(|code| format!("{header}\n{}", space_items(&code)))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};

    fn item(i: usize) -> TokenStream {
        let name = format_ident!("S{i}");
        let doc = format!(" Item {i}.");
        match i % 3 {
            0 => quote! { #[doc = #doc] pub struct #name { pub a: Option<Vec<String>> } },
            1 => quote! { impl #name { pub fn new() -> Self { Self { a: None } } } },
            _ => quote! { pub const #name: &str = "x"; },
        }
    }

    /// Chunks printed on several threads, several files sharing the queue, must give
    /// what printing each file whole on one thread gives.
    #[test]
    fn the_split_does_not_change_the_output() {
        let counts = [0, 1, CHUNK, 3 * CHUNK + 5, 7];
        let specs = counts
            .iter()
            .map(|&count| FileSpec {
                head: quote! { use std::fmt; },
                count,
                item: &item,
            })
            .collect();
        let printed = rust_files("// header", specs);
        assert_eq!(printed.len(), counts.len());
        for (text, &count) in printed.iter().zip(&counts) {
            let mut whole = quote! { use std::fmt; };
            whole.extend((0..count).map(item));
            let expected = format!("// header\n{}", space_items(&unparse(whole).unwrap()));
            assert_eq!(text.as_ref().unwrap(), &expected, "{count} items");
        }
    }

    #[test]
    fn a_bad_item_fails_its_own_file_only() {
        let bad = |_: usize| quote! { pub struct };
        let specs = vec![
            FileSpec {
                head: TokenStream::new(),
                count: 2,
                item: &item,
            },
            FileSpec {
                head: TokenStream::new(),
                count: CHUNK + 1,
                item: &bad,
            },
            FileSpec {
                head: TokenStream::new(),
                count: 3,
                item: &item,
            },
        ];
        let printed = rust_files("// h", specs);
        assert!(printed[0].is_ok() && printed[2].is_ok());
        assert!(printed[1].as_ref().unwrap_err().contains("does not parse"));
    }
}
