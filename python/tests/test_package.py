"""The package: the app's steps from Python (python3 -m unittest discover -s python/tests)."""

import unittest
from pathlib import Path

import corpusdesk_dedup as cd

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT.parent / "shared" / "samples").glob("*.txt"))


def words(seed, n):
    vocab = ("minister talks border ceasefire harvest railway bank rates inflation "
             "province envoy summit drought coalition election workers strike").split()
    out, x = [], seed
    for i in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append(vocab[x % len(vocab)])
        if i % 20 == 19:
            out.append("\n")
    return " ".join(out)


class Package(unittest.TestCase):
    def test_the_two_samples_are_one_story(self):
        self.assertEqual(len(SAMPLES), 2, "the two sample stories beside the repository")
        a, b = (p.read_text(encoding="utf-8") for p in SAMPLES[:2])
        v = cd.judge(a, "", "2023-04-25", b, "", "2023-04-25")
        self.assertIsNotNone(v)
        self.assertEqual(v["kind"], "duplicate")
        self.assertGreater(v["containment"], cd.THRESHOLD)
        self.assertTrue(v["passages"])
        a_start, a_end, b_start, b_end = v["passages"][0]
        self.assertLess(a_start, a_end)
        self.assertLess(b_start, b_end)

    def test_unrelated_texts_are_not_a_pair(self):
        self.assertIsNone(cd.judge(words(1, 300), "A", None, words(2, 300), "B", None))

    def test_signatures_have_a_key_per_band_and_are_stable(self):
        text = words(3, 400)
        s = cd.sign(text)
        self.assertEqual(len(s["bands"]), cd.BANDS)
        self.assertEqual(s, cd.sign(text))
        self.assertGreater(s["shingles"], 300)
        self.assertTrue(all(-(1 << 63) <= k < (1 << 63) for k in s["bands"]))
        # No words: nothing to propose.
        self.assertEqual(cd.sign("   \n  ")["bands"], [])

    def test_boilerplate_lines_are_left_out_of_the_body(self):
        footer = "Follow our channel for the latest headlines and more."
        text = words(4, 60) + "\n" + footer
        keys = cd.line_keys(text)
        footer_key = cd.line_keys(footer)[0]
        self.assertIn(footer_key, keys)
        boiler = cd.Boilerplate.from_counts({footer_key: cd.BOILERPLATE_DOCS, keys[0]: 1})
        self.assertEqual(len(boiler), 1)
        self.assertEqual(boiler.keys(), [footer_key])
        self.assertLess(cd.sign(text, boiler)["shingles"], cd.sign(text)["shingles"])

    def test_same_text_and_notice_keys(self):
        self.assertEqual(cd.text_key("A  story\r\n"), cd.text_key("A story\n"))
        self.assertNotEqual(cd.text_key("A story"), cd.text_key("Another story"))
        self.assertIsNotNone(cd.notice_key("Acme Corp <ACME> sets dividend", "1987-03-04", "Short."))
        self.assertIsNone(cd.notice_key("Acme Corp <ACME> sets dividend", "1987-03", "Short."))
        self.assertIsNone(cd.notice_key("Acme Corp <ACME> sets dividend", "1987-03-04", "x" * 5000))

    def test_clusters_are_stars_around_the_dated_longest(self):
        pairs = [(1, 2, 0.9, 0.9, 0.8), (2, 3, 0.9, 0.9, 0.8)]
        members = {1: (False, 100, 0), 2: (True, 50, 0), 3: (False, 10, 0)}
        self.assertEqual(cd.clusters(pairs, members), [(2, [(1, 0.9), (3, 0.9)])])
        with self.assertRaises(ValueError):
            cd.clusters(pairs, members, threshold=1.5)

    def test_find_duplicates_glues_the_steps(self):
        story = words(5, 400)
        copy = "THE DAILY HERALD\n" + story.replace("railway", "railroad", 2)
        docs = [
            {"id": 1, "text": story, "title": "Talks", "date": "2021-03-04"},
            {"id": 2, "text": copy, "title": "Talks", "date": "2021-03-05"},
            {"id": 3, "text": words(6, 400), "title": "Other"},
        ]
        pairs, clusters = cd.find_duplicates(docs)
        self.assertEqual([(p["a"], p["b"], p["kind"]) for p in pairs], [(1, 2, "duplicate")])
        # Both dated: the longer body (the masthead's words) keeps.
        self.assertEqual([(k, [m for m, _ in ms]) for k, ms in clusters], [(2, [1])])

    def test_a_long_single_line_text_is_signed_and_judged(self):
        long = words(7, 200_000).replace("\n", " ")  # about 1.5 MB on one line
        s = cd.sign(long)
        self.assertEqual(len(s["bands"]), cd.BANDS)
        v = cd.judge(long, "", None, long[: len(long) // 2], "", None)
        self.assertIsNotNone(v)

    def test_a_text_without_a_title_gets_the_apps(self):
        self.assertEqual(cd.title("\n\nHarbour wall falls in storm\n\nThe wall fell."), "Harbour wall falls in storm")

    def test_normalise_folds_quotes_dashes_and_case(self):
        self.assertEqual(cd.normalise("Hello “World” — it’s"), "hello \"world\" - it's")


if __name__ == "__main__":
    unittest.main()
