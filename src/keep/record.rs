//! The learner's work as data that can be stored and read back: the request
//! history as the core's [`SavedRequest`]s, and the part of a session that
//! autosave keeps beside the database image.
//!
//! The page keeps history newest first, with each request's fields as typed;
//! files and links keep it oldest first, with headers as name and value. The
//! conversions live here, away from the browser, so they are tested natively.
//!
//! Simplifications: header lines are kept as parsed pairs, so blank lines and
//! spacing around the colon are not restored. A request can only enter the
//! history once its headers parsed, so nothing else is lost.

use serde::{Deserialize, Serialize};
use servicelab_sim::archive::{SavedRequest, SessionFile};
use servicelab_sim::lessons::Progress;

use crate::draft::{parse_headers, Draft, METHODS};
use crate::state::HistoryEntry;

/// How many requests the history keeps, on the page and in saved work.
pub const HISTORY_LIMIT: usize = 50;

/// The version of [`SavedSession`] this build writes and reads.
pub const SAVED_VERSION: u32 = 1;

/// Everything autosave keeps besides the database image.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedSession {
    /// Always [`SAVED_VERSION`] when written by this build.
    pub version: u32,
    /// The open lesson, if any.
    #[serde(default)]
    pub lesson: Option<String>,
    /// Requests, oldest first.
    #[serde(default)]
    pub history: Vec<SavedRequest>,
    /// Progress in each lesson started.
    #[serde(default)]
    pub progress: Vec<Progress>,
}

impl SavedSession {
    /// The JSON autosave stores.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what [`to_json`](Self::to_json) wrote; `None` for anything else,
    /// including a newer version.
    pub fn from_json(text: &str) -> Option<SavedSession> {
        let session: SavedSession = serde_json::from_str(text).ok()?;
        (session.version <= SAVED_VERSION).then_some(session)
    }

    /// Joins the session to its database image, as one session file.
    pub fn into_file(self, image: Vec<u8>) -> SessionFile {
        SessionFile::new(image, self.history, self.progress).with_lesson(self.lesson)
    }
}

/// One history entry as files and links keep it.
pub fn saved_request(entry: &HistoryEntry) -> SavedRequest {
    let draft = &entry.draft;
    SavedRequest {
        service: draft.service.clone(),
        method: draft.method.clone(),
        target: draft.target.clone(),
        headers: parse_headers(&draft.headers).unwrap_or_default(),
        body: draft.body.clone(),
        status: entry.status,
    }
}

/// A saved request as a history entry, its headers back as lines.
pub fn history_entry(saved: &SavedRequest) -> HistoryEntry {
    let headers: Vec<String> = saved
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    HistoryEntry {
        draft: Draft {
            service: saved.service.clone(),
            method: saved.method.clone(),
            target: saved.target.clone(),
            headers: headers.join("\n"),
            body: saved.body.clone(),
        },
        status: saved.status,
    }
}

/// The page's history (newest first) as saved requests, oldest first.
pub fn saved_history(history: &[HistoryEntry]) -> Vec<SavedRequest> {
    history.iter().rev().map(saved_request).collect()
}

/// The newest `count` entries of the page's history, oldest first.
pub fn latest(history: &[HistoryEntry], count: usize) -> Vec<SavedRequest> {
    let newest = &history[..history.len().min(count)];
    saved_history(newest)
}

/// Whether the request builder can show `saved` as it would be sent: a
/// service the lab has and a method its menu lists. Files and links come
/// from outside, so anything else is left out rather than shown as one
/// request and sent as another.
pub fn usable(saved: &SavedRequest) -> bool {
    SERVICES.contains(&saved.service.as_str()) && METHODS.contains(&saved.method.as_str())
}

/// The services a saved request may name.
const SERVICES: [&str; 2] = ["catalog", "orders"];

/// Saved requests (oldest first) as the page's history, newest first,
/// keeping at most [`HISTORY_LIMIT`]; requests the builder cannot show are
/// left out (see [`usable`]).
pub fn restored_history(saved: &[SavedRequest]) -> Vec<HistoryEntry> {
    let mut history: Vec<HistoryEntry> = saved
        .iter()
        .rev()
        .filter(|s| usable(s))
        .map(history_entry)
        .collect();
    history.truncate(HISTORY_LIMIT);
    history
}

/// Puts `saved` (oldest first) on top of `history`, as if they had just
/// been added one by one, keeping at most [`HISTORY_LIMIT`].
pub fn prepend(history: &mut Vec<HistoryEntry>, saved: &[SavedRequest]) {
    let mut added = restored_history(saved);
    added.append(history);
    added.truncate(HISTORY_LIMIT);
    *history = added;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_the_builder_cannot_show_are_left_out() {
        let request = |service: &str, method: &str| SavedRequest {
            service: service.into(),
            method: method.into(),
            target: "/".into(),
            headers: Vec::new(),
            body: String::new(),
            status: None,
        };
        let saved = [
            request("catalog", "PURGE"),
            request("ghost", "GET"),
            request("orders", "GET"),
        ];
        let history = restored_history(&saved);
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].draft.service, "orders");
    }

    fn entry(target: &str, headers: &str, status: Option<u16>) -> HistoryEntry {
        HistoryEntry {
            draft: Draft {
                service: "catalog".into(),
                method: "POST".into(),
                target: target.into(),
                headers: headers.into(),
                body: "{\"sku\": \"A\"}".into(),
            },
            status,
        }
    }

    #[test]
    fn history_round_trips_through_saved_requests_in_order() {
        let history = vec![
            entry(
                "/api/products/2/",
                "Accept: text/html\nX-Trace: 7",
                Some(404),
            ),
            entry("/api/products/", "", Some(201)),
        ];
        let saved = saved_history(&history);
        assert_eq!(saved[0].target, "/api/products/", "oldest first");
        assert_eq!(saved[1].headers[1], ("X-Trace".into(), "7".into()));
        assert_eq!(restored_history(&saved), history);
    }

    #[test]
    fn latest_keeps_the_newest_requests_oldest_first() {
        let history: Vec<HistoryEntry> = (0..8)
            .rev()
            .map(|n| entry(&format!("/{n}"), "", None))
            .collect();
        let targets: Vec<String> = latest(&history, 5).into_iter().map(|s| s.target).collect();
        assert_eq!(targets, ["/3", "/4", "/5", "/6", "/7"]);
        assert_eq!(latest(&history[..2], 5).len(), 2);
    }

    #[test]
    fn prepended_requests_go_on_top_and_the_limit_holds() {
        let mut history: Vec<HistoryEntry> = (0..HISTORY_LIMIT)
            .map(|n| entry(&format!("/old{n}"), "", Some(200)))
            .collect();
        let shared = saved_history(&[entry("/b", "", None), entry("/a", "", None)]);
        prepend(&mut history, &shared);
        assert_eq!(history.len(), HISTORY_LIMIT);
        assert_eq!(history[0].draft.target, "/b");
        assert_eq!(history[1].draft.target, "/a");
        assert_eq!(history[2].draft.target, "/old0");
    }

    #[test]
    fn a_saved_session_round_trips_and_refuses_newer_or_foreign_text() {
        let session = SavedSession {
            version: SAVED_VERSION,
            lesson: Some("frameworks".into()),
            history: saved_history(&[entry("/x", "", Some(400))]),
            progress: vec![Progress::new("frameworks")],
        };
        assert_eq!(
            SavedSession::from_json(&session.to_json()),
            Some(session.clone())
        );
        let newer = session.to_json().replace("\"version\":1", "\"version\":2");
        assert_eq!(SavedSession::from_json(&newer), None);
        assert_eq!(SavedSession::from_json("[1, 2]"), None);

        let file = session.into_file(vec![1, 2, 3]);
        assert_eq!(file.lesson.as_deref(), Some("frameworks"));
        assert_eq!(file.database, [1, 2, 3]);
    }
}
