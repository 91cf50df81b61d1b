//! What the lesson panel's buttons do: open a lesson, load a step's request
//! into the builder, and let the open lesson watch every exchange.

use leptos::prelude::*;
use servicelab_sim::lessons::{Observed, Step};
use servicelab_sim::service::Example;
use servicelab_sim::Exchange;

use crate::dom;
use crate::draft::Draft;
use crate::keep::{self, events};
use crate::progress;
use crate::state::AppState;

/// Opens lesson `id`, starting its progress if it is new. Call
/// [`keep::changed`] afterwards; [`choose`] does both.
pub fn open(state: AppState, id: &str) {
    state.progress.update(|all| progress::start(all, id));
    state.lesson.set(Some(id.to_owned()));
}

/// Opens lesson `id` as the learner asked.
pub fn choose(state: AppState, id: &str) {
    log::debug!("lesson {id} opened");
    open(state, id);
    keep::changed(state);
}

/// Loads `step`'s request into the builder, without sending it.
pub fn try_step(state: AppState, step: &Step) {
    let (service, method, target, body) = step.try_it;
    let example = Example {
        title: step.task,
        method,
        target,
        body,
    };
    state.draft.load(Draft::from_example(service, &example));
    state.draft_error.set(None);
    dom::focus("path-input");
}

/// Lets the open lesson watch `exchange`, and tells the page's host when
/// it completes the lesson. The caller reports the change itself.
pub fn observe(state: AppState, exchange: &Exchange) {
    let Some(lesson) = state.lesson.get_untracked() else {
        return;
    };
    let mut observed = Observed::default();
    state
        .progress
        .update(|all| observed = progress::observe(all, &lesson, exchange));
    if !observed.steps.is_empty() {
        log::debug!("lesson {lesson}: {:?} done", observed.steps);
    }
    if observed.completed_lesson {
        log::info!("lesson {lesson} completed");
        events::dispatch(events::LESSON_COMPLETED, &events::completed_detail(&lesson));
    }
}
