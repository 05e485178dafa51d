import Foundation
import NewsEnrich
import NewsModel
import Xapian

/// Runs searches against an index: parses the query, applies the filters,
/// counts facets, ranks a page of hits and marks why each matched, each
/// through a part of its own (``SearchQueryParser``, ``FilterBuilder``,
/// ``FacetCounter``, ``Highlighter``, ``SpellingCorrector``).
///
/// Not thread-safe: open one per task.
public final class Searcher {
    /// The search engine's version: the Xapian library in use ("1.4.22").
    public static var engineVersion: String { xapianVersion }

    public let path: String
    public let ranking: Ranking
    /// Whether the index's stub names remote shards.
    public let isRemote: Bool
    let database: Database
    let queryParser: SearchQueryParser
    let filterBuilder: FilterBuilder
    let facetCounter: FacetCounter
    private let highlighter: Highlighter
    private let speller: SpellingCorrector
    private var recencyCache: (recency: Recency, query: Query)?
    /// The handles facets are counted on (the first is `database`).
    private let counting: [Database]
    /// Threads that count a local index's facets at once: the cores, at most 4.
    static let countingThreads = min(4, ProcessInfo.processInfo.activeProcessorCount)
    /// From how many articles in the index a search ranks on every handle
    /// at once, each its stretch of the ids (then counting its total), or,
    /// with facets, counts them on the other handles while the first ranks
    /// (default 100,000). Below, the work takes less than starting a thread:
    /// on Reuters (17,751 articles) counting beside the ranking made the
    /// median top 10 1.08 times slower.
    public var concurrentCountFrom = 100_000

    /// Opens the index at `path`, to rank by `ranking`, waiting on remote
    /// shards (if its stub names any) as long as `remote` says.
    ///
    /// - Throws: ``SearchError/indexMissing(path:)``,
    ///   ``SearchError/incompatibleIndex(path:found:)`` or
    ///   ``SearchError/shardUnavailable(shard:message:)``.
    public init(path: String, ranking: Ranking = .standard, remote: RemoteOptions = .standard) throws(SearchError) {
        self.path = path
        self.ranking = ranking
        let resolver = FieldResolver()
        (database, isRemote, queryParser) = try mappingErrors(path: path) {
            let (database, isRemote) = try openIndex(path: path, remote: remote)
            let version = try database.metadata(forKey: Schema.Metadata.version)
            guard version == String(Schema.version) else {
                throw SearchError.incompatibleIndex(path: path, found: version)
            }
            return (database, isRemote, try SearchQueryParser(database: database, resolver: resolver))
        }
        filterBuilder = FilterBuilder(resolver: resolver)
        // A local index's facets are counted on up to `countingThreads`
        // cores, each thread on a handle of its own.
        var counting = [database]
        if !isRemote {
            for _ in 1..<max(1, Searcher.countingThreads) {
                guard let helper = try? openIndex(path: path, remote: remote).database else { break }
                counting.append(helper)
            }
        }
        if !isRemote, let files = facetColumnFiles(folder: path) {
            for handle in counting { try? handle.useFacetColumns(files) }
        }
        self.counting = counting
        facetCounter = FacetCounter(database: database, resolver: resolver, stock: isRemote, counting: counting)
        highlighter = Highlighter(database: database, stemmer: queryParser.stemmer)
        speller = SpellingCorrector(database: database, parser: queryParser.parser, queryText: queryParser.queryText)
    }

    /// Moves to the latest committed state of the index, after an ingest
    /// (cheap when nothing changed). A rebuild switches to a new database:
    /// open a new `Searcher` for that.
    public func refresh() throws(SearchError) {
        try mappingErrors(path: path) { for handle in counting { _ = try handle.reopen() } }
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
    public func search(
        _ text: String, limit: Int = SearchRequest.Defaults.limit,
        snippetLength: Int = SearchRequest.Defaults.snippetLength
    ) throws(SearchError) -> SearchResults {
        try search(SearchRequest(query: text, limit: limit, snippetLength: snippetLength))
    }

    /// Runs `request`.
    public func search(_ request: SearchRequest) throws(SearchError) -> SearchResults {
        let started = DispatchTime.now()
        let filters = try filterBuilder.filters(request.filters)
        let trimmed = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        return try mappingErrors(path: path) {
            var timings = SearchTimings()
            guard !trimmed.isEmpty else {
                // An empty query lists articles, newest first.
                var listing = request
                if listing.sort == .relevance { listing.sort = .date }
                var results = try run(try Query.matchAll(), request: listing, filters: filters, timings: &timings)
                timings.totalMs = milliseconds(since: started)
                results.timings = timings
                results.matched = MatchedQuery(text: "", match: request.match)
                return results
            }
            let parseStart = DispatchTime.now()
            let parsed = try queryParser.parse(trimmed, match: request.match)
            timings.parseMs = milliseconds(since: parseStart)
            var results = try run(parsed, request: request, filters: filters, timings: &timings)
            var notice: String?
            var suggestion: String?
            var correctedQuery: String?
            var match = request.match
            // Spelling: suggest a correction that finds more when few match;
            // search it instead when nothing does.
            if request.corrects, results.total < 5, let corrected = try speller.correction(of: trimmed),
                corrected != trimmed.lowercased()
            {
                let reparsed = try queryParser.parse(corrected, match: request.match)
                let fixed = try run(reparsed, request: request, filters: filters, timings: &timings)
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
            if request.corrects && results.total == 0 && request.match == .all && parsed.hasSeveralTerms {
                let any = try queryParser.parse(correctedQuery ?? trimmed, match: .any)
                let retry = try run(any, request: request, filters: filters, timings: &timings)
                if retry.total > 0 {
                    notice = "No article matches every word; showing articles that match any of them."
                    results = retry
                    match = .any
                }
            }
            timings.totalMs = milliseconds(since: started)
            return SearchResults(
                query: request.query, total: results.total, totalIsExact: results.totalIsExact, hits: results.hits,
                facets: results.facets, suggestion: suggestion, correctedQuery: correctedQuery, notice: notice,
                timings: timings, matched: MatchedQuery(text: correctedQuery ?? trimmed, match: match))
        }
    }

    /// Facet counts over every article that matches `query` (empty: all)
    /// and passes `filters`; near-identical articles count separately.
    public func facets(_ filters: SearchFilters, query: String = "") throws(SearchError) -> SearchResults {
        try search(SearchRequest(query: query, filters: filters, limit: 0, facets: true, collapse: false))
    }

    /// The article with this id, or nil.
    public func article(id: String) throws(SearchError) -> Article? {
        try mappingErrors(path: path) {
            guard let docid = try documentID(of: id) else { return nil }
            return StoredArticle.decode(try database.document(docid).data())
        }
    }

    /// Articles like the one with `id`, by relevance feedback: the terms that
    /// best tell it apart from the rest of the index become an OR query.
    /// Nil when there is no article with that id.
    public func similar(to id: String, request: SearchRequest) throws(SearchError) -> SearchResults? {
        let started = DispatchTime.now()
        let filters = try filterBuilder.filters(request.filters)
        return try mappingErrors(path: path) {
            guard let docid = try documentID(of: id) else { return nil }
            let enquire = try Enquire(database: database)
            let expand = try enquire.eset(limit: 40, relevanceSet: RSet([docid]), options: [.unprefixedOnly])
            let terms = expand.map(\.term).filter { term in
                !Schema.stopWords.contains(term) && term.count > 2 && !term.allSatisfy(\.isNumber)
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
        }
    }

    // MARK: - Matching

    /// The results of a parsed query for `request` (its three forms: ranked,
    /// marked by snippets, counted).
    private func run(
        _ parsed: SearchQueryParser.Parsed, request: SearchRequest, filters: Filters, timings: inout SearchTimings
    ) throws -> SearchResults {
        try run(
            parsed.query, marking: parsed.marked, counting: parsed.counted, request: request, filters: filters,
            timings: &timings)
    }

    /// The results of `given` for `request`. Snippets mark `marked` (the
    /// phrases themselves) when given, else `given`; weightless passes count
    /// `givenWeightless` (the same matches) when given, else `given`.
    private func run(
        _ given: Query, marking marked: Query? = nil, counting givenWeightless: Query? = nil, request: SearchRequest,
        filters: Filters, timings: inout SearchTimings
    ) throws -> SearchResults {
        // Locally, phrases that not every match must contain (a synonym's
        // long name under OR) are matched once here, not in every pass.
        var base = given
        var weightless = givenWeightless
        var settled = false
        let filter = try filters.combined()
        if !isRemote {
            let settleStart = DispatchTime.now()
            // Within the filter, unless facets are counted: a filtered
            // facet's own values are counted without its filter.
            if let found = try Database.settlingPhrases(
                given, counted: givenWeightless, databases: counting, within: request.facets ? nil : filter)
            {
                (base, weightless, settled) = (found.query, found.counted, true)
            }
            timings.matchMs += milliseconds(since: settleStart)
        }
        var matching = base
        if let filter { matching = try matching.filtered(by: filter) }
        // What the weightless passes count: the same matches as `matching`.
        let countedBase = weightless ?? base
        var countable = matching
        if let weightless { countable = try filter.map { try weightless.filtered(by: $0) } ?? weightless }

        var facets: [Facet: [FacetCount]]?
        var everyMatch: Int?  // with facets: every match counted
        var matchSet: MatchSet?
        // Locally, in an index large enough, and when no phrase's positions
        // are to be spared to the ranking, the facet pass over every match
        // runs on the other handles while the first ranks (as the total
        // does without facets), and is taken after.
        var facetsMeanwhile: PendingValueCount?
        if request.facets {
            let facetStart = DispatchTime.now()
            if !isRemote, try database.documentCount >= concurrentCountFrom, try !matching.hasRequiredPhrase {
                facetsMeanwhile = try facetCounter.start(countable)
            }
            if facetsMeanwhile == nil {
                (facets, everyMatch, matchSet) = try facetCounter.count(
                    countedBase, matching: countable, filters: filters)
            }
            timings.facetsMs += milliseconds(since: facetStart)
        }
        // A query with a phrase and few enough matches to list: count them
        // first, collecting them, so that ranking need not read positions again.
        var counted: (count: Int, exact: Bool)?
        if everyMatch == nil, !isRemote, try matching.hasRequiredPhrase {
            let matchStart = DispatchTime.now()
            let found = try Database.matchCount(
                countable, databases: counting,
                checkAtLeast: max(request.offset + request.limit, SearchRequest.exactTotal),
                collecting: true)
            counted = (found.count, found.exact)
            matchSet = found.matchSet
            timings.matchMs += milliseconds(since: matchStart)
        }
        // Ranked within the counted matches: the same order and weights, no phrase checked twice.
        let restricted = try matchSet?.restricting(matching)
        var query = restricted ?? matching
        if let halfLife = request.recencyHalfLife, let boost = try recencyBoost(halfLife: halfLife) {
            query = try Query(.andMaybe, [query, boost])
        }

        // The page of hits, then the total. Asking the ranking matcher to
        // check 10,000 matches would stop its shortcuts (and, collapsing,
        // make it keep them all), so the matches are counted in a weightless
        // pass of their own, unless the facet pass has counted them all
        // already or the page's own bounds are exact and uncollapsed.
        // Locally (unless a phrase pass without facets has counted the
        // matches), near-identical articles are collapsed here rather than
        // by Xapian, which reads the collapse value of every candidate:
        // the top hits are fetched uncollapsed and only their hashes read
        // (from their data, which shown hits need anyway), and the fetch's
        // bounds count every match, near-identical ones included, as the
        // total does (often exactly, sparing a count pass).
        let collapsesHere = request.collapse && !isRemote && counted == nil
        let xapianCollapses = request.collapse && !collapsesHere
        let enquire = try makeEnquire(request, xapianCollapses: xapianCollapses)
        try enquire.setQuery(query)
        let matchStart = DispatchTime.now()
        let page = request.offset + request.limit
        // Locally, in an index large enough for the work to cost more than
        // starting a thread, and with the handles free (no facet pass under
        // way, no collapse by Xapian, which would fold copies within each
        // stretch only), every handle ranks its stretch of the ids on a core
        // of its own, and then counts its stretch's matches if the total is
        // still wanted. Each stretch's top page is kept; merged, they are the
        // whole's top page, with the same weights.
        var splitTotal: (count: Int, exact: Bool)?
        var fetch: (Int) throws(XapianError) -> RankedHits = { limit throws(XapianError) in
            try RankedHits(try enquire.mset(offset: 0, limit: limit, checkAtLeast: page))
        }
        if !isRemote, counting.count > 1, facetsMeanwhile == nil, !xapianCollapses,
            try database.documentCount >= concurrentCountFrom
        {
            let enquires =
                try [enquire]
                + counting.dropFirst().map { handle throws(XapianError) in
                    try makeEnquire(request, xapianCollapses: false, database: handle)
                }
            let order: Enquire.SplitOrder =
                switch request.sort {
                case .relevance: .relevance
                case .oldest: .valueAscending
                case .date, .arrived: .valueDescending
                }
            var total: Query? = everyMatch == nil && counted == nil ? countable : nil
            fetch = { limit throws(XapianError) in
                let split = try Enquire.splitMSet(
                    enquires, query: query, limit: limit, order: order, counting: total,
                    checkAtLeast: max(page, SearchRequest.exactTotal))
                if let count = split.count { splitTotal = count }
                total = nil  // counted once, on the first fetch
                return RankedHits(split)
            }
        }
        let ranked: RankedHits
        let shown: [PageHit]
        if collapsesHere {
            (ranked, shown) = try collapsedPage(fetch, offset: request.offset, limit: request.limit)
        } else {
            ranked = try fetch(page)
            shown = try (request.offset..<max(request.offset, ranked.count)).map { index throws(XapianError) in
                PageHit(index: index, rank: index + 1, collapsed: try ranked.hit(index).collapseCount)
            }
        }
        var facetsWait = 0.0  // taking the facets counted meanwhile: theirs, not the ranking's
        if let started = facetsMeanwhile {
            facetsMeanwhile = nil
            let facetStart = DispatchTime.now()
            (facets, everyMatch, _) = try facetCounter.count(
                countedBase, matching: countable, filters: filters, started: started)
            facetsWait = milliseconds(since: facetStart)
            timings.facetsMs += facetsWait
        }
        let bounds = try ranked.bounds()
        let total: (count: Int, exact: Bool)
        if let everyMatch {
            total = (everyMatch, true)
        } else if let counted {
            total = counted
        } else if let splitTotal {
            total = splitTotal
        } else if !request.collapse || collapsesHere, let bounds, bounds.lowerBound == bounds.upperBound {
            total = (bounds.lowerBound, true)
        } else {
            total = try matchCount(countable, checking: max(page, SearchRequest.exactTotal))
        }

        // Each hit's document, fetched and decoded once (a round trip each
        // from a remote shard; a local collapse has fetched them already),
        // its text hash (kept in its data), and how many near-identical
        // articles each stands for.
        var documents: [Document] = []
        var stored: [StoredArticle.Hit?] = []
        var hashes: [String] = []
        for hit in shown {
            let document = try hit.document ?? ranked.document(hit.index)
            documents.append(document)
            let decoded = try hit.stored ?? StoredArticle.decodeHit(try document.data())
            stored.append(decoded)
            if request.collapse {
                hashes.append(
                    try hit.hash ?? decoded?.stamps?.textHash ?? document.stringValue(Schema.Slot.textHash))
            }
        }
        let near = request.collapse ? try nearIdentical(countable, hits: shown, hashes: hashes) : [:]
        timings.matchMs += milliseconds(since: matchStart) - facetsWait
        let snippetStart = DispatchTime.now()
        // Ranked on another form of the query (phrases as ANDs, filtered by
        // word pairs or counted matches): snippets mark the phrases.
        let marking =
            request.snippets
            ? try highlighter.prepare(
                for: marked ?? given, mset: ranked.marking, rewritten: marked != nil || restricted != nil || settled)
            : nil
        let length = max(40, request.snippetLength)
        var hits: [SearchHit] = []
        for (position, (shownHit, document)) in zip(shown, documents).enumerated() {
            let hit = try ranked.hit(shownHit.index)
            guard let (article, stamps) = stored[position] else { continue }
            var snippet = Snippet(text: "", highlights: [])
            var title = Snippet(text: article.title, highlights: [])
            if let marking {
                snippet = try highlighter.snippet(article.body, in: marking, length: length, whole: false)
                title = try highlighter.snippet(
                    article.title, in: marking, length: article.title.utf8.count + 50, whole: true)
            }
            hits.append(
                SearchHit(
                    rank: shownHit.rank, article: article, score: hit.weight, snippet: snippet, title: title,
                    collapsed: request.collapse ? max(0, (near[hashes[position]] ?? 1) - 1) : 0,
                    arrived: try stamps?.arrived ?? document.stringValue(Schema.Slot.arrived)))
        }
        timings.snippetsMs += milliseconds(since: snippetStart)
        return SearchResults(
            query: request.query, total: total.count, totalIsExact: total.exact,
            hits: hits, facets: facets, suggestion: nil, correctedQuery: nil, notice: nil, timings: timings)
    }

    /// How many matches of `matching` share the text hash of each of
    /// `documents` (the hits; each counts itself), counted exactly from the hashes' own
    /// short posting lists: the number of near-identical articles each hit
    /// stands for. (Xapian's own collapse count is a lower bound that
    /// depends on how far the matcher looked, and on the shards.)
    private func nearIdentical(_ matching: Query, hits: [PageHit], hashes hitHashes: [String]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        var hashes: Set<String> = []
        for (hit, hash) in zip(hits, hitHashes) {
            if hash.isEmpty || hashes.contains(hash) || counts[hash] != nil { continue }
            // Locally a term frequency costs no round trip: a hash no other
            // article has, or whose every other article the collapse
            // already counted, needs no count. (Remote shards would answer
            // one round trip each, in turn: they are all counted at once.)
            if !isRemote {
                let articles = try database.termFrequency(Schema.textHashField.prefix + hash)
                let collapsed = hit.collapsed
                if articles < 2 || collapsed >= articles - 1 {
                    counts[hash] = collapsed + 1
                    continue
                }
            }
            hashes.insert(hash)
        }
        guard !hashes.isEmpty else { return counts }
        let terms = try hashes.sorted().map { hash throws(XapianError) in
            try Query(term: Schema.textHashField.prefix + hash)
        }
        let enquire = try Enquire(database: database)
        try enquire.setQuery(try Query(.or, terms).filtered(by: matching))
        try enquire.setWeighting(.boolean)
        let spy = try ValueCountMatchSpy(slot: Schema.Slot.textHash)
        try enquire.add(spy)
        _ = try enquire.mset(limit: 0, checkAtLeast: try database.documentCount)
        for item in try spy.values() { counts[item.value] = item.count }
        return counts
    }

    /// How many articles match `query`, near-identical ones included:
    /// exact when fewer than `checking` do, else at least `checking`.
    private func matchCount(_ query: Query, checking: Int) throws -> (count: Int, exact: Bool) {
        // On the facet pass's handles and threads (over remote shards, the one handle).
        let found = try Database.matchCount(query, databases: counting, checkAtLeast: checking)
        return (found.count, found.exact)
    }

    /// A hit of the page: its index in the fetched ``MSet``, its rank (from
    /// 1), and how many near-identical matches ranked below it were seen
    /// and folded into it (a lower bound, as Xapian's own collapse count).
    struct PageHit {
        let index: Int
        let rank: Int
        var collapsed: Int
        /// Its text hash, when already read.
        var hash: String?
        /// Its document and what its data holds, when already fetched.
        var document: Document? = nil
        var stored: StoredArticle.Hit?? = nil
    }

    /// The top hits a page is taken from: one MSet's, or those of the
    /// stretches of a split ranking, merged.
    struct RankedHits {
        private let parts: [MSet]
        private let order: [(part: Int, index: Int)]
        private let whole: Bool

        init(_ mset: MSet) throws(XapianError) {
            parts = [mset]
            order = (0..<(try mset.count)).map { (0, $0) }
            whole = true
        }

        init(_ split: SplitMSet) {
            // Unranked parts (nil) get no hits in `order`: an empty stand-in keeps the indices.
            let ranked = split.parts.compactMap { $0 }
            var position: [Int] = []
            var next = 0
            for part in split.parts {
                position.append(next)
                if part != nil { next += 1 }
            }
            parts = ranked
            order = split.order.map { (position[$0.part], $0.index) }
            whole = split.parts.count == 1 || ranked.count == 1
        }

        var count: Int { order.count }

        func hit(_ index: Int) throws(XapianError) -> MSet.Hit {
            try parts[order[index].part].hit(order[index].index)
        }

        func document(_ index: Int) throws(XapianError) -> Document {
            try parts[order[index].part].document(order[index].index)
        }

        /// The bounds on the matches, when one MSet ranked them all.
        func bounds() throws(XapianError) -> (lowerBound: Int, estimated: Int, upperBound: Int)? {
            whole ? try parts[0].matches() : nil
        }

        /// An MSet to mark snippets with: every part weighs the query's terms alike.
        var marking: MSet { parts[order.first?.part ?? 0] }
    }

    /// The hits `offset..<offset + limit` of `enquire` (set up without
    /// Xapian's collapse), keeping the first of each text hash as Xapian's
    /// collapse would: fetches twice the page, and four times more until it
    /// has the page or the matches run out. Reads the hashes of the fetched
    /// hits only until the page is full (each read is a lookup in the
    /// index), so a hit's count of folded copies is a lower bound, as
    /// Xapian's own is.
    private func collapsedPage(
        _ ranking: (Int) throws(XapianError) -> RankedHits, offset: Int, limit: Int
    ) throws -> (RankedHits, [PageHit]) {
        let page = offset + limit
        var fetch = max(2 * page, 20)
        while true {
            let mset = try ranking(fetch)
            let count = mset.count
            var first: [String: Int] = [:]  // hash -> its hit in `distinct`
            var distinct: [PageHit] = []
            for index in 0..<count where distinct.count < page {
                // The hash is in the data, which a shown hit needs anyway.
                let document = try mset.document(index)
                let stored = StoredArticle.decodeHit(try document.data())
                let hash = try stored?.stamps?.textHash ?? document.stringValue(Schema.Slot.textHash)
                if !hash.isEmpty {
                    if let seen = first[hash] {
                        distinct[seen].collapsed += 1
                        continue
                    }
                    first[hash] = distinct.count
                }
                distinct.append(
                    PageHit(
                        index: index, rank: distinct.count + 1, collapsed: 0, hash: hash, document: document,
                        stored: .some(stored)))
            }
            if distinct.count >= page || count < fetch {
                return (mset, Array(distinct.dropFirst(offset).prefix(limit)))
            }
            fetch *= 4
        }
    }

    private func makeEnquire(_ request: SearchRequest, xapianCollapses: Bool, database: Database? = nil)
        throws(XapianError)
        -> Enquire
    {
        let enquire = try Enquire(database: database ?? self.database)
        try enquire.setWeighting(.bm25(k1: ranking.k1, b: ranking.b))
        switch request.sort {
        case .relevance: break
        case .date: try enquire.setSortByValueThenRelevance(Schema.Slot.date, reverse: true)
        case .oldest: try enquire.setSortByValueThenRelevance(Schema.Slot.date, reverse: false)
        case .arrived: try enquire.setSortByValueThenRelevance(Schema.Slot.arrived, reverse: true)
        }
        if xapianCollapses { try enquire.setCollapseKey(Schema.Slot.textHash) }
        return enquire
    }

    /// The recency boost for `halfLife` over the index's dates (nil: no
    /// dates), kept while the dates and the half-life stay the same: its
    /// map of days is rebuilt only when they change.
    private func recencyBoost(halfLife: Double) throws -> Query? {
        guard let bounds = try database.valueBounds(slot: Schema.Slot.date),
            let recency = Recency(bounds: bounds, halfLife: halfLife)
        else { return nil }
        if let cached = recencyCache, cached.recency == recency { return cached.query }
        let query = try recency.query()
        recencyCache = (recency, query)
        return query
    }

    private func documentID(of id: String) throws -> DocumentID? {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(Query(term: Schema.idTerm(id)))
        try enquire.setWeighting(.boolean)
        let mset = try enquire.mset(limit: 1)
        return try mset.count > 0 ? mset.hit(0).documentID : nil
    }
}

func milliseconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000
}
