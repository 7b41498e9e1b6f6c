//! Sending a newsletter: the author's send form and controls, the decisions they make on a send,
//! the delivery ledger, the worker's batches, the send followed live, what became of each delivery and what the send did.

pub mod actions;
pub mod control;
pub mod delivery;
pub mod ledger;
pub mod live;
pub mod outcome;
pub mod results;
