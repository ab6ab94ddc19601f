//! Test support shared by the tests and the benchmarks (not used by the app).

pub mod accuracy;
pub mod bulk;
pub mod corpus;
