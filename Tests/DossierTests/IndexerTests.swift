import Foundation
import NewsIndex
import NewsModel
import NewsSearch
import TestSupport
import Testing
import Xapian

func article(_ id: String, _ title: String, _ body: String = "Soldiers seized power.", countries: [String] = [])
    -> Article
{
    Article(id: id, title: title, body: body, countryCodes: countries, source: "test")
}

/// Rebuilds `path` from `articles` with `jobs` shards.
@discardableResult
func rebuild(_ path: String, _ articles: [Article], jobs: Int = 1, keepShards: Bool = false, grace: Double = 0)
    throws -> RebuildSummary
{
    let builder = try IndexBuilder(
        configuration: IndexConfiguration(path: path, jobs: jobs, keepShards: keepShards, grace: grace), corpus: "test")
    for item in articles { try builder.add(item) }
    return try builder.finish()
}

@Suite("Index writing")
struct IndexerTests {
    let dir = TemporaryDirectory()

    func add(_ articles: [Article], file: String? = nil) throws -> IndexUpdate {
        let writer = try IndexWriter(configuration: IndexConfiguration(path: dir.path("index")))
        try writer.add(articles.map { ($0, file) })
        try writer.close()
        return writer.update
    }

    func titles(_ query: String) throws -> [String] {
        try Searcher(path: dir.path("index")).search(SearchRequest(query: query, limit: 100, collapse: false)).hits.map(
            \.article.title
        ).sorted()
    }

    @Test("ingest creates the index, re-ingesting changes nothing, a changed article is replaced")
    func addAndReplace() throws {
        #expect(try add([article("a", "Coup in Niger"), article("b", "Sanctions on Mali")]) == IndexUpdate(added: 2))
        #expect(
            try add([article("a", "Coup in Niger"), article("b", "Sanctions on Mali")]) == IndexUpdate(replaced: 2))
        #expect(try Database(path: dir.path("index")).documentCount == 2)
        #expect(try add([article("a", "Coup in Niger, updated")]) == IndexUpdate(replaced: 1))
        #expect(try titles("niger") == ["Coup in Niger, updated"])
        #expect(try Database(path: dir.path("index")).documentCount == 2)
    }

    /// Each article's arrival stamp; its data holds the same stamp and text
    /// hash as its value slots (``StoredArticle/HitStamps``).
    func stamps() throws -> [String: String] {
        let database = try Database(path: dir.path("index"))
        var found: [String: String] = [:]
        for item in try database.allTerms(prefix: "Q") {
            let id = try #require(try database.firstDocument(withTerm: item.term))
            let document = try database.document(id)
            let arrived = try document.stringValue(Schema.Slot.arrived)
            found[String(item.term.dropFirst())] = arrived
            let stored = try #require(StoredArticle.decodeHit(try document.data()))
            let hash = try document.stringValue(Schema.Slot.textHash)
            #expect(!hash.isEmpty)
            #expect(stored.stamps == StoredArticle.HitStamps(textHash: hash, arrived: arrived), "\(item.term)")
        }
        return found
    }

    @Test(
        "an article arrives when first ingested; re-ingested unchanged or rebuilt it keeps its stamp; changed it arrives again"
    )
    func arrivalStamps() throws {
        _ = try add([article("a", "Coup in Niger"), article("b", "Sanctions on Mali")])
        let first = try stamps()
        #expect(first["a"] == first["b"] && first["a"]!.count == 24, "\(first)")
        Thread.sleep(forTimeInterval: 0.01)
        _ = try add([article("a", "Coup in Niger"), article("c", "Vote in Chad")])
        let second = try stamps()
        #expect(second["a"] == first["a"], "unchanged: keeps its stamp")
        #expect(second["c"]! > first["a"]!, "new: a later stamp")
        Thread.sleep(forTimeInterval: 0.01)
        _ = try add([
            article("b", "Sanctions on Mali", "New sanctions were announced."), article("a", "Coup in Niger!"),
        ])
        let third = try stamps()
        #expect(third["b"]! > second["c"]! && third["a"] == third["b"], "a changed text or title arrives again")
        Thread.sleep(forTimeInterval: 0.01)
        try rebuild(
            dir.path("index"),
            [
                article("a", "Coup in Niger!"), article("b", "Sanctions on Mali", "New sanctions were announced."),
                article("c", "Vote in Chad"), article("d", "Floods in Niamey"),
            ], jobs: 2)
        let rebuilt = try stamps()
        for id in ["a", "b", "c"] { #expect(rebuilt[id] == third[id], "\(id) keeps its stamp across a rebuild") }
        #expect(rebuilt["d"]! > third["a"]!, "new in the rebuild: arrives with it")
        // Hits show them, however the page is collapsed (here, by Xapian with facets, or not at all).
        let searcher = try Searcher(path: dir.path("index"))
        for (facets, collapse) in [(false, true), (true, true), (false, false)] {
            let hits = try searcher.search(
                SearchRequest(query: "niger OR mali OR chad OR niamey", facets: facets, collapse: collapse)
            ).hits
            // a, c and d share their text: collapsed, a stands for them.
            #expect(Set(hits.map(\.article.id)) == (collapse ? ["a", "b"] : ["a", "b", "c", "d"]))
            for hit in hits { #expect(hit.arrived == rebuilt[hit.article.id], "\(hit.article.id)") }
        }
    }

    @Test("a second writer gets a clear error naming the process that holds the index")
    func locked() throws {
        _ = try add([article("a", "Coup in Niger")])
        let holder = try IndexWriter(configuration: IndexConfiguration(path: dir.path("index")))
        do {
            _ = try IndexBuilder(configuration: IndexConfiguration(path: dir.path("index")), corpus: "x")
            Issue.record("a second writer was let in")
        } catch {
            #expect(error.description.contains("process \(getpid()) (dossier ingest)"), "\(error)")
        }
        try holder.close()
        #expect(try Database(path: dir.path("index")).documentCount == 1)
    }

    @Test("an index of another schema version is refused with a message to rebuild")
    func incompatible() throws {
        _ = try add([article("a", "Coup in Niger")])
        let live = try String(contentsOfFile: dir.path("index/XAPIANDB"), encoding: .utf8)
            .split(separator: " ")[1].trimmingCharacters(in: .whitespacesAndNewlines)
        let database = try WritableDatabase(path: dir.path("index/" + live))
        try database.setMetadata("1", forKey: Schema.Metadata.version)
        try database.commit()
        try database.close()
        #expect(throws: IndexError.self) { _ = try add([article("b", "Sanctions")]) }
        do {
            _ = try Searcher(path: dir.path("index"))
            Issue.record("an index of schema 1 was opened")
        } catch {
            #expect(error.description.contains("rebuild it with `dossier index`"))
        }
    }

    @Test("facet terms, values and metadata follow the schema; accents and apostrophes are folded")
    func schema() throws {
        var item = article("a", "Kaboré ousted", "Burkina Faso’s army ousted President Kaboré.", countries: ["BF"])
        item.date = "2022-01-24"
        item.categories = ["Coups"]
        item.topics = ["coup", "military", "coup"]
        item.countryCodes = ["ML", "BF"]
        try rebuild(dir.path("index"), [item])
        let database = try Database(path: dir.path("index"))
        for term in [
            "Qa", "XCbf", "XKcoups", "XTcoup", "XStest", "D20220124", "Y2022", "kabore", "faso's",
        ] {
            #expect(try database.termFrequency(term) == 1, "\(term)")
        }
        // No month terms; each facet slot holds the sorted distinct values,
        // joined, for Xapian's own ValueCountMatchSpy; slot 7 all of them
        // again, tagged, for the local fast path; slot 5 is unused.
        #expect(try database.allTerms(prefix: "M").isEmpty)
        let document = try database.document(1)
        #expect(try document.stringValue(Schema.Slot.date) == "20220124")
        #expect(try document.stringValue(Schema.Slot.countries) == "BF\u{1F}ML")
        #expect(try document.stringValue(Schema.Slot.categories) == "Coups")
        #expect(try document.stringValue(Schema.Slot.topics) == "coup\u{1F}military")
        #expect(try document.stringValue(Schema.Slot.month) == "2022-01")
        #expect(
            try document.values(Schema.Slot.facets) == ["cBF", "cML", "kCoups", "tcoup", "tmilitary", "m2022-01"])
        #expect(try document.stringValue(5).isEmpty)
        #expect(try database.termFrequency(Schema.textHashField.prefix + Schema.textHash(item.body)) == 1)
        #expect(try database.metadata(forKey: Schema.Metadata.version) == String(Schema.version))
        #expect(try database.metadata(forKey: Schema.Metadata.articles) == "1")
        #expect(try titles("Kabore") == ["Kaboré ousted"])
        #expect(try titles("Faso's") == ["Kaboré ousted"])
        let hit = try #require(try Searcher(path: dir.path("index")).search("kabore").hits.first)
        #expect(hit.snippet.text.contains("Kaboré"), "snippets show the original text")
        #expect(hit.snippet.highlights.map { String(hit.snippet.text[$0]) } == ["Kaboré"])
    }

    @Test("a sharded build returns the same hits as a single one")
    func shards() throws {
        let articles = (0..<60).map { n in
            article("id\(n)", "Report \(n)", n % 3 == 0 ? "A coup in Niger." : "Sanctions on Mali and Niger.")
        }
        try rebuild(dir.path("single"), articles, jobs: 1)
        let kept = try rebuild(dir.path("sharded"), articles, jobs: 3, keepShards: true)
        try rebuild(dir.path("compacted"), articles, jobs: 3)
        #expect(kept.shards == 3)
        func ranked(_ path: String) throws -> [String] {
            try Searcher(path: path).search(SearchRequest(query: "niger OR coup", limit: 100, collapse: false)).hits.map
            {
                "\($0.article.id) \(String(format: "%.6f", $0.score))"
            }.sorted()
        }
        #expect(try ranked(dir.path("sharded")) == ranked(dir.path("single")))
        #expect(try ranked(dir.path("compacted")) == ranked(dir.path("single")))
        #expect(try ranked(dir.path("single")).count == 60)
    }

    @Test("a rebuild under a running search loop gives no failed search")
    func rebuildUnderSearch() throws {
        let path = dir.path("index")
        try rebuild(path, (0..<50).map { article("a\($0)", "Coup \($0)") })
        let loop = SearchLoop {
            let results = try Searcher(path: path).search(SearchRequest(query: "coup", collapse: false))
            if results.total != 50 { throw SearchError.invalidQuery("\(results.total) hits") }
        }
        for round in 0..<5 {
            try rebuild(path, (0..<50).map { article("a\($0)", "Coup \($0) round \(round)") }, grace: 0.3)
        }
        #expect(loop.stop() == [])
        let generations = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("gen-") }
        #expect(generations.count == 1, "old generations are removed after the switch: \(generations)")
    }

    @Test("a sharded index keeps its shards and their stubs across rebuilds unless told otherwise")
    func servedShardsKept() throws {
        let path = dir.path("index")
        let articles = (0..<40).map { article("a\($0)", "Coup \($0)") }
        try rebuild(path, articles, jobs: 3, keepShards: true)
        func stubs() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: path + "/shards")) ?? []).sorted()
        }
        #expect(stubs() == ["0", "1", "2"])
        let first = try #require(try IndexStub.read(folder: path + "/shards", file: "0"))
        // A plain rebuild (one job, compacting) of a sharded index keeps three shards.
        try rebuild(path, articles)
        #expect(stubs() == ["0", "1", "2"])
        #expect(try IndexStub.read(folder: path + "/shards", file: "0") != first, "switched to the new shard")
        #expect(try Searcher(path: path).search(SearchRequest(query: "coup", limit: 100, collapse: false)).total == 40)
        // Chosen: one database, and the shard stubs go.
        var single = IndexConfiguration(path: path, jobs: 1, grace: 0)
        single.keepsServedShards = false
        let builder = try IndexBuilder(configuration: single, corpus: "test")
        for item in articles { try builder.add(item) }
        #expect(try builder.finish().shards == 1)
        #expect(stubs() == [])
        #expect(try Searcher(path: path).search(SearchRequest(query: "coup", limit: 100, collapse: false)).total == 40)
    }

    @Test("an abandoned rebuild leaves the live index as it was, and its files are swept")
    func abandoned() throws {
        let path = dir.path("index")
        try rebuild(path, [article("old", "Coup in Niger")])
        do {
            let builder = try IndexBuilder(configuration: IndexConfiguration(path: path, grace: 0), corpus: "x")
            try builder.add(article("new", "Sanctions on Mali"))
            // Dropped without finish(), as if the process had failed.
        }
        #expect(try titles("niger") == ["Coup in Niger"])
        #expect(try titles("mali") == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("gen-") }.count == 1)
    }
}

/// Runs `search` over and over on a thread of its own, at least
/// `minimum` times, until ``stop()``, which returns what failed.
final class SearchLoop: Sendable {
    private let failures = Failures()
    private let stopped = Failures()
    private let done = DispatchSemaphore(value: 0)

    init(minimum: Int = 20, _ search: @escaping @Sendable () throws -> Void) {
        Thread { [failures, stopped, done] in
            var searches = 0
            while stopped.count == 0 || searches < minimum {
                do { try search() } catch { failures.add("\(error)") }
                searches += 1
            }
            done.signal()
        }.start()
    }

    /// Stops the loop and returns what failed, in order.
    func stop() -> [String] {
        stopped.add("stop")
        done.wait()
        return failures.all
    }
}

/// A thread-safe list of messages.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ message: String) { lock.withLock { items.append(message) } }
    var all: [String] { lock.withLock { items } }
    var count: Int { lock.withLock { items.count } }
}
