import Foundation
import NewsModel
import NewsSearch
import TestSupport
import Testing

@testable import NewsIndex

/// Issue 15: every match of a search, as JSON Lines that `dossier ingest`
/// reads back, or as CSV, a page at a time.
@Suite("dossier search --all: export")
struct ExportTests {
    let dir = TemporaryDirectory()

    /// 2,500 articles, over several export pages: every third about a coup,
    /// every fifth in Mali; some with text a CSV must quote or defuse.
    func articles() -> [Article] {
        (0..<2500).map { n in
            let topic = n % 3 == 0 ? "coup" : "harvest"
            let country = n % 5 == 0 ? "Mali" : "Ghana"
            var body = "Report \(n) on the \(topic) in \(country)."
            if n % 7 == 0 { body += " He said: \"no comment\", then left.\nA second line." }
            let title = n % 11 == 0 ? "=HYPERLINK(\"x\") \(topic) \(n)" : "The \(topic) in \(country), part \(n)"
            return Article(
                id: "e\(n)", title: title, body: body, date: String(format: "2020-%02d-%02d", n % 12 + 1, n % 28 + 1),
                countries: [country], countryCodes: [country == "Mali" ? "ML" : "GH"], categories: ["politics"],
                source: "wire")
        }
    }

    /// A minimal RFC 4180 reader: records of fields.
    func records(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\r\n" || c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(c)
            }
        }
        return rows
    }

    @Test("JSON Lines: exactly the matches, each once, across pages; dossier ingest reads them back the same")
    func jsonLines() throws {
        let all = articles()
        try rebuild(dir.path("index"), all, jobs: 2)
        let exported = try Command.dossier(
            ["search", "coup", "--country", "Mali", "--all", "--format", "jsonl", "--index", dir.path("index")])
        #expect(exported.status == 0, "\(exported.stderr)")
        let lines = exported.stdout.split(separator: "\n")
        let expected = Set(all.filter { $0.body.contains("coup") && $0.countries == ["Mali"] }.map(\.id))
        let ids = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.count == lines.count && Set(ids) == expected && ids.count == expected.count)
        #expect(exported.stderr.contains("exported \(expected.count) articles"), "\(exported.stderr)")
        // The facets' exact total agrees.
        let facets = try Searcher(path: dir.path("index")).facets(SearchFilters(countries: ["Mali"]), query: "coup")
        #expect(facets.total == expected.count)

        // Ingested into another index, the export gives back the same articles.
        try dir.write(exported.stdout, to: "export.jsonl")
        let ingested = try Command.dossier(["ingest", dir.path("export.jsonl"), "--index", dir.path("copy"), "--quiet"])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        let copy = try Searcher(path: dir.path("copy"))
        let original = try Searcher(path: dir.path("index"))
        #expect(copy.articleCount == expected.count)
        for id in ["e0", "e1050", "e2475"] where expected.contains(id) {
            let a = try #require(try original.article(id: id))
            let b = try #require(try copy.article(id: id))
            #expect(a.title == b.title && a.body == b.body && a.date == b.date && a.countries == b.countries)
        }

        // Everything, with no query.
        let everything = try Command.dossier(["search", "--all", "--index", dir.path("index")])
        #expect(everything.stdout.split(separator: "\n").count == all.count)
    }

    @Test(
        "the cursor: pages and passes of any size give every match exactly once, in one database or in shards",
        arguments: [
            (1000, 10_000, 1), (300, 700, 1), (1, 7, 3), (700, 300, 3), (250, 250, 2),
        ])
    func cursor(pageSize: Int, matchPage: Int, shards: Int) throws {
        let all = articles()
        try rebuild(dir.path("index"), all, jobs: shards, keepShards: shards > 1)
        let searcher = try Searcher(path: dir.path("index"))
        let cursor = try searcher.export(SearchRequest(query: "coup"), pageSize: pageSize, matchPage: matchPage)
        var ids: [String] = []
        while let page = try cursor.next() {
            #expect(page.count <= pageSize)
            ids += page.map(\.id)
        }
        #expect(try cursor.next() == nil, "it stays ended")
        let expected = Set(all.filter { $0.body.contains("coup") }.map(\.id))
        #expect(ids.count == expected.count && Set(ids) == expected && cursor.count == ids.count)
    }

    @Test("CSV: a header, one record per match, quotes and line breaks kept, formulas defused")
    func csv() throws {
        let all = articles()
        try rebuild(dir.path("index"), all)
        let exported = try Command.dossier(
            ["search", "coup", "--all", "--format", "csv", "--index", dir.path("index")])
        #expect(exported.status == 0, "\(exported.stderr)")
        let rows = records(exported.stdout)
        #expect(rows.first == ExportFormat.columns)
        let byID = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], $0) })
        let expected = all.filter { $0.body.contains("coup") }
        #expect(rows.count == expected.count + 1 && byID.count == expected.count)
        #expect(rows.allSatisfy { $0.count == ExportFormat.columns.count })
        let quoted = try #require(byID["e21"])  // n % 7 == 0: a quote, a comma and a line break
        #expect(quoted[9] == all[21].body)
        let formula = try #require(byID["e33"])  // n % 11 == 0: a title that is a formula
        #expect(formula[2] == "'" + all[33].title)
        #expect(quoted[3] == "Ghana" && quoted[1] == all[21].date)
    }

    @Test("an export's errors: --format without --all, a bad query, an unknown country")
    func errors() throws {
        try rebuild(dir.path("index"), Array(articles().prefix(10)))
        let index = ["--index", dir.path("index")]
        #expect(try Command.dossier(["search", "coup", "--format", "csv"] + index).status == 2)
        #expect(try Command.dossier(["search", "coup", "--all", "--format", "xml"] + index).status == 2)
        #expect(try Command.dossier(["search", "AND", "--all"] + index).status == 2)
        let country = try Command.dossier(["search", "coup", "--all", "--country", "Atlantis"] + index)
        #expect(country.status == 2 && country.stderr.contains("Atlantis"), "\(country.stderr)")
    }
}
