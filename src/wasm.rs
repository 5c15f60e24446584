//! The WebAssembly boundary: the only file with `#[wasm_bindgen]` items.
//!
//! Every export is "convert in -> call the core -> convert out"; no indicator logic lives here.
//! Dataset objects come in through `serde_wasm_bindgen::Deserializer` (no JSON text round trip);
//! queries and drill requests, small and strict, go through `JSON.stringify` to the reader the CLI
//! uses (serde-wasm-bindgen would ask an object only for the fields it knows, so a misspelled
//! field would pass unseen). JSON text or bytes go straight to the core's `serde_json` reader,
//! after a look at the top-level keys that sends a CRM API response to its preset (as `fromFiles`
//! reads it). Results go out with `Serializer::json_compatible()` so the host sees plain objects
//! and `null`, never `Map` or `undefined`. Every failure becomes a real JS `Error` with `code` and
//! `path` properties, built in one converter, `boundary_error`; the package entry (`js/index.js`)
//! turns it into an `SpiError`.
//!
//! The TypeScript types of the inputs and outputs are hand-written in `wasm_types.d.ts` and
//! attached with `unchecked_param_type` / `unchecked_return_type`, so the generated `.d.ts` has
//! no `any` for the data, the query or the report.

use js_sys::{ArrayBuffer, JsString, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::ingest::mapping::{Mapping, RecordKind};
use crate::ingest::stream::{limits, JsonStream, Limits};
use crate::json_shape::{self, Shape};
use crate::query::read_strict;
use crate::{Dataset, DrillRequest, InputError, Query};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("wasm_types.d.ts");

#[wasm_bindgen]
extern "C" {
    /// An optional query argument: typed as `query?: SpiQuery | null` in the `.d.ts`.
    #[wasm_bindgen(typescript_type = "SpiQuery")]
    pub type QueryArg;

    /// `SpiEngine.fromStream` options: typed as `options?: SpiStreamOptions | null`.
    #[wasm_bindgen(typescript_type = "SpiStreamOptions")]
    pub type StreamOptions;

    /// `SpiEngine.fromFiles` options: typed as `options?: SpiFilesOptions | null`.
    #[wasm_bindgen(typescript_type = "SpiFilesOptions")]
    pub type FilesOptions;
}

// `SpiEngine.fromStream`: the read loop is JS (awaiting `reader.read()`), each chunk goes to the
// loader's `push`. Plain JS in the package (a wasm-bindgen snippet), so no async runtime crate.
#[wasm_bindgen(inline_js = r#"
export async function drain(stream, loader, onProgress, totalBytes) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loader.push(value);
      if (onProgress) onProgress({ bytesRead: loader.bytesRead, totalBytes, recordsRead: loader.recordsRead });
    }
  } catch (e) {
    loader.free();
    reader.cancel().catch(() => {});
    throw e;
  }
  return loader.finish();
}
"#)]
extern "C" {
    fn drain(stream: &JsValue, loader: SpiLoader, on_progress: &JsValue, total_bytes: &JsValue) -> js_sys::Promise;
}

/// Input bytes copied into Wasm memory at a time: a big `Uint8Array` or string never needs its
/// whole size in Wasm memory besides the dataset (see docs/input.md, "Input limits").
const CHUNK: u32 = 8 << 20;

/// Computes a report from the canonical dataset given as plain JS objects.
///
/// `query` defaults to the current fiscal quarter up to `settings.asOf`.
#[wasm_bindgen(js_name = computeReport, unchecked_return_type = "SpiReport")]
pub fn compute_report(
    #[wasm_bindgen(unchecked_param_type = "SpiInput")] data: JsValue,
    query: Option<QueryArg>,
) -> Result<JsValue, JsValue> {
    let dataset = dataset_from_object(data)?;
    report(&dataset, query)
}

/// Computes a report from the canonical dataset given as JSON text (a string) or UTF-8 bytes
/// (a `Uint8Array` or `ArrayBuffer`, e.g. `await file.arrayBuffer()`: no decoding in JS).
#[wasm_bindgen(js_name = computeReportFromJson, unchecked_return_type = "SpiReport")]
pub fn compute_report_from_json(
    #[wasm_bindgen(unchecked_param_type = "SpiJsonInput")] input: JsValue,
    query: Option<QueryArg>,
) -> Result<JsValue, JsValue> {
    let dataset = dataset_from_json(&input)?;
    report(&dataset, query)
}

/// A dataset ingested once and queried many times: load it, then call `report` for every filter
/// change without re-reading the data. Call `free()` (or use `using`) to release its memory.
#[wasm_bindgen]
pub struct SpiEngine {
    dataset: Dataset,
}

#[wasm_bindgen]
impl SpiEngine {
    /// Loads the dataset from JSON text or UTF-8 bytes (read 8 MB at a time, so the whole text
    /// is never copied into Wasm memory).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "SpiJsonInput")] input: JsValue,
    ) -> Result<SpiEngine, JsValue> {
        Ok(SpiEngine {
            dataset: dataset_from_json(&input)?,
        })
    }

    /// A loader for canonical JSON that arrives in chunks (`file.stream()`, a `fetch` body): `push`
    /// each `Uint8Array`, then `finish()` gives the engine. `totalBytes`, when known, refuses an
    /// input over the size limit before any of it is read.
    pub fn loader(#[wasm_bindgen(js_name = totalBytes)] total_bytes: Option<f64>) -> Result<SpiLoader, JsValue> {
        let mut stream = JsonStream::new();
        if let Some(total) = total_bytes {
            stream.expect_total(total as u64).map_err(input_error)?;
        }
        Ok(SpiLoader { stream, scratch: Vec::new(), head: Some(Vec::new()), looked_at: 0 })
    }

    /// Loads canonical JSON from a `ReadableStream` of bytes (`file.stream()`, `response.body`)
    /// through a [`SpiLoader`]; `options.onProgress` is called after each chunk.
    #[wasm_bindgen(js_name = fromStream, unchecked_return_type = "Promise<SpiEngine>")]
    pub fn from_stream(
        #[wasm_bindgen(unchecked_param_type = "ReadableStream<Uint8Array>")] stream: JsValue,
        options: Option<StreamOptions>,
    ) -> Result<js_sys::Promise, JsValue> {
        let options = options.map(JsValue::from);
        let option = |name: &str| match &options {
            Some(o) if o.is_object() => Reflect::get(o, &name.into()),
            _ => Ok(JsValue::UNDEFINED),
        };
        let total = option("totalBytes")?;
        // Refusals (an input over the size limit) reject the promise, as read errors do.
        match SpiEngine::loader(total.as_f64()) {
            Ok(loader) => Ok(drain(&stream, loader, &option("onProgress")?, &total)),
            Err(error) => Ok(js_sys::Promise::reject(&error)),
        }
    }

    /// Loads one dataset from several files, as `spi report --data ...` does: CSV exports, CRM API
    /// responses and canonical JSON (settings, fx, stages or records). Each file's `mapping` is a
    /// preset name or a mapping object (or its JSON text); without one, the preset is detected.
    /// `options.settings` (the user's choice, as the CLI's `--settings`) wins over the settings
    /// found in the files, field by field.
    #[wasm_bindgen(js_name = fromFiles)]
    pub fn from_files(
        #[wasm_bindgen(unchecked_param_type = "SpiFile[]")] files: js_sys::Array,
        options: Option<FilesOptions>,
    ) -> Result<SpiEngine, JsValue> {
        let mut sources = Dataset::builder();
        if let Some(settings) = files_settings(options.map(JsValue::from))? {
            sources.override_settings(settings);
        }
        for (i, file) in files.iter().enumerate() {
            let name = Reflect::get(&file, &"name".into())?.as_string();
            let at =
                |e: InputError| file_error(e, name.as_deref().unwrap_or(&format!("files[{i}]")));
            let bytes = input_bytes(
                &Reflect::get(&file, &"data".into())?,
                &format!("files[{i}].data"),
            )?;
            let mapping = mapping_text(&Reflect::get(&file, &"mapping".into())?)?
                .map(|text| Mapping::parse(&text))
                .transpose()
                .map_err(&at)?;
            sources
                .add(name.as_deref(), &bytes, mapping.as_ref())
                .map_err(&at)?;
        }
        Ok(SpiEngine {
            dataset: sources.finish().map_err(input_error)?,
        })
    }

    /// Loads the dataset from plain JS objects in the canonical schema.
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "SpiInput")] data: JsValue,
    ) -> Result<SpiEngine, JsValue> {
        Ok(SpiEngine {
            dataset: dataset_from_object(data)?,
        })
    }

    /// Computes a report over the loaded dataset.
    #[wasm_bindgen(unchecked_return_type = "SpiReport")]
    pub fn report(&self, query: Option<QueryArg>) -> Result<JsValue, JsValue> {
        report(&self.dataset, query)
    }

    /// Counts, date range, owners, segments and warnings of the loaded dataset.
    #[wasm_bindgen(unchecked_return_type = "SpiSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.dataset.summary())
    }

    /// The record ids behind one number of the report that `query` gives.
    #[wasm_bindgen(unchecked_return_type = "SpiDrill")]
    pub fn drill(
        &self,
        query: Option<QueryArg>,
        #[wasm_bindgen(unchecked_param_type = "SpiDrillRequest")] request: JsValue,
    ) -> Result<JsValue, JsValue> {
        let query = query_from(query)?;
        let text = json_text(&request, "invalid_drill_request", "a drill request object")?;
        let request: DrillRequest = read_strict(text.as_bytes(), "invalid_drill_request").map_err(input_error)?;
        to_js(&self.dataset.drill(&query, &request).map_err(input_error)?)
    }
}

/// Canonical JSON read chunk by chunk (from `SpiEngine.loader()`): only the record cut by a
/// chunk's end is kept between chunks, so a file needs the memory of its records, not of its text.
#[wasm_bindgen]
pub struct SpiLoader {
    stream: JsonStream,
    /// Reused for copying chunks into Wasm memory.
    scratch: Vec<u8>,
    /// The input so far, held until [`json_shape`] tells canonical JSON (then streamed: `None`
    /// from there on) from a CRM API response (then read whole by `finish`, as `fromFiles` reads it).
    head: Option<Vec<u8>>,
    /// The length of `head` when its shape was last asked: asked again once it doubles, so the
    /// looking costs at most twice the bytes held.
    looked_at: usize,
}

#[wasm_bindgen]
impl SpiLoader {
    /// Reads the next chunk of the file. After an error the loader refuses every call.
    pub fn push(&mut self, #[wasm_bindgen(unchecked_param_type = "Uint8Array")] chunk: JsValue) -> Result<(), JsValue> {
        let Some(bytes) = chunk.dyn_ref::<Uint8Array>() else {
            return Err(boundary_error("invalid_argument", "chunk", "expected a Uint8Array"));
        };
        let Some(head) = &mut self.head else {
            return push_bytes(&mut self.stream, bytes, &mut self.scratch);
        };
        append(head, bytes)?;
        if head.len() < self.looked_at.saturating_mul(2) {
            return Ok(());
        }
        self.looked_at = head.len();
        match json_shape::of(head, false) {
            Shape::Canonical => {
                let head = self.head.take().unwrap_or_default();
                self.stream.push(&head).map_err(input_error)
            }
            // Read whole at `finish`: never look again.
            Shape::Api => {
                self.looked_at = usize::MAX;
                Ok(())
            }
            Shape::Undecided => Ok(()),
        }
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        (self.stream.progress().bytes + self.head.as_ref().map_or(0, Vec::len) as u64) as f64
    }

    /// Records (deals, leads, activities, contacts, quotas, forecasts) read so far.
    #[wasm_bindgen(getter, js_name = recordsRead)]
    pub fn records_read(&self) -> f64 {
        self.stream.progress().records as f64
    }

    /// Ends the input: the engine over the dataset read (the loader is consumed).
    pub fn finish(self) -> Result<SpiEngine, JsValue> {
        if let Some(head) = self.head {
            return Ok(SpiEngine { dataset: Dataset::from_json(&head).map_err(input_error)? });
        }
        let store = self.stream.finish().map_err(input_error)?;
        Ok(SpiEngine { dataset: Dataset::from_store(store) })
    }
}

/// Benchmark floor only (`npm run bench`), not part of the API: copies the input into Wasm memory
/// as `SpiEngine.fromJson` does, then parses it with serde_json into `IgnoredAny` (validates the
/// JSON, keeps nothing). The cost of reading the bytes at all; returns the byte count.
/// Compiled only with the cargo feature `bench` (`SPI_BENCH=1 scripts/build.sh`), so the published
/// module does not export it.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = parseFloor)]
pub fn parse_floor(
    #[wasm_bindgen(unchecked_param_type = "SpiJsonInput")] input: JsValue,
) -> Result<usize, JsValue> {
    let bytes = input_bytes(&input, "input")?;
    serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)
        .map_err(|e| boundary_error("invalid_json", "", &e.to_string()))?;
    Ok(bytes.len())
}

/// The canonical fields a mapping may name, by record kind (`{deals: ["id", ...], ...}`), read
/// from the core so that the page's column mapper offers exactly what a mapping accepts.
#[wasm_bindgen(js_name = mappingFields, unchecked_return_type = "Record<string, string[]>")]
pub fn mapping_fields() -> Result<JsValue, JsValue> {
    // An object built field by field: a `BTreeMap` collected here would pull in its sort.
    let kinds = js_sys::Object::new();
    for kind in every_kind() {
        Reflect::set(&kinds, &kind.name().into(), &to_js(&kind.fields())?)?;
    }
    Ok(kinds.into())
}

/// The `settings` of `fromFiles` options, read as strictly as settings are everywhere: an
/// unknown option or setting is `invalid_value` at its path (`options.x`, `settings.asof`).
fn files_settings(options: Option<JsValue>) -> Result<Option<crate::model::Settings>, JsValue> {
    let Some(options) = options.filter(|o| !o.is_null() && !o.is_undefined()) else { return Ok(None) };
    if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(boundary_error("invalid_value", "options", "expected an object such as {settings: {timeZone: \"America/New_York\"}}"));
    }
    for key in js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
        if key != "settings" {
            return Err(boundary_error("invalid_value", &format!("options.{key}"), &format!("options.{key}: unknown option: expected settings")));
        }
    }
    let settings = Reflect::get(&options, &"settings".into())?;
    if settings.is_null() || settings.is_undefined() {
        return Ok(None);
    }
    if !settings.is_object() || js_sys::Array::is_array(&settings) {
        return Err(boundary_error("invalid_value", "settings", "settings: expected an object such as {timeZone: \"America/New_York\"}"));
    }
    let text = json_text(&settings, "invalid_value", "settings as an object")?;
    crate::ingest::settings::parse(text.as_bytes()).map(Some).map_err(input_error)
}

fn every_kind() -> [RecordKind; 7] {
    RecordKind::ALL
}

fn report(dataset: &Dataset, query: Option<QueryArg>) -> Result<JsValue, JsValue> {
    #[cfg(feature = "test-fault")]
    fault_on_request(query.as_ref());
    to_js(&dataset.report(&query_from(query)?).map_err(input_error)?)
}

fn dataset_from_object(data: JsValue) -> Result<Dataset, JsValue> {
    // serde-wasm-bindgen reads an array as an object with keys "0", "1"... and fails on other
    // non-objects with a bare "Reflect.get called on non-object": say what is expected instead.
    if !data.is_object() || js_sys::Array::is_array(&data) {
        let got = if data.is_null() {
            "null".to_string()
        } else if js_sys::Array::is_array(&data) {
            "an array".to_string()
        } else {
            format!("a value of type {}", data.js_typeof().as_string().unwrap_or_default())
        };
        let message = format!("expected an object with deals, leads, activities, contacts, quotas, forecasts, stages, fx or settings, got {got}");
        return Err(boundary_error("invalid_value", "", &message));
    }
    // A CRM API response given as an object (`await response.json()`): read as its JSON text is.
    let keys: Vec<String> = js_sys::Object::keys(data.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()).collect();
    if json_shape::of_keys(&keys) == Shape::Api {
        let text = json_text(&data, "invalid_value", "an API response")?;
        return Dataset::from_json(text.as_bytes()).map_err(input_error);
    }
    let settings = Reflect::get(&data, &"settings".into())?;
    let dataset = Dataset::from_deserializer(serde_wasm_bindgen::Deserializer::from(data)).map_err(object_error)?;
    check_settings(&settings)?;
    Ok(dataset)
}

/// Settings are strict (a misspelled `asof` would move "now" and every figure), but
/// serde-wasm-bindgen asks an object only for the fields its type names: the `settings` object is
/// read once more, as JSON text, by the reader JSON input gets, so that an unknown setting is the
/// same error (`settings.asof`) from objects as from text. Settings are a handful of fields.
fn check_settings(settings: &JsValue) -> Result<(), JsValue> {
    if settings.is_null() || settings.is_undefined() {
        return Ok(());
    }
    let text = json_text(settings, "invalid_value", "settings as an object")?;
    Dataset::from_json(format!("{{\"settings\": {text}}}").as_bytes()).map(drop).map_err(input_error)
}

/// An error read off JS objects: serde-wasm-bindgen's messages are a JS `Error` written out
/// (`Error: expected a number`); the `Error: ` goes, so the message reads as the JSON reader's.
fn object_error(error: InputError) -> JsValue {
    let message = error.message().strip_prefix("Error: ").unwrap_or(error.message());
    let text = if error.path().is_empty() { message.to_string() } else { format!("{}: {message}", error.path()) };
    boundary_error(error.code(), error.path(), &text)
}

/// Bytes looked at to tell a canonical document from a CRM API response ([`json_shape`]): a
/// canonical document names its first collection within them; when it does not, the input is
/// read whole (API responses are pages of a few hundred records).
const HEAD: u32 = 64 << 10;

/// Canonical JSON (streamed in [`CHUNK`] pieces) or a CRM API response (read whole, by its API
/// preset, as `fromFiles` reads it) from a string, `Uint8Array` or `ArrayBuffer`.
fn dataset_from_json(input: &JsValue) -> Result<Dataset, JsValue> {
    let bytes = match input.dyn_ref::<ArrayBuffer>() {
        Some(buffer) => Some(Uint8Array::new(buffer)),
        None => input.dyn_ref::<Uint8Array>().cloned(),
    };
    let text = input.dyn_ref::<JsString>();
    let (head, len) = match (&bytes, text) {
        (Some(bytes), _) => (bytes.subarray(0, HEAD.min(bytes.length())).to_vec(), bytes.length()),
        (None, Some(text)) => (String::from(text.slice(0, HEAD.min(text.length()))).into_bytes(), text.length()),
        (None, None) => {
            return Err(boundary_error("invalid_argument", "input", "expected text as a string, a Uint8Array or an ArrayBuffer"))
        }
    };
    if json_shape::of(&head, len <= HEAD) != Shape::Canonical {
        return Dataset::from_json(&input_bytes(input, "input")?).map_err(input_error);
    }
    let mut stream = JsonStream::new();
    let mut scratch = Vec::new();
    if let Some(bytes) = bytes {
        stream.expect_total(u64::from(bytes.length())).map_err(input_error)?;
        push_bytes(&mut stream, &bytes, &mut scratch)?;
    } else if let Some(text) = text {
        push_text(&mut stream, text)?;
    }
    drop(scratch);
    stream.finish().map(Dataset::from_store).map_err(input_error)
}

/// Appends a chunk to the bytes a loader holds, refused (not a trap) past the input size limit or
/// when memory runs out.
fn append(held: &mut Vec<u8>, bytes: &Uint8Array) -> Result<(), JsValue> {
    let (at, len) = (held.len(), bytes.length() as usize);
    let limit = Limits::default().max_input_bytes;
    if (at + len) as u64 > limit {
        return Err(input_error(limits::input_too_large(limit, limit, false)));
    }
    if held.try_reserve(len).is_err() {
        return Err(input_error(limits::out_of_memory(String::new(), at as u64)));
    }
    held.resize(at + len, 0);
    if let Some(tail) = held.get_mut(at..) {
        bytes.copy_to(tail);
    }
    Ok(())
}

/// Pushes `bytes` into the stream [`CHUNK`] bytes at a time through `scratch`.
fn push_bytes(stream: &mut JsonStream, bytes: &Uint8Array, scratch: &mut Vec<u8>) -> Result<(), JsValue> {
    let len = bytes.length();
    let mut start = 0;
    while start < len {
        let end = start.saturating_add(CHUNK).min(len);
        let part = bytes.subarray(start, end);
        let size = (end - start) as usize;
        if scratch.len() < size && scratch.try_reserve_exact(size - scratch.len()).is_err() {
            return Err(input_error(limits::out_of_memory(String::new(), stream.progress().bytes)));
        }
        scratch.resize(size, 0);
        part.copy_to(scratch);
        stream.push(scratch).map_err(input_error)?;
        start = end;
    }
    Ok(())
}

/// Pushes JS text into the stream, UTF-8 encoded [`CHUNK`] code units at a time (never splitting
/// a surrogate pair).
fn push_text(stream: &mut JsonStream, text: &JsString) -> Result<(), JsValue> {
    let len = text.length();
    stream.size_hint(u64::from(len));
    let mut start = 0;
    while start < len {
        let mut end = start.saturating_add(CHUNK).min(len);
        if end < len && (0xD800..0xDC00).contains(&(text.char_code_at(end - 1) as u32)) {
            end -= 1;
        }
        let part = String::from(text.slice(start, end));
        stream.push(part.as_bytes()).map_err(input_error)?;
        start = end;
    }
    Ok(())
}

/// The query, read by the one strict reader ([`Query::from_json`], the CLI's): a JS object goes
/// through `JSON.stringify` first, a string is taken as JSON text. (serde-wasm-bindgen asks an
/// object only for the fields it knows, so `{cadance: "month"}` would pass unseen.)
fn query_from(query: Option<QueryArg>) -> Result<Query, JsValue> {
    match query {
        Some(q) => Query::from_json(json_text(&q.into(), "invalid_query", "a query object")?.as_bytes()).map_err(input_error),
        None => Ok(Query::default()),
    }
}

/// A small strict input (a query, a drill request) as JSON text: a string as is, anything else
/// through `JSON.stringify`. Values JSON cannot hold (a BigInt, a cycle, a function) are a
/// `code` error, as a wrong field is.
fn json_text(value: &JsValue, code: &'static str, expected: &str) -> Result<String, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    match js_sys::JSON::stringify(value) {
        Ok(text) => text.as_string().ok_or_else(|| boundary_error(code, "", &format!("expected {expected}"))),
        Err(e) => {
            let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
            Err(boundary_error(code, "", &format!("expected {expected} that JSON can hold ({why})")))
        }
    }
}

/// A mapping given as a preset name or JSON text (as is), or as an object (as JSON text).
fn mapping_text(mapping: &JsValue) -> Result<Option<String>, JsValue> {
    if mapping.is_null() || mapping.is_undefined() {
        Ok(None)
    } else if let Some(text) = mapping.as_string() {
        Ok(Some(text))
    } else {
        Ok(js_sys::JSON::stringify(mapping)?.as_string())
    }
}

/// The UTF-8 bytes of a text input, copied once into Wasm memory (an allocation that fails is
/// an `out_of_memory` error, not a trap).
fn input_bytes(input: &JsValue, path: &str) -> Result<Vec<u8>, JsValue> {
    let copy = |bytes: &Uint8Array| {
        let mut out = Vec::new();
        if out.try_reserve_exact(bytes.length() as usize).is_err() {
            return Err(input_error(limits::out_of_memory(path.to_string(), 0)));
        }
        out.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut out);
        Ok(out)
    };
    if let Some(text) = input.as_string() {
        Ok(text.into_bytes())
    } else if let Some(bytes) = input.dyn_ref::<Uint8Array>() {
        copy(bytes)
    } else if let Some(buffer) = input.dyn_ref::<ArrayBuffer>() {
        copy(&Uint8Array::new(buffer))
    } else {
        Err(boundary_error(
            "invalid_argument",
            path,
            "expected text as a string, a Uint8Array or an ArrayBuffer",
        ))
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| boundary_error("internal", "", &e.to_string()))
}

fn input_error(error: InputError) -> JsValue {
    boundary_error(error.code(), error.path(), &error.to_string())
}

/// An input error in one of several files: the error, with the file's name in `file`.
fn file_error(error: InputError, file: &str) -> JsValue {
    let js = boundary_error(error.code(), error.path(), &format!("{file}: {error}"));
    let _ = Reflect::set(&js, &"file".into(), &file.into());
    js
}

/// Installs the panic hook, once per instance (wasm-bindgen runs this when the module starts, and
/// again in each fresh instance the package's `index.js` makes after a fault).
///
/// With `panic = "abort"` a panic would end in an `unreachable` trap, a bare
/// `RuntimeError: unreachable` with no word of what went wrong. The hook instead throws a JS
/// `Error` with `code: "internal"`, the panic's message and place, and `internalFault: true`:
/// the exception unwinds the Wasm frames at once (no destructor runs, so borrows, locks and
/// allocations stay as they were), and `index.js` sees the flag, throws the error on and replaces
/// the instance, whose state can no longer be trusted.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let error = boundary_error("internal", "", &format!("internal error (a bug in spi-wasm, not in the data): {info}"));
        let _ = Reflect::set(&error, &"internalFault".into(), &true.into());
        wasm_bindgen::throw_val(error);
    }));
}

/// Test-only, compiled with the cargo feature `test-fault` (never in the shipped module): a
/// deliberate fault, so that tests can check that it reaches the caller as an `internal` error
/// and that the module works again on the next call. `kind`: `"panic"` (through the hook) or
/// `"trap"` (an abort without a panic, as on running out of memory).
#[cfg(feature = "test-fault")]
#[wasm_bindgen(js_name = __triggerInternalFault)]
#[allow(clippy::panic)]
pub fn trigger_internal_fault(kind: &str) {
    if kind == "trap" {
        std::process::abort();
    }
    panic!("deliberate internal fault ({kind}), from the test-fault feature");
}

/// Test-fault builds only: a query with `"__fault": "panic"` (or `"trap"`) faults inside the
/// report, so that tests reach a fault through callers that only pass queries on (the worker).
#[cfg(feature = "test-fault")]
fn fault_on_request(query: Option<&QueryArg>) {
    let kind = query.and_then(|q| Reflect::get(q, &"__fault".into()).ok()).and_then(|k| k.as_string());
    if let Some(kind) = kind {
        trigger_internal_fault(&kind);
    }
}

/// The one converter from any failure to a JS `Error` with `code` and `path` properties.
fn boundary_error(code: &str, path: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh, extensible Error object cannot fail.
    let _ = Reflect::set(&error, &"code".into(), &code.into());
    let _ = Reflect::set(&error, &"path".into(), &path.into());
    error.into()
}

#[wasm_bindgen]
impl SpiEngine {
    /// This and last fiscal quarter and year, this month, the last 30 and 90 days and this
    /// quarter a year ago, in the dataset's calendar and time zone, at `at` (an ISO date or
    /// date-time; the dataset's `asOf` when omitted). The page's period menu reads these.
    #[wasm_bindgen(js_name = namedPeriods, unchecked_return_type = "SpiNamedPeriod[]")]
    pub fn named_periods(&self, at: Option<String>) -> Result<JsValue, JsValue> {
        let periods = crate::periods::named_periods_at(self.dataset.store(), at.as_deref()).map_err(input_error)?;
        to_js(&periods)
    }
}
