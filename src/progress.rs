//! Lesson progress as the page keeps it: one core [`Progress`] per lesson
//! started, in the order the lessons were started.
//!
//! Only the open lesson watches exchanges. A lesson's progress is created
//! when the learner first opens it, so a request sent before then does not
//! tick a step the learner has not read yet.

use servicelab_sim::lessons::{self, Observed, Progress};
use servicelab_sim::Exchange;

/// The progress kept for `lesson`, if it was started.
pub fn of<'a>(all: &'a [Progress], lesson: &str) -> Option<&'a Progress> {
    all.iter().find(|p| p.lesson == lesson)
}

/// Starts `lesson` if it has no progress yet.
pub fn start(all: &mut Vec<Progress>, lesson: &str) {
    if of(all, lesson).is_none() {
        all.push(Progress::new(lesson));
    }
}

/// Lets the open lesson watch `exchange`.
pub fn observe(all: &mut [Progress], lesson: &str, exchange: &Exchange) -> Observed {
    match all.iter_mut().find(|p| p.lesson == lesson) {
        Some(progress) => progress.observe(exchange),
        None => Observed::default(),
    }
}

/// Steps done and steps in all, for `lesson`; `(0, 0)` for no lesson.
pub fn counts(all: &[Progress], lesson: Option<&str>) -> (usize, usize) {
    let Some(found) = lesson.and_then(lessons::find) else {
        return (0, 0);
    };
    let done = of(all, found.id).map_or(0, |progress| {
        let steps = found.steps.iter();
        steps.filter(|s| progress.done.contains(s.id)).count()
    });
    (done, found.steps.len())
}

/// Whether `step` of `lesson` is done.
pub fn step_done(all: &[Progress], lesson: &str, step: &str) -> bool {
    of(all, lesson).is_some_and(|p| p.done.contains(step))
}

#[cfg(test)]
mod tests {
    use servicelab_sim::{Lab, LabConfig, Method, Request, SqliteDatabase};

    use super::*;

    fn lab() -> Lab {
        let db = SqliteDatabase::open_in_memory().expect("in-memory SQLite opens");
        Lab::open(Box::new(db), LabConfig::default())
            .expect("lab starts")
            .0
    }

    #[test]
    fn only_a_started_lesson_counts_and_each_start_is_kept_once() {
        let mut lab = lab();
        let listed = lab
            .send("catalog", Request::new(Method::Get, "/api/products/"))
            .expect("sent");
        let mut all = Vec::new();
        assert!(observe(&mut all, "shared-database", &listed)
            .steps
            .is_empty());

        start(&mut all, "shared-database");
        start(&mut all, "shared-database");
        assert_eq!(all.len(), 1);
        assert_eq!(
            observe(&mut all, "shared-database", &listed).steps,
            ["browse"]
        );
        assert_eq!(counts(&all, Some("shared-database")), (1, 4));
        assert!(step_done(&all, "shared-database", "browse"));
        assert!(!step_done(&all, "frameworks", "browse"));
    }

    #[test]
    fn unknown_or_missing_lessons_count_nothing() {
        assert_eq!(counts(&[], None), (0, 0));
        assert_eq!(counts(&[], Some("no-such-lesson")), (0, 0));
        assert_eq!(counts(&[], Some("frameworks")), (0, 4));
    }
}
