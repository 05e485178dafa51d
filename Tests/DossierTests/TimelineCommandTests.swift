import Foundation
import NewsSearch
import TestSupport
import Testing

/// The built `dossier` binary's `timeline` command.
@Suite("dossier timeline")
struct TimelineCommandTests {
    let dir = TemporaryDirectory()
    var index: String { dir.path("index") }

    init() throws {
        try rebuild(dir.path("index"), timelineArchive)
    }

    @Test("a table: a row per bucket, a column per country, then the undated articles and the totals")
    func table() throws {
        let result = try Command.dossier(["timeline", "coup", "--interval", "year", "--index", index])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // bf1 (2022), ne1 (2023), and the undated notes on Burkina Faso and Mali.
        #expect(lines.count == 5, "\(result.stdout)")
        #expect(
            lines[0].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                == "year Burkina Faso Mali Niger")
        let rows = lines.dropFirst().map { $0.split(separator: " ").map(String.init) }
        #expect(rows[0] == ["2022", "1", "0", "0"])
        #expect(rows[1] == ["2023", "0", "0", "1"])
        #expect(rows[2] == ["undated", "1", "1", "0"])
        #expect(rows[3] == ["total", "2", "1", "1"])
        // Aligned: every line as long as the header.
        #expect(Set(lines.map(\.count)).count == 1, "\(result.stdout)")
    }

    @Test("--format csv: a row per bucket with its days, a column per series")
    func csv() throws {
        let result = try Command.dossier(
            [
                "timeline", "coup", "--interval", "year", "--format", "csv", "--series", "Niger", "--series", "bf",
                "--index", index,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == "year,from,to,NE,BF\r\n2022,2022-01-01,2022-12-31,0,1\r\n2023,2023-01-01,2023-12-31,1,0\r\n")
    }

    @Test("--format json: the library's timeline, as GET /api/timeline writes it")
    func json() throws {
        let arguments = ["--by", "topic", "--interval", "week", "--country", "Mali", "--top", "3"]
        let result = try Command.dossier(["timeline"] + arguments + ["--format", "json", "--index", index])
        #expect(result.status == 0, "\(result.stderr)")
        let printed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? NSDictionary
        let timeline = try Searcher(path: index).timeline(
            TimelineRequest(filters: SearchFilters(countries: ["Mali"]), by: .topic, interval: .week, top: 3))
        let expected = try JSONSerialization.jsonObject(with: Data(timeline.jsonBytes())) as? NSDictionary
        #expect(printed != nil && printed == expected)
        #expect((printed?["series"] as? [Any])?.isEmpty == false)
    }

    @Test("nothing matches: a line that says so, exit 0")
    func empty() throws {
        let result = try Command.dossier(["timeline", "xylophone", "--index", index])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "No article matches \"xylophone\".\n")
    }

    @Test("bad values exit 2 naming the option or parameter; a missing index exits 3")
    func errors() throws {
        for (arguments, needle) in [
            (["--series", "Atlantis"], "series"), (["--top", "0"], "--top"), (["--by", "source"], "--by"),
            (["--interval", "day"], "--interval"), (["--country", "Atlantis"], "country"),
            (["--by", "topic", "--series", "gardening"], "series"),
        ] {
            let result = try Command.dossier(["timeline", "coup", "--index", index] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(needle), "\(arguments): \(result.stderr)")
        }
        let missing = try Command.dossier(["timeline", "coup", "--index", dir.path("nowhere")])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("dossier index"), "\(missing.stderr)")
    }
}
