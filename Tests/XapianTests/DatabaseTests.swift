import Foundation
import TestSupport
import Testing
import Xapian

@Suite("Database and WritableDatabase")
struct DatabaseTests {
    @Test("statistics describe what was added")
    func statistics() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("db")).close()
        let database = try Database(path: dir.path("db"))
        #expect(try database.documentCount == Sample.articles.count)
        #expect(try database.lastDocumentID == DocumentID(Sample.articles.count))
        #expect(try database.termFrequency("Qa3") == 1)
        #expect(try database.termFrequency("XCbf") == 3)
        #expect(try database.termFrequency("nonexistent") == 0)
        let a3 = try #require(try database.firstDocument(withTerm: "Qa3"))
        #expect(try database.document(a3).terms().contains { $0.term == "Qa3" })
        #expect(try database.firstDocument(withTerm: "nonexistent") == nil)
        #expect(try database.collectionFrequency("interest") == 3)  // once in the title, twice in the body
        #expect(try database.valueFrequency(slot: Sample.slotDate) == Sample.articles.count)
        #expect(try database.hasPositions)
        #expect(try database.averageLength > 5)
        #expect(try database.documentLength(1) > 5)
        #expect(try database.uuid.count == 36)
    }

    @Test("terms can be listed by prefix, with their frequencies")
    func allTermsByPrefix() throws {
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"))
        let countries = try database.allTerms(prefix: "XC")
        #expect(countries.map(\.term) == ["XCbf", "XCml", "XCne", "XCsn"])
        #expect(countries.map(\.frequency) == [3, 2, 3, 1])
        #expect(try database.allTerms(prefix: "XZ").isEmpty)
    }

    @Test("metadata is stored, listed by prefix and removed by an empty value")
    func metadata() throws {
        let dir = TemporaryDirectory()
        let writer = try WritableDatabase(path: dir.path("db"))
        try writer.setMetadata("3", forKey: "schema.version")
        try writer.setMetadata("2026-11-23", forKey: "schema.built")
        try writer.setMetadata("x", forKey: "other")
        try writer.commit()
        let reader = try Database(path: dir.path("db"))
        #expect(try reader.metadata(forKey: "schema.version") == "3")
        #expect(try reader.metadata(forKey: "missing") == "")
        #expect(try reader.metadataKeys(prefix: "schema.") == ["schema.built", "schema.version"])
        try writer.setMetadata("", forKey: "other")
        try writer.commit()
        try reader.reopen()
        #expect(try reader.metadataKeys() == ["schema.built", "schema.version"])
    }

    @Test("a reader sees new commits only after reopen")
    func reopen() throws {
        let dir = TemporaryDirectory()
        let writer = try Sample.build(at: dir.path("db"))
        let reader = try Database(path: dir.path("db"))
        #expect(try reader.documentCount == 6)
        try writer.add(Document())
        try writer.commit()
        #expect(try reader.documentCount == 6)
        #expect(try reader.reopen() == true)
        #expect(try reader.documentCount == 7)
        #expect(try reader.reopen() == false)
    }

    @Test("replace by unique term replaces, delete by unique term deletes")
    func uniqueTerms() throws {
        let writer = try WritableDatabase.inMemory()
        func doc(_ id: String, _ text: String) throws -> Document {
            let document = try Document()
            try document.add(booleanTerm: "Q" + id)
            try document.add(term: text)
            try document.setData(text)
            return document
        }
        let first = try writer.replace(uniqueTerm: "Qone", with: doc("one", "first"))
        let again = try writer.replace(uniqueTerm: "Qone", with: doc("one", "second"))
        try writer.replace(uniqueTerm: "Qtwo", with: doc("two", "other"))
        try writer.commit()
        #expect(first == again)
        #expect(try writer.documentCount == 2)
        #expect(try writer.document(first).dataString() == "second")
        #expect(try writer.termFrequency("first") == 0)
        try writer.delete(uniqueTerm: "Qone")
        try writer.delete(uniqueTerm: "Qnothing")
        try writer.commit()
        #expect(try writer.documentCount == 1)
        #expect(try writer.termFrequency("Qone") == 0)
    }

    @Test("replace and delete by document id")
    func byDocumentID() throws {
        let writer = try WritableDatabase.inMemory()
        let document = try Document()
        try document.setData("v1")
        let id = try writer.add(document)
        let replacement = try Document()
        try replacement.setData("v2")
        try writer.replace(id, with: replacement)
        #expect(try writer.document(id).dataString() == "v2")
        try writer.delete(id)
        #expect(try writer.documentCount == 0)
    }

    @Test("a transaction is seen whole or not at all")
    func transactions() throws {
        let dir = TemporaryDirectory()
        let writer = try Sample.build(at: dir.path("db"))
        let reader = try Database(path: dir.path("db"))

        try writer.beginTransaction()
        try writer.add(Document())
        try writer.add(Document())
        try reader.reopen()
        #expect(try reader.documentCount == 6, "a reader must not see half a transaction")
        try writer.cancelTransaction()
        #expect(try writer.documentCount == 6)

        try writer.transaction {
            try writer.add(Document())
            try writer.add(Document())
        }
        try reader.reopen()
        #expect(try reader.documentCount == 8)

        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try writer.transaction {
                try writer.add(Document())
                throw Failure()
            }
        }
        try reader.reopen()
        #expect(try reader.documentCount == 8, "a failed transaction must leave nothing behind")
    }

    @Test("spelling suggestions come from the words added")
    func spelling() throws {
        let dir = TemporaryDirectory()  // the in-memory backend has no spelling data
        let writer = try WritableDatabase(path: dir.path("db"))
        try writer.addSpelling("ouagadougou", frequencyIncrement: 3)
        try writer.addSpelling("burkina")
        try writer.commit()
        #expect(try writer.spellingSuggestion(for: "ouagadugu") == "ouagadougou")
        #expect(try writer.spellingSuggestion(for: "burkina") == nil)
        #expect(try writer.spellingSuggestion(for: "zzzzzzzz") == nil)
        try writer.removeSpelling("ouagadougou", frequencyDecrement: 3)
        #expect(try writer.spellingSuggestion(for: "ouagadugu") == nil)
    }

    @Test("synonyms are added, listed and removed")
    func synonyms() throws {
        let dir = TemporaryDirectory()  // the in-memory backend has no synonyms
        let writer = try WritableDatabase(path: dir.path("db"))
        try writer.addSynonym("economic community of west african states", for: "ecowas")
        try writer.addSynonym("cedeao", for: "ecowas")
        #expect(try writer.synonyms(of: "ecowas") == ["cedeao", "economic community of west african states"])
        try writer.removeSynonym("cedeao", for: "ecowas")
        #expect(try writer.synonyms(of: "ecowas") == ["economic community of west african states"])
        try writer.clearSynonyms(for: "ecowas")
        #expect(try writer.synonyms(of: "ecowas").isEmpty)
    }

    @Test("compacting shards gives one database with the same documents")
    func compact() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("s1"), articles: Array(Sample.articles[0..<3])).close()
        try Sample.build(at: dir.path("s2"), articles: Array(Sample.articles[3...])).close()
        let combined = try Database(shards: [Database(path: dir.path("s1")), Database(path: dir.path("s2"))])
        try combined.compact(to: dir.path("merged"))
        let merged = try Database(path: dir.path("merged"))
        #expect(try merged.documentCount == 6)
        #expect(try merged.allTerms(prefix: "XC") == combined.allTerms(prefix: "XC"))
        #expect(try merged.allTerms(prefix: "Q").map(\.term) == ["Qa1", "Qa2", "Qa3", "Qa4", "Qa5", "Qa6"])
    }

    @Test("compacting into a stub file switches the stub to the new database")
    func compactIntoStub() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("old"), articles: Array(Sample.articles[0..<2])).close()
        try Sample.build(at: dir.path("new"), articles: Sample.articles).close()
        let stub = dir.path("live.stub")
        try "auto old\n".write(toFile: stub, atomically: true, encoding: .utf8)
        #expect(try Database(path: stub).documentCount == 2)
        try Database(path: dir.path("new")).compact(to: stub)
        #expect(try Database(path: stub).documentCount == 6)
    }
}
