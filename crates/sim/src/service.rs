//! What every simulated service provides to the lab.

use serde::Serialize;

use crate::http::{Request, Response};
use crate::record::Framework;
use crate::routing::{Params, Route};
use crate::session::{Failure, Session};
use crate::DbError;

/// A ready-made request a learner can load and send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Example {
    /// What the example shows.
    pub title: &'static str,
    /// The method.
    pub method: &'static str,
    /// Path and query.
    pub target: &'static str,
    /// A JSON body, if the request has one.
    pub body: Option<&'static str>,
}

/// A simulated service: its routes, its tables and its handlers.
pub trait Service {
    /// The service's name, which is also its host name (`catalog`).
    fn name(&self) -> &'static str;

    /// The framework it imitates.
    fn framework(&self) -> Framework;

    /// The address its development server listens on, for absolute URLs.
    fn host(&self) -> &'static str;

    /// Its routes, in the order the framework tries them.
    fn routes(&self) -> &'static [Route];

    /// Requests worth trying, at least one per route.
    fn examples(&self) -> Vec<Example>;

    /// Creates the tables it owns, recorded its framework's way, and returns
    /// what the framework prints while doing so.
    fn migrate(&self, session: &mut Session) -> Result<Vec<String>, DbError>;

    /// Loads seed data into empty tables.
    fn seed(&self, session: &mut Session) -> Result<(), DbError>;

    /// Handles a request that matched `route` with a method it allows.
    fn handle(
        &self,
        route: &Route,
        params: &Params,
        session: &mut Session,
        request: &Request,
    ) -> Result<Response, Failure>;
}
