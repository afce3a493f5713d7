//! The one place that makes Rust names from schema text.
//!
//! Every name the emitter prints comes from here: type and variant names (UpperCamelCase),
//! field, parameter and function names (snake_case), and the uniqueness rules that keep two
//! schema names from colliding after case conversion.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Strict and reserved keywords of every edition; these become raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; these get a `_` suffix instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Type names the generated code uses unqualified; a schema with one of these names is
/// renamed so it does not shadow the prelude or a name the emitted modules rely on.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Self",
    "Serialize",
    "Deserialize",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "From",
    "Into",
];

/// Methods every `Client` has (its own and its traits'): an operation named like one
/// is renamed, so the two never collide.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_credentials",
    "with_api_key",
    "with_base_url",
    "with_http_client",
    "with_options",
    "with_timeout",
    "with_connect_timeout",
    "with_max_retries",
    "with_retry_unsafe",
    "base_url",
    "options",
    "credentials",
    "execute",
    "execute_in_span",
    "receive",
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "into",
    "try_into",
    "from",
    "type_id",
    "borrow",
    "borrow_mut",
];

/// Whether generated code relies on this type name unqualified (a prelude type or trait).
pub fn is_reserved_type(name: &str) -> bool {
    RESERVED_TYPES.contains(&name)
}

/// Keeps ASCII letters, digits and separators; everything else separates words.
fn clean(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// `UpperCamelCase` for types and enum variants.
pub fn type_name(raw: &str) -> String {
    let mut name = clean(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// Splits an UpperCamelCase name into its words.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// The name of a type that sits inside another (a property's enum or object), without
/// saying a word twice where the two meet: `Client` + `clientType` → `ClientType`,
/// `MessageStatus` + `statusType` → `MessageStatusType`.
pub fn nested_type_name(parent: &str, child: &str) -> String {
    let child = type_name(child);
    let outer = camel_words(parent);
    let inner = camel_words(&child);
    let overlap = (1..=outer.len().min(inner.len()))
        .rev()
        .find(|&n| outer[outer.len() - n..] == inner[..n])
        .unwrap_or(0);
    let joined = format!("{parent}{}", inner[overlap..].concat());
    // `PublicStatus` + `status` must not come out as its own parent's name.
    if joined == parent {
        format!("{parent}{child}")
    } else {
        joined
    }
}

/// A type name for a schema: like [`type_name`], but never one the emitted code relies on.
pub fn schema_type_name(raw: &str) -> String {
    let name = type_name(raw);
    if is_reserved_type(&name) {
        format!("{name}Schema")
    } else {
        name
    }
}

/// `snake_case` for fields, parameters and functions, escaped when it is a keyword.
pub fn value_name(raw: &str) -> String {
    let mut name = clean(raw).to_snake_case();
    if name.is_empty() {
        name = "unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a raw-identifier prefix, as serde sees it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Naive English singular for naming array items (`emails` → `email`, `addresses` → `address`).
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("uses") || word.ends_with("xes") {
        word[..word.len() - 2].to_owned()
    } else if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && word.len() > 1
    {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// A function name for an operation: the `operationId` when it is a plain identifier,
/// else the HTTP method followed by the last two meaningful path words.
///
/// HubSpot writes operationIds such as `post-/conversations/v3/conversations/threads/{threadId}/messages`.
/// Version segments (`v3`, `2026-09`) and parameters carry no meaning for a name; a word
/// followed by a parameter names one item, so it is made singular (`threads/{id}` → `thread`).
pub fn operation_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    if let Some(id) = operation_id {
        if !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        {
            return value_name(id);
        }
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut words: Vec<String> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if segment.starts_with('{') || is_version(segment) {
            continue;
        }
        let followed_by_param = segments
            .get(i + 1)
            .is_some_and(|next| next.starts_with('{'));
        let word = if followed_by_param {
            singular(segment)
        } else {
            (*segment).to_owned()
        };
        words.push(word);
    }
    let tail: Vec<String> = words.iter().rev().take(2).rev().cloned().collect();
    let mut name = method.to_ascii_lowercase();
    for word in tail {
        name.push('_');
        name.push_str(&word);
    }
    value_name(&name)
}

/// The word after the path in a HubSpot operationId (`get-/crm/v3/x/{id}_getById` →
/// `get_by_id`), if it has one.
pub fn operation_id_suffix(operation_id: Option<&str>) -> Option<String> {
    let id = operation_id?;
    let last = id.rsplit('/').next()?;
    let (_, suffix) = last.rsplit_once('_')?;
    let suffix = value_name(suffix);
    (!suffix.is_empty() && suffix != "unnamed" && !suffix.starts_with("r#")).then_some(suffix)
}

/// `v3`, `v1beta`, `2026-09`, `2026-09-01`.
fn is_version(segment: &str) -> bool {
    let s = segment.as_bytes();
    let v_form = s.len() >= 2 && (s[0] == b'v' || s[0] == b'V') && s[1].is_ascii_digit();
    let date_form = !s.is_empty()
        && s[0].is_ascii_digit()
        && s.iter().all(|c| c.is_ascii_digit() || *c == b'-');
    v_form || date_form
}

/// A package name from a title, its words as the title writes them (`HubSpot
/// Conversations` → `hubspot-conversations`), or `api-client` when it has none.
pub fn crate_name(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    match words.first() {
        None => "api-client".to_owned(),
        Some(first) if first.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("api-{}", words.join("-"))
        }
        Some(_) => words.join("-"),
    }
}

/// The setter of a field or parameter named `field` (already a Rust name): `with_text`,
/// `with_type` for `r#type`, `with_2fa` for `_2fa`. Unique when the field names are: a
/// leading `_` only ever guards a leading digit.
pub fn setter_name(field: &str) -> String {
    format!("with_{}", unraw(field).trim_start_matches('_'))
}

/// Hands out names that are unique within one namespace (a module, an enum, a struct).
#[derive(Debug, Default)]
pub struct Namespace {
    used: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Namespace::default()
    }

    /// Reserves a name nobody may take.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    /// Returns `name`, or `name2`, `name3`, … if taken.
    pub fn claim(&mut self, name: &str) -> String {
        if self.used.insert(name.to_owned()) {
            return name.to_owned();
        }
        // A numbered name is never a keyword, so it drops any `r#` or escaping `_`.
        let base = unraw(name).trim_end_matches('_');
        for n in 2.. {
            let candidate = format!("{base}{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// Gives back a name claimed for something that was not made after all.
    pub fn release(&mut self, name: &str) {
        self.used.remove(name);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awkward_value_names() {
        let table = [
            ("type", "r#type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("conversationsThreadId", "conversations_thread_id"),
            ("threadId", "thread_id"),
            ("2fa", "_2fa"),
            ("x-hubspot-rate-limit", "x_hubspot_rate_limit"),
            ("a/b{c}", "a_b_c"),
            ("", "unnamed"),
            ("émoji", "moji"),
            ("async", "r#async"),
        ];
        for (raw, want) in table {
            assert_eq!(value_name(raw), want, "value_name({raw:?})");
        }
    }

    #[test]
    fn setter_names() {
        for (field, want) in [
            ("text", "with_text"),
            ("r#type", "with_type"),
            ("self_", "with_self_"),
            ("_2fa", "with_2fa"),
        ] {
            assert_eq!(setter_name(field), want);
        }
    }

    #[test]
    fn awkward_type_names() {
        let table = [
            ("PublicMessageEgg", "PublicMessageEgg"),
            ("WELCOME_MESSAGE", "WelcomeMessage"),
            ("HS_EMAIL_ADDRESS", "HsEmailAddress"),
            ("404NotFound", "V404notFound"),
            ("Self", "Self_"),
            ("with-dash/and{brace}", "WithDashAndBrace"),
        ];
        for (raw, want) in table {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
        assert_eq!(schema_type_name("Result"), "ResultSchema");
        assert_eq!(schema_type_name("string"), "StringSchema");
        assert_eq!(schema_type_name("Error"), "Error");
    }

    #[test]
    fn operation_names_from_hubspot_ids() {
        let path = "/conversations/v3/conversations/threads/{threadId}/messages";
        assert_eq!(
            operation_name(Some(&format!("post-{path}")), "post", path),
            "post_thread_messages"
        );
        let dated = "/conversations/conversations/2026-09/threads/{threadId}/messages/{messageId}";
        assert_eq!(operation_name(None, "get", dated), "get_thread_message");
        assert_eq!(operation_name(Some("getPage"), "get", "/x"), "get_page");
        assert_eq!(operation_name(None, "get", "/"), "get");
    }

    #[test]
    fn operation_id_suffixes() {
        let id = "get-/crm/objects/2026-09/{objectType}/{objectId}_getById";
        assert_eq!(operation_id_suffix(Some(id)).as_deref(), Some("get_by_id"));
        assert_eq!(operation_id_suffix(Some("post-/a/b")), None);
        assert_eq!(operation_id_suffix(None), None);
    }

    #[test]
    fn collisions_get_numbers() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim("FooBar"), "FooBar");
        assert_eq!(ns.claim("FooBar"), "FooBar2");
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("r#type"), "type2");
    }

    #[test]
    fn nested_names_do_not_repeat_words() {
        assert_eq!(nested_type_name("Client", "clientType"), "ClientType");
        assert_eq!(
            nested_type_name("MessageStatus", "statusType"),
            "MessageStatusType"
        );
        assert_eq!(
            nested_type_name("ConversationsMessage", "direction"),
            "ConversationsMessageDirection"
        );
        assert_eq!(
            nested_type_name("ContactProfile", "emails"),
            "ContactProfileEmails"
        );
    }

    #[test]
    fn crate_names_from_titles() {
        assert_eq!(
            crate_name("HubSpot Conversations Messages"),
            "hubspot-conversations-messages"
        );
        assert_eq!(crate_name("  "), "api-client");
        assert_eq!(crate_name("3D API"), "api-3d-api");
        assert_eq!(crate_name("Café/Orders v2"), "caf-orders-v2");
    }

    #[test]
    fn singular_forms() {
        for (plural, one) in [
            ("emails", "email"),
            ("addresses", "address"),
            ("replies", "reply"),
            ("status", "status"),
            ("urls", "url"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
