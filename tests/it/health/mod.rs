//! Data health: each check by hand, planted problems found exactly, and the notes on figures a
//! recording distorts.

mod checks;
mod degenerate_figures;
mod planted;
