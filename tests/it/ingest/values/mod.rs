//! Values as exports write them: amounts, dates, epoch numbers, status words.

mod amounts;
mod dates;
mod epoch;
mod status;
