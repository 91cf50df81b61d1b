//! sql.js behind the simulation core's `Database` trait.
