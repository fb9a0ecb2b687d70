//! A local Bitrix24-compatible portal: the demo and every test run against it.
//!
//! It is an independent implementation of the server side of the Bitrix24 REST wire format and
//! imports nothing from the REST client (`crate::b24`), so that a misreading of the wire format on
//! one side is caught by the other.

pub mod batch;
pub mod clock;
pub mod error;
pub mod filter;
pub mod inspect;
pub mod limits;
pub mod methods;
pub mod paging;
pub mod params;
pub mod server;
pub mod store;
