//! One integration-test binary; each module tests one part against real loopback servers.

mod sandbox_engine;
mod sandbox_methods;
