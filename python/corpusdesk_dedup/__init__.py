"""corpusdesk's duplicate finder, from the same Rust core as the desktop app.

The steps the app runs, one document or one pair at a time, with the app's
parameters (so the results are the app's):

>>> from corpusdesk_dedup import line_keys, Boilerplate, sign, judge
>>> keys = line_keys("Follow us for more.\\nThe story itself.")
>>> boiler = Boilerplate.from_counts({k: 30 for k in keys[:1]})
>>> sig = sign("The story itself, in a few words.", boiler)
>>> sorted(sig)
['anchors', 'bands', 'shingles']

1. ``line_keys(text)`` of every document, counted across the corpus:
   ``Boilerplate.from_counts(counts)`` keeps the lines in at least
   ``BOILERPLATE_DOCS`` documents (mastheads, footers, appeals).
2. ``sign(text, boiler)``: LSH band keys and anchor shingles. Candidates are
   documents sharing a band key (buckets of 2..``MAX_BUCKET``), sharing at
   least ``ANCHOR_MIN_SHARED`` anchors held by 2..``ANCHOR_MAX_DF``
   documents, with the same ``text_key`` or (short notices) ``notice_key``.
3. ``judge(a..., b..., boiler, shingles=, same_text=, notice=)`` for each
   candidate pair, the lower id first: duplicate / related / template, or
   None.
4. ``clusters(pairs, members)`` over the duplicate pairs of one connected
   component: stars around keepers, as the app builds them.

``find_duplicates`` glues the four in memory (a few hundred thousand
documents); ``jobs/dedup_spark.py`` in the repository glues them with Spark.
"""

from ._core import (  # noqa: F401
    ANCHOR_MAX_DF,
    ANCHOR_MIN_SHARED,
    BANDS,
    BOILERPLATE_DOCS,
    EXTRA_GROUP,
    MAX_BUCKET,
    MAX_SIDE_PAIRS,
    SHORT_NOTICE_BYTES,
    THRESHOLD,
    Boilerplate,
    __version__,
    clusters,
    judge,
    line_keys,
    normalise,
    notice_key,
    sign,
    text_key,
    title,
)
from .local import find_duplicates  # noqa: F401

__all__ = [
    "ANCHOR_MAX_DF", "ANCHOR_MIN_SHARED", "BANDS", "BOILERPLATE_DOCS", "EXTRA_GROUP",
    "MAX_BUCKET", "MAX_SIDE_PAIRS", "SHORT_NOTICE_BYTES", "THRESHOLD", "Boilerplate",
    "__version__", "clusters", "find_duplicates", "judge", "line_keys", "normalise",
    "notice_key", "sign", "text_key", "title",
]
