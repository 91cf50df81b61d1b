//! URL patterns with typed converters, the notation Django and Flask share.
//!
//! Both frameworks write a path parameter as `<converter:name>`: Django's
//! `api/products/<int:pk>/` and Flask's `/orders/<int:order_id>`. A pattern
//! matches a whole, percent-decoded path; each converter accepts its own set
//! of characters and never crosses a `/`.
//!
//! Simplifications: the converters are `int`, `str` (Flask's `string`) and
//! `slug`. Django's `path` and `uuid`, and custom converters, are left out
//! because no lab route needs them.

use percent_encoding::percent_decode_str;
use serde::Serialize;

use crate::http::Method;

/// A route a service declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Route {
    /// The pattern in the framework's own notation.
    pub pattern: &'static str,
    /// The view (Django) or endpoint (Flask) name.
    pub name: &'static str,
    /// Methods the view handles, in the framework's order. `HEAD` and
    /// `OPTIONS` are added by the frameworks themselves.
    pub methods: &'static [&'static str],
    /// One sentence on what the route does.
    pub summary: &'static str,
}

impl Route {
    /// Whether `method` reaches the view, counting the frameworks' automatic
    /// `HEAD` (served by the GET handler) and `OPTIONS`.
    pub fn allows(&self, method: &Method) -> bool {
        match method {
            Method::Head => self.methods.contains(&"GET"),
            Method::Options => true,
            other => self.methods.contains(&other.as_str()),
        }
    }
}

/// Path parameters captured by a match, in pattern order.
pub type Params = Vec<(String, String)>;

/// Decodes `%XX` escapes in a path, as both frameworks do before matching.
/// Bytes that do not form UTF-8 are replaced rather than refused.
pub fn decode_path(path: &str) -> String {
    percent_decode_str(path).decode_utf8_lossy().into_owned()
}

/// Matches a decoded `path` against `pattern`, returning the captures.
pub fn match_pattern(pattern: &str, path: &str) -> Option<Params> {
    let mut params = Params::new();
    let mut rest = path;
    let mut pattern = pattern;
    while !pattern.is_empty() {
        if let Some(after) = pattern.strip_prefix('<') {
            let (spec, tail) = after.split_once('>')?;
            let (converter, name) = spec.split_once(':').unwrap_or(("str", spec));
            let taken = rest.find(|c| !accepts(converter, c)).unwrap_or(rest.len());
            if taken == 0 {
                return None;
            }
            params.push((name.to_owned(), rest[..taken].to_owned()));
            rest = &rest[taken..];
            pattern = tail;
        } else {
            let literal_len = pattern.find('<').unwrap_or(pattern.len());
            rest = rest.strip_prefix(&pattern[..literal_len])?;
            pattern = &pattern[literal_len..];
        }
    }
    rest.is_empty().then_some(params)
}

fn accepts(converter: &str, c: char) -> bool {
    match converter {
        "int" => c.is_ascii_digit(),
        "slug" => c.is_ascii_alphanumeric() || c == '-' || c == '_',
        _ => c != '/',
    }
}

/// Escapes text for an HTML page.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_converter_captures_digits_only() {
        let pattern = "api/products/<int:pk>/";
        assert_eq!(
            match_pattern(pattern, "api/products/42/"),
            Some(vec![("pk".into(), "42".into())])
        );
        assert_eq!(match_pattern(pattern, "api/products/4x/"), None);
        assert_eq!(match_pattern(pattern, "api/products//"), None);
        assert_eq!(match_pattern(pattern, "api/products/-1/"), None);
        assert_eq!(match_pattern(pattern, "api/products/42"), None);
    }

    #[test]
    fn str_and_slug_stop_at_slashes() {
        assert_eq!(
            match_pattern("/a/<name>/b", "/a/ünï code/b"),
            Some(vec![("name".into(), "ünï code".into())])
        );
        assert_eq!(match_pattern("/a/<slug:s>", "/a/x y"), None);
        assert_eq!(match_pattern("/a/<name>", "/a/x/y"), None);
    }

    #[test]
    fn decoding_turns_escapes_into_text() {
        assert_eq!(decode_path("/a%20b/%C3%A9"), "/a b/é");
        assert_eq!(decode_path("/%FF"), "/\u{FFFD}");
    }
}
