import Foundation
import NewsIngest
import NewsModel
import NewsSearch
import TestSupport
import Testing
import Xapian

@testable import NewsIndex

/// The library entries of the three writes, as the command line and the
/// HTTP service use them.
@Suite("IndexJobs")
struct IndexJobsTests {
    let dir = TemporaryDirectory()

    /// Jobs on `index` with one shard and no grace period.
    func jobs(batchSize: Int = 1000) -> IndexJobs {
        IndexJobs(configuration: IndexConfiguration(path: dir.path("index"), jobs: 1, grace: 0), batchSize: batchSize)
    }

    /// What an event says, for comparing event lists.
    static func describe(_ event: IngestEvent) -> String {
        switch event {
        case .input(let path, let articles, _, _): "input \((path as NSString).lastPathComponent) \(articles)"
        case .article(let article, _): "article \(article.id)"
        case .duplicate(let article, let firstID, _, _): "duplicate \(article.id) of \(firstID)"
        case .problem(let problem):
            "problem \((problem.location.path as NSString).lastPathComponent):\(problem.location.line)"
        case .note(let note): "note \((note.location.path as NSString).lastPathComponent):\(note.location.line)"
        }
    }

    func documentCount() throws -> Int { try Database(path: dir.path("index")).documentCount }

    @Test("a body with the same article text twice reports one duplicate and indexes one")
    func bodyDuplicate() throws {
        let body = """
            {"id": "a1", "title": "Coup in Niger", "body": "Soldiers detained the president in Niamey."}
            {"id": "a2", "title": "Coup in Niger", "body": "Soldiers detained the president in Niamey."}
            not json
            {"id": "a3", "title": "Sanctions on Mali", "body": "ECOWAS imposed sanctions."}
            """
        var events: [String] = []
        let report = try jobs().ingest(body: Array(body.utf8), name: "api") { events.append(Self.describe($0)) }
        #expect(events == ["problem api:3", "input api 3", "article a1", "duplicate a2 of a1", "article a3"])
        #expect(report.inputs == 1 && report.articles == 2 && report.added == 2 && report.replaced == 0)
        #expect(
            report.duplicates == [
                IngestDuplicate(id: "a2", title: "Coup in Niger", source: "api", firstID: "a1", firstSource: "api")
            ])
        #expect(report.problems.map(\.location) == [SourceLocation(path: "api", line: 3)])
        #expect(report.rejected == 1)
        #expect(try documentCount() == 2)
        // The same within an array; across bodies an article replaces, as ids go.
        let array = #"[{"id": "b1", "title": "T", "body": "Same."}, {"id": "b2", "title": "T", "body": "Same."}]"#
        let second = try jobs().ingest(body: Array(array.utf8), name: "api")
        #expect(second.added == 1 && second.duplicates.map(\.id) == ["b2"] && second.problems.isEmpty)
        let again = try jobs().ingest(body: Array(body.utf8), name: "api")
        #expect(again.added == 0 && again.replaced == 2 && again.duplicates.count == 1)
        #expect(try documentCount() == 3)
    }

    @Test("a body is read apart from the write; an empty or non-JSON body is refused before anything is read")
    func bodyErrors() throws {
        #expect(throws: IndexJobError.self) { try jobs().read(body: Array(" \n".utf8), name: "api") }
        #expect(throws: IndexJobError.self) { try jobs().read(body: Array("hello".utf8), name: "api") }
        let pending = try jobs().read(body: Array("{\"title\": 1}\n".utf8), name: "api")
        #expect(pending.articles.isEmpty && pending.report.rejected == 1)
        // Nothing to write: the index is neither created nor locked.
        #expect(try jobs().write(pending).added == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.path("index")))
    }

    @Test("a rebuild reports problems and duplicates through the same events, and in its report")
    func rebuildEvents() throws {
        let line = #"{"id": "j1", "title": "Coup in Niger", "body": "Soldiers detained the president."}"#
        try dir.write(
            line + "\n" + #"{"id": "j2", "title": "Coup in Niger", "body": "Soldiers detained the president."}"#
                + "\n{bad\n", to: "corpus/a.jsonl")
        try dir.write("Coup in Niger\n\nSoldiers detained the president.\n", to: "corpus/b.txt")
        try dir.write("Sanctions on Mali\n\nECOWAS imposed sanctions on Bamako.\n", to: "corpus/c.txt")
        var events: [IngestEvent] = []
        let report = try jobs().rebuild(corpus: dir.path("corpus")) { events.append($0) }
        let described = events.map(Self.describe)
        #expect(described.filter { $0.hasPrefix("problem") } == ["problem a.jsonl:3"])
        #expect(described.filter { $0.hasPrefix("duplicate") }.count == 2)
        #expect(described.filter { $0.hasPrefix("article") }.count == 2)
        let duplicated: [String] = events.compactMap {
            if case .duplicate(let article, _, _, _) = $0 { return article.id }
            return nil
        }
        #expect(report.duplicates.map(\.id) == duplicated)
        #expect(report.duplicates.allSatisfy { $0.firstID == "j1" })
        #expect(report.problems.map(\.location.line) == [3])
        #expect(report.inputs == 3 && report.articles == 2 && report.added == 2)
        let rebuilt = try #require(report.rebuilt)
        #expect(rebuilt.articles == 2)
        #expect(try documentCount() == 2)
        let corpus = try Database(path: dir.path("index")).metadata(forKey: Schema.Metadata.corpus)
        #expect(corpus == URL(fileURLWithPath: dir.path("corpus")).standardizedFileURL.path)
    }

    @Test("a rebuild of an empty corpus is refused and leaves the live index as it was")
    func emptyCorpus() throws {
        _ = try jobs().ingest(body: Array(#"{"id": "x", "title": "Kept", "body": "Kept."}"#.utf8), name: "api")
        try FileManager.default.createDirectory(atPath: dir.path("empty"), withIntermediateDirectories: true)
        do {
            _ = try jobs().rebuild(corpus: dir.path("empty"))
            Issue.record("an empty corpus was rebuilt")
        } catch IndexJobError.emptyCorpus(let corpus) {
            #expect(corpus == dir.path("empty"))
        }
        #expect(try documentCount() == 1)
        let generations = try FileManager.default.contentsOfDirectory(atPath: dir.path("index"))
            .filter { $0.hasPrefix("gen-") }
        #expect(generations.count == 1, "the abandoned generation is removed: \(generations)")
        // And the writer lock was released.
        #expect(
            try jobs().ingest(body: Array(#"{"id": "y", "title": "Y", "body": "Y."}"#.utf8), name: "api").added == 1)
    }

    @Test("an ingest of paths writes in batches, reports duplicates and problems, replaces by id and prunes")
    func ingestPaths() throws {
        for n in 0..<5 {
            try dir.write("Report \(n)\n\nSoldiers marched in town number \(n).\n", to: "in/r\(n).txt")
        }
        try dir.write("Report 0\n\nSoldiers marched in town number 0.\n", to: "in/zcopy.txt")
        var events: [IngestEvent] = []
        let first = try jobs(batchSize: 2).ingest([dir.path("in"), dir.path("missing")]) { events.append($0) }
        #expect(first.inputs == 6 && first.articles == 5 && first.added == 5 && first.replaced == 0)
        #expect(first.duplicates.count == 1 && first.rejected == 1)
        #expect(events.map(Self.describe).first == "problem missing:0")
        let again = try jobs(batchSize: 2).ingest([dir.path("in")])
        #expect(again.added == 0 && again.replaced == 5 && again.pruned == 0)
        try FileManager.default.removeItem(atPath: dir.path("in/r4.txt"))
        let pruned = try jobs().ingest([dir.path("in")], prune: true)
        #expect(pruned.replaced == 4 && pruned.pruned == 1)
        #expect(try documentCount() == 4)
    }

    @Test("a second writer is refused with IndexError before anything is read")
    func locked() throws {
        _ = try jobs().ingest(body: Array(#"{"id": "x", "title": "T", "body": "B."}"#.utf8), name: "api")
        let holder = try IndexWriter(configuration: IndexConfiguration(path: dir.path("index")))
        var events = 0
        #expect(throws: IndexError.self) { _ = try jobs().ingest([dir.path("nothing")]) { _ in events += 1 } }
        #expect(throws: IndexError.self) { _ = try jobs().rebuild(corpus: dir.path("nothing")) { _ in events += 1 } }
        #expect(events == 0)
        try holder.close()
    }

    @Test("the shard flush budget is a value: a default shared between the shards, and the environment untouched")
    func flushBudget() throws {
        #expect(IndexConfiguration(path: "x", jobs: 1).flushThreshold == 10_000)
        #expect(IndexConfiguration(path: "x", jobs: 4).flushThreshold == 2500)
        #expect(IndexConfiguration(path: "x", jobs: 64).flushThreshold == 1000)
        #expect(IndexConfiguration(path: "x", jobs: 4, flushThreshold: 7).flushThreshold == 7)
        let before = ProcessInfo.processInfo.environment["XAPIAN_FLUSH_THRESHOLD"]
        // A tiny budget (commits every 3 documents in each of 3 shards) still
        // builds the whole index, sharded or compacted.
        let articles = (0..<40).map { article("f\($0)", "Report \($0)", "Soldiers marched in town \($0).") }
        for keepShards in [false, true] {
            let path = dir.path("budget-\(keepShards)")
            let builder = try IndexBuilder(
                configuration: IndexConfiguration(
                    path: path, jobs: 3, keepShards: keepShards, grace: 0, flushThreshold: 3),
                corpus: "test")
            for item in articles { try builder.add(item) }
            let summary = try builder.finish()
            #expect(summary.articles == 40)
            #expect(try Database(path: path).documentCount == 40)
            let hits = try Searcher(path: path).search(SearchRequest(query: "soldiers", limit: 100, collapse: false))
            #expect(hits.total == 40)
        }
        #expect(ProcessInfo.processInfo.environment["XAPIAN_FLUSH_THRESHOLD"] == before)
    }

    @Test("a shard writer commits every flushThreshold documents, so a reader sees them before the end")
    func shardCommits() throws {
        let path = dir.path("shard")
        let worker = ShardWorker(path: path, flushThreshold: 5)
        worker.start()
        worker.queue.push(
            (0..<12).map { n -> (Article, String?) in (article("s\(n)", "Report \(n)", "Text \(n)."), nil) })
        // Before the queue is closed, only the periodic commits can make documents visible.
        var seen = 0
        let deadline = Date().addingTimeInterval(10)
        while seen < 10 && Date() < deadline {
            seen = (try? Database(path: path).documentCount) ?? 0
            if seen < 10 { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(seen == 10, "two commits of 5 documents each")
        worker.queue.close()
        worker.join()
        worker.join()  // joining again returns at once
        #expect(worker.failure == nil)
        #expect(worker.count == 12)
    }
}
