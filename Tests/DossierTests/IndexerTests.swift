import NewsIndex
import NewsModel
import NewsSearch
import TestSupport
import Testing
import Xapian

@Suite("Indexer")
struct IndexerTests {
    let dir = TemporaryDirectory()

    func article(_ id: String, _ title: String, _ body: String = "Soldiers seized power.") -> Article {
        Article(id: id, title: title, body: body, source: "test")
    }

    @Test("add creates the index, then replaces articles by id and adds new ones")
    func addAndReplace() throws {
        let indexer = Indexer(configuration: IndexConfiguration(path: dir.path("index")))
        #expect(
            try indexer.add([article("a", "Coup in Niger"), article("b", "Sanctions on Mali")]) == IndexUpdate(added: 2)
        )
        #expect(
            try indexer.add([article("a", "Coup in Niger, updated"), article("c", "Elections")])
                == IndexUpdate(added: 1, replaced: 1))
        let results = try Searcher(path: dir.path("index")).search("niger")
        #expect(results.total == 1)
        #expect(results.hits.map(\.article.title) == ["Coup in Niger, updated"])
        #expect(try Database(path: dir.path("index")).documentCount == 3)
    }

    @Test("a second writer gets a clear error and the index is left as it was")
    func locked() throws {
        let indexer = Indexer(configuration: IndexConfiguration(path: dir.path("index")))
        _ = try indexer.add([article("a", "Coup in Niger")])
        let holder = try WritableDatabase(path: dir.path("index"))
        do {
            _ = try indexer.add([article("b", "Sanctions on Mali")])
            Issue.record("a second writer was let in")
        } catch {
            guard case .locked = error else {
                Issue.record("expected .locked, got \(error)")
                return
            }
            #expect(error.description.contains("another process"))
        }
        try holder.close()
        #expect(try Database(path: dir.path("index")).documentCount == 1)
    }

    @Test("an index of another schema version is refused, not written")
    func incompatible() throws {
        let database = try WritableDatabase(path: dir.path("index"))
        try database.add(Document())
        try database.setMetadata("0", forKey: "dossier.schema")
        try database.commit()
        try database.close()
        let indexer = Indexer(configuration: IndexConfiguration(path: dir.path("index")))
        #expect(throws: IndexError.self) { _ = try indexer.add([article("a", "Coup in Niger")]) }
        #expect(try Database(path: dir.path("index")).documentCount == 1)
        #expect(throws: SearchError.self) { _ = try Searcher(path: dir.path("index")) }
    }
}
