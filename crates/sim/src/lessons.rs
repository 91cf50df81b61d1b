//! Guided lessons: short sequences of steps, each done by a request.
//!
//! A lesson turns the lab from a sandbox into an exercise. Each [`Step`]
//! names what to try and a [`Goal`] that a recorded [`Exchange`] either meets
//! or not; [`Progress`] watches exchanges and remembers which steps are done.
//! Because goals are checked against the record, not against clicks, a
//! student may reach them any way they like: an example, a hand-typed
//! request, or a request re-sent from history.
//!
//! Simplifications: goals look at one exchange at a time. A goal such as
//! "see the stock go down and then come back" is written as two steps.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::record::{Exchange, RowChange};

/// Something an exchange can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Goal {
    /// `service` answered a request on route `route` with `method` and
    /// `status`. A `route` of `""` means no route matched.
    Answered {
        service: &'static str,
        method: &'static str,
        route: &'static str,
        status: u16,
    },
    /// A request to `service` changed a row of `table` in the given way.
    Changed {
        service: &'static str,
        table: &'static str,
        kind: ChangeKind,
    },
}

/// The kind of a row change, for goals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ChangeKind {
    Inserted,
    Updated,
    Deleted,
}

impl Goal {
    /// Whether `exchange` meets the goal.
    pub fn met_by(&self, exchange: &Exchange) -> bool {
        match *self {
            Goal::Answered {
                service,
                method,
                route,
                status,
            } => {
                let matched = exchange.route.as_ref().map_or("", |r| r.name.as_str());
                exchange.service == service
                    && exchange.request.method.as_str() == method
                    && matched == route
                    && exchange.response.status == status
            }
            Goal::Changed {
                service,
                table,
                kind,
            } => {
                exchange.service == service
                    && exchange
                        .changes
                        .iter()
                        .filter(|t| t.table == table)
                        .flat_map(|t| &t.rows)
                        .any(|row| kind_of(row) == kind)
            }
        }
    }
}

fn kind_of(row: &RowChange) -> ChangeKind {
    match row {
        RowChange::Inserted { .. } => ChangeKind::Inserted,
        RowChange::Updated { .. } => ChangeKind::Updated,
        RowChange::Deleted { .. } => ChangeKind::Deleted,
    }
}

/// One step of a lesson.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Step {
    /// Stable identifier, saved in progress.
    pub id: &'static str,
    /// What to do, in a sentence.
    pub task: &'static str,
    /// What to notice once it is done.
    pub lesson: &'static str,
    /// The request that does it: service, method, target and body.
    pub try_it: (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    ),
    /// When the step counts as done.
    pub goal: Goal,
}

/// A lesson.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Lesson {
    /// Stable identifier, used in links and saved progress.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// One paragraph on what it teaches.
    pub summary: &'static str,
    /// Its steps, in order.
    pub steps: &'static [Step],
}

/// Which steps of one lesson are done.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The lesson's id.
    pub lesson: String,
    /// Ids of the steps done.
    pub done: BTreeSet<String>,
}

/// What observing an exchange did to progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// Steps newly done, by id.
    pub steps: Vec<&'static str>,
    /// Whether this exchange completed the lesson.
    pub completed_lesson: bool,
}

impl Progress {
    /// No steps done yet in `lesson`.
    pub fn new(lesson: &str) -> Progress {
        Progress {
            lesson: lesson.to_owned(),
            done: BTreeSet::new(),
        }
    }

    /// Marks every step that `exchange` meets as done.
    pub fn observe(&mut self, exchange: &Exchange) -> Observed {
        let Some(lesson) = find(&self.lesson) else {
            return Observed::default();
        };
        let was_complete = self.is_complete();
        let mut observed = Observed::default();
        for step in lesson.steps {
            if !self.done.contains(step.id) && step.goal.met_by(exchange) {
                self.done.insert(step.id.to_owned());
                observed.steps.push(step.id);
            }
        }
        observed.completed_lesson = !was_complete && self.is_complete();
        observed
    }

    /// Whether every step of the lesson is done.
    pub fn is_complete(&self) -> bool {
        find(&self.lesson).is_some_and(|l| l.steps.iter().all(|s| self.done.contains(s.id)))
    }
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// Every lesson, in course order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "shared-database",
        title: "Two services, one database",
        summary: "The catalog and the order service share one SQLite database. \
                  See what that makes easy, and what it couples.",
        steps: &[
            Step {
                id: "browse",
                task: "List the catalog's products.",
                lesson: "The catalog answers from its own table, catalog_product.",
                try_it: ("catalog", "GET", "/api/products/", None),
                goal: Goal::Answered {
                    service: "catalog",
                    method: "GET",
                    route: "product-list",
                    status: 200,
                },
            },
            Step {
                id: "order",
                task: "Place an order through the order service.",
                lesson: "The order service wrote to the catalog's table: stock went down \
                         in catalog_product, in the same transaction as the new order.",
                try_it: (
                    "orders",
                    "POST",
                    "/orders",
                    Some(r#"{"product_id": 1, "quantity": 2}"#),
                ),
                goal: Goal::Changed {
                    service: "orders",
                    table: "catalog_product",
                    kind: ChangeKind::Updated,
                },
            },
            Step {
                id: "oversell",
                task: "Order more than is in stock.",
                lesson: "409, and the transaction rolled back: no row changed anywhere.",
                try_it: (
                    "orders",
                    "POST",
                    "/orders",
                    Some(r#"{"product_id": 4, "quantity": 50}"#),
                ),
                goal: Goal::Answered {
                    service: "orders",
                    method: "POST",
                    route: "list_orders",
                    status: 409,
                },
            },
            Step {
                id: "coupling",
                task: "Delete, through the catalog, a product that has an order.",
                lesson: "The catalog never heard of the orders table, yet its foreign key \
                         stops the delete: Django answers 500. That is the coupling.",
                try_it: ("catalog", "DELETE", "/api/products/1/", None),
                goal: Goal::Answered {
                    service: "catalog",
                    method: "DELETE",
                    route: "product-detail",
                    status: 500,
                },
            },
        ],
    },
    Lesson {
        id: "frameworks",
        title: "How Django and Flask answer",
        summary: "The same mistakes, answered by two frameworks in their own ways.",
        steps: &[
            Step {
                id: "validation",
                task: "Create a product with invalid fields.",
                lesson: "DRF lists every problem, field by field, in one 400.",
                try_it: (
                    "catalog",
                    "POST",
                    "/api/products/",
                    Some(r#"{"sku": "", "price": "1.234"}"#),
                ),
                goal: Goal::Answered {
                    service: "catalog",
                    method: "POST",
                    route: "product-list",
                    status: 400,
                },
            },
            Step {
                id: "append-slash",
                task: "Ask the catalog for /api/products without its slash.",
                lesson: "Django's APPEND_SLASH redirects a GET with 301.",
                try_it: ("catalog", "GET", "/api/products", None),
                goal: Goal::Answered {
                    service: "catalog",
                    method: "GET",
                    route: "",
                    status: 301,
                },
            },
            Step {
                id: "strict-slashes",
                task: "Ask the order service for /orders/ with a slash.",
                lesson: "Werkzeug matches rules exactly: a 404 page in HTML, not JSON.",
                try_it: ("orders", "GET", "/orders/", None),
                goal: Goal::Answered {
                    service: "orders",
                    method: "GET",
                    route: "",
                    status: 404,
                },
            },
            Step {
                id: "wrong-method",
                task: "DELETE /orders, which only allows GET and POST.",
                lesson: "405, with an Allow header listing what would work.",
                try_it: ("orders", "DELETE", "/orders", None),
                goal: Goal::Answered {
                    service: "orders",
                    method: "DELETE",
                    route: "",
                    status: 405,
                },
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lesson_and_step_ids_are_unique() {
        let mut lessons = BTreeSet::new();
        for lesson in LESSONS {
            assert!(lessons.insert(lesson.id), "duplicate lesson {}", lesson.id);
            let mut steps = BTreeSet::new();
            for step in lesson.steps {
                assert!(steps.insert(step.id), "duplicate step {}", step.id);
            }
        }
    }
}
