import Foundation
import NewsEnrich
import NewsModel
import Xapian

/// What a timeline draws a line for: each value of one facet.
public enum TimelineDimension: String, Sendable, CaseIterable, Codable {
    case country, topic, category

    /// The filter field its values are.
    public var field: Schema.Field {
        switch self {
        case .country: Schema.country
        case .topic: Schema.topic
        case .category: Schema.category
        }
    }

    /// The facet its top values come from.
    public var facet: Facet { Facet(rawValue: rawValue)! }
}

/// How long a bucket of a timeline is.
public enum TimelineInterval: String, Sendable, CaseIterable, Codable {
    /// A calendar month, `2020-03`.
    case month
    /// An ISO 8601 week, Monday to Sunday, named by its ISO week-year: `2020-W07`
    /// (30 December 2024 is in `2025-W01`).
    case week
    /// A calendar year, `2020`.
    case year
}

/// One timeline: for the matches of a query and filters, how many articles
/// of each series (a country, topic or category) fall in each month, week
/// or year.
public struct TimelineRequest: Sendable {
    /// How many series a timeline draws when none are named.
    public static let defaultTop = 5
    /// The values ``top`` may take.
    public static let topRange = 1...20
    /// The most series that may be named.
    public static let maxSeries = 20
    /// The most buckets a timeline may have (past it, a longer interval or fewer dates).
    public static let maxBuckets = 20_000

    /// The query (empty: every article).
    public var query: String
    public var filters: SearchFilters
    /// What a series is a value of.
    public var by: TimelineDimension
    public var interval: TimelineInterval
    /// The values to draw, as a filter takes them ("Mali", "ml"); empty: the
    /// values the `by` filter is given, else the ``top`` values of the `by`
    /// facet for this query and filters.
    public var series: [String]
    /// How many of the facet's top values to draw when ``series`` is empty.
    public var top: Int

    public init(
        query: String = "", filters: SearchFilters = SearchFilters(), by: TimelineDimension = .country,
        interval: TimelineInterval = .month, series: [String] = [], top: Int = TimelineRequest.defaultTop
    ) {
        self.query = query
        self.filters = filters
        self.by = by
        self.interval = interval
        self.series = series
        self.top = top
    }
}

/// Articles per bucket for each series: exact counts of every match,
/// near-identical articles included, as the facets count them. Articles
/// without a date are in no bucket (``Series/undated`` counts them).
public struct Timeline: Sendable {
    /// The first and last day of a bucket (`YYYY-MM-DD`), within the request's dates.
    public struct Span: Sendable, Hashable {
        public let from: String
        public let to: String
    }

    /// One line of the timeline: a value and its count in each bucket.
    public struct Series: Sendable, Hashable {
        /// The value as the facets write it (`ML`, `coup`, `Sanctions`).
        public let value: String
        /// A readable name when the value is a code (countries, topics).
        public let label: String?
        /// Articles per bucket, aligned with ``Timeline/buckets``.
        public let counts: [Int]
        /// Every matching article with the value, dated or not: its facet count.
        public let total: Int
        /// Those without a date (in no bucket).
        public let undated: Int
    }

    /// The query as given.
    public let query: String
    /// The corrected query the counts are for, when the query as given found nothing.
    public let correctedQuery: String?
    public let by: TimelineDimension
    public let interval: TimelineInterval
    /// Every bucket from the first to the last with an article of some
    /// series, in order, empty ones included: `2020-03`, `2020-W07` or `2020`.
    public let buckets: [String]
    /// The days of each bucket, aligned with ``buckets``: a search with
    /// these dates (and the series' value) finds the bucket's articles.
    public let spans: [Span]
    public let series: [Series]

    /// The timeline as JSON, the one shape of `dossier timeline --format
    /// json` and `GET /api/timeline` (keys sorted; every key always there):
    ///
    ///     {"buckets": ["2022-01", …], "by": "country", "correctedQuery": null,
    ///      "interval": "month", "query": "coup",
    ///      "series": [{"counts": [1, …], "label": "Mali", "total": 3, "undated": 0, "value": "ML"}],
    ///      "spans": [{"from": "2022-01-01", "to": "2022-01-31"}, …]}
    public func jsonBytes(pretty: Bool = false) -> [UInt8] {
        var json = JSONBytes(pretty: pretty)
        json.object { json in
            json.key("buckets")
            json.strings(buckets)
            json.member("by", by.rawValue)
            json.member("correctedQuery", correctedQuery)
            json.member("interval", interval.rawValue)
            json.member("query", query)
            json.key("series")
            json.array(series) { json, line in
                json.object { json in
                    json.key("counts")
                    json.array(line.counts) { json, count in json.int(count) }
                    json.member("label", line.label)
                    json.member("total", line.total)
                    json.member("undated", line.undated)
                    json.member("value", line.value)
                }
            }
            json.key("spans")
            json.array(spans) { json, span in
                json.object { json in
                    json.member("from", span.from)
                    json.member("to", span.to)
                }
            }
        }
        return json.bytes
    }
}

extension Searcher {
    /// The timeline `request` asks for. Each series is counted in a pass of
    /// its own over the matches of the query, the filters and its value,
    /// by Xapian's own `ValueCountMatchSpy` on the date slot (so that stock
    /// remote shards count it too), every match checked; its days are then
    /// added up into buckets. The query is the one the search shows results
    /// for (a spelling correction, or any word, when it finds nothing as typed).
    ///
    /// - Throws: ``SearchError/invalidParameter(name:message:)`` naming
    ///   `top`, `series`, `interval` or a filter; the errors of ``search(_:)``.
    public func timeline(_ request: TimelineRequest) throws(SearchError) -> Timeline {
        guard TimelineRequest.topRange.contains(request.top) else {
            throw .invalidParameter(
                name: "top",
                message: "must be a whole number from \(TimelineRequest.topRange.lowerBound) to "
                    + "\(TimelineRequest.topRange.upperBound), not \(request.top)")
        }
        let named = request.series.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard named.count <= TimelineRequest.maxSeries else {
            throw .invalidParameter(name: "series", message: "more than \(TimelineRequest.maxSeries) values")
        }
        let field = request.by.field
        var chosen = try lines(named, field: field, parameter: "series")
        // Every filter checked before anything is counted.
        let filters = try filterBuilder.filters(request.filters)
        if chosen.isEmpty {
            // The values the `by` filter is given are the lines to draw.
            chosen = try lines(request.filters[field], field: field, parameter: field.name)
        }
        let trimmed = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        var matched = MatchedQuery(text: "", match: .all)
        var correctedQuery: String?
        if chosen.isEmpty || !trimmed.isEmpty {
            // The facet pass: the top values, and the query the search shows.
            let results = try search(
                SearchRequest(
                    query: request.query, filters: request.filters, limit: 0, facets: chosen.isEmpty,
                    collapse: false, snippets: false))
            matched = results.matched ?? MatchedQuery(text: trimmed, match: .all)
            correctedQuery = results.correctedQuery
            if chosen.isEmpty {
                for value in (results.facets?[request.by.facet] ?? []).prefix(request.top) {
                    chosen.append(Line(value: value.value, label: value.label, term: Schema.term(field, value.value)))
                }
            }
        }
        var days: [[ValueCount]] = []
        var totals: [Int] = []
        try mappingErrors(path: path) {
            let documents = try database.documentCount
            var base = try Query.matchAll()
            if !matched.text.isEmpty {
                let parsed = try queryParser.parse(matched.text, match: matched.match)
                base = parsed.counted ?? parsed.query
            }
            for line in chosen {
                var narrowed = filters
                narrowed.add(Timeline.seriesFilter, try Query(term: line.term))
                let enquire = try Enquire(database: database)
                try enquire.setQuery(try base.filtered(by: narrowed.combined()!))
                try enquire.setWeighting(.boolean)
                let spy = try ValueCountMatchSpy(slot: Schema.Slot.date)
                try enquire.add(spy)
                _ = try enquire.mset(limit: 0, checkAtLeast: max(1, documents))
                days.append(try spy.values())
                totals.append(try spy.total)
            }
        }
        return try Timeline.make(
            request, correctedQuery: correctedQuery, lines: chosen, days: days, totals: totals,
            filters: request.filters)
    }

    /// The lines for `values` of `field` as a filter takes them, each once;
    /// an unknown one names `parameter`.
    private func lines(_ values: [String], field: Schema.Field, parameter: String) throws(SearchError) -> [Line] {
        let resolver = filterBuilder.resolver
        var lines: [Line] = []
        for written in values {
            guard let resolved = resolver.resolve(field.name, written) else {
                throw .invalidParameter(name: parameter, message: resolver.unknown(field.name, written))
            }
            // Written as the facets write it: country codes in upper case, topic ids.
            let value: String
            switch field {
            case Schema.country: value = resolver.gazetteer.country(code: resolved)?.code ?? resolved.uppercased()
            case Schema.topic: value = resolved
            default: value = written.trimmingCharacters(in: .whitespaces)
            }
            let term = Schema.term(field, resolved)
            if lines.contains(where: { $0.term == term }) { continue }
            lines.append(Line(value: value, label: resolver.label(facet: field.name, value: value), term: term))
        }
        return lines
    }
}

/// A series to count: its value, label and the term that filters by it.
struct Line {
    let value: String
    let label: String?
    let term: String
}

extension Timeline {
    /// The name of a series' own filter among the request's filters.
    static let seriesFilter = "timeline series"

    /// The timeline of the days counted for each line (`days[i]` and
    /// `totals[i]` for `lines[i]`): days added up into buckets, and spans
    /// cut to the dates of `filters`.
    static func make(
        _ request: TimelineRequest, correctedQuery: String?, lines: [Line], days: [[ValueCount]], totals: [Int],
        filters: SearchFilters
    ) throws(SearchError) -> Timeline {
        let interval = request.interval
        var perLine: [[Int: Int]] = []  // bucket -> count, per line
        var undated: [Int] = []
        var first: Int?
        var last: Int?
        for (index, counted) in days.enumerated() {
            var buckets: [Int: Int] = [:]
            var dated = 0
            for item in counted {
                guard let day = CalendarDay(compact: item.value) else { continue }
                let bucket = day.bucket(interval)
                buckets[bucket, default: 0] += item.count
                dated += item.count
                first = min(first ?? bucket, bucket)
                last = max(last ?? bucket, bucket)
            }
            perLine.append(buckets)
            undated.append(totals[index] - dated)
        }
        var ordinals: [Int] = []
        if let first, let last {
            let step = interval == .week ? 7 : 1
            let count = (last - first) / step + 1
            guard count <= TimelineRequest.maxBuckets else {
                throw .invalidParameter(
                    name: "interval",
                    message: "the articles span \(count) \(interval.rawValue)s, more than "
                        + "\(TimelineRequest.maxBuckets): choose a longer interval or fewer dates")
            }
            ordinals = Array(stride(from: first, through: last, by: step))
        }
        // The request's dates as YYYYMMDD (checked already by the filters).
        let from = try filters.from.map { text throws(SearchError) in
            try FilterBuilder.day(text, name: "from", end: false)
        }
        let to = try filters.to.map { text throws(SearchError) in try FilterBuilder.day(text, name: "to", end: true) }
        let spans = ordinals.map { ordinal in
            let (start, end) = CalendarDay.span(of: ordinal, interval)
            return Span(
                from: CalendarDay.dashed(max(start, from ?? start)), to: CalendarDay.dashed(min(end, to ?? end)))
        }
        let series = lines.enumerated().map { index, line in
            Series(
                value: line.value, label: line.label, counts: ordinals.map { perLine[index][$0] ?? 0 },
                total: totals[index], undated: undated[index])
        }
        return Timeline(
            query: request.query, correctedQuery: correctedQuery, by: request.by, interval: interval,
            buckets: ordinals.map { CalendarDay.name(of: $0, interval) }, spans: spans, series: series)
    }
}

/// A day of the date slot (`YYYYMMDD`) and the buckets it falls in. A day
/// past its month's end (20230230, as written in a source) stays in its
/// month, and in the week of the month's last day; a value that is no day
/// at all (month 13) counts as undated.
struct CalendarDay {
    let year: Int
    let month: Int
    let day: Int

    /// The day of a `YYYYMMDD` value, or nil when it is not one.
    init?(compact: String) {
        let digits = compact.utf8.map { Int($0) - 48 }
        guard digits.count == 8, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        let number = { (range: Range<Int>) in range.reduce(0) { $0 * 10 + digits[$1] } }
        year = number(0..<4)
        month = number(4..<6)
        day = number(6..<8)
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    }

    /// The bucket's ordinal: months and years counted from year 0; a week by
    /// the day number of its Monday (``CivilDate``).
    func bucket(_ interval: TimelineInterval) -> Int {
        switch interval {
        case .year: return year
        case .month: return year * 12 + month - 1
        case .week:
            let number = CivilDate.day(
                year: year, month: month, day: min(day, CivilDate.daysIn(month: month, year: year)))!
            return number - CalendarDay.weekday(number)
        }
    }

    /// 0 for Monday to 6 for Sunday, of a day number (1970-01-01 was a Thursday).
    static func weekday(_ number: Int) -> Int {
        ((number + 3) % 7 + 7) % 7
    }

    /// The name of a bucket: `2020`, `2020-03` or `2020-W07`.
    static func name(of ordinal: Int, _ interval: TimelineInterval) -> String {
        switch interval {
        case .year:
            return pad(ordinal, 4)
        case .month:
            return pad(ordinal / 12, 4) + "-" + pad(ordinal % 12 + 1, 2)
        case .week:
            // The ISO week-year is the year of the week's Thursday.
            let thursday = ordinal + 3
            let isoYear = CivilDate.components(thursday).year
            let week = (thursday - CivilDate.day(year: isoYear, month: 1, day: 1)!) / 7 + 1
            return pad(isoYear, 4) + "-W" + pad(week, 2)
        }
    }

    /// The first and last day of a bucket, `YYYYMMDD`.
    static func span(of ordinal: Int, _ interval: TimelineInterval) -> (String, String) {
        switch interval {
        case .year:
            return (pad(ordinal, 4) + "0101", pad(ordinal, 4) + "1231")
        case .month:
            let year = ordinal / 12
            let month = ordinal % 12 + 1
            let head = pad(year, 4) + pad(month, 2)
            return (head + "01", head + pad(CivilDate.daysIn(month: month, year: year), 2))
        case .week:
            return (compact(ordinal), compact(ordinal + 6))
        }
    }

    /// `YYYYMMDD` of a day number.
    static func compact(_ number: Int) -> String {
        let (year, month, day) = CivilDate.components(number)
        return pad(year, 4) + pad(month, 2) + pad(day, 2)
    }

    /// `YYYY-MM-DD` of `YYYYMMDD`.
    static func dashed(_ compact: String) -> String {
        let characters = Array(compact)
        return String(characters[0..<4]) + "-" + String(characters[4..<6]) + "-" + String(characters[6..<8])
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
