//! Work that travels: a whole session as one file, and a small state in a
//! link.
//!
//! A [`SessionFile`] is what a student hands in: the database image, the
//! request history and lesson progress, as one JSON document (the database
//! as base64) that any text tool can look inside. A [`SharedState`] is what
//! an instructor puts in a link: which lesson, and a few requests to try.
//! It is JSON, deflate-compressed and base64url-encoded into the URL's
//! fragment, so no server ever sees it.
//!
//! Both are read defensively. A file or link that is not ours, is from a
//! newer version, or decodes to more than a set limit is refused with a
//! sentence saying why, before anything in the lab changes.
//!
//! Simplifications: the session file keeps requests, not responses. Re-sending
//! the history rebuilds the responses, since the lab is deterministic.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::image::{self, ImageError};
use crate::lessons::Progress;

/// The `format` field of every session file.
pub const SESSION_FORMAT: &str = "servicelab-session";
/// The session file version this build writes and the newest it reads.
pub const SESSION_VERSION: u32 = 1;
/// The most a share link may decode to.
pub const SHARE_LIMIT: usize = 64 * 1024;

/// Why a session file or share link was refused.
#[derive(Debug, Error, PartialEq)]
pub enum ArchiveError {
    /// Not JSON, or JSON of another shape.
    #[error("This is not a ServiceLab session file ({0}).")]
    NotASession(String),
    /// Written by a newer ServiceLab.
    #[error("This session file is from a newer ServiceLab (version {0}); update the page.")]
    TooNew(u32),
    /// The database inside is not usable.
    #[error("The database inside the session file cannot be used. {0}")]
    Database(#[from] ImageError),
    /// A share link that does not decode.
    #[error("This share link is damaged or incomplete ({0}).")]
    BadLink(String),
}

/// One request as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRequest {
    /// The service it went to.
    pub service: String,
    /// The method.
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header lines, `Name: value`.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The body text.
    #[serde(default)]
    pub body: String,
    /// The status it got, if it was sent.
    #[serde(default)]
    pub status: Option<u16>,
}

/// Everything a student's session holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionFile {
    /// Always [`SESSION_FORMAT`].
    pub format: String,
    /// The version that wrote it.
    pub version: u32,
    /// The database image, base64 in the file.
    #[serde(with = "base64_bytes")]
    pub database: Vec<u8>,
    /// Requests, oldest first.
    #[serde(default)]
    pub history: Vec<SavedRequest>,
    /// Progress in each lesson started.
    #[serde(default)]
    pub progress: Vec<Progress>,
    /// The lesson that was open, if any. Files written before this field
    /// existed simply open no lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
}

impl SessionFile {
    /// A session file for the current version.
    pub fn new(database: Vec<u8>, history: Vec<SavedRequest>, progress: Vec<Progress>) -> Self {
        SessionFile {
            format: SESSION_FORMAT.to_owned(),
            version: SESSION_VERSION,
            database,
            history,
            progress,
            lesson: None,
        }
    }

    /// The same file with `lesson` as the open lesson.
    pub fn with_lesson(mut self, lesson: Option<String>) -> Self {
        self.lesson = lesson;
        self
    }

    /// The file's text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a session file, checking its format, version and the header of
    /// the database inside. SQLite's own integrity check still has to run on
    /// the database once it is opened.
    pub fn from_json(text: &[u8]) -> Result<SessionFile, ArchiveError> {
        let probe: serde_json::Value = serde_json::from_slice(text)
            .map_err(|e| ArchiveError::NotASession(format!("not JSON: {e}")))?;
        if probe.get("format").and_then(|f| f.as_str()) != Some(SESSION_FORMAT) {
            return Err(ArchiveError::NotASession(
                "no ServiceLab format marker".into(),
            ));
        }
        let version = probe.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > u64::from(SESSION_VERSION) {
            return Err(ArchiveError::TooNew(
                u32::try_from(version).unwrap_or(u32::MAX),
            ));
        }
        let file: SessionFile =
            serde_json::from_value(probe).map_err(|e| ArchiveError::NotASession(e.to_string()))?;
        image::inspect(&file.database)?;
        Ok(file)
    }
}

/// A small state carried in a link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedState {
    /// The lesson to open, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
    /// Requests to load into the history, ready to send.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<SavedRequest>,
}

impl SharedState {
    /// Encodes the state for a URL fragment.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 9))
    }

    /// Decodes a fragment made by [`encode`](Self::encode).
    pub fn decode(text: &str) -> Result<SharedState, ArchiveError> {
        let bad = |why: String| ArchiveError::BadLink(why);
        let packed = URL_SAFE_NO_PAD
            .decode(text.trim().trim_end_matches('='))
            .map_err(|e| bad(format!("not base64url: {e}")))?;
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, SHARE_LIMIT)
            .map_err(|e| bad(format!("cannot be unpacked: {:?}", e.status)))?;
        serde_json::from_slice(&json).map_err(|e| bad(format!("unexpected content: {e}")))
    }
}

mod base64_bytes {
    use super::{Engine, STANDARD};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD
            .decode(text.trim())
            .map_err(|e| serde::de::Error::custom(format!("database is not base64: {e}")))
    }
}
