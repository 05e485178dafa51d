import Foundation
import NewsEnrich
import NewsIndex
import NewsModel
import TestSupport
import Testing
import Xapian

@testable import NewsSearch

/// A small archive with known countries, categories, topics and dates.
let searchArchive: [Article] = [
    Article(
        id: "bf1", title: "Coup in Burkina Faso",
        body: "Soldiers ousted President Kaboré in Ouagadougou; the army suspended the constitution. "
            + "ECOWAS condemned the coup.",
        date: "2022-01-24", countries: ["Burkina Faso"], countryCodes: ["BF"], categories: ["Coups"],
        topics: ["coup"], source: "wire"),
    Article(
        id: "ml1", title: "Mali and Burkina Faso leave the bloc",
        body: "The military governments of Mali, Burkina Faso and Niger announced their withdrawal from the "
            + "Economic Community of West African States.",
        date: "2024-01-28", countries: ["Mali", "Burkina Faso", "Niger"], countryCodes: ["ML", "BF", "NE"],
        categories: ["Diplomacy"], topics: ["diplomacy"], source: "wire"),
    Article(
        id: "ne1", title: "Sanctions on Niger",
        body: "The bloc imposed sanctions after the coup in Niamey. Sanctioned officials face travel bans.",
        date: "2023-07-30", countries: ["Niger"], countryCodes: ["NE"], categories: ["Sanctions"],
        topics: ["sanctions", "coup"], source: "blog"),
    Article(
        id: "sn1", title: "Elections in Senegal",
        body: "Voters in Dakar elected a new president after a delayed election.",
        date: "2024-03-24", countries: ["Senegal"], countryCodes: ["SN"], categories: ["Elections"],
        topics: ["elections"], source: "blog"),
    Article(
        id: "as1", title: "Alliance of Sahel States signs a charter",
        body: "Mali, Burkina Faso and Niger formed a mutual defence alliance against armed groups.",
        date: "2023-09-16", countries: ["Mali", "Burkina Faso", "Niger"], countryCodes: ["ML", "BF", "NE"],
        categories: ["Diplomacy"], topics: ["diplomacy"], source: "wire"),
    Article(
        id: "ec1", title: "Interest rates rise",
        body:
            "The central bank raised its interest rate again; markets expect further rises. <script>alert(1)</script>",
        date: "2023-01-05", countries: [], countryCodes: [], categories: ["Economy"], topics: [], source: "wire"),
    Article(
        id: "is1", title: "Attack claimed by Islamic State",
        body: "Islamic State fighters attacked a base near Menaka in Mali.",
        date: "2022-06-10", countries: ["Mali"], countryCodes: ["ML"], categories: ["Security"],
        topics: ["terrorism"], source: "wire"),
    // Two near-identical copies of one statement: they collapse into one result.
    Article(
        id: "dup1", title: "Statement on Goïta",
        body: "Colonel Assimi Goïta addressed the nation about the transition calendar in Bamako.",
        date: "2021-05-30", countries: ["Mali"], countryCodes: ["ML"], categories: ["Politics"], topics: [],
        source: "wire"),
    Article(
        id: "dup2", title: "Statement on Goita (repost)",
        body: "Colonel Assimi Goïta addressed the nation about the transition calendar in Bamako!",
        date: "2021-05-31", countries: ["Mali"], countryCodes: ["ML"], categories: ["Politics"], topics: [],
        source: "wire"),
]

@Suite("Search")
struct SearchTests {
    let dir = TemporaryDirectory()
    let searcher: Searcher

    init() throws {
        try rebuild(dir.path("index"), searchArchive)
        searcher = try Searcher(path: dir.path("index"))
    }

    func ids(_ query: String, _ configure: (inout SearchRequest) -> Void = { _ in }) throws -> [String] {
        var request = SearchRequest(query: query, limit: 100)
        configure(&request)
        return try searcher.search(request).hits.map(\.article.id)
    }

    @Test("words must all match by default; any with --match any; a fallback with a notice")
    func matching() throws {
        #expect(try Set(ids("coup niger")) == ["ne1"])
        #expect(try Set(ids("coup niger") { $0.match = .any }).isSuperset(of: ["bf1", "ne1", "ml1", "as1"]))
        let fallback = try searcher.search(SearchRequest(query: "senegal sanctions"))
        #expect(Set(fallback.hits.map(\.article.id)) == ["sn1", "ne1"])
        #expect(fallback.notice?.contains("any") == true)
    }

    @Test("stemming works on capitalised words; accents and apostrophes fold")
    func normalisation() throws {
        #expect(try ids("Sanction") == ["ne1"])
        #expect(try ids("SANCTIONED") == ["ne1"])
        #expect(try ids("Kabore") == ["bf1"])
        #expect(try ids("kaboré") == ["bf1"])
        #expect(try Set(ids("Goita")).count == 1)  // dup1 and dup2 collapse into one
    }

    @Test("phrases are stemmed: \"interest rates\" finds \"interest rate\"")
    func phrases() throws {
        #expect(try ids("\"interest rates\"") == ["ec1"])
        #expect(try ids("\"interest rate\"") == ["ec1"])
        #expect(try ids("\"rate interest\"").isEmpty)
        #expect(try Set(ids("\"burkina faso\"")) == ["bf1", "ml1", "as1"])
    }

    @Test("boolean operators, +/-, wildcards and stop words")
    func operators() throws {
        #expect(try Set(ids("senegal OR sanctions")) == ["sn1", "ne1"])
        #expect(try Set(ids("coup NOT niger")) == ["bf1"])
        #expect(try Set(ids("coup -niger")) == ["bf1"])
        #expect(try Set(ids("sanct*")) == ["ne1"])
        #expect(try ids("the sanctions") == ["ne1"])
    }

    @Test("field prefixes: title, country (names, aliases, codes), category, topic, source, year, date ranges")
    func fields() throws {
        #expect(try ids("title:sanctions") == ["ne1"])
        #expect(try Set(ids("country:sn")) == ["sn1"])
        #expect(try Set(ids("country:SN")) == ["sn1"])
        #expect(try Set(ids("country:senegal")) == ["sn1"])
        #expect(try Set(ids("country:\"Burkina Faso\" coup")) == ["bf1"])
        #expect(try Set(ids("category:Elections")) == ["sn1"])
        #expect(try Set(ids("topic:sanctions")) == ["ne1"])
        #expect(try Set(ids("source:blog")) == ["ne1", "sn1"])
        #expect(try Set(ids("year:2024")) == ["ml1", "sn1"])
        #expect(try Set(ids("date:2023-01-01..2023-08-01")) == ["ec1", "ne1"])
        #expect(try Set(ids("date:2024-01-01..")) == ["ml1", "sn1"])
        #expect(try Set(ids("date:..2021-12-31")).count == 1)
    }

    @Test("domain synonyms: ECOWAS finds the long name, IS finds Islamic State")
    func synonyms() throws {
        #expect(try Set(ids("ECOWAS")) == ["bf1", "ml1"])
        #expect(try Set(ids("Economic Community of West African States")) == ["bf1", "ml1"])
        #expect(try Set(ids("AES")) == ["as1"])
        #expect(try ids("IS attack") == ["is1"])
        // Lower-case "is" is a stop word, not the group.
        #expect(try ids("is attack") == ["is1"])
    }

    @Test("filters as options: one facet ORed, facets ANDed, countries by name, alias or code")
    func filters() throws {
        func filtered(_ filters: SearchFilters, query: String = "") throws -> Set<String> {
            Set(try searcher.search(SearchRequest(query: query, filters: filters, limit: 100)).hits.map(\.article.id))
        }
        #expect(try filtered(SearchFilters(countries: ["Senegal"])) == ["sn1"])
        #expect(try filtered(SearchFilters(countries: ["sn", "Niger"])) == ["sn1", "ne1", "ml1", "as1"])
        #expect(try filtered(SearchFilters(countries: ["Burkina"]), query: "coup").isEmpty == false)
        #expect(try filtered(SearchFilters(countries: ["NE"], categories: ["diplomacy"])) == ["ml1", "as1"])
        #expect(try filtered(SearchFilters(topics: ["Coup and mutiny"])) == ["bf1", "ne1"])
        #expect(try filtered(SearchFilters(from: "2024", to: "2024-02")) == ["ml1"])
        #expect(try filtered(SearchFilters(sources: ["blog"], to: "2023-12-31")) == ["ne1"])
        #expect(throws: SearchError.self) { try filtered(SearchFilters(countries: ["Atlantis"])) }
        #expect(throws: SearchError.self) { try filtered(SearchFilters(from: "2024-13-01")) }
        #expect(throws: SearchError.self) { try filtered(SearchFilters(topics: ["gardening"])) }
    }

    @Test("facet counts equal a brute-force count over the matches, and are disjunctive")
    func facets() throws {
        let all = try searcher.search(SearchRequest(query: "", limit: 0, facets: true, collapse: false))
        #expect(all.total == searchArchive.count)
        func brute(_ articles: [Article], _ values: (Article) -> [String]) -> [String: Int] {
            var counts: [String: Int] = [:]
            for article in articles { for value in Set(values(article)) { counts[value, default: 0] += 1 } }
            return counts
        }
        func counts(_ facet: Facet, in results: SearchResults) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: (results.facets?[facet] ?? []).map { ($0.value, $0.count) })
        }
        #expect(counts(.country, in: all) == brute(searchArchive, \.countryCodes))
        #expect(counts(.category, in: all) == brute(searchArchive, \.categories))
        #expect(counts(.topic, in: all) == brute(searchArchive, \.topics))
        #expect(counts(.year, in: all) == brute(searchArchive) { [String($0.date!.prefix(4))] })
        #expect(counts(.month, in: all) == brute(searchArchive) { [String($0.date!.prefix(7))] })
        #expect(all.totalIsExact)

        // Filtered by Niger: the country facet ignores its own filter, the others do not.
        let niger = try searcher.search(
            SearchRequest(
                query: "", filters: SearchFilters(countries: ["Niger"]), limit: 0, facets: true, collapse: false))
        let inNiger = searchArchive.filter { $0.countryCodes.contains("NE") }
        #expect(niger.total == inNiger.count)
        #expect(counts(.country, in: niger) == brute(searchArchive, \.countryCodes))
        #expect(counts(.category, in: niger) == brute(inNiger, \.categories))
        #expect(counts(.year, in: niger) == brute(inNiger) { [String($0.date!.prefix(4))] })
        // With a query too: counts over the query's matches.
        let coup = try searcher.search(
            SearchRequest(query: "coup", filters: SearchFilters(topics: ["coup"]), limit: 0, facets: true))
        let coupArticles = searchArchive.filter { ["bf1", "ne1"].contains($0.id) }
        #expect(counts(.topic, in: coup) == brute(coupArticles, \.topics))
        #expect(counts(.country, in: coup) == brute(coupArticles, \.countryCodes))
        #expect(coup.facets?[.country]?.first { $0.value == "BF" }?.label == "Burkina Faso")
    }

    @Test("snippets mark stems, phrase words and title: matches; titles are highlighted; text is escaped")
    func snippets() throws {
        let sanction = try searcher.search(SearchRequest(query: "sanction")).hits[0]
        #expect(sanction.snippet.html.contains("<mark>sanctions</mark>"))
        #expect(sanction.snippet.html.contains("<mark>Sanctioned</mark>"))
        #expect(sanction.title.html == "<mark>Sanctions</mark> on Niger")
        let title = try searcher.search(SearchRequest(query: "title:sanctions")).hits[0]
        #expect(title.snippet.html.contains("<mark>sanctions</mark>"), "\(title.snippet.html)")
        let phrase = try searcher.search(SearchRequest(query: "\"interest rates\"")).hits[0]
        #expect(phrase.snippet.html.contains("<mark>interest</mark> <mark>rate</mark>"), "\(phrase.snippet.html)")
        #expect(phrase.snippet.html.contains("&lt;script&gt;"))
        #expect(!phrase.snippet.html.contains("<script>"))
        // A phrase is marked where it occurs as one, with or without facets
        // (ranked through its word pairs or the counted matches).
        for facets in [false, true] {
            let bank = try searcher.search(SearchRequest(query: "\"central bank\"", facets: facets)).hits[0]
            #expect(bank.snippet.html.contains("<mark>central bank</mark>"), "\(bank.snippet.html)")
        }
        let accent = try searcher.search(SearchRequest(query: "kabore")).hits[0]
        #expect(accent.snippet.html.contains("<mark>Kaboré</mark>"))
        let short = try searcher.search(SearchRequest(query: "coup", snippetLength: 40)).hits[0]
        #expect(short.snippet.text.count < 80)
    }

    @Test("sorting by date, newest or oldest first; an empty query lists newest first")
    func sorting() throws {
        let dated = searchArchive.sorted { $0.date! > $1.date! }.map(\.id)
        #expect(try ids("", { $0.collapse = false }) == dated)
        #expect(try ids("coup OR sanctions OR election", { $0.sort = .date }) == ["sn1", "ne1", "bf1"])
        #expect(try ids("coup OR sanctions OR election", { $0.sort = .oldest }) == ["bf1", "ne1", "sn1"])
    }

    @Test("the recency boost lifts newer articles among equal matches")
    func recency() throws {
        // "burkina" matches bf1 (2022) and ml1 (2024), as1 (2023) about equally.
        let plain = try ids("mali burkina niger")
        let boosted = try ids("mali burkina niger") { $0.recencyHalfLife = 30 }
        #expect(Set(plain) == Set(boosted))
        #expect(boosted.first == "ml1")
    }

    @Test("the recency boost adds 2 × 2^(-age/half-life), age in days from the newest article; 0 past its horizon")
    func recencyWeights() throws {
        func scores(_ halfLife: Double?) throws -> [String: Double] {
            var request = SearchRequest(query: "mali OR coup OR election", limit: 100, collapse: false)
            request.recencyHalfLife = halfLife
            return Dictionary(uniqueKeysWithValues: try searcher.search(request).hits.map { ($0.article.id, $0.score) })
        }
        let plain = try scores(nil)
        let newest = try #require(CivilDate.day(year: 2024, month: 3, day: 24))
        for halfLife in [30.0, 365.0, 1.0] {
            let boosted = try scores(halfLife)
            #expect(Set(boosted.keys) == Set(plain.keys))
            for article in searchArchive where plain[article.id] != nil {
                let parts = article.date!.split(separator: "-").map { Int($0)! }
                let age = newest - CivilDate.day(year: parts[0], month: parts[1], day: parts[2])!
                let expected = age <= Recency.horizon(halfLife: halfLife) ? 2 * exp2(-Double(age) / halfLife) : 0
                #expect(
                    abs(boosted[article.id]! - plain[article.id]! - expected) < 1e-9,
                    "\(article.id), age \(age), half-life \(halfLife)")
            }
        }
    }

    /// What the tests of work shared between threads search for.
    static let threadedQueries = [
        "", "coup", "mali OR niger", "sanctions -coup", "goita", "title:coup", "bloc", "\"burkina faso\"",
    ]

    /// Two searchers over one database, or over the shards of a rebuild
    /// kept as they are: the second shares work between threads at any
    /// size of index, the first only from 100,000 articles.
    func bothWays(shards: Bool) throws -> (Searcher, Searcher) {
        let path = dir.path(shards ? "shards" : "index")
        if shards { try rebuild(path, searchArchive, jobs: 2, keepShards: true) }
        let threaded = try Searcher(path: path)
        threaded.concurrentCountFrom = 0
        return (try Searcher(path: path), threaded)
    }

    /// Expects two searches to give the same total and page: hits, scores,
    /// ranks, snippets, titles and collapse counts.
    func expectSamePage(_ found: SearchResults, _ expected: SearchResults, _ what: String) {
        #expect(found.total == expected.total && found.totalIsExact == expected.totalIsExact, "\(what)")
        #expect(found.hits.map(\.article.id) == expected.hits.map(\.article.id), "\(what)")
        #expect(found.hits.map(\.score) == expected.hits.map(\.score), "\(what)")
        #expect(found.hits.map(\.rank) == expected.hits.map(\.rank), "\(what)")
        #expect(found.hits.map(\.snippet) == expected.hits.map(\.snippet), "\(what)")
        #expect(found.hits.map(\.title) == expected.hits.map(\.title), "\(what)")
        #expect(found.hits.map(\.collapsed) == expected.hits.map(\.collapsed), "\(what)")
    }

    @Test(
        "facets counted on the other handles while the first ranks: the same results as counted first",
        arguments: [false, true])
    func facetsMeanwhile(shards: Bool) throws {
        let (first, meanwhile) = try bothWays(shards: shards)
        let queries = SearchTests.threadedQueries
        let filters = [SearchFilters(), SearchFilters(countries: ["Niger"]), SearchFilters(categories: ["Diplomacy"])]
        let pages: [(collapse: Bool, offset: Int, sort: SearchSort)] = [(true, 0, .relevance), (false, 1, .date)]
        for query in queries {
            for filter in filters {
                for page in pages {
                    let request = SearchRequest(
                        query: query, filters: filter, sort: page.sort, limit: 3, offset: page.offset, facets: true,
                        collapse: page.collapse)
                    let expected = try first.search(request)
                    let found = try meanwhile.search(request)
                    let what = "\(query) \(filter) \(page) shards \(shards)"
                    #expect(found.facets == expected.facets, "\(what)")
                    expectSamePage(found, expected, what)
                }
            }
        }
        // With two handles or more, the passes over every match (all but
        // the phrase's) were counted on all handles but the first, meanwhile.
        let (counted, started) = (first.facetCounter.passes, meanwhile.facetCounter.passes)
        #expect(started.local == counted.local)
        // (One thread a pass below 20,000 articles: one handle each.)
        #expect(started.fromColumns == started.local, "every pass counted from the facet columns")
        if Searcher.countingThreads > 1 {
            #expect(started.handles < counted.handles, "\(started) \(counted)")
        }
    }

    @Test(
        "ranking split over the handles, each ranking and counting its stretch of ids: the same results as one ranking",
        arguments: [false, true])
    func splitRanking(shards: Bool) throws {
        // One database (split), or the shards of a rebuild kept as they are
        // (not split: the first handle ranks, the second counts meanwhile).
        let (whole, split) = try bothWays(shards: shards)
        let queries = SearchTests.threadedQueries
        let filters = [SearchFilters(), SearchFilters(countries: ["Niger"])]
        let pages: [(collapse: Bool, offset: Int, sort: SearchSort, recent: Bool)] = [
            (true, 0, .relevance, false), (false, 1, .date, false), (true, 2, .oldest, false),
            (true, 0, .arrived, false), (false, 0, .relevance, true), (true, 1, .relevance, true),
        ]
        for query in queries {
            for filter in filters {
                for page in pages {
                    let request = SearchRequest(
                        query: query, filters: filter, sort: page.sort, limit: 3, offset: page.offset,
                        recencyHalfLife: page.recent ? 30 : nil, collapse: page.collapse)
                    let expected = try whole.search(request)
                    let found = try split.search(request)
                    let what = "\(query) \(filter) \(page) shards \(shards)"
                    expectSamePage(found, expected, what)
                }
            }
        }
    }

    @Test("near-identical texts collapse into one result carrying the count")
    func collapse() throws {
        let results = try searcher.search(SearchRequest(query: "goita"))
        #expect(results.hits.count == 1)
        #expect(results.hits[0].collapsed == 1)
        #expect(try ids("goita") { $0.collapse = false }.count == 2)
        // The total counts the articles that match, near-identical ones included.
        #expect(results.total == 2)
        #expect(results.totalIsExact)
    }

    @Test("did you mean: a suggestion, and the corrected results when nothing matched")
    func spelling() throws {
        let fasso = try searcher.search(SearchRequest(query: "Burkina Fasso"))
        #expect(fasso.suggestion == "burkina faso")
        #expect(fasso.correctedQuery == "burkina faso")
        #expect(!fasso.hits.isEmpty)
        let ouaga = try searcher.search(SearchRequest(query: "Ouagadugu"))
        #expect(ouaga.suggestion == "ouagadougou")
        #expect(ouaga.hits.map(\.article.id) == ["bf1"])
        #expect(try searcher.search(SearchRequest(query: "coup")).suggestion == nil)
    }

    @Test("did you mean leaves words the index knows alone (police is not turned into policy)")
    func spellingKeepsKnownWords() throws {
        let dir = TemporaryDirectory()
        var archive = (1...5).map { n in
            Article(
                id: "p\(n)", title: "Policy paper \(n)", body: "The ministry published its policy on borders.",
                date: "2024-01-0\(n)", countries: [], countryCodes: [], categories: [], topics: [], source: "wire")
        }
        archive.append(
            Article(
                id: "q1", title: "Police in Ouagadougou", body: "The police patrolled Ouagadougou at night.",
                date: "2024-02-01", countries: [], countryCodes: [], categories: [], topics: [], source: "wire"))
        try rebuild(dir.path("index"), archive)
        let searcher = try Searcher(path: dir.path("index"))
        // Xapian alone suggests the more frequent neighbour of a real word.
        #expect(try Database(path: dir.path("index")).spellingSuggestion(for: "police") == "policy")
        let police = try searcher.search(SearchRequest(query: "police"))
        #expect(police.suggestion == nil)
        #expect(police.hits.map(\.article.id) == ["q1"])
        // An unknown word is corrected; the known one beside it is kept.
        let mixed = try searcher.search(SearchRequest(query: "police Ouagadugu"))
        #expect(mixed.suggestion == "police ouagadougou")
        #expect(mixed.hits.map(\.article.id) == ["q1"])
    }

    @Test("the JSON writer: compact and pretty forms are one document; strings escaped as JSONEncoder does")
    func searchJSON() throws {
        let dir = TemporaryDirectory()
        let tricky = Article(
            id: "t/1", title: "Quote \" backslash \\ tab\t and \u{1F} control, Kaboré / Goïta",
            body: "Line one\nline two: the coup in Niamey <b>&</b> 'quoted' — ünïcödé 🎉 coup.",
            date: nil, countries: ["Niger"], countryCodes: ["NE"], categories: ["Coups"], topics: ["coup"],
            source: "wire", url: "https://example.org/a?b=1&c=2")
        try rebuild(dir.path("index"), searchArchive + [tricky])
        let searcher = try Searcher(path: dir.path("index"))
        for request in [
            SearchRequest(query: "coup", limit: 20, facets: true),
            SearchRequest(query: "coup", limit: 20, facets: false),
            SearchRequest(query: "Burkina Fasso"),
            SearchRequest(query: "nothingmatcheszz"),
        ] {
            let results = try searcher.search(request)
            let compact = SearchJSON(results).data(pretty: false)
            let pretty = SearchJSON(results).data(pretty: true)
            #expect(!compact.contains(0x0A))
            #expect(pretty.contains(0x0A))
            let a = try JSONSerialization.jsonObject(with: compact) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: pretty) as? NSDictionary
            #expect(a != nil && a == b, "\(request.query)")
            let keys = ((a?["hits"] as? [NSDictionary])?.first?.allKeys as? [String])?.sorted()
            if !results.hits.isEmpty {
                #expect(
                    keys == [
                        "categories", "collapsed", "countries", "countryCodes", "date", "id", "score", "snippet",
                        "source",
                        "title", "titleHighlighted", "topics", "url",
                    ])
            }
            // Every string survives the trip: quotes, backslashes, control characters, emoji, `/`.
            let parsed = (a?["hits"] as? [NSDictionary]) ?? []
            #expect(parsed.count == results.hits.count)
            for (hit, object) in zip(results.hits, parsed) {
                #expect(object["title"] as? String == hit.article.title)
                #expect(object["id"] as? String == hit.article.id)
                #expect(object["url"] as? String == hit.article.url)
                #expect(object["snippet"] as? String == hit.snippet.html)
            }
            // Slashes are written as they are, not escaped.
            if results.hits.contains(where: { $0.article.id == "t/1" }) {
                #expect(String(decoding: compact, as: UTF8.self).contains("\"https://example.org/a?b=1&c=2\""))
            }
        }
        let trickyHit = try searcher.search(SearchRequest(query: "niamey", limit: 20)).hits.first {
            $0.article.id == "t/1"
        }
        #expect(trickyHit != nil)
    }

    @Test("more like this and show by id")
    func similarAndShow() throws {
        let similar = try #require(try searcher.similar(to: "as1", request: SearchRequest(query: "")))
        #expect(!similar.hits.isEmpty)
        #expect(!similar.hits.contains { $0.article.id == "as1" })
        #expect(similar.hits.first?.article.id == "ml1")
        #expect(try searcher.similar(to: "nope", request: SearchRequest(query: "")) == nil)
        #expect(try searcher.article(id: "sn1")?.title == "Elections in Senegal")
        #expect(try searcher.article(id: "nope") == nil)
    }

    @Test("a malformed query is an invalid-query error naming the problem")
    func malformed() throws {
        for bad in ["mali AND", "OR mali", "coup NOT"] {
            do {
                _ = try searcher.search(SearchRequest(query: bad))
                Issue.record("\(bad) was accepted")
            } catch {
                guard case .invalidQuery(let message) = error else {
                    Issue.record("\(bad): \(error)")
                    continue
                }
                #expect(message.contains("Syntax"))
            }
        }
    }

    @Test("paging: offset and limit, ranks continue")
    func paging() throws {
        let first = try searcher.search(SearchRequest(query: "", limit: 3, collapse: false))
        let second = try searcher.search(SearchRequest(query: "", limit: 3, offset: 3, collapse: false))
        #expect(first.hits.map(\.rank) == [1, 2, 3])
        #expect(second.hits.map(\.rank) == [4, 5, 6])
        #expect(Set(first.hits.map(\.article.id)).isDisjoint(with: second.hits.map(\.article.id)))
    }
}

extension Facet {
    static let country = Facet(rawValue: "country")!
    static let category = Facet(rawValue: "category")!
    static let topic = Facet(rawValue: "topic")!
    static let year = Facet(rawValue: "year")!
    static let month = Facet(rawValue: "month")!
}

/// The schema's table drives indexing, the query language and the filters:
/// every field it lists works end to end, with nothing typed out again.
@Suite("schema-driven fields")
struct SchemaFieldTests {
    static let dir = TemporaryDirectory()
    static let index: String = {
        let path = dir.path("index")
        _ = try! rebuild(path, searchArchive)
        return path
    }()

    func ids(_ request: SearchRequest) throws -> Set<String> {
        let searcher = try Searcher(path: SchemaFieldTests.index)
        var request = request
        request.limit = 100
        request.collapse = false
        return Set(try searcher.search(request).hits.map(\.article.id))
    }

    @Test("every query field: name:value finds exactly the articles holding the value")
    func queryFields() throws {
        let fields = Schema.fields.filter { $0.kind == .boolean && $0.uses.contains(.query) }
        #expect(Set(fields.map(\.name)) == ["country", "category", "topic", "source", "year"])
        for field in fields {
            let values = Set(searchArchive.flatMap(field.values))
            #expect(!values.isEmpty, "\(field.name)")
            for value in values {
                let expected = Set(searchArchive.filter { field.values($0).contains(value) }.map(\.id))
                #expect(
                    try ids(SearchRequest(query: "\(field.name):\"\(value)\"")) == expected, "\(field.name):\(value)")
            }
        }
    }

    @Test("every filter field: a filter of its values finds the same articles")
    func filterFields() throws {
        #expect(Set(Schema.filterFields.map(\.name)) == ["country", "category", "topic", "source"])
        for field in Schema.filterFields {
            for value in Set(searchArchive.flatMap(field.values)) {
                var filters = SearchFilters()
                filters[field] = [value]
                let expected = Set(searchArchive.filter { field.values($0).contains(value) }.map(\.id))
                #expect(try ids(SearchRequest(query: "", filters: filters)) == expected, "\(field.name)=\(value)")
            }
        }
    }

    @Test("every facet counts the values the schema gives each article")
    func facetFields() throws {
        let searcher = try Searcher(path: SchemaFieldTests.index)
        let results = try searcher.facets(SearchFilters())
        for facet in Facet.allCases {
            var expected: [String: Int] = [:]
            for article in searchArchive {
                for value in Set(facet.field.values(article)) { expected[value, default: 0] += 1 }
            }
            let counted = Dictionary(uniqueKeysWithValues: (results.facets?[facet] ?? []).map { ($0.value, $0.count) })
            #expect(counted == expected, "\(facet)")
        }
    }
}

@Suite("Snippet input")
struct SnippetInputTests {
    @Test("a text is cleared of the marker bytes Xapian's output uses, and told ASCII or not, in one pass")
    func sanitised() {
        let long = String(repeating: "The junta in Niamey closed the border. ", count: 5)
        let cases: [(String, String, Bool)] = [
            ("", "", true),
            ("coup", "coup", true),
            (long, long, true),
            ("a \u{1}fake\u{2} mark", "a fake mark", true),
            // Other control bytes stay: only 0x01 and 0x02 are markers.
            ("tab\there\u{0}\u{3}", "tab\there\u{0}\u{3}", true),
            ("Kaboré", "Kaboré", false),
            // Past the first bytes, where a vectorised loop would go on in blocks.
            (long + "\u{2}", long, true),
            (long + "Goïta", long + "Goïta", false),
            (long + "\u{1}Goïta\u{2}" + long, long + "Goïta" + long, false),
        ]
        for (text, clean, ascii) in cases {
            let found = Snippet.sanitised(text)
            #expect(found.text == clean, "\(text.debugDescription)")
            #expect(found.ascii == ascii, "\(text.debugDescription)")
        }
    }
}
