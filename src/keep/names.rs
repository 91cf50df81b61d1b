//! The names work travels under: download file names and share links.
//!
//! The browser supplies the date and the page's address; everything made
//! from them is plain text, built and tested here.

/// The marker that starts a share link's fragment.
pub const SHARE_PREFIX: &str = "#share=";

/// A local date and time to the minute, for file names only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The full year.
    pub year: u32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
}

/// `servicelab-YYYYMMDD-HHMM` followed by `extension` (with its dot), so
/// downloads sort by time and never overwrite each other within a minute.
pub fn file_name(stamp: Stamp, extension: &str) -> String {
    let Stamp {
        year,
        month,
        day,
        hour,
        minute,
    } = stamp;
    format!("servicelab-{year:04}{month:02}{day:02}-{hour:02}{minute:02}{extension}")
}

/// The page's address without its fragment.
pub fn without_fragment(href: &str) -> &str {
    href.split_once('#').map_or(href, |(base, _)| base)
}

/// A link to this page that carries `encoded` (from `SharedState::encode`).
pub fn share_link(href: &str, encoded: &str) -> String {
    format!("{}{SHARE_PREFIX}{encoded}", without_fragment(href))
}

/// The encoded state in a `location.hash`, if it is a share fragment.
pub fn shared_fragment(hash: &str) -> Option<&str> {
    hash.strip_prefix(SHARE_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_zero_padded_and_sortable() {
        let stamp = Stamp {
            year: 2026,
            month: 3,
            day: 7,
            hour: 9,
            minute: 5,
        };
        assert_eq!(
            file_name(stamp, ".sqlite"),
            "servicelab-20260307-0905.sqlite"
        );
        assert_eq!(
            file_name(stamp, ".servicelab.json"),
            "servicelab-20260307-0905.servicelab.json"
        );
    }

    #[test]
    fn share_links_replace_any_fragment_and_read_back() {
        let page = "https://host/course/lab/?unit=2#share=old";
        let link = share_link(page, "abc_-1");
        assert_eq!(link, "https://host/course/lab/?unit=2#share=abc_-1");
        let hash = &link[link.find('#').unwrap_or(0)..];
        assert_eq!(shared_fragment(hash), Some("abc_-1"));
        assert_eq!(shared_fragment("#main"), None);
        assert_eq!(without_fragment("http://h/"), "http://h/");
    }
}
