#!/usr/bin/env python3
"""Checks a watch's Atom feed on a live Dossier service (issue 15).

Saves a watch, posts articles through the API (one with markup, an
ampersand, a control character and non-ASCII text in it), fetches the
watch's feed and validates it:

- feedparser (from PyPI) must read it as Atom 1.0 without a single
  complaint (its `bozo` flag: any well-formedness or encoding problem);
- the rules of RFC 4287 a reader relies on, checked here on the XML: one
  id, title and updated per feed and per entry; an author for the feed;
  ids that are absolute IRIs and unique; dates in RFC 3339; a self link
  and an alternate link; entries newest first by their updated date;
- the entries are exactly the articles posted that match the watch.

Usage: feed-check.py BASE_URL TOKEN
Exit status 0 when every check passes; each failure is printed.
"""
import json
import re
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import feedparser

base, token = sys.argv[1].rstrip("/"), sys.argv[2]
ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def call(method, path, body=None, content_type="application/json"):
    request = urllib.request.Request(base + path, method=method, data=body.encode() if body else None)
    request.add_header("Authorization", "Bearer " + token)
    if body:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


name = "feed-check"
call("DELETE", "/api/watches/" + name)
status, _, body = call("POST", "/api/watches", json.dumps({"name": name, "query": "feedcheck"}))
check(status == 201, f"the watch is saved (201): {status} {body[:200]!r}")
articles = [
    {"id": "feed-1", "title": "Feedcheck: <b>coup</b> & counter-coup in Niamey",
     "body": "Feedcheck text with <script>alert(1)</script>, an ampersand & a control \u0001 character.",
     "date": "2024-03-01"},
    {"id": "feed-2", "title": "Feedcheck: élections à Lomé", "body": "Feedcheck: les électeurs de Lomé ont voté."},
    {"id": "feed-3", "title": "Unrelated", "body": "Nothing to see here."},
]
lines = "\n".join(json.dumps(a) for a in articles)
status, _, body = call("POST", "/api/articles", lines, "application/x-ndjson")
check(status == 200, f"the articles are posted: {status} {body[:200]!r}")
status, content_type, feed = call("GET", f"/api/watches/{name}/feed")
check(status == 200, f"the feed is served (200): {status}")
check(content_type.startswith("application/atom+xml"), f"as application/atom+xml: {content_type}")

parsed = feedparser.parse(feed)
check(not parsed.bozo, f"feedparser reads it without complaint: {parsed.get('bozo_exception')!r}")
check(parsed.version == "atom10", f"feedparser sees Atom 1.0: {parsed.version!r}")
titles = [entry.title for entry in parsed.entries]
check(len(parsed.entries) == 2, f"two entries, the matching articles: {titles}")
check(any("<b>coup</b> & counter-coup" in t for t in titles), f"markup in a title comes back as text: {titles}")
check(any("Lomé" in t for t in titles), f"non-ASCII text comes back whole: {titles}")

root = ET.fromstring(feed)
check(root.tag == ATOM + "feed", f"the root is atom:feed: {root.tag}")


def one(parent, tag, where):
    found = parent.findall(ATOM + tag)
    check(len(found) == 1, f"{where} has exactly one {tag}: {len(found)}")
    return found[0].text if found else None


def absolute(iri):
    return bool(iri) and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", iri) is not None


feed_id = one(root, "id", "the feed")
check(absolute(feed_id), f"the feed id is an absolute IRI: {feed_id}")
one(root, "title", "the feed")
updated = one(root, "updated", "the feed")
check(bool(updated and RFC3339.match(updated)), f"the feed's updated is RFC 3339: {updated}")
author = root.find(ATOM + "author")
check(author is not None and author.find(ATOM + "name") is not None, "the feed has an author with a name")
rels = {link.get("rel", "alternate"): link.get("href") for link in root.findall(ATOM + "link")}
check(absolute(rels.get("self")), f"a self link: {rels.get('self')}")
check(absolute(rels.get("alternate")), f"an alternate link: {rels.get('alternate')}")
ids = []
dates = []
for entry in root.findall(ATOM + "entry"):
    entry_id = one(entry, "id", "an entry")
    check(absolute(entry_id), f"the entry id is an absolute IRI: {entry_id}")
    ids.append(entry_id)
    one(entry, "title", "an entry")
    entry_updated = one(entry, "updated", "an entry")
    check(bool(entry_updated and RFC3339.match(entry_updated)), f"the entry's updated is RFC 3339: {entry_updated}")
    dates.append(entry_updated or "")
    for published in entry.findall(ATOM + "published"):
        check(bool(RFC3339.match(published.text or "")), f"published is RFC 3339: {published.text}")
    links = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
    check(len(links) == 1 and absolute(links[0].get("href")), "an entry has one alternate link")
check(len(ids) == len(set(ids)), f"entry ids are unique: {ids}")
check(dates == sorted(dates, reverse=True), f"entries newest first: {dates}")
check(sorted(i.rsplit("/", 1)[-1] for i in ids) == ["feed-1", "feed-2"], f"the entries are the matching articles: {ids}")
call("DELETE", "/api/watches/" + name)

if failures:
    print(f"{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("the feed is valid Atom")
