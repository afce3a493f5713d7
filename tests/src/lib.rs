//! Tests of the generator and the generated client live in `tests/tests/`. This library
//! only compiles the README's code blocks as doctests, so its usage example cannot rot.
#![doc = include_str!("../../README.md")]
