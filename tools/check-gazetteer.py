#!/usr/bin/env python3
"""Validate Sources/NewsEnrich/Resources/gazetteer.json (and, if present,
tools/eval/reuters-places.json).

Checks:
  * valid JSON with the expected schema (version, countries[], fields, types);
  * every code is two uppercase letters, is a current ISO 3166-1 alpha-2 code
    (or XK for Kosovo), and appears once; every ISO code is present;
  * every country has a non-empty name;
  * strings are trimmed, non-empty, single-spaced and use plain apostrophes;
  * no exact duplicate inside one country's unambiguous lists
    (name/aliases/demonyms/places) or inside one ambiguous list;
  * no string (compared case- and accent-insensitively, after NFKD and
    stripping combining marks) in two countries' name/aliases/demonyms/places;
    ambiguousNames/ambiguousDemonyms may repeat across countries, but must not
    collide with another country's unambiguous strings;
  * the Reuters place-label map, if present, maps labels to codes that exist
    in the gazetteer (or null); with --reuters-labels, every label is mapped.

Prints counts and exits 1 if any problem was found. Standard library only.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_GAZETTEER = os.path.join(ROOT, "Sources", "NewsEnrich", "Resources", "gazetteer.json")
DEFAULT_REUTERS_MAP = os.path.join(ROOT, "tools", "eval", "reuters-places.json")
DEFAULT_REUTERS_LABELS = "/work/shared/datasets/reuters21578/raw/all-places-strings.lc.txt"

# Current ISO 3166-1 alpha-2 codes (249) plus the user-assigned XK (Kosovo).
ISO_CODES = set("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL
BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV
CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD
GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM
IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK
LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR
PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS
ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY
UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
USER_ASSIGNED = {"XK"}

UNAMBIGUOUS_FIELDS = ("aliases", "demonyms", "places")
AMBIGUOUS_FIELDS = ("ambiguousNames", "ambiguousDemonyms")
LIST_FIELDS = UNAMBIGUOUS_FIELDS + AMBIGUOUS_FIELDS
REQUIRED_KEYS = ("code", "name") + LIST_FIELDS

# Letters that NFKD does not decompose into base letter + combining mark.
_TRANSLIT = str.maketrans({
    "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d",
    "Đ": "D", "ı": "i", "ß": "ss", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH",
    "ð": "d", "Ð": "D",
})
_TYPOGRAPHIC_QUOTES = "\u2018\u2019\u201a\u201b\u02bc\u0060\u00b4\u2032"


def fold(s):
    """Comparison key: case-, accent- and punctuation-insensitive."""
    s = unicodedata.normalize("NFKD", s.translate(_TRANSLIT))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().replace("-", " ").replace(".", "")
    for q in _TYPOGRAPHIC_QUOTES:
        s = s.replace(q, "'")
    return " ".join(s.split())


class Report:
    def __init__(self):
        self.problems = []

    def error(self, msg):
        self.problems.append(msg)


def check_string(rep, where, s):
    if not isinstance(s, str):
        rep.error(f"{where}: expected a string, got {type(s).__name__}: {s!r}")
        return False
    if not s.strip():
        rep.error(f"{where}: empty string")
        return False
    if s != s.strip() or "  " in s:
        rep.error(f"{where}: stray whitespace in {s!r}")
    if any(q in s for q in _TYPOGRAPHIC_QUOTES):
        rep.error(f"{where}: use a plain apostrophe (') in {s!r}")
    if unicodedata.normalize("NFC", s) != s:
        rep.error(f"{where}: not NFC-normalised: {s!r}")
    return True


def check_gazetteer(rep, path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        rep.error(f"{path}: file not found")
        return None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        rep.error(f"{path}: invalid JSON: {e}")
        return None

    if not isinstance(data, dict):
        rep.error("top level: expected a JSON object")
        return None
    extra = set(data) - {"version", "countries"}
    if extra:
        rep.error(f"top level: unexpected keys {sorted(extra)}")
    if not isinstance(data.get("version"), int) or isinstance(data.get("version"), bool):
        rep.error("top level: 'version' must be an integer")
    countries = data.get("countries")
    if not isinstance(countries, list):
        rep.error("top level: 'countries' must be a list")
        return None

    codes = {}
    owner = {}          # fold(string) -> (code, field, original) for unambiguous strings
    ambiguous = []      # (fold, code, field, original)
    counts = {f: 0 for f in LIST_FIELDS}

    for i, c in enumerate(countries):
        where = f"countries[{i}]"
        if not isinstance(c, dict):
            rep.error(f"{where}: expected an object")
            continue
        code = c.get("code")
        if isinstance(code, str):
            where = f"{code}"
        missing = [k for k in REQUIRED_KEYS if k not in c]
        if missing:
            rep.error(f"{where}: missing keys {missing}")
        extra = set(c) - set(REQUIRED_KEYS)
        if extra:
            rep.error(f"{where}: unexpected keys {sorted(extra)}")

        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
            rep.error(f"{where}: code must be two uppercase letters, got {code!r}")
        else:
            if code not in ISO_CODES and code not in USER_ASSIGNED:
                rep.error(f"{code}: not a current ISO 3166-1 alpha-2 code")
            if code in codes:
                rep.error(f"{code}: duplicate code (entries {codes[code]} and {i})")
            codes.setdefault(code, i)

        name = c.get("name")
        if not isinstance(name, str) or not name.strip():
            rep.error(f"{where}: missing or empty name")
            name = None
        else:
            check_string(rep, f"{where}.name", name)

        local = {}
        if name:
            local[name] = "name"
        unamb = [("name", name)] if name else []
        for field in LIST_FIELDS:
            lst = c.get(field, [])
            if not isinstance(lst, list):
                rep.error(f"{where}.{field}: expected a list")
                continue
            counts[field] += len(lst)
            seen_here = set()
            for s in lst:
                if not check_string(rep, f"{where}.{field}", s):
                    continue
                if field in AMBIGUOUS_FIELDS:
                    if s in seen_here:
                        rep.error(f"{where}.{field}: duplicate {s!r}")
                    seen_here.add(s)
                    ambiguous.append((fold(s), code, field, s))
                else:
                    if s in local:
                        rep.error(f"{where}: {s!r} appears in both {local[s]} and {field}")
                    local[s] = field
                    unamb.append((field, s))

        for field, s in unamb:
            key = fold(s)
            prev = owner.get(key)
            if prev and prev[0] != code:
                rep.error(f"{code}.{field} {s!r} clashes with {prev[0]}.{prev[1]} {prev[2]!r}"
                          " (same name in two countries; use ambiguousNames/ambiguousDemonyms or drop it)")
            elif not prev:
                owner[key] = (code, field, s)

    for key, code, field, s in ambiguous:
        prev = owner.get(key)
        if prev and prev[0] != code:
            rep.error(f"{code}.{field} {s!r} is listed as unambiguous for {prev[0]}.{prev[1]} {prev[2]!r}")

    missing_codes = sorted(ISO_CODES - set(codes))
    if missing_codes:
        rep.error(f"missing ISO codes: {' '.join(missing_codes)}")

    print(f"gazetteer: {path}")
    print(f"  countries:          {len(countries)}")
    print(f"  aliases:            {counts['aliases']}")
    print(f"  demonyms:           {counts['demonyms']}")
    print(f"  places:             {counts['places']}")
    print(f"  ambiguousNames:     {counts['ambiguousNames']}")
    print(f"  ambiguousDemonyms:  {counts['ambiguousDemonyms']}")
    return set(codes)


def check_reuters(rep, path, labels_path, codes):
    try:
        with open(path, encoding="utf-8") as f:
            mapping = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        rep.error(f"{path}: invalid JSON: {e}")
        return
    if not isinstance(mapping, dict):
        rep.error(f"{path}: expected a JSON object label -> code|null")
        return
    nulls = 0
    for label, code in mapping.items():
        if code is None:
            nulls += 1
            continue
        if not isinstance(code, str):
            rep.error(f"{path}: {label!r}: expected a code string or null, got {code!r}")
        elif codes is not None and code not in codes:
            rep.error(f"{path}: {label!r} -> {code!r}, which is not a code in the gazetteer")
    print(f"reuters map: {path}")
    print(f"  labels: {len(mapping)} ({len(mapping) - nulls} mapped, {nulls} null)")
    if labels_path:
        try:
            with open(labels_path, encoding="latin-1") as f:
                labels = [ln.strip() for ln in f if ln.strip()]
        except OSError as e:
            rep.error(f"{labels_path}: {e}")
            return
        for label in labels:
            if label not in mapping:
                rep.error(f"{path}: Reuters label {label!r} is not mapped")
        for label in sorted(set(mapping) - set(labels)):
            rep.error(f"{path}: {label!r} is not a Reuters place label")
        print(f"  checked against {len(labels)} labels in {labels_path}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gazetteer", default=DEFAULT_GAZETTEER)
    ap.add_argument("--reuters-map", default=DEFAULT_REUTERS_MAP,
                    help="checked only if the file exists")
    ap.add_argument("--reuters-labels", default=None,
                    help="all-places-strings.lc.txt; default: %s if it exists" % DEFAULT_REUTERS_LABELS)
    args = ap.parse_args()

    rep = Report()
    codes = check_gazetteer(rep, args.gazetteer)
    if os.path.exists(args.reuters_map):
        labels = args.reuters_labels
        if labels is None and os.path.exists(DEFAULT_REUTERS_LABELS):
            labels = DEFAULT_REUTERS_LABELS
        check_reuters(rep, args.reuters_map, labels, codes)

    if rep.problems:
        print(f"\n{len(rep.problems)} problem(s):", file=sys.stderr)
        for p in rep.problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
