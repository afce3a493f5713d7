//! Errors and warnings about the input, each naming its place: file, JSON pointer, and the
//! line and column when the parser knows them. Collected, sorted and reported together, so
//! the user fixes every problem in one pass.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// JSON pointer (RFC 6901) of the offending value; empty for the whole document.
    pub pointer: String,
    /// 1-based line and column, when the parser reported them.
    pub line_col: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file)?;
        if let Some((line, col)) = self.line_col {
            write!(f, ":{line}:{col}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "(document root)".to_owned()
        } else {
            abbreviate(&self.pointer)
        };
        write!(f, ": at {pointer}: {}", self.message)
    }
}

/// A pointer short enough for one line: very deep ones keep their start and end.
fn abbreviate(pointer: &str) -> String {
    const KEEP: usize = 80;
    if pointer.chars().count() <= 2 * KEEP {
        return pointer.to_owned();
    }
    let start: String = pointer.chars().take(KEEP).collect();
    let end: String = pointer
        .chars()
        .rev()
        .take(KEEP)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{start}…{end}")
}

/// Every problem found in one run. `generate` fails when any is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub file: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics {
            file: file.into(),
            items: Vec::new(),
        }
    }

    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, pointer.into(), None, message.into());
    }

    pub fn warning(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, pointer.into(), None, message.into());
    }

    pub fn error_at(&mut self, pointer: String, line_col: Option<(usize, usize)>, message: String) {
        self.push(Severity::Error, pointer, line_col, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        pointer: String,
        line_col: Option<(usize, usize)>,
        message: String,
    ) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            pointer,
            line_col,
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Errors first, then warnings, each group in document order of pointers; duplicates dropped.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort();
        items.dedup();
        items
    }

    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.sorted().iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Builds JSON pointers, escaping `~` and `/` as RFC 6901 asks.
pub fn pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_tilde_and_slash() {
        assert_eq!(pointer("/paths", "/a/{b}~c"), "/paths/~1a~1{b}~0c");
    }
}
