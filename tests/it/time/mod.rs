//! Time: parsing dates, IANA zones, calendars (fiscal, retail 4-5-4), named periods, business
//! hours, and as-of reconstruction.

mod as_of;
mod business_hours;
mod calendar;
mod parse;
mod periods;
mod retail_calendar;
mod zones;
