//! Contacts, with the imperfections contact-data indicators exist to measure: e-mails that are
//! malformed or missing, phones missing or junk, titles and seniority sometimes absent, and enrichment
//! that matches about 70% of the time.

use super::calendar::HOUR;
use super::json::JsonOut;
use super::rng::Stream;
use super::vocab::*;
use super::World;

/// What a contact is generated from: the lead or deal that introduced it.
pub struct ContactSeed {
    /// 0-based; the id is `C-<idx + 1>`.
    pub idx: u64,
    pub persona: u8,
    pub account: u64,
    pub created: i64,
}

impl World {
    pub fn write_contact(&self, w: &mut JsonOut, c: &ContactSeed) {
        let mut r = self.rng(Stream::Contact, c.idx);
        let acct = self.account(c.account);
        let (fi, li) = (
            r.below(FIRST_NAMES.len() as u64) as usize,
            r.below(LAST_NAMES.len() as u64) as usize,
        );
        let (first, last, domain) = (
            FIRST_ASCII[fi],
            LAST_ASCII[li],
            COMPANY_STEMS[acct.stem as usize].1,
        );
        w.raw("{\"id\":");
        w.id("C-", c.idx + 1);
        w.key("name");
        w.str(&format!("{} {}", FIRST_NAMES[fi], LAST_NAMES[li]));
        match r.weighted(&[90, 3, 4, 3]) {
            0 => {
                w.key("email");
                w.str(&match r.below(3) {
                    0 => format!("{first}.{last}@{domain}.com"),
                    1 => format!("{}{last}@{domain}.com", first.chars().next().unwrap_or('x')),
                    _ => format!("{first}@{domain}.io"),
                });
            }
            1 => {
                w.key("email");
                w.str(&match r.below(3) {
                    0 => format!("{first}.{last}@{domain}"),
                    1 => format!("{first}.{last}.{domain}.com"),
                    _ => format!("{first} {last}@{domain}.com"),
                });
            }
            2 => w.raw(",\"email\":null"),
            _ => {}
        }
        match r.weighted(&[85, 2, 8, 5]) {
            0 => {
                w.key("phone");
                let cc = REGION_PHONE[acct.region as usize];
                w.str(&format!(
                    "{cc} {} {} {:04}",
                    r.range(200, 999),
                    r.range(200, 999),
                    r.range(0, 9999)
                ));
            }
            1 => {
                w.key("phone");
                w.str("n/a");
            }
            2 => w.raw(",\"phone\":null"),
            _ => {}
        }
        let t = r.weighted(&[70, 20, 10]);
        if r.chance(0.95) {
            w.key("title");
            w.str(TITLES[c.persona as usize][t]);
        }
        if r.chance(0.97) {
            w.key("company");
            w.str(&self.company_name(&acct));
        }
        w.key("seniority");
        if r.chance(0.92) {
            w.str(SENIORITY[c.persona as usize][t]);
        } else {
            w.raw("null");
        }
        w.key("enrichment");
        if r.chance(0.7) {
            w.raw(if r.chance(0.2) {
                "{\"matched\":true,\"sources\":[\"vendor-a\",\"vendor-b\"],\"matchedAt\":"
            } else {
                "{\"matched\":true,\"sources\":[\"vendor-a\"],\"matchedAt\":"
            });
            w.utc((c.created + r.range(HOUR, 48 * HOUR)).min(self.limit - 1));
            w.raw("}}");
        } else {
            w.raw("{\"matched\":false,\"sources\":[],\"matchedAt\":null}}");
        }
    }
}
