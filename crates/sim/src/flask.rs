//! How Flask (and Werkzeug beneath it) answers, apart from any one view.
//!
//! Werkzeug matches rules exactly: `/orders` does not match `/orders/`, and
//! only a rule that ends in a slash redirects the slashless form to it (with
//! 308, which keeps the method and body). A path that matches with the wrong
//! method is a 405 whose `Allow` header lists the rule's methods. Flask's
//! default error pages are short HTML documents, not JSON: an API that wants
//! JSON errors must register handlers, and this service, like most course
//! examples, only does so for its own business errors.
//!
//! Simplifications:
//! - Debug mode is off, so an unexpected exception is the plain 500 page
//!   rather than the interactive debugger.
//! - Werkzeug builds the `Allow` header from a set, whose order varies from
//!   run to run; here it is sorted so that records are reproducible.

use crate::http::{reason_phrase, Method, Request, Response};
use crate::record::RouteMatch;
use crate::routing::{decode_path, match_pattern, Route};
use crate::service::Service;
use crate::session::{Failure, Session};

/// Routes a request through Werkzeug's map.
pub fn dispatch(
    service: &dyn Service,
    session: &mut Session,
    request: &Request,
) -> (Response, Option<RouteMatch>) {
    let path = decode_path(&request.path);
    let mut wrong_method: Option<&Route> = None;

    for route in service.routes() {
        let Some(params) = match_pattern(route.pattern, &path) else {
            continue;
        };
        if !route.allows(&request.method) {
            wrong_method = wrong_method.or(Some(route));
            continue;
        }
        let matched = RouteMatch {
            pattern: route.pattern.to_owned(),
            name: route.name.to_owned(),
            params: params.clone(),
        };
        let response = if request.method == Method::Options {
            let mut response = Response::new(200, "text/html; charset=utf-8", String::new());
            response.headers.set("Allow", allow_header(route));
            response
        } else {
            match service.handle(route, &params, session, request) {
                Ok(response) | Err(Failure::Respond(response)) => response,
                Err(Failure::Database(_)) => error_page(500, INTERNAL_ERROR),
            }
        };
        return (finish(request, response), Some(matched));
    }

    let response = match wrong_method {
        Some(route) => {
            let mut response = error_page(405, "The method is not allowed for the requested URL.");
            response.headers.set("Allow", allow_header(route));
            response
        }
        None => redirect_to_slash(service, request, &path).unwrap_or_else(|| {
            error_page(
                404,
                "The requested URL was not found on the server. If you entered the URL \
                 manually please check your spelling and try again.",
            )
        }),
    };
    (finish(request, response), None)
}

/// Werkzeug's access line: `127.0.0.1 - - [12/Jan/2026 09:00:00] "GET /orders HTTP/1.1" 200 -`.
pub fn log_line(stamp: &str, request: &Request, response: &Response) -> String {
    format!(
        "127.0.0.1 - - [{stamp}] \"{} {} HTTP/1.1\" {} -",
        request.method,
        request.target(),
        response.status
    )
}

const INTERNAL_ERROR: &str = "The server encountered an internal error and was unable to \
    complete your request. Either the server is overloaded or there is an error in the \
    application.";

/// Werkzeug's default HTML error page.
pub fn error_page(status: u16, description: &str) -> Response {
    let reason = reason_phrase(status);
    let body = format!(
        "<!doctype html>\n<html lang=en>\n<title>{status} {reason}</title>\n\
         <h1>{reason}</h1>\n<p>{description}</p>\n"
    );
    Response::new(status, "text/html; charset=utf-8", body)
}

/// Flask's `jsonify`.
pub fn jsonify(status: u16, body: &serde_json::Value) -> Response {
    Response::new(status, "application/json", crate::json::flask(body))
}

/// Flask's `request.get_json()`: a 415 page unless the body is declared as
/// JSON, a 400 page if it does not parse.
pub fn json_body(request: &Request) -> Result<serde_json::Value, Response> {
    if request.headers.media_type().as_deref() != Some("application/json") {
        return Err(error_page(
            415,
            "Did not attempt to load JSON data because the request Content-Type was not \
             &#x27;application/json&#x27;.",
        ));
    }
    serde_json::from_str(&request.body)
        .map_err(|err| error_page(400, &format!("Failed to decode JSON object: {err}")))
}

fn redirect_to_slash(service: &dyn Service, request: &Request, path: &str) -> Option<Response> {
    let slashed = format!("{path}/");
    let slashed_rule = service
        .routes()
        .iter()
        .any(|r| r.pattern.ends_with('/') && match_pattern(r.pattern, &slashed).is_some());
    if !slashed_rule {
        return None;
    }
    let location = format!("http://{}{}/", service.host(), request.path);
    let mut response = Response::new(
        308,
        "text/html; charset=utf-8",
        format!(
            "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n\
                 <h1>Redirecting...</h1>\n<p>You should be redirected automatically to the \
                 target URL: <a href=\"{location}\">{location}</a>. If not, click the link.\n"
        ),
    );
    response.headers.set("Location", location);
    Some(response)
}

fn finish(request: &Request, mut response: Response) -> Response {
    response
        .headers
        .set("Server", "Werkzeug/3.1.3 Python/3.12.7");
    response.headers.set("Connection", "close");
    if request.method == Method::Head {
        response.body.clear();
    }
    response
}

fn allow_header(route: &Route) -> String {
    let mut methods: Vec<&str> = route.methods.to_vec();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.push("OPTIONS");
    methods.sort_unstable();
    methods.dedup();
    methods.join(", ")
}
