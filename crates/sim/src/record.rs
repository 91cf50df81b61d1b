//! What a handled request leaves behind, as data for the UI to draw.
//!
//! The core never prints. Each request produces one [`Exchange`]: the
//! request and response, the route that handled it, every SQL statement it
//! ran with its parameters and outcome, the net row changes per table, one
//! development-server log line, and its simulated start and duration. This
//! is the same information a learner would piece together from Postman, the
//! SQL log and a database browser, gathered in one place.
//!
//! Simplifications: statements are recorded as the service issued them. The
//! change tracker's own bookkeeping statements are left out, because they
//! belong to the lab, not to the service being studied.

use serde::{Deserialize, Serialize};

use crate::clock::{SimDuration, SimTime};
use crate::http::{Request, Response};
use crate::Value;

/// The web framework a service imitates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Framework {
    /// Django with Django REST Framework.
    Django,
    /// Flask with SQLAlchemy Core.
    Flask,
}

impl Framework {
    /// The framework's name as learners know it.
    pub fn label(self) -> &'static str {
        match self {
            Framework::Django => "Django REST Framework",
            Framework::Flask => "Flask",
        }
    }
}

/// How a statement ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StatementOutcome {
    /// A query returned this many rows.
    Returned { rows: u64 },
    /// A write changed this many rows.
    Changed { rows: u64 },
    /// A statement with no row count: DDL, `BEGIN`, `COMMIT`, a pragma.
    Done,
    /// SQLite refused the statement with this message.
    Failed { message: String },
}

/// One SQL statement as the service ran it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementRecord {
    /// The SQL text, with `?` placeholders.
    pub sql: String,
    /// The bound parameters, in placeholder order.
    pub params: Vec<Value>,
    /// What happened.
    pub outcome: StatementOutcome,
    /// Its simulated duration.
    pub duration: SimDuration,
}

/// The net effect of one request on one row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowChange {
    /// A row that did not exist before the request.
    Inserted { after: Vec<Value> },
    /// A row whose values changed; both images hold every column.
    Updated {
        before: Vec<Value>,
        after: Vec<Value>,
    },
    /// A row that no longer exists.
    Deleted { before: Vec<Value> },
}

/// The net changes a request made to one table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TableChanges {
    /// The table's name.
    pub table: String,
    /// Its columns, in the order the row images use.
    pub columns: Vec<String>,
    /// One entry per changed row, in the order rows were first touched.
    pub rows: Vec<RowChange>,
}

/// The route that handled a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteMatch {
    /// The pattern as written in the service (`api/products/<int:pk>/`).
    pub pattern: String,
    /// The view or endpoint name.
    pub name: String,
    /// Captured path parameters, as text.
    pub params: Vec<(String, String)>,
}

/// Everything one request did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    /// A sequence number, unique within a lab.
    pub id: u64,
    /// The service that received the request.
    pub service: String,
    /// The framework that service imitates.
    pub framework: Framework,
    /// The route that handled it, or `None` when nothing matched.
    pub route: Option<RouteMatch>,
    /// The request as sent.
    pub request: Request,
    /// The response as returned.
    pub response: Response,
    /// Every statement the service ran, in order.
    pub statements: Vec<StatementRecord>,
    /// Net row changes, per table, in the order tables were first touched.
    pub changes: Vec<TableChanges>,
    /// The development server's log line for this request.
    pub log_line: String,
    /// When the request arrived, on the simulated clock.
    pub started_at: SimTime,
    /// How long it took, by the cost model.
    pub duration: SimDuration,
}

impl Exchange {
    /// Whether the request changed any row.
    pub fn changed_rows(&self) -> bool {
        self.changes.iter().any(|t| !t.rows.is_empty())
    }
}

/// What one service did while starting: its migrations and its log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Boot {
    /// The service's name.
    pub service: String,
    /// Statements run by its migrations and seeding.
    pub statements: Vec<StatementRecord>,
    /// What its management command or server printed.
    pub log: Vec<String>,
}
