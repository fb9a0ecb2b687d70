//! Every REST method the sandbox answers, dispatched by name.
