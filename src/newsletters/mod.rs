//! The newsletter, author side: composing, sending now or on schedule, pausing, resuming,
//! cancelling, and the delivery engine behind it (the ledger and the worker's batches).

pub mod control;
pub mod delivery;
pub mod ledger;
pub mod model;
