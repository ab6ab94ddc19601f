//! Test support (feature `testkit`): the generator with ground truth and its
//! scoring (and generated web pages, [`pages`]), shared by the tests, the benchmarks and the hidden `gen-corpus`
//! subcommand. The app itself is built without it.

pub mod accuracy;
pub mod bulk;
pub mod corpus;
pub mod hard_cases;
pub mod headers;
pub mod pages;
pub mod prose;
pub mod scans;
pub mod wire;
