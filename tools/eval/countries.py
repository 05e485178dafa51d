#!/usr/bin/env python3
"""Score inferred countries against a labelled JSON Lines collection.

    tools/eval/countries.py GROUND_TRUTH PREDICTIONS [--per-country N] [--errors N]

GROUND_TRUTH is JSON Lines (optionally .xz or .gz) in the interchange form:
one object a line with "id" and "countries" (country names), e.g.
../shared/datasets/reuters21578/articles.jsonl.xz.

PREDICTIONS is JSON Lines (optionally compressed) with one object per
article holding "id" and "countryCodes" (ISO alpha-2), as printed by
`dossier ingest FILE --dry-run --json --infer-only`; other keys are ignored.

Ground-truth names are mapped to codes with the gazetteer
(Sources/NewsEnrich/Resources/gazetteer.json: names, aliases, demonyms, then
ambiguous names held by one country, compared case- and accent-insensitively),
then with tools/eval/reuters-places.json (Reuters place labels such as
"west-germany"). Codes are compared as sets per article (East and West
Germany are both DE). Prints micro precision, recall and F1 over
(article, country) pairs, with counts. Articles missing from PREDICTIONS count
as predicting nothing (unless --only-predicted). Standard library only.
"""

import argparse
import collections
import gzip
import json
import lzma
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAZETTEER = os.path.join(ROOT, "Sources", "NewsEnrich", "Resources", "gazetteer.json")
REUTERS_PLACES = os.path.join(ROOT, "tools", "eval", "reuters-places.json")

_TRANSLIT = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
    "ı": "i", "ß": "ss", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D",
})
_QUOTES = "\u2018\u2019\u201a\u201b\u02bc\u0060\u00b4\u2032"


def fold(text):
    """Case-, accent- and punctuation-insensitive key."""
    text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    for quote in _QUOTES:
        text = text.replace(quote, "'")
    text = text.replace("-", " ").replace(".", " ")
    return " ".join(text.split())


def open_text(path):
    if path.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8")
    if path.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def name_map():
    """Folded country name -> code, from the gazetteer and the Reuters label map."""
    with open(GAZETTEER, encoding="utf-8") as handle:
        gazetteer = json.load(handle)
    names = {}
    ambiguous = collections.defaultdict(set)
    for country in gazetteer["countries"]:
        code = country["code"]
        for text in [country["name"]] + country.get("aliases", []) + country.get("demonyms", []):
            names.setdefault(fold(text), code)
        for text in country.get("ambiguousNames", []):
            ambiguous[fold(text)].add(code)
        names.setdefault(fold(code), code)
    for key, codes in ambiguous.items():
        if len(codes) == 1:
            names.setdefault(key, next(iter(codes)))
    if os.path.exists(REUTERS_PLACES):
        with open(REUTERS_PLACES, encoding="utf-8") as handle:
            for label, code in json.load(handle).items():
                if code:
                    names.setdefault(fold(label), code)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ground_truth")
    parser.add_argument("predictions")
    parser.add_argument("--per-country", type=int, default=0, metavar="N",
                        help="also print the N most frequent countries' own scores")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also print N articles with errors")
    parser.add_argument("--only-predicted", action="store_true",
                        help="score only the articles PREDICTIONS holds (an ingest that skips duplicates)")
    args = parser.parse_args()

    names = name_map()
    truth = {}
    unmapped = collections.Counter()
    with open_text(args.ground_truth) as handle:
        for line in handle:
            if not line.strip():
                continue
            article = json.loads(line)
            codes = set()
            for name in article.get("countries") or []:
                code = names.get(fold(name))
                if code:
                    codes.add(code)
                else:
                    unmapped[name] += 1
            truth[str(article["id"])] = codes

    predicted = {}
    with open_text(args.predictions) as handle:
        for line in handle:
            if not line.strip():
                continue
            article = json.loads(line)
            predicted[str(article["id"])] = set(code.upper() for code in article.get("countryCodes") or [])

    tp = fp = fn = 0
    per_country = collections.defaultdict(lambda: [0, 0, 0])
    errors = []
    missing = 0
    for article_id, gold in truth.items():
        if article_id not in predicted:
            missing += 1
            if args.only_predicted:
                continue
        guess = predicted.get(article_id, set())
        for code in guess & gold:
            per_country[code][0] += 1
        for code in guess - gold:
            per_country[code][1] += 1
        for code in gold - guess:
            per_country[code][2] += 1
        tp += len(guess & gold)
        fp += len(guess - gold)
        fn += len(gold - guess)
        if guess != gold and len(errors) < args.errors:
            errors.append((article_id, sorted(gold), sorted(guess)))
    extra = len(set(predicted) - set(truth))

    def prf(t, p, n):
        precision = t / (t + p) if t + p else 0.0
        recall = t / (t + n) if t + n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    precision, recall, f1 = prf(tp, fp, fn)
    print(f"articles:        {len(truth)} labelled, {len(predicted)} predicted"
          f" ({missing} missing{', not scored' if args.only_predicted else ''}, {extra} not in the ground truth)")
    print(f"country labels:  {tp + fn} gold, {tp + fp} predicted")
    print(f"true positives:  {tp}")
    print(f"false positives: {fp}")
    print(f"false negatives: {fn}")
    print(f"precision:       {precision:.4f}")
    print(f"recall:          {recall:.4f}")
    print(f"F1:              {f1:.4f}")
    if unmapped:
        print(f"unmapped ground-truth names: {dict(unmapped)}")
    if args.per_country:
        print(f"\n{'code':6}{'gold':>7}{'P':>8}{'R':>8}{'F1':>8}")
        ranked = sorted(per_country.items(), key=lambda item: -(item[1][0] + item[1][2]))
        for code, (t, p, n) in ranked[:args.per_country]:
            cp, cr, cf = prf(t, p, n)
            print(f"{code:6}{t + n:>7}{cp:>8.3f}{cr:>8.3f}{cf:>8.3f}")
    for article_id, gold, guess in errors:
        print(f"{article_id}: gold {gold} predicted {guess}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
