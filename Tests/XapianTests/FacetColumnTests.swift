import Foundation
import TestSupport
import Testing
import Xapian

@Suite("Facet columns")
struct FacetColumnTests {
    let queries: [Query]

    init() throws {
        queries = [
            try Query.matchAll(), try Query(term: "coup"),
            try Query(.or, [Query(term: "junta"), Query(term: "border")]),
            try Query(.and, [Query(term: "oil"), Query(term: "aid")]), try Query(term: "nosuchword"),
            // Walked from the posting lists (every boolean operator and leaf a walk knows)...
            try Query(.andNot, [Query(term: "army"), Query(term: "oil"), Query(term: "Zprotest")]),
            try Query(.filter, [Query(.or, [Query(term: "coup"), Query(term: "aid")]), Query(term: "XKcoups")]),
            try Query(.andMaybe, [Query(term: "border"), Query(term: "junta")]),
            try Query(scaling: Query(.and, [Query(term: "Zelect"), Query.matchAll()]), by: 0.5),
            try Query(.andNot, [Query.matchAll(), Query(.and, [Query(term: "aid"), Query(term: "oil")])]),
            try Query(.or, [Query.matchNothing(), Query(.synonym, [Query(term: "coup"), Query(term: "nosuchword")])]),
            try Query(.and, [Query(term: "junta"), Query(term: "nosuchword")]),
            // ...and what the matcher still counts.
            try Query(.phrase, [Query(term: "coup"), Query(term: "junta")]),
        ]
    }

    /// Counts `query` on `handles` from the columns and from the slot, and
    /// checks that both give the spy's counts; returns how many handles
    /// counted from columns.
    func checkCounts(
        _ query: Query, _ handles: [Database], parallelFrom: Int = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        let expected = try facetCounts(handles[0], query)
        let columns = try MultiValueCountMatchSpy.count(
            query, slot: Sample.slotCountries, databases: handles, parallelFrom: parallelFrom)
        let slot = try MultiValueCountMatchSpy.count(
            query, slot: Sample.slotCountries, databases: handles, parallelFrom: parallelFrom, columns: false)
        #expect(columns.values == expected.countries, "\(query.description)", sourceLocation: sourceLocation)
        #expect(columns.matches == expected.ids.count, "\(query.description)", sourceLocation: sourceLocation)
        #expect(slot.values == expected.countries, "\(query.description)", sourceLocation: sourceLocation)
        #expect(slot.matches == expected.ids.count, "\(query.description)", sourceLocation: sourceLocation)
        #expect(slot.fromColumns == 0, sourceLocation: sourceLocation)
        return columns.fromColumns
    }

    /// 1,500 random articles with gaps (`buildWithGaps`) in `dir`/db, and
    /// their countries' column: the column file's path.
    func columnDatabase(_ dir: TemporaryDirectory, seed: UInt64, first: Int, every: Int) throws -> String {
        try buildWithGaps(at: dir.path("db"), count: 1500, seed: seed, first: first, every: every)
        try FacetColumn.write(database: dir.path("db"), slot: Sample.slotCountries)
        return dir.path("db") + "/" + FacetColumn.fileName
    }

    /// `count` handles on the database in `dir`/db, each given its column `file`.
    func columnHandles(_ count: Int, _ dir: TemporaryDirectory, _ file: String) throws -> [Database] {
        let handles = try (0..<count).map { _ in try Database(path: dir.path("db")) }
        for handle in handles { try handle.useFacetColumns([file]) }
        return handles
    }

    @Test("counts from a column equal the slot's, with gaps from deletions, on one thread or several")
    func columnEqualsSlot() throws {
        let dir = TemporaryDirectory()
        try buildWithGaps(at: dir.path("db"), count: 1500, seed: 29, first: 5, every: 9)
        // Repeated values within a document (the random corpus has them) are counted once.
        #expect(try FacetColumn.write(database: dir.path("db"), slot: Sample.slotCountries) == 10)
        let file = dir.path("db") + "/" + FacetColumn.fileName
        #expect(FileManager.default.fileExists(atPath: file))
        for threads in 1...3 {
            let handles = try columnHandles(threads, dir, file)
            for query in queries { #expect(try checkCounts(query, handles) == threads) }
        }
    }

    @Test("an XOR is walked from the posting lists: the matches in an odd number of its parts")
    func walkedXor() throws {
        let dir = TemporaryDirectory()
        let file = try columnDatabase(dir, seed: 29, first: 5, every: 9)
        for query in [
            try Query(.xor, [Query(term: "coup"), Query(term: "junta")]),
            try Query(.xor, [Query(term: "coup"), Query(term: "junta"), Query(term: "oil")]),
        ] {
            // Compared with the matcher's own count (BM25 weights, as a search
            // ranks): the weightless slot pass is not used here, because
            // Xapian 1.4.22 crashed in it on an XOR over this database.
            let expected = try facetCounts(try Database(path: dir.path("db")), query)
            for threads in 1...2 {
                let handles = try columnHandles(threads, dir, file)
                let counted = try MultiValueCountMatchSpy.count(
                    query, slot: Sample.slotCountries, databases: handles, parallelFrom: 0)
                #expect(counted.fromColumns == threads)
                #expect(counted.values == expected.countries, "\(query.description), \(threads)")
                #expect(counted.matches == expected.ids.count, "\(query.description), \(threads)")
            }
        }
    }

    @Test("a count started on a thread of its own, over one to three handles, counts as the count in place")
    func startedCount() throws {
        let dir = TemporaryDirectory()
        let file = try columnDatabase(dir, seed: 37, first: 3, every: 7)
        let queries = [
            try Query.matchAll(), try Query(term: "coup"),
            try Query(.or, [Query(term: "junta"), Query(term: "oil")]),
            try Query(.andNot, [Query.matchAll(), Query(term: "coup")]),
        ]
        for threads in 1...3 {
            for columns in [true, false] {
                let handles = try columnHandles(threads, dir, file)
                for query in queries {
                    let expected = try MultiValueCountMatchSpy.count(
                        query, slot: Sample.slotCountries, databases: handles, parallelFrom: 0, columns: columns)
                    let started = try MultiValueCountMatchSpy.startCount(
                        query, slot: Sample.slotCountries, databases: handles, parallelFrom: 0, columns: columns)
                    // The caller's query stays its own meanwhile.
                    _ = try Query(.and, [query, Query(term: "coup")])
                    let found = try started.finish()
                    let what = "\(query.description), \(threads) handles, columns \(columns)"
                    #expect(found.values == expected.values, "\(what)")
                    #expect(found.matches == expected.matches, "\(what)")
                    #expect(found.fromColumns == expected.fromColumns, "\(what)")
                    #expect(found.fromColumns == (columns ? threads : 0), "\(what)")
                }
            }
        }
        // Finished once: a second finish is an error, not a crash.
        let started = try MultiValueCountMatchSpy.startCount(
            Query(term: "coup"), slot: Sample.slotCountries, databases: [Database(path: dir.path("db"))])
        _ = try started.finish()
        #expect(throws: XapianError.self) { try started.finish() }
    }

    @Test("a column is used only at its database's revision: after a commit the slot is read until it is rewritten")
    func staleColumnIsNotUsed() throws {
        let dir = TemporaryDirectory()
        let corpus = randomCorpus(count: 800, seed: 31)
        let writer = try Sample.build(at: dir.path("db"), articles: Array(corpus.prefix(500)))
        try writer.close()
        try FacetColumn.write(database: dir.path("db"), slot: Sample.slotCountries)
        let file = dir.path("db") + "/" + FacetColumn.fileName
        let reader = try Database(path: dir.path("db"))
        try reader.useFacetColumns([file])
        #expect(try checkCounts(try Query.matchAll(), [reader]) == 1)

        // More documents and a replaced one, committed: the reader moves on.
        let more = try WritableDatabase(path: dir.path("db"), action: .open)
        let generator = try Sample.englishGenerator()
        for sample in corpus.suffix(300) { _ = try more.add(sample.document(generator: generator)) }
        try more.replace(DocumentID(1), with: corpus[700].document(generator: generator))
        try more.commit()
        #expect(try reader.reopen())
        for query in queries { #expect(try checkCounts(query, [reader]) == 0, "stale column") }

        // Rewritten at the new revision, it is used again, for the same counts.
        try FacetColumn.write(database: dir.path("db"), slot: Sample.slotCountries)
        for query in queries { #expect(try checkCounts(query, [reader]) == 1) }
        // The file moves on to a newer revision: a new handle uses it; the
        // old one, a revision behind, reads the slot until it is reopened.
        try more.delete(DocumentID(2))
        try more.commit()
        try FacetColumn.write(database: dir.path("db"), slot: Sample.slotCountries)
        let newer = try Database(path: dir.path("db"))
        try newer.useFacetColumns([file])
        #expect(try checkCounts(try Query.matchAll(), [newer]) == 1)
        #expect(try checkCounts(try Query.matchAll(), [reader]) == 0)
        #expect(try facetCounts(newer, Query.matchAll()).total == facetCounts(reader, Query.matchAll()).total - 1)
        // Committed again without a column: neither handle's file fits once reopened.
        try more.delete(DocumentID(3))
        try more.commit()
        for handle in [reader, newer] {
            #expect(try handle.reopen())
            #expect(try checkCounts(try Query.matchAll(), [handle]) == 0)
        }
        try more.close()
    }

    @Test("shards combined in one handle count from each shard's column, ids interleaved")
    func shardedColumns() throws {
        let dir = TemporaryDirectory()
        let corpus = randomCorpus(count: 900, seed: 37)
        for (index, part) in [0, 1, 2].enumerated() {
            let samples = corpus.enumerated().filter { $0.offset % 3 == part }.map(\.element)
            // Shards of different sizes, so that the interleaving matters.
            try Sample.build(at: dir.path("s\(index)"), articles: Array(samples.prefix(300 - 60 * index))).close()
            try FacetColumn.write(database: dir.path("s\(index)"), slot: Sample.slotCountries)
        }
        let files = (0..<3).map { dir.path("s\($0)") + "/" + FacetColumn.fileName }
        func open() throws -> Database {
            let handle = try Database(shards: (0..<3).map { try Database(path: dir.path("s\($0)")) })
            try handle.useFacetColumns(files)
            return handle
        }
        let handles = try [open(), open()]
        for query in queries { #expect(try checkCounts(query, handles) == 2) }
        // Files named in another order do not fit their shards: not used.
        let swapped = try Database(shards: (0..<3).map { try Database(path: dir.path("s\($0)")) })
        try swapped.useFacetColumns([files[1], files[0], files[2]])
        #expect(try checkCounts(try Query.matchAll(), [swapped]) == 0)
        // Too few files for the shards: not used.
        try swapped.useFacetColumns(Array(files.prefix(2)))
        #expect(try checkCounts(try Query.matchAll(), [swapped]) == 0)
    }

    @Test("a damaged or foreign column file is ignored, and the slot counted")
    func damagedColumn() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("a"), articles: randomCorpus(count: 400, seed: 41)).close()
        try Sample.build(at: dir.path("b"), articles: randomCorpus(count: 400, seed: 43)).close()
        try FacetColumn.write(database: dir.path("a"), slot: Sample.slotCountries)
        try FacetColumn.write(database: dir.path("b"), slot: Sample.slotCountries)
        let file = dir.path("a") + "/" + FacetColumn.fileName
        let good = try Data(contentsOf: URL(fileURLWithPath: file))
        /// How many handles count from columns with `bytes` as a's column
        /// file (nil: no file), on a new handle.
        func counted(_ bytes: Data?) throws -> Int {
            try? FileManager.default.removeItem(atPath: file)
            if let bytes { try bytes.write(to: URL(fileURLWithPath: file)) }
            let reader = try Database(path: dir.path("a"))
            try reader.useFacetColumns([file])
            return try checkCounts(try Query.matchAll(), [reader])
        }
        // Truncated, a wrong length at the end, emptied: each fails its checks.
        #expect(try counted(good.prefix(good.count - 9)) == 0)
        #expect(try counted(good.prefix(good.count - 4) + Data([1, 2, 3, 4])) == 0)
        #expect(try counted(Data()) == 0)
        // The last code far past the dictionary.
        var codes = good
        codes[codes.count - 8] = 0xff
        codes[codes.count - 7] = 0xff
        #expect(try counted(codes) == 0)
        // Another database's column, at the same revision: its UUID differs.
        #expect(
            try counted(try Data(contentsOf: URL(fileURLWithPath: dir.path("b") + "/" + FacetColumn.fileName))) == 0)
        #expect(try counted(nil) == 0)
        // Put back, it is used.
        #expect(try counted(good) == 1)
    }

    @Test("writing a column of a database that is not there fails with Xapian's error")
    func writeMissing() throws {
        let dir = TemporaryDirectory()
        #expect(throws: XapianError.self) { try FacetColumn.write(database: dir.path("none"), slot: 2) }
    }
}

@Suite("Match sets")
struct MatchSetTests {
    /// (id, weight) of every hit of `query`, in rank order.
    func ranking(_ database: Database, _ query: Query) throws -> [String] {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        let mset = try enquire.mset(limit: 2000)
        return try (0..<mset.count).map {
            "\(try mset.document($0).dataString()) \(String(format: "%.12f", try mset.hit($0).weight))"
        }
    }

    @Test("ranking within a counted set gives the phrase query's hits and weights, in its order")
    func restrictedRanking() throws {
        let dir = TemporaryDirectory()
        try buildWithGaps(at: dir.path("db"), count: 2000, seed: 53, first: 6, every: 13)
        func phrase(_ a: String, _ b: String) throws -> Query {
            try Query(.phrase, [Query(term: a), Query(term: b)])
        }
        let required: [Query] = [
            try phrase("coup", "junta"),
            try Query(.and, [phrase("army", "border"), Query(term: "oil")]),
            try Query(.andNot, [phrase("protest", "army"), Query(term: "aid")]),
            try Query(.andMaybe, [phrase("election", "sanctions"), Query(term: "coup")]),
            try Query(.filter, [phrase("oil", "aid"), Query(term: "XKcoups")]),
            try Query(.phrase, [Query(.or, [Query(term: "coup"), Query(term: "junta")]), Query(term: "army")]),
        ]
        for query in required {
            #expect(try query.hasRequiredPhrase, "\(query.description)")
            let expected = try ranking(Database(path: dir.path("db")), query)
            #expect(!expected.isEmpty, "\(query.description) matches something")
            for threads in 1...2 {
                let handles = try (0..<threads).map { _ in try Database(path: dir.path("db")) }
                let counted = try Database.matchCount(
                    query, databases: handles, checkAtLeast: 10_000, parallelFrom: 0, collecting: true)
                let spied = try MultiValueCountMatchSpy.count(
                    query, slot: Sample.slotCountries, databases: handles, parallelFrom: 0, collecting: true)
                for set in [counted.matchSet, spied.matchSet] {
                    let set = try #require(set, "\(query.description): one database, a set")
                    #expect(set.count == expected.count)
                    let restricted = try #require(try set.restricting(query))
                    #expect(try ranking(handles[0], restricted) == expected, "\(query.description), \(threads)")
                }
            }
        }
        // A phrase that not every match contains is left alone: nothing to restrict.
        #expect(try !Query(term: "coup").hasRequiredPhrase)
        for query in [
            try Query(.or, [phrase("coup", "junta"), Query(term: "oil")]),
            try Query(.andNot, [Query(term: "oil"), phrase("coup", "junta")]),
        ] {
            #expect(try !query.hasRequiredPhrase, "\(query.description)")
            let handle = try Database(path: dir.path("db"))
            let set = try #require(
                try Database.matchCount(query, databases: [handle], checkAtLeast: 10_000, collecting: true).matchSet)
            #expect(try set.restricting(query) == nil)
        }
        // Counting that stops before every match: no set.
        let handle = try Database(path: dir.path("db"))
        let partial = try Database.matchCount(required[0], databases: [handle], checkAtLeast: 5, collecting: true)
        #expect(!partial.exact && partial.count == 5)
        #expect(partial.matchSet == nil)
        // Shards in one handle: no set.
        try Sample.build(at: dir.path("s1"), articles: randomCorpus(count: 50, seed: 59)).close()
        let sharded = try Database(shards: [Database(path: dir.path("db")), Database(path: dir.path("s1"))])
        #expect(
            try Database.matchCount(required[0], databases: [sharded], checkAtLeast: 10_000, collecting: true).matchSet
                == nil)
    }

    @Test("phrases that not every match contains, settled ahead: the same hits, weights and order, and the same counts")
    func settledPhrases() throws {
        let dir = TemporaryDirectory()
        try buildWithGaps(at: dir.path("db"), count: 2000, seed: 53, first: 6, every: 13)
        func phrase(_ words: String...) throws -> Query {
            try Query(.phrase, words.map { word throws(XapianError) in try Query(term: word) })
        }
        func term(_ word: String) throws -> Query { try Query(term: word) }
        let optional: [Query] = [
            try Query(.or, [phrase("coup", "junta"), term("oil")]),
            try Query(.or, [phrase("army", "border", "oil"), phrase("protest", "army"), term("aid")]),
            try Query(.and, [Query(.or, [phrase("army", "border"), term("junta")]), term("oil")]),
            try Query(.xor, [phrase("protest", "army"), term("aid")]),
            try Query(.max, [phrase("election", "sanctions"), term("coup")]),
            try Query(.andNot, [Query(.or, [phrase("oil", "aid"), term("junta")]), term("army")]),
            // A phrase filtered by something (its word pairs, in Dossier's queries).
            try Query(.or, [Query(.filter, [phrase("coup", "army"), term("XKcoups")]), term("aid")]),
            // A required phrase beside one that is not: each settled its own way.
            try Query(.and, [phrase("army", "border"), Query(.or, [phrase("oil", "aid"), term("coup")])]),
        ]
        for query in optional {
            let expected = try ranking(Database(path: dir.path("db")), query)
            #expect(!expected.isEmpty, "\(query.description) matches something")
            let expectedCount = try Database.matchCount(
                query, databases: [Database(path: dir.path("db"))], checkAtLeast: 10_000)
            let expectedFacets = try MultiValueCountMatchSpy.count(
                query, slot: Sample.slotCountries, databases: [Database(path: dir.path("db"))]
            ).values
            for threads in 1...2 {
                let handles = try (0..<threads).map { _ in try Database(path: dir.path("db")) }
                let settled = try #require(
                    try Database.settlingPhrases(query, counted: query, databases: handles, parallelFrom: 0),
                    "\(query.description)")
                let counted = try #require(settled.counted)
                #expect(
                    settled.query.description.components(separatedBy: "PHRASE").count
                        < query.description.components(separatedBy: "PHRASE").count,
                    "\(settled.query.description)")
                #expect(try ranking(handles[0], settled.query) == expected, "\(query.description), \(threads)")
                // The settled set crosses to the counting threads (serialised) intact.
                let count = try Database.matchCount(
                    counted, databases: handles, checkAtLeast: 10_000, parallelFrom: 0)
                #expect(count.count == expectedCount.count && count.exact == expectedCount.exact)
                let facets = try MultiValueCountMatchSpy.count(
                    counted, slot: Sample.slotCountries, databases: handles, parallelFrom: 0)
                #expect(facets.values == expectedFacets, "\(query.description), \(threads)")
            }
        }
        // A phrase is matched only where the whole can match: within the
        // other subqueries of an AND above it, and within the caller's filter.
        let db = try Database(path: dir.path("db"))
        func settledSet(_ query: Query, within: Query? = nil) throws -> Int {
            let settled = try #require(
                try Database.settlingPhrases(query, counted: nil, databases: [db], within: within))
            let text = settled.query.description
            let count = text.components(separatedBy: "DocidSetSource(").dropFirst().first?.prefix { $0.isNumber }
            return try #require(count.flatMap { Int($0) }, "\(text)")
        }
        func matches(_ query: Query) throws -> Int {
            try Database.matchCount(query, databases: [db], checkAtLeast: 10_000).count
        }
        let inAnd = try Query(.and, [Query(.or, [phrase("army", "border"), term("junta")]), term("oil")])
        let narrowed = try matches(Query(.filter, [phrase("army", "border"), term("oil")]))
        #expect(try settledSet(inAnd) == narrowed)
        #expect(try narrowed < matches(phrase("army", "border")))
        let filter = try term("XKcoups")
        let optionalPhrase = try Query(.or, [phrase("coup", "junta"), term("oil")])
        let within = try matches(Query(.filter, [phrase("coup", "junta"), filter]))
        #expect(try settledSet(optionalPhrase, within: filter) == within)
        #expect(try within > 0 && within < matches(phrase("coup", "junta")))
        let settledWithin = try #require(
            try Database.settlingPhrases(optionalPhrase, counted: nil, databases: [db], within: filter))
        #expect(
            try ranking(db, settledWithin.query.filtered(by: filter))
                == ranking(db, optionalPhrase.filtered(by: filter)))
        // Nothing to settle: no phrase, only required phrases, a phrase
        // checked only where another subquery matches, or under SYNONYM
        // (weighted by the phrase's wdf, not an AND's).
        let handle = try Database(path: dir.path("db"))
        for query in [
            try term("oil"),
            try phrase("coup", "junta"),
            try Query(.and, [phrase("army", "border"), term("oil")]),
            try Query(.andNot, [term("oil"), phrase("coup", "junta")]),
            try Query(.andMaybe, [term("oil"), phrase("coup", "junta")]),
            try Query(.synonym, [phrase("coup", "junta"), term("putsch")]),
        ] {
            #expect(
                try Database.settlingPhrases(query, counted: nil, databases: [handle]) == nil, "\(query.description)")
        }
        // Shards in one handle: left to the matcher.
        try Sample.build(at: dir.path("s1"), articles: randomCorpus(count: 50, seed: 59)).close()
        let sharded = try Database(shards: [Database(path: dir.path("db")), Database(path: dir.path("s1"))])
        #expect(try Database.settlingPhrases(optional[0], counted: nil, databases: [sharded]) == nil)
    }
}
