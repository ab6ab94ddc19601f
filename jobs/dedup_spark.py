"""corpusdesk's duplicate finder as a Spark job.

Reads Parquet shards with a ``text`` column (and optionally ``id``,
``title``, ``date``), finds the same story republished by other outlets
exactly as the desktop app does (the ``corpusdesk_dedup`` package is the
app's Rust core), and writes:

* ``OUT/documents/``: every input row with ``cluster_id`` (the keeper's
  id), ``is_keeper`` (keep it in a de-duplicated corpus) and
  ``duplicate_of`` (the keeper, for the others);
* ``OUT/pairs/``: the judged pairs (``a``, ``b``, ``kind`` duplicate /
  related / template, ``containment``, ``coverage``, ``jaccard``);
* ``OUT/sample/`` (with ``--sample N``): the documents of N clusters, one
  Parquet file, to review in the app (``corpusdesk import OUT/sample``).

Stages (see the README's "Past one machine" for where the shuffles are):

1. line keys of every document, counted (reduceByKey): the boilerplate
   lines, broadcast;
2. sign each document (mapPartitions): band keys, anchors, body size, the
   same-text and short-notice keys;
3. candidates: documents sharing a band key (buckets of 2..MAX_BUCKET),
   sharing ANCHOR_MIN_SHARED anchors (each in 2..ANCHOR_MAX_DF documents),
   or with the same text / notice key (each with the first EXTRA_GROUP + 1);
4. judge each pair on its two texts (two joins, mapPartitions);
5. connected components of the duplicate pairs (large-star / small-star,
   never collected to the driver);
6. per component, the app's keeper-centred clusters (groupByKey).

Usage::

    spark-submit jobs/dedup_spark.py IN_PARQUET OUT [--sample 50]
"""

import argparse
import sys
import time

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

import corpusdesk_dedup as cd

_BOILER = {}


def _boilerplate(keys_bc):
    """The boilerplate set, built once per worker process."""
    held = _BOILER.get(id(keys_bc))
    if held is None or held[0] is not keys_bc:
        held = (keys_bc, cd.Boilerplate(keys_bc.value))
        _BOILER.clear()
        _BOILER[id(keys_bc)] = held
    return held[1]


def _line_counts(rows):
    for r in rows:
        for k in cd.line_keys(r.text or ""):
            yield (k, 1)


SIGNED = T.StructType([
    T.StructField("_n", T.LongType(), False),
    T.StructField("bands", T.ArrayType(T.LongType()), False),
    T.StructField("anchors", T.ArrayType(T.LongType()), False),
    T.StructField("shingles", T.LongType(), False),
    T.StructField("text_key", T.LongType(), False),
    T.StructField("notice_key", T.LongType(), True),
    T.StructField("dated", T.BooleanType(), False),
])

PAIRS = T.StructType([
    T.StructField("a", T.LongType(), False),
    T.StructField("b", T.LongType(), False),
    T.StructField("kind", T.StringType(), False),
    T.StructField("containment", T.DoubleType(), False),
    T.StructField("coverage", T.DoubleType(), False),
    T.StructField("jaccard", T.DoubleType(), False),
])


def _sign(keys_bc):
    def run(rows):
        boiler = _boilerplate(keys_bc)
        for r in rows:
            text = r.text or ""
            s = cd.sign(text, boiler)
            title = r.title if r.title is not None else cd.title(text)
            yield (
                r._n,
                s["bands"],
                s["anchors"],
                s["shingles"],
                cd.text_key(text),
                cd.notice_key(title, r.date, text),
                r.date is not None,
            )
    return run


def _judge(keys_bc):
    def run(rows):
        boiler = _boilerplate(keys_bc)
        for r in rows:
            a_title = r.a_title if r.a_title is not None else cd.title(r.a_text or "")
            b_title = r.b_title if r.b_title is not None else cd.title(r.b_text or "")
            v = cd.judge(
                r.a_text or "", a_title, r.a_date,
                r.b_text or "", b_title, r.b_date,
                boiler, shingles=r.by_shingles, same_text=r.by_text, notice=r.by_notice,
            )
            if v is not None:
                yield (r.a, r.b, v["kind"], v["containment"], v["coverage"], v["jaccard"])
    return run


def _bucket_pairs(postings, key, lo, hi):
    """Pairs of documents sharing ``key`` in buckets of lo..hi documents."""
    sizes = postings.groupBy(key).count().filter((F.col("count") >= lo) & (F.col("count") <= hi))
    kept = postings.join(sizes.select(key), key)
    x, y = kept.alias("x"), kept.alias("y")
    return (
        x.join(y, (F.col(f"x.{key}") == F.col(f"y.{key}")) & (F.col("x._n") < F.col("y._n")))
        .select(F.col("x._n").alias("a"), F.col("y._n").alias("b"))
    )


def _group_pairs(keyed, key):
    """Each member of a group paired with the group's first EXTRA_GROUP + 1 (by id)."""
    w = Window.partitionBy(key).orderBy("_n")
    ranked = keyed.withColumn("rank", F.row_number().over(w))
    sizes = keyed.groupBy(key).count().filter(F.col("count") >= 2)
    ranked = ranked.join(sizes.select(key), key)
    head = ranked.filter(F.col("rank") <= cd.EXTRA_GROUP + 1).select(key, F.col("_n").alias("h"))
    pairs = ranked.join(head, key).filter(F.col("_n") != F.col("h"))
    return pairs.select(
        F.least("_n", "h").alias("a"), F.greatest("_n", "h").alias("b")
    ).distinct()


def candidates(signed):
    bands = signed.select("_n", F.explode("bands").alias("band"))
    by_band = _bucket_pairs(bands, "band", 2, cd.MAX_BUCKET)
    anchors = signed.select("_n", F.explode("anchors").alias("anchor"))
    by_anchor = (
        _bucket_pairs(anchors, "anchor", 2, cd.ANCHOR_MAX_DF)
        .groupBy("a", "b").count()
        .filter(F.col("count") >= cd.ANCHOR_MIN_SHARED)
        .select("a", "b")
    )
    shingles = by_band.union(by_anchor).distinct().withColumn("by_shingles", F.lit(True))
    by_text = _group_pairs(signed.select("_n", "text_key"), "text_key").withColumn("by_text", F.lit(True))
    notices = signed.filter(F.col("notice_key").isNotNull()).select("_n", "notice_key")
    by_notice = _group_pairs(notices, "notice_key").withColumn("by_notice", F.lit(True))
    all_pairs = (
        shingles.join(by_text, ["a", "b"], "full_outer")
        .join(by_notice, ["a", "b"], "full_outer")
    )
    return all_pairs.select(
        "a", "b",
        F.coalesce("by_shingles", F.lit(False)).alias("by_shingles"),
        F.coalesce("by_text", F.lit(False)).alias("by_text"),
        F.coalesce("by_notice", F.lit(False)).alias("by_notice"),
    )


def connected_components(edges, max_rounds=64):
    """(node, component) for every node of ``edges`` (an RDD of (u, v)),
    the component named by its smallest node: large-star / small-star
    (Kiveris et al., 2014), as text-dedup runs it; the graph never comes
    to the driver."""

    def large_star(group):
        x, neighbours = group
        m = min(min(neighbours), x)
        return [(n, m) for n in neighbours if n > x]

    def small_star(group):
        x, neighbours = group
        nodes = set(neighbours)
        nodes.add(x)
        m = min(nodes)
        return [(n, m) for n in nodes if n != m]

    edges = edges.flatMap(lambda e: [e, (e[1], e[0])]).distinct().cache()
    for _ in range(max_rounds):
        large = (
            edges.flatMap(lambda e: [e, (e[1], e[0])])
            .groupByKey().flatMap(large_star).distinct().cache()
        )
        small = (
            large.map(lambda e: (e[0], e[1]) if e[1] <= e[0] else (e[1], e[0]))
            .groupByKey().flatMap(small_star).distinct().cache()
        )
        changed = small.subtract(edges).union(edges.subtract(small)).isEmpty() is False
        edges.unpersist()
        large.unpersist()
        edges = small
        if not changed:
            break
    roots = edges.map(lambda e: (e[1], e[1]))
    return edges.union(roots).distinct()


def _clusters_of(threshold):
    def run(group):
        _, (pairs, members) = group
        pairs = list(pairs)
        info = {m[0]: (m[1], m[2], m[3]) for m in members}
        out = []
        for keeper, ms in cd.clusters(pairs, info, threshold):
            out.append((keeper, keeper, True, 1.0))
            for m, sim in ms:
                out.append((m, keeper, False, sim))
        return out
    return run


class _Clock:
    """Seconds per stage, when asked for (each stage is then forced and
    cached before the next starts, so the figures do not overlap)."""

    def __init__(self, timings):
        self.timings = timings
        self.last = time.time()

    def mark(self, stage, data=None):
        if self.timings is None:
            return
        if data is not None:
            data.count()
        now = time.time()
        self.timings[stage] = now - self.last
        self.last = now


def run(spark, source, out, threshold=cd.THRESHOLD, sample=0, seed=0, timings=None):
    """Runs the job; ``timings`` (a dict) receives seconds per stage."""
    clock = _Clock(timings)
    docs = spark.read.parquet(source)
    # A finder's own columns from an earlier run are replaced.
    docs = docs.drop("cluster_id", "is_keeper", "duplicate_of")
    if "text" not in docs.columns:
        raise SystemExit(f"{source}: no 'text' column (the columns are: {', '.join(docs.columns)})")
    types = dict(docs.dtypes)
    if types.get("id") in ("bigint", "int", "smallint", "tinyint"):
        docs = docs.withColumn("_n", F.col("id").cast("long"))
    else:
        docs = docs.withColumn("_n", F.monotonically_increasing_id())
        if "id" not in docs.columns:
            docs = docs.withColumn("id", F.col("_n"))
    title = F.col("title").cast("string") if "title" in docs.columns else F.lit(None).cast("string")
    if "date" not in docs.columns:
        date = F.lit(None).cast("string")
    elif types["date"].startswith("timestamp"):
        # The day the document states, as the app keeps it.
        date = F.to_date("date").cast("string")
    else:
        date = F.col("date").cast("string")
    docs = docs.withColumn("_title", title).withColumn("_date", date).cache()
    core = docs.select("_n", "text", F.col("_title").alias("title"), F.col("_date").alias("date"))
    clock.mark("read", docs)

    # 1. Boilerplate lines (a shuffle of line keys, combined map-side).
    sc = spark.sparkContext
    counts = core.select("text").rdd.mapPartitions(_line_counts).reduceByKey(lambda x, y: x + y)
    boiler_keys = counts.filter(lambda kv: kv[1] >= cd.BOILERPLATE_DOCS).keys().collect()
    keys_bc = sc.broadcast(sorted(boiler_keys))
    clock.mark("boilerplate lines (count line keys)")

    # 2. Signatures (no shuffle).
    signed = spark.createDataFrame(core.rdd.mapPartitions(_sign(keys_bc)), SIGNED).cache()
    clock.mark("sign", signed)

    # 3. Candidates (shuffles on band, anchor, text and notice keys).
    cand = candidates(signed)
    if timings is not None:
        cand = cand.cache()
    clock.mark("candidates (band, anchor, text, notice keys)", cand)

    # 4. Judge: both texts joined to each pair (two shuffles on id).
    side = core.select("_n", "text", "title", "date")
    a = side.select(*(F.col(c).alias(f"a_{c}" if c != "_n" else "a") for c in side.columns))
    b = side.select(*(F.col(c).alias(f"b_{c}" if c != "_n" else "b") for c in side.columns))
    joined = cand.join(a, "a").join(b, "b")
    pairs = spark.createDataFrame(joined.rdd.mapPartitions(_judge(keys_bc)), PAIRS).cache()
    clock.mark("judge pairs (two joins on id)", pairs)
    # The app keeps every duplicate and each document's closest few others.
    closest = Window.partitionBy("a").orderBy(F.desc("containment"), "b")
    closest_b = Window.partitionBy("b").orderBy(F.desc("containment"), "a")
    kept = (
        pairs.withColumn("ra", F.row_number().over(closest))
        .withColumn("rb", F.row_number().over(closest_b))
        .filter((F.col("kind") == "duplicate") | (F.col("ra") <= cd.MAX_SIDE_PAIRS) | (F.col("rb") <= cd.MAX_SIDE_PAIRS))
        .drop("ra", "rb")
    )

    # 5. Components of the duplicate graph (the clusters' threshold is
    # applied per component, by the app's own rule).
    dup = pairs.filter(F.col("kind") == "duplicate")
    comp = connected_components(dup.select("a", "b").rdd.map(lambda r: (r.a, r.b)))
    comp_df = spark.createDataFrame(comp, "node long, component long").cache()
    clock.mark("connected components", comp_df)

    # 6. Clusters per component, as the app builds them.
    members = (
        comp_df.join(signed.select(F.col("_n").alias("node"), "dated", "shingles"), "node")
        .rdd.map(lambda r: (r.component, (r.node, r.dated, r.shingles, r.node)))
    )
    dup_by_comp = (
        dup.join(comp_df.withColumnRenamed("node", "a"), "a")
        .rdd.map(lambda r: (r.component, (r.a, r.b, r.containment, r.coverage, r.jaccard)))
    )
    assigned = dup_by_comp.cogroup(members).flatMap(_clusters_of(threshold))
    assigned_df = spark.createDataFrame(
        assigned, "_n long, _keeper long, _keeper_itself boolean, _similarity double"
    )

    id_of = docs.select("_n", F.col("id") if "id" in docs.columns else F.col("_n").alias("id"))
    keeper_id = id_of.select(F.col("_n").alias("_keeper"), F.col("id").alias("cluster_id"))
    result = (
        docs.join(assigned_df, "_n", "left")
        .join(keeper_id, "_keeper", "left")
        .withColumn("is_keeper", F.coalesce(F.col("_keeper_itself"), F.lit(True)))
        .withColumn("duplicate_of", F.when(~F.col("is_keeper"), F.col("cluster_id")))
    )
    out_cols = [c for c in docs.columns if not c.startswith("_") and c not in ("cluster_id", "is_keeper", "duplicate_of")]
    result = result.select(*out_cols, "cluster_id", "is_keeper", "duplicate_of").cache()
    clock.mark("clusters per component", result)
    result.write.mode("overwrite").parquet(f"{out}/documents")
    named = (
        kept.join(id_of.select(F.col("_n").alias("a"), F.col("id").alias("id_a")), "a")
        .join(id_of.select(F.col("_n").alias("b"), F.col("id").alias("id_b")), "b")
        .select(F.col("id_a").alias("a"), F.col("id_b").alias("b"), "kind", "containment", "coverage", "jaccard")
    )
    named.write.mode("overwrite").parquet(f"{out}/pairs")
    clock.mark("write documents and pairs")

    if sample > 0:
        # N clusters chosen by a seeded hash, without collecting them all.
        chosen = (
            result.filter(F.col("cluster_id").isNotNull()).select("cluster_id").distinct()
            .orderBy(F.xxhash64("cluster_id", F.lit(seed))).limit(sample)
        )
        (
            result.join(chosen, "cluster_id").select(*result.columns)
            .coalesce(1).write.mode("overwrite").parquet(f"{out}/sample")
        )
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="Parquet file or folder of shards with a 'text' column")
    p.add_argument("out", help="output folder (documents/, pairs/, sample/)")
    p.add_argument("--threshold", type=float, default=cd.THRESHOLD)
    p.add_argument("--sample", type=int, default=0, help="write the documents of N clusters to OUT/sample for review in the app")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--master", default=None, help="e.g. local[2] (default: what spark-submit says)")
    args = p.parse_args(argv)
    builder = SparkSession.builder.appName("corpusdesk-dedup")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run(spark, args.input, args.out, args.threshold, args.sample, args.seed)
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
