import Foundation
import NewsModel
import NewsSearch
import TestSupport
import Testing

@testable import NewsIndex

/// Issue 15: a watch reports exactly the matching articles that arrived
/// since it was last seen: new ones, and changed ones, never ones
/// re-ingested unchanged; across rebuilds, deletes and new processes.
@Suite("dossier watch")
struct WatchTests {
    let dir = TemporaryDirectory()

    func dossier(_ arguments: [String]) throws -> CommandResult {
        try Command.dossier(arguments + ["--index", dir.path("index")])
    }

    /// The ids `watch show NAME --json` lists (marking them seen unless `keep`).
    func shown(_ name: String, keep: Bool = false, since: String? = nil) throws -> Set<String> {
        var arguments = ["watch", "show", name, "--json"]
        if keep { arguments.append("--keep") }
        if let since { arguments += ["--since", since] }
        let result = try dossier(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return Set(((object?["hits"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
    }

    @discardableResult
    func write(_ lines: [String], to name: String) throws -> String {
        try dir.write(lines.joined(separator: "\n") + "\n", to: name)
    }

    @Test("a watch sees exactly the new matching articles of an ingest, not re-ingested ones, across a rebuild")
    func newArticles() throws {
        try write(
            [
                #"{"id": "c1", "title": "Coup in Mali", "body": "Soldiers seized power in Bamako, Mali."}"#,
                #"{"id": "c2", "title": "Vote in Ghana", "body": "Voters in Accra, Ghana, chose a president."}"#,
            ], to: "corpus/a.jsonl")
        #expect(
            try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", dir.path("index")]).status == 0)
        #expect(try dossier(["watch", "add", "mali", "--country", "Mali"]).status == 0)
        #expect(try dossier(["watch", "add", "coups", "coup OR junta"]).status == 0)
        #expect(try shown("mali", keep: true).isEmpty, "what was there before the watch is not new")

        // An ingest of two new articles, one about Mali, and c1 unchanged.
        let batch = try write(
            [
                #"{"id": "c1", "title": "Coup in Mali", "body": "Soldiers seized power in Bamako, Mali."}"#,
                #"{"id": "n1", "title": "Junta in Mali extends its rule", "body": "The junta in Bamako, Mali, delayed the vote."}"#,
                #"{"id": "n2", "title": "Floods in Chad", "body": "Floods hit N'Djamena, Chad."}"#,
            ], to: "in/b.jsonl")
        let ingested = try dossier(["ingest", batch])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        #expect(ingested.stderr.contains("watch mali: 1 new article (1 unseen"), "\(ingested.stderr)")
        #expect(ingested.stderr.contains("watch coups: 1 new article"), "\(ingested.stderr)")
        #expect(try shown("mali", keep: true) == ["n1"])
        #expect(try shown("coups", keep: true) == ["n1"])

        // The same batch again: nothing is new, and no line says so.
        let again = try dossier(["ingest", batch])
        #expect(!again.stderr.contains("watch "), "\(again.stderr)")
        #expect(try shown("mali", keep: true) == ["n1"])

        // Shown, then seen: nothing new; a new process agrees.
        #expect(try shown("mali") == ["n1"])
        #expect(try shown("mali", keep: true).isEmpty)
        let listed = try dossier(["watch", "list"])
        #expect(listed.stdout.contains("mali") && listed.stdout.contains("0 new"), "\(listed.stdout)")
        #expect(listed.stdout.contains("coups") && listed.stdout.contains("1 new"), "\(listed.stdout)")

        // A rebuild of the corpus, which now also holds a changed c2 and a new Mali article:
        // the changed and new ones arrive; c1 and the journaled n1 do not arrive again.
        try write(
            [
                #"{"id": "c1", "title": "Coup in Mali", "body": "Soldiers seized power in Bamako, Mali."}"#,
                #"{"id": "c2", "title": "Vote in Ghana and Mali", "body": "Voters in Accra, Ghana, chose a president; Mali watched."}"#,
                #"{"id": "c3", "title": "Coup plot foiled in Mali", "body": "Officers in Bamako, Mali, were arrested."}"#,
            ], to: "corpus/a.jsonl")
        let rebuilt = try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", dir.path("index")])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("watch mali: 2 new articles"), "\(rebuilt.stdout)")
        #expect(try shown("mali", keep: true) == ["c2", "c3"])
        #expect(try shown("coups", keep: true) == ["n1", "c3"])
        #expect(
            try shown("mali", since: "2000-01-01") == ["c1", "c2", "c3", "n1"], "--since: everything arrived since")

        // A deleted article is no longer new to anyone.
        #expect(try dossier(["delete", "c3"]).status == 0)
        #expect(try shown("mali", keep: true) == ["c2"])
        #expect(try shown("coups", keep: true) == ["n1"])
    }

    @Test("watch errors: a taken name, a bad name, an unknown country, an unknown watch; nothing is saved by a refusal")
    func errors() throws {
        try write([#"{"id": "c1", "title": "Coup in Mali", "body": "Soldiers in Bamako."}"#], to: "corpus/a.jsonl")
        #expect(
            try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", dir.path("index")]).status == 0)
        #expect(try dossier(["watch", "add", "w", "coup"]).status == 0)
        let taken = try dossier(["watch", "add", "w", "vote"])
        #expect(taken.status == 2 && taken.stderr.contains("already a watch called w"), "\(taken.stderr)")
        let badName = try dossier(["watch", "add", "a/b", "vote"])
        #expect(badName.status == 2 && badName.stderr.contains("1 to 64 letters"), "\(badName.stderr)")
        let country = try dossier(["watch", "add", "x", "vote", "--country", "Atlantis"])
        #expect(country.status == 2 && country.stderr.contains("Atlantis"), "\(country.stderr)")
        let query = try dossier(["watch", "add", "y", "AND"])
        #expect(query.status == 2, "\(query.stderr)")
        let store = WatchStore(index: dir.path("index"))
        #expect(try store.list().map(\.name) == ["w"])
        let unknown = try dossier(["watch", "show", "nope"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no watch called nope"), "\(unknown.stderr)")
        #expect(try dossier(["watch", "remove", "w"]).status == 0)
        #expect(try dossier(["watch", "remove", "w"]).status == 1)
        #expect(try store.list().isEmpty)
    }

    @Test("a write stamps its articles before it commits: a look at the watch in between does not hide them")
    func lookDuringWrite() throws {
        let index = dir.path("index")
        try rebuild(index, [article("a1", "Coup in Niger")])
        let store = WatchStore(index: index)
        // The writer takes the index (and its stamp) ...
        let writer = try IndexWriter(configuration: IndexConfiguration(path: index))
        Thread.sleep(forTimeInterval: 0.01)
        // ... someone looks at the watch, made now, and marks it seen ...
        let searcher = try Searcher(path: index)
        try store.add(Watch(name: "niger", query: "niger", seen: try searcher.latestArrival))
        _ = try searcher.new(for: try store.watch("niger"))
        try store.markSeen("niger", at: try searcher.latestArrival)
        // ... and only then the write commits: its article is new to the watch.
        try writer.add([(article("a2", "Protests in Niger"), nil)])
        try writer.close()
        let after = try Searcher(path: index)
        #expect(try after.new(for: try store.watch("niger")).hits.map(\.article.id) == ["a2"])
    }
}
