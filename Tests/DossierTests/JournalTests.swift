import Foundation
import NewsIndex
import TestSupport
import Testing

/// Issue 14: what `dossier ingest` reads from outside the corpus is kept in
/// the corpus's journal, so that `dossier index` keeps it.
@Suite("dossier ingest: the journal")
struct JournalTests {
    let dir = TemporaryDirectory()

    @Test("articles ingested from outside the corpus survive a rebuild; ones inside it are not journaled twice")
    func survivesRebuild() throws {
        try dir.write(
            #"{"id": "c1", "title": "Coup in Gabon", "body": "Officers seized power in Libreville."}"#,
            to: "corpus/a.jsonl")
        try dir.write(
            #"{"id": "o1", "title": "Talks in Lome", "body": "Delegates met in Lome for talks."}"#,
            to: "elsewhere/o.jsonl")
        let index = dir.path("index")
        #expect(
            try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", index, "--quiet"]).status == 0)
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
}
