"""The finder's steps glued in memory: the reference the Spark job follows,
and the way to de-duplicate a corpus that fits one machine from Python."""

from collections import defaultdict
from itertools import combinations

from . import _core


def _title(doc):
    """The document's title, else the one the app would give it."""
    t = doc.get("title")
    return t if t is not None else _core.title(doc["text"])


def _group_pairs(groups, cap):
    """Each member of a group paired with the first ``cap + 1`` (by id)."""
    out = set()
    for ids in groups.values():
        if len(ids) < 2:
            continue
        ids = sorted(ids)
        head = ids[: cap + 1]
        for a in ids:
            for b in head:
                if a != b:
                    out.add((min(a, b), max(a, b)))
    return out


def candidates(docs, signed):
    """Candidate pairs ``{(a, b): (shingles, same_text, notice)}`` of
    ``docs`` (dicts with id, text, title, date) and their signatures.
    A document without a title gets the one the app would give it."""
    buckets = defaultdict(list)
    postings = defaultdict(list)
    for d in docs:
        s = signed[d["id"]]
        for b in s["bands"]:
            buckets[b].append(d["id"])
        for a in s["anchors"]:
            postings[a].append(d["id"])
    shingle_pairs = set()
    for ids in buckets.values():
        if 2 <= len(ids) <= _core.MAX_BUCKET:
            for a, b in combinations(ids, 2):
                shingle_pairs.add((min(a, b), max(a, b)))
    shared = defaultdict(int)
    for ids in postings.values():
        if 2 <= len(ids) <= _core.ANCHOR_MAX_DF:
            for a, b in combinations(ids, 2):
                if a != b:
                    shared[(min(a, b), max(a, b))] += 1
    shingle_pairs.update(p for p, n in shared.items() if n >= _core.ANCHOR_MIN_SHARED)
    same, notices = defaultdict(list), defaultdict(list)
    for d in docs:
        same[_core.text_key(d["text"])].append(d["id"])
        k = _core.notice_key(_title(d), d.get("date"), d["text"])
        if k is not None:
            notices[k].append(d["id"])
    text_pairs = _group_pairs(same, _core.EXTRA_GROUP)
    notice_pairs = _group_pairs(notices, _core.EXTRA_GROUP)
    return {
        p: (p in shingle_pairs, p in text_pairs, p in notice_pairs)
        for p in shingle_pairs | text_pairs | notice_pairs
    }


def find_duplicates(docs, threshold=_core.THRESHOLD, boilerplate_docs=_core.BOILERPLATE_DOCS):
    """De-duplicates ``docs``: dicts with ``id`` (int), ``text``, and
    optionally ``title``, ``date`` (the date the document states) and
    ``order`` (earliest keeps ties).

    Returns ``(pairs, clusters)``: every judged pair as a dict (a, b, kind,
    containment, coverage, jaccard, passages), and the clusters as
    ``(keeper, [(member, similarity), ...])``.
    """
    counts = defaultdict(int)
    for d in docs:
        for k in _core.line_keys(d["text"]):
            counts[k] += 1
    boiler = _core.Boilerplate.from_counts(dict(counts), boilerplate_docs)
    signed = {d["id"]: _core.sign(d["text"], boiler) for d in docs}
    by_id = {d["id"]: d for d in docs}
    pairs = []
    for (a, b), (shingles, same_text, notice) in sorted(candidates(docs, signed).items()):
        x, y = by_id[a], by_id[b]
        v = _core.judge(
            x["text"], _title(x), x.get("date"),
            y["text"], _title(y), y.get("date"),
            boiler, shingles=shingles, same_text=same_text, notice=notice,
        )
        if v is not None:
            v["a"], v["b"] = a, b
            pairs.append(v)
    duplicates = [
        (p["a"], p["b"], p["containment"], p["coverage"], p["jaccard"])
        for p in pairs
        if p["kind"] == "duplicate"
    ]
    members = {
        d["id"]: (d.get("date") is not None, signed[d["id"]]["shingles"], d.get("order", 0))
        for d in docs
    }
    return pairs, _core.clusters(duplicates, members, threshold)
