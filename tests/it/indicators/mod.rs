//! Each indicator family on small datasets worked out by hand, with its variants.

mod activity;
mod aging;
mod data_quality;
mod deals;
mod flow;
mod forecast;
mod funnel;
mod leads;
mod pipeline;
mod pipeline_by_stage;
mod quota;
mod targets;
mod variants;
mod adding_an_indicator;
mod lost_reasons;
mod forecast_plan;
