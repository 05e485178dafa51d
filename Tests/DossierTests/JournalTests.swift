import Foundation
import Hummingbird
import HummingbirdTesting
import NewsIngest
import NewsModel
import NewsServer
import TestSupport
import Testing

@testable import NewsIndex

/// Issue 14: what `dossier ingest` reads from outside the corpus is kept in
/// the corpus's journal, so that `dossier index` keeps it.
@Suite("dossier ingest: the journal")
struct JournalTests {
    let dir = TemporaryDirectory()

    /// A corpus of one article (c1) indexed with `dossier index`, and a file
    /// outside it (`elsewhere/o.jsonl`, article o1); returns the index.
    func corpusIndexAndOutsideFile() throws -> String {
        try dir.write(
            #"{"id": "c1", "title": "Coup in Gabon", "body": "Officers seized power in Libreville."}"#,
            to: "corpus/a.jsonl")
        try dir.write(
            #"{"id": "o1", "title": "Talks in Lome", "body": "Delegates met in Lome for talks."}"#,
            to: "elsewhere/o.jsonl")
        let index = dir.path("index")
        let built = try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", index, "--quiet"])
        #expect(built.status == 0, "\(built.stderr)")
        return index
    }

    @Test("articles ingested from outside the corpus survive a rebuild; ones inside it are not journaled twice")
    func survivesRebuild() throws {
        let index = try corpusIndexAndOutsideFile()
        let outside = try Command.dossier(["ingest", dir.path("elsewhere/o.jsonl"), "--index", index, "--quiet"])
        #expect(outside.status == 0, "\(outside.stderr)")
        let journal = dir.path("corpus/" + IngestJournal.fileName)
        #expect(try String(contentsOfFile: journal, encoding: .utf8).contains(#""id":"o1""#))
        // A file added to the corpus and ingested is the corpus's own: not journaled.
        try dir.write(
            #"{"id": "c2", "title": "Vote in Praia", "body": "Voters in Praia chose a mayor."}"#, to: "corpus/b.jsonl")
        #expect(try Command.dossier(["ingest", dir.path("corpus/b.jsonl"), "--index", index, "--quiet"]).status == 0)
        #expect(!(try String(contentsOfFile: journal, encoding: .utf8).contains(#""id":"c2""#)))
        // The rebuild keeps all three, o1 from the journal.
        let rebuilt = try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", index, "--quiet"])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("indexed 3 articles"), "\(rebuilt.stdout)")
        for id in ["c1", "c2", "o1"] {
            #expect(try Command.dossier(["show", id, "--index", index]).status == 0, "\(id) after the rebuild")
        }
        // A re-ingest of the same article replaces it, in the index and after the next rebuild.
        try dir.write(
            #"{"id": "o1", "title": "Talks in Lome end", "body": "Delegates left Lome."}"#, to: "elsewhere/o.jsonl")
        #expect(
            try Command.dossier(["ingest", dir.path("elsewhere/o.jsonl"), "--index", index, "--quiet"]).status == 0)
        #expect(
            try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", index, "--quiet"]).status == 0)
        let shown = try Command.dossier(["show", "o1", "--index", index])
        #expect(shown.stdout.contains("Talks in Lome end"), "the later version wins: \(shown.stdout)")
    }

    @Test(
        "dossier ingest while a rebuild runs queues the articles in the journal (exit 0), and the new index holds them")
    func ingestDuringRebuild() throws {
        let index = try corpusIndexAndOutsideFile()
        let corpus = dir.path("corpus")
        // Held at its first article, the rebuild has the index's lock; the
        // ingest runs then, as another process.
        var during: CommandResult?
        var first = true
        let report = try IndexJobs(configuration: IndexConfiguration(path: index, grace: 0)).rebuild(corpus: corpus) {
            _ in
            guard first else { return }
            first = false
            during = try Command.dossier(["ingest", dir.path("elsewhere/o.jsonl"), "--index", index])
            // A file put into the corpus after the rebuild listed it is queued too.
            try dir.write(
                #"{"id": "c2", "title": "Vote in Praia", "body": "Voters in Praia chose a mayor."}"#,
                to: "corpus/late.jsonl")
            let late = try Command.dossier(["ingest", dir.path("corpus/late.jsonl"), "--index", index, "--quiet"])
            #expect(late.status == 0, "\(late.stderr)")
        }
        let ingest = try #require(during)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("0 added, 0 replaced, 1 queued in the journal"), "\(ingest.stderr)")
        #expect(report.added == 3, "c1, and o1 and c2 from the journal")
        for id in ["c1", "o1", "c2"] {
            #expect(try Command.dossier(["show", id, "--index", index]).status == 0, "\(id) in the new index")
        }
        // --prune needs the index itself: refused while a rebuild holds it.
        var pruned: CommandResult?
        first = true
        _ = try IndexJobs(configuration: IndexConfiguration(path: index, grace: 0)).rebuild(corpus: corpus) { _ in
            guard first else { return }
            first = false
            pruned = try Command.dossier(["ingest", dir.path("elsewhere"), "--prune", "--index", index, "--quiet"])
        }
        #expect(pruned?.status == 3, "\(pruned?.stderr ?? "")")
    }
}

/// The journal under stress: a line a crash cut short, and a writer that is
/// not a rebuild holding the index while the service is posted to.
@Suite("The journal, under faults")
struct JournalFaultTests {
    let dir = TemporaryDirectory()

    @Test("after a crash cut the last line short, the next append starts a line of its own, and a rebuild reads it")
    func tornLine() throws {
        try dir.write(
            #"{"id": "c1", "title": "Coup in Gabon", "body": "Officers seized power in Libreville."}"#,
            to: "corpus/a.jsonl")
        let journal = try #require(IngestJournal(corpus: dir.path("corpus")))
        try Data(#"{"id": "torn", "title": "Half a li"#.utf8).write(to: URL(fileURLWithPath: journal.path))
        try journal.append([
            Article(id: "j1", title: "Talks in Lome", body: "Delegates met in Lome.", source: "api")
        ])
        let lines = try String(contentsOfFile: journal.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasPrefix(#"{"body":"Delegates met in Lome.""#), "\(lines)")
        let report = try IndexJobs(configuration: IndexConfiguration(path: dir.path("index"), grace: 0)).rebuild(
            corpus: dir.path("corpus"))
        #expect(report.added == 2, "c1 and j1; the torn line is reported")
        #expect(report.problems.count == 1 && report.problems[0].location.line == 1)
    }

    @Test(
        "a post or a rebuild while another writer (not a rebuild) holds the index is 409; the post says the journal has it"
    )
    func busyNotRebuild() async throws {
        try dir.write(
            #"{"id": "c1", "title": "Coup in Gabon", "body": "Officers seized power in Libreville."}"#,
            to: "corpus/a.jsonl")
        _ = try IndexJobs(configuration: IndexConfiguration(path: dir.path("index"), grace: 0)).rebuild(
            corpus: dir.path("corpus"))
        let held = try WriterLock(folder: dir.path("index"), purpose: "dossier ingest")
        defer { held.release() }
        let server = APIServer(index: dir.path("index"), corpus: dir.path("corpus"), token: "t")
        let app = Application(router: server.router())
        let (post, rebuild) = try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.authorization] = "Bearer t"
            let post = try await client.execute(
                uri: "/api/articles", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"id": "p9", "title": "Vote", "body": "Voters voted."}"#)
            ) { ($0.status, String(buffer: $0.body)) }
            let rebuild = try await client.execute(uri: "/api/index/rebuild", method: .post, headers: headers) {
                ($0.status, String(buffer: $0.body))
            }
            return (post, rebuild)
        }
        #expect(post.0 == .conflict, "\(post.1)")
        #expect(post.1.contains("index_busy") && post.1.contains("the next rebuild will index them"), "\(post.1)")
        // A rebuild takes the index before it answers: refused at once (it
        // was once answered 202 and then failed in the log).
        #expect(rebuild.0 == .conflict && rebuild.1.contains("index_busy"), "\(rebuild.1)")
        #expect(server.writes.lastRebuild == nil, "no rebuild was started")
    }
}
