//! How Django and Django REST Framework answer, apart from any one view.
//!
//! Django resolves a path against its URL patterns in order. When nothing
//! matches and the path lacks its trailing slash, `APPEND_SLASH` redirects a
//! GET to the slashed URL, but refuses to redirect a POST (which would lose
//! its body) and, with `DEBUG = True`, says so in a 500 page. When the path
//! matches but the view lacks the method, DRF answers 405 with an `Allow`
//! header. DRF parses JSON and form bodies, refuses other media types with
//! 415, and words every error as `{"detail": ...}` or as per-field lists.
//!
//! Simplifications:
//! - `DEBUG = True`, as on a development machine, so errors show Django's
//!   technical pages (shortened here to the parts a learner reads).
//! - Multipart bodies are not parsed; they are answered like any other
//!   unsupported media type.
//! - No authentication, permissions, throttling or content negotiation: every
//!   response is JSON, as DRF gives a client that does not ask for HTML.

use serde_json::{json, Value as Json};

use crate::http::{Method, Request, Response};
use crate::record::RouteMatch;
use crate::routing::{decode_path, escape_html, match_pattern, Route};
use crate::service::Service;
use crate::session::{Failure, Session};
use crate::{json, DbError};

/// The URLconf module name shown in Django's 404 page.
const URLCONF: &str = "catalog.urls";

/// Routes a request through Django's resolver and DRF's method check.
pub fn dispatch(
    service: &dyn Service,
    session: &mut Session,
    request: &Request,
) -> (Response, Option<RouteMatch>) {
    let path = decode_path(&request.path);
    let relative = path.strip_prefix('/').unwrap_or(&path);

    for route in service.routes() {
        let Some(params) = match_pattern(route.pattern, relative) else {
            continue;
        };
        let matched = RouteMatch {
            pattern: route.pattern.to_owned(),
            name: route.name.to_owned(),
            params: params.clone(),
        };
        let response = if !route.allows(&request.method) {
            method_not_allowed(route, &request.method)
        } else if request.method == Method::Options {
            options(route)
        } else {
            match service.handle(route, &params, session, request) {
                Ok(response) => response,
                Err(Failure::Respond(response)) => response,
                Err(Failure::Database(err)) => server_error(service, request, &err),
            }
        };
        return (finish(route, request, response), Some(matched));
    }

    (unmatched(service, request, relative), None)
}

/// The runserver access line: `[12/Jan/2026 09:00:00] "GET /api/ HTTP/1.1" 200 52`.
pub fn log_line(stamp: &str, request: &Request, response: &Response) -> String {
    format!(
        "[{stamp}] \"{} {} HTTP/1.1\" {} {}",
        request.method,
        request.target(),
        response.status,
        response.body.len()
    )
}

/// A DRF JSON response with the headers every DRF view sends.
pub fn respond(status: u16, body: &Json) -> Response {
    Response::new(status, "application/json", json::drf(body))
}

/// DRF's answer to a missing object: the `Http404` from `get_object_or_404`.
pub fn not_found(model: &str) -> Response {
    respond(
        404,
        &json!({ "detail": format!("No {model} matches the given query.") }),
    )
}

/// Parses a request body the way DRF's default parsers do. An empty body,
/// or a body without a media type, is no data at all.
pub fn parse_body(request: &Request) -> Result<Option<Json>, Response> {
    let Some(media_type) = request.headers.media_type() else {
        return Ok(None);
    };
    if request.body.is_empty() {
        return Ok(None);
    }
    match media_type.as_str() {
        "application/json" => serde_json::from_str(&request.body)
            .map(Some)
            .map_err(|err| {
                respond(
                    400,
                    &json!({ "detail": format!("JSON parse error - {err}") }),
                )
            }),
        "application/x-www-form-urlencoded" => {
            let mut form = serde_json::Map::new();
            for (key, value) in form_urlencoded::parse(request.body.as_bytes()) {
                form.insert(key.into_owned(), Json::String(value.into_owned()));
            }
            Ok(Some(Json::Object(form)))
        }
        _ => Err(respond(
            415,
            &json!({ "detail": format!("Unsupported media type \"{media_type}\" in request.") }),
        )),
    }
}

fn finish(route: &Route, request: &Request, mut response: Response) -> Response {
    if response.headers.media_type().as_deref() == Some("application/json") {
        response.headers.set("Vary", "Accept");
        response.headers.set("Allow", allow_header(route));
    }
    add_security_headers(&mut response);
    if request.method == Method::Head {
        response.body.clear();
    }
    response
}

fn add_security_headers(response: &mut Response) {
    response.headers.set("X-Frame-Options", "DENY");
    response.headers.set("X-Content-Type-Options", "nosniff");
    response.headers.set("Referrer-Policy", "same-origin");
    response
        .headers
        .set("Cross-Origin-Opener-Policy", "same-origin");
    response
        .headers
        .set("Server", "WSGIServer/0.2 CPython/3.12.7");
}

/// DRF lists allowed methods in `http_method_names` order, HEAD and OPTIONS last.
fn allow_header(route: &Route) -> String {
    let mut methods: Vec<&str> = route.methods.to_vec();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.push("OPTIONS");
    methods.join(", ")
}

fn method_not_allowed(route: &Route, method: &Method) -> Response {
    let mut response = respond(
        405,
        &json!({ "detail": format!("Method \"{method}\" not allowed.") }),
    );
    response.headers.set("Allow", allow_header(route));
    response
}

/// DRF's `SimpleMetadata` answer to OPTIONS, without the field descriptions.
fn options(route: &Route) -> Response {
    respond(
        200,
        &json!({
            "name": route.summary,
            "description": "",
            "renders": ["application/json", "text/html"],
            "parses": [
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data"
            ]
        }),
    )
}

fn unmatched(service: &dyn Service, request: &Request, relative: &str) -> Response {
    let slashed = format!("{relative}/");
    let slash_would_match = !relative.ends_with('/')
        && service
            .routes()
            .iter()
            .any(|r| match_pattern(r.pattern, &slashed).is_some());
    let mut response = if !slash_would_match {
        page_not_found(service, request, relative)
    } else if matches!(request.method, Method::Get | Method::Head) {
        let mut location = format!("{}/", request.path);
        if !request.query.is_empty() {
            location = format!("{location}?{}", request.query);
        }
        let mut redirect = Response::new(301, "text/html; charset=utf-8", String::new());
        redirect.headers.set("Location", location);
        redirect
    } else {
        append_slash_error(service, request)
    };
    add_security_headers(&mut response);
    if request.method == Method::Head {
        response.body.clear();
    }
    response
}

fn append_slash_error(service: &dyn Service, request: &Request) -> Response {
    let message = format!(
        "You called this URL via {method}, but the URL doesn't end in a slash and you have \
         APPEND_SLASH set. Django can't redirect to the slash URL while maintaining {method} \
         data. Change your form to point to {host}{path}/ (note the trailing slash), or set \
         APPEND_SLASH=False in your Django settings.",
        method = request.method,
        host = service.host(),
        path = request.path,
    );
    technical_500(service, request, "RuntimeError", &message)
}

fn page_not_found(service: &dyn Service, request: &Request, relative: &str) -> Response {
    let tried: String = service
        .routes()
        .iter()
        .map(|r| format!("<li>{} [name='{}']</li>", escape_html(r.pattern), r.name))
        .collect();
    let body = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <title>Page not found at /{path}</title></head>\n<body>\n\
         <h1>Page not found <span>(404)</span></h1>\n\
         <p>Request Method: {method}<br>Request URL: http://{host}/{path}</p>\n\
         <p>Using the URLconf defined in <code>{URLCONF}</code>, Django tried these URL \
         patterns, in this order:</p>\n<ol>{tried}</ol>\n\
         <p>The current path, <code>{path}</code>, didn't match any of these.</p>\n\
         <p>You're seeing this error because you have <code>DEBUG = True</code> in your \
         Django settings file.</p>\n</body>\n</html>\n",
        path = escape_html(relative),
        method = request.method,
        host = service.host(),
    );
    Response::new(404, "text/html; charset=utf-8", body)
}

/// Django's technical 500 page in its plain-text form, which it sends to
/// clients that do not ask for HTML.
fn server_error(service: &dyn Service, request: &Request, err: &DbError) -> Response {
    let kind = if err.message.contains("constraint failed") {
        "IntegrityError"
    } else {
        "OperationalError"
    };
    technical_500(service, request, kind, &err.message)
}

fn technical_500(service: &dyn Service, request: &Request, kind: &str, message: &str) -> Response {
    let body = format!(
        "{kind} at {path}\n{message}\n\nRequest Method: {method}\n\
         Request URL: http://{host}{path}\nDjango Version: 5.2\n\
         Exception Type: {kind}\nException Value: {message}\n",
        path = request.path,
        method = request.method,
        host = service.host(),
    );
    Response::new(500, "text/plain; charset=utf-8", body)
}
