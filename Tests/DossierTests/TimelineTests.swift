import Foundation
import NewsModel
import TestSupport
import Testing

@testable import NewsSearch

/// The search archive, and articles on the edges of ISO weeks and years,
/// and some without a date.
let timelineArchive: [Article] =
    searchArchive + [
        // Friday 1 January 2021 and Sunday 3 January are in the week 2020-W53.
        Article(
            id: "ml2", title: "Mali at the new year", body: "The junta in Bamako promised a referendum.",
            date: "2021-01-01", countries: ["Mali"], countryCodes: ["ML"], categories: ["Politics"], source: "wire"),
        Article(
            id: "ml3", title: "Mali's referendum calendar", body: "The referendum was postponed again in Mali.",
            date: "2021-01-03", countries: ["Mali"], countryCodes: ["ML"], categories: ["Politics"], source: "wire"),
        // Monday 30 December 2024 starts the week 2025-W01.
        Article(
            id: "ne2", title: "Niger closes the year", body: "Niger's junta reviewed its mining permits.",
            date: "2024-12-30", countries: ["Niger"], countryCodes: ["NE"], categories: ["Economy"], source: "blog"),
        // No date: counted in the totals, in no bucket.
        Article(
            id: "ml4", title: "Undated note on Mali", body: "A coup was feared in Bamako, the note said.",
            countries: ["Mali"], countryCodes: ["ML"], categories: ["Security"], topics: ["coup"], source: "wire"),
        Article(
            id: "bf2", title: "Undated note on Burkina Faso", body: "Ouagadougou was calm after the coup.",
            countries: ["Burkina Faso"], countryCodes: ["BF"], categories: ["Security"], topics: ["coup"],
            source: "wire"),
    ]

@Suite("Timelines")
struct TimelineTests {
    let dir = TemporaryDirectory()
    let searcher: Searcher

    init() throws {
        try rebuild(dir.path("index"), timelineArchive)
        searcher = try Searcher(path: dir.path("index"))
    }

    /// The articles a search for `query` with `filters` matches (all of them, near-identical ones too).
    func matches(_ query: String, _ filters: SearchFilters = SearchFilters()) throws -> [Article] {
        let ids = try Set(
            searcher.search(SearchRequest(query: query, filters: filters, limit: 100, collapse: false)).hits.map(
                \.article.id))
        return timelineArchive.filter { ids.contains($0.id) }
    }

    /// The bucket of a `YYYY-MM-DD` date, worked out by Foundation's ISO 8601 calendar.
    static func bucket(_ date: String, _ interval: TimelineInterval) -> String {
        switch interval {
        case .year: return String(date.prefix(4))
        case .month: return String(date.prefix(7))
        case .week:
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = date.split(separator: "-").map { Int($0)! }
            let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
            let week = calendar.component(.weekOfYear, from: day)
            return "\(calendar.component(.yearForWeekOfYear, from: day))-W\(week < 10 ? "0" : "")\(week)"
        }
    }

    /// The nonzero counts of a series, by bucket.
    static func counts(_ series: Timeline.Series, _ timeline: Timeline) -> [String: Int] {
        var counts: [String: Int] = [:]
        for (bucket, count) in zip(timeline.buckets, series.counts) where count > 0 { counts[bucket] = count }
        return counts
    }

    @Test("counts per series and bucket equal a brute-force count over the indexed articles, for every interval")
    func bruteForce() throws {
        let cases: [(String, SearchFilters)] = [
            ("", SearchFilters()), ("coup", SearchFilters()), ("junta OR coup", SearchFilters(sources: ["wire"])),
            ("", SearchFilters(from: "2021-01-02", to: "2024")),
        ]
        for (query, filters) in cases {
            let matched = try matches(query, filters)
            for interval in TimelineInterval.allCases {
                let timeline = try searcher.timeline(
                    TimelineRequest(query: query, filters: filters, interval: interval, top: 20))
                let label = "\(query) \(filters) \(interval)"
                // Every country of the matches is a series (top 20 covers them).
                #expect(Set(timeline.series.map(\.value)) == Set(matched.flatMap(\.countryCodes)), "\(label)")
                #expect(timeline.buckets.count == timeline.spans.count)
                for series in timeline.series {
                    let with = matched.filter { $0.countryCodes.contains(series.value) }
                    var expected: [String: Int] = [:]
                    for article in with {
                        if let date = article.date { expected[Self.bucket(date, interval), default: 0] += 1 }
                    }
                    #expect(Self.counts(series, timeline) == expected, "\(label) \(series.value)")
                    #expect(series.counts.count == timeline.buckets.count)
                    #expect(series.total == with.count, "\(label) \(series.value)")
                    #expect(series.undated == with.filter { $0.date == nil }.count, "\(label) \(series.value)")
                }
                // Buckets run from the first dated match to the last, none left out.
                let dates = matched.compactMap(\.date).sorted()
                if let first = dates.first, let last = dates.last {
                    #expect(timeline.buckets.first == Self.bucket(first, interval), "\(label)")
                    #expect(timeline.buckets.last == Self.bucket(last, interval), "\(label)")
                }
                for (span, bucket) in zip(timeline.spans, timeline.buckets) {
                    #expect(Self.bucket(span.from, interval) == bucket, "\(label) \(span)")
                    #expect(Self.bucket(span.to, interval) == bucket, "\(label) \(span)")
                }
                for (a, b) in zip(timeline.spans, timeline.spans.dropFirst()) {
                    #expect(a.to < b.from, "\(label): \(a) before \(b)")
                }
            }
        }
    }

    @Test("ISO weeks: 1 and 3 January 2021 are in 2020-W53, 30 December 2024 in 2025-W01; spans are Monday to Sunday")
    func isoWeeks() throws {
        let mali = try searcher.timeline(TimelineRequest(interval: .week, series: ["Mali"]))
        let index = try #require(mali.buckets.firstIndex(of: "2020-W53"))
        #expect(mali.series[0].counts[index] == 2)
        #expect(mali.spans[index] == Timeline.Span(from: "2020-12-28", to: "2021-01-03"))
        let niger = try searcher.timeline(TimelineRequest(interval: .week, series: ["Niger"]))
        #expect(niger.buckets.last == "2025-W01")
        #expect(niger.spans.last == Timeline.Span(from: "2024-12-30", to: "2025-01-05"))
        // Contiguous: a week after another, 2020-W53 then 2021-W01.
        #expect(mali.buckets[index + 1] == "2021-W01")
        #expect(Set(mali.buckets).count == mali.buckets.count)
    }

    @Test("month and year totals equal the facet counts with the series' value as a filter")
    func equalsFacets() throws {
        let cases: [(String, SearchFilters)] = [
            ("", SearchFilters()), ("coup", SearchFilters()), ("", SearchFilters(sources: ["wire"], from: "2022")),
        ]
        for (query, filters) in cases {
            for by in TimelineDimension.allCases {
                let overall = try searcher.facets(filters, query: query)
                for interval in [TimelineInterval.month, .year] {
                    let timeline = try searcher.timeline(
                        TimelineRequest(query: query, filters: filters, by: by, interval: interval, top: 20))
                    #expect(
                        timeline.series.map(\.value) == (overall.facets?[by.facet] ?? []).prefix(20).map(\.value),
                        "the top values are the facet's, in its order")
                    for series in timeline.series {
                        var narrowed = filters
                        narrowed[by.field] = [series.value]
                        let facets = try searcher.facets(narrowed, query: query)
                        let facet: Facet = interval == .month ? Facet(rawValue: "month")! : Facet(rawValue: "year")!
                        // The month and year facets leave the dates out (they are
                        // disjunctive on them): the timeline is their months within the dates.
                        let expected = Dictionary(
                            uniqueKeysWithValues: (facets.facets?[facet] ?? []).map { ($0.value, $0.count) }
                        ).filter { key, _ in
                            filters.from.map { key >= $0.prefix(key.count) } ?? true
                                && filters.to.map { key <= $0.prefix(key.count) } ?? true
                        }
                        #expect(Self.counts(series, timeline) == expected, "\(query) \(by) \(interval) \(series.value)")
                        #expect(series.total == facets.total)
                        #expect(series.total == overall.facets?[by.facet]?.first { $0.value == series.value }?.count)
                    }
                }
            }
        }
    }

    @Test("the query counted is the one the search shows: any word when every word finds nothing; a correction")
    func matchedQuery() throws {
        for query in ["senegal sanctions", "Ouagadugu"] {
            let facets = try searcher.facets(SearchFilters(), query: query)
            let timeline = try searcher.timeline(TimelineRequest(query: query, interval: .year))
            #expect(timeline.correctedQuery == facets.correctedQuery, "\(query)")
            let counted = (facets.facets?[.country] ?? []).map { [$0.value: $0.count] }
            #expect(timeline.series.map { [$0.value: $0.total] } == counted, "\(query)")
            #expect(!timeline.series.isEmpty, "\(query)")
        }
        let any = try searcher.timeline(TimelineRequest(query: "senegal sanctions", interval: .year))
        #expect(any.series.map(\.value) == ["NE", "SN"])
    }

    @Test("named series: names, aliases and codes, each value once, in the order given, with labels")
    func namedSeries() throws {
        let timeline = try searcher.timeline(TimelineRequest(series: ["Mali", "ne", "ML", " Niger "]))
        #expect(timeline.series.map(\.value) == ["ML", "NE"])
        #expect(timeline.series.map(\.label) == ["Mali", "Niger"])
        #expect(timeline.series[0].total == timelineArchive.filter { $0.countryCodes.contains("ML") }.count)
        #expect(timeline.series[0].undated == 1)
        // A country named that no article has: a line of zeros.
        let senegal = try searcher.timeline(TimelineRequest(query: "coup", series: ["Senegal", "Mali"]))
        #expect(senegal.series[0].total == 0 && senegal.series[0].counts.allSatisfy { $0 == 0 })
        #expect(senegal.series[1].total == 1 && senegal.series[1].undated == 1)
        // Topics by id or label, categories as written.
        let topics = try searcher.timeline(TimelineRequest(by: .topic, interval: .year, series: ["coup"]))
        #expect(topics.series.map(\.value) == ["coup"])
        #expect(topics.series[0].total == timelineArchive.filter { $0.topics.contains("coup") }.count)
        let categories = try searcher.timeline(
            TimelineRequest(by: .category, interval: .year, series: ["Diplomacy"]))
        #expect(categories.series[0].value == "Diplomacy" && categories.series[0].label == nil)
        #expect(categories.buckets == ["2023", "2024"] && categories.series[0].counts == [1, 1])
        // A filter on the `by` field names the series when none are.
        let filtered = try searcher.timeline(TimelineRequest(filters: SearchFilters(countries: ["Senegal", "bf"])))
        #expect(filtered.series.map(\.value) == ["SN", "BF"])
    }

    @Test("top N: the N most frequent values of the facet")
    func topN() throws {
        let facets = try searcher.facets(SearchFilters())
        for top in [1, 2, 5] {
            let timeline = try searcher.timeline(TimelineRequest(interval: .year, top: top))
            #expect(timeline.series.map(\.value) == (facets.facets?[.country] ?? []).prefix(top).map(\.value))
        }
        // Four countries in all: the default top 5 draws them all.
        #expect(try searcher.timeline(TimelineRequest()).series.count == facets.facets?[.country]?.count)
        #expect(facets.facets?[.country]?.count == 4)
    }

    @Test("nothing matches: no buckets, no series; named series are lines of zeros")
    func empty() throws {
        let none = try searcher.timeline(TimelineRequest(query: "xylophone"))
        #expect(none.buckets.isEmpty && none.spans.isEmpty && none.series.isEmpty)
        let named = try searcher.timeline(TimelineRequest(query: "xylophone", series: ["Mali"]))
        #expect(named.buckets.isEmpty && named.series.count == 1 && named.series[0].total == 0)
        let undatedOnly = try searcher.timeline(TimelineRequest(query: "note"))
        #expect(undatedOnly.buckets.isEmpty)
        #expect(undatedOnly.series.map(\.undated) == [1, 1])
    }

    @Test("spans are cut to the request's dates")
    func spans() throws {
        let timeline = try searcher.timeline(
            TimelineRequest(filters: SearchFilters(from: "2021-05-31", to: "2022-06-12"), series: ["Mali"]))
        #expect(timeline.buckets.first == "2021-05" && timeline.buckets.last == "2022-06")
        #expect(timeline.spans.first == Timeline.Span(from: "2021-05-31", to: "2021-05-31"))
        #expect(timeline.spans.last == Timeline.Span(from: "2022-06-01", to: "2022-06-12"))
        #expect(timeline.spans[9] == Timeline.Span(from: "2022-02-01", to: "2022-02-28"))
    }

    @Test("bad parameters name themselves: top, series, a filter")
    func badParameters() throws {
        func parameter(_ request: TimelineRequest) -> String? {
            do {
                _ = try searcher.timeline(request)
                return nil
            } catch {
                if case .invalidParameter(let name, _) = error { return name }
                return "\(error)"
            }
        }
        #expect(parameter(TimelineRequest(top: 0)) == "top")
        #expect(parameter(TimelineRequest(top: 21)) == "top")
        #expect(parameter(TimelineRequest(series: ["Atlantis"])) == "series")
        #expect(parameter(TimelineRequest(by: .topic, series: ["gardening"])) == "series")
        #expect(parameter(TimelineRequest(series: Array(repeating: "Mali", count: 21))) == "series")
        #expect(parameter(TimelineRequest(filters: SearchFilters(countries: ["Atlantis"]))) == "country")
        #expect(parameter(TimelineRequest(filters: SearchFilters(from: "2024-13"))) == "from")
        #expect(TimelineDimension(rawValue: "source") == nil && TimelineInterval(rawValue: "day") == nil)
    }

    @Test("the JSON shape: every key, sorted, counts aligned with buckets")
    func json() throws {
        let timeline = try searcher.timeline(TimelineRequest(query: "coup", interval: .year, series: ["Niger"]))
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(timeline.jsonBytes())) as? [String: Any])
        #expect(Set(object.keys) == ["buckets", "by", "correctedQuery", "interval", "query", "series", "spans"])
        #expect(object["buckets"] as? [String] == ["2023"])
        #expect(object["by"] as? String == "country" && object["interval"] as? String == "year")
        #expect(object["correctedQuery"] is NSNull)
        let series = try #require((object["series"] as? [[String: Any]])?.first)
        #expect(Set(series.keys) == ["counts", "label", "total", "undated", "value"])
        #expect(series["counts"] as? [Int] == [1] && series["value"] as? String == "NE")
        let spans = try #require(object["spans"] as? [[String: String]])
        #expect(spans == [["from": "2023-01-01", "to": "2023-12-31"]])
    }
}
