#!/usr/bin/env python3
"""The fixed query mix of the search benchmark: deterministic (seeded), one
query per line in Dossier's query language, written for news archives like
Reuters-21578 and the generated corpora (tools/gen-corpus.py).

The mix: single words, two and three words (all must match), phrases, phrases
with a word, a word with a country filter, a word with a category filter, an
OR of two words, and a NOT.

Usage: tools/bench/queries.py [--count N] [--seed S]   (default 320 queries, seed 7)
"""
import argparse
import random

WORDS = """oil trade bank rates shares profit election government minister talks strike prices dollar
coffee wheat sugar gold tax deficit merger acquisition war military sanctions coup police court market
exports imports crude opec inflation growth unemployment debt loan bond yen stock budget reform protest
vote parliament president currency earnings dividend takeover refinery pipeline tanker drought harvest
grain soybean copper steel airline shipping port attack rebels troops ceasefire treaty summit embassy
refugees aid famine flood earthquake hospital virus vaccine football cup olympic champion film music
computer software internet phone telecom energy nuclear coal gas electricity""".split()

PHRASES = [
    "interest rates", "central bank", "trade deficit", "prime minister", "oil prices", "stock market",
    "money supply", "net profit", "united states", "west germany", "foreign exchange", "finance minister",
    "security council", "human rights", "world bank", "european union", "crude oil", "budget deficit",
    "general election", "peace talks", "share price", "annual meeting", "chief executive", "trade talks",
]

COUNTRIES = ["us", "gb", "jp", "de", "fr", "br", "ca", "cn", "au", "ru", "in", "ng", "za", "eg", "ar"]
CATEGORIES = ["earn", "acq", "crude", "trade", "money-fx", "grain", "interest", "business", "politics",
              "sport", "tech", "entertainment", "world", "sci/tech"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=320)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds = [
        lambda: rng.choice(WORDS),
        lambda: " ".join(rng.sample(WORDS, 2)),
        lambda: " ".join(rng.sample(WORDS, 3)),
        lambda: '"%s"' % rng.choice(PHRASES),
        lambda: '"%s" %s' % (rng.choice(PHRASES), rng.choice(WORDS)),
        lambda: "%s country:%s" % (rng.choice(WORDS), rng.choice(COUNTRIES)),
        lambda: '%s category:"%s"' % (rng.choice(WORDS), rng.choice(CATEGORIES)),
        lambda: "%s OR %s" % tuple(rng.sample(WORDS, 2)),
        lambda: "%s NOT %s" % tuple(rng.sample(WORDS, 2)),
    ]
    weights = [4, 3, 1, 2, 1, 2, 1, 1, 1]
    for _ in range(args.count):
        print(rng.choices(kinds, weights)[0]())


if __name__ == "__main__":
    main()
