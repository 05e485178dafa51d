#!/usr/bin/env python3
"""Generate a large, realistic news corpus in Dossier's interchange form.

Every article is recombined from real text: its title is a real headline (with a
real country name sometimes substituted for the one it named), its body is 3 to
25 real sentences from real stories, in paragraphs of 1 to 4 sentences separated
by blank lines. The sentences and headlines come from the research corpora in
../shared/datasets (Reuters-21578, BBC News, AG News test split), which this
script reads with Python's lzma; nothing of them is stored in the repository.

Metadata follows realistic distributions:

- date: 1990-01-01 ... 2025-12-31, each year weighing 8% more than the one
  before (so recent years dominate), 3% null;
- countries: 0-4 per article (15/45/25/10/5%), Zipf-distributed over the
  gazetteer's real country names (Sources/NewsEnrich/Resources/gazetteer.json),
  the most reported ones first; the body mentions each listed country, through a
  real sentence that names it or, failing that, a real sentence naming another
  country with the name substituted;
- categories: 1 or 2, from the headline's own story (Reuters topics, BBC
  sections, AG classes) 40% of the time, else Zipf over news sections;
- source: one of a dozen outlets (Zipf), with a plausible url.

One JSON object per line: {"id", "title", "body", "date", "countries",
"categories", "source", "url"}. Deterministic for a given --seed, datasets,
gazetteer and version of this script. Streaming: the sentence pool is loaded
once (about 150,000 sentences), then articles are generated and written one by
one in constant memory. A one-line summary goes to standard error.

Usage:
  tools/gen-corpus.py --count 200000 --output /tmp/corpus.jsonl
  tools/gen-corpus.py --count 1000 --seed 7 | head -1
  tools/gen-corpus.py --count 1000000 --output big.jsonl.xz   # xz through lzma
"""

import argparse
import bisect
import datetime
import json
import lzma
import os
import random
import re
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_DATASETS = os.path.normpath(os.path.join(REPO, "..", "shared", "datasets"))
DEFAULT_GAZETTEER = os.path.join(REPO, "Sources", "NewsEnrich", "Resources", "gazetteer.json")
CORPORA = ("reuters21578", "bbc-news", "ag-news-test")

# Outlets (name, domain), most frequent first; chosen with Zipf weights.
SOURCES = [
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("Agence France-Presse", "afp.com"),
    ("BBC News", "bbc.co.uk"),
    ("Al Jazeera", "aljazeera.com"),
    ("The Guardian", "theguardian.com"),
    ("Deutsche Welle", "dw.com"),
    ("RFI", "rfi.fr"),
    ("Le Monde", "lemonde.fr"),
    ("Jeune Afrique", "jeuneafrique.com"),
    ("The New Humanitarian", "thenewhumanitarian.org"),
    ("Crisis Group", "crisisgroup.org"),
]

# News sections and risk-intelligence themes, most frequent first (Zipf).
SECTIONS = [
    "World", "Politics", "Business", "Africa", "Security", "Economy", "Middle East", "Europe",
    "Conflict", "Asia", "Elections", "Markets", "Diplomacy", "Energy", "Americas", "Analysis",
    "Humanitarian", "Terrorism", "Technology", "Sanctions", "Trade", "Health", "Coups",
    "Migration", "Sport", "Human Rights", "Climate", "Opinion", "Defence", "Entertainment",
]

# The most reported countries in current news and risk reporting, in order;
# the rest of the gazetteer follows by how often the real corpora name them.
HEAD_COUNTRIES = [
    "United States", "China", "Russia", "Ukraine", "United Kingdom", "France", "Israel", "Iran",
    "Germany", "India", "Mali", "Burkina Faso", "Niger", "Nigeria", "Sudan", "Syria", "Afghanistan",
    "Iraq", "Japan", "Turkey", "Pakistan", "Ethiopia", "Somalia", "Democratic Republic of the Congo",
    "Yemen", "Libya", "Saudi Arabia", "South Africa", "Brazil", "Mexico", "Palestine", "Lebanon",
    "Egypt", "Chad", "Myanmar", "North Korea", "South Korea", "Venezuela", "Kenya", "Mozambique",
]

COUNTRY_COUNTS = [(0, 0.15), (1, 0.45), (2, 0.25), (3, 0.10), (4, 0.05)]
NULL_DATE_RATE = 0.03
YEAR_GROWTH = 1.08
FIRST_YEAR, LAST_YEAR = 1990, 2025
OWN_CATEGORIES_RATE = 0.40
TITLE_SUBSTITUTION_RATE = 0.6  # when the article has countries and a headline naming one is used
SENTENCE_SKEW = 6.0  # sentences = MIN + floor((MAX - MIN + 1) * u ** SKEW)

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "inc", "corp", "co", "ltd", "jr", "sr", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "sen", "rep", "gen", "col", "lt",
    "maj", "capt", "no", "vs", "mt", "ft", "ave", "bros", "plc", "pty", "dept", "univ", "prof", "rev",
    "cie", "ky", "calif", "mass", "conn", "fla", "ill", "mich", "minn", "penn", "wash", "wis", "ariz",
    "colo", "tenn", "va", "md", "pa", "nj", "ny", "ga", "la", "mo", "nev", "okla", "ore", "tex", "del",
    "est", "approx", "dlrs", "pct", "cts", "e.g", "i.e", "etc", "al", "fig", "op", "vol",
}

BOUNDARY = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z])")
LAST_WORD = re.compile(r"([\w.]+)[.!?][\"')\]]*\s+$")
SPACES = re.compile(r"\s+")
TABLE_GAP = re.compile(r"\S {3,}\S")
DATELINE = re.compile(r"^[A-Z][A-Z .,'&/()-]{1,40}, [A-Z][a-z]{2,8}\.? \d{1,2} - ")
WIRE_PREFIX = re.compile(r"^(?:[\w.&',/ ]{1,40}?\s-{1,2}\s)+")
CAPITALISED = re.compile(r"(?<![\w'.])[A-Z][\w'.-]*")
SLUG_WORD = re.compile(r"[a-z0-9]+")


def split_sentences(text):
    """Splits prose into sentences at . ! ? followed by a capital, except after
    abbreviations and initials (U.S., Inc., Feb., J.)."""
    out, start = [], 0
    for m in BOUNDARY.finditer(text):
        head = text[start : m.end()]
        w = LAST_WORD.search(head)
        if w:
            word = w.group(1)
            if len(word) <= 1 or "." in word or word.lower() in ABBREVIATIONS:
                continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def good_sentence(s):
    """Keeps prose sentences of ordinary length; drops tables, figures and fragments."""
    n = len(s)
    if n < 40 or n > 360 or s[-1] not in ".!?\"'":
        return False
    if not (s[0].isupper() or s[0] in "\"'("):
        return False
    digits = sum(c.isdigit() for c in s)
    letters = sum(c.isalpha() for c in s)
    if digits * 5 > n or letters * 10 < n * 6:
        return False
    if s.count(" vs ") > 1 or s.count(" - ") > 2:
        return False
    return s.count(" ") >= 6


def reuters_paragraphs(body):
    """Reuters wire text: drop table lines, join wrapped lines, drop the dateline."""
    lines = [ln for ln in body.split("\n") if not TABLE_GAP.search(ln.strip())]
    text = SPACES.sub(" ", " ".join(lines)).strip()
    return [DATELINE.sub("", text)]


def plain_paragraphs(body, wire_prefix):
    paragraphs = [SPACES.sub(" ", p).strip() for p in body.split("\n\n")]
    if wire_prefix and paragraphs:
        paragraphs[0] = WIRE_PREFIX.sub("", paragraphs[0])
    return [p for p in paragraphs if p]


class CountryMatcher:
    """Finds gazetteer country names and aliases in text (longest first, at word
    boundaries); names the gazetteer marks ambiguous (Georgia, Jordan) are left out."""

    def __init__(self, countries, fold_case):
        self.fold_case = fold_case
        self.by_first = {}
        for c in countries:
            ambiguous = set(c.get("ambiguousNames", []))
            for name in [c["name"]] + c.get("aliases", []):
                if name in ambiguous or len(name) < 3:
                    continue
                key = name.upper() if fold_case else name
                first = key.split(" ")[0]
                self.by_first.setdefault(first.rstrip("."), []).append((key, c["name"]))
        for options in self.by_first.values():
            options.sort(key=lambda o: -len(o[0]))

    def find(self, text):
        """[(start, end, country name)] of the mentions in `text`."""
        probe = text.upper() if self.fold_case else text
        found = []
        if len(probe) != len(text):  # upper() changed lengths (ß -> SS): spans would not fit
            return found
        for m in CAPITALISED.finditer(probe):
            options = self.by_first.get(m.group(0).rstrip(".,'"))
            if not options:
                continue
            start = m.start()
            for key, name in options:
                end = start + len(key)
                if probe.startswith(key, start) and (end == len(probe) or not probe[end].isalnum()):
                    if found and found[-1][1] > start:
                        break
                    found.append((start, end, name))
                    break
        return found


class Pool:
    """Real sentences and headlines, and where they name countries."""

    def __init__(self, datasets, gazetteer_path):
        with open(gazetteer_path, encoding="utf-8") as f:
            self.gazetteer = json.load(f)["countries"]
        names = [c["name"] for c in self.gazetteer]
        sentence_matcher = CountryMatcher(self.gazetteer, fold_case=False)
        title_matcher = CountryMatcher(self.gazetteer, fold_case=True)
        sentences = {}
        titles = {}
        for corpus in CORPORA:
            path = os.path.join(datasets, corpus, "articles.jsonl.xz")
            with lzma.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    a = json.loads(line)
                    title = SPACES.sub(" ", a.get("title") or "").strip()
                    if 12 <= len(title) <= 150 and title not in titles:
                        titles[title] = [c for c in a.get("categories") or [] if c][:2]
                    body = a.get("body") or ""
                    if corpus == "reuters21578":
                        paragraphs = reuters_paragraphs(body)
                    else:
                        paragraphs = plain_paragraphs(body, wire_prefix=corpus == "ag-news-test")
                    for p in paragraphs:
                        for s in split_sentences(p):
                            if good_sentence(s):
                                sentences.setdefault(s, None)
        self.sentences = list(sentences)
        self.titles = list(titles)
        self.title_categories = list(titles.values())

        # Sentences naming each country; every sentence naming a country, with the
        # span of its first mention, for substitution.
        mentions = {n: [] for n in names}
        self.spans = []
        for i, s in enumerate(self.sentences):
            found = sentence_matcher.find(s)
            seen = []
            for start, end, name in found:
                if name not in seen:
                    seen.append(name)
                    mentions[name].append(i)
            if found:
                self.spans.append((i, found[0][0], found[0][1]))
        self.mentions = mentions
        self.title_spans = []
        for i, t in enumerate(self.titles):
            found = title_matcher.find(t)
            if found:
                self.title_spans.append((i, found[0][0], found[0][1]))

        # Country popularity: the head list, then by mentions in the real text.
        head = [n for n in HEAD_COUNTRIES if n in mentions]
        rest = sorted((n for n in names if n not in head), key=lambda n: (-len(mentions[n]), n))
        self.countries = head + rest


def cumulative(weights):
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return [c / total for c in out]


def zipf(n, s=1.0):
    return cumulative([1.0 / (r**s) for r in range(1, n + 1)])


def slug(title):
    return "-".join(SLUG_WORD.findall(title.lower())[:8]) or "article"


class Generator:
    def __init__(self, pool, seed, min_sentences, max_sentences):
        self.pool = pool
        self.rng = random.Random(seed)
        self.seed = seed
        self.min_sentences = min_sentences
        self.span_sentences = max_sentences - min_sentences + 1
        self.country_cdf = zipf(len(pool.countries), 1.0)
        self.source_cdf = zipf(len(SOURCES), 0.9)
        self.section_cdf = zipf(len(SECTIONS), 1.0)
        self.count_cdf = cumulative([w for _, w in COUNTRY_COUNTS])
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.years = years
        self.year_cdf = cumulative([YEAR_GROWTH ** (y - FIRST_YEAR) for y in years])
        self.year_start = [datetime.date(y, 1, 1).toordinal() for y in years]
        self.year_days = [datetime.date(y, 12, 31).toordinal() - datetime.date(y, 1, 1).toordinal() + 1 for y in years]

    def pick(self, cdf):
        return bisect.bisect_left(cdf, self.rng.random() * cdf[-1])

    def index(self, n):
        return int(self.rng.random() * n)

    def countries(self):
        k = COUNTRY_COUNTS[self.pick(self.count_cdf)][0]
        chosen = []
        while len(chosen) < k:
            name = self.pool.countries[self.pick(self.country_cdf)]
            if name not in chosen:
                chosen.append(name)
        return chosen

    def date(self):
        rng = self.rng
        if rng.random() < NULL_DATE_RATE:
            return None
        y = self.pick(self.year_cdf)
        return datetime.date.fromordinal(self.year_start[y] + self.index(self.year_days[y])).isoformat()

    def mention(self, name):
        """A real sentence naming `name`: one of its own (70%, when there are
        any), else another country's sentence with the name substituted."""
        own = self.pool.mentions[name]
        if own and (self.rng.random() < 0.7 or not self.pool.spans):
            return self.pool.sentences[own[self.index(len(own))]]
        i, start, end = self.pool.spans[self.index(len(self.pool.spans))]
        s = self.pool.sentences[i]
        return s[:start] + name + s[end:]

    def title(self, countries):
        pool = self.pool
        if countries and pool.title_spans and self.rng.random() < TITLE_SUBSTITUTION_RATE:
            i, start, end = pool.title_spans[self.index(len(pool.title_spans))]
            t = pool.titles[i]
            name = countries[0].upper() if t[start:end].isupper() else countries[0]
            return t[:start] + name + t[end:], i
        i = self.index(len(pool.titles))
        return pool.titles[i], i

    def body(self, countries):
        rng = self.rng
        sentences = self.pool.sentences
        k = self.min_sentences + int(self.span_sentences * rng.random() ** SENTENCE_SKEW)
        chosen = [self.mention(c) for c in countries]
        while len(chosen) < k:
            chosen.append(sentences[self.index(len(sentences))])
        # The first country's sentence leads; the others go anywhere.
        lead, rest = chosen[:1], chosen[1:]
        for j in range(len(rest) - 1, 0, -1):
            m = self.index(j + 1)
            rest[j], rest[m] = rest[m], rest[j]
        chosen = lead + rest
        paragraphs, i = [], 0
        while i < len(chosen):
            n = 1 + self.index(4)
            paragraphs.append(" ".join(chosen[i : i + n]))
            i += n
        return "\n\n".join(paragraphs)

    def categories(self, title_index):
        own = self.pool.title_categories[title_index]
        if own and self.rng.random() < OWN_CATEGORIES_RATE:
            return list(own)
        first = SECTIONS[self.pick(self.section_cdf)]
        if self.rng.random() < 0.3:
            second = SECTIONS[self.pick(self.section_cdf)]
            if second != first:
                return [first, second]
        return [first]

    def article(self, number):
        countries = self.countries()
        title, title_index = self.title(countries)
        date = self.date()
        body = self.body(countries)
        categories = self.categories(title_index)
        source, domain = SOURCES[self.pick(self.source_cdf)]
        article_id = f"g{self.seed}-{number:07d}"
        section = SLUG_WORD.findall(categories[0].lower())
        path = "/".join(section[:1] + ([date[:4], date[5:7], date[8:10]] if date else []))
        url = f"https://www.{domain}/{path}/{slug(title)}-{article_id}"
        return {
            "id": article_id,
            "title": title,
            "body": body,
            "date": date,
            "countries": countries,
            "categories": categories,
            "source": source,
            "url": url,
        }


def parse_range(text):
    m = re.fullmatch(r"(\d+):(\d+)", text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise argparse.ArgumentTypeError("expected MIN:MAX with 1 <= MIN <= MAX, e.g. 3:25")
    return int(m.group(1)), int(m.group(2))


def main():
    parser = argparse.ArgumentParser(
        description="Generate a realistic news corpus (interchange JSON Lines) from real sentences and headlines.",
        epilog="Deterministic for a given seed; constant memory; summary on standard error.",
    )
    parser.add_argument("--count", type=int, default=10000, help="articles to write (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--output", "-o", help="output file (default: standard output); .xz is compressed")
    parser.add_argument("--xz-preset", type=int, default=1, help="xz preset for .xz output (default 1: fast)")
    parser.add_argument(
        "--body-sentences", type=parse_range, default=(3, 25), metavar="MIN:MAX",
        help="sentences per body (default 3:25, skewed to the short end: about 850 characters on average)",
    )
    parser.add_argument("--datasets", default=DEFAULT_DATASETS, help="the datasets folder (default ../shared/datasets)")
    parser.add_argument("--gazetteer", default=DEFAULT_GAZETTEER, help="the gazetteer with the country names")
    args = parser.parse_args()
    if args.count < 0:
        parser.error("--count must be 0 or more")
    for corpus in CORPORA:
        path = os.path.join(args.datasets, corpus, "articles.jsonl.xz")
        if not os.path.isfile(path):
            sys.exit(f"gen-corpus: {path} is missing: the real corpora in ../shared/datasets are needed")

    started = time.monotonic()
    pool = Pool(args.datasets, args.gazetteer)
    loaded = time.monotonic()
    generator = Generator(pool, args.seed, *args.body_sentences)

    if args.output and args.output.endswith(".xz"):
        out = lzma.open(args.output, "wb", preset=args.xz_preset)
    elif args.output:
        out = open(args.output, "wb")
    else:
        out = sys.stdout.buffer
    written = 0
    body_chars = 0
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    chunk = []
    try:
        for number in range(1, args.count + 1):
            a = generator.article(number)
            body_chars += len(a["body"])
            chunk.append(dumps(a))
            if len(chunk) == 2000 or number == args.count:
                data = ("\n".join(chunk) + "\n").encode("utf-8")
                out.write(data)
                written += len(data)
                chunk.clear()
    except BrokenPipeError:
        # The reader stopped (| head): end quietly, as Python's documentation advises.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    finally:
        if out is not sys.stdout.buffer:
            out.close()
        else:
            out.flush()
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # KiB -> MB
    on_disk = f", {os.path.getsize(args.output) / 1e6:.1f} MB on disk" if args.output and args.output.endswith(".xz") else ""
    print(
        f"gen-corpus: {args.count} articles, {written} bytes ({written / 1e6:.1f} MB JSON{on_disk}), "
        f"mean body {body_chars / max(args.count, 1):.0f} chars, {seconds:.1f} s "
        f"(pool {loaded - started:.1f} s: {len(pool.sentences)} sentences, {len(pool.titles)} titles; "
        f"{args.count / max(seconds - (loaded - started), 1e-9):,.0f} articles/s), peak RSS {peak:.0f} MB, seed {args.seed}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
