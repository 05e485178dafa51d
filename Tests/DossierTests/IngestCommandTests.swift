import Foundation
import TestSupport
import Testing

/// `dossier ingest` end to end, through the built binary.
@Suite("dossier ingest")
struct IngestCommandTests {
    let dir = TemporaryDirectory()

    init() throws {
        try dir.write(
            """
            {"id": "n1", "title": "Coup in Niger", "body": "Soldiers detained President Bazoum in Niamey on Wednesday 26 July 2023.", "date": null, "countries": [], "categories": ["Uncategorized"], "source": "wire", "url": null}
            {"id": "m1", "title": "Sanctions on Mali", "body": "ECOWAS imposed sanctions on Mali on 9 January 2022.", "date": "2022-01-09", "countries": ["Mali"], "categories": ["Sanctions"], "source": "wire", "url": "https://example.org/m1"}
            this line is broken
            """, to: "in/wire.jsonl")
        try dir.write(
            "Elections in Senegal\n\nVoters in Dakar elected Bassirou Diomaye Faye on 24 March 2024.\n",
            to: "in/senegal.txt")
    }

    func json(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("--dry-run --json prints one object per article with the documented keys, and writes nothing")
    func dryRunJSON() throws {
        let result = try Command.dossier([
            "ingest", dir.path("in"), "--dry-run", "--json", "--index", dir.path("index"),
        ])
        #expect(result.status == 1, "a rejected line makes the exit status 1")
        let objects = try json(result.stdout)
        #expect(objects.count == 3)
        let keys: Set<String> = [
            "id", "title", "body", "date", "countries", "countryCodes", "primaryCountry", "categories", "topics",
            "source", "url", "provenance",
        ]
        for object in objects { #expect(Set(object.keys) == keys) }
        let niger = try #require(objects.first { $0["id"] as? String == "n1" })
        #expect(niger["countryCodes"] as? [String] == ["NE"])
        #expect(niger["primaryCountry"] as? String == "NE")
        #expect(niger["date"] as? String == "2023-07-26")
        #expect(niger["categories"] as? [String] == [])
        let provenance = try #require(niger["provenance"] as? [String: Any])
        #expect(provenance["date"] as? String == "inferred")
        #expect(provenance["countries"] as? String == "inferred")
        #expect(provenance["id"] as? String == "source")
        let mali = try #require(objects.first { $0["id"] as? String == "m1" })
        #expect((mali["provenance"] as? [String: Any])?["countries"] as? String == "source")
        #expect(mali["countries"] as? [String] == ["Mali"])
        #expect(result.stderr.contains("wire.jsonl:3: not a JSON object"))
        #expect(result.stderr.contains("3 printed, 0 duplicates, 1 rejected"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("index")))
    }

    @Test("--infer-only ignores the countries and date the source gives")
    func inferOnly() throws {
        let result = try Command.dossier(["ingest", dir.path("in/wire.jsonl"), "--dry-run", "--json", "--infer-only"])
        let mali = try #require(try json(result.stdout).first { $0["id"] as? String == "m1" })
        #expect((mali["provenance"] as? [String: Any])?["countries"] as? String == "inferred")
        #expect(mali["countryCodes"] as? [String] == ["ML"])
    }

    @Test("ingest adds to the index, then replaces by id; a summary counts both")
    func addThenReplace() throws {
        let first = try Command.dossier(["ingest", dir.path("in"), "--index", dir.path("index")])
        #expect(first.stderr.contains("3 added, 0 replaced, 0 duplicates, 1 rejected"), "\(first.stderr)")
        let again = try Command.dossier(["ingest", dir.path("in/wire.jsonl"), "--index", dir.path("index")])
        #expect(again.stderr.contains("0 added, 2 replaced"), "\(again.stderr)")
        let search = try Command.dossier(["search", "sanctions", "--index", dir.path("index")])
        #expect(search.stdout.contains("1 article match"))
    }

    @Test("standard input is read with -, its format recognised from the content")
    func standardInput() throws {
        let input = try dir.write(
            #"{"title": "Protests in Bamako", "body": "Crowds gathered in Bamako."}"# + "\n", to: "stdin.jsonl")
        let result = try Command.run("/bin/sh", ["-c", "'\(Command.dossier)' ingest - --dry-run --json < '\(input)'"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try json(result.stdout).first)
        #expect(object["title"] as? String == "Protests in Bamako")
        #expect(object["countryCodes"] as? [String] == ["ML"])
    }

    @Test("a missing path is reported, the others still read")
    func missingPath() throws {
        let result = try Command.dossier(["ingest", dir.path("nope"), dir.path("in/senegal.txt"), "--dry-run"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nope:0: no such file or folder"))
        #expect(result.stdout.contains("Elections in Senegal"))
    }

    @Test("--json without --dry-run is a usage error")
    func usage() throws {
        let result = try Command.dossier(["ingest", dir.path("in"), "--json"])
        #expect(result.status == 2, "a usage error is 2, as every bad option")
        #expect(result.stderr.contains("--json goes with --dry-run"))
    }
}
