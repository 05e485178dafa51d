#!/usr/bin/env python3
"""Dossier's fault and load suites (issue 14): what a crash, a full disk or
heavy use does to the index, measured and checked, with exact accounting of
every article.

  tools/faults.py kill-ingest  [--times 50]    SIGKILL `dossier ingest` mid-run
  tools/faults.py kill-rebuild [--times 20]    SIGKILL `dossier index` mid-run
  tools/faults.py load [--rebuilds 20 --ingests 100]
                                               queries without pause while the
                                               service rebuilds and takes posts
  tools/faults.py full-disk                    ingest, rebuild and journal on a
                                               full file system (a small tmpfs)
  tools/faults.py all                          the four, at the sizes above
  tools/faults.py all --quick                  the four, small (the test suite's run:
                                               5 and 3 kills, 3 rebuilds and 15 posts)

Each prints its figures and ends with PASS or FAIL (exit status 1 on a
failure). Articles are generated here (made-up words and real country
names), so nothing outside the repository is needed. The index is checked
with Debian's xapian-check (xapian-tools) and counted with Debian's
python3-xapian, both installed when missing. Options: --dossier PATH (default:
the debug build, built if missing), --seed N, --keep (leave the work folder).
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COUNTRIES = [
    "Mali", "Niger", "Burkina Faso", "Sudan", "Chad", "Guinea", "Gabon", "Myanmar", "Ukraine", "Russia",
    "Belarus", "Venezuela", "Ethiopia", "Somalia", "Libya", "Syria", "Iran", "Haiti", "Peru", "Thailand",
]
SYLLABLES = ["ka", "lo", "mi", "ran", "tu", "ser", "vo", "ne", "dal", "qui", "bor", "es", "fin", "ga", "tor"]


def log(message):
    print(message, flush=True)


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


# ---------------------------------------------------------------- set-up


def ensure_tools():
    missing = [p for p, probe in (("xapian-tools", "xapian-check"),) if shutil.which(probe) is None]
    try:
        subprocess.run(["/usr/bin/python3", "-c", "import xapian"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        missing.append("python3-xapian")
    if missing:
        log(f"installing {' '.join(missing)}")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        install = [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
        environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(install, env=environment, stdout=subprocess.DEVNULL).returncode != 0:
            subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
            subprocess.run(install, env=environment, stdout=subprocess.DEVNULL, check=True)


def dossier_binary(path):
    if path:
        return path
    bin_dir = subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    binary = os.path.join(bin_dir, "dossier")
    if not os.path.exists(binary):
        subprocess.run(["swift", "build", "--product", "dossier"], cwd=ROOT, check=True)
    return binary


class Articles:
    """Made-up articles: ids PREFIX-N, 60 to 140 words, one to three countries."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.words = sorted({"".join(self.random.sample(SYLLABLES, 3)) for _ in range(3000)})

    def article(self, id):
        r = self.random
        countries = r.sample(COUNTRIES, r.randint(1, 3))
        words = [r.choice(self.words) for _ in range(r.randint(60, 140))]
        for country in countries:
            words.insert(r.randrange(len(words)), country)
        return {
            "id": id,
            "title": " ".join(r.sample(self.words, 5)).capitalize(),
            "body": " ".join(words) + ".",
            "date": f"{r.randint(2015, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
        }

    def write(self, path, prefix, count):
        with open(path, "w") as out:
            for n in range(count):
                out.write(json.dumps(self.article(f"{prefix}-{n}")) + "\n")
        return [f"{prefix}-{n}" for n in range(count)]


class Index:
    """The index at `path`: its live databases, checks and counts."""

    def __init__(self, dossier, path):
        self.dossier = dossier
        self.path = path

    def databases(self):
        with open(os.path.join(self.path, "XAPIANDB")) as stub:
            return [os.path.join(self.path, line.split()[1]) for line in stub if line.startswith("auto ")]

    def check(self):
        """xapian-check on every live database; raises on any error."""
        for database in self.databases():
            result = subprocess.run(["xapian-check", database], capture_output=True, text=True)
            expect(
                result.returncode == 0 and "No errors found" in result.stdout,
                f"xapian-check {database}: {result.stdout[-400:]}{result.stderr[-400:]}",
            )

    def count_ids(self, prefixes):
        """How many ids start with each prefix, and the total, by python3-xapian."""
        script = (
            "import json, sys, xapian\n"
            "db = xapian.Database(sys.argv[1])\n"
            "counts = {p: sum(1 for _ in db.allterms('Q' + p)) for p in json.loads(sys.argv[2])}\n"
            "print(json.dumps({'total': db.get_doccount(), 'counts': counts}))\n"
        )
        out = subprocess.run(
            ["/usr/bin/python3", "-c", script, os.path.join(self.path, "XAPIANDB"), json.dumps(prefixes)],
            capture_output=True, text=True, check=True,
        ).stdout
        found = json.loads(out)
        return found["total"], found["counts"]

    def ids(self, prefix):
        script = (
            "import sys, xapian\n"
            "db = xapian.Database(sys.argv[1])\n"
            "for t in db.allterms('Q' + sys.argv[2]): print(t.term.decode()[1:])\n"
        )
        out = subprocess.run(
            ["/usr/bin/python3", "-c", script, os.path.join(self.path, "XAPIANDB"), prefix],
            capture_output=True, text=True, check=True,
        ).stdout
        return set(out.split())

    def searchable(self):
        result = subprocess.run(
            [self.dossier, "search", "mali", "--index", self.path, "--json"], capture_output=True, text=True
        )
        expect(result.returncode == 0, f"dossier search after the fault: {result.stderr[-400:]}")
        return json.loads(result.stdout)["total"]

    def generations(self):
        return sorted(n for n in os.listdir(self.path) if n.startswith("gen-"))


def run(command, **options):
    return subprocess.run(command, capture_output=True, text=True, **options)


def journal_ids(corpus, prefix=""):
    path = os.path.join(corpus, ".dossier-journal.jsonl")
    ids = set()
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as journal:
            for line in journal:
                try:
                    id = json.loads(line)["id"]
                except (ValueError, KeyError, TypeError):
                    continue  # a line a kill cut short: the rebuild reports and skips it
                if id.startswith(prefix):
                    ids.add(id)
    return ids


def fresh_index(work, dossier, articles, corpus_articles):
    corpus = os.path.join(work, "corpus")
    os.makedirs(corpus)
    # The bundled pages only: a journal some service left in corpus/ is not part of the bundle.
    for name in os.listdir(os.path.join(ROOT, "corpus")):
        if not name.startswith("."):
            shutil.copy(os.path.join(ROOT, "corpus", name), corpus)
    if corpus_articles:
        articles.write(os.path.join(corpus, "generated.jsonl"), "corpus", corpus_articles)
    index = Index(dossier, os.path.join(work, "index"))
    result = run([dossier, "index", "--corpus", corpus, "--index", index.path, "--quiet"])
    expect(result.returncode == 0, f"the first index: {result.stderr}")
    return corpus, index


# ---------------------------------------------------------------- suites


def kill_ingest(args, work, dossier):
    """SIGKILL `dossier ingest` of 1,000 articles (batches of 100) at a random
    moment, `times` times. After each kill: xapian-check passes, the file's
    articles in the index are whole batches, nothing ingested before is
    lost, and the journal holds every batch the index holds. Then a rebuild
    holds every journaled article."""
    articles = Articles(args.seed)
    corpus, index = fresh_index(work, dossier, articles, 0)
    base, _ = index.count_ids([])
    inputs = os.path.join(work, "inputs")
    os.makedirs(inputs)
    # How long an uninterrupted ingest takes: kills land within it.
    articles.write(os.path.join(inputs, "calibrate.jsonl"), "cal", 1000)
    started = time.monotonic()
    result = run([dossier, "ingest", os.path.join(inputs, "calibrate.jsonl"), "--index", index.path, "--quiet",
                  "--batch-size", "100"])
    span = time.monotonic() - started
    expect(result.returncode == 0, f"calibration ingest: {result.stderr}")
    log(f"an uninterrupted ingest of 1,000 articles takes {span:.2f} s; kills land in 0.05 s ... {span:.2f} s")
    rng = random.Random(args.seed)
    kept = {"cal": 1000}
    batches = []
    for i in range(args.times):
        prefix = f"k{i}"
        path = os.path.join(inputs, f"{prefix}.jsonl")
        articles.write(path, prefix, 1000)
        process = subprocess.Popen(
            [dossier, "ingest", path, "--index", index.path, "--quiet", "--batch-size", "100"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, span))
        process.send_signal(signal.SIGKILL)
        process.wait()
        index.check()
        total, counts = index.count_ids([p + "-" for p in list(kept) + [prefix]])
        found = counts[prefix + "-"]
        expect(found % 100 == 0, f"kill {i + 1}: {found} articles of {prefix} in the index, not whole batches")
        for earlier, count in kept.items():
            expect(counts[earlier + "-"] == count, f"kill {i + 1}: {earlier} had {count}, now {counts[earlier + '-']}")
        in_index = index.ids(prefix + "-")
        journaled = journal_ids(corpus, prefix + "-")
        expect(in_index <= journaled, f"kill {i + 1}: {len(in_index - journaled)} indexed articles not in the journal")
        kept[prefix] = found
        batches.append(found // 100)
        expect(total == base + sum(kept.values()), f"kill {i + 1}: {total} articles, expected {base + sum(kept.values())}")
    # A rebuild holds the corpus and every journaled article: nothing
    # acknowledged is lost, and batches journaled before a kill reached the
    # index come back too.
    before = set().union(*(index.ids(p + "-") for p in kept))
    result = run([dossier, "index", "--corpus", corpus, "--index", index.path, "--quiet"])
    expect(result.returncode == 0, f"the rebuild after the kills: {result.stderr}")
    index.check()
    after = set().union(*(index.ids(p + "-") for p in kept))
    journaled = journal_ids(corpus)
    expect(before <= after, f"{len(before - after)} articles lost by the rebuild")
    expect(after == journaled, f"after the rebuild: {len(after)} ingested articles, the journal holds {len(journaled)}")
    whole = sum(1 for b in batches if b == 10)
    log(f"{args.times} kills: batches committed per kill {sorted(batches)}; {whole} ingests had finished")
    log(f"xapian-check passed {args.times + 1} times; articles in whole batches every time; "
        f"0 lost; the rebuild holds all {len(after)} ingested articles ({len(after) - len(before)} from "
        f"batches journaled just before a kill)")


def kill_rebuild(args, work, dossier):
    """SIGKILL `dossier index` at a random moment, `times` times. After each
    kill the old index (or, if the rebuild had switched, the new one) serves
    every article and passes xapian-check; the next rebuild sweeps what the
    killed one left."""
    articles = Articles(args.seed)
    corpus, index = fresh_index(work, dossier, articles, args.corpus_articles)
    expected, _ = index.count_ids([])
    started = time.monotonic()
    result = run([dossier, "index", "--corpus", corpus, "--index", index.path, "--quiet"])
    span = time.monotonic() - started
    expect(result.returncode == 0, result.stderr)
    log(f"a rebuild of {expected:,} articles takes {span:.2f} s; kills land in 0.05 s ... {span:.2f} s")
    rng = random.Random(args.seed)
    switched = 0
    leftovers = 0
    for i in range(args.times):
        live = index.databases()
        process = subprocess.Popen([dossier, "index", "--corpus", corpus, "--index", index.path, "--quiet"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, span))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if index.databases() != live:
            switched += 1
        index.check()
        total, _ = index.count_ids([])
        expect(total == expected, f"kill {i + 1}: {total} articles served, expected {expected}")
        expect(index.searchable() > 0, f"kill {i + 1}: a search found nothing")
        leftovers = max(leftovers, len(index.generations()) - 1)
    result = run([dossier, "index", "--corpus", corpus, "--index", index.path, "--quiet"])
    expect(result.returncode == 0, f"the rebuild after the kills: {result.stderr}")
    index.check()
    expect(len(index.generations()) == 1, f"generations left after a clean rebuild: {index.generations()}")
    log(f"{args.times} kills: the index served all {expected:,} articles after each (xapian-check passed); "
        f"{switched} kills came after the switch; at most {leftovers} unfinished generation(s) were left, "
        f"and the next rebuild swept them")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    def __init__(self, dossier, index, corpus, work):
        self.port = free_port()
        self.token = "fault-token"
        self.log_path = os.path.join(work, "serve.log")
        self.log = open(self.log_path, "w")
        token_file = os.path.join(work, "token")
        with open(token_file, "w") as out:
            out.write(self.token + "\n")
        self.process = subprocess.Popen(
            [dossier, "serve", "--index", index, "--corpus", corpus, "--host", "127.0.0.1", "--port",
             str(self.port), "--token-file", token_file, "--quiet"], stdout=self.log, stderr=self.log)
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "wait-healthz.py"),
                        str(self.port), "60"], check=True)

    def request(self, method, path, body=None, connection=None):
        own = connection is None
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Authorization": f"Bearer {self.token}"} if method == "POST" else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if own:
            connection.close()
        return response.status, data

    def rebuilds_done(self):
        with open(self.log_path) as log_file:
            text = log_file.read()
        return text.count("dossier serve: rebuilt "), text.count("dossier serve: rebuild of ")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def load(args, work, dossier):
    """Two clients search without pause (keep-alive, facets on) while the
    service runs `rebuilds` rebuilds and takes `ingests` posted articles,
    spread over the rebuilds. Every search must answer 200, every post 200
    or 202 (queued during a rebuild), and every posted article must be
    served at the end."""
    articles = Articles(args.seed)
    corpus, index = fresh_index(work, dossier, articles, args.corpus_articles)
    base, _ = index.count_ids([])
    service = Service(dossier, index.path, corpus, work)
    stop = threading.Event()
    stats = {"searches": 0, "failed": 0, "errors": []}
    lock = threading.Lock()
    words = articles.words[:200] + ["mali", "niger", "sudan"]

    def searcher(seed):
        rng = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=60)
        while not stop.is_set():
            try:
                status, _ = service.request("GET", f"/api/search?q={rng.choice(words)}&facets=true",
                                            connection=connection)
            except (OSError, http.client.HTTPException) as error:
                status = repr(error)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=60)
            with lock:
                stats["searches"] += 1
                if status != 200:
                    stats["failed"] += 1
                    stats["errors"].append(status)

    threads = [threading.Thread(target=searcher, args=(n,)) for n in range(2)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    posted = {}
    per_rebuild = max(1, args.ingests // args.rebuilds)
    try:
        for r in range(args.rebuilds):
            status, body = service.request("POST", "/api/index/rebuild")
            expect(status == 202, f"rebuild {r + 1}: {status} {body[:200]}")
            for n in range(per_rebuild if r < args.rebuilds - 1 else args.ingests - len(posted)):
                id = f"post-{len(posted)}"
                status, body = service.request("POST", "/api/articles", json.dumps(articles.article(id)))
                expect(status in (200, 202), f"post {id}: {status} {body[:300]}")
                posted[id] = status
                time.sleep(0.05)
            deadline = time.monotonic() + 600
            while sum(service.rebuilds_done()) < r + 1:
                expect(time.monotonic() < deadline, f"rebuild {r + 1} did not end in 600 s")
                time.sleep(0.05)
            done, failed = service.rebuilds_done()
            expect(failed == 0, f"a rebuild failed: see {service.log_path}")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    seconds = time.monotonic() - started
    missing = [id for id in posted if service.request("GET", f"/api/articles/{id}")[0] != 200]
    status, body = service.request("GET", "/healthz")
    served = json.loads(body)["articles"]
    service.stop()
    queued = sum(1 for s in posted.values() if s == 202)
    log(f"{stats['searches']:,} searches in {seconds:.1f} s ({stats['searches'] / seconds:.0f}/s) during "
        f"{args.rebuilds} rebuilds and {len(posted)} posts ({queued} queued during a rebuild, answered 202)")
    log(f"failed searches: {stats['failed']} {stats['errors'][:5]}; posted articles missing at the end: "
        f"{len(missing)}; articles served {served:,} (corpus {base:,} + {len(posted)} posted)")
    expect(stats["failed"] == 0, f"{stats['failed']} searches failed: {stats['errors'][:5]}")
    expect(not missing, f"posted articles lost: {missing[:10]}")
    expect(served == base + len(posted), f"{served} articles served, expected {base + len(posted)}")


def mount_tmpfs(path, megabytes):
    os.makedirs(path)
    result = run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", path])
    return result.returncode == 0, result.stderr.strip()


def full_disk(args, work, dossier):
    """The index on a 24 MB tmpfs: an ingest that fills it fails with a
    clear error, exit status 3, and leaves the index checked, searchable and
    holding whole batches; a rebuild that fills it fails the same way and
    leaves the live index as it was; a journal on a full file system refuses
    the batch before anything is indexed."""
    disk = os.path.join(work, "disk")
    mounted, why = mount_tmpfs(disk, 24)
    if not mounted:
        log(f"SKIP: cannot mount a tmpfs here ({why}); run as root where mount is permitted")
        return
    try:
        articles = Articles(args.seed)
        corpus = os.path.join(work, "corpus")
        os.makedirs(corpus)
        for name in os.listdir(os.path.join(ROOT, "corpus")):
            shutil.copy(os.path.join(ROOT, "corpus", name), corpus)
        index = Index(dossier, os.path.join(disk, "index"))
        result = run([dossier, "index", "--corpus", corpus, "--index", index.path, "--quiet"])
        expect(result.returncode == 0, result.stderr)
        base, _ = index.count_ids([])
        # 1. An ingest that fills the disk.
        big = os.path.join(work, "big.jsonl")
        articles.write(big, "big", 40000)
        result = run([dossier, "ingest", big, "--index", index.path, "--quiet", "--batch-size", "500"])
        message = result.stderr.strip().splitlines()
        expect(result.returncode == 3, f"ingest on a full disk: exit {result.returncode}, {message[-3:]}")
        expect(any("space" in line.lower() for line in message), f"ingest on a full disk said: {message[-3:]}")
        index.check()
        total, counts = index.count_ids(["big-"])
        expect(counts["big-"] % 500 == 0 and counts["big-"] > 0, f"{counts['big-']} articles: not whole batches")
        expect(total == base + counts["big-"], f"{total} articles, expected {base + counts['big-']}")
        expect(index.searchable() > 0, "no search results after the full disk")
        journaled = journal_ids(corpus, "big-")
        expect(index.ids("big-") <= journaled, "an indexed batch is missing from the journal")
        log(f"ingest: {next(line for line in message if 'space' in line.lower())}")
        log(f"  exit 3; the index holds {counts['big-']:,} of the 40,000 ({counts['big-'] // 500} whole batches), "
            f"passes xapian-check and answers searches; all of them are in the journal")
        # 2. A rebuild that cannot fit next to the live index.
        live = index.databases()
        result = run([dossier, "index", "--corpus", corpus, "--index", index.path, "--quiet"])
        message = result.stderr.strip().splitlines()
        expect(result.returncode == 3, f"rebuild on a full disk: exit {result.returncode}, {message[-3:]}")
        expect(any("space" in line.lower() for line in message), f"rebuild on a full disk said: {message[-3:]}")
        expect(index.databases() == live, "the live index changed")
        index.check()
        expect(index.count_ids([])[0] == total, "the live index lost articles")
        expect(len(index.generations()) == 1, f"the failed rebuild left {index.generations()}")
        log(f"rebuild: {next(line for line in message if 'space' in line.lower())}")
        log(f"  exit 3; the live index unchanged ({total:,} articles, xapian-check passed), "
            f"the unfinished generation removed")
        # 3. The journal's own disk full: the batch is refused before the index sees it.
        journal_disk = os.path.join(work, "journal-disk")
        mounted, why = mount_tmpfs(journal_disk, 1)
        expect(mounted, why)
        try:
            small_corpus = os.path.join(journal_disk, "corpus")
            os.makedirs(small_corpus)
            other = os.path.join(work, "other-index")
            result = run([dossier, "index", "--corpus", corpus, "--index", other, "--quiet"])
            expect(result.returncode == 0, result.stderr)
            extra = os.path.join(work, "extra.jsonl")
            articles.write(extra, "extra", 3000)
            result = run([dossier, "ingest", extra, "--index", other, "--corpus", small_corpus, "--quiet",
                          "--batch-size", "500"])
            message = result.stderr.strip().splitlines()
            expect(result.returncode == 3, f"journal on a full disk: exit {result.returncode}, {message[-3:]}")
            other_index = Index(dossier, other)
            in_index = other_index.ids("extra-")
            journaled = journal_ids(small_corpus, "extra-")
            expect(in_index <= journaled, f"{len(in_index - journaled)} indexed articles are not in the journal")
            log(f"journal: {message[-1]}")
            log(f"  exit 3; {len(journaled):,} articles journaled, {len(in_index):,} indexed: "
                f"nothing indexed that a rebuild would lose")
        finally:
            run(["umount", journal_disk])
    finally:
        run(["umount", disk])


SUITES = {"kill-ingest": kill_ingest, "kill-rebuild": kill_rebuild, "load": load, "full-disk": full_disk}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", choices=[*SUITES, "all"])
    parser.add_argument("--dossier", help="the dossier executable (default: the debug build)")
    parser.add_argument("--times", type=int, help="kills (default: 50 for kill-ingest, 20 for kill-rebuild)")
    parser.add_argument("--rebuilds", type=int, default=20)
    parser.add_argument("--ingests", type=int, default=100)
    parser.add_argument("--corpus-articles", type=int, default=20000,
                        help="generated articles in the corpus of kill-rebuild and load (default 20000)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes for the test suite: 5 and 3 kills, 3 rebuilds, 15 posts, 2,000 articles")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    if args.quick:
        args.rebuilds, args.ingests, args.corpus_articles = 3, 15, 2000
    ensure_tools()
    dossier = dossier_binary(args.dossier)
    failed = []
    for name in SUITES if args.suite == "all" else [args.suite]:
        suite_args = argparse.Namespace(**vars(args))
        if suite_args.times is None:
            suite_args.times = (5 if args.quick else 50) if name == "kill-ingest" else (3 if args.quick else 20)
        work = tempfile.mkdtemp(prefix=f"dossier-{name}-")
        log(f"== {name} (in {work})")
        started = time.monotonic()
        try:
            SUITES[name](suite_args, work, dossier)
            log(f"PASS {name} ({time.monotonic() - started:.0f} s)")
        except Failure as failure:
            failed.append(name)
            log(f"FAIL {name}: {failure}")
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
