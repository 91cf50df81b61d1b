//! The request a learner is composing, and how it becomes a core
//! [`Request`].
//!
//! A [`Draft`] holds exactly what the builder's fields hold, as text. Turning
//! it into a request is the one place where the learner's typing is checked:
//! a malformed header line becomes a [`DraftError`] that names the line,
//! never a panic. The body is deliberately *not* checked, because sending
//! broken JSON to see what the framework answers is part of the lesson.
//!
//! Simplifications: a header name may appear once (the core's headers keep
//! one value per name), and a full URL typed into the path field is cut down
//! to its path; the service is chosen with the service menu.

use std::fmt;

use servicelab_sim::routing::{match_pattern, Route};
use servicelab_sim::service::Example;
use servicelab_sim::{Method, Request};

/// The methods offered by the method menu, in the order Postman lists them.
pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The media type assumed for a body when the headers name none.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// The request builder's fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// The name of the service to send to.
    pub service: String,
    /// The method name.
    pub method: String,
    /// Path and query, or a whole URL.
    pub target: String,
    /// Header lines, `Name: value` each.
    pub headers: String,
    /// The body, sent as typed.
    pub body: String,
}

/// Why a draft cannot be sent yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    /// No service is chosen.
    NoService,
    /// The path field is empty.
    EmptyTarget,
    /// A header line is not `Name: value`.
    BadHeader {
        /// The line number, counting from 1.
        line: usize,
        /// What is wrong with it.
        problem: &'static str,
    },
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::NoService => f.write_str("Choose a service to send the request to."),
            DraftError::EmptyTarget => f.write_str("Type a path, for example /orders."),
            DraftError::BadHeader { line, problem } => {
                write!(f, "Header line {line}: {problem}. ")?;
                f.write_str("Write one header per line as Name: value.")
            }
        }
    }
}

impl Draft {
    /// A draft that loads one of a service's ready-made examples.
    pub fn from_example(service: &str, example: &Example) -> Draft {
        Draft {
            service: service.to_owned(),
            method: example.method.to_owned(),
            target: example.target.to_owned(),
            headers: String::new(),
            body: example.body.map(pretty_example_body).unwrap_or_default(),
        }
    }

    /// A draft for `route`: its first example if it has one, otherwise its
    /// first method and a concrete path made from the pattern.
    pub fn for_route(service: &str, route: &Route, examples: &[Example]) -> Draft {
        let example = examples.iter().find(|e| {
            let path = e.target.split('?').next().unwrap_or_default();
            route.methods.contains(&e.method) && route_matches(route.pattern, path)
        });
        if let Some(example) = example {
            return Draft::from_example(service, example);
        }
        Draft {
            service: service.to_owned(),
            method: route.methods.first().copied().unwrap_or("GET").to_owned(),
            target: concrete_path(route.pattern),
            ..Draft::default()
        }
    }

    /// Checks the draft and builds the request the core will handle.
    pub fn to_request(&self) -> Result<Request, DraftError> {
        if self.service.trim().is_empty() {
            return Err(DraftError::NoService);
        }
        let target = strip_origin(self.target.trim());
        if target.is_empty() {
            return Err(DraftError::EmptyTarget);
        }

        let headers = parse_headers(&self.headers)?;
        let mut request = Request::new(Method::parse(&self.method), target);
        for (name, value) in &headers {
            request = request.with_header(name, value);
        }

        // A body without a declared type is sent as JSON, as Postman's
        // "raw / JSON" mode does; an explicit Content-Type always wins.
        if !self.body.trim().is_empty() {
            let content_type = request
                .headers
                .get("content-type")
                .unwrap_or(DEFAULT_CONTENT_TYPE)
                .to_owned();
            request = request.with_body(&content_type, &self.body);
        }
        Ok(request)
    }
}

/// Parses header lines. Blank lines are skipped; every other line must be
/// `Name: value` with a valid HTTP field name.
pub fn parse_headers(text: &str) -> Result<Vec<(String, String)>, DraftError> {
    let mut headers = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let Some((name, value)) = raw.split_once(':') else {
            return Err(DraftError::BadHeader {
                line,
                problem: "there is no colon between name and value",
            });
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(DraftError::BadHeader {
                line,
                problem: "the header name is empty",
            });
        }
        if !name.chars().all(is_token_char) {
            return Err(DraftError::BadHeader {
                line,
                problem: "a header name may hold only letters, digits and \
                          - _ . ! # $ % & ' * + ^ ` | ~",
            });
        }
        let value = value.trim();
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(DraftError::BadHeader {
                line,
                problem: "the value holds a control character",
            });
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    Ok(headers)
}

/// The characters RFC 9110 allows in a field name (`tchar`).
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Cuts `http://host:port` off a whole URL, leaving path and query.
fn strip_origin(target: &str) -> &str {
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| target.strip_prefix(scheme));
    match rest {
        Some(rest) => rest.find('/').map(|at| &rest[at..]).unwrap_or("/"),
        None => target,
    }
}

/// Whether `path` matches `pattern`, written with or without a leading
/// slash (Django's patterns have none, Flask's have one).
fn route_matches(pattern: &str, path: &str) -> bool {
    let path = if pattern.starts_with('/') {
        path
    } else {
        path.strip_prefix('/').unwrap_or(path)
    };
    match_pattern(pattern, path).is_some()
}

/// A path that matches `pattern`, with `1` for numbers and `example` for
/// text parameters.
pub fn concrete_path(pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let spec = &rest[open + 1..open + close];
        out.push_str(if spec.starts_with("int:") {
            "1"
        } else {
            "example"
        });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if out.starts_with('/') {
        out
    } else {
        format!("/{out}")
    }
}

/// Examples are stored on one line; the body field shows them indented.
fn pretty_example_body(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|json| serde_json::to_string_pretty(&json).ok())
        .unwrap_or_else(|| body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(headers: &str, body: &str) -> Draft {
        Draft {
            service: "orders".into(),
            method: "POST".into(),
            target: "/orders".into(),
            headers: headers.into(),
            body: body.into(),
        }
    }

    #[test]
    fn body_without_content_type_is_sent_as_json() {
        let request = draft("", "{\"a\": 1}").to_request().expect("a valid draft");
        assert_eq!(
            request.headers.get("content-type"),
            Some("application/json")
        );
        assert_eq!(request.body, "{\"a\": 1}");
    }

    #[test]
    fn explicit_content_type_wins_and_header_lines_are_kept() {
        let headers = "Content-Type: text/plain\n\nX-Trace:  abc ";
        let request = draft(headers, "hello").to_request().expect("a valid draft");
        assert_eq!(request.headers.get("content-type"), Some("text/plain"));
        assert_eq!(request.headers.get("x-trace"), Some("abc"));
    }

    #[test]
    fn malformed_header_lines_name_the_line() {
        let no_colon = draft("Accept: */*\nnonsense", "").to_request();
        assert!(matches!(
            no_colon,
            Err(DraftError::BadHeader { line: 2, .. })
        ));
        let bad_name = draft("Bad Name: x", "").to_request();
        assert!(matches!(
            bad_name,
            Err(DraftError::BadHeader { line: 1, .. })
        ));
        let empty = draft(": x", "").to_request();
        assert!(matches!(empty, Err(DraftError::BadHeader { line: 1, .. })));
    }

    #[test]
    fn whole_urls_are_cut_to_path_and_query() {
        let mut d = draft("", "");
        d.target = "http://catalog:8000/api/products/?page=2".into();
        let request = d.to_request().expect("a valid draft");
        assert_eq!(request.target(), "/api/products/?page=2");
    }

    #[test]
    fn empty_target_and_service_are_refused() {
        let mut d = draft("", "");
        d.target = "  ".into();
        assert_eq!(d.to_request(), Err(DraftError::EmptyTarget));
        d.service.clear();
        assert_eq!(d.to_request(), Err(DraftError::NoService));
    }

    #[test]
    fn concrete_paths_fill_parameters() {
        assert_eq!(concrete_path("api/products/<int:pk>/"), "/api/products/1/");
        assert_eq!(
            concrete_path("/orders/<int:order_id>/cancel"),
            "/orders/1/cancel"
        );
        assert_eq!(concrete_path("/x/<name>"), "/x/example");
    }

    #[test]
    fn route_drafts_prefer_a_matching_example() {
        let route = Route {
            pattern: "api/products/<int:pk>/",
            name: "product-detail",
            methods: &["GET", "DELETE"],
            summary: "",
        };
        let examples = [
            Example {
                title: "list",
                method: "GET",
                target: "/api/products/",
                body: None,
            },
            Example {
                title: "one",
                method: "GET",
                target: "/api/products/7/",
                body: None,
            },
        ];
        let d = Draft::for_route("catalog", &route, &examples);
        assert_eq!(d.target, "/api/products/7/");
        let d = Draft::for_route("catalog", &route, &[]);
        assert_eq!(
            (d.method.as_str(), d.target.as_str()),
            ("GET", "/api/products/1/")
        );
    }
}
