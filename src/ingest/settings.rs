//! Settings a user gives beside the data (the page's settings panel, the package's
//! `fromFiles(files, {settings})`, the CLI's `--settings FILE`): read as strictly as the
//! `settings` of a canonical file (an unknown key is `invalid_value` at `settings.<key>`), then
//! laid over the files' settings by [`super::DatasetSources::override_settings`], so that an
//! explicit choice wins instead of conflicting.

use crate::error::InputError;
use crate::model::Settings;

/// Reads a settings object from JSON text: `{"timeZone": "America/New_York", ...}`.
pub fn parse(bytes: &[u8]) -> Result<Settings, InputError> {
    read::<Settings>(bytes, "settings")
}

/// Reads a settings file: a settings object, or a canonical document holding only `settings`
/// (`{"settings": {...}}`, as a settings JSON beside a CSV is often written).
pub fn parse_file(bytes: &[u8]) -> Result<Settings, InputError> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wrapped {
        settings: Settings,
    }
    let keys = super::api::top_level_keys(bytes).unwrap_or_default();
    if keys.len() == 1 && keys.first().is_some_and(|k| k == "settings") {
        return read::<Wrapped>(bytes, "").map(|w| w.settings);
    }
    parse(bytes)
}

/// Strict serde read naming the failing key below `prefix` (`settings.asof`).
fn read<T: serde::de::DeserializeOwned>(bytes: &[u8], prefix: &str) -> Result<T, InputError> {
    let bytes = super::strip_bom(bytes);
    <T as serde::Deserialize>::deserialize(&mut serde_json::Deserializer::from_slice(bytes)).map_err(|e| {
        let path = crate::json_path::error_path(bytes, &e);
        // `?` is a key not yet read (broken JSON): the error is at the enclosing object.
        let path = path.trim_end_matches(".?").trim_end_matches('?');
        let path = match (path.is_empty() || path == ".", prefix.is_empty()) {
            (true, true) => "settings".to_string(),
            (true, false) => prefix.to_string(),
            (false, true) => path.to_string(),
            (false, false) => format!("{prefix}.{path}"),
        };
        let message = e.to_string();
        InputError::new("invalid_value", path, message.split(" at line ").next().unwrap_or_default())
    })
}
