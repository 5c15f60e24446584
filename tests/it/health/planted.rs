//! Generated datasets with planted problems surface exactly those problems; clean ones surface none.

mod health_gen;
use health_gen::{dataset, generate, Plan};
use spi_wasm::health::{ActionKind, Direction, HealthCheck};
use spi_wasm::indicators::Collection;
use spi_wasm::{Query, Report};

fn failing(r: &Report) -> Vec<&HealthCheck> {
    r.health.iter().filter(|c| !c.passed).collect()
}

fn check<'r>(r: &'r Report, id: &str, table: Collection) -> &'r HealthCheck {
    r.health.iter().find(|c| c.id == id && c.collection == table).unwrap_or_else(|| panic!("no check {id}"))
}

fn first_20(ids: &[String]) -> Vec<String> {
    ids.iter().take(20).cloned().collect()
}

const PLANTED: Plan = Plan { stalled: 12, halving_rep: Some(3), duplicate_share: 0.03, chf_deals: 7, last_week_collapse: false };

#[test]
fn planted_problems_surface_with_their_counts_and_ids() {
    let (data, planted) = generate(5, &PLANTED);
    let originals = data["deals"].as_array().unwrap().len() - planted.duplicated.len();
    let r = dataset(&data).report(&Query::default()).unwrap();
    let mut ids: Vec<(&str, Collection, u64)> = failing(&r).iter().map(|c| (c.id, c.collection, c.count)).collect();
    ids.sort_by_key(|c| c.0);
    let copies = (0.03 * originals as f64).round() as u64;
    assert_eq!(
        ids,
        [
            ("currency_without_rate", Collection::Deals, 7),
            ("duplicate_ids", Collection::Deals, copies),
            ("no_recent_activity", Collection::Deals, 12),
            ("past_expected_close", Collection::Deals, 12),
        ]
    );
    assert_eq!(check(&r, "duplicate_ids", Collection::Deals).examples, first_20(&planted.duplicated));
    assert_eq!(check(&r, "currency_without_rate", Collection::Deals).examples, planted.chf);
    assert!(check(&r, "currency_without_rate", Collection::Deals).action.contains("CHF"));
    let quiet = check(&r, "no_recent_activity", Collection::Deals);
    assert_eq!(quiet.examples, planted.stalled);
    assert!(quiet.explanation.contains("12 of them in stage proposal"), "{}", quiet.explanation);
    assert!(quiet.action.contains("stalling in proposal"));
    assert_eq!(check(&r, "past_expected_close", Collection::Deals).examples, planted.stalled);
    // 12 stalled deals of 20,000 each are at stake.
    assert_eq!(quiet.impact, 240_000.0);
    // Every failing check is an action carrying its example ids; actions are ranked by impact.
    let checks: Vec<_> = r.actions.iter().filter(|a| a.kind == ActionKind::Check).collect();
    assert_eq!(checks.len(), 4);
    assert!(checks.iter().any(|a| a.check == Some("no_recent_activity") && a.record_ids == planted.stalled));
    assert!(r.actions.windows(2).all(|w| w[0].impact >= w[1].impact));
}

#[test]
fn a_rep_whose_win_rate_halves_is_named_as_the_driver() {
    let (data, _) = generate(5, &PLANTED);
    // The last two weeks against the two before.
    let q = Query::from_json(br#"{"from": "2026-06-15", "to": "2026-06-29"}"#).unwrap();
    let r = dataset(&data).report(&q).unwrap();
    let driver = r.actions.iter().find(|a| a.kind == ActionKind::Driver && a.indicator == Some("win_rate")).expect("a win rate driver");
    assert_eq!((driver.group_key.as_deref(), driver.group.as_deref()), (Some("owner"), Some("rep-3")));
    assert!(driver.message.starts_with("win rate fell"), "{}", driver.message);
    assert!(driver.action.contains("qualification criteria"));
    // Same when the manager groups by owner.
    let q = Query::from_json(br#"{"from": "2026-06-15", "to": "2026-06-29", "groupBy": ["owner"]}"#).unwrap();
    let r = dataset(&data).report(&q).unwrap();
    assert!(r.actions.iter().any(|a| a.kind == ActionKind::Driver && a.group.as_deref() == Some("rep-3")));
    // Without the planted drop no driver names rep-3 for win rate.
    let (clean, _) = generate(5, &Plan { halving_rep: None, ..PLANTED });
    let r = dataset(&clean).report(&Query::from_json(br#"{"from": "2026-06-15", "to": "2026-06-29"}"#).unwrap()).unwrap();
    assert!(!r.actions.iter().any(|a| a.indicator == Some("win_rate") && a.group.as_deref() == Some("rep-3")));
}

#[test]
fn clean_stable_data_has_no_anomaly_and_passes_every_check() {
    for seed in 1..=8 {
        let (data, _) = generate(seed, &Plan::default());
        let r = dataset(&data).report(&Query::default()).unwrap();
        assert!(r.anomalies.is_empty(), "seed {seed}: {:?}", r.anomalies);
        assert!(failing(&r).is_empty(), "seed {seed}: {:?}", failing(&r));
        assert!(!r.actions.iter().any(|a| a.kind == ActionKind::Check || a.kind == ActionKind::Anomaly), "seed {seed}");
        // 13 weekly buckets: the part week from Wednesday 2026-04-01, then 12 complete weeks.
        let win = r.indicators.iter().find(|i| i.id == "win_rate").unwrap();
        assert_eq!(win.series.len(), 13);
    }
}

#[test]
fn a_collapse_in_the_last_week_is_an_anomaly() {
    let (data, _) = generate(3, &Plan { last_week_collapse: true, ..Plan::default() });
    let r = dataset(&data).report(&Query::default()).unwrap();
    let a = r.anomalies.iter().find(|a| a.indicator == "win_rate").expect("win rate anomaly");
    assert_eq!((a.bucket.as_str(), a.direction), ("2026-06-22", Direction::Worse));
    assert!(a.value < a.expected_low && a.change < 0.0 && a.baseline == 8);
    let action = r.actions.iter().find(|x| x.kind == ActionKind::Anomaly && x.indicator == Some("win_rate")).unwrap();
    assert!(action.action.contains("qualification criteria"));
    assert!(action.impact > 0.0 && !action.record_ids.is_empty());
}
