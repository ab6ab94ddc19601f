//! Test support shared by the tests and the benchmarks (not used by the app).

pub mod corpus;
