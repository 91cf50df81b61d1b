//! Share links: the open lesson and the last few requests, carried in the
//! URL's fragment (which no server ever sees).
//!
//! Opening a link opens its lesson and puts its requests on top of the
//! history, unsent: the learner chooses what to send. The fragment is then
//! removed from the address bar, so reloading does not add the requests a
//! second time.
//!
//! Simplifications: a link never carries the database. Its requests run on
//! whatever database the receiver has, which is the point of sending them.

use leptos::prelude::*;
use servicelab_sim::archive::{SavedRequest, SharedState};
use servicelab_sim::lessons;

use crate::keep::names::{share_link, shared_fragment, without_fragment};
use crate::keep::record::{latest, prepend};
use crate::keep::{browser, changed, Outcome, ShareLink};
use crate::lesson;
use crate::state::AppState;

/// How many of the newest requests a link carries.
pub const SHARED_REQUESTS: usize = 5;

/// Makes a link to the open lesson and the newest requests, and copies it.
/// Where the clipboard is out of reach, the link is shown to copy by hand.
pub async fn copy_link(state: AppState) {
    let (href, _) = browser::location();
    let shared = SharedState {
        lesson: state.lesson.get_untracked(),
        requests: unsent(state.history.with_untracked(|h| latest(h, SHARED_REQUESTS))),
    };
    let url = share_link(&href, &shared.encode());
    let count = shared.requests.len();

    let copied = browser::copy(&url).await;
    let text = match &copied {
        Ok(()) => format!("Share link copied, with {count} request(s)."),
        Err(why) => {
            log::warn!("the share link was not copied: {why}");
            "The browser did not allow copying: copy the link from the box.".to_owned()
        }
    };
    let copied = copied.is_ok();
    state.keep.link.set(Some(ShareLink { url, copied }));
    state.keep.report(Outcome::Done(text));
}

/// Applies a `#share=` fragment in the address bar, if there is one.
pub fn apply_from_location(state: AppState) {
    let (href, hash) = browser::location();
    let Some(encoded) = shared_fragment(&hash) else {
        return;
    };
    match SharedState::decode(encoded) {
        Ok(shared) => apply(state, shared),
        Err(err) => {
            log::warn!("share link refused: {err}");
            state.notice.set(Some(err.to_string()));
        }
    }
    if let Err(why) = browser::replace_url(without_fragment(&href)) {
        log::warn!("the share fragment stays in the address bar: {why}");
    }
}

/// Also applies links opened while the page is open: pasting one into the
/// address bar of the same page changes only the fragment.
pub fn listen(state: AppState) {
    // The handle is never removed: the page listens for its whole life.
    let _ = window_event_listener_untyped("hashchange", move |_| apply_from_location(state));
}

fn apply(state: AppState, shared: SharedState) {
    let opened = shared.lesson.as_deref().and_then(lessons::find);
    if let Some(found) = opened {
        lesson::open(state, found.id);
    }
    let requests = unsent(shared.requests);
    state.history.update(|history| prepend(history, &requests));

    let count = requests.len();
    let opened_text = opened.map_or(String::new(), |l| format!(" opened “{}” and", l.title));
    state.info.set(Some(format!(
        "A shared link{opened_text} added {count} request(s) to the history, not sent yet. \
         Choose one to load it into the builder."
    )));
    changed(state);
}

/// The requests without their statuses: on the receiving side they have
/// not been sent.
fn unsent(mut requests: Vec<SavedRequest>) -> Vec<SavedRequest> {
    for request in &mut requests {
        request.status = None;
    }
    requests
}
