//! Pins how work is kept and moved: database images that reopen exactly,
//! imports refused before they can do harm, session files and share links
//! that round-trip and reject what is not theirs, and lessons that complete
//! from the record of real requests.

mod common;

use common::*;
use serde_json::json;
use servicelab_sim::archive::{ArchiveError, SavedRequest, SessionFile, SharedState};
use servicelab_sim::image::{self, ImageError};
use servicelab_sim::lessons::{self, Progress, LESSONS};
use servicelab_sim::{Database, Lab, LabConfig, Method, Request, SqliteDatabase, Value};

fn worked_lab() -> Lab {
    let mut lab = lab();
    send_json(
        &mut lab,
        "orders",
        Method::Post,
        "/orders",
        json!({"product_id": 2, "quantity": 2}),
    );
    lab.console("CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB)")
        .unwrap();
    lab.console("INSERT INTO notes (body) VALUES (x'00FF10'), (9223372036854775807)")
        .unwrap();
    lab
}

#[test]
fn an_image_reopens_with_the_same_rows_and_foreign_keys_on() {
    let mut lab = worked_lab();
    let bytes = image(&mut lab);
    assert!(image::inspect(&bytes).is_ok());
    let mut copy = SqliteDatabase::from_image(&bytes).unwrap();
    image::verify(&mut copy).unwrap();
    for table in ["catalog_product", "orders", "notes", "django_migrations"] {
        let sql = format!("SELECT * FROM {table} ORDER BY rowid");
        assert_eq!(
            copy.query(&sql, &[]).unwrap(),
            lab.db().query(&sql, &[]).unwrap(),
            "{table}"
        );
    }
    assert_eq!(
        copy.query("PRAGMA foreign_keys", &[]).unwrap().scalar(),
        Some(&Value::Integer(1))
    );

    // A lab started on the copy migrates nothing and carries on.
    let (mut again, boots) = Lab::open(Box::new(copy), LabConfig::default()).unwrap();
    assert_eq!(
        boots[0].log.last().map(String::as_str),
        Some("  No migrations to apply.")
    );
    assert_eq!(stock(&mut again, 2), 6);
}

#[test]
fn cut_off_and_foreign_files_are_refused_by_their_header() {
    let bytes = image(&mut worked_lab());
    let cut = &bytes[..bytes.len() - 1000];
    assert!(matches!(
        image::inspect(cut),
        Err(ImageError::Truncated { .. })
    ));
    assert!(matches!(
        image::inspect(&bytes[..60]),
        Err(ImageError::Truncated { .. })
    ));
    assert_eq!(image::inspect(&[]), Err(ImageError::Empty));
    let dump = b"BEGIN TRANSACTION;\nCREATE TABLE t(x);\nCOMMIT;\n";
    assert_eq!(
        image::inspect(dump).unwrap_err().to_string(),
        "This is not a SQLite database: it looks like a text file (an SQL dump needs the \
         sqlite3 tool)."
    );
}

#[test]
fn damage_inside_a_whole_file_is_found_by_sqlites_integrity_check() {
    let mut bytes = image(&mut worked_lab());
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    // Overwrite the third page (a table's b-tree) with noise, keeping the size.
    for (i, byte) in bytes[2 * page..3 * page].iter_mut().enumerate() {
        *byte = (i * 7 % 251) as u8;
    }
    assert!(
        image::inspect(&bytes).is_ok(),
        "the header alone cannot see this"
    );
    let refused = match SqliteDatabase::from_image(&bytes) {
        Err(_) => true,
        Ok(mut db) => matches!(image::verify(&mut db), Err(ImageError::Damaged(_))),
    };
    assert!(refused);
}

#[test]
fn orphaned_foreign_keys_are_refused() {
    let mut lab = worked_lab();
    lab.console("PRAGMA foreign_keys = OFF").unwrap();
    lab.console("DELETE FROM catalog_product WHERE id = 2")
        .unwrap();
    let mut copy = SqliteDatabase::from_image(&image(&mut lab)).unwrap();
    let err = image::verify(&mut copy).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The database is damaged: 1 row(s) in orders refer to missing rows in catalog_product"
    );
}

fn saved(target: &str) -> SavedRequest {
    SavedRequest {
        service: "catalog".into(),
        method: "GET".into(),
        target: target.into(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: String::new(),
        status: Some(200),
    }
}

#[test]
fn a_session_file_round_trips_and_refuses_what_is_not_one() {
    let database = image(&mut worked_lab());
    let mut progress = Progress::new("shared-database");
    progress.done.insert("browse".into());
    let file = SessionFile::new(database, vec![saved("/api/products/")], vec![progress]);
    let text = file.to_json();
    assert_eq!(SessionFile::from_json(text.as_bytes()).unwrap(), file);

    let not_json = SessionFile::from_json(b"\x89PNG\r\n").unwrap_err();
    assert!(matches!(not_json, ArchiveError::NotASession(_)));
    let other = SessionFile::from_json(br#"{"format": "something-else", "version": 1}"#);
    assert!(matches!(other, Err(ArchiveError::NotASession(_))));
    let newer = text.replace("\"version\": 1", "\"version\": 9");
    assert_eq!(
        SessionFile::from_json(newer.as_bytes()),
        Err(ArchiveError::TooNew(9))
    );

    let mut cut = file.clone();
    cut.database.truncate(cut.database.len() / 2);
    let err = SessionFile::from_json(cut.to_json().as_bytes()).unwrap_err();
    assert!(
        matches!(err, ArchiveError::Database(ImageError::Truncated { .. })),
        "{err}"
    );
}

#[test]
fn a_session_file_keeps_the_open_lesson_and_older_files_open_none() {
    let database = image(&mut worked_lab());
    let file = SessionFile::new(database, vec![saved("/api/products/")], Vec::new())
        .with_lesson(Some("frameworks".into()));
    let text = file.to_json();
    let read = SessionFile::from_json(text.as_bytes()).unwrap();
    assert_eq!(read.lesson.as_deref(), Some("frameworks"));

    // A file written before the field existed has no "lesson" key at all.
    let mut older: serde_json::Value = serde_json::from_str(&text).unwrap();
    older.as_object_mut().unwrap().remove("lesson");
    let read = SessionFile::from_json(older.to_string().as_bytes()).unwrap();
    assert_eq!(read.lesson, None);
    assert_eq!(read.history, file.history);
}

#[test]
fn a_share_link_round_trips_and_rejects_damage_and_bombs() {
    let state = SharedState {
        lesson: Some("frameworks".into()),
        requests: vec![saved("/api/products/?page=2"), saved("/api/products/7/")],
    };
    let link = state.encode();
    assert!(link
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert!(
        link.len() < 400,
        "a share link should stay short: {} chars",
        link.len()
    );
    assert_eq!(SharedState::decode(&link).unwrap(), state);

    assert!(matches!(
        SharedState::decode("not base64!"),
        Err(ArchiveError::BadLink(_))
    ));
    assert!(matches!(
        SharedState::decode(&link[..link.len() / 2]),
        Err(ArchiveError::BadLink(_))
    ));
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 10_000_000], 9);
    let bomb = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bomb);
    assert!(matches!(
        SharedState::decode(&bomb),
        Err(ArchiveError::BadLink(_))
    ));
}

#[test]
fn each_lessons_own_requests_complete_it_exactly_once() {
    for lesson in LESSONS {
        let mut lab = lab();
        let mut progress = Progress::new(lesson.id);
        let mut completions = 0;
        for step in lesson.steps {
            let (service, method, target, body) = step.try_it;
            let mut request = Request::new(Method::parse(method), target);
            if let Some(body) = body {
                request = request.with_body("application/json", body);
            }
            let exchange = lab.send(service, request).unwrap();
            let observed = progress.observe(&exchange);
            assert!(
                observed.steps.contains(&step.id),
                "{}/{} not met",
                lesson.id,
                step.id
            );
            completions += usize::from(observed.completed_lesson);
        }
        assert!(progress.is_complete());
        assert_eq!(completions, 1, "{}", lesson.id);
        assert!(lessons::find(lesson.id).is_some());
    }
}

#[test]
fn a_request_that_misses_the_goal_does_not_count() {
    let mut lab = lab();
    let mut progress = Progress::new("shared-database");
    let refused = send_json(
        &mut lab,
        "orders",
        Method::Post,
        "/orders",
        json!({"product_id": 5}),
    );
    assert!(progress.observe(&refused).steps.is_empty());
    assert!(progress.done.is_empty());
}
