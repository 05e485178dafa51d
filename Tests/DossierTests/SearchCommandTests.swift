import Foundation
import NewsIndex
import NewsModel
import TestSupport
import Testing

@Suite("dossier search, show, similar, facets")
struct SearchCommandTests {
    let dir = TemporaryDirectory()
    var index: String { dir.path("index") }

    init() throws {
        try rebuild(dir.path("index"), searchArchive)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("--json prints the documented shape with every key")
    func jsonShape() throws {
        let result = try Command.dossier(
            ["search", "coup", "--index", index, "--json", "--facets", "--country", "Burkina Faso"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect(
            Set(object.keys) == [
                "query", "total", "totalIsExact", "hits", "facets", "suggestion", "correctedQuery", "notice",
                "timings",
            ])
        #expect(object["total"] as? Int == 1)
        #expect(object["totalIsExact"] as? Bool == true)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(hits.count == 1)
        #expect(
            Set(hits[0].keys) == [
                "id", "title", "date", "countries", "countryCodes", "categories", "topics", "source", "url", "score",
                "snippet", "titleHighlighted", "collapsed",
            ])
        #expect(hits[0]["id"] as? String == "bf1")
        #expect((hits[0]["titleHighlighted"] as? String)?.contains("<mark>Coup</mark>") == true)
        let facets = try #require(object["facets"] as? [String: Any])
        #expect(Set(facets.keys) == ["country", "category", "topic", "year", "month"])
        let countries = try #require(facets["country"] as? [[String: Any]])
        // Disjunctive: the country facet still shows Niger, which the filter excludes.
        #expect(countries.contains { $0["value"] as? String == "NE" && $0["count"] as? Int == 1 })
        let timings = try #require(object["timings"] as? [String: Any])
        #expect((timings["totalMs"] as? Double ?? -1) >= 0)
    }

    @Test("a malformed query exits 2 with a one-line message; a bad filter names the option")
    func errors() throws {
        let bad = try Command.dossier(["search", "mali AND", "--index", index])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("invalid query"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1)
        let country = try Command.dossier(["search", "coup", "--country", "Atlantis", "--index", index])
        #expect(country.status == 2)
        #expect(country.stderr.contains("country"), "\(country.stderr)")
        let missing = try Command.dossier(["search", "coup", "--index", dir.path("nowhere")])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("dossier index"), "\(missing.stderr)")
    }

    @Test("--batch runs one query per line and prints one JSON object per line with timings")
    func batch() throws {
        let file = dir.path("queries.txt")
        try "coup\nrefugees country:\"Senegal\"\n\nelection country:\"Senegal\"\nmali AND\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let result = try Command.dossier(["search", "--batch", file, "--index", index, "--match", "any"])
        #expect(result.status == 1, "a bad line is skipped: done, with status 1")
        // One line out per line in, the blank one included (the empty query), so answers line up.
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 5)
        let objects = try lines.map(json)
        #expect(objects[0]["query"] as? String == "coup")
        #expect(((objects[0]["timings"] as? [String: Any])?["totalMs"] as? Double) != nil)
        #expect(objects[2]["query"] as? String == "")
        #expect((objects[2]["total"] as? Int ?? 0) > 0, "a blank line lists every article")
        #expect((objects[3]["hits"] as? [[String: Any]])?.first?["id"] as? String == "sn1")
        #expect((objects[4]["error"] as? String)?.contains("invalid query") == true)
        #expect(result.stderr.contains("queries.txt:5"), "\(result.stderr)")
    }

    @Test("the terminal layout: rank, title, date, countries and snippet within 80 columns")
    func terminal() throws {
        let result = try Command.dossier(["search", "burkina", "--index", index, "--facets"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("  1. "))
        #expect(result.stdout.contains("2022-01-24 · Burkina Faso"))
        #expect(result.stdout.contains("Countries"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when not a terminal")
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("show, similar and facets")
    func otherCommands() throws {
        let show = try Command.dossier(["show", "sn1", "--index", index])
        #expect(show.status == 0)
        #expect(show.stdout.contains("Elections in Senegal"))
        #expect(show.stdout.contains("Voters in Dakar"))
        let unknown = try Command.dossier(["show", "nope", "--index", index])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no article with id nope"))
        let similar = try Command.dossier(["similar", "as1", "--index", index, "--json"])
        #expect(similar.status == 0)
        let hits = try #require(try json(similar.stdout)["hits"] as? [[String: Any]])
        #expect(hits.first?["id"] as? String == "ml1")
        let facets = try Command.dossier(["facets", "--index", index, "--json", "--from", "2024"])
        let counts = try #require((try json(facets.stdout)["facets"] as? [String: Any])?["country"] as? [[String: Any]])
        #expect(counts.contains { $0["value"] as? String == "SN" && $0["count"] as? Int == 1 })
        let plain = try Command.dossier(["facets", "--index", index])
        #expect(plain.stdout.hasPrefix("9 articles"), "near-identical articles count separately")
    }
}
