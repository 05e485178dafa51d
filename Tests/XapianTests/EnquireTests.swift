import TestSupport
import Testing
import Xapian

@Suite("Enquire and MSet")
struct EnquireTests {
    let dir = TemporaryDirectory()
    let database: Database

    init() throws {
        database = try Sample.build(at: dir.path("db"))
    }

    func enquire(_ query: Query) throws -> Enquire {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        return enquire
    }

    @Test("hits carry docid, rank, weight and percent; bounds are exact when checked fully")
    func hitsAndBounds() throws {
        let enquire = try enquire(Query(.or, [Query(term: "mali"), Query(term: "niger")]))
        let mset = try enquire.mset(offset: 1, limit: 2, checkAtLeast: database.documentCount)
        #expect(try mset.count == 2)
        #expect(try mset.firstItem == 1)
        let hits = try mset.hits()
        #expect(hits.map(\.rank) == [1, 2])
        #expect(hits[0].weight >= hits[1].weight)
        #expect(hits.allSatisfy { $0.percent > 0 && $0.percent <= 100 })
        let matches = try mset.matches()
        #expect(matches.lowerBound == 3 && matches.estimated == 3 && matches.upperBound == 3)
        #expect(try mset.maxAttained >= hits[0].weight)
        #expect(try mset.maxPossible >= mset.maxAttained)
        #expect(try mset.termFrequency("mali") == 2)
        // A page that does not start at the first hit: Xapian 1.4.22's own
        // MSet::fetch() crashes here, the shim's must not.
        try mset.fetch()
        #expect(try mset.document(0).documentID == hits[0].documentID)
    }

    @Test("pages after a document: every match once, in document order, as an offset pages them")
    func pagesAfter() throws {
        let enquire = try enquire(Query.matchAll())
        try enquire.setWeighting(.boolean)
        try enquire.setDocumentIDOrder(.ascending)
        let every = try enquire.mset(limit: 100).hits().map(\.documentID)
        #expect(every.count == Sample.articles.count)
        var paged: [DocumentID] = []
        var last: DocumentID = 0
        while true {
            let page = try enquire.mset(after: last, limit: 2).hits().map(\.documentID)
            #expect(page.count <= 2)
            guard let end = page.last else { break }
            paged += page
            last = end
        }
        #expect(paged == every)
        #expect(try enquire.mset(after: every.last!, limit: 2).count == 0)
    }

    @Test("BM25 parameters change weights; boolean weighting gives 0")
    func weighting() throws {
        let enquire = try enquire(Query(term: "Zsanction"))
        let standard = try enquire.mset(limit: 1).hit(0).weight
        try enquire.setWeighting(.bm25(k1: 1.2, b: 0.75))
        let tuned = try enquire.mset(limit: 1).hit(0).weight
        try enquire.setWeighting(.bm25(k1: 0))
        let binary = try enquire.mset(limit: 1).hit(0).weight
        #expect(standard != tuned)
        #expect(binary != standard)
        try enquire.setWeighting(.boolean)
        #expect(try enquire.mset(limit: 1).hit(0).weight == 0)
    }

    @Test("sort by value, ascending and descending, and by value then relevance")
    func sorting() throws {
        let enquire = try enquire(Query.matchAll())
        try enquire.setSortByValue(Sample.slotDate, reverse: true)
        #expect(try ids(enquire.mset(limit: 10)) == ["a4", "a2", "a5", "a3", "a6", "a1"])
        try enquire.setSortByValue(Sample.slotDate, reverse: false)
        #expect(try ids(enquire.mset(limit: 10)) == ["a1", "a6", "a3", "a5", "a2", "a4"])
        try enquire.setQuery(Query(.or, [Query(term: "mali"), Query(term: "senegal")]))
        try enquire.setSortByValueThenRelevance(Sample.slotCategory, reverse: false)
        #expect(try ids(enquire.mset(limit: 10)).first == "a2" || ids(enquire.mset(limit: 10)).first == "a5")
        try enquire.setSortByRelevanceThenValue(Sample.slotDate, reverse: true)
        #expect(try enquire.mset(limit: 10).count == 3)
        try enquire.setSortByRelevance()
        try enquire.setWeighting(.boolean)
        try enquire.setDocumentIDOrder(.descending)
        #expect(try ids(enquire.mset(limit: 10)) == ["a5", "a4", "a2"])
    }

    @Test("collapsing keeps one hit per key and counts the rest")
    func collapse() throws {
        let enquire = try enquire(Query.matchAll())
        try enquire.setCollapseKey(Sample.slotCategory)
        let mset = try enquire.mset(limit: 10, checkAtLeast: 6)
        #expect(try mset.count == 5)  // a2 and a5 share "Diplomacy"
        let collapsed = try (0..<mset.count).filter { try mset.hit($0).collapseCount > 0 }
        #expect(collapsed.count == 1)
        #expect(try mset.collapseKey(collapsed[0]) == Array("Diplomacy".utf8))
        #expect(try mset.hit(collapsed[0]).collapseCount == 1)
    }

    @Test("a percentage cutoff drops weak hits")
    func cutoff() throws {
        let enquire = try enquire(Query(.or, [Query(term: "mali"), Query(term: "ecowas"), Query(term: "alliance")]))
        let all = try enquire.mset(limit: 10).count
        try enquire.setCutoff(percent: 90)
        #expect(try enquire.mset(limit: 10).count < all)
    }

    @Test("matching terms are the query terms a document contains")
    func matchingTerms() throws {
        let enquire = try enquire(Query(.or, [Query(term: "mali"), Query(term: "senegal"), Query(term: "niger")]))
        let mset = try enquire.mset(limit: 10)
        let id = try (0..<mset.count).map { try mset.hit($0).documentID }
            .first { try database.document($0).dataString() == "a4" }!
        #expect(try enquire.matchingTerms(id) == ["senegal"])
    }

    @Test("relevance feedback suggests the terms of the relevant documents")
    func expandSet() throws {
        let enquire = try enquire(Query(term: "Zcoup"))
        let rset = try RSet([1])  // a1: the Burkina Faso coup
        #expect(try rset.count == 1)
        let terms = try enquire.eset(limit: 10, relevanceSet: rset, options: .unprefixedOnly)
        #expect(terms.count == 10)
        #expect(terms.allSatisfy { $0.term.first.map { !$0.isUppercase } ?? false })
        #expect(terms.map(\.term).contains("kaboré"))
        #expect(zip(terms, terms.dropFirst()).allSatisfy { $0.weight >= $1.weight })
        let prefixed = try enquire.eset(limit: 5, relevanceSet: rset, prefix: "XC")
        #expect(prefixed.map(\.term) == ["XCbf"])
        // The relevance set also tunes weights of a search.
        let mset = try enquire.mset(limit: 10, relevanceSet: rset)
        #expect(try mset.count == 2)
    }
}

@Suite("Snippets")
struct SnippetTests {
    func mset(for text: String, query: String, stemmed: Bool = true) throws -> (MSet, Stem) {
        let database = try WritableDatabase.inMemory()
        let generator = try TermGenerator()
        let stem = try Stem(language: "english")
        try generator.setStemmer(stem)
        let document = try Document()
        try generator.setDocument(document)
        try generator.indexText(text)
        try database.add(document)
        let parser = try QueryParser()
        try parser.setStemmer(stem)
        try parser.setStemmingStrategy(stemmed ? .some : .none)
        let enquire = try Enquire(database: database)
        try enquire.setQuery(parser.parse(query))
        return (try enquire.mset(limit: 1), stem)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let query: String
        let expected: String
        var testDescription: String { "\(query) in \(text)" }
    }

    static let cases: [Case] = [
        Case(text: "Floods hit Valencia", query: "floods", expected: "<b>Floods</b> hit Valencia"),
        Case(text: "Sanctions were imposed", query: "sanction", expected: "<b>Sanctions</b> were imposed"),
        Case(
            text: "AT&T <b>said</b> x > y", query: "said", expected: "AT&amp;T &lt;b&gt;<b>said</b>&lt;/b&gt; x &gt; y"),
        Case(text: "Mali & Niger", query: "niger", expected: "Mali &amp; <b>Niger</b>"),
    ]

    @Test("escapes <, > and & and places the markers", arguments: cases)
    func table(c: Case) throws {
        let (mset, stem) = try mset(for: c.text, query: c.query)
        #expect(try mset.snippet(c.text, length: 200, stemmer: stem) == c.expected)
    }

    @Test("a stemmer restricted to the query's stems gives the same snippets as the plain one (no background model)")
    func restrictedStemmer() throws {
        let texts = try TextTests.corpusTexts()
        let database = try WritableDatabase.inMemory()
        let generator = try TermGenerator()
        let stem = try Stem(language: "english")
        try generator.setStemmer(stem)
        for text in texts {
            let document = try Document()
            try generator.setDocument(document)
            try generator.indexText(text)
            try document.setData(text)
            try database.add(document)
        }
        let parser = try QueryParser()
        try parser.setStemmer(stem)
        try parser.setStemmingStrategy(.some)
        try parser.setDatabase(database)
        var compared = 0
        let queries = [
            "coup", "elections army", "\"armed forces\"", "sanctions OR junta", "dying soldiers", "ousted president",
            "governing military", "attacks", "president* kaboré",
        ]
        for text in queries {
            let query = try parser.parse(text, flags: [.default, .wildcard])
            let stems = try query.terms().filter { $0.hasPrefix("Z") }.map { String($0.dropFirst()) }
            let enquire = try Enquire(database: database)
            try enquire.setQuery(query)
            let mset = try enquire.mset(limit: 10)
            for index in 0..<(try mset.count) {
                let body = try mset.document(index).dataString()
                for length in [60, 200, body.utf8.count + 16] {
                    // As Dossier asks: without the background model, which looks stems up.
                    let plain = try mset.snippet(body, length: length, stemmer: stem, flags: [])
                    let restricted = try mset.snippet(
                        body, length: length, stemmer: stem.restricted(to: stems), flags: [])
                    #expect(plain == restricted, "\(text), hit \(index), length \(length)")
                    if plain.contains("<b>") { compared += 1 }
                }
            }
        }
        #expect(compared > 20)
    }

    @Test("without the stemmer, stemmed matches are not highlighted")
    func needsStemmer() throws {
        let text = "Sanctions were imposed"
        let (mset, _) = try mset(for: text, query: "sanction")
        #expect(try mset.snippet(text, length: 200, stemmer: nil, flags: .emptyWithoutMatch) == "")
    }

    @Test("long text is cut near the match, with the omit marker")
    func longText() throws {
        let filler = String(repeating: "Nothing happened that day in the capital. ", count: 30)
        let text = filler + "Then the junta suspended the constitution. " + filler
        let (mset, stem) = try mset(for: text, query: "junta")
        let snippet = try mset.snippet(text, length: 80, stemmer: stem, highlight: ("[", "]"), omit: "…")
        #expect(snippet.contains("[junta]"))
        #expect(snippet.hasPrefix("…") || snippet.hasSuffix("…"))
        #expect(snippet.utf8.count < 140)
    }

    @Test("with emptyWithoutMatch, a text without the terms gives an empty snippet")
    func emptyWithoutMatch() throws {
        let (mset, stem) = try mset(for: "Coup in Mali", query: "mali")
        #expect(try mset.snippet("Nothing relevant here", length: 100, stemmer: stem, flags: .emptyWithoutMatch) == "")
        #expect(try mset.snippet("Nothing relevant here", length: 100, stemmer: stem) == "Nothing relevant here")
    }
}
