import Foundation
import NewsModel

/// The JSON form of a search, shared by `dossier search --json` and the HTTP
/// API. Every key is always present (null when it has no value), so the
/// shape never changes:
///
///     {"query", "total", "totalIsExact",
///      "hits": [{"id", "title", "date", "countries", "countryCodes", "categories",
///                "topics", "source", "url", "score", "snippet", "titleHighlighted",
///                "collapsed"}],
///      "facets": {"country": [{"value", "count", "label"}], "category", "topic",
///                 "year", "month"} or null,
///      "suggestion", "correctedQuery", "notice",
///      "timings": {"totalMs", "parseMs", "matchMs", "facetsMs", "snippetsMs"}}
///
/// `snippet` and `titleHighlighted` are HTML: text escaped, matches in `<mark>`.
public struct SearchJSON: Encodable, Sendable {
    public let results: SearchResults

    public init(_ results: SearchResults) {
        self.results = results
    }

    enum Keys: String, CodingKey {
        case query, total, totalIsExact, hits, facets, suggestion, correctedQuery, notice, timings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(results.query, forKey: .query)
        try container.encode(results.total, forKey: .total)
        try container.encode(results.totalIsExact, forKey: .totalIsExact)
        try container.encode(results.hits.map(HitJSON.init), forKey: .hits)
        if let facets = results.facets {
            try container.encode(FacetsJSON(facets: facets), forKey: .facets)
        } else {
            try container.encodeNil(forKey: .facets)
        }
        try container.encode(results.suggestion, forKey: .suggestion)
        try container.encode(results.correctedQuery, forKey: .correctedQuery)
        try container.encode(results.notice, forKey: .notice)
        try container.encode(results.timings, forKey: .timings)
    }

    struct HitJSON: Encodable {
        let hit: SearchHit
        init(_ hit: SearchHit) { self.hit = hit }

        enum Keys: String, CodingKey {
            case id, title, date, countries, countryCodes, categories, topics, source, url, score, snippet
            case titleHighlighted, collapsed
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            let article = hit.article
            try container.encode(article.id, forKey: .id)
            try container.encode(article.title, forKey: .title)
            try container.encode(article.date, forKey: .date)
            try container.encode(article.countries, forKey: .countries)
            try container.encode(article.countryCodes, forKey: .countryCodes)
            try container.encode(article.categories, forKey: .categories)
            try container.encode(article.topics, forKey: .topics)
            try container.encode(article.source, forKey: .source)
            try container.encode(article.url, forKey: .url)
            try container.encode((hit.score * 10000).rounded() / 10000, forKey: .score)
            try container.encode(hit.snippet.html, forKey: .snippet)
            try container.encode(hit.title.html, forKey: .titleHighlighted)
            try container.encode(hit.collapsed, forKey: .collapsed)
        }
    }

    struct FacetsJSON: Encodable {
        let facets: [Facet: [FacetCount]]

        struct ValueJSON: Encodable {
            let count: FacetCount
            enum Keys: String, CodingKey { case value, count, label }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(count.value, forKey: .value)
                try container.encode(count.count, forKey: .count)
                try container.encode(count.label, forKey: .label)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Facet.self)
            for facet in Facet.allCases {
                try container.encode((facets[facet] ?? []).map(ValueJSON.init), forKey: facet)
            }
        }
    }

    /// The results as JSON: pretty on several lines, or one line.
    public func data(pretty: Bool) throws -> Data {
        guard pretty else { return Data(compactBytes()) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The one-line form, written directly (the same members and order as
    /// the `Encodable` form with sorted keys): the API and `--batch` path.
    public func compactBytes() -> [UInt8] {
        var json = JSONBytes()
        let results = self.results
        json.object { json in
            json.key("correctedQuery")
            json.string(results.correctedQuery)
            json.key("facets")
            if let facets = results.facets {
                json.object { json in
                    // Sorted: category, country, month, topic, year.
                    for facet in Facet.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                        json.key(facet.rawValue)
                        json.array(facets[facet] ?? []) { json, value in
                            json.object { json in
                                json.key("count")
                                json.int(value.count)
                                json.key("label")
                                json.string(value.label)
                                json.key("value")
                                json.string(value.value)
                            }
                        }
                    }
                }
            } else {
                json.null()
            }
            json.key("hits")
            json.array(results.hits) { json, hit in
                let article = hit.article
                json.object { json in
                    json.key("categories")
                    json.strings(article.categories)
                    json.key("collapsed")
                    json.int(hit.collapsed)
                    json.key("countries")
                    json.strings(article.countries)
                    json.key("countryCodes")
                    json.strings(article.countryCodes)
                    json.key("date")
                    json.string(article.date)
                    json.key("id")
                    json.string(article.id)
                    json.key("score")
                    json.double((hit.score * 10000).rounded() / 10000)
                    json.key("snippet")
                    json.string(hit.snippet.html)
                    json.key("source")
                    json.string(article.source)
                    json.key("title")
                    json.string(article.title)
                    json.key("titleHighlighted")
                    json.string(hit.title.html)
                    json.key("topics")
                    json.strings(article.topics)
                    json.key("url")
                    json.string(article.url)
                }
            }
            json.key("notice")
            json.string(results.notice)
            json.key("query")
            json.string(results.query)
            json.key("suggestion")
            json.string(results.suggestion)
            json.key("timings")
            let timings = results.timings
            json.object { json in
                json.key("facetsMs")
                json.double(timings.facetsMs)
                json.key("matchMs")
                json.double(timings.matchMs)
                json.key("parseMs")
                json.double(timings.parseMs)
                json.key("snippetsMs")
                json.double(timings.snippetsMs)
                json.key("totalMs")
                json.double(timings.totalMs)
            }
            json.key("total")
            json.int(results.total)
            json.key("totalIsExact")
            json.bool(results.totalIsExact)
        }
        return json.bytes
    }
}

extension Facet: CodingKey {}
