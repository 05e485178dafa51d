#!/usr/bin/python3
"""Reference indexer: Dossier's schema written directly against Xapian.

A straightforward single-process indexer with Debian's python3-xapian, to
compare `dossier index` against. It reads ENRICHED articles, the JSON lines
printed by `dossier ingest FILE --dry-run --json`, and does the indexing work
Sources/NewsModel/Schema.swift (schema version 7) describes, nothing more:

- text: a TermGenerator with the English stemmer, STEM_SOME and FLAG_SPELLING
  (the database set, so spelling data is written); the title with weight 5 and
  prefix "S", the title again unprefixed, increase_termpos(100), then the body,
  all with positions; text folded as TextNormalizer.fold does (compatibility
  decomposition with accents dropped, typographic quotes and apostrophes made
  plain, dashes made hyphens);
- word pairs: XP + word + " " + next word, wdf 0, for every two neighbouring
  positions of unprefixed terms, neither a stop word (Schema.wordPairs, as
  cxapian_document_add_word_pairs writes them from the document's positions);
- boolean terms: Q+id; XC+country code, XK+category, XT+topic, XS+source
  name (not when the source is a path) folded and lower-cased, hashed past 240
  bytes (Schema.term); XF+the input file's absolute path (Schema.fileTerm;
  --file, else the source when it is a path, else the enriched file's path,
  since the enriched JSON does not name the corpus file); XH+the text hash
  (below); D+YYYYMMDD and Y+YYYY when there is a date;
- values: 0 YYYYMMDD; 1/2/3 the sorted distinct country codes / categories /
  topics joined by U+001F (Schema.facetValue); 4 YYYY-MM; 6 Schema.textHash of
  the body (FNV-1a-64, 16 hex digits, of its folded, lower-cased letters only);
  7 every value of slots 1-4 tagged c/k/t/m, as a packed list (little-endian
  base-128 varint length, then the bytes); 8 the arrival stamp (one UTC time to
  the millisecond for the whole run, as a rebuild into an empty folder stamps);
- data: the article in StoredArticle's binary form, with its text hash and
  arrival stamp after it (schema 7);
- replace_document("Q"+id, doc); Xapian commits by itself every
  XAPIAN_FLUSH_THRESHOLD documents (default 10,000; --flush-threshold sets
  it), and once at the end.

It does not read raw corpora or enrich: its input is already enriched.

Usage:
  dossier ingest corpus.jsonl --dry-run --json > enriched.jsonl
  /usr/bin/python3 tools/bench/reference-index.py enriched.jsonl --index /tmp/ref --compact /tmp/refc

Prints articles, seconds, articles/s, MB/s and the index size (du -sb) at the
end; --stats FILE also writes them as JSON (for tools/bench/index.sh).
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import unicodedata

try:
    import xapian
except ImportError:
    sys.exit(
        "reference-index: cannot import xapian: install Debian's python3-xapian and run this with "
        "/usr/bin/python3 (the pyenv python3 first on PATH does not see it)"
    )

# Schema.swift
TITLE_WEIGHT = 5
TITLE_TEXT_WEIGHT = 3  # Schema.titleTextWeight: title words in the unprefixed text
TITLE_GAP = 100
SLOT_DATE, SLOT_TEXT_HASH = 0, 6  # Schema.Slot
SLOT_COUNTRIES, SLOT_CATEGORIES, SLOT_TOPICS, SLOT_MONTH = 1, 2, 3, 4  # Schema.facetSlots
SLOT_FACETS = 7  # Schema.Slot.facets: every facet value again, tagged (c, k, t, m), packed
SLOT_ARRIVED = 8  # Schema.Slot.arrived: when the article came into the index
ARRIVED = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".000Z"  # Schema.arrivalStamp
SCHEMA_VERSION = "7"
WORD_PAIR_PREFIX = "XP"  # Schema.wordPairs
STOP_WORDS = frozenset("""
    a about above after again against all am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her
    here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
""".split())  # Schema.stopWords: in no word pair
STOP_WORD_BYTES = frozenset(w.encode() for w in STOP_WORDS)
PAIR_PREFIX_BYTES = WORD_PAIR_PREFIX.encode()

FACET_SEPARATOR = "\x1f"  # Schema.facetSeparator

# TextNormalizer.swift: characters mapped before decomposition.
SPECIAL = {}
for chars, to in [
    ("’‘‛ʼ′´", "'"),  # "`" is ASCII and left alone, as in Swift's fast path
    ("“”„‟″«»", '"'),
    ("–—‐‑‒−", "-"),
    ("\u00a0\u2007\u202f\u2009\u200a", " "),
]:
    for c in chars:
        SPECIAL[c] = to
SPECIAL.update({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "đ": "d", "ð": "d",
                "Đ": "D", "Ð": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "Th"})

# Code points with the Unicode Diacritic property that are not nonspacing marks
# (Unicode 14, from Perl's \p{Diacritic}), plus ^ and ` which a decomposition
# can produce (fullwidth ＾ → ^): Swift drops every decomposed scalar that is a
# diacritic or a nonspacing mark.
DIACRITIC_RANGES = [
    (0x5E, 0x5E), (0x60, 0x60), (0xA8, 0xA8), (0xAF, 0xAF), (0xB4, 0xB4), (0xB7, 0xB8), (0x2B0, 0x2FF),
    (0x374, 0x375), (0x37A, 0x37A), (0x384, 0x385), (0x559, 0x559), (0x6E5, 0x6E6), (0x7F4, 0x7F5),
    (0x8C9, 0x8C9), (0x971, 0x971), (0xF3E, 0xF3F), (0x1063, 0x1064), (0x1069, 0x106D), (0x1087, 0x108C),
    (0x108F, 0x108F), (0x109A, 0x109B), (0x1715, 0x1715), (0x1ABE, 0x1ABE), (0x1B44, 0x1B44),
    (0x1BAA, 0x1BAA), (0x1C78, 0x1C7D), (0x1CD3, 0x1CD3), (0x1CE1, 0x1CE1), (0x1CF7, 0x1CF7),
    (0x1D2C, 0x1D6A), (0x1FBD, 0x1FBD), (0x1FBF, 0x1FC1), (0x1FCD, 0x1FCF), (0x1FDD, 0x1FDF),
    (0x1FED, 0x1FEF), (0x1FFD, 0x1FFE), (0x2E2F, 0x2E2F), (0x302E, 0x302F), (0x309B, 0x309C),
    (0x30FC, 0x30FC), (0xA67F, 0xA67F), (0xA69C, 0xA69D), (0xA700, 0xA721), (0xA788, 0xA78A),
    (0xA7F8, 0xA7F9), (0xA92E, 0xA92E), (0xA953, 0xA953), (0xA9C0, 0xA9C0), (0xAA7B, 0xAA7B),
    (0xAA7D, 0xAA7D), (0xAAC0, 0xAAC0), (0xAAC2, 0xAAC2), (0xAB5B, 0xAB5F), (0xAB69, 0xAB6B),
    (0xABEC, 0xABEC), (0xFF3E, 0xFF3E), (0xFF40, 0xFF40), (0xFF70, 0xFF70), (0xFF9E, 0xFF9F),
    (0xFFE3, 0xFFE3), (0x10780, 0x10785), (0x10787, 0x107B0), (0x107B2, 0x107BA), (0x10D22, 0x10D23),
    (0x111C0, 0x111C0), (0x11235, 0x11235), (0x1134D, 0x1134D), (0x116B6, 0x116B6), (0x1193D, 0x1193D),
    (0x16F93, 0x16F9F), (0x16FF0, 0x16FF1), (0x1AFF0, 0x1AFF3), (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE),
    (0x1D16D, 0x1D172),
]


def is_diacritic(cp):
    for lo, hi in DIACRITIC_RANGES:
        if cp < lo:
            return False
        if cp <= hi:
            return True
    return False


class FoldTable(dict):
    """str.translate table: each non-ASCII character folded once, then cached."""

    def __missing__(self, cp):
        c = chr(cp)
        if cp < 0x80:
            out = c  # ASCII is never changed (not even ^ and `, which are diacritics)
        elif c in SPECIAL:
            out = SPECIAL[c]
        else:
            out = "".join(
                s for s in unicodedata.normalize("NFKD", c)
                if unicodedata.category(s) != "Mn" and not is_diacritic(ord(s))
            )
        self[cp] = out
        return out


FOLD = FoldTable()


def fold(text):
    """TextNormalizer.fold: ASCII unchanged; other characters mapped one by one."""
    return text if text.isascii() else text.translate(FOLD)


FNV_OFFSET, FNV_PRIME, MASK64 = 0xCBF29CE484222325, 0x100000001B3, 0xFFFFFFFFFFFFFFFF


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK64
    return h


def term(prefix, value):
    """Schema.term: prefix + folded lower-case value, trimmed to Xapian's term limit."""
    t = prefix + fold(value).lower()
    raw = t.encode("utf-8")
    if len(raw) <= 240:
        return t
    return raw[:200].decode("utf-8", "replace") + "#" + format(fnv1a64(raw), "x")


def pack(values):
    """A packed list (Document.addValues): each string's UTF-8 length as a little-endian base-128
    varint, then its bytes."""
    out = bytearray()
    for v in values:
        raw = v.encode("utf-8")
        n = len(raw)
        while n >= 0x80:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)
        out += raw
    return bytes(out)


def facet_values(values):
    """Schema.facetValues: the distinct values, separator removed, empty ones dropped, sorted (by
    UTF-8 bytes, as Swift's String order agrees for these)."""
    cleaned = {v.replace(FACET_SEPARATOR, "") for v in values}
    cleaned.discard("")
    return sorted(cleaned, key=lambda v: v.encode("utf-8"))


def facet_value(values):
    """Schema.facetValue: facet_values joined by the separator."""
    return FACET_SEPARATOR.join(facet_values(values))


NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def text_hash(body):
    """Schema.textHash: FNV-1a-64 of the UTF-8 of the folded, lower-cased text's
    letters (digits, punctuation and white space left out), as 16 hex digits.
    (Python's isalpha is Swift's isAlphabetic but for rare marks and numerals.)"""
    text = fold(body).lower()
    if text.isascii():
        raw = text.encode("ascii").translate(None, NOT_LETTERS)
    else:
        raw = "".join(c for c in text if c.isalpha()).encode("utf-8")
    return format(fnv1a64(raw), "016x")


def file_term(path):
    """Schema.fileTerm: XF + the path as given, a hash when too long."""
    t = "XF" + path
    if len(t.encode("utf-8")) <= 240:
        return t
    return "XF#" + format(fnv1a64(path.encode("utf-8")), "x")


def stored_article(a, body_hash, arrived):
    """NewsModel/StoredArticle.swift: the document data, 0xD1 then each field
    as varint-length UTF-8 (optional: length + 1, 0 absent; list: count, items),
    then one byte per provenance field (0 none, 1 source, 2 inferred), then
    (schema 7) 0xE7 and the text hash and arrival stamp as strings."""
    out = bytearray([0xD1])

    def varint(n):
        while n >= 0x80:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)

    def string(s):
        b = (s or "").encode("utf-8")
        varint(len(b))
        out.extend(b)

    def optional(s):
        if s is None:
            varint(0)
        else:
            b = s.encode("utf-8")
            varint(len(b) + 1)
            out.extend(b)

    def items(values):
        varint(len(values or []))
        for v in values or []:
            string(v)

    string(a["id"]); string(a.get("title")); string(a.get("body"))
    optional(a.get("date")); items(a.get("countries")); items(a.get("countryCodes"))
    optional(a.get("primaryCountry")); items(a.get("categories")); items(a.get("topics"))
    string(a.get("source")); optional(a.get("url"))
    p = a.get("provenance") or {}
    for key in ("id", "title", "date", "countries", "categories", "topics"):
        out.append({None: 0, "source": 1, "inferred": 2}[p.get(key)])
    out.append(0xE7)
    string(body_hash)
    string(arrived)
    return bytes(out)


def compact_date(date):
    """Schema.compactDate: YYYYMMDD from YYYY-MM-DD, else None."""
    digits = date.replace("-", "")
    if len(date.encode("utf-8")) == 10 and len(digits) == 8 and digits.isascii() and digits.isdigit():
        return digits
    return None


def du_bytes(path):
    """Size as `du -sb` counts it (apparent size, directories included)."""
    try:
        return int(subprocess.run(["du", "-sb", path], capture_output=True, text=True, check=True).stdout.split()[0])
    except (subprocess.CalledProcessError, FileNotFoundError, ValueError, IndexError):
        total = 0
        for root, _, files in os.walk(path):
            total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
        return total


def add_word_pairs(doc):
    """The word pairs of the text indexed into doc (Schema.wordPairs)."""
    by_position = {}
    for item in doc.termlist():
        word = item.term
        if not word or 65 <= word[0] <= 90 or word in STOP_WORD_BYTES:  # prefixed (capitals) or a stop word
            continue
        for position in item.positer:
            by_position.setdefault(position, []).append(word)
    pairs = set()
    for position, words in by_position.items():
        following = by_position.get(position + 1)
        if following:
            for first in words:
                for second in following:
                    pairs.add(PAIR_PREFIX_BYTES + first + b" " + second)
    for pair in pairs:
        if len(pair) + pair.count(0) <= 240:
            doc.add_term(pair, 0)


def main():
    parser = argparse.ArgumentParser(
        description="Index enriched articles (dossier ingest --dry-run --json) with Dossier's schema, "
        "directly with python3-xapian, as a reference for dossier index.")
    parser.add_argument("input", help="enriched JSON lines, or - for standard input")
    parser.add_argument("--index", required=True, help="the index folder to create (overwritten)")
    parser.add_argument("--flush-threshold", type=int,
                        help="documents between commits (default: XAPIAN_FLUSH_THRESHOLD, else Xapian's 10,000)")
    parser.add_argument("--compact", metavar="DIR", help="also write a compacted copy there and report its size")
    parser.add_argument("--stats", metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument("--file", metavar="PATH",
                        help="the corpus file the articles came from, for the XF term (default: the source when "
                        "it is a path, else the input's absolute path)")
    args = parser.parse_args()
    default_file = args.file or ("-" if args.input == "-" else os.path.abspath(args.input))

    if args.flush_threshold is not None:
        if args.flush_threshold <= 0:
            parser.error("--flush-threshold must be positive")
        # Xapian reads it when the writable database is opened.
        os.environ["XAPIAN_FLUSH_THRESHOLD"] = str(args.flush_threshold)
    threshold = int(os.environ.get("XAPIAN_FLUSH_THRESHOLD") or 10000)

    source = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")
    started = time.monotonic()
    python_seconds = 0.0
    os.makedirs(args.index, exist_ok=True)
    db = xapian.WritableDatabase(args.index, xapian.DB_CREATE_OR_OVERWRITE)
    generator = xapian.TermGenerator()
    generator.set_stemmer(xapian.Stem("english"))
    generator.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    generator.set_database(db)
    generator.set_flags(xapian.TermGenerator.FLAG_SPELLING)

    articles = 0
    input_bytes = 0
    for line in source:
        input_bytes += len(line)
        line = line.strip()
        if not line:
            continue
        t0 = time.monotonic()
        a = json.loads(line)
        title = fold(a.get("title") or "")
        body_text = a.get("body") or ""
        body = fold(body_text)
        date = a.get("date")
        codes = a.get("countryCodes") or []
        categories = a.get("categories") or []
        topics = a.get("topics") or []
        source_name = a.get("source") or ""
        terms = ["Q" + a["id"]]
        terms += [term("XC", c) for c in codes]
        terms += [term("XK", c) for c in categories]
        terms += [term("XT", t) for t in topics]
        if source_name and "/" not in source_name:
            terms.append(term("XS", source_name))
            path = args.file or default_file
        else:
            path = args.file or source_name or default_file
        if path != "-":
            terms.append(file_term(path))
        values = []
        ymd = compact_date(date) if date else None
        if ymd:
            terms += ["Y" + ymd[:4], "D" + ymd]
            values.append((SLOT_DATE, ymd))
        body_hash = text_hash(body_text)
        values.append((SLOT_TEXT_HASH, body_hash))
        values.append((SLOT_ARRIVED, ARRIVED))
        terms.append("XH" + body_hash)
        tagged = []
        for slot, tag, items in (
            (SLOT_COUNTRIES, "c", codes),
            (SLOT_CATEGORIES, "k", categories),
            (SLOT_TOPICS, "t", topics),
            (SLOT_MONTH, "m", [date[:7]] if ymd else []),
        ):
            distinct = facet_values(items)
            if distinct:
                values.append((slot, FACET_SEPARATOR.join(distinct)))
            tagged += [tag + v for v in distinct]
        values.append((SLOT_FACETS, pack(tagged)))
        python_seconds += time.monotonic() - t0

        doc = xapian.Document()
        generator.set_document(doc)
        generator.index_text(title, TITLE_WEIGHT, "S")
        generator.index_text(title, TITLE_TEXT_WEIGHT)
        generator.increase_termpos(TITLE_GAP)
        generator.index_text(body)
        t0 = time.monotonic()
        add_word_pairs(doc)
        python_seconds += time.monotonic() - t0
        for t in terms:
            doc.add_boolean_term(t)
        for slot, value in values:
            doc.add_value(slot, value)
        doc.set_data(stored_article(a, body_hash, ARRIVED))
        db.replace_document(terms[0], doc)
        articles += 1
    db.set_metadata("dossier.schema", SCHEMA_VERSION)
    db.set_metadata("dossier.articles", str(articles))
    db.commit()
    db.close()
    seconds = time.monotonic() - started
    size = du_bytes(args.index)

    rate = articles / seconds if seconds > 0 else 0.0
    mb = input_bytes / 1e6
    print(f"reference-index: {args.input}: {articles} articles, {mb:.1f} MB of enriched JSON; "
          f"commit every {threshold} documents")
    print(f"reference-index: {seconds:.2f} s, {rate:,.0f} articles/s, {mb / seconds:.2f} MB/s "
          f"(of which {python_seconds:.2f} s parsing JSON, folding, hashing and making word pairs in Python)")
    print(f"reference-index: index {args.index}: {size:,} bytes ({size / 1e6:.1f} MB, du -sb)")
    stats = {"articles": articles, "seconds": seconds, "articles_per_second": rate, "input_bytes": input_bytes,
             "python_seconds": python_seconds, "index_bytes": size, "flush_threshold": threshold}

    if args.compact:
        t0 = time.monotonic()
        if os.path.exists(args.compact):
            shutil.rmtree(args.compact)
        xapian.Database(args.index).compact(args.compact)
        compact_seconds = time.monotonic() - t0
        compact_size = du_bytes(args.compact)
        print(f"reference-index: compacted copy {args.compact}: {compact_size:,} bytes "
              f"({compact_size / 1e6:.1f} MB) in {compact_seconds:.2f} s (not counted above)")
        stats.update(compact_bytes=compact_size, compact_seconds=compact_seconds)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB -> MB
    print(f"reference-index: peak RSS {peak:.0f} MB (10^6 bytes)")
    stats["peak_rss_mb"] = peak
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump(stats, f, indent=1)


if __name__ == "__main__":
    main()
