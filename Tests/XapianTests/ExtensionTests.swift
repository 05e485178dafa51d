import Foundation
import TestSupport
import Testing
import Xapian

/// The shim's additions to Xapian 1.4: stemmed phrases and a recency weight.
@Suite("Stemmed phrases, value maps and value bounds")
struct ExtensionTests {
    let dir = TemporaryDirectory()
    let database: Database

    init() throws {
        database = try Sample.build(at: dir.path("db"))
    }

    func parse(_ text: String) throws -> Query {
        let parser = try QueryParser()
        try parser.setStemmer(Stem(language: "english"))
        try parser.setStemmingStrategy(.some)
        try parser.setDatabase(database)
        try parser.addPrefix(field: "title", prefix: "S")
        return try parser.parse(text)
    }

    @Test("a phrase finds the other forms of its words, in order only")
    func stemmedPhrase() throws {
        let stem = try Stem(language: "english")
        // a6 has "interest rate" in the body and "Interest rates" in the title.
        let plain = try parse("\"interest rates\"")
        #expect(try search(database, plain) == ["a6"])
        let singular = try parse("\"interest rate\"")
        let widened = try singular.stemmingPhrases(in: database, stemmer: stem)
        #expect(widened.description.contains("rates"), "\(widened)")
        #expect(try search(database, widened) == ["a6"])
        // "rises" in a6's body and "rise" in its title: widening the word finds both forms.
        let rises = try parse("\"rate rises\"").stemmingPhrases(in: database, stemmer: stem)
        #expect(rises.description.contains("(rises OR rise)"), "\(rises)")
        // Order still counts.
        let reversed = try parse("\"rates interest\"").stemmingPhrases(in: database, stemmer: stem)
        #expect(try search(database, reversed).isEmpty)
        // A title: phrase widens within the title's prefix.
        let title = try parse("title:\"interest rate\"").stemmingPhrases(in: database, stemmer: stem)
        #expect(title.description.contains("Srates"), "\(title)")
        #expect(try search(database, title) == ["a6"])
    }

    @Test("a read-only handle's stemmed forms follow it when it reopens onto words added since")
    func variantsAfterReopen() throws {
        let stem = try Stem(language: "english")
        let reader = try Database(path: dir.path("db"))
        let phrase = try parse("\"interest rate\"")
        let before = try phrase.stemmingPhrases(in: reader, stemmer: stem)
        #expect(before.description.contains("rates") && !before.description.contains("rated"), "\(before)")
        let added = Sample(
            id: "r1", title: "Loans", body: "The bank rated interest rated loans.", countries: [], category: "Economy",
            date: "20240301")
        let writer = try #require(database as? WritableDatabase)
        try writer.add(added.document(generator: Sample.englishGenerator(), pairs: nil))
        try writer.commit()
        // Still its own revision until it reopens, and then the new form too.
        #expect(try phrase.stemmingPhrases(in: reader, stemmer: stem).description == before.description)
        #expect(try reader.reopen())
        let after = try phrase.stemmingPhrases(in: reader, stemmer: stem)
        #expect(after.description.contains("rated"), "\(after)")
        #expect(try search(reader, after).contains("r1"))
    }

    @Test("words outside phrases and queries without phrases stay as they were")
    func untouched() throws {
        let stem = try Stem(language: "english")
        let query = try parse("sanctions niger -coup")
        #expect(try query.stemmingPhrases(in: database, stemmer: stem).description == query.description)
        let capped = try parse("\"interest rate\"").stemmingPhrases(in: database, stemmer: stem, maxVariants: 1)
        #expect(!capped.description.contains("rates"))
    }

    @Test("ValueMapPostingSource: each value's own weight, the default for the rest, none without a match")
    func valueMap() throws {
        let boost = try Query(
            valueMap: Sample.slotDate, weights: [("20240128", 3), ("20230916", 1)], defaultWeight: 0.5)
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query(.andMaybe, [Query(term: "XCbf"), boost]))
        let mset = try enquire.mset(limit: 10)
        #expect(try ids(mset) == ["a2", "a5", "a1"])
        #expect(abs(try mset.hit(0).weight - 3) < 1e-9)
        #expect(abs(try mset.hit(2).weight - 0.5) < 1e-9)
        // Weight only: it adds no match of its own.
        try enquire.setQuery(Query(.andMaybe, [Query(term: "XCsn"), boost]))
        #expect(try ids(enquire.mset(limit: 10)) == ["a4"])
        expectXapianError(.invalidArgument) { _ = try Query(valueMap: 0, weights: [("x", -1)]) }
    }

    @Test("value bounds: the lowest and highest value of a slot; nil for an empty slot")
    func valueBounds() throws {
        #expect(try database.valueBounds(slot: Sample.slotDate) == "20220124"..."20240324")
        #expect(try database.valueBounds(slot: 40) == nil)
    }
}
