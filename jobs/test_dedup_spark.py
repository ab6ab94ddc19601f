"""The Spark job against the app and against the truth, on this machine.

1. ``corpusdesk gen-corpus`` writes a corpus with known stories and the hard
   cases (copies from other outlets, shared blocks, template reports,
   passage reuse, a 1 MB text); the app imports it, finds its duplicates
   and exports Parquet.
2. The job runs on that Parquet in Spark local mode (``local[2]``).
3. Its clusters must be the app's (pair F1 >= 0.99) and right against the
   truth (precision >= 0.99, recall >= 0.97); the package's in-memory
   pipeline (``find_duplicates``) must give the app's clusters too.
4. The job's sample of clusters imports into a new library, where the
   app's Duplicates view finds the same clusters, and exports back with
   the job's ids.

Run: ``python3 jobs/test_dedup_spark.py`` (needs pyspark, pyarrow, a JRE,
the package installed, and ``target/debug/corpusdesk`` built with the
``testkit`` feature; ``CORPUSDESK_BIN`` names another binary). Exits
non-zero on the first failure.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
BIN = os.environ.get("CORPUSDESK_BIN", str(ROOT / "target" / "debug" / "corpusdesk"))
DOCS = int(os.environ.get("CORPUSDESK_SPARK_DOCS", "3000"))


def cli(library, *args):
    out = subprocess.run(
        [BIN, "--library", str(library), *args], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"corpusdesk {' '.join(args)} failed:\n{out.stderr}")
    return out.stdout


def pairs_within(groups):
    out = set()
    for g in groups:
        for a, b in combinations(sorted(set(g)), 2):
            out.add((a, b))
    return out


def scores(predicted, truth):
    hits = len(predicted & truth)
    p = hits / len(predicted) if predicted else 1.0
    r = hits / len(truth) if truth else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def groups_of(table, column="cluster_id"):
    by = {}
    for doc, c in zip(table.column("id").to_pylist(), table.column(column).to_pylist()):
        if c is not None:
            by.setdefault(c, []).append(doc)
    return list(by.values())


def job_input(app, folder, parts):
    """The job's input from the app's export, in ``parts`` shards: what a
    curator's shards hold (the date each document states itself; an
    inherited one is not its own). Returns the table and the own dates."""
    own_date = [
        None if src == "duplicate" else d
        for d, src in zip(app.column("date").to_pylist(), app.column("date_source").to_pylist())
    ]
    table = pa.table({
        "id": app.column("id"),
        "text": app.column("text"),
        "title": app.column("title"),
        "date": pa.array(own_date, pa.string()),
        "source_path": app.column("source_path"),
    })
    folder.mkdir()
    size = app.num_rows // parts + 1
    for i in range(parts):
        pq.write_table(table.slice(i * size, size), folder / f"part-{i:05d}.parquet")
    return table, own_date


def local_spark(cores, memory, name):
    """Spark in local mode, quiet, with the job's functions for its workers
    (spark-submit ships its script itself)."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{cores}]").appName(name)
        .config("spark.sql.shuffle.partitions", str(4 * cores))
        .config("spark.default.parallelism", str(4 * cores))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", memory)
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(str(ROOT / "jobs" / "dedup_spark.py"))
    return spark


def truth_pairs(table, truth_file):
    """Pairs of documents of one story, by the generator's truth (documents
    found by their source path)."""
    story_of = {}
    for line in truth_file.read_text().splitlines():
        t = json.loads(line)
        story_of[str(Path(t["path"]).resolve())] = t["story"]
    by_story = {}
    for doc, path in zip(table.column("id").to_pylist(), table.column("source_path").to_pylist()):
        s = story_of.get(str(Path(path).resolve()))
        if s is not None:
            by_story.setdefault(s, []).append(doc)
    return pairs_within(by_story.values())


def check(what, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail else ''}", flush=True)
    if not ok:
        raise SystemExit(1)


def main():
    import corpusdesk_dedup as cd

    sys.path.insert(0, str(ROOT / "jobs"))
    import dedup_spark

    work = Path(tempfile.mkdtemp(prefix="corpusdesk-spark-"))
    corpus, truth_file = work / "corpus", work / "truth.jsonl"
    subprocess.run(
        [BIN, "gen-corpus", str(corpus), "--docs", str(DOCS), "--seed", "2026",
         "--hard-share", "0.08", "--long-tail", "1", "--no-bad-files",
         "--truth", str(truth_file)],
        check=True, capture_output=True,
    )
    lib = work / "app.corpusdesk"
    cli(lib, "import", str(corpus))
    t = time.time()
    cli(lib, "dedup", "--full")
    app_secs = time.time() - t
    app_file = work / "app.parquet"
    cli(lib, "export", "--format", "parquet", "--out", str(app_file), "--include-duplicates")
    app = pq.read_table(app_file)
    n = app.num_rows
    print(f"the app: {n} documents, dedup {app_secs:.1f} s", flush=True)

    # Three shards, as a crawl would come.
    job_in = work / "in"
    table, own_date = job_input(app, job_in, 3)
    spark = local_spark(2, "2g", "corpusdesk-dedup-test")
    out = work / "out"
    t = time.time()
    # A crawl's shape too: string ids, no title, a timestamp for the date.
    foreign = work / "foreign"
    foreign.mkdir()
    head = table.slice(0, 400)
    pq.write_table(pa.table({
        "id": pa.array([f"doc-{i}" for i in head.column("id").to_pylist()]),
        "text": head.column("text"),
        "date": pa.array([
            dt.datetime.fromisoformat(d + "T09:30:00") if d and len(d) == 10 else None
            for d in head.column("date").to_pylist()
        ], pa.timestamp("s")),
        "url": pa.array([f"https://example.org/{i}" for i in range(head.num_rows)]),
    }), foreign / "crawl.parquet")
    try:
        dedup_spark.run(spark, str(job_in), str(out), sample=20, seed=7)
        job_secs = time.time() - t
        dedup_spark.run(spark, str(foreign), str(work / "foreign-out"))
    finally:
        spark.stop()
    job = pq.read_table(out / "documents")
    crawl = pq.read_table(work / "foreign-out" / "documents")
    ids = set(crawl.column("id").to_pylist())
    url_of = {f"doc-{i}": f"https://example.org/{k}" for k, i in enumerate(head.column("id").to_pylist())}
    clustered = [c for c in crawl.column("cluster_id").to_pylist() if c is not None]
    check("a crawl with string ids and no titles comes out whole, clustered by its own ids",
          crawl.num_rows == 400 and len(ids) == 400 and set(clustered) <= ids and len(clustered) > 0
          and all(u == url_of[i] for i, u in zip(crawl.column("id").to_pylist(), crawl.column("url").to_pylist())),
          f"{len(clustered)} documents in clusters")
    print(f"the job: {job.num_rows} documents in {job_secs:.1f} s (local[2], Spark start included)", flush=True)
    check("every document comes out once", job.num_rows == n and len(set(job.column("id").to_pylist())) == n)

    app_pairs = pairs_within(groups_of(app))
    job_pairs = pairs_within(groups_of(job))
    p, r, f1 = scores(job_pairs, app_pairs)
    check("the job's clusters are the app's", f1 >= 0.99,
          f"pair F1 {f1:.4f} (precision {p:.4f}, recall {r:.4f}; {len(app_pairs)} pairs in the app's clusters)")

    # Against the truth: documents of one story belong together.
    truth = truth_pairs(job, truth_file)
    p, r, _ = scores(job_pairs, truth)
    check("precision against the truth", p >= 0.99, f"{p:.4f}")
    check("recall against the truth", r >= 0.97, f"{r:.4f} ({len(truth)} true pairs)")
    pa_, ra_, _ = scores(app_pairs, truth)
    print(f"     (the app: precision {pa_:.4f}, recall {ra_:.4f})")

    # The job's judged pairs: every kind, each with the app's numbers.
    pairs = pq.read_table(out / "pairs")
    kinds = set(pairs.column("kind").to_pylist())
    check("the pairs hold duplicates, related and template pairs",
          {"duplicate", "related", "template"} <= kinds, str(sorted(kinds)))

    # The package alone, in memory, gives the app's clusters.
    rows = [
        {"id": i, "text": x, "title": ti, "date": d}
        for i, x, ti, d in zip(
            table.column("id").to_pylist(), table.column("text").to_pylist(),
            table.column("title").to_pylist(), own_date,
        )
    ]
    t = time.time()
    _, local = cd.find_duplicates(rows)
    local_groups = [[k] + [m for m, _ in ms] for k, ms in local]
    p, r, f1 = scores(pairs_within(local_groups), app_pairs)
    check("find_duplicates (in memory) gives the app's clusters", f1 >= 0.99,
          f"pair F1 {f1:.4f} in {time.time() - t:.1f} s")

    # Review a sample in the app: the clusters come back as the app sees them.
    sample = pq.read_table(out / "sample")
    review = work / "review.corpusdesk"
    cli(review, "import", str(out / "sample"))
    cli(review, "dedup")
    back_file = work / "reviewed.parquet"
    cli(review, "export", "--format", "parquet", "--out", str(back_file), "--include-duplicates")
    back = pq.read_table(back_file)
    check("the sample imports whole", back.num_rows == sample.num_rows,
          f"{back.num_rows} of {sample.num_rows}")
    meta = [json.loads(m) for m in back.column("metadata").to_pylist()]
    job_id = [m.get("id") for m in meta]
    job_cluster = [m.get("cluster_id") for m in meta]
    check("each reviewed document keeps the job's id and cluster", all(x is not None for x in job_id + job_cluster))
    job_groups = {}
    for i, c in zip(job_id, job_cluster):
        job_groups.setdefault(c, []).append(i)
    seen_groups = {}
    for i, c in zip(job_id, back.column("cluster_id").to_pylist()):
        if c is not None:
            seen_groups.setdefault(c, []).append(i)
    # Boilerplate is learned from the library: in a sample of a few dozen
    # documents a copy whose only difference is a long appeal may stay
    # apart (its cluster is still there as the cluster_id metadata).
    p, r, f1 = scores(pairs_within(seen_groups.values()), pairs_within(job_groups.values()))
    check("the Duplicates view shows the job's clusters and nothing else", p >= 0.99 and r >= 0.8,
          f"precision {p:.4f}, recall {r:.4f}")
    print("all checks passed")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
