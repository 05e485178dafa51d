import Foundation
import TestSupport
import Testing
import Xapian

/// Word pairs: phrases matched from terms instead of positions.
@Suite("Word pairs")
struct WordPairTests {
    let pairs: WordPairs

    init() throws {
        pairs = try WordPairs(prefix: "XP", skipping: ["the", "of"])
    }

    /// The `XP` terms of `document`, without the prefix, with their wdf.
    func pairTerms(_ document: Document) throws -> [String: Int] {
        var found: [String: Int] = [:]
        for item in try document.terms() where item.term.hasPrefix("XP") {
            found[String(item.term.dropFirst(2))] = item.frequency
        }
        return found
    }

    @Test(
        "a pair for each two adjacent positions of unprefixed terms, with wdf 0, never across a gap or a skipped word")
    func documentPairs() throws {
        let generator = try Sample.englishGenerator()
        try generator.setStemmingStrategy(.some)
        let document = try Document()
        try generator.setDocument(document)
        try generator.indexText("Coup in Mali", weight: 5, prefix: "S")
        try generator.indexText("Coup in Mali", weight: 3)
        try generator.increaseTermPosition()
        try generator.indexText("The army, the army again. Chief of staff")
        let before = try document.terms()
        let added = try document.addWordPairs(pairs)
        let found = try pairTerms(document)
        // Title with title, body with body; "mali army" would cross the gap
        // and "the" (skipped); the prefixed title ("S") and stems ("Z") have
        // no pairs, nor does "chief staff" (not neighbours).
        #expect(found == ["coup in": 0, "in mali": 0, "army again": 0, "again chief": 0], "\(found)")
        #expect(added == found.count)
        // Nothing else changed: same terms, same wdf (so the same document length).
        #expect(try document.terms().filter { !$0.term.hasPrefix("XP") } == before)

        // Several terms at one position: every combination.
        let shared = try Document()
        try shared.add(posting: "oil", position: 1)
        try shared.add(posting: "crude", position: 1)
        try shared.add(posting: "prices", position: 2)
        try shared.add(posting: "Sprices", position: 3)
        try shared.add(posting: "rise", position: 4)
        try shared.addWordPairs(pairs)
        #expect(try pairTerms(shared) == ["oil prices": 0, "crude prices": 0])
        // A document without positions has no pairs.
        let bare = try Document()
        try bare.add(term: "oil")
        #expect(try bare.addWordPairs(pairs) == 0)
    }

    /// (id, weight) of every hit of `query`, in rank order.
    func ranking(_ database: Database, _ query: Query) throws -> [String] {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        let mset = try enquire.mset(limit: 3000, checkAtLeast: 3000)
        return try (0..<mset.count).map {
            "\(try mset.document($0).dataString()) \(String(format: "%.12f", try mset.hit($0).weight))"
        }
    }

    /// The ids of every match of `query`, sorted.
    func matches(_ database: Database, _ query: Query) throws -> [String] {
        try ranking(database, query).map { String($0.split(separator: " ")[0]) }.sorted()
    }

    @Test("a phrase filtered by its pairs has the phrase's hits, weights and order, in every context")
    func rewriteMatchesPhrase() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("db"), articles: randomCorpus(count: 2500, seed: 71), pairs: pairs).close()
        let database = try Database(path: dir.path("db"))
        func phrase(_ words: String...) throws -> Query {
            try Query(.phrase, words.map { try Query(term: $0) })
        }
        let either = try Query(.or, [Query(term: "coup"), Query(term: "junta")])
        let queries: [Query] = [
            try phrase("coup", "junta"),
            try phrase("army", "border", "oil"),
            try phrase("oil", "oil"),
            try Query(.phrase, [either, Query(term: "army")]),
            try Query(.and, [phrase("army", "border"), Query(term: "aid")]),
            try Query(.or, [phrase("protest", "army"), Query(term: "election")]),
            try Query(.andNot, [Query(term: "oil"), phrase("coup", "junta")]),
            try Query(.andMaybe, [phrase("election", "sanctions"), phrase("coup", "army")]),
            try Query(.filter, [phrase("oil", "aid"), Query(term: "XKcoups")]),
        ]
        for query in queries {
            let paired = try #require(try query.withWordPairs(pairs), "\(query.description) is rewritten")
            #expect(paired.description.contains("XP"), "\(paired.description)")
            let expected = try ranking(database, query)
            #expect(!expected.isEmpty, "\(query.description) matches something")
            #expect(try ranking(database, paired) == expected, "\(query.description) as \(paired.description)")
            // The weightless form, for counting: the same matches.
            let counted = try #require(try query.withWordPairs(pairs, weightless: true))
            #expect(
                try matches(database, counted) == matches(database, query),
                "\(query.description) counted as \(counted.description)")
        }
        #expect(
            try phrase("coup", "junta").withWordPairs(pairs, weightless: true)?.description == "Query(XPcoup junta)")
        // A two-word phrase reads no position at all.
        let two = try #require(try phrase("coup", "junta").withWordPairs(pairs))
        #expect(!two.description.contains("PHRASE"), "\(two.description)")
        // The pair term is the phrase, as a term.
        #expect(try matches(database, Query(term: "XPcoup junta")) == matches(database, phrase("coup", "junta")))
    }

    @Test("queries without such phrases are left alone")
    func untouched() throws {
        let either = try Query(.or, [Query(term: "coup"), Query(term: "junta")])
        for query in [
            try Query(term: "coup"),
            try Query(.and, [Query(term: "coup"), Query(term: "junta")]),
            // A field's phrase: the pairs are of unprefixed words only.
            try Query(.phrase, [Query(term: "Scoup"), Query(term: "Sjunta")]),
            try Query(.near, [Query(term: "coup"), Query(term: "junta")]),
        ] {
            #expect(try query.withWordPairs(pairs) == nil, "\(query.description)")
        }
        // Skipped words: no pair to filter by there.
        let of = try Query(.phrase, [Query(term: "chief"), Query(term: "of"), Query(term: "staff")])
        #expect(try of.withWordPairs(pairs) == nil)
        let partly = try #require(
            try Query(.phrase, [Query(term: "army"), Query(term: "of"), Query(term: "coup"), Query(term: "junta")])
                .withWordPairs(pairs))
        #expect(partly.description.contains("XPcoup junta") && !partly.description.contains("XParmy"))
        #expect(partly.description.contains("PHRASE"), "positions still checked: \(partly.description)")
        // Too many pairs for one pair of neighbours: the phrase is checked as before.
        let wide = try Query(.phrase, [either, either])
        #expect(try wide.withWordPairs(pairs, maxPairs: 3) == nil)
        #expect(try wide.withWordPairs(pairs, maxPairs: 4) != nil)
    }
}
