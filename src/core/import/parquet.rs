//! Parquet corpora (Dolma, datatrove, Hugging Face datasets, Spark output,
//! corpusdesk's own export): one document per row with a `text` column.
//!
//! Rows are read as JSONL rows are ([`super::table`]): `title`, `date` and
//! `tags` columns are used as such, every other column becomes metadata (a
//! `url` column among them). A `metadata` column holding a JSON object (a
//! string or a struct) is spread into the metadata. A file corpusdesk
//! wrote itself (marked in its file metadata) gives back what it was
//! exported from: its derived columns (`id`, `source`, `source_path`, `added`, `created`,
//! `lang` folded back into metadata, `cluster_id`, `is_keeper`,
//! `duplicate_of`, `split`, `passages`, `entities`) are not metadata.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use bytes::Bytes;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Map, Value};

use super::item::{Parsed, RowError};
use super::table;
use crate::core::model::DateSource;

/// The key of the file metadata that marks corpusdesk's own export (its
/// columns are read back as they were written).
pub const SCHEMA_KEY: &str = "corpusdesk.schema";

/// The magic bytes at both ends of a Parquet file.
pub const MAGIC: &[u8] = b"PAR1";

/// Whether `bytes` look like a Parquet file.
pub fn looks_like_parquet(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && bytes.starts_with(MAGIC)
}

/// Columns a corpusdesk export derives (not metadata when read back).
const DERIVED: [&str; 13] = [
    "id",
    "source",
    "source_path",
    "added",
    "created",
    "date_source",
    "cluster_id",
    "is_keeper",
    "duplicate_of",
    "marked_duplicate",
    "split",
    "passages",
    "entities",
];

/// Rows per batch read (bounds the memory of one step).
const BATCH_ROWS: usize = 512;

/// The documents of a Parquet file's bytes. `limit` bounds what its pages
/// may decompress to. An `Err` is why nothing could be read. A reader that
/// panics on a malformed page means a damaged file.
pub fn parse(
    bytes: Vec<u8>,
    file_name: &str,
    limit: u64,
) -> Result<Vec<Result<Parsed, RowError>>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parse_inner(bytes, file_name, limit)
    }))
    .unwrap_or_else(|_| Err("damaged Parquet file (its data could not be read)".into()))
}

fn parse_inner(
    bytes: Vec<u8>,
    file_name: &str,
    limit: u64,
) -> Result<Vec<Result<Parsed, RowError>>, String> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(Bytes::from(bytes))
        .map_err(|e| format!("damaged Parquet file ({e})"))?;
    let meta = builder.metadata().clone();
    let unpacked: i64 = meta.row_groups().iter().map(|g| g.total_byte_size()).sum();
    if unpacked.max(0) as u64 > limit {
        return Err(format!(
            "a Parquet file whose data unpacks to {} bytes, over the import's limit of {} bytes: split it into smaller files",
            unpacked, limit
        ));
    }
    let ours = meta
        .file_metadata()
        .key_value_metadata()
        .is_some_and(|kv| kv.iter().any(|k| k.key == SCHEMA_KEY));
    let schema = builder.schema().clone();
    match schema
        .field_with_name("text")
        .map(|f| f.data_type().clone())
    {
        Ok(DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View) => {}
        Ok(other) => return Err(format!("the \"text\" column holds {other}, not text")),
        Err(_) => {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(format!(
                "no \"text\" column (the columns are: {})",
                names.join(", ")
            ));
        }
    }
    let reader = builder
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| format!("damaged Parquet file ({e})"))?;
    let mut out = Vec::new();
    let mut row = 0i64;
    for batch in reader {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                // What was read stays; the rest of the file is reported.
                let e = e.to_string();
                let why = match e.split("Disabled feature at compile time: ").nth(1) {
                    Some(codec) => format!(
                        "compressed with {codec}, which corpusdesk does not read: save it with \
                         zstd, snappy, gzip or lz4"
                    ),
                    None => format!("damaged Parquet data ({e})"),
                };
                out.push(Err((row + 1, format!("rows from {}: {why}", row + 1))));
                break;
            }
        };
        for i in 0..batch.num_rows() {
            row += 1;
            let fields = row_fields(&batch, i, ours);
            let fallback = format!("{file_name}#{row}");
            let mut parsed = table::from_fields(fields, row, &fallback)
                .map_err(|reason| (row, format!("row {row}: {reason}")));
            if ours && let Ok(doc) = &mut parsed {
                restore_date_source(doc, &batch, i);
            }
            out.push(parsed);
        }
    }
    Ok(out)
}

/// A corpusdesk export's date keeps the source it was found in; a date
/// the document inherited from a copy is not its own (the duplicate
/// finder gives it again when the copy is there).
fn restore_date_source(doc: &mut Parsed, batch: &RecordBatch, i: usize) {
    let Some(column) = batch.column_by_name("date_source") else {
        return;
    };
    let Value::String(s) = cell(column.as_ref(), i, 0) else {
        return;
    };
    match serde_json::from_value::<DateSource>(Value::String(s)) {
        Ok(DateSource::Duplicate) => doc.date = None,
        Ok(found) => {
            if let Some((_, source)) = doc.date.as_mut() {
                *source = found;
            }
        }
        Err(_) => {}
    }
}

/// One row as JSONL-like fields.
fn row_fields(batch: &RecordBatch, i: usize, ours: bool) -> Map<String, Value> {
    let mut fields = Map::new();
    let mut spread = None;
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        let name = field.name().as_str();
        if ours && DERIVED.contains(&name) {
            continue;
        }
        let value = cell(column.as_ref(), i, 0);
        if name == "metadata" {
            spread = Some(value);
            continue;
        }
        if value.is_null() && name != "text" && name != "date" {
            continue;
        }
        fields.insert(name.to_string(), value);
    }
    let spread = match spread {
        Some(Value::String(s)) => serde_json::from_str::<Value>(&s)
            .ok()
            .or(Some(Value::String(s))),
        other => other,
    };
    match spread {
        Some(Value::Object(m)) => {
            for (k, v) in m {
                fields.entry(k).or_insert(v);
            }
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            fields.insert("metadata".into(), other);
        }
    }
    fields
}

/// Nesting past which a value is written as its type's name.
const MAX_DEPTH: u8 = 8;

/// The value at `i` of `a`, as JSON.
fn cell(a: &dyn Array, i: usize, depth: u8) -> Value {
    if a.is_null(i) {
        return Value::Null;
    }
    macro_rules! num {
        ($t:ty) => {
            Value::from(a.as_primitive::<$t>().value(i))
        };
    }
    match a.data_type() {
        DataType::Utf8 => Value::String(a.as_string::<i32>().value(i).to_string()),
        DataType::LargeUtf8 => Value::String(a.as_string::<i64>().value(i).to_string()),
        DataType::Utf8View => Value::String(a.as_string_view().value(i).to_string()),
        DataType::Boolean => Value::Bool(a.as_boolean().value(i)),
        DataType::Int8 => num!(Int8Type),
        DataType::Int16 => num!(Int16Type),
        DataType::Int32 => num!(Int32Type),
        DataType::Int64 => num!(Int64Type),
        DataType::UInt8 => num!(UInt8Type),
        DataType::UInt16 => num!(UInt16Type),
        DataType::UInt32 => num!(UInt32Type),
        DataType::UInt64 => num!(UInt64Type),
        DataType::Float32 => num!(Float32Type),
        DataType::Float64 => num!(Float64Type),
        DataType::Date32 => {
            let days = a.as_primitive::<arrow_array::types::Date32Type>().value(i);
            day_string(days as i64)
        }
        DataType::Date64 => {
            let ms = a.as_primitive::<arrow_array::types::Date64Type>().value(i);
            day_string(ms.div_euclid(86_400_000))
        }
        DataType::Timestamp(unit, _) => {
            let v = match unit {
                TimeUnit::Second => a
                    .as_primitive::<arrow_array::types::TimestampSecondType>()
                    .value(i),
                TimeUnit::Millisecond => a
                    .as_primitive::<arrow_array::types::TimestampMillisecondType>()
                    .value(i),
                TimeUnit::Microsecond => a
                    .as_primitive::<arrow_array::types::TimestampMicrosecondType>()
                    .value(i),
                TimeUnit::Nanosecond => a
                    .as_primitive::<arrow_array::types::TimestampNanosecondType>()
                    .value(i),
            };
            let nanos = match unit {
                TimeUnit::Second => v as i128 * 1_000_000_000,
                TimeUnit::Millisecond => v as i128 * 1_000_000,
                TimeUnit::Microsecond => v as i128 * 1_000,
                TimeUnit::Nanosecond => v as i128,
            };
            jiff::Timestamp::from_nanosecond(nanos)
                .map(|t| Value::String(t.to_string()))
                .unwrap_or(Value::Null)
        }
        DataType::List(_) if depth < MAX_DEPTH => {
            let items = a.as_list::<i32>().value(i);
            Value::Array(
                (0..items.len())
                    .map(|j| cell(items.as_ref(), j, depth + 1))
                    .collect(),
            )
        }
        DataType::LargeList(_) if depth < MAX_DEPTH => {
            let items = a.as_list::<i64>().value(i);
            Value::Array(
                (0..items.len())
                    .map(|j| cell(items.as_ref(), j, depth + 1))
                    .collect(),
            )
        }
        DataType::Struct(fields) if depth < MAX_DEPTH => {
            let s = a.as_struct();
            Value::Object(
                fields
                    .iter()
                    .zip(s.columns())
                    .map(|(f, c)| (f.name().clone(), cell(c.as_ref(), i, depth + 1)))
                    .collect(),
            )
        }
        DataType::Null => Value::Null,
        other => Value::String(format!("({other})")),
    }
}

fn day_string(days: i64) -> Value {
    let epoch = jiff::civil::date(1970, 1, 1);
    match epoch.checked_add(jiff::Span::new().days(days)) {
        Ok(d) => Value::String(d.to_string()),
        Err(_) => Value::Null,
    }
}
