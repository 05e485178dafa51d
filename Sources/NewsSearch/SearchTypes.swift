import NewsModel

/// Filters given apart from the query text: values of the filter fields
/// (``Schema/filterFields``), ORed within a field and ANDed across fields,
/// and a date range.
public struct SearchFilters: Sendable, Equatable {
    /// The values given for each filter field, by the field's name.
    public var values: [String: [String]]
    /// First day, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`: the first day of it).
    public var from: String?
    /// Last day, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`: the last day of it).
    public var to: String?
    /// Only articles that arrived in the index at or after this moment: an
    /// arrival stamp (``Schema/arrivalStamp(_:)``) or a day, `YYYY-MM-DD`.
    public var arrivedSince: String?

    public init(values: [String: [String]] = [:], from: String? = nil, to: String? = nil) {
        self.values = values.filter { !$0.value.isEmpty }
        self.from = from
        self.to = to
    }

    /// Country names, aliases or ISO codes ("Burkina Faso", "Ivory Coast", "ML");
    /// topic ids or labels ("coup", "Coup and mutiny").
    public init(
        countries: [String] = [], categories: [String] = [], topics: [String] = [], sources: [String] = [],
        from: String? = nil, to: String? = nil
    ) {
        self.init(
            values: [
                Schema.country.name: countries, Schema.category.name: categories, Schema.topic.name: topics,
                Schema.source.name: sources,
            ], from: from, to: to)
    }

    /// The values given for `field`.
    public subscript(field: Schema.Field) -> [String] {
        get { values[field.name] ?? [] }
        set { values[field.name] = newValue.isEmpty ? nil : newValue }
    }

    public var isEmpty: Bool { values.isEmpty && from == nil && to == nil && arrivedSince == nil }
}

/// How the words of a query combine.
public enum MatchMode: String, Sendable, CaseIterable, Codable {
    /// Every word must match; when that finds nothing, any word does (with a notice).
    case all
    /// Any word matches; ranked by BM25 over all of them.
    case any
}

/// The order of results.
public enum SearchSort: String, Sendable, CaseIterable, Codable {
    /// Best match first.
    case relevance
    /// Newest first.
    case date
    /// Oldest first.
    case oldest
    /// Newest in the index first: by when each arrived (``Schema/Slot/arrived``).
    case arrived
}

/// One search.
public struct SearchRequest: Sendable {
    /// Up to how many matches ``SearchResults/total`` is an exact count;
    /// past it, an exact lower bound (``SearchResults/totalIsExact`` false).
    public static let exactTotal = 10_000

    /// What a search gets when it does not say: the same on the command
    /// line, in the API and on the page.
    public enum Defaults {
        /// Hits per page.
        public static let limit = 10
        /// The snippet's target length in characters.
        public static let snippetLength = 200
        /// The recency boost's half-life in days, when asked for without one.
        public static let recencyHalfLife = 90.0
    }

    public var query: String
    public var filters: SearchFilters
    public var match: MatchMode
    public var sort: SearchSort
    public var limit: Int
    public var offset: Int
    /// Count facet values over the whole match set.
    public var facets: Bool
    /// The snippet's target length in characters.
    public var snippetLength: Int
    /// Favour recent articles: the half-life in days of an extra weight for
    /// the newest articles (nil: no boost).
    public var recencyHalfLife: Double?
    /// Collapse articles sharing a near-identical text into one result.
    public var collapse: Bool
    /// Compute snippets and highlighted titles (false: empty snippets, plain titles).
    public var snippets: Bool
    /// When few or no articles match, try a spelling correction, and any
    /// word for every word (false: the query as it is, as watches need).
    public var corrects = true

    public init(
        query: String, filters: SearchFilters = SearchFilters(), match: MatchMode = .all,
        sort: SearchSort = .relevance, limit: Int = Defaults.limit, offset: Int = 0, facets: Bool = false,
        snippetLength: Int = Defaults.snippetLength, recencyHalfLife: Double? = nil, collapse: Bool = true,
        snippets: Bool = true
    ) {
        self.snippets = snippets
        self.query = query
        self.filters = filters
        self.match = match
        self.sort = sort
        self.limit = limit
        self.offset = offset
        self.facets = facets
        self.snippetLength = snippetLength
        self.recencyHalfLife = recencyHalfLife
        self.collapse = collapse
    }
}

/// One result.
public struct SearchHit: Sendable {
    /// 1-based rank over all results (offset included).
    public let rank: Int
    public let article: Article
    public let score: Double
    /// The best passage of the body, matches marked.
    public let snippet: Snippet
    /// The whole title, matches marked.
    public let title: Snippet
    /// How many other articles with a near-identical text this one stands for.
    public let collapsed: Int
    /// When the article arrived in the index (``Schema/arrivalStamp(_:)``;
    /// empty for an index written before arrival stamps).
    public let arrived: String
}

/// One facet value and the number of matching articles that have it.
public struct FacetCount: Sendable, Hashable, Codable {
    public let value: String
    public let count: Int
    /// A readable name when the value is a code (countries, topics).
    public let label: String?

    public init(value: String, count: Int, label: String? = nil) {
        self.value = value
        self.count = count
        self.label = label
    }
}

/// A facet of search results: one of ``Schema/facets``, by name.
public struct Facet: Sendable, Hashable, CaseIterable, CodingKey, CustomStringConvertible {
    public let field: Schema.FacetField

    public init(_ field: Schema.FacetField) { self.field = field }

    /// The facet called `name`, or nil.
    public init?(rawValue name: String) {
        guard let field = Schema.facets.first(where: { $0.name == name }) else { return nil }
        self.field = field
    }

    public var rawValue: String { field.name }
    public var description: String { field.name }

    /// Every facet, in the schema's order.
    public static let allCases: [Facet] = Schema.facets.map(Facet.init)

    public var stringValue: String { field.name }
    public init?(stringValue: String) { self.init(rawValue: stringValue) }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}

/// Where the time of a search went, in milliseconds.
public struct SearchTimings: Sendable, Codable {
    public var totalMs: Double = 0
    /// Preparing and parsing the query text.
    public var parseMs: Double = 0
    public var matchMs: Double = 0
    public var facetsMs: Double = 0
    public var snippetsMs: Double = 0

    public init() {}
}

/// One page of results, with facets and suggestions.
public struct SearchResults: Sendable {
    /// The query as given.
    public let query: String
    /// Matching articles, near-identical ones included (collapsing changes
    /// the page, not the count, as in Elasticsearch): exact up to
    /// ``SearchRequest/exactTotal``, a lower bound beyond; exact at any size
    /// with facets, which count every match.
    public let total: Int
    /// Whether ``total`` is exact; false when more than
    /// ``SearchRequest/exactTotal`` match and ``total`` is a lower bound.
    public let totalIsExact: Bool
    public let hits: [SearchHit]
    /// Counts per facet value, when asked for.
    public let facets: [Facet: [FacetCount]]?
    /// A spelling correction of the query, when it finds few or no results.
    public let suggestion: String?
    /// The corrected query whose results are shown, when the original found nothing.
    public let correctedQuery: String?
    /// What changed about the search, for the person reading ("No article has every word: …").
    public let notice: String?
    public var timings: SearchTimings
    /// The query the results are for, after a spelling correction or the
    /// fallback to any word (nil: not a query of ``Searcher/search(_:)``).
    var matched: MatchedQuery? = nil
}

/// The text and match mode whose matches a search's results are.
struct MatchedQuery: Sendable {
    let text: String
    let match: MatchMode
}
