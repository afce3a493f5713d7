//! Operations: conventions, servers, security requirements, parameters, bodies and
//! responses.

use super::*;

/// HubSpot's conventions for HubSpot's descriptions (a server on `hubapi.com`), generic
/// ones for every other.
pub(super) fn conventions(doc: &Document) -> Conventions {
    let on_hubspot = |url: &str| {
        let host = url
            .split_once("://")
            .map_or(url, |(_, rest)| rest)
            .split(['/', ':', '?'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        host == "hubapi.com" || host.ends_with(".hubapi.com")
    };
    if doc
        .servers
        .iter()
        .filter_map(|s| s.url.as_deref())
        .any(on_hubspot)
    {
        Conventions::HubSpot
    } else {
        Conventions::Generic
    }
}

impl Lowerer<'_, '_> {
    /// An operation's security requirement (its own, else the document's), each scheme
    /// looked up in `components/securitySchemes`. An alternative that needs a scheme the
    /// client cannot send (http basic, mutual TLS) is left out, with a warning.
    pub(super) fn security(
        &mut self,
        own: Option<&Vec<spec::OrderedMap<serde_json::Value>>>,
        at: &str,
    ) -> Option<Vec<Vec<SecurityScheme>>> {
        let doc = self.registry.doc;
        let (list, list_at) = match own {
            Some(list) => (list, pointer(at, "security")),
            None => (doc.security.as_ref()?, "/security".to_owned()),
        };
        let schemes = &doc.components.security_schemes;
        // HubSpot documents its private app tokens as `apiKey` schemes named
        // `private_apps…`, but they are sent as bearer tokens.
        let hubspot = self.conventions == Conventions::HubSpot;
        let mut alternatives = Vec::new();
        'alternatives: for (i, requirement) in list.iter().enumerate() {
            let mut all = Vec::new();
            for (name, _) in requirement.iter() {
                let scheme_at = pointer(&pointer(&list_at, &i.to_string()), name);
                let Some(scheme) = schemes.get(name) else {
                    self.diags.warning(
                        scheme_at,
                        format!("security scheme `{name}` is not in components/securitySchemes; this alternative is left out"),
                    );
                    continue 'alternatives;
                };
                let kind = match (
                    scheme.ty.as_deref(),
                    scheme.location.as_deref(),
                    &scheme.name,
                ) {
                    (Some("oauth2" | "openIdConnect"), _, _) => SchemeKind::Bearer,
                    (Some("apiKey"), _, _) if hubspot && name.starts_with("private_apps") => {
                        SchemeKind::Bearer
                    }
                    (Some("http"), _, _)
                        if scheme
                            .scheme
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case("bearer")) =>
                    {
                        SchemeKind::Bearer
                    }
                    (
                        Some("apiKey"),
                        Some(location @ ("query" | "header" | "cookie")),
                        Some(param),
                    ) => SchemeKind::ApiKey {
                        location: match location {
                            "query" => ParamLocation::Query,
                            "header" => ParamLocation::Header,
                            _ => ParamLocation::Cookie,
                        },
                        param: param.clone(),
                    },
                    _ => {
                        self.diags.warning(
                            pointer("/components/securitySchemes", name),
                            format!("security scheme `{name}` is not one the client can send (bearer, oauth2, openIdConnect, apiKey); alternatives that need it are left out"),
                        );
                        continue 'alternatives;
                    }
                };
                all.push(SecurityScheme {
                    name: name.to_owned(),
                    kind,
                });
            }
            // OAuth 2 and a bearer scheme both send the one token: the same alternative.
            if !alternatives
                .iter()
                .any(|a: &Vec<SecurityScheme>| sends_the_same(a, &all))
            {
                alternatives.push(all);
            }
        }
        if list.is_empty() {
            // `security: []` lifts the requirement: one alternative that needs nothing.
            return Some(vec![Vec::new()]);
        }
        if alternatives.is_empty() {
            // Every alternative needs a scheme the client cannot send (each warned
            // about above): fall back to what the client does without a requirement.
            return None;
        }
        Some(alternatives)
    }
}

/// The first server's URL with its variables at their defaults, or empty when the
/// description names no absolute URL: then the client needs one (`with_base_url`) rather
/// than sending the caller's credentials to a host the description never named.
pub(super) fn default_base_url(doc: &Document, diags: &mut Diagnostics) -> String {
    let Some(server) = doc.servers.first() else {
        return String::new();
    };
    let mut url = server.url.clone().unwrap_or_default();
    for (name, variable) in server.variables.iter() {
        match &variable.default {
            Some(value) => url = url.replace(&format!("{{{name}}}"), value),
            None => diags.warning(
                "/servers/0/variables",
                format!("server variable `{name}` has no default"),
            ),
        }
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains('{') {
        diags.warning(
            "/servers/0/url",
            format!(
                "`{url}` is not an absolute URL; the client needs a base URL (`with_base_url`)"
            ),
        );
        return String::new();
    }
    url.trim_end_matches('/').to_owned()
}

impl Lowerer<'_, '_> {
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let doc = self.registry.doc;
        let mut fn_names = Namespace::new();
        for method in naming::CLIENT_METHODS {
            fn_names.reserve(method);
        }
        let mut operations = Vec::new();
        for (path, item) in doc.paths.iter() {
            let path_at = pointer("/paths", path);
            if item.reference.is_some() {
                self.diags.warning(
                    path_at.clone(),
                    "path items given by `$ref` are not supported; skipped",
                );
                continue;
            }
            for (method, op) in item.operations() {
                let at = pointer(&path_at, method.key());
                let base = naming::operation_name(op.operation_id.as_deref(), method.key(), path);
                // Two operations on one path family: HubSpot's operationIds end in a short
                // word that tells them apart (`…_getById`), better than a number.
                let base = match naming::operation_id_suffix(op.operation_id.as_deref()) {
                    Some(suffix) if fn_names.contains(&base) => format!("{base}_{suffix}"),
                    _ => base,
                };
                let name = fn_names.claim(&base);
                if let Some(operation) = self.operation(path, method, item, op, &at, name) {
                    operations.push(operation);
                }
            }
        }
        operations
    }

    pub(super) fn operation(
        &mut self,
        path: &str,
        method: Method,
        item: &spec::PathItem,
        op: &spec::Operation,
        at: &str,
        name: String,
    ) -> Option<Operation> {
        let doc = self.registry.doc;
        // A keyword's escape (`self_`, `r#type`) is not part of the types' names.
        let type_base = naming::type_name(naming::unraw(&name).trim_end_matches('_'))
            .trim_end_matches('_')
            .to_owned();
        let mut param_names = Namespace::new();
        // The request struct's field for the body.
        param_names.reserve("body");
        let mut params: Vec<Param> = Vec::new();
        // Operation parameters override path-item parameters with the same name and place.
        let mut all: Vec<(&spec::Parameter, String)> = Vec::new();
        for (i, p) in op.parameters.iter().enumerate() {
            all.push((p, pointer(&pointer(at, "parameters"), &i.to_string())));
        }
        let path_at = at.rsplit_once('/').map(|(base, _)| base).unwrap_or("");
        for (i, p) in item.parameters.iter().enumerate() {
            all.push((p, pointer(&pointer(path_at, "parameters"), &i.to_string())));
        }
        let mut seen = BTreeSet::new();
        for (param, param_at) in all {
            let (param, param_at) = resolve::follow(doc, param, &param_at, self.diags)?;
            let (Some(wire), Some(location)) = (&param.name, &param.location) else {
                self.diags
                    .error(param_at, "a parameter needs both `name` and `in`");
                continue;
            };
            if !seen.insert((wire.clone(), location.clone())) {
                continue;
            }
            let location = match location.as_str() {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                "cookie" => ParamLocation::Cookie,
                other => {
                    self.diags.error(
                        pointer(&param_at, "in"),
                        format!("unknown parameter location `{other}`"),
                    );
                    continue;
                }
            };
            // `content` instead of `schema`: the one media type's schema (sent as JSON text
            // when it is not a plain value).
            let content = param.content.iter().next().and_then(|(media, m)| {
                let at = pointer(&pointer(&pointer(&param_at, "content"), media), "schema");
                m.schema.as_ref().map(|schema| (schema, at))
            });
            let schema = param
                .schema
                .as_ref()
                .map(|schema| (schema, pointer(&param_at, "schema")))
                .or(content);
            let ty = match schema {
                Some((schema, schema_at)) => self.inline(
                    schema,
                    &schema_at,
                    &naming::nested_type_name(&type_base, wire),
                ),
                None => TypeRef::String,
            };
            params.push(Param {
                // Named below, once every parameter is known.
                name: String::new(),
                wire_name: wire.clone(),
                location,
                ty,
                required: location == ParamLocation::Path || param.required == Some(true),
                // A path parameter that may match `/` (`pattern: .+`) names a file path.
                allow_slash: location == ParamLocation::Path
                    && param
                        .schema
                        .as_ref()
                        .and_then(|s| s.pattern.as_deref())
                        .is_some_and(|p| matches!(p, ".+" | ".*" | "^.+$" | "^.*$")),
                // OpenAPI's default: `form` style explodes, other styles do not.
                explode: param
                    .explode
                    .unwrap_or(matches!(param.style.as_deref(), None | Some("form"))),
                doc: doc_text(param.description.as_deref()),
                deprecated: param.deprecated == Some(true),
            });
        }
        // A name two locations share (`id` in the path and in the query) takes its
        // location as a prefix in both (`path_id`, `query_id`) rather than a number.
        let base_names: Vec<String> = params
            .iter()
            .map(|p| naming::value_name(&p.wire_name))
            .collect();
        for (i, p) in params.iter_mut().enumerate() {
            let shared = base_names.iter().filter(|b| **b == base_names[i]).count() > 1;
            let base = if shared {
                naming::value_name(&format!("{}_{}", p.location.as_str(), p.wire_name))
            } else {
                base_names[i].clone()
            };
            p.name = param_names.claim(&base);
        }
        // Path parameters first, in the order they appear in the path.
        let path_parts = PathPart::parse(path);
        let place = |wire: &str| {
            path_parts
                .iter()
                .position(|part| matches!(part, PathPart::Param(p) if p == wire))
                .unwrap_or(usize::MAX)
        };
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => (0, place(&p.wire_name)),
            ParamLocation::Query => (1, 0),
            ParamLocation::Header => (2, 0),
            ParamLocation::Cookie => (3, 0),
        });
        for wire in path_parts.iter().filter_map(|part| match part {
            PathPart::Param(wire) => Some(wire),
            PathPart::Literal(_) => None,
        }) {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == *wire)
            {
                self.diags.error(
                    at,
                    format!("path parameter `{wire}` is in the path but not declared"),
                );
            }
        }

        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let (body, body_at) =
                    resolve::follow(doc, body, &pointer(at, "requestBody"), self.diags)?;
                let content_at = pointer(&body_at, "content");
                match pick_media(&body.content) {
                    None => None,
                    Some((media, class, schema)) => {
                        let schema_at = pointer(&pointer(&content_at, media), "schema");
                        let hint = format!("{type_base}Body");
                        let typed = |this: &mut Self| match schema {
                            Some(schema) => this.inline(schema, &schema_at, &hint),
                            None => TypeRef::Json,
                        };
                        let kind = match class {
                            MediaClass::Json => BodyKind::Json(typed(self)),
                            MediaClass::Form => BodyKind::Form(typed(self)),
                            MediaClass::Multipart => BodyKind::Multipart(typed(self)),
                            MediaClass::Text => BodyKind::Text,
                            MediaClass::Binary => BodyKind::Bytes,
                        };
                        Some(Body {
                            kind,
                            media_type: media.to_owned(),
                            required: body.required == Some(true),
                        })
                    }
                }
            }
        };

        let mut success: Vec<SuccessResponse> = Vec::new();
        let mut error: Option<TypeRef> = None;
        let mut default_body: Option<ResponseBody> = None;
        let responses_at = pointer(at, "responses");
        let has_success = op.responses.iter().any(|(code, _)| {
            matches!(
                status_key(code),
                Some(StatusKey::Code(200..=299) | StatusKey::Range(2))
            )
        });
        for (code, response) in op.responses.iter() {
            let (response, response_at) =
                resolve::follow(doc, response, &pointer(&responses_at, code), self.diags)?;
            let Some(key) = status_key(code) else {
                self.diags.error(
                    response_at,
                    format!("`{code}` is not a status code, `default`, or a range like `4XX`"),
                );
                continue;
            };
            let content_at = pointer(&response_at, "content");
            let success_status = match key {
                StatusKey::Code(code @ 200..=299) => Some(SuccessStatus::Code(code)),
                StatusKey::Range(2) => Some(SuccessStatus::Range(2)),
                _ => None,
            };
            let hint = match (key, success_status) {
                (_, Some(SuccessStatus::Code(status))) => format!("{type_base}Response{status}"),
                (_, Some(SuccessStatus::Range(_))) => format!("{type_base}Success"),
                // `default` alone describes success as well as failure.
                (StatusKey::Default, _) if !has_success => format!("{type_base}ResponseBody"),
                _ => format!("{type_base}Error"),
            };
            let body = pick_media(&response.content).map(|(media, class, schema)| {
                let schema_at = pointer(&pointer(&content_at, media), "schema");
                match (class, schema) {
                    (MediaClass::Text, _) => ResponseBody::Text,
                    (MediaClass::Binary, _) => ResponseBody::Bytes,
                    (_, Some(schema)) if is_binary(schema) => ResponseBody::Bytes,
                    (_, Some(schema)) => ResponseBody::Json(self.inline(schema, &schema_at, &hint)),
                    (_, None) => ResponseBody::Json(TypeRef::Json),
                }
            });
            match key {
                _ if success_status.is_some() => {
                    let mut header_names = Namespace::new();
                    header_names.reserve("body");
                    header_names.reserve("status");
                    let headers = response
                        .headers
                        .iter()
                        .map(|(wire, h)| ResponseHeader {
                            name: header_names.claim(&naming::value_name(wire)),
                            wire_name: wire.to_owned(),
                            doc: doc_text(h.description.as_deref()),
                        })
                        .collect();
                    success.push(SuccessResponse {
                        status: success_status.unwrap_or(SuccessStatus::Range(2)),
                        doc: doc_text(response.description.as_deref()),
                        body,
                        headers,
                    });
                }
                // Informational, other successes and redirects carry no error body.
                StatusKey::Code(100..=399 | 2000..) | StatusKey::Range(1..=3) => {}
                _ => {
                    if key == StatusKey::Default {
                        default_body = body.clone();
                    }
                    match (&error, body) {
                        (None, Some(ResponseBody::Json(ty))) => error = Some(ty),
                        (Some(existing), Some(ResponseBody::Json(ty))) if *existing != ty => {
                            self.diags.warning(
                                response_at,
                                "error responses with different schemas; only the first is typed, the others are kept as raw bodies",
                            );
                        }
                        _ => {}
                    }
                }
            }
        }
        // With no 2xx listed, HubSpot's `default` is still its error shape: success bodies
        // are kept as raw bytes rather than decoded as an error.
        if success.is_empty() && default_body.is_some() {
            self.diags.warning(
                responses_at.clone(),
                "no success response is described; a success body is kept as raw bytes",
            );
            success.push(SuccessResponse {
                status: SuccessStatus::Code(200),
                doc: None,
                // Empty, JSON, CSV: whatever arrives is kept as it came.
                body: Some(ResponseBody::Bytes),
                headers: Vec::new(),
            });
        }
        // A range matches what no code does: codes first (a stable sort keeps their order).
        success.sort_by_key(|s| matches!(s.status, SuccessStatus::Range(_)));
        let response_type_name = self.type_names.claim(&format!("{type_base}Response"));
        let request_type_name = self.type_names.claim(&format!("{type_base}Request"));
        let doc_text = join_docs(op.summary.as_deref(), op.description.as_deref());
        Some(Operation {
            name,
            method,
            path: path.to_owned(),
            path_parts,
            doc: doc_text,
            params,
            body,
            success,
            error,
            response_type_name,
            request_type_name,
            security: self.security(op.security.as_ref(), at),
            deprecated: op.deprecated == Some(true),
            pointer: at.to_owned(),
            // Decided once every type is known: `decide_pagination`.
            pagination: None,
        })
    }
}

/// A response's key in `responses`, parsed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusKey {
    /// One status (`404`).
    Code(u16),
    /// Every status of a class (`4XX`: the digit 4).
    Range(u8),
    Default,
}

/// `404`, `4XX` (either case of X) or `default`; anything else is not a response key.
/// Numbers outside HTTP's range are read, then ignored where they cannot be an error.
fn status_key(code: &str) -> Option<StatusKey> {
    if code == "default" {
        return Some(StatusKey::Default);
    }
    // Checked byte by byte: a key may be any text.
    match code.as_bytes() {
        [class @ b'0'..=b'9', rest @ ..] if rest.eq_ignore_ascii_case(b"XX") => {
            Some(StatusKey::Range(class - b'0'))
        }
        _ => code.parse().ok().map(StatusKey::Code),
    }
}

/// Whether two alternatives send the same credentials: the same bearer token, and API keys
/// of the same schemes.
fn sends_the_same(a: &[SecurityScheme], b: &[SecurityScheme]) -> bool {
    let same = |x: &SecurityScheme, y: &SecurityScheme| match (&x.kind, &y.kind) {
        (SchemeKind::Bearer, SchemeKind::Bearer) => true,
        _ => x == y,
    };
    a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| same(x, y)))
}

/// Which operations page by cursor, recognized from what they take and answer, not from
/// their names: an optional string query parameter `after`, and one JSON success body
/// whose struct has a list `results` and a `paging` struct whose `next` struct has a string
/// `after` (HubSpot's convention, `Paging` and `ForwardPaging` alike).
pub(super) fn decide_pagination(api: &mut Api) {
    let mut names: Namespace = Namespace::new();
    for method in naming::CLIENT_METHODS {
        names.reserve(method);
    }
    for op in &api.operations {
        names.claim(&op.name);
    }
    let found: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| pagination(api, op, &mut names))
        .collect();
    for (op, pagination) in api.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

fn pagination(api: &Api, op: &Operation, names: &mut Namespace) -> Option<Pagination> {
    let cursor = op.params.iter().find(|p| {
        p.location == ParamLocation::Query
            && p.wire_name == "after"
            && !p.required
            && *api.canonical(&p.ty) == TypeRef::String
    })?;
    let [success] = op.success.as_slice() else {
        return None;
    };
    let Some(ResponseBody::Json(body)) = &success.body else {
        return None;
    };
    let struct_of = |ty: &TypeRef| match api.canonical(ty) {
        TypeRef::Named(id) => match &api.get(*id).kind {
            TypeKind::Struct(st) => Some(st),
            _ => None,
        },
        _ => None,
    };
    let field = |st: &'_ Struct, wire: &str| {
        st.fields.iter().find(|f| f.wire_name == wire).map(|f| {
            (
                f.ty.clone(),
                FieldStep {
                    name: f.name.clone(),
                    optional: f.is_option(),
                },
            )
        })
    };
    let page = struct_of(body)?;
    let (results_ty, items) = field(page, "results")?;
    let TypeRef::Vec(item_type) = api.canonical(&results_ty).clone() else {
        return None;
    };
    let (paging_ty, paging) = field(page, "paging")?;
    let (next_ty, next) = field(struct_of(&paging_ty)?, "next")?;
    let (after_ty, after) = field(struct_of(&next_ty)?, "after")?;
    if *api.canonical(&after_ty) != TypeRef::String {
        return None;
    }
    Some(Pagination {
        cursor_field: cursor.name.clone(),
        next_cursor: vec![paging, next, after],
        items,
        item_type: *item_type,
        pages_fn: names.claim(&format!("{}_pages", op.name)),
        items_fn: names.claim(&format!("{}_stream", op.name)),
    })
}
