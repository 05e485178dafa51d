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
/// Keys are written in sorted order. This is the one writer of the shape.
public struct SearchJSON: Sendable {
    public let results: SearchResults

    public init(_ results: SearchResults) {
        self.results = results
    }

    /// The results as JSON: on one line, or `pretty` on several.
    public func data(pretty: Bool) -> Data {
        Data(bytes(pretty: pretty))
    }

    /// The results as JSON bytes, compact unless `pretty`.
    public func bytes(pretty: Bool = false) -> [UInt8] {
        var json = JSONBytes(pretty: pretty)
        let results = self.results
        json.object { json in
            json.member("correctedQuery", results.correctedQuery)
            json.key("facets")
            if let facets = results.facets {
                json.object { json in
                    // Sorted: category, country, month, topic, year.
                    for facet in Facet.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                        json.key(facet.rawValue)
                        json.array(facets[facet] ?? []) { json, value in
                            json.object { json in
                                json.member("count", value.count)
                                json.member("label", value.label)
                                json.member("value", value.value)
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
                    json.member("categories", article.categories)
                    json.member("collapsed", hit.collapsed)
                    json.member("countries", article.countries)
                    json.member("countryCodes", article.countryCodes)
                    json.member("date", article.date)
                    json.member("id", article.id)
                    json.member("score", (hit.score * 10000).rounded() / 10000)
                    json.member("snippet", hit.snippet.html)
                    json.member("source", article.source)
                    json.member("title", article.title)
                    json.member("titleHighlighted", hit.title.html)
                    json.member("topics", article.topics)
                    json.member("url", article.url)
                }
            }
            json.member("notice", results.notice)
            json.member("query", results.query)
            json.member("suggestion", results.suggestion)
            json.key("timings")
            let timings = results.timings
            json.object { json in
                json.member("facetsMs", timings.facetsMs)
                json.member("matchMs", timings.matchMs)
                json.member("parseMs", timings.parseMs)
                json.member("snippetsMs", timings.snippetsMs)
                json.member("totalMs", timings.totalMs)
            }
            json.member("total", results.total)
            json.member("totalIsExact", results.totalIsExact)
        }
        return json.bytes
    }
}
