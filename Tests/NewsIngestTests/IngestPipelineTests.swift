import Foundation
import NewsIngest
import NewsModel
import TestSupport
import Testing

@Suite("IngestPipeline")
struct IngestPipelineTests {
    let dir = TemporaryDirectory()

    /// Enrichment reduced to what these tests need: ids and titles filled in.
    static let identity: @Sendable ([RawArticle]) -> [Article] = { raws in
        raws.enumerated().map { n, raw in
            Article(
                id: raw.id ?? "\(raw.location.path)#\(n)", title: raw.title ?? "", body: raw.body,
                source: raw.source ?? raw.location.path)
        }
    }

    func run(_ paths: [String]) throws -> (events: [IngestEvent], summary: IngestSummary) {
        var events: [IngestEvent] = []
        let summary = try IngestPipeline(enrich: Self.identity).run(paths) { events.append($0) }
        return (events, summary)
    }

    @Test("a large streamed export reports how far it has been read, batch by batch, up to its size")
    func streamedPosition() throws {
        // 5,000 lines: three batches of the JSON Lines reader (2,000 lines each),
        // over 1 MiB, so the file is read in several chunks.
        func line(_ n: Int) -> String {
            let body = String(repeating: "Text of report \(n). ", count: 12)
            return "{\"id\": \"a\(n)\", \"title\": \"Report \(n)\", \"body\": \"\(body)\"}"
        }
        try dir.write((0..<5000).map(line).joined(separator: "\n") + "\n", to: "big.jsonl")
        let size = IngestPipeline.size(of: dir.path("big.jsonl"))
        #expect(size > 1 << 20)
        let (events, summary) = try run([dir.path("big.jsonl")])
        #expect(summary.articles == 5000)
        let positions = events.compactMap { event -> (Int, Int, Int)? in
            guard case .input(_, let articles, let bytesRead, let size) = event else { return nil }
            return (articles, bytesRead, size)
        }
        #expect(positions.count == 3)
        #expect(positions.map(\.0) == [2000, 2000, 1000])
        #expect(positions.allSatisfy { $0.2 == size })
        #expect(positions.first!.1 < size, "the first batch is reported before the whole file is read")
        #expect(zip(positions, positions.dropFirst()).allSatisfy { $0.1 <= $1.1 })
        #expect(positions.last!.1 == size)
    }

    @Test("every format in a folder is read, in path order, and counted")
    func mixedFolder() throws {
        try dir.write("Coup in Niger\n\nSoldiers detained the president.\n", to: "in/a.txt")
        try dir.write(
            #"{"id": "j1", "title": "Sanctions on Mali", "body": "ECOWAS imposed sanctions."}"# + "\n", to: "in/b.jsonl"
        )
        try dir.write(
            "<html><body><article><h1>Elections in Senegal</h1><p>Voters went to the polls.</p></article></body></html>",
            to: "in/c.html")
        try dir.write(
            """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
            <item><title>Protests in Bamako</title><description>Crowds gathered.</description></item>
            </channel></rss>
            """, to: "in/d.rss")
        let (events, summary) = try run([dir.path("in")])
        let titles = events.compactMap { event -> String? in
            if case .article(let article, _) = event { return article.title }
            return nil
        }
        #expect(titles == ["Coup in Niger", "Sanctions on Mali", "Elections in Senegal", "Protests in Bamako"])
        #expect(summary.inputs == 4 && summary.articles == 4 && summary.rejected == 0 && summary.duplicates == 0)
    }

    @Test("exact duplicates are reported once against the first, and skipped")
    func duplicates() throws {
        let line = #"{"title": "Coup in Niger", "body": "Soldiers detained the president."}"#
        try dir.write(line + "\n" + line + "\n", to: "a.jsonl")
        try dir.write("Coup in Niger\n\nSoldiers detained the president.\n", to: "b.txt")
        let (all, summary) = try run([dir.path("a.jsonl"), dir.path("b.txt")])
        #expect(summary.articles == 1 && summary.duplicates == 2)
        let events = all.filter {
            if case .input = $0 { return false }
            return true
        }
        guard case .duplicate(let copy, let firstID, _, _) = events[1] else {
            Issue.record("expected a duplicate, got \(events[1])")
            return
        }
        #expect(firstID == dir.path("a.jsonl") + "#0")
        guard case .article(let first, _) = events[0] else {
            Issue.record("expected the first article, got \(events[0])")
            return
        }
        #expect(first.id == firstID)
        #expect(copy.body == first.body)
    }

    @Test("bad inputs are reported and the rest is still read")
    func problems() throws {
        try dir.write("{\"title\": \"One\"}\nnot json\n{\"title\": \"Three\"}\n", to: "a.jsonl")
        try dir.write("", to: "empty.txt")
        let (events, summary) = try run([dir.path("a.jsonl"), dir.path("missing"), dir.path("empty.txt")])
        let problems = events.compactMap { event -> IngestProblem? in
            if case .problem(let problem) = event { return problem }
            return nil
        }
        #expect(
            problems.map(\.description).sorted() == [
                "\(dir.path("a.jsonl")):2: not a JSON object", "\(dir.path("empty.txt")):1: empty article",
                "\(dir.path("missing")):0: no such file or folder",
            ])
        #expect(summary.articles == 2 && summary.rejected == 3)
    }

    @Test("handle may throw to stop the run")
    func stop() throws {
        try dir.write("{\"title\": \"One\"}\n{\"title\": \"Two\"}\n", to: "a.jsonl")
        struct Stop: Error {}
        var seen = 0
        #expect(throws: Stop.self) {
            try IngestPipeline(enrich: Self.identity).run([dir.path("a.jsonl")]) { _ in
                seen += 1
                throw Stop()
            }
        }
        #expect(seen == 1)
    }

    @Test(
        "JSON Lines stream across chunk boundaries, plain or compressed, with each bad line's number",
        arguments: ["", "xz", "gzip"])
    func streaming(compression: String) throws {
        var text = ""
        for n in 1...6000 {
            text +=
                n == 4000
                ? "broken line\n"
                : #"{"id": "s\#(n)", "title": "Report \#(n)", "body": "\#(String(repeating: "Sanctions on Mali. ", count: 20))"}"#
                    + "\n"
        }
        let path = try dir.write(text, to: "big.jsonl")
        var input = path
        if !compression.isEmpty {
            #expect(try Command.run("/usr/bin/\(compression)", ["-k", "-f", path]).status == 0)
            input += compression == "xz" ? ".xz" : ".gz"
        }
        let (events, summary) = try run([input])
        #expect(text.utf8.count > 2 << 20, "the input spans several 1 MiB chunks")
        #expect(summary.articles == 5999 && summary.rejected == 1)
        let ids = events.compactMap { event -> String? in
            if case .article(let article, _) = event { return article.id }
            return nil
        }
        #expect(ids.first == "s1" && ids.last == "s6000" && Set(ids).count == 5999)
        let problems = events.compactMap { event -> IngestProblem? in
            if case .problem(let problem) = event { return problem }
            return nil
        }
        #expect(problems.map(\.location.line) == [4000])
    }

    @Test("a truncated archive is one problem, and what came before it is kept")
    func truncated() throws {
        var text = ""
        for n in 1...3000 {
            text += #"{"title": "Report \#(n)", "body": "\#(String(repeating: "Coup in Niger. ", count: 40))"}"# + "\n"
        }
        let path = try dir.write(text, to: "t.jsonl")
        #expect(try Command.run("/usr/bin/xz", ["-k", "-f", path]).status == 0)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path + ".xz")))
        bytes.removeLast(bytes.count / 3)
        try Data(bytes).write(to: URL(fileURLWithPath: dir.path("cut.jsonl.xz")))
        let (events, summary) = try run([dir.path("cut.jsonl.xz")])
        #expect(summary.rejected == 1)
        #expect(summary.articles > 0 && summary.articles < 3000)
        let problem = events.compactMap { event -> IngestProblem? in
            if case .problem(let problem) = event { return problem }
            return nil
        }.first
        #expect(problem?.reason.contains("xz") == true)
    }
}
