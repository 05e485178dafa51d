import Foundation
import TestSupport
import Testing
import Xapian

@Suite("Ranking split over handles")
struct SplitRankingTests {
    /// (document id, weight) of each hit, as text: the order and the weights.
    func hits(_ mset: MSet) throws -> [String] {
        try (0..<mset.count).map { index throws(XapianError) in
            let hit = try mset.hit(index)
            return "\(hit.documentID) \(hit.weight)"
        }
    }

    func hits(_ split: SplitMSet) throws -> [String] {
        try split.order.map { entry in
            let hit = try #require(split.parts[entry.part]).hit(entry.index)
            return "\(hit.documentID) \(hit.weight)"
        }
    }

    /// An enquire over `database` ranking by BM25 and sorted as `order` says.
    func enquire(_ database: Database, _ order: Enquire.SplitOrder) throws -> Enquire {
        let enquire = try Enquire(database: database)
        try enquire.setWeighting(.bm25(k1: 1.2, b: 0.75))
        switch order {
        case .relevance: break
        case .valueAscending: try enquire.setSortByValueThenRelevance(Sample.slotCategory, reverse: false)
        case .valueDescending: try enquire.setSortByValueThenRelevance(Sample.slotCategory, reverse: true)
        }
        return enquire
    }

    let queries: [Query]

    init() throws {
        queries = [
            try Query(term: "oil"),
            try Query(.and, [Query(term: "oil"), Query(term: "army")]),
            try Query(.or, [Query(term: "coup"), Query(term: "junta"), Query(term: "aid")]),
            try Query(.andNot, [Query(term: "oil"), Query(term: "aid")]),
            try Query(.phrase, [Query(term: "coup"), Query(term: "junta")]),
            // Every weight 0: the order is the ids'.
            try Query.matchAll(),
            try Query(term: "nosuchword"),
        ]
    }

    /// `handles` handles on 2,000 random articles with gaps, built in `dir`.
    func database(_ dir: TemporaryDirectory, handles: Int) throws -> [Database] {
        try buildWithGaps(at: dir.path("db"), count: 2000, seed: 71, first: 4, every: 11)
        return try (0..<handles).map { _ throws(XapianError) in try Database(path: dir.path("db")) }
    }

    @Test("the stretches' top hits merged are the whole's top hits, weights and order, by weight or by value")
    func sameHits() throws {
        let dir = TemporaryDirectory()
        let handles = try database(dir, handles: 3)
        // A settled phrase's set of documents crosses to the threads intact.
        let optional = try Query(
            .or, [Query(.phrase, [Query(term: "coup"), Query(term: "junta")]), Query(term: "aid")])
        let settled = try #require(try Database.settlingPhrases(optional, counted: nil, databases: [handles[0]]))
        for query in queries + [settled.query] {
            for order in [Enquire.SplitOrder.relevance, .valueAscending, .valueDescending] {
                let whole = try enquire(handles[0], order)
                try whole.setQuery(query)
                for limit in [1, 10, 75] {
                    let expected = try hits(whole.mset(limit: limit))
                    for n in 1...3 {
                        let enquires = try handles.prefix(n).map { handle throws in try enquire(handle, order) }
                        let found = try Enquire.splitMSet(
                            enquires, query: query, limit: limit, order: order, counting: nil, checkAtLeast: 0)
                        let what = "\(query.description) \(order) limit \(limit) over \(n)"
                        #expect(try hits(found) == expected, "\(what)")
                        #expect(found.count == nil)
                        #expect(found.parts.compactMap { $0 }.count == n, "every handle ranked its stretch: \(what)")
                    }
                }
            }
        }
    }

    @Test("the count beside a split ranking: exact below the number checked, else that number")
    func count() throws {
        let dir = TemporaryDirectory()
        let handles = try database(dir, handles: 2)
        for query in queries {
            let every = try Database.matchCount(query, databases: [handles[0]], checkAtLeast: 10_000)
            #expect(every.exact)
            for check in [1, 50, 10_000] {
                let enquires = try handles.map { handle throws in try enquire(handle, .relevance) }
                let found = try #require(
                    try Enquire.splitMSet(
                        enquires, query: query, limit: 10, order: .relevance, counting: query, checkAtLeast: check
                    ).count)
                let what = "\(query.description) check \(check): \(found), \(every.count) match"
                if found.exact {
                    #expect(found.count == every.count, "\(what)")
                } else {
                    #expect(found.count == check && every.count >= check, "\(what)")
                }
                #expect(found.exact || every.count >= check, "exact below the number checked: \(what)")
            }
        }
    }

    @Test("handles at different revisions are not split: the first ranks the whole, the second counts")
    func differentRevisions() throws {
        let dir = TemporaryDirectory()
        try buildWithGaps(at: dir.path("db"), count: 600, seed: 5, first: 3, every: 7)
        let old = try Database(path: dir.path("db"))
        let writer = try WritableDatabase(path: dir.path("db"))
        let document = try Document()
        try document.add(term: "oil")
        try document.setData("late")
        _ = try writer.add(document)
        try writer.commit()
        let new = try Database(path: dir.path("db"))
        let query = try Query(term: "oil")
        let whole = try enquire(new, .relevance)
        try whole.setQuery(query)
        let expected = try hits(whole.mset(limit: 700))
        let found = try Enquire.splitMSet(
            [try enquire(new, .relevance), try enquire(old, .relevance)], query: query, limit: 700,
            order: .relevance, counting: query, checkAtLeast: 10_000)
        #expect(try hits(found) == expected)
        #expect(found.parts[1] == nil, "the second handle did not rank")
        let count = try #require(found.count)
        let second = try Database.matchCount(query, databases: [old], checkAtLeast: 10_000)
        #expect(count.exact && count.count == second.count && second.count == expected.count - 1, "\(count)")
    }

    @Test("no enquire is refused with its reason")
    func noEnquire() throws {
        let error = #expect(throws: XapianError.self) {
            _ = try Enquire.splitMSet(
                [], query: Query(term: "coup"), limit: 1, order: .relevance, counting: nil, checkAtLeast: 0)
        }
        #expect(error?.message.contains("no enquire") == true, "\(String(describing: error))")
    }
}
