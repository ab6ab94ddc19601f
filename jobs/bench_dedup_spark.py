"""Benchmark: the Spark job beside the app on one generated corpus.

    cargo build --release --features testkit
    maturin build --release -m python/Cargo.toml -o target/wheels
    pip install --force-reinstall target/wheels/*.whl
    python3 jobs/bench_dedup_spark.py [--docs 100000] [--cores 2]

The corpus is the duplicate benchmark's (``cargo bench --bench dedup``):
stories republished by other outlets, exact copies, shared blocks,
template reports, passage reuse, four long texts of 1 to 10 MB. The app
runs ``corpusdesk dedup --full``; the job runs in Spark local mode on the
app's export (three shards per core). Prints the seconds per stage, the
documents per second per core of each, the agreement of the two, and the
extrapolation to 100 million documents.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "jobs"))

import dedup_spark  # noqa: E402
from test_dedup_spark import (  # noqa: E402
    groups_of,
    job_input,
    local_spark,
    pairs_within,
    scores,
    truth_pairs,
)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--docs", type=int, default=100_000)
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--bin", default=str(ROOT / "target" / "release" / "corpusdesk"))
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="corpusdesk-spark-bench-"))
    corpus, truth_file = work / "corpus", work / "truth.jsonl"
    subprocess.run(
        [args.bin, "gen-corpus", str(corpus), "--docs", str(args.docs), "--seed", "2026",
         "--hard-share", "0.04", "--long-tail", "4", "--no-bad-files", "--truth", str(truth_file)],
        check=True, capture_output=True,
    )
    lib = work / "bench.corpusdesk"

    def cli(*a):
        subprocess.run([args.bin, "--library", str(lib), *a], check=True, capture_output=True)

    cli("import", str(corpus))
    t = time.time()
    cli("dedup", "--full")
    app_secs = time.time() - t
    cli("export", "--format", "parquet", "--out", str(work / "app.parquet"), "--include-duplicates")
    app = pq.read_table(work / "app.parquet")
    n = app.num_rows
    shards = work / "in"
    job_input(app, shards, 3 * args.cores)
    del app
    spark = local_spark(args.cores, "8g", "corpusdesk-dedup-bench")
    timings = {}
    t = time.time()
    try:
        dedup_spark.run(spark, str(shards), str(work / "out"), timings=timings)
    finally:
        spark.stop()
    job_secs = time.time() - t

    job = pq.read_table(work / "out" / "documents")
    app = pq.read_table(work / "app.parquet")
    _, _, f1 = scores(pairs_within(groups_of(job)), pairs_within(groups_of(app)))
    prec, rec, _ = scores(pairs_within(groups_of(job)), truth_pairs(job, truth_file))

    cores = args.cores
    print(f"{n} documents, {cores} cores")
    print(f"app  (corpusdesk dedup --full): {app_secs:7.1f} s  {n / app_secs / cores:8.0f} docs/s per core")
    print(f"job  (Spark local[{cores}], all stages): {job_secs:7.1f} s  {n / job_secs / cores:8.0f} docs/s per core")
    print(f"job's clusters against the app's: pair F1 {f1:.4f}; against the truth: precision {prec:.4f}, recall {rec:.4f}")
    print("stage                                          s   core-s/1M docs   core-hours per 100M")
    for stage, secs in timings.items():
        per_million = secs * cores / n * 1e6
        print(f"{stage:44s} {secs:6.1f} {per_million:12.0f} {per_million * 100 / 3600:16.1f}")
    total = sum(timings.values()) * cores / n * 1e8 / 3600
    print(f"{'all stages':44s} {sum(timings.values()):6.1f} {'':12s} {total:16.1f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
