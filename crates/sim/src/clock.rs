//! Simulated time: a clock the core advances, and the cost model that says
//! by how much.
//!
//! Nothing in the core reads the wall clock. Each request and each SQL
//! statement is given a duration by [`CostModel`], and the [`Clock`] moves
//! forward by exactly that. The same requests therefore always produce the
//! same timings and the same log timestamps, which makes a recorded session
//! reproducible and lets later labs (brokers, load balancers, caches,
//! serverless cold starts) schedule work on one shared timeline.
//!
//! Simplifications:
//! - The costs are teaching figures, not measurements: they keep real
//!   proportions (a commit costs more than a read, Django's middleware stack
//!   more than Flask's), not real values.
//! - Work never overlaps: one request runs at a time, so there is no queueing
//!   delay yet.

use serde::{Deserialize, Serialize};
use time::macros::{datetime, format_description};
use time::{Duration, PrimitiveDateTime};

/// Microseconds since the lab started.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimTime(pub u64);

/// A span of simulated time, in microseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimDuration(pub u64);

impl SimDuration {
    /// A duration of `n` microseconds.
    pub const fn micros(n: u64) -> SimDuration {
        SimDuration(n)
    }

    /// The duration in milliseconds, for display.
    pub fn as_millis_f64(self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

impl std::ops::Add for SimDuration {
    type Output = SimDuration;

    fn add(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for SimDuration {
    fn sum<I: Iterator<Item = SimDuration>>(iter: I) -> SimDuration {
        iter.fold(SimDuration::default(), |a, b| a + b)
    }
}

/// The calendar moment the simulated timeline starts at: a Monday morning
/// lab session. Log lines show dates from here so they read like real ones.
const EPOCH: PrimitiveDateTime = datetime!(2026-01-12 09:00:00);

/// The lab's one clock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    now: SimTime,
}

impl Clock {
    /// A clock at the start of the timeline.
    pub fn new() -> Clock {
        Clock::default()
    }

    /// The current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Moves the clock forward.
    pub fn advance(&mut self, by: SimDuration) {
        self.now = SimTime(self.now.0.saturating_add(by.0));
    }

    /// A timestamp in the access-log style both development servers use:
    /// `12/Jan/2026 09:00:00`.
    pub fn log_stamp(&self) -> String {
        let format =
            format_description!("[day]/[month repr:short]/[year] [hour]:[minute]:[second]");
        calendar(self.now).format(&format).unwrap_or_default()
    }

    /// A timestamp as SQLite's `datetime()` writes it, for rows that record
    /// when they were made: `2026-01-12 09:00:00.000123`.
    pub fn sql_stamp(&self) -> String {
        let format = format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:6]"
        );
        calendar(self.now).format(&format).unwrap_or_default()
    }
}

fn calendar(at: SimTime) -> PrimitiveDateTime {
    let micros = i64::try_from(at.0).unwrap_or(i64::MAX);
    EPOCH.saturating_add(Duration::microseconds(micros))
}

/// How long simulated work takes.
///
/// A request costs its framework's fixed overhead plus the cost of each
/// statement it runs; a statement costs a base figure plus a little per row
/// it returns or changes; a `COMMIT` costs extra because a real one waits for
/// the disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostModel {
    /// Django's request/response cycle: URL resolution, middleware, DRF's
    /// content negotiation and serializers.
    pub django_request: SimDuration,
    /// Flask's request/response cycle, a thinner stack.
    pub flask_request: SimDuration,
    /// Any statement that reads.
    pub read_statement: SimDuration,
    /// Any statement that writes.
    pub write_statement: SimDuration,
    /// Each row a statement returns or changes.
    pub per_row: SimDuration,
    /// Making a transaction durable.
    pub commit: SimDuration,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            django_request: SimDuration::micros(2_400),
            flask_request: SimDuration::micros(900),
            read_statement: SimDuration::micros(80),
            write_statement: SimDuration::micros(150),
            per_row: SimDuration::micros(6),
            commit: SimDuration::micros(450),
        }
    }
}

impl CostModel {
    /// The cost of one statement that touched `rows` rows.
    pub fn statement(&self, writes: bool, rows: u64) -> SimDuration {
        let base = if writes {
            self.write_statement
        } else {
            self.read_statement
        };
        base + SimDuration(self.per_row.0.saturating_mul(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_follow_the_simulated_clock() {
        let mut clock = Clock::new();
        assert_eq!(clock.log_stamp(), "12/Jan/2026 09:00:00");
        clock.advance(SimDuration::micros(61_500_000));
        assert_eq!(clock.log_stamp(), "12/Jan/2026 09:01:01");
        assert_eq!(clock.sql_stamp(), "2026-01-12 09:01:01.500000");
    }

    #[test]
    fn statements_cost_more_when_they_write_or_touch_more_rows() {
        let costs = CostModel::default();
        assert!(costs.statement(true, 1) > costs.statement(false, 1));
        assert!(costs.statement(false, 100) > costs.statement(false, 1));
    }
}
