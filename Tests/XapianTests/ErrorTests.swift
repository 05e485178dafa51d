import CXapian
import Foundation
import TestSupport
import Testing
import Xapian

@Suite("Errors cross the C boundary as XapianError")
struct ErrorTests {
    @Test("a missing database is databaseNotFound")
    func missingDatabase() throws {
        let dir = TemporaryDirectory()
        let error = expectXapianError(.databaseNotFound) { _ = try Database(path: dir.path("nothing-here")) }
        #expect(error?.type == "DatabaseNotFoundError")
        #expect(error?.message.isEmpty == false)
        expectXapianError(.databaseNotFound) { _ = try WritableDatabase(path: dir.path("nothing-here"), action: .open) }
    }

    @Test("a second writer is databaseLocked, and the first keeps working")
    func lockedDatabase() throws {
        let dir = TemporaryDirectory()
        let first = try WritableDatabase(path: dir.path("db"))
        let error = expectXapianError(.databaseLocked) { _ = try WritableDatabase(path: dir.path("db")) }
        #expect(error?.type == "DatabaseLockError")
        try first.add(Document())
        try first.commit()
        #expect(try first.documentCount == 1)
    }

    @Test("creating over an existing database with .create is databaseCreate")
    func createExisting() throws {
        let dir = TemporaryDirectory()
        try WritableDatabase(path: dir.path("db")).close()
        expectXapianError(.databaseCreate) { _ = try WritableDatabase(path: dir.path("db"), action: .create) }
    }

    @Test(
        "a malformed query is queryParser, with Xapian's message",
        arguments: ["mali AND", "AND mali", "NOT mali", "mali OR"])
    func malformedQuery(text: String) throws {
        let parser = try QueryParser()
        let error = expectXapianError(.queryParser) { _ = try parser.parse(text) }
        #expect(error?.type == "QueryParserError")
        #expect(error?.message.contains("Syntax") == true)
    }

    @Test("a range that no range processor accepts is queryParser")
    func unknownRange() throws {
        let parser = try QueryParser()
        try parser.addDateRange(slot: 0, prefix: "date:")
        let error = expectXapianError(.queryParser) { _ = try parser.parse("price:10..20") }
        #expect(error?.message.contains("range") == true)
    }

    @Test("an unknown stemmer language is invalidArgument")
    func unknownLanguage() {
        expectXapianError(.invalidArgument) { _ = try Stem(language: "klingon") }
    }

    @Test("a missing document is documentNotFound")
    func missingDocument() throws {
        let database = try WritableDatabase.inMemory()
        expectXapianError(.documentNotFound) { _ = try database.document(42) }
        expectXapianError(.documentNotFound) { try database.delete(42) }
    }

    @Test("a closed database is databaseClosed")
    func closedDatabase() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("db")).close()
        let database = try Database(path: dir.path("db"))
        try database.close()
        expectXapianError(.databaseClosed) { _ = try database.termFrequency("mali") }
    }

    @Test("removing a term the document lacks is invalidArgument")
    func removeMissingTerm() throws {
        let document = try Document()
        expectXapianError(.invalidArgument) { try document.remove(term: "absent") }
    }

    @Test("an out-of-range hit is range")
    func hitOutOfRange() throws {
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"))
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query(term: "mali"))
        let mset = try enquire.mset(limit: 10)
        expectXapianError(.range) { _ = try mset.hit(99) }
        expectXapianError(.range) { _ = try mset.document(99) }
    }

    @Test("a wildcard over its limit is wildcard when the search runs")
    func wildcardLimit() throws {
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"))
        let parser = try QueryParser()
        try parser.setDatabase(database)
        try parser.setMaxExpansion(1, limit: .error)
        let query = try parser.parse("s*", flags: [.default, .wildcard])
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        expectXapianError(.wildcard) { _ = try enquire.mset(limit: 10) }
    }

    @Test("a corrupt database file is databaseCorrupt or databaseVersion, never a crash")
    func corruptDatabase() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("db")).close()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path("db"))
        for file in files where file.hasSuffix(".glass") {
            try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: dir.path("db/\(file)")))
        }
        do {
            let database = try Database(path: dir.path("db"))
            _ = try database.termFrequency("mali")
            _ = try database.allTerms()
            Issue.record("reading a database of garbage did not fail")
        } catch {
            #expect([.databaseCorrupt, .databaseVersion, .databaseOpening].contains(error.code), "\(error)")
        }
    }

    @Test("a version file that is not Xapian's is databaseVersion or databaseOpening")
    func foreignVersionFile() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("db")).close()
        try Data("not a xapian database".utf8).write(to: URL(fileURLWithPath: dir.path("db/iamglass")))
        do {
            _ = try Database(path: dir.path("db"))
            Issue.record("opening a database with a foreign version file did not fail")
        } catch {
            #expect([.databaseVersion, .databaseCorrupt, .databaseOpening].contains(error.code), "\(error)")
        }
    }

    @Test("a refused remote connection is network")
    func refusedRemote() throws {
        // Port 1 on loopback has no listener on any sane machine.
        do {
            _ = try Database.remote(host: "127.0.0.1", port: 1, timeout: 2, connectTimeout: 2)
            Issue.record("connecting to a closed port did not fail")
        } catch {
            #expect([.network, .networkTimeout].contains(error.code), "\(error)")
        }
    }

    @Test("every status maps to its own code, type and message", arguments: XapianError.Code.all)
    func injectedStatusMapsToCode(code: XapianError.Code) throws {
        cxapian_testing_inject_exception(cxapian_status_t(rawValue: code.rawValue))
        let error = expectXapianError(code) { _ = try Document() }
        #expect(error?.message.isEmpty == false)
        #expect(error?.type.isEmpty == false)
        // The injection fires once: the next call succeeds.
        _ = try Document()
    }

    @Test("codes have distinct raw values and names")
    func distinctCodes() {
        #expect(Set(XapianError.Code.all.map(\.rawValue)).count == XapianError.Code.all.count)
        #expect(Set(XapianError.Code.all.map(\.description)).count == XapianError.Code.all.count)
    }
}
