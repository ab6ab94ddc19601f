"""corpusdesk's Parquet export reads without options in pandas, polars,
DuckDB, Hugging Face datasets and Spark (python3 -m unittest discover -s
python/tests; needs target/debug/corpusdesk, or CORPUSDESK_BIN)."""

import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = os.environ.get("CORPUSDESK_BIN", str(ROOT / "target" / "debug" / "corpusdesk"))
SAMPLES = ROOT.parent / "shared" / "samples"


def cli(library, *args):
    subprocess.run([BIN, "--library", str(library), *args], check=True, capture_output=True)


class Readers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = Path(tempfile.mkdtemp(prefix="corpusdesk-readers-"))
        rows = cls.dir / "rows.jsonl"
        rows.write_text(
            json.dumps({"text": "Die Stadt Köln hat am Montag neue Regeln für den Verkehr in der "
                                "Innenstadt beschlossen. Der Rat stimmte mit großer Mehrheit dafür, "
                                "nachdem die Anwohner sich seit Jahren über den Lärm beschwert hatten.",
                        "title": "Köln", "date": "2021-03", "tags": ["verkehr"], "outlet": "Blatt"}) + "\n"
            + json.dumps({"text": "An undated note about the harbour wall.", "title": "Note"}) + "\n",
            encoding="utf-8",
        )
        lib = cls.dir / "lib.corpusdesk"
        cli(lib, "import", str(SAMPLES), str(rows))
        cli(lib, "dedup")
        cls.folder = cls.dir / "shards"
        cli(lib, "export", "--format", "parquet", "--out", str(cls.folder), "--shard-rows", "2",
            "--include-duplicates")
        cls.file = cls.dir / "one.parquet"
        cli(lib, "export", "--format", "parquet", "--out", str(cls.file), "--include-duplicates")

    def check_rows(self, rows):
        self.assertEqual(len(rows), 4)
        by_title = {r["title"]: r for r in rows}
        koeln = by_title["Köln"]
        self.assertEqual(koeln["date"], "2021-03")
        self.assertIsNone(koeln["created"])  # a month is not a day
        self.assertEqual(list(koeln["tags"]), ["verkehr"])
        self.assertEqual(koeln["lang"], "de")
        self.assertEqual(koeln["source"], "Blatt")
        self.assertEqual(json.loads(koeln["metadata"]), {"outlet": "Blatt"})
        keepers = [r for r in rows if r["cluster_id"] is not None and r["cluster_id"] == r["cluster_id"]]
        self.assertEqual(len(keepers), 2, "the two samples are one cluster")
        self.assertEqual(sum(bool(r["is_keeper"]) for r in keepers), 1)

    def test_pandas(self):
        import pandas as pd
        for path in (self.file, self.folder):
            df = pd.read_parquet(path)
            rows = df.astype(object).where(df.notna(), None).to_dict("records")
            self.check_rows(rows)

    def test_polars(self):
        import polars as pl
        self.check_rows(pl.read_parquet(self.file).to_dicts())
        self.check_rows(pl.read_parquet(str(self.folder / "*.parquet")).to_dicts())

    def test_duckdb(self):
        import duckdb
        for path in (str(self.file), str(self.folder / "*.parquet")):
            rel = duckdb.sql(f"SELECT * FROM '{path}'")
            rows = [dict(zip(rel.columns, r)) for r in rel.fetchall()]
            self.check_rows(rows)
        n = duckdb.sql(f"SELECT count(*) FROM '{self.file}' WHERE is_keeper").fetchall()[0][0]
        self.assertEqual(n, 3)

    def test_hugging_face_datasets(self):
        from datasets import load_dataset
        ds = load_dataset("parquet", data_files=str(self.folder / "*.parquet"), split="train",
                          cache_dir=str(self.dir / "hf"))
        self.check_rows(list(ds))

    def test_spark(self):
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[1]").appName("readers")
                 .config("spark.ui.enabled", "false").getOrCreate())
        try:
            df = spark.read.parquet(str(self.folder))
            types = dict(df.dtypes)
            self.assertEqual(types["added"], "timestamp")
            self.assertEqual(types["created"], "date")
            self.assertEqual(types["tags"], "array<string>")
            self.check_rows([r.asDict() for r in df.collect()])
        finally:
            spark.stop()


if __name__ == "__main__":
    unittest.main()
