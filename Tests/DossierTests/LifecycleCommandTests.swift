import Foundation
import NewsModel
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The index lifecycle through the built binary: rebuilds, prune, stats.
@Suite("dossier index lifecycle")
struct LifecycleCommandTests {
    let dir = TemporaryDirectory()

    func search(_ query: String) throws -> String {
        try Command.dossier(["search", query, "--index", dir.path("index"), "--color", "never"]).stdout
    }

    @Test("--prune removes exactly the articles of deleted files under the given folder")
    func prune() throws {
        try dir.write("Coup in Niger\n\nSoldiers detained the president in Niamey.\n", to: "in/niger.txt")
        try dir.write("Sanctions on Mali\n\nECOWAS imposed sanctions on Mali.\n", to: "in/mali.txt")
        try dir.write(
            "A\n\nPosted on in Senegal title_rule\n\nVoters in Dakar.\n\nB\n\nPosted on in Senegal title_rule\n\nMore from Dakar.\n",
            to: "in/senegal.txt")
        try dir.write("Elections in Chad\n\nVoters in N'Djamena went to the polls.\n", to: "elsewhere/chad.txt")
        _ = try Command.dossier(["ingest", dir.path("in"), dir.path("elsewhere"), "--index", dir.path("index")])
        try FileManager.default.removeItem(atPath: dir.path("in/senegal.txt"))
        try FileManager.default.removeItem(atPath: dir.path("elsewhere/chad.txt"))
        let result = try Command.dossier(["ingest", dir.path("in"), "--prune", "--index", dir.path("index")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("0 added, 2 replaced, 2 pruned"), "\(result.stderr)")
        #expect(try search("dakar").contains("No articles match"))
        #expect(try search("niamey").contains("Coup in Niger"))
        #expect(try search("polls").contains("Elections in Chad"), "files outside the given folders are kept")
    }

    @Test("a rebuild killed part-way leaves the old index serving, and its files are swept later")
    func killedRebuild() throws {
        try dir.write("Coup in Niger\n\nSoldiers detained the president in Niamey.\n", to: "small/niger.txt")
        _ = try Command.dossier(["index", "--corpus", dir.path("small"), "--index", dir.path("index"), "--quiet"])
        var lines = ""
        for n in 0..<6000 {
            lines +=
                #"{"id": "b\#(n)", "title": "Sanctions report \#(n)", "body": "ECOWAS imposed sanctions on Mali and Burkina Faso, report \#(n).", "date": "2022-01-09"}"#
                + "\n"
        }
        try dir.write(lines, to: "big/big.jsonl")
        let pid = try Command.spawn(
            Command.dossier,
            ["index", "--corpus", dir.path("big"), "--index", dir.path("index"), "--quiet", "--jobs", "1"])
        // Wait until the new generation is being written, then kill it.
        let deadline = Date().addingTimeInterval(20)
        func generations() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir.path("index"))) ?? []).filter {
                $0.hasPrefix("gen-")
            }
        }
        while generations().count < 2 && Date() < deadline { usleep(20_000) }
        usleep(300_000)
        kill(-pid, SIGKILL)
        #expect(Command.wait(pid) == 128 + SIGKILL)
        #expect(generations().count == 2, "the killed rebuild left its partial generation")
        #expect(try search("niamey").contains("Coup in Niger"))
        #expect(try search("sanctions").contains("No articles match"))
        // The next writer sweeps the partial generation away.
        try dir.write("Sanctions on Mali\n\nECOWAS imposed sanctions.\n", to: "more/mali.txt")
        let ingest = try Command.dossier(["ingest", dir.path("more"), "--index", dir.path("index")])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(generations().count == 1)
        #expect(try search("sanctions").contains("Sanctions on Mali"))
    }

    @Test("stats reports counts, schema version, dates and facets")
    func stats() throws {
        try dir.write(
            #"{"id": "n1", "title": "Coup in Niger", "body": "Soldiers detained the president in Niamey.", "date": "2023-07-26", "countries": ["Niger"], "categories": ["Coups"], "source": "wire"}"#
                + "\n", to: "in/a.jsonl")
        _ = try Command.dossier(["index", "--corpus", dir.path("in"), "--index", dir.path("index"), "--quiet"])
        let result = try Command.dossier(["stats", "--json", "--index", dir.path("index")])
        #expect(result.status == 0, "\(result.stderr)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(stats["articles"] as? Int == 1)
        #expect(stats["schemaVersion"] as? Int == Schema.version, "a JSON number")
        #expect(stats["articles"] is Int && stats["bytes"] is Int)
        #expect(stats["firstDate"] as? String == "2023-07-26")
        #expect((stats["facets"] as? [String: Int])?["country"] == 1)
        #expect((stats["facets"] as? [String: Int])?["source"] == 1)
        #expect(stats["corpus"] as? String == dir.path("in"))
        let missing = try Command.dossier(["stats", "--index", dir.path("nothing")])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("build one with `dossier index`"))
    }

    @Test("an ingested article is found by the very next search")
    func visibleAtOnce() throws {
        try dir.write("Coup in Niger\n\nSoldiers detained the president in Niamey.\n", to: "in/niger.txt")
        _ = try Command.dossier(["index", "--corpus", dir.path("in"), "--index", dir.path("index"), "--quiet"])
        try dir.write(
            #"{"id": "x", "title": "Zygomorphic protests", "body": "Crowds in Bamako."}"# + "\n", to: "new.jsonl")
        _ = try Command.dossier(["ingest", dir.path("new.jsonl"), "--index", dir.path("index"), "--quiet"])
        #expect(try search("zygomorphic").contains("Zygomorphic protests"))
    }
}
