import Foundation
import NewsIngest
import NewsModel
import TestSupport
import Testing

@Suite("JSONLinesReader")
struct JSONLinesReaderTests {
    func read(_ text: String) -> ReadResult { JSONLinesReader().read(Array(text.utf8), path: "in.jsonl") }

    @Test("reads the interchange form; id may be a number; unknown keys are ignored")
    func interchange() {
        let result = read(
            #"""
            {"id": "r1", "title": "Coup in Niger", "body": "Soldiers detained the president.", "date": "2023-07-26", "countries": ["Niger"], "categories": ["Coups"], "source": "wire", "url": "https://example.org/1", "extra": 1}
            {"id": 42, "title": "Sanctions", "body": "", "date": null}
            {"body": "Body only."}
            """#)
        #expect(result.problems.isEmpty)
        #expect(result.articles.count == 3)
        let first = result.articles[0]
        #expect(first.id == "r1" && first.title == "Coup in Niger" && first.date == "2023-07-26")
        #expect(first.countries == ["Niger"] && first.categories == ["Coups"])
        #expect(first.source == "wire" && first.url == "https://example.org/1")
        #expect(first.location == SourceLocation(path: "in.jsonl", line: 1))
        #expect(result.articles[1].id == "42" && result.articles[1].date == nil)
        #expect(
            result.articles[2].id == nil && result.articles[2].title == nil && result.articles[2].body == "Body only.")
    }

    @Test("each bad line is reported with its number and reason; the rest is read")
    func badLines() {
        var bytes = Array(
            """
            {"title": "One"}
            {"title": "Two", "body": 
            [1, 2]

            {"title": "", "body": "  "}
            {"title": "Six", "countries": "Mali"}
            {"id": [1], "title": "Seven"}
            """.utf8)
        bytes += Array("\n{\"title\": \"Eight \u{FF}\"}\n".utf8).map { $0 == 0xC3 ? 0xFF : $0 }
        bytes += Array("{\"title\": \"Nine\"}\n".utf8)
        let result = JSONLinesReader().read(bytes, path: "in.jsonl")
        #expect(result.articles.map(\.title) == ["One", "Nine"])
        #expect(result.problems.map(\.location.line) == [2, 3, 5, 6, 7, 8])
        #expect(result.problems[0].reason.hasPrefix("malformed JSON"))
        #expect(result.problems[1].reason == "not a JSON object")
        #expect(result.problems[2].reason == "empty article: no title and no body")
        #expect(result.problems[3].reason.contains("countries"))
        #expect(result.problems[4].reason.contains("id"))
        #expect(result.problems[5].reason == "invalid UTF-8")
    }

    @Test("a line over the limit is reported")
    func longLine() {
        let reader = JSONLinesReader(maxLineBytes: 20)
        let result = reader.read(
            Array("{\"title\": \"a much longer title than allowed\"}\n{\"title\": \"ok\"}".utf8), path: "x")
        #expect(result.articles.map(\.title) == ["ok"])
        #expect(result.problems.map(\.reason) == ["line too long (over 20 bytes)"])
    }
}

@Suite("InputLoader")
struct InputLoaderTests {
    let dir = TemporaryDirectory()

    func compress(_ tool: String, _ path: String) throws {
        let result = try Command.run("/usr/bin/\(tool)", ["-k", "-f", path])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("xz and gzip inputs are decompressed and recognised by their inner extension", arguments: ["xz", "gzip"])
    func compressed(tool: String) throws {
        let path = try dir.write(#"{"title": "Coup in Niger"}"# + "\n", to: "a.jsonl")
        try compress(tool, path)
        let loaded = try InputLoader().load(path + (tool == "xz" ? ".xz" : ".gz"))
        #expect(loaded.format == .jsonl)
        #expect(JSONLinesReader().read(loaded.data, path: loaded.path).articles.map(\.title) == ["Coup in Niger"])
    }

    @Test("formats are recognised from extension, else from content")
    func recognise() {
        #expect(InputLoader.recognise(path: "x.ndjson", data: []) == .jsonl)
        #expect(InputLoader.recognise(path: "x.htm", data: []) == .html)
        #expect(InputLoader.recognise(path: "x.rss.gz", data: []) == .feed)
        #expect(InputLoader.recognise(path: "x.txt", data: Array("{".utf8)) == .text)
        #expect(InputLoader.recognise(path: "x", data: Array("  {\"a\": 1}".utf8)) == .jsonl)
        #expect(InputLoader.recognise(path: "x", data: Array("<?xml version=\"1.0\"?><rss>".utf8)) == .feed)
        #expect(InputLoader.recognise(path: "x", data: Array("<!DOCTYPE html><html>".utf8)) == .html)
        #expect(InputLoader.recognise(path: "x", data: Array("Coup in Niger".utf8)) == .text)
    }

    @Test("a truncated compressed file, a missing file and a file too large are problems, never crashes")
    func failures() throws {
        let path = try dir.write(String(repeating: "Coup in Niger. ", count: 2000), to: "big.txt")
        try compress("xz", path)
        var truncated = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path + ".xz")))
        truncated.removeLast(truncated.count / 2)
        try Data(truncated).write(to: URL(fileURLWithPath: dir.path("cut.txt.xz")))
        #expect(throws: IngestProblem.self) { _ = try InputLoader().load(dir.path("cut.txt.xz")) }
        #expect(throws: IngestProblem.self) { _ = try InputLoader().load(dir.path("missing.txt")) }
        let small = InputLoader(maxBytes: 1000)
        do {
            _ = try small.load(path)
            Issue.record("a file over the limit was read")
        } catch {
            #expect(error.reason.contains("too large"))
        }
        do {
            _ = try small.load(path + ".xz")
            Issue.record("a compressed file expanding past the limit was read")
        } catch {
            #expect(error.reason.contains("too large"))
        }
    }

    @Test("folders are walked recursively, sorted, hidden files skipped, linked files followed")
    func folders() throws {
        try dir.write("b", to: "in/b.txt")
        try dir.write("a", to: "in/sub/a.txt")
        try dir.write("h", to: "in/.hidden.txt")
        try dir.write("c", to: "elsewhere/c.txt")
        try FileManager.default.createSymbolicLink(
            atPath: dir.path("in/c.txt"), withDestinationPath: dir.path("elsewhere/c.txt"))
        let (files, problems) = InputLoader().files(in: [dir.path("in"), dir.path("nope"), "-"])
        #expect(files == [dir.path("in") + "/b.txt", dir.path("in") + "/c.txt", dir.path("in") + "/sub/a.txt", "-"])
        #expect(problems.map(\.reason) == ["no such file or folder"])
    }
}
