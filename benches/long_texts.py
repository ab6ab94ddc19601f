#!/usr/bin/env python3
"""Writes a corpus with a long tail: 20,000 short texts (10% near copies), a
6.8 MB single-line text and a 5.9 MB paragraphed one that quotes three of the
stories. For timing the duplicate search on texts of any length:

    python3 benches/long_texts.py /tmp/long
    corpusdesk import --library /tmp/long/l.db /tmp/long/corpus
    /usr/bin/time -v corpusdesk dedup --library /tmp/long/l.db --full
"""
import os
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/long"
random.seed(5)
syll = ["ka", "lo", "mi", "ren", "tas", "vel", "do", "pri", "sun", "mar", "te", "go",
        "lin", "bra", "zo", "qui", "nel", "fa"]
words = sorted({"".join(random.choice(syll) for _ in range(random.randint(1, 3)))
                for _ in range(20000)})
corpus = os.path.join(out, "corpus")
os.makedirs(corpus, exist_ok=True)


def para(n):
    return " ".join(random.choice(words) for _ in range(n)).capitalize() + "."


stories = []
for i in range(20000):
    if stories and random.random() < 0.1:
        w = random.choice(stories).split(" ")
        for _ in range(5):
            w[random.randrange(len(w))] = random.choice(words)
        txt = " ".join(w)
    else:
        txt = "\n\n".join(para(random.randint(40, 90)) for _ in range(random.randint(3, 8)))
        stories.append(txt)
    with open(os.path.join(corpus, f"{i:05d}.txt"), "w") as f:
        f.write(para(6) + "\n\n" + txt + "\n")
with open(os.path.join(corpus, "log-5mb.txt"), "w") as f:
    f.write(" ".join(random.choice(words) for _ in range(800000)))
parts = [para(100) for _ in range(7000)]
for k in (10, 20, 30):
    parts.insert(k * 100, stories[k])
with open(os.path.join(corpus, "book-5mb.txt"), "w") as f:
    f.write("\n\n".join(parts))
