import Foundation
import TestSupport
import Testing
import Xapian

/// A small deterministic generator (SplitMix64), so that random corpora are
/// the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A random corpus with multi-valued countries (repeats included) and one
/// category per document.
func randomCorpus(count: Int, seed: UInt64) -> [Sample] {
    var rng = SplitMix64(state: seed)
    let codes = ["ML", "BF", "NE", "SN", "NG", "TD", "CI", "GN", "GW", "GQ"]
    let categories = ["Coups", "Elections", "Sanctions", "Diplomacy"]
    let words = ["coup", "junta", "election", "sanctions", "alliance", "protest", "army", "border", "oil", "aid"]
    return (0..<count).map { i in
        let countries = (0..<Int.random(in: 0...4, using: &rng)).map { _ in codes.randomElement(using: &rng)! }
        let body = (0..<Int.random(in: 3...12, using: &rng)).map { _ in words.randomElement(using: &rng)! }
        return Sample(
            id: "r\(i)", title: "Report \(i)", body: body.joined(separator: " "), countries: countries,
            category: categories.randomElement(using: &rng)!,
            date: String(format: "2%03d%02d%02d", i % 30, 1 + i % 12, 1 + i % 28))
    }
}

/// Builds a random corpus of `count` documents at `path` (see
/// ``randomCorpus(count:seed:)``), then deletes every `every`-th from `first`
/// on, so that the ids have gaps; closed.
func buildWithGaps(at path: String, count: Int, seed: UInt64, first: Int, every: Int) throws {
    let writer = try Sample.build(at: path, articles: randomCorpus(count: count, seed: seed))
    for id in stride(from: first, through: count, by: every) { try writer.delete(DocumentID(id)) }
    try writer.commit()
    try writer.close()
}

/// Runs `query` with a multi-value spy on countries and a value spy on
/// categories, checking every document.
func facetCounts(_ database: Database, _ query: Query) throws -> (
    ids: [String], countries: [ValueCount], categories: [ValueCount], total: Int
) {
    let enquire = try Enquire(database: database)
    try enquire.setQuery(query)
    let countries = try MultiValueCountMatchSpy(slot: Sample.slotCountries)
    let categories = try ValueCountMatchSpy(slot: Sample.slotCategory)
    try enquire.add(countries)
    try enquire.add(categories)
    let mset = try enquire.mset(limit: database.documentCount, checkAtLeast: database.documentCount)
    return (try ids(mset), try countries.values(), try categories.values(), try countries.total)
}

@Suite("Facet counting")
struct FacetTests {
    @Test("ValueCountMatchSpy counts one value per document, sorted by value or by count")
    func valueCount() throws {
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"))
        let result = try facetCounts(database, Query.matchAll())
        #expect(
            result.categories == [
                ValueCount(value: "Coups", count: 1), ValueCount(value: "Diplomacy", count: 2),
                ValueCount(value: "Economy", count: 1), ValueCount(value: "Elections", count: 1),
                ValueCount(value: "Sanctions", count: 1),
            ])
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query.matchAll())
        let spy = try ValueCountMatchSpy(slot: Sample.slotCategory)
        try enquire.add(spy)
        _ = try enquire.mset(limit: 0, checkAtLeast: 6)
        #expect(
            try spy.topValues(2) == [ValueCount(value: "Diplomacy", count: 2), ValueCount(value: "Coups", count: 1)])
        #expect(try spy.total == 6)
        #expect(try spy.spyDescription().contains("ValueCountMatchSpy"))
    }

    @Test("a multi-valued document counts once for each distinct value")
    func multiValue() throws {
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"))
        let result = try facetCounts(database, Query(term: "Zcoup"))
        #expect(Set(result.ids) == ["a1", "a3"])
        #expect(result.countries == [ValueCount(value: "BF", count: 1), ValueCount(value: "NE", count: 1)])
        let all = try facetCounts(database, Query.matchAll())
        #expect(
            all.countries == [
                ValueCount(value: "BF", count: 3), ValueCount(value: "ML", count: 2),
                ValueCount(value: "NE", count: 3), ValueCount(value: "SN", count: 1),
            ])
        #expect(all.total == 6)
    }

    @Test(
        "multi-valued counts equal a brute-force count over the matching documents",
        arguments: ["coup", "sanctions", "oil", "army"])
    func bruteForce(word: String) throws {
        let corpus = randomCorpus(count: 400, seed: 7)
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"), articles: corpus)
        let result = try facetCounts(database, Query(term: word))

        let matching = corpus.filter { $0.body.split(separator: " ").contains(Substring(word)) }
        #expect(Set(result.ids) == Set(matching.map(\.id)))
        var expected: [String: Int] = [:]
        for article in matching {
            for country in Set(article.countries) { expected[country, default: 0] += 1 }
        }
        #expect(result.countries == expected.keys.sorted().map { ValueCount(value: $0, count: expected[$0]!) })
        var categories: [String: Int] = [:]
        for article in matching { categories[article.category, default: 0] += 1 }
        #expect(result.categories == categories.keys.sorted().map { ValueCount(value: $0, count: categories[$0]!) })
    }

    @Test("values of every length (empty, 16 bytes and longer), thousands of them, repeats: counts equal a tally")
    func valuesOfEveryLength() throws {
        // The spy keeps values of up to 16 bytes inline in a table that grows,
        // and longer ones apart: both kinds, and the edge, must count alike.
        var rng = SplitMix64(state: 41)
        let letters = Array("abcdefghijklmnopqrstuvwxyzéü")
        // Random letters of every length, and values that differ only after
        // their first 8 or 16 bytes.
        let pool =
            (0..<3000).map { n in
                String((0..<(n % 41)).map { _ in letters.randomElement(using: &rng)! }) + (n < 41 ? "" : "\(n)")
            } + (0..<200).map { "shared-prefix-\($0)" } + (0..<200).map { "a sixteen-byte p\($0)" }
        let corpus = (0..<1200).map { i in
            let values = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            return Sample(
                id: "v\(i)", title: "Report \(i)", body: i % 3 == 0 ? "coup army" : "army",
                countries: values + values.prefix(1),
                category: "Coups", date: "20240101")
        }
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"), articles: corpus)
        #expect(pool.contains { $0.utf8.count == 16 } && pool.contains { $0.utf8.count == 17 } && pool.contains(""))
        for word in ["coup", "army"] {
            var expected: [String: Int] = [:]
            for article in corpus where article.body.contains(word) {
                for value in Set(article.countries) { expected[value, default: 0] += 1 }
            }
            let tally = expected.keys.sorted().map { ValueCount(value: $0, count: expected[$0]!) }
            #expect(tally.count > 500)
            #expect(try facetCounts(database, Query(term: word)).countries == tally, "\(word)")
            for threads in 1...2 {
                let handles = try [database] + (1..<threads).map { _ in try Database(path: dir.path("db")) }
                let counted = try MultiValueCountMatchSpy.count(
                    Query(term: word), slot: Sample.slotCountries, databases: handles, parallelFrom: 0)
                #expect(counted.values == tally, "\(word), \(threads) thread(s)")
            }
        }
    }

    @Test("without checkAtLeast a spy sees only part of the match set")
    func checkAtLeastMatters() throws {
        let corpus = randomCorpus(count: 2000, seed: 11)
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"), articles: corpus)
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query(term: "army"))
        let partial = try MultiValueCountMatchSpy(slot: Sample.slotCountries)
        try enquire.add(partial)
        let mset = try enquire.mset(limit: 1)
        let exact = try facetCounts(database, Query(term: "army"))
        #expect(try partial.total < exact.total, "the matcher stops early when only one hit is asked for")
        #expect(exact.total == exact.ids.count)
        #expect(try mset.matches().lowerBound <= exact.total)
    }

    @Test("topValues orders by count, then value")
    func topValues() throws {
        let dir = TemporaryDirectory()
        let database = try Sample.build(at: dir.path("db"))
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query.matchAll())
        let spy = try MultiValueCountMatchSpy(slot: Sample.slotCountries)
        try enquire.add(spy)
        _ = try enquire.mset(limit: 0, checkAtLeast: 6)
        #expect(
            try spy.topValues(3) == [
                ValueCount(value: "BF", count: 3), ValueCount(value: "NE", count: 3), ValueCount(value: "ML", count: 2),
            ])
        #expect(try spy.topValues(0).isEmpty)
    }
}

@Suite("Shards")
struct ShardTests {
    /// The same corpus as one database, and split across two shards.
    func build() throws -> (dir: TemporaryDirectory, corpus: [Sample]) {
        let corpus = randomCorpus(count: 300, seed: 3)
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("single"), articles: corpus).close()
        try Sample.build(at: dir.path("s1"), articles: corpus.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
            .close()
        try Sample.build(at: dir.path("s2"), articles: corpus.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
            .close()
        return (dir, corpus)
    }

    /// Hits as (id, weight) pairs in rank order, ties broken by id so that
    /// document-id interleaving does not matter.
    func ranked(_ database: Database, _ query: Query) throws -> [String] {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        let mset = try enquire.mset(limit: 1000)
        let pairs = try (0..<mset.count).map { (try mset.document($0).dataString(), try mset.hit($0).weight) }
        return pairs.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map {
            "\($0.0) \(String(format: "%.9f", $0.1))"
        }
    }

    @Test("two shards combined give the same hits, weights and counts as one database")
    func combinedEqualsSingle() throws {
        let (dir, _) = try build()
        let single = try Database(path: dir.path("single"))
        let combined = try Database(shards: [Database(path: dir.path("s1")), Database(path: dir.path("s2"))])
        #expect(try combined.documentCount == single.documentCount)
        for word in ["coup", "sanctions", "oil"] {
            let query = try Query(.or, [Query(term: word), Query(term: "border")])
            #expect(try ranked(combined, query) == ranked(single, query))
            let a = try facetCounts(single, query)
            let b = try facetCounts(combined, query)
            #expect(Set(a.ids) == Set(b.ids))
            #expect(a.countries == b.countries)
            #expect(a.categories == b.categories)
        }
    }

    @Test("a stub file lists shards")
    func stubOfShards() throws {
        let (dir, _) = try build()
        let stub = dir.path("sharded.stub")
        try "auto s1\nauto s2\n".write(toFile: stub, atomically: true, encoding: .utf8)
        let database = try Database(path: stub)
        #expect(try database.documentCount == 300)
        #expect(
            try ranked(database, Query(term: "coup")) == ranked(Database(path: dir.path("single")), Query(term: "coup"))
        )
    }

    @Test("counting on threads over stretches of document ids gives the spy's counts, gaps from deletions included")
    func parallelCount() throws {
        let dir = TemporaryDirectory()
        // Gaps in the ids: every seventh document deleted.
        try buildWithGaps(at: dir.path("db"), count: 1500, seed: 23, first: 3, every: 7)
        let database = try Database(path: dir.path("db"))
        for query in [
            try Query.matchAll(), try Query(term: "coup"),
            try Query(.or, [Query(term: "junta"), Query(term: "border")]),
            try Query(.and, [Query(term: "oil"), Query(term: "aid")]), try Query(term: "nosuchword"),
        ] {
            let expected = try facetCounts(database, query)
            for threads in 1...3 {
                let handles = try [database] + (1..<threads).map { _ in try Database(path: dir.path("db")) }
                let counted = try MultiValueCountMatchSpy.count(
                    query, slot: Sample.slotCountries, databases: handles, parallelFrom: 0)
                #expect(counted.values == expected.countries, "\(query.description), \(threads) thread(s)")
                #expect(counted.matches == expected.ids.count, "\(query.description), \(threads) thread(s)")
            }
        }
        // Below the threshold it counts on the first handle alone, the same.
        let few = try MultiValueCountMatchSpy.count(
            Query(term: "coup"), slot: Sample.slotCountries, databases: [database, Database(path: dir.path("db"))],
            parallelFrom: 1_000_000)
        #expect(few.values == (try facetCounts(database, Query(term: "coup")).countries))
    }

    @Test("counting matches on threads: exact below the number to check, that number and not exact at or above it")
    func parallelMatchCount() throws {
        let dir = TemporaryDirectory()
        let corpus = randomCorpus(count: 1800, seed: 47)
        try buildWithGaps(at: dir.path("db"), count: 1800, seed: 47, first: 4, every: 11)
        for (index, part) in [0, 1].enumerated() {
            let samples = corpus.enumerated().filter { $0.offset % 2 == part }.map(\.element)
            try Sample.build(at: dir.path("s\(index)"), articles: Array(samples.prefix(700 + 100 * index))).close()
        }
        let single = { try Database(path: dir.path("db")) }
        let sharded = { try Database(shards: [Database(path: dir.path("s0")), Database(path: dir.path("s1"))]) }
        for open in [single, sharded] {
            let reference = try open()
            for query in [
                try Query.matchAll(), try Query(term: "coup"),
                try Query(.and, [Query(term: "oil"), Query(term: "aid")]),
                try Query(.andNot, [Query(term: "army"), Query(term: "border")]), try Query(term: "nosuchword"),
            ] {
                let matches = try facetCounts(reference, query).ids.count
                for threads in 1...3 {
                    let handles = try (0..<threads).map { _ in try open() }
                    for check in [1, 10, 100, 500, 10_000] {
                        let found = try Database.matchCount(
                            query, databases: handles, checkAtLeast: check, parallelFrom: 0)
                        let counted = (found.count, found.exact)
                        let what = "\(query.description), \(threads) thread(s), check \(check)"
                        if matches < check {
                            #expect(counted == (matches, true), "\(what)")
                        } else {
                            #expect(counted == (matches, true) || counted == (check, false), "\(what): \(counted)")
                        }
                    }
                }
            }
        }
    }
}
