//! The lessons panel: every lesson with its progress, and the open lesson's
//! steps. A step's "Try it" loads its request into the builder; sending it
//! (or any request that meets the goal) ticks the step and shows what to
//! notice.

use leptos::prelude::*;
use servicelab_sim::lessons::{find, Lesson, Step, LESSONS};

use crate::lesson::{choose, try_step};
use crate::progress;
use crate::state::AppState;

/// The lessons panel.
#[component]
pub fn LessonsPanel(state: AppState) -> impl IntoView {
    let open = move || {
        let id = state.lesson.get()?;
        find(&id)
    };

    view! {
        <section class="panel lessons" aria-labelledby="lessons-title"
            data-testid="lessons-panel">
            <h2 id="lessons-title">"Lessons"</h2>
            <LessonList state />
            {move || open().map(|lesson| view! { <LessonSteps state lesson /> })}
        </section>
    }
}

#[component]
fn LessonList(state: AppState) -> impl IntoView {
    let items = LESSONS
        .iter()
        .map(|lesson| {
            let id = lesson.id;
            let pressed = move || (state.lesson.get().as_deref() == Some(id)).to_string();
            let count = move || {
                let (done, total) = state.progress.with(|all| progress::counts(all, Some(id)));
                format!("{done} of {total} done")
            };
            view! {
                <li>
                    <button type="button" class="lesson-button" aria-pressed=pressed
                        data-testid=format!("lesson-{id}")
                        on:click=move |_| choose(state, id)>
                        <span class="lesson-title">{lesson.title}</span>
                        <span class="meta">{count}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    view! { <ul class="lesson-list" aria-label="Choose a lesson">{items}</ul> }
}

#[component]
fn LessonSteps(state: AppState, lesson: &'static Lesson) -> impl IntoView {
    let complete = move || {
        state
            .progress
            .with(|all| progress::of(all, lesson.id).is_some_and(|p| p.is_complete()))
    };
    let steps = lesson
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| view! { <StepItem state lesson=lesson.id step number=index + 1 /> })
        .collect_view();

    view! {
        <div class="lesson" data-testid="lesson-steps" data-complete=move || complete().to_string()>
            <h3>{lesson.title}</h3>
            <p class="lesson-summary">{lesson.summary}</p>
            <ol class="steps">{steps}</ol>
            <p class="lesson-status" role="status">
                {move || complete().then(|| view! {
                    <span class="lesson-complete" data-testid="lesson-complete">
                        <strong>"✓ Lesson complete."</strong>
                        " Every step is done: try another lesson, or keep exploring."
                    </span>
                })}
            </p>
        </div>
    }
}

#[component]
fn StepItem(
    state: AppState,
    lesson: &'static str,
    step: &'static Step,
    number: usize,
) -> impl IntoView {
    let done = move || {
        state
            .progress
            .with(|all| progress::step_done(all, lesson, step.id))
    };
    let mark = move || {
        if done() {
            "✓".to_owned()
        } else {
            number.to_string()
        }
    };

    view! {
        <li class="step" class:done=done data-testid=format!("step-{}", step.id)
            data-done=move || done().to_string()>
            <span class="step-mark" aria-hidden="true">{mark}</span>
            <div class="step-body">
                <p class="step-task">
                    {step.task}
                    <span class="sr-only">{move || if done() { " (done)" } else { "" }}</span>
                </p>
                {move || done().then(|| view! { <p class="step-lesson">{step.lesson}</p> })}
                <button type="button" class="try-it" data-testid=format!("try-{}", step.id)
                    aria-label=format!("Try it: {}", step.task)
                    on:click=move |_| try_step(state, step)>"Try it"</button>
            </div>
        </li>
    }
}
