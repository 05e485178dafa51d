import Foundation
import NewsModel
import NewsSearch
import TestSupport
import Testing

@testable import NewsIndex

/// Issue 15: `dossier delete` takes articles out of the index at once, and
/// out of the journal, so that a rebuild brings back only what a corpus file
/// still holds.
@Suite("dossier delete")
struct DeleteTests {
    let dir = TemporaryDirectory()

    /// A corpus of c1 and c2 indexed, and o1 and o2 ingested from outside it
    /// (journaled); returns the index.
    func indexWithJournal() throws -> String {
        try dir.write(
            #"""
            {"id": "c1", "title": "Coup in Gabon", "body": "Officers seized power in Libreville."}
            {"id": "c2", "title": "Vote in Praia", "body": "Voters in Praia chose a mayor in Cabo Verde."}
            """#, to: "corpus/a.jsonl")
        try dir.write(
            #"""
            {"id": "o1", "title": "Coup talks in Lome", "body": "Delegates met in Lome, Togo, after the coup in Gabon."}
            {"id": "o2", "title": "Floods in Niamey", "body": "Floods hit Niamey in Niger."}
            """#, to: "elsewhere/o.jsonl")
        let index = dir.path("index")
        let built = try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", index, "--quiet"])
        #expect(built.status == 0, "\(built.stderr)")
        let ingested = try Command.dossier(["ingest", dir.path("elsewhere/o.jsonl"), "--index", index, "--quiet"])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        return index
    }

    func ids(_ index: String, _ query: String = "") throws -> Set<String> {
        let results = try Searcher(path: index).search(SearchRequest(query: query, limit: 100, collapse: false))
        return Set(results.hits.map(\.article.id))
    }

    @Test("deleted articles leave search, facets and the journal; a rebuild brings back only those a corpus file holds")
    func deleteThenRebuild() throws {
        let index = try indexWithJournal()
        let journal = dir.path("corpus/" + IngestJournal.fileName)
        #expect(try ids(index) == ["c1", "c2", "o1", "o2"])
        #expect(try ids(index, "coup") == ["c1", "o1"])
        let gabon = TimelineRequest(query: "coup", series: ["Gabon"])
        let before = try Searcher(path: index)
        let counted = try before.facets(SearchFilters(), query: "coup").facets?[Facet(rawValue: "country")!]
        let inGabon = try #require(counted?.first { $0.value == "GA" }?.count)
        #expect(try before.timeline(gabon).series.first?.total == inGabon)

        let deleted = try Command.dossier(["delete", "c1", "o1", "nosuch", "--index", index])
        #expect(deleted.status == 1, "an unknown id is reported: \(deleted.stderr)")
        #expect(deleted.stderr.contains("deleted 2 articles (c1, o1)"), "\(deleted.stderr)")
        #expect(deleted.stderr.contains("no article with id nosuch"), "\(deleted.stderr)")
        #expect(deleted.stderr.contains("1 line taken out of the journal"), "\(deleted.stderr)")

        #expect(try ids(index) == ["c2", "o2"])
        #expect(try ids(index, "coup").isEmpty)
        let searcher = try Searcher(path: index)
        let facets = try searcher.facets(SearchFilters())
        #expect(facets.total == 2)
        #expect(facets.facets?[Facet(rawValue: "country")!]?.contains { $0.value == "ga" } != true)
        #expect(try searcher.article(id: "o1") == nil)
        #expect(try searcher.timeline(gabon).series.first?.total ?? 0 == 0, "gone from timelines")
        let lines = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(!lines.contains(#""id":"o1""#))
        #expect(lines.contains(#""id":"o2""#), "the other journaled article stays")

        let rebuilt = try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", index, "--quiet"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(try ids(index) == ["c1", "c2", "o2"], "c1 is back from its corpus file; o1 is not")
    }

    @Test("delete of a sharded index takes each article from its shard; one that is not there changes nothing")
    func shardedAndMissing() throws {
        let index = dir.path("index")
        try rebuild(index, (1...20).map { article("a\($0)", "Coup number \($0)") }, jobs: 3, keepShards: true)
        var jobs = IndexJobs(configuration: IndexConfiguration(path: index))
        jobs.journal = nil
        let report = try jobs.delete(["a3", "a17", "a3", "zz"])
        #expect(report.deleted == ["a3", "a17"])
        #expect(report.missing == ["zz"])
        #expect(try ids(index, "coup").count == 18)
        #expect(try !ids(index, "coup").contains("a17"))
        let none = try jobs.delete(["zz"])
        #expect(none.deleted.isEmpty && none.missing == ["zz"])
        #expect(try ids(index, "coup").count == 18)
    }

    @Test("delete without an index, or with no id, is a clear error")
    func errors() throws {
        let missing = try Command.dossier(["delete", "a1", "--index", dir.path("none")])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("no index at"), "\(missing.stderr)")
        let noID = try Command.dossier(["delete", "--index", dir.path("none")])
        #expect(noID.status == 2, "\(noID.stderr)")
    }
}
