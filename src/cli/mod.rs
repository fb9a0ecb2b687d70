//! The subcommands' entry points: each reads its settings, runs, and turns the outcome into an
//! exit code.

pub mod call;
pub mod check;
pub mod demo;
pub mod health;
pub mod parse;
pub mod run;
pub mod sandbox;
mod stop;
