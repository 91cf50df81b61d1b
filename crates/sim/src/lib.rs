//! ServiceLab's simulation core.
//!
//! The course demo "two services communicate through a shared database",
//! made exact enough to learn from: a Django REST Framework service
//! ([`catalog`]) and a Flask service ([`orders`]) run on one SQLite database,
//! each answering as its real framework would, and every request is recorded
//! as data ([`Exchange`]) for a UI to draw.
//!
//! The crate has no browser dependency. The [`Database`] trait is the seam:
//! natively it is real SQLite ([`SqliteDatabase`], feature `rusqlite`), and
//! in the browser it is sql.js, both held to the same [`conformance`] suite.
//! Time is simulated ([`clock`]), so the same requests always give the same
//! record.

pub mod archive;
pub mod catalog;
pub mod changes;
pub mod clock;
pub mod conformance;
mod db;
pub mod django;
pub mod flask;
pub mod http;
pub mod image;
mod json;
mod lab;
pub mod lessons;
pub mod orders;
pub mod record;
pub mod routing;
pub mod seed;
pub mod serializer;
pub mod service;
pub mod session;
#[cfg(feature = "rusqlite")]
mod sqlite;
mod value;
pub mod workload;

pub use db::{Database, DbError, Rows};
pub use http::{Headers, Method, Request, Response};
pub use lab::{ConsoleResult, Lab, LabConfig, LabError, ServiceInfo};
pub use record::{
    Boot, Exchange, Framework, RouteMatch, RowChange, StatementOutcome, TableChanges,
};
#[cfg(feature = "rusqlite")]
pub use sqlite::SqliteDatabase;
pub use value::Value;
