import Foundation
import NewsEnrich
import NewsModel
import Xapian

/// Why a search failed, in terms a person can act on.
public enum SearchError: Error, Sendable, CustomStringConvertible {
    /// No index at the path.
    case indexMissing(path: String)
    /// The index was built by another schema version.
    case incompatibleIndex(path: String, found: String)
    /// The query string is malformed; the message names the problem.
    case invalidQuery(String)
    /// A filter or option is wrong; names the parameter.
    case invalidParameter(name: String, message: String)
    /// Xapian failed otherwise.
    case engine(XapianError)

    /// The index changed under the search (a later commit discarded the
    /// revision it was reading): refresh and try again.
    public var isIndexModified: Bool {
        if case .engine(let error) = self { return error.code == .databaseModified }
        return false
    }

    public var description: String {
        switch self {
        case .indexMissing(let path):
            "no index at \(path); build one with `dossier index`"
        case .incompatibleIndex(let path, let found):
            "the index at \(path) has schema version \(found.isEmpty ? "unknown" : found), "
                + "this dossier needs \(Schema.version); rebuild it with `dossier index`"
        case .invalidQuery(let message):
            "invalid query: \(message)"
        case .invalidParameter(let name, let message):
            "\(name): \(message)"
        case .engine(let error):
            "search failed: \(error)"
        }
    }
}

/// Ranking parameters, chosen on general grounds (see the README's "Ranking").
public enum Ranking {
    /// BM25 term-frequency saturation. 1.2 (Robertson's and Lucene's
    /// choice) lets a word repeated in a news story count a little more
    /// than Xapian's default of 1.
    public static let k1 = 1.2
    /// BM25 length normalisation: 0.75, the usual value, penalises long
    /// wire stories and digests more than Xapian's default 0.5.
    public static let b = 0.75
    /// The recency boost's weight at its peak, in BM25 units: about one
    /// well-matched rare word.
    public static let recencyWeight = 2.0
    /// k1 and b, unless DOSSIER_BM25_K1 or DOSSIER_BM25_B set them (for tuning experiments).
    static let parameters: (k1: Double, b: Double) = {
        let environment = ProcessInfo.processInfo.environment
        return (
            environment["DOSSIER_BM25_K1"].flatMap(Double.init) ?? k1,
            environment["DOSSIER_BM25_B"].flatMap(Double.init) ?? b
        )
    }()
    /// How many forms of a word a phrase may stand for.
    public static let phraseVariants = 30
    /// How many terms a wildcard may expand to (the most frequent are kept).
    public static let wildcardExpansion = 100
}

/// Runs queries against an index. Not thread-safe: open one per task.
public final class Searcher {
    public let path: String
    private let database: Database
    private let parser: QueryParser
    private let stemmer: Stem
    private let stopper: Stopper
    private let queryText: QueryText
    private let gazetteer = Gazetteer.bundled
    private let topics = TopicLexicon.bundled

    /// Opens the index at `path`.
    ///
    /// - Throws: ``SearchError/indexMissing(path:)`` or
    ///   ``SearchError/incompatibleIndex(path:found:)``.
    public init(path: String) throws(SearchError) {
        self.path = path
        do {
            database = try Database(path: path)
            let version = try database.metadata(forKey: Schema.Metadata.version)
            guard version == String(Schema.version) else {
                throw SearchError.incompatibleIndex(path: path, found: version)
            }
            stemmer = try Stem(language: "english", cache: 100_000)
            stopper = try Stopper(words: englishStopWords)
            parser = try QueryParser()
            try parser.setStemmer(stemmer)
            try parser.setStemmingStrategy(.some)
            try parser.setStopper(stopper)
            try parser.setDatabase(database)
            try parser.setMaxExpansion(Ranking.wildcardExpansion, limit: .mostFrequent, flags: [.wildcard])
            try parser.addPrefix(field: Schema.title.name, prefix: Schema.title.prefix)
            for field in [Schema.country, Schema.category, Schema.topic, Schema.source, Schema.year] {
                try parser.addBooleanPrefix(field: field.name, prefix: field.prefix)
            }
            try parser.addDateRange(slot: Schema.Slot.date, prefix: "date:")
        } catch let error as SearchError {
            throw error
        } catch let error as XapianError where error.code == .databaseNotFound || error.code == .databaseOpening {
            throw .indexMissing(path: path)
        } catch let error as XapianError {
            throw .engine(error)
        } catch {
            throw .engine(XapianError(code: .unknown, type: "Swift", message: "\(error)"))
        }
        let gazetteer = self.gazetteer
        let topics = self.topics
        queryText = QueryText(synonyms: .bundled, stopWords: englishStopWords) { field, value in
            switch field {
            case "country": return gazetteer.country(named: value)?.code.lowercased() ?? value.lowercased()
            case "topic": return Searcher.topicID(value, in: topics) ?? value.lowercased()
            default: return value.lowercased()
            }
        }
    }

    /// Moves to the latest committed state of the index, after an ingest
    /// (cheap when nothing changed). A rebuild switches to a new database:
    /// open a new `Searcher` for that.
    public func refresh() throws(SearchError) {
        do {
            _ = try database.reopen()
        } catch {
            throw .engine(error)
        }
    }

    /// When the index last changed (its update time, else its build time).
    public var lastUpdated: Date? {
        for key in [Schema.Metadata.updated, Schema.Metadata.built] {
            if let text = try? database.metadata(forKey: key), let date = try? Date(text, strategy: .iso8601) {
                return date
            }
        }
        return nil
    }

    /// The number of articles in the index.
    public var articleCount: Int {
        (try? database.documentCount) ?? 0
    }

    // MARK: - Search

    /// Searches for `text`, best matches first (the defaults of ``SearchRequest``).
    public func search(_ text: String, limit: Int = 10, snippetLength: Int = 200) throws(SearchError)
        -> SearchResults
    {
        try search(SearchRequest(query: text, limit: limit, snippetLength: snippetLength))
    }

    /// Runs `request`.
    public func search(_ request: SearchRequest) throws(SearchError) -> SearchResults {
        let started = DispatchTime.now()
        let filters = try filterQueries(request.filters)
        let trimmed = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        var notice: String?
        var suggestion: String?
        var correctedQuery: String?
        var timings = SearchTimings()
        do {
            guard !trimmed.isEmpty else {
                // An empty query lists articles, newest first.
                var listing = request
                if listing.sort == .relevance { listing.sort = .date }
                var results = try run(try Query.matchAll(), request: listing, filters: filters, timings: &timings)
                timings.totalMs = milliseconds(since: started)
                results.timings = timings
                return results
            }
            let parseStart = DispatchTime.now()
            let parsed = try parse(trimmed, match: request.match)
            timings.parseMs = milliseconds(since: parseStart)
            var results = try run(parsed.query, request: request, filters: filters, timings: &timings)
            // Spelling: suggest a correction that finds more when few match;
            // search it instead when nothing does.
            if results.total < 5, let corrected = try spellingCorrection(of: trimmed),
                corrected != trimmed.lowercased()
            {
                let fixed = try run(
                    parse(corrected, match: request.match).query, request: request, filters: filters,
                    timings: &timings)
                if fixed.total > results.total {
                    suggestion = corrected
                    if results.total == 0 {
                        correctedQuery = corrected
                        notice = "No article matches \"\(trimmed)\"; showing results for \"\(corrected)\"."
                        results = fixed
                    }
                }
            }
            // Every word found nothing: rank by any word instead.
            if results.total == 0 && request.match == .all && parsed.hasSeveralTerms {
                let any = try parse(correctedQuery ?? trimmed, match: .any)
                let retry = try run(any.query, request: request, filters: filters, timings: &timings)
                if retry.total > 0 {
                    notice = "No article matches every word; showing articles that match any of them."
                    results = retry
                }
            }
            timings.totalMs = milliseconds(since: started)
            return SearchResults(
                query: request.query, total: results.total, totalIsExact: results.totalIsExact, hits: results.hits,
                facets: results.facets, suggestion: suggestion, correctedQuery: correctedQuery, notice: notice,
                timings: timings)
        } catch let error as SearchError {
            throw error
        } catch let error as XapianError {
            throw error.code == .queryParser ? .invalidQuery(error.message) : .engine(error)
        } catch {
            throw .engine(XapianError(code: .unknown, type: "Swift", message: "\(error)"))
        }
    }

    /// Facet counts over every article that matches `query` (empty: all)
    /// and passes `filters`; near-identical articles count separately.
    public func facets(_ filters: SearchFilters, query: String = "") throws(SearchError) -> SearchResults {
        try search(SearchRequest(query: query, filters: filters, limit: 0, facets: true, collapse: false))
    }

    /// The article with this id, or nil.
    public func article(id: String) throws(SearchError) -> Article? {
        do {
            guard let docid = try documentID(of: id) else { return nil }
            return try decode(database.document(docid).data())
        } catch let error as SearchError {
            throw error
        } catch {
            throw .engine(error as? XapianError ?? XapianError(code: .unknown, type: "Swift", message: "\(error)"))
        }
    }

    /// Articles like the one with `id`, by relevance feedback: the terms that
    /// best tell it apart from the rest of the index become an OR query.
    /// Nil when there is no article with that id.
    public func similar(to id: String, request: SearchRequest) throws(SearchError) -> SearchResults? {
        let started = DispatchTime.now()
        let filters = try filterQueries(request.filters)
        do {
            guard let docid = try documentID(of: id) else { return nil }
            let enquire = try Enquire(database: database)
            let expand = try enquire.eset(
                limit: 40, relevanceSet: RSet([docid]), options: [.unprefixedOnly])
            let terms = expand.map(\.term).filter { term in
                !englishStopWords.contains(term) && term.count > 2 && !term.allSatisfy(\.isNumber)
            }.prefix(25)
            guard !terms.isEmpty else {
                return SearchResults(
                    query: request.query, total: 0, totalIsExact: true, hits: [], facets: nil, suggestion: nil,
                    correctedQuery: nil, notice: nil, timings: SearchTimings())
            }
            let query = try Query(
                .andNot,
                [
                    Query(.or, terms.map { term throws(XapianError) in try Query(term: term) }),
                    Query(term: Schema.idTerm(id)),
                ])
            var timings = SearchTimings()
            var plain = request
            plain.sort = .relevance
            var results = try run(query, request: plain, filters: filters, timings: &timings)
            timings.totalMs = milliseconds(since: started)
            results.timings = timings
            return results
        } catch let error as SearchError {
            throw error
        } catch {
            throw .engine(error as? XapianError ?? XapianError(code: .unknown, type: "Swift", message: "\(error)"))
        }
    }

    // MARK: - Parsing

    private struct Parsed {
        let query: Query
        let hasSeveralTerms: Bool
    }

    private func parse(_ text: String, match: MatchMode) throws -> Parsed {
        try parser.setDefaultOperator(match == .all ? .and : .or)
        let prepared = queryText.prepare(text)
        let query = try parser.parse(prepared, flags: [.default, .wildcard, .pureNot])
            .stemmingPhrases(in: database, stemmer: stemmer, maxVariants: Ranking.phraseVariants)
        let words = try query.terms().filter { !$0.hasPrefix("X") && !$0.hasPrefix("Q") }
        return Parsed(query: query, hasSeveralTerms: words.count > 1)
    }

    /// The query with misspelled words corrected, or nil.
    ///
    /// Only words the index does not know are corrected: Xapian's suggestion
    /// for a word is its most frequent neighbour within two edits, which
    /// turns real words into others ("coup" into "corp", "police" into
    /// "policy"). A word is unknown when it occurs in at most one article in
    /// 100,000 (in none, below 100,000 articles); when every word is known,
    /// Xapian is not asked at all (its suggestions cost 0.2 ms a word).
    private func spellingCorrection(of text: String) throws -> String? {
        let prepared = queryText.prepare(text, expandSynonyms: false)
        let rare = articleCount / 100_000
        func known(_ piece: Substring) throws -> Bool {
            // Field values and operators are never corrected.
            if piece.contains(":") || ["AND", "OR", "NOT", "XOR", "NEAR", "ADJ"].contains(piece) { return true }
            for word in piece.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                if try database.termFrequency(word.lowercased()) <= rare { return false }
            }
            return true
        }
        let pieces = prepared.split(separator: " ", omittingEmptySubsequences: false)
        let isKnown = try pieces.map(known)
        guard isKnown.contains(false) else { return nil }
        _ = try parser.parse(prepared, flags: [.default, .wildcard, .pureNot, .spellingCorrection])
        guard let corrected = try parser.correctedQueryString() else { return nil }
        // Xapian corrects every word it can: put the known ones back.
        let fixed = corrected.split(separator: " ", omittingEmptySubsequences: false)
        guard fixed.count == pieces.count else { return corrected }
        let kept = zip(pieces.indices, fixed).map { index, fixed in isKnown[index] ? pieces[index] : fixed }
            .joined(separator: " ")
        return kept == prepared ? nil : kept
    }

    // MARK: - Filters

    /// One query per facet group that is filtered, keyed by the facets it governs.
    private struct Filters {
        var country: Query?
        var category: Query?
        var topic: Query?
        var source: Query?
        var date: Query?

        /// Every filter but the one governing `facet` (nil: all of them).
        func combined(except facet: Facet? = nil) throws -> Query? {
            var parts: [Query] = []
            if let country, facet != .country { parts.append(country) }
            if let category, facet != .category { parts.append(category) }
            if let topic, facet != .topic { parts.append(topic) }
            if let source { parts.append(source) }
            if let date, facet != .year && facet != .month { parts.append(date) }
            switch parts.count {
            case 0: return nil
            case 1: return parts[0]
            default: return try Query(.and, parts)
            }
        }

        /// Whether the filter governing `facet` is set.
        func isFiltered(_ facet: Facet) -> Bool {
            switch facet {
            case .country: country != nil
            case .category: category != nil
            case .topic: topic != nil
            case .year, .month: date != nil
            }
        }
    }

    private func filterQueries(_ filters: SearchFilters) throws(SearchError) -> Filters {
        func any(_ terms: [String]) throws(SearchError) -> Query? {
            guard !terms.isEmpty else { return nil }
            do {
                let queries = try terms.map { term throws(XapianError) in try Query(term: term) }
                return queries.count == 1 ? queries[0] : try Query(.or, queries)
            } catch {
                throw .engine(error)
            }
        }
        var result = Filters()
        var codes: [String] = []
        for value in filters.countries {
            guard let country = gazetteer.country(named: value) else {
                throw .invalidParameter(name: "country", message: "no country is called \"\(value)\"")
            }
            codes.append(Schema.term(Schema.country, country.code))
        }
        result.country = try any(codes)
        result.category = try any(filters.categories.map { Schema.term(Schema.category, $0) })
        var topicTerms: [String] = []
        for value in filters.topics {
            guard let id = Searcher.topicID(value, in: topics) else {
                let known = topics.topics.joined(separator: ", ")
                throw .invalidParameter(name: "topic", message: "no topic \"\(value)\" (topics: \(known))")
            }
            topicTerms.append(Schema.term(Schema.topic, id))
        }
        result.topic = try any(topicTerms)
        result.source = try any(filters.sources.map { Schema.term(Schema.source, $0) })
        let from = try filters.from.map { value throws(SearchError) in try Searcher.day(value, name: "from", end: false)
        }
        let to = try filters.to.map { value throws(SearchError) in try Searcher.day(value, name: "to", end: true) }
        if let from, let to, from > to {
            throw .invalidParameter(name: "from", message: "\(filters.from!) is after --to \(filters.to!)")
        }
        if from != nil || to != nil {
            do {
                result.date = try Query(valueRange: Schema.Slot.date, from: from, to: to)
            } catch {
                throw .engine(error)
            }
        }
        return result
    }

    /// `YYYYMMDD` of a `YYYY-MM-DD`, `YYYY-MM` or `YYYY` date: its first day,
    /// or its last with `end`.
    static func day(_ text: String, name: String, end: Bool) throws(SearchError) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let digits = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        guard digits, (1...3).contains(parts.count), parts[0].count == 4,
            parts.dropFirst().allSatisfy({ $0.count == 2 }),
            let year = Int(parts[0])
        else {
            throw .invalidParameter(name: name, message: "\"\(text)\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        }
        let month = parts.count > 1 ? Int(parts[1])! : (end ? 12 : 1)
        let lastDay = [
            31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31,
            30, 31, 30, 31,
        ]
        guard (1...12).contains(month) else {
            throw .invalidParameter(name: name, message: "\"\(text)\" has no month \(month)")
        }
        let day = parts.count > 2 ? Int(parts[2])! : (end ? lastDay[month - 1] : 1)
        guard (1...lastDay[month - 1]).contains(day) else {
            throw .invalidParameter(name: name, message: "\"\(text)\" has no day \(day)")
        }
        return String(format: "%04d%02d%02d", year, month, day)
    }

    /// A topic's id from its id or label, in any case.
    static func topicID(_ value: String, in lexicon: TopicLexicon) -> String? {
        let key = TextNormalizer.fold(value).lowercased().trimmingCharacters(in: .whitespaces)
        return lexicon.entries.first { $0.id == key || TextNormalizer.fold($0.label).lowercased() == key }?.id
    }

    // MARK: - Matching

    private func run(_ base: Query, request: SearchRequest, filters: Filters, timings: inout SearchTimings) throws
        -> SearchResults
    {
        var matching = base
        if let filter = try filters.combined() { matching = try matching.filtered(by: filter) }
        var query = matching
        if let halfLife = request.recencyHalfLife, let reference = try newestDate() {
            let boost = try Query(
                recencyOf: Schema.Slot.date, reference: reference, halfLife: halfLife, maxWeight: Ranking.recencyWeight)
            query = try Query(.andMaybe, [query, boost])
        }

        // Facets: one count-only pass over every match, without weights or
        // collapsing, reading one packed value per document; plus one per
        // filtered facet, without that facet's own filter (disjunctive counts).
        var facets: [Facet: [FacetCount]]?
        var exactTotal: Int?
        if request.facets {
            let facetStart = DispatchTime.now()
            var counted: [Facet: [FacetCount]] = [:]
            let values = try facetValues(matching)
            exactTotal = values.total
            for facet in Facet.allCases where !filters.isFiltered(facet) {
                counted[facet] = facetCounts(facet, values.counts)
            }
            var groups: [[Facet]] = []
            for facet in Facet.allCases where filters.isFiltered(facet) {
                if facet == .month, groups.last == [.year] {
                    groups[groups.count - 1].append(.month)
                } else {
                    groups.append([facet])
                }
            }
            for group in groups {
                var unfiltered = base
                if let filter = try filters.combined(except: group[0]) {
                    unfiltered = try unfiltered.filtered(by: filter)
                }
                let others = try facetValues(unfiltered)
                for facet in group { counted[facet] = facetCounts(facet, others.counts) }
            }
            facets = counted
            timings.facetsMs += milliseconds(since: facetStart)
        }

        // The page of hits.
        let enquire = try makeEnquire(request)
        try enquire.setQuery(query)
        let matchStart = DispatchTime.now()
        let mset = try enquire.mset(
            offset: request.offset, limit: request.limit, checkAtLeast: request.offset + request.limit)
        let matches = try mset.matches()
        timings.matchMs += milliseconds(since: matchStart)

        let snippetStart = DispatchTime.now()
        let highlighter = request.snippets ? try highlightSet(for: base, mset: mset) : nil
        let length = max(40, request.snippetLength)
        var hits: [SearchHit] = []
        for index in 0..<(try mset.count) {
            let hit = try mset.hit(index)
            guard let article = try decode(mset.document(index).data()) else { continue }
            var snippet = Snippet(text: "", highlights: [])
            var title = Snippet(text: article.title, highlights: [])
            if let highlighter {
                snippet = try highlight(article.body, in: highlighter, length: length, whole: false)
                title = try highlight(
                    article.title, in: highlighter, length: article.title.utf8.count + 50, whole: true)
            }
            hits.append(
                SearchHit(
                    rank: hit.rank + 1, article: article, score: hit.weight, snippet: snippet, title: title,
                    collapsed: hit.collapseCount))
        }
        timings.snippetsMs += milliseconds(since: snippetStart)
        return SearchResults(
            query: request.query, total: exactTotal ?? matches.estimated,
            totalIsExact: exactTotal != nil || matches.lowerBound == matches.upperBound,
            hits: hits, facets: facets, suggestion: nil, correctedQuery: nil, notice: nil, timings: timings)
    }

    private func makeEnquire(_ request: SearchRequest) throws -> Enquire {
        let enquire = try Enquire(database: database)
        try enquire.setWeighting(.bm25(k1: Ranking.parameters.k1, b: Ranking.parameters.b))
        switch request.sort {
        case .relevance: break
        case .date: try enquire.setSortByValueThenRelevance(Schema.Slot.date, reverse: true)
        case .oldest: try enquire.setSortByValueThenRelevance(Schema.Slot.date, reverse: false)
        }
        if request.collapse { try enquire.setCollapseKey(Schema.Slot.textHash) }
        return enquire
    }

    /// The newest date in the index (`YYYYMMDD`), for the recency boost.
    private func newestDate() throws -> String? {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query.matchAll())
        try enquire.setWeighting(.boolean)
        try enquire.setSortByValue(Schema.Slot.date, reverse: true)
        let mset = try enquire.mset(limit: 1)
        guard try mset.count > 0 else { return nil }
        let value = try mset.document(0).stringValue(Schema.Slot.date)
        return value.count == 8 ? value : nil
    }

    /// Every tagged facet value among the matches of `query`, with counts, and
    /// the exact number of matches.
    private func facetValues(_ query: Query) throws -> (counts: [ValueCount], total: Int) {
        let counter = try Enquire(database: database)
        try counter.setQuery(query)
        try counter.setWeighting(.boolean)
        let spy = try MultiValueCountMatchSpy(slot: Schema.Slot.facets)
        try counter.add(spy)
        let mset = try counter.mset(limit: 0, checkAtLeast: try database.documentCount)
        return (try spy.values(), try mset.matches().estimated)
    }

    private func facetCounts(_ facet: Facet, _ all: [ValueCount]) -> [FacetCount] {
        let tag: Character
        switch facet {
        case .country: tag = Schema.FacetTag.country
        case .category: tag = Schema.FacetTag.category
        case .topic: tag = Schema.FacetTag.topic
        case .year: tag = Schema.FacetTag.year
        case .month: tag = Schema.FacetTag.month
        }
        let values = all.compactMap { item -> ValueCount? in
            guard item.value.first == tag, item.value.count > 1 else { return nil }
            return ValueCount(value: String(item.value.dropFirst()), count: item.count)
        }
        switch facet {
        case .year, .month:
            return values.sorted { $0.value < $1.value }.map { FacetCount(value: $0.value, count: $0.count) }
        case .country:
            return values.sorted(by: Searcher.byCount).map {
                FacetCount(value: $0.value, count: $0.count, label: gazetteer.country(code: $0.value)?.name)
            }
        case .topic:
            return values.sorted(by: Searcher.byCount).map { value in
                FacetCount(
                    value: value.value, count: value.count,
                    label: topics.entries.first { $0.id == value.value }?.label)
            }
        case .category:
            return values.sorted(by: Searcher.byCount).map { FacetCount(value: $0.value, count: $0.count) }
        }
    }

    private static func byCount(_ a: ValueCount, _ b: ValueCount) -> Bool {
        a.count != b.count ? a.count > b.count : a.value < b.value
    }

    // MARK: - Snippets

    /// An MSet whose query highlights every matched word: the search's own,
    /// or, when the query searched a field (`title:`), one with the field's
    /// words unprefixed too (Xapian highlights unprefixed words only).
    private func highlightSet(for query: Query, mset: MSet) throws -> MSet {
        let terms = try query.terms()
        var extra: [Query] = []
        for term in terms {
            if term.hasPrefix("ZS") {
                extra.append(try Query(term: "Z" + term.dropFirst(2)))
            } else if term.hasPrefix(Schema.title.prefix), term.dropFirst().first?.isUppercase == false {
                extra.append(try Query(term: String(term.dropFirst())))
            }
        }
        guard !extra.isEmpty else { return mset }
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query(.or, [query] + extra))
        return try enquire.mset(limit: 0)
    }

    /// The best passage of `text` (all of it with `whole`), with matches marked.
    private func highlight(_ text: String, in mset: MSet, length: Int, whole: Bool) throws -> Snippet {
        guard !text.isEmpty else { return Snippet(text: "", highlights: []) }
        let clean = Snippet.sanitised(text)
        func snippet(of text: String) throws -> Snippet {
            Snippet(
                marked: try mset.snippet(
                    text, length: whole ? text.utf8.count + 16 : length, stemmer: stemmer,
                    flags: [], highlight: (String(Snippet.start), String(Snippet.end)),
                    omit: "…"))
        }
        // ASCII folds to itself: nothing to map back.
        if clean.utf8.allSatisfy({ $0 < 0x80 }) { return try snippet(of: clean) }
        // Xapian matches folded terms, so the snippet is computed over the
        // folded text and then moved back onto the original.
        let (folded, origin) = TextNormalizer.foldedMapping(clean)
        let found = try snippet(of: folded)
        return found.mapped(toOriginal: clean, folded: folded, origin: origin, omit: "…") ?? found
    }

    // MARK: - Helpers

    private func documentID(of id: String) throws -> DocumentID? {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query(term: Schema.idTerm(id)))
        try enquire.setWeighting(.boolean)
        let mset = try enquire.mset(limit: 1)
        return try mset.count > 0 ? mset.hit(0).documentID : nil
    }

    private func decode(_ data: [UInt8]) -> Article? {
        StoredArticle.decode(data)
    }
}

func milliseconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
}
