//! Apache Parquet: the columns of the Dolma / datatrove convention (`id`,
//! `text`, `source`, `added`, `created`, `metadata`) and corpusdesk's own
//! (`title`, `date`, `date_source`, `lang`, `tags`, `cluster_id`,
//! `is_keeper`, `duplicate_of`, `split`, and `passages` / `entities` where
//! the library has them), zstd-compressed, in one file or in shards of N rows
//! (`part-00000.parquet`, …) as Spark and datatrove write them.
//!
//! | column | type | holds |
//! |---|---|---|
//! | `id` | int64 | the document's id in the library |
//! | `text` | string | its text |
//! | `source` | string | its outlet when known, else the file it came from |
//! | `source_path` | string | the file it came from (`#row` for a row of a table) |
//! | `added` | timestamp (ms, UTC) | when it was imported |
//! | `created` | date32, null | its date when it states a whole day |
//! | `metadata` | string | its other fields, as a JSON object |
//! | `title`, `date`, `date_source`, `lang` | string, null | as the library shows them (`date` may be `2019-11` or `2019`) |
//! | `tags` | list of string | its tags |
//! | `cluster_id` | int64, null | its duplicate cluster |
//! | `is_keeper` | bool | kept in a de-duplicated corpus: its cluster's keeper, or in no cluster |
//! | `duplicate_of` | int64, null | the keeper of its cluster, when it is not the keeper |
//! | `marked_duplicate` | bool | marked as a duplicate in review (a decision, not a proposal) |
//! | `split` | string | `train`/`validation`/`test`, when split |
//! | `passages` | list of struct{tag, start, end, coder, text} | coded passages (character offsets) |
//! | `entities` | list of struct{name, type, surface, start, end} | people, organisations, places |

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Int64Array, ListArray, RecordBatch, StringArray,
    StructArray, TimestampMillisecondArray,
};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use serde_json::Value;

use super::row::Row;
use super::writers::RowWriter;
use crate::core::error::{Error, Result};

pub use crate::core::import::parquet::SCHEMA_KEY;
/// The schema's version.
pub const SCHEMA_VERSION: &str = "1";

/// Rows per record batch (and at most this many texts in memory).
const BATCH_ROWS: usize = 1024;
/// Text bytes after which a batch is written early (long documents).
const BATCH_BYTES: usize = 64 << 20;

/// Which optional columns the file has.
#[derive(Debug, Clone, Copy)]
pub(super) struct Columns {
    pub split: bool,
    pub passages: bool,
    pub entities: bool,
}

/// One document, as the columns want it.
struct Pending {
    id: i64,
    text: String,
    source: String,
    source_path: String,
    added: i64,
    created: Option<i32>,
    metadata: String,
    title: String,
    date: Option<String>,
    date_source: Option<String>,
    lang: Option<String>,
    tags: Vec<String>,
    cluster: Option<i64>,
    keeper: bool,
    duplicate_of: Option<i64>,
    marked: bool,
    split: Option<&'static str>,
    passages: Vec<Value>,
    entities: Vec<Value>,
}

/// Where the shards go: one file, or numbered files in a folder.
pub(super) enum Target {
    File(File),
    Folder(PathBuf),
}

/// Writes rows as Parquet.
pub(super) struct ParquetWriter {
    target: Target,
    shard_rows: usize,
    schema: SchemaRef,
    columns: Columns,
    pending: Vec<Pending>,
    pending_bytes: usize,
    writer: Option<ArrowWriter<File>>,
    in_shard: usize,
    shards: usize,
}

fn parquet_error(e: parquet::errors::ParquetError) -> Error {
    if let parquet::errors::ParquetError::External(inner) = &e
        && let Some(io) = inner.downcast_ref::<std::io::Error>()
    {
        return Error::from(std::io::Error::new(io.kind(), io.to_string()));
    }
    Error::Export(format!("Parquet: {e}"))
}

fn arrow_error(e: arrow_schema::ArrowError) -> Error {
    Error::Export(format!("Parquet: {e}"))
}

fn passage_fields() -> Fields {
    Fields::from(vec![
        Field::new("tag", DataType::Utf8, false),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
        Field::new("coder", DataType::Utf8, true),
        Field::new("text", DataType::Utf8, true),
    ])
}

fn entity_fields() -> Fields {
    Fields::from(vec![
        Field::new("name", DataType::Utf8, false),
        Field::new("type", DataType::Utf8, false),
        Field::new("surface", DataType::Utf8, true),
        Field::new("start", DataType::Int64, false),
        Field::new("end", DataType::Int64, false),
    ])
}

fn list_of(fields: Fields) -> DataType {
    DataType::List(Arc::new(Field::new(
        "item",
        DataType::Struct(fields),
        false,
    )))
}

/// The file's schema.
pub(super) fn schema(columns: Columns) -> Schema {
    let mut fields = vec![
        Field::new("id", DataType::Int64, false),
        Field::new("text", DataType::Utf8, false),
        Field::new("source", DataType::Utf8, false),
        Field::new("source_path", DataType::Utf8, false),
        Field::new(
            "added",
            DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
            false,
        ),
        Field::new("created", DataType::Date32, true),
        Field::new("metadata", DataType::Utf8, false),
        Field::new("title", DataType::Utf8, false),
        Field::new("date", DataType::Utf8, true),
        Field::new("date_source", DataType::Utf8, true),
        Field::new("lang", DataType::Utf8, true),
        Field::new(
            "tags",
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        ),
        Field::new("cluster_id", DataType::Int64, true),
        Field::new("is_keeper", DataType::Boolean, false),
        Field::new("duplicate_of", DataType::Int64, true),
        Field::new("marked_duplicate", DataType::Boolean, false),
    ];
    if columns.split {
        fields.push(Field::new("split", DataType::Utf8, true));
    }
    if columns.passages {
        fields.push(Field::new("passages", list_of(passage_fields()), false));
    }
    if columns.entities {
        fields.push(Field::new("entities", list_of(entity_fields()), false));
    }
    Schema::new(fields)
}

/// Days since 1970-01-01 of a whole-day `date` (`2019-11-19`).
fn day_number(date: &str) -> Option<i32> {
    let d: jiff::civil::Date = date.parse().ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    let days = (d - epoch).get_days();
    Some(days)
}

impl ParquetWriter {
    pub(super) fn new(target: Target, shard_rows: usize, columns: Columns) -> ParquetWriter {
        ParquetWriter {
            target,
            shard_rows,
            schema: Arc::new(schema(columns)),
            columns,
            pending: Vec::new(),
            pending_bytes: 0,
            writer: None,
            in_shard: 0,
            shards: 0,
        }
    }

    fn open_shard(&mut self) -> Result<ArrowWriter<File>> {
        let file = match &self.target {
            Target::File(f) => f.try_clone()?,
            Target::Folder(dir) => File::create(dir.join(shard_name(self.shards)))?,
        };
        self.shards += 1;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(3).map_err(parquet_error)?,
            ))
            .set_key_value_metadata(Some(vec![
                KeyValue::new(SCHEMA_KEY.to_string(), SCHEMA_VERSION.to_string()),
                KeyValue::new(
                    "created_by_app".to_string(),
                    format!("corpusdesk {}", env!("CARGO_PKG_VERSION")),
                ),
            ]))
            .build();
        ArrowWriter::try_new(file, self.schema.clone(), Some(props)).map_err(parquet_error)
    }

    /// Writes the pending rows as one batch (into the open shard).
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let batch = self.batch(&rows)?;
        drop(rows);
        if self.writer.is_none() {
            self.writer = Some(self.open_shard()?);
        }
        if let Some(w) = self.writer.as_mut() {
            w.write(&batch).map_err(parquet_error)?;
        }
        Ok(())
    }

    fn close_shard(&mut self) -> Result<()> {
        self.flush()?;
        if let Some(w) = self.writer.take() {
            w.close().map_err(parquet_error)?;
        }
        self.in_shard = 0;
        Ok(())
    }

    fn batch(&self, rows: &[Pending]) -> Result<RecordBatch> {
        let s = |f: &dyn Fn(&Pending) -> Option<&str>| -> ArrayRef {
            Arc::new(rows.iter().map(f).collect::<StringArray>())
        };
        let mut tags = ListBuilder::new(StringBuilder::new());
        for r in rows {
            for t in &r.tags {
                tags.values().append_value(t);
            }
            tags.append(true);
        }
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(rows.iter().map(|r| r.id).collect::<Int64Array>()),
            s(&|r| Some(r.text.as_str())),
            s(&|r| Some(r.source.as_str())),
            s(&|r| Some(r.source_path.as_str())),
            Arc::new(
                TimestampMillisecondArray::from(
                    rows.iter().map(|r| r.added * 1000).collect::<Vec<i64>>(),
                )
                .with_timezone("UTC"),
            ),
            Arc::new(rows.iter().map(|r| r.created).collect::<Date32Array>()),
            s(&|r| Some(r.metadata.as_str())),
            s(&|r| Some(r.title.as_str())),
            s(&|r| r.date.as_deref()),
            s(&|r| r.date_source.as_deref()),
            s(&|r| r.lang.as_deref()),
            Arc::new(tags.finish()),
            Arc::new(rows.iter().map(|r| r.cluster).collect::<Int64Array>()),
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.keeper))
                    .collect::<BooleanArray>(),
            ),
            Arc::new(rows.iter().map(|r| r.duplicate_of).collect::<Int64Array>()),
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.marked))
                    .collect::<BooleanArray>(),
            ),
        ];
        if self.columns.split {
            columns.push(s(&|r| r.split));
        }
        if self.columns.passages {
            columns.push(structs(
                rows,
                |r| &r.passages,
                passage_fields(),
                &["tag", "start", "end", "coder", "text"],
            )?);
        }
        if self.columns.entities {
            columns.push(structs(
                rows,
                |r| &r.entities,
                entity_fields(),
                &["name", "type", "surface", "start", "end"],
            )?);
        }
        RecordBatch::try_new(self.schema.clone(), columns).map_err(arrow_error)
    }

    /// The shards written (files, in folder mode).
    pub(super) fn shards(&self) -> usize {
        self.shards
    }
}

/// `part-00000.parquet`.
pub fn shard_name(n: usize) -> String {
    format!("part-{n:05}.parquet")
}

/// A list-of-struct column from each row's JSON objects: `names` are the
/// struct's fields, strings or integers as `fields` says.
fn structs(
    rows: &[Pending],
    list: fn(&Pending) -> &Vec<Value>,
    fields: Fields,
    names: &[&str],
) -> Result<ArrayRef> {
    let items: Vec<&Value> = rows.iter().flat_map(|r| list(r).iter()).collect();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (field, name) in fields.iter().zip(names) {
        let values = items.iter().map(|v| v.get(*name));
        let array: ArrayRef = match field.data_type() {
            DataType::Int64 => Arc::new(
                values
                    .map(|v| Some(v.and_then(Value::as_i64).unwrap_or(0)))
                    .collect::<Int64Array>(),
            ),
            _ => Arc::new(
                values
                    .map(|v| match v {
                        Some(Value::String(s)) => Some(s.clone()),
                        Some(Value::Null) | None if field.is_nullable() => None,
                        Some(other) => Some(other.to_string()),
                        None => Some(String::new()),
                    })
                    .collect::<StringArray>(),
            ),
        };
        arrays.push(array);
    }
    let values = StructArray::try_new(fields.clone(), arrays, None).map_err(arrow_error)?;
    let offsets = OffsetBuffer::from_lengths(rows.iter().map(|r| list(r).len()));
    let item = Arc::new(Field::new("item", DataType::Struct(fields), false));
    Ok(Arc::new(
        ListArray::try_new(item, offsets, Arc::new(values), None).map_err(arrow_error)?,
    ))
}

/// The outlet a document names, else the file it came from.
fn source_of(row: &Row) -> String {
    ["outlet", "publication", "source", "site"]
        .iter()
        .find_map(|k| match row.meta.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        })
        .or_else(|| row.paths.first().cloned())
        .unwrap_or_default()
}

impl RowWriter for ParquetWriter {
    fn row(&mut self, row: &Row) -> Result<()> {
        if self.shard_rows > 0 && self.in_shard >= self.shard_rows {
            self.close_shard()?;
        }
        let keeper = match (row.cluster, row.keeper) {
            (Some(_), Some(k)) => k == row.id,
            _ => true,
        };
        let lang = match row.meta.get("lang") {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        let mut meta = row.meta.clone();
        meta.remove("lang");
        self.pending_bytes += row.text.len();
        self.pending.push(Pending {
            id: row.id,
            text: row.text.clone(),
            source: source_of(row),
            source_path: row.paths.first().cloned().unwrap_or_default(),
            added: row.added,
            created: row.date.as_deref().and_then(day_number),
            metadata: Value::Object(meta).to_string(),
            title: row.title.clone(),
            date: row.date.clone(),
            date_source: row.date_source.clone(),
            lang,
            tags: row.tags.clone(),
            cluster: row.cluster,
            keeper,
            duplicate_of: if keeper { None } else { row.keeper },
            marked: row.marked_duplicate,
            split: row.split,
            passages: row.passages.clone(),
            entities: row.entities.clone(),
        });
        self.in_shard += 1;
        if self.pending.len() >= BATCH_ROWS || self.pending_bytes >= BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if self.shards == 0 && self.pending.is_empty() {
            // An empty export is still a readable file with the schema.
            self.writer = Some(self.open_shard()?);
        }
        self.close_shard()?;
        if let Target::File(f) = &self.target {
            f.sync_all()?;
        }
        Ok(())
    }
}

/// Whether an export to `dest` writes one file (a `.parquet` name) rather
/// than a folder of shards.
pub fn is_single_file(dest: &Path) -> bool {
    dest.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}
