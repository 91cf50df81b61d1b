//! HTTP requests and responses as plain values.
//!
//! A simulated service receives a [`Request`] and returns a [`Response`]; no
//! socket is involved. The types keep what a learner inspects in a real
//! client such as Postman: method, path, query string, headers and body on
//! the way in; status, reason phrase, headers and body on the way out.
//!
//! Simplifications:
//! - Bodies are text. The labs exchange JSON and form data, so binary
//!   uploads and multipart bodies are out of scope.
//! - Header names compare case-insensitively, as HTTP says, but each name
//!   holds one value: repeated headers are not merged.
//! - No HTTP versions, chunking or keep-alive: a request is one whole value.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An HTTP method. Anything outside the common set is kept as written, so a
/// learner who types `PURGE` gets the framework's 405, not a client error.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
    Other(String),
}

impl Method {
    /// Parses a method name; case is normalised to upper case.
    pub fn parse(name: &str) -> Method {
        match name.trim().to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "OPTIONS" => Method::Options,
            other => Method::Other(other.to_owned()),
        }
    }

    /// The method's name as it goes on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Other(name) => name,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Header fields in the order they were set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// An empty set of headers.
    pub fn new() -> Self {
        Headers::default()
    }

    /// The value of `name`, compared case-insensitively.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name`, replacing an earlier value of the same name.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        match self
            .0
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(slot) => slot.1 = value,
            None => self.0.push((name.to_owned(), value)),
        }
    }

    /// Every header as `(name, value)`, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The media type of `Content-Type`, lower-cased and without parameters:
    /// `application/json; charset=utf-8` gives `application/json`.
    pub fn media_type(&self) -> Option<String> {
        let raw = self.get("content-type")?;
        let essence = raw.split(';').next().unwrap_or_default().trim();
        Some(essence.to_ascii_lowercase())
    }
}

/// A request as a client sends it to one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path, starting with `/`, percent-encoded as sent.
    pub path: String,
    /// The raw query string without its `?`, percent-encoded as sent.
    pub query: String,
    /// Request headers.
    pub headers: Headers,
    /// The body as text; empty when there is none.
    pub body: String,
}

impl Request {
    /// A request for `target`, which may carry a query string
    /// (`/api/products/?page=2`). A missing leading slash is added, as a
    /// browser's address bar would.
    pub fn new(method: Method, target: &str) -> Request {
        let target = target.trim();
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        Request {
            method,
            path,
            query: query.to_owned(),
            headers: Headers::new(),
            body: String::new(),
        }
    }

    /// A request with a JSON body and the matching `Content-Type`.
    pub fn json(method: Method, target: &str, body: &serde_json::Value) -> Request {
        Request::new(method, target).with_body("application/json", &body.to_string())
    }

    /// Sets the body and its `Content-Type`.
    pub fn with_body(mut self, content_type: &str, body: &str) -> Request {
        self.headers.set("Content-Type", content_type);
        self.body = body.to_owned();
        self
    }

    /// Sets one header.
    pub fn with_header(mut self, name: &str, value: &str) -> Request {
        self.headers.set(name, value);
        self
    }

    /// Decoded query parameters, in order; `+` and `%XX` are decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }

    /// Path and query as the request line shows them.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }
}

/// A response as the service sends it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Response headers, in the order the framework sets them.
    pub headers: Headers,
    /// The body as text; empty when there is none.
    pub body: String,
}

impl Response {
    /// A response with a body of the given media type. `Content-Length` is
    /// set from the body, as every framework here does.
    pub fn new(status: u16, content_type: &str, body: String) -> Response {
        let mut headers = Headers::new();
        headers.set("Content-Type", content_type);
        headers.set("Content-Length", body.len().to_string());
        Response {
            status,
            headers,
            body,
        }
    }

    /// A response with no body and no `Content-Type`.
    pub fn empty(status: u16) -> Response {
        let mut headers = Headers::new();
        headers.set("Content-Length", "0");
        Response {
            status,
            headers,
            body: String::new(),
        }
    }

    /// The reason phrase for the status, as HTTP/1.1 servers send it.
    pub fn reason(&self) -> &'static str {
        reason_phrase(self.status)
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// The standard reason phrase for a status code.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_splits_path_and_query() {
        let req = Request::new(Method::parse("get"), "api/products/?page=2&q=a+b%21");
        assert_eq!(req.method, Method::Get);
        assert_eq!(req.path, "/api/products/");
        assert_eq!(req.query_param("page").as_deref(), Some("2"));
        assert_eq!(req.query_param("q").as_deref(), Some("a b!"));
        assert_eq!(req.target(), "/api/products/?page=2&q=a+b%21");
    }

    #[test]
    fn headers_are_case_insensitive_and_media_type_drops_parameters() {
        let mut headers = Headers::new();
        headers.set("Content-Type", "Application/JSON; charset=utf-8");
        headers.set("content-type", "text/plain");
        assert_eq!(headers.iter().count(), 1);
        assert_eq!(headers.media_type().as_deref(), Some("text/plain"));
    }

    #[test]
    fn unknown_methods_are_kept_as_written() {
        assert_eq!(Method::parse("purge").as_str(), "PURGE");
    }
}
