//! The lab: two services, one shared database, one clock.
//!
//! [`Lab`] is what the UI and the tests drive. It starts each service (which
//! creates and seeds its tables), routes each request to the named service
//! through that service's framework, and returns an [`Exchange`] describing
//! everything the request did. It keeps nothing of past requests: holding
//! history is the caller's choice, so a lab that handles a million requests
//! uses the memory of one.
//!
//! Simplifications: services are called directly, in turn. There is no
//! network between client and service and no concurrency, so there are no
//! timeouts or interleavings to see yet; later labs add both on the clock.

use serde::Serialize;
use thiserror::Error;

use crate::catalog::Catalog;
use crate::changes::{ident, ChangeTracker};
use crate::clock::{Clock, CostModel, SimDuration};
use crate::http::Request;
use crate::orders::Orders;
use crate::record::{Boot, Exchange, Framework};
use crate::routing::Route;
use crate::service::{Example, Service};
use crate::session::{first_keyword, Session};
use crate::{django, flask, Database, DbError, Rows, Value};

/// Why the lab itself could not do what was asked. A request that a service
/// refuses is not an error: it is an [`Exchange`] with a 4xx or 5xx status.
#[derive(Debug, Error)]
pub enum LabError {
    /// No service has that name.
    #[error("there is no service called {0:?}")]
    UnknownService(String),
    /// The database failed outside any request: while starting, resetting
    /// or tracking changes.
    #[error("database error: {0}")]
    Database(#[from] DbError),
}

/// Settings for a lab.
#[derive(Clone, Debug, Default)]
pub struct LabConfig {
    /// How long simulated work takes.
    pub costs: CostModel,
}

/// A description of one service, for the UI.
#[derive(Clone, Debug, Serialize)]
pub struct ServiceInfo {
    /// Name and host name.
    pub name: &'static str,
    /// The framework it imitates.
    pub framework: Framework,
    /// Where its development server listens.
    pub host: &'static str,
    /// Its routes, in matching order.
    pub routes: &'static [Route],
    /// Ready-made requests.
    pub examples: Vec<Example>,
}

/// The result of a statement typed into the SQL console.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsoleResult {
    /// Rows, if the statement returned any columns.
    pub rows: Rows,
    /// Net row changes it made.
    pub changes: Vec<crate::TableChanges>,
}

/// Two services sharing one database.
pub struct Lab {
    db: Box<dyn Database>,
    config: LabConfig,
    clock: Clock,
    services: Vec<Box<dyn Service>>,
    tracker: ChangeTracker,
    next_id: u64,
}

impl Lab {
    /// Starts the lab on `db`: each service migrates, and seeds its tables
    /// if they are empty. Returns the lab and what each service did.
    pub fn open(db: Box<dyn Database>, config: LabConfig) -> Result<(Lab, Vec<Boot>), LabError> {
        let mut lab = Lab {
            db,
            config,
            clock: Clock::new(),
            services: vec![Box::new(Catalog), Box::new(Orders)],
            tracker: ChangeTracker::new(),
            next_id: 1,
        };
        let boots = lab.boot()?;
        Ok((lab, boots))
    }

    /// Stops the lab and hands back its database, for example to start a new
    /// lab on the same data.
    pub fn into_database(self) -> Box<dyn Database> {
        self.db
    }

    /// The services, for menus and route lists.
    pub fn services(&self) -> Vec<ServiceInfo> {
        self.services
            .iter()
            .map(|s| ServiceInfo {
                name: s.name(),
                framework: s.framework(),
                host: s.host(),
                routes: s.routes(),
                examples: s.examples(),
            })
            .collect()
    }

    /// The simulated clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The shared database, for inspection.
    pub fn db(&mut self) -> &mut dyn Database {
        self.db.as_mut()
    }

    /// Sends `request` to the service called `service`.
    pub fn send(&mut self, service: &str, request: Request) -> Result<Exchange, LabError> {
        let index = self
            .services
            .iter()
            .position(|s| s.name() == service)
            .ok_or_else(|| LabError::UnknownService(service.to_owned()))?;
        self.tracker.arm(self.db.as_mut())?;

        let started_at = self.clock.now();
        let stamp = self.clock.log_stamp();
        let service = self.services[index].as_ref();
        let mut session =
            Session::new(self.db.as_mut(), &self.config.costs, self.clock.sql_stamp());
        // Each framework routes, answers and logs in its own way; the costs
        // of its request cycle differ too.
        let (response, route, log_line, overhead) = match service.framework() {
            Framework::Django => {
                let (response, route) = django::dispatch(service, &mut session, &request);
                let log_line = django::log_line(&stamp, &request, &response);
                (response, route, log_line, self.config.costs.django_request)
            }
            Framework::Flask => {
                let (response, route) = flask::dispatch(service, &mut session, &request);
                let log_line = flask::log_line(&stamp, &request, &response);
                (response, route, log_line, self.config.costs.flask_request)
            }
        };
        let statements = session.into_statements();
        let duration = overhead + statements.iter().map(|s| s.duration).sum::<SimDuration>();
        let changes = self.tracker.collect(self.db.as_mut())?;
        self.clock.advance(duration);

        let id = self.next_id;
        self.next_id += 1;
        Ok(Exchange {
            id,
            service: service.name().to_owned(),
            framework: service.framework(),
            route,
            request,
            response,
            statements,
            changes,
            log_line,
            started_at,
            duration,
        })
    }

    /// Runs one statement typed by the learner, with the same change
    /// tracking as a request. SQLite's error, if any, is returned as is.
    pub fn console(&mut self, sql: &str) -> Result<ConsoleResult, DbError> {
        // A schema change fires no row triggers, and the triggers would stand
        // in the way of one that drops or renames a column they name.
        let keyword = first_keyword(sql);
        if ["ALTER", "DROP", "CREATE"]
            .iter()
            .any(|k| keyword.eq_ignore_ascii_case(k))
        {
            self.tracker.disarm(self.db.as_mut())?;
            let rows = self.db.query(sql, &[])?;
            return Ok(ConsoleResult {
                rows,
                changes: Vec::new(),
            });
        }
        self.tracker.arm(self.db.as_mut())?;
        let rows = self.db.query(sql, &[])?;
        let changes = self.tracker.collect(self.db.as_mut())?;
        Ok(ConsoleResult { rows, changes })
    }

    /// Drops every table, view and trigger, then starts the services again,
    /// which recreates and reseeds the tables.
    pub fn reset(&mut self) -> Result<Vec<Boot>, LabError> {
        let db = self.db.as_mut();
        let _ = db.execute_batch("ROLLBACK");
        let objects = db.query(
            "SELECT type, name FROM sqlite_master \
             WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite_%'",
            &[],
        )?;
        db.execute_batch("PRAGMA foreign_keys = OFF")?;
        let dropped = drop_all(db, &objects);
        db.execute_batch("PRAGMA foreign_keys = ON")?;
        dropped?;
        self.boot()
    }

    fn boot(&mut self) -> Result<Vec<Boot>, LabError> {
        let mut boots = Vec::new();
        for service in &self.services {
            let mut session =
                Session::new(self.db.as_mut(), &self.config.costs, self.clock.sql_stamp());
            let log = service.migrate(&mut session)?;
            service.seed(&mut session)?;
            let statements = session.into_statements();
            self.clock
                .advance(statements.iter().map(|s| s.duration).sum());
            boots.push(Boot {
                service: service.name().to_owned(),
                statements,
                log,
            });
        }
        Ok(boots)
    }
}

fn drop_all(db: &mut dyn Database, objects: &Rows) -> Result<(), DbError> {
    for row in &objects.rows {
        let (Some(kind), Some(name)) = (
            row.first().and_then(Value::as_str),
            row.get(1).and_then(Value::as_str),
        ) else {
            continue;
        };
        let kind = kind.to_ascii_uppercase();
        db.execute_batch(&format!("DROP {kind} IF EXISTS main.{}", ident(name)))?;
    }
    Ok(())
}
