//! Settings carried by several canonical JSON files merge field by field; a field two files give
//! differently is refused naming both files and the field.

use spi_wasm::Dataset;

#[test]
fn settings_of_several_files_merge_field_by_field() {
    let mut sources = Dataset::builder();
    sources.add(Some("a.json"), br#"{"settings": {"currency": "EUR", "weekStart": "sunday"}}"#, None).unwrap();
    sources.add(Some("b.json"), br#"{"settings": {"timeZone": "+02:00", "currency": "EUR"}, "deals": [{"id": "d", "createdAt": "2026-01-01T00:00"}]}"#, None).unwrap();
    let d = sources.finish().unwrap();
    let s = &d.store().settings;
    assert_eq!((s.currency.as_str(), s.calendar.week_start, s.calendar.zone.offset_at(0)), ("EUR", 6, 7_200_000));
    // Local midnight at +02:00 is 22:00 UTC the day before.
    assert_eq!(spi_wasm::time::format_instant(d.store().deals[0].created), "2025-12-31T22:00:00Z");
}

#[test]
fn a_setting_two_files_give_differently_is_refused_naming_both() {
    let mut sources = Dataset::builder();
    sources.add(Some("a.json"), br#"{"settings": {"currency": "EUR"}}"#, None).unwrap();
    let e = sources.add(Some("b.json"), br#"{"settings": {"currency": "USD"}}"#, None).err().expect("refused");
    assert_eq!((e.code(), e.path()), ("conflicting_settings", "settings.currency"));
    assert_eq!(e.message(), "\"EUR\" in \"a.json\" and \"USD\" in \"b.json\": give it once, or the same value in every file");
    // Unnamed sources are numbered.
    let mut sources = Dataset::builder();
    sources.json(br#"{"settings": {"fiscalYearStartMonth": 2}}"#).unwrap();
    let e = sources.json(br#"{"settings": {"fiscalYearStartMonth": 4}}"#).err().expect("refused");
    assert_eq!((e.path(), e.message()), ("settings.fiscalYearStartMonth", "2 in source 1 and 4 in source 2: give it once, or the same value in every file"));
}
