import Foundation
import NewsIndex
import NewsModel
import NewsSearch
import TestSupport
import Testing

/// `total` is an exact count up to ``SearchRequest/exactTotal`` matches and an
/// exact lower bound beyond, whatever the page, sort or facets asked for.
@Suite("exact totals")
struct TotalTests {
    static let dir = TemporaryDirectory()
    /// 10,500 articles: every one has "report", all but 105 "common", all
    /// but 210 "usual" (10,185 have both), every third "army", every seventh
    /// "sanctions"; no two texts alike (nothing collapses).
    static let count = 10_500
    static let bothCommon = (0..<count).filter { $0 % 100 != 0 && $0 % 50 != 1 }.count
    static let index: String = {
        let path = dir.path("index")
        let builder = try! IndexBuilder(configuration: IndexConfiguration(path: path, jobs: 2, grace: 0), corpus: "t")
        for n in 0..<count {
            // Words made of letters, so that no two texts hash alike (the
            // near-duplicate key ignores digits).
            var words = ["report", "w" + TotalTests.letters(n), "v" + TotalTests.letters(n * 7919 % 100_003)]
            if n % 100 != 0 { words.append("common") }
            if n % 50 != 1 { words.append("usual") }
            if n % 3 == 0 { words.append("army") }
            if n % 7 == 0 { words.append("sanctions") }
            let month = String(format: "%02d", n % 12 + 1)
            try! builder.add(
                Article(
                    id: "a\(n)", title: "Report \(n)", body: words.joined(separator: " ") + ".",
                    date: "20\(10 + n % 10)-\(month)-01", countries: [], countryCodes: [], categories: [],
                    topics: [], source: "gen"))
        }
        _ = try! builder.finish()
        return path
    }()

    /// `n` in base 26, written with the letters a to z.
    static func letters(_ n: Int) -> String {
        var n = n
        var out = ""
        repeat {
            out.append(Character(UnicodeScalar(UInt8(ascii: "a") + UInt8(n % 26))))
            n /= 26
        } while n > 0
        return out
    }

    func search(
        _ query: String, sort: SearchSort = .relevance, facets: Bool = false, offset: Int = 0, collapse: Bool = true
    ) throws -> SearchResults {
        let searcher = try Searcher(path: TotalTests.index)
        return try searcher.search(
            SearchRequest(query: query, sort: sort, limit: 10, offset: offset, facets: facets, collapse: collapse))
    }

    @Test(
        "below 10,000 matches the total is the exact count, with or without facets, in any order",
        arguments: [SearchSort.relevance, .date, .oldest], [false, true])
    func exactBelowTheLimit(sort: SearchSort, facets: Bool) throws {
        let army = (0..<TotalTests.count).filter { $0 % 3 == 0 }.count  // 3,500
        let results = try search("army", sort: sort, facets: facets)
        #expect(results.total == army)
        #expect(results.totalIsExact)
        let both = (0..<TotalTests.count).filter { $0 % 21 == 0 }.count
        let second = try search("army sanctions", sort: sort, facets: facets, offset: 20)
        #expect(second.total == both)
        #expect(second.totalIsExact)
    }

    @Test("counted on a second handle while the first ranks, the totals and pages are the same")
    func concurrentCount() throws {
        let after = try Searcher(path: TotalTests.index)
        let meanwhile = try Searcher(path: TotalTests.index)
        meanwhile.concurrentCountFrom = 0
        for query in ["army", "army sanctions", "common usual", "report", "", "common -army", "usual OR sanctions"] {
            for (collapse, offset) in [(true, 0), (false, 0), (true, 10_100), (false, 30)] {
                let request = SearchRequest(query: query, limit: 10, offset: offset, collapse: collapse)
                let expected = try after.search(request)
                let found = try meanwhile.search(request)
                #expect(found.total == expected.total && found.totalIsExact == expected.totalIsExact, "\(request)")
                #expect(found.hits.map(\.article.id) == expected.hits.map(\.article.id), "\(request)")
            }
        }
        let both = try meanwhile.search(SearchRequest(query: "common usual", limit: 10))
        #expect(!both.totalIsExact && both.total == SearchRequest.exactTotal)
        let army = try meanwhile.search(SearchRequest(query: "army sanctions", limit: 10, offset: 20))
        #expect(army.totalIsExact && army.total == (0..<TotalTests.count).filter { $0 % 21 == 0 }.count)
    }

    @Test("past 10,000 matches, an exact lower bound of at least 10,000, marked as such")
    func lowerBoundAbove() throws {
        // Two common words: Xapian knows no exact count without checking
        // every match, and stops at 10,000.
        let both = try search("common usual")
        #expect(!both.totalIsExact)
        #expect(both.total == SearchRequest.exactTotal)
        let uncollapsed = try search("common usual", collapse: false)
        #expect(!uncollapsed.totalIsExact)
        #expect(uncollapsed.total == SearchRequest.exactTotal)
        // One word, or every article: the index knows the count at once.
        for query in ["report", ""] {
            let results = try search(query)
            #expect(results.totalIsExact, "\(query)")
            #expect(results.total == TotalTests.count, "\(query)")
        }
        // Facets count every match, so the total is exact there whatever its size.
        let faceted = try search("common usual", facets: true, collapse: false)
        #expect(faceted.total == TotalTests.bothCommon)
        #expect(faceted.totalIsExact)
        // Collapsing changes the page, not the count: exact with facets too.
        let collapsed = try search("common usual", facets: true)
        #expect(collapsed.totalIsExact)
        #expect(collapsed.total == TotalTests.bothCommon)
        // Paging past 10,000: the matcher checks enough to fill the page, and
        // the total is at least that (here it had to see every match: exact).
        let deep = try search("common usual", offset: 10_100)
        #expect(deep.hits.count == 10)
        #expect(deep.totalIsExact ? deep.total == TotalTests.bothCommon : deep.total == 10_110)
    }
}

@Suite("exact totals on the command line")
struct TotalCommandTests {
    @Test("dossier search prints the exact count, or the lower bound with a +")
    func printed() throws {
        let army = try Command.dossier(["search", "army", "--index", TotalTests.index, "--limit", "1"])
        #expect(army.status == 0, "\(army.stderr)")
        #expect(army.stdout.contains("3,500 articles match \"army\""), "\(army.stdout)")
        let report = try Command.dossier(["search", "common usual", "--index", TotalTests.index, "--limit", "1"])
        #expect(report.stdout.contains("10,000+ articles match \"common usual\""), "\(report.stdout)")
        #expect(!report.stdout.contains("about"))
    }

    @Test("dossier similar says the list is ranked by likeness, not newest first")
    func similarHeading() throws {
        let result = try Command.dossier(["similar", "a21", "--index", TotalTests.index, "--limit", "3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("like a21, most alike first"), "\(result.stdout)")
        #expect(!result.stdout.contains("newest first"))
    }
}
