import Foundation
import NewsIngest
import NewsModel
import NewsSearch
import TestSupport
import Testing

/// End-to-end: the built `dossier` binary on a small corpus.
@Suite("dossier index and search")
struct CommandLineTests {
    let dir = TemporaryDirectory()

    init() throws {
        try dir.write(
            """
            Category Archives: Uncategorized

            Burkina Faso Coup

            Soldiers ousted President Kaboré in Ouagadougou on Monday. The army suspended the constitution.
            """, to: "corpus/coup.txt")
        try dir.write(
            """
            Sanctions on Niger

            ECOWAS imposed sanctions after the coup in Niamey. Trade <restrictions> & border closures followed.
            """, to: "corpus/sanctions.txt")
        try dir.write(
            "Elections in Senegal\n\nVoters in Dakar elected a new president.", to: "corpus/sub/elections.txt")
        try dir.write("Notes\n\nMarkdown is read as plain text.", to: "corpus/notes.md")
    }

    func index() throws -> CommandResult {
        try Command.dossier(["index", "--corpus", dir.path("corpus"), "--index", dir.path("index")])
    }

    @Test("index reads every file of the corpus folder, recursively, and says how many articles it indexed")
    func indexCorpus() throws {
        let result = try index()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("indexed 4 articles"))
    }

    @Test("search prints ranked titles with highlighted snippets")
    func search() throws {
        _ = try index()
        let result = try Command.dossier(["search", "coup", "--index", dir.path("index"), "--color", "always"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 articles match \"coup\""))
        // The title match ranks first; its snippet highlights the matched word.
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let first = try #require(lines.firstIndex { $0.contains("1. ") })
        // The title is bold, its matched word highlighted inside it.
        #expect(lines[first].contains("\u{1B}[1mBurkina Faso \u{1B}[1;33mCoup\u{1B}[0;1m"), "\(lines[first])")
        #expect(result.stdout.contains("\u{1B}[1;33mcoup\u{1B}[0m"))
    }

    @Test("plain output has no escape sequences and keeps the text's own characters")
    func plainOutput() throws {
        _ = try index()
        let result = try Command.dossier(["search", "restrictions", "--index", dir.path("index")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}["))
        #expect(result.stdout.contains("Trade <restrictions> &"))
    }

    @Test("stemming: a search for sanction finds sanctions")
    func stemming() throws {
        _ = try index()
        let result = try Command.dossier(["search", "sanction", "--index", dir.path("index")])
        #expect(result.stdout.contains("Sanctions on Niger"))
    }

    @Test("DOSSIER_INDEX names the index when --index is absent")
    func environment() throws {
        _ = try index()
        let result = try Command.dossier(["search", "dakar"], environment: ["DOSSIER_INDEX": dir.path("index")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Elections in Senegal"))
    }

    @Test("a malformed query is a one-line error with status 2")
    func malformedQuery() throws {
        _ = try index()
        let result = try Command.dossier(["search", "mali AND", "--index", dir.path("index")])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("dossier search: invalid query:"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("a missing index says how to build one")
    func missingIndex() throws {
        let result = try Command.dossier(["search", "mali", "--index", dir.path("nothing")])
        #expect(result.status == 3, "no index: the search failed")
        #expect(result.stderr.contains("no index at"))
        #expect(result.stderr.contains("dossier index"))
    }

    @Test("no match says so")
    func noMatch() throws {
        _ = try index()
        let result = try Command.dossier(["search", "zimbabwe", "--index", dir.path("index")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("No articles match"))
    }
}

@Suite("Snippet")
struct SnippetTests {
    @Test("renders HTML with escaping and <mark>")
    func html() {
        let text = "AT&T <said> \"yes\""
        let range = text.range(of: "said")!
        let snippet = Snippet(text: text, highlights: [range])
        #expect(snippet.html == "AT&amp;T &lt;<mark>said</mark>&gt; &quot;yes&quot;")
        #expect(snippet.rendered(open: "[", close: "]") == "AT&T <[said]> \"yes\"")
    }
}

@Suite("Snippet parsing")
struct SnippetParsingTests {
    @Test("Xapian's marked output: markers become highlights, entities are decoded, multibyte text kept")
    func marked() {
        let snippet = Snippet(marked: "…Kaboré’s \u{1}coup\u{2} &amp; the &lt;army&gt; in \u{1}Ouagadougou\u{2}…")
        #expect(snippet.text == "…Kaboré’s coup & the <army> in Ouagadougou…")
        #expect(snippet.highlights.map { String(snippet.text[$0]) } == ["coup", "Ouagadougou"])
        #expect(snippet.html == "…Kaboré’s <mark>coup</mark> &amp; the &lt;army&gt; in <mark>Ouagadougou</mark>…")
        // An unclosed marker highlights nothing; a lone "&" stays as it is.
        let odd = Snippet(marked: "AT&T \u{1}open")
        #expect(odd.text == "AT&T open")
        #expect(odd.highlights.isEmpty)
    }
}

@Suite("Snippet mapping")
struct SnippetMappingTests {
    @Test("a snippet over folded text moves back onto the original, highlights included")
    func mapped() throws {
        let original = "Burkina Faso’s army ousted President Kaboré."
        let (folded, origin) = TextNormalizer.foldedMapping(original)
        #expect(folded == "Burkina Faso's army ousted President Kabore.")
        let start = folded.range(of: "Kabore")!
        let snippet = Snippet(text: folded, highlights: [start])
        let moved = try #require(snippet.mapped(toOriginal: original, folded: folded, origin: origin, omit: "…"))
        #expect(moved.text == original)
        #expect(moved.highlights.map { String(moved.text[$0]) } == ["Kaboré"])
    }
}

@Suite("dossier serve")
struct ServeCommandTests {
    @Test("a port already in use is a one-line error naming it, exit 1")
    func portInUse() throws {
        // Hold a port on loopback.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(bound == 0)
        #expect(listen(fd, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let dir = TemporaryDirectory()
        let result = try Command.dossier(["serve", "--index", dir.path("index"), "--port", String(port)])
        #expect(result.status == 3)
        #expect(result.stderr.contains("cannot listen on 127.0.0.1:\(port): the address is in use"))
    }
}
