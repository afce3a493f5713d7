//! Support shared by the tests and benchmarks in this package; the tests themselves live in
//! `tests/tests/`, the benchmarks in `tests/benches/`. This library also compiles the
//! README's code blocks as doctests, so its usage example cannot rot.
#![doc = include_str!("../../README.md")]

pub mod keep_alive;
