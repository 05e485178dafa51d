import CXapian

/// Runs queries against a database (Xapian::Enquire): weighting, sorting,
/// collapsing, match spies, and relevance feedback.
///
/// Not thread-safe: use one `Enquire` (and one ``Database``) per task.
public final class Enquire {
    let handle: OpaquePointer
    // Xapian keeps plain pointers to match spies; the database is also kept
    // so the enquire never outlives it.
    private var spies: [MatchSpy] = []
    let database: Database

    /// How matches are weighted.
    public enum Weighting: Sendable, Equatable {
        /// BM25 (Xapian's default, with k1 1, k2 0, k3 1, b 0.5, minNormLength 0.5).
        case bm25(k1: Double = 1, k2: Double = 0, k3: Double = 1, b: Double = 0.5, minNormLength: Double = 0.5)
        /// Every match weighs 0: for filtering and sorting by value only.
        case boolean
    }

    /// Which way ties in weight (or everything, with ``Weighting/boolean``) are ordered.
    public enum DocumentIDOrder: Int32, Sendable {
        case ascending = 1
        case descending = 0
        case dontCare = 2
    }

    /// What ``eset(limit:relevanceSet:options:prefix:)`` considers.
    public struct ExpandOptions: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Include terms already in the query.
        public static let includeQueryTerms = ExpandOptions(rawValue: UInt32(CXAPIAN_ESET_INCLUDE_QUERY_TERMS))
        /// Compute exact term frequencies over shards (slower).
        public static let exactTermFrequencies = ExpandOptions(rawValue: UInt32(CXAPIAN_ESET_USE_EXACT_TERMFREQ))
        /// Only terms with no capital-letter prefix (free-text words and their stems
        /// under `.some` stemming are unprefixed or `Z`-prefixed).
        public static let unprefixedOnly = ExpandOptions(rawValue: UInt32(CXAPIAN_ESET_UNPREFIXED_ONLY))
    }

    /// A term suggested by relevance feedback, with its weight.
    public struct ExpandTerm: Sendable, Hashable {
        public let term: String
        public let weight: Double
    }

    public init(database: Database) throws(XapianError) {
        handle = try makeHandle { cxapian_enquire_new(database.handle, $0, $1) }
        self.database = database
    }

    deinit {
        cxapian_enquire_free(handle)
    }

    /// The query to run. `queryLength` is the query's length for weighting
    /// (0: its number of terms).
    public func setQuery(_ query: Query, queryLength: Int = 0) throws(XapianError) {
        try check { cxapian_enquire_set_query(handle, query.handle, UInt32(queryLength), $0) }
    }

    public func setWeighting(_ weighting: Weighting) throws(XapianError) {
        switch weighting {
        case .bm25(let k1, let k2, let k3, let b, let minNormLength):
            try check { cxapian_enquire_set_weighting_bm25(handle, k1, k2, k3, b, minNormLength, $0) }
        case .boolean:
            try check { cxapian_enquire_set_weighting_bool(handle, $0) }
        }
    }

    // MARK: - Order

    /// Orders hits by weight, best first (the default).
    public func setSortByRelevance() throws(XapianError) {
        try check { cxapian_enquire_set_sort_by_relevance(handle, $0) }
    }

    /// Orders hits by the value in `slot`, compared as bytes: ascending, or
    /// descending with `reverse`.
    public func setSortByValue(_ slot: ValueSlot, reverse: Bool) throws(XapianError) {
        try check { cxapian_enquire_set_sort_by_value(handle, slot, reverse ? 1 : 0, $0) }
    }

    /// Orders by the value in `slot`, then by weight.
    public func setSortByValueThenRelevance(_ slot: ValueSlot, reverse: Bool) throws(XapianError) {
        try check { cxapian_enquire_set_sort_by_value_then_relevance(handle, slot, reverse ? 1 : 0, $0) }
    }

    /// Orders by weight, then by the value in `slot`.
    public func setSortByRelevanceThenValue(_ slot: ValueSlot, reverse: Bool) throws(XapianError) {
        try check { cxapian_enquire_set_sort_by_relevance_then_value(handle, slot, reverse ? 1 : 0, $0) }
    }

    public func setDocumentIDOrder(_ order: DocumentIDOrder) throws(XapianError) {
        try check { cxapian_enquire_set_docid_order(handle, order.rawValue, $0) }
    }

    /// Keeps at most `max` hits for each value of `slot`; the others are
    /// counted in the kept hit's ``MSet/Hit/collapseCount``. Documents with
    /// no value in `slot` are never collapsed.
    public func setCollapseKey(_ slot: ValueSlot, max: Int = 1) throws(XapianError) {
        try check { cxapian_enquire_set_collapse_key(handle, slot, UInt32(max), $0) }
    }

    /// Leaves out hits below `percent` of the best, or below `weight`.
    public func setCutoff(percent: Int, weight: Double = 0) throws(XapianError) {
        try check { cxapian_enquire_set_cutoff(handle, Int32(percent), weight, $0) }
    }

    // MARK: - Match spies

    /// Registers `spy` to watch the documents of later searches; kept alive
    /// until ``clearMatchSpies()``.
    public func add(_ spy: MatchSpy) throws(XapianError) {
        try check { cxapian_enquire_add_matchspy(handle, spy.handle, $0) }
        spies.append(spy)
    }

    public func clearMatchSpies() throws(XapianError) {
        try check { cxapian_enquire_clear_matchspies(handle, $0) }
        spies.removeAll()
    }

    // MARK: - Running

    /// Runs the query and returns hits `offset ..< offset + limit`.
    ///
    /// - Parameters:
    ///   - checkAtLeast: examine at least this many documents. The document
    ///     count makes the match count and every match spy exact.
    ///   - relevanceSet: documents known to be relevant, to tune weights.
    public func mset(offset: Int = 0, limit: Int, checkAtLeast: Int = 0, relevanceSet: RSet? = nil)
        throws(XapianError) -> MSet
    {
        MSet(
            owning: try makeHandle {
                cxapian_enquire_get_mset(
                    handle, UInt32(clamping: offset), UInt32(clamping: limit), UInt32(clamping: checkAtLeast),
                    relevanceSet?.handle, $0, $1)
            })
    }

    /// How ``splitMSet(_:query:limit:order:counting:checkAtLeast:)`` merges its parts' hits.
    public enum SplitOrder: Int32, Sendable {
        /// By weight, best first.
        case relevance = 0
        /// By sort value ascending, then weight.
        case valueAscending = 1
        /// By sort value descending, then weight.
        case valueDescending = 2
    }

    /// The top `limit` matches of `query` ranked over several handles of
    /// one local database, one enquire on each (set up alike: weighting,
    /// sort, no collapse), on threads: enquire i ranks the i-th stretch of
    /// document ids, and the stretches' hits are merged in `order` (which
    /// must be how the enquires sort), ties by document id. With
    /// `counting` (a weightless form of `query`), each handle then counts
    /// its stretch's matches, `checkAtLeast` checked: the count is exact
    /// when each stretch's ranking saw all its matches or fewer than
    /// `checkAtLeast` match, else it is `checkAtLeast` and not exact.
    /// When the handles are not one database at one revision, the first
    /// ranks the whole while the second counts. Each enquire's query is
    /// replaced; use nothing else on their handles meanwhile.
    public static func splitMSet(
        _ enquires: [Enquire], query: Query, limit: Int, order: SplitOrder, counting: Query?, checkAtLeast: Int
    ) throws(XapianError) -> SplitMSet {
        let n = enquires.count
        let capacity = max(1, limit)
        var handles: [OpaquePointer?] = enquires.map { $0.handle }
        var databases: [OpaquePointer?] = enquires.map { $0.database.handle }
        var msets = [OpaquePointer?](repeating: nil, count: n)
        var parts = [UInt32](repeating: 0, count: capacity)
        var items = [UInt32](repeating: 0, count: capacity)
        var size: UInt32 = 0
        var count: UInt32 = 0
        var exact: Int32 = 0
        let status = handles.withUnsafeMutableBufferPointer { handles in
            databases.withUnsafeMutableBufferPointer { databases in
                msets.withUnsafeMutableBufferPointer { msets in
                    var error: UnsafeMutablePointer<cxapian_error_t>?
                    let status = cxapian_enquire_get_mset_split(
                        handles.baseAddress, databases.baseAddress, n, query.handle, UInt32(clamping: limit),
                        order.rawValue, counting?.handle, UInt32(clamping: checkAtLeast), msets.baseAddress, &parts,
                        &items, &size, &count, &exact, &error)
                    return (status, error)
                }
            }
        }
        withExtendedLifetime((enquires, query, counting)) {}
        if status.0 != CXAPIAN_OK { throw XapianError(status: status.0, error: status.1) }
        return SplitMSet(
            parts: msets.map { $0.map(MSet.init(owning:)) },
            order: (0..<Int(size)).map { (part: Int(parts[$0]), index: Int(items[$0])) },
            count: counting == nil ? nil : (Int(count), exact != 0))
    }

    /// The first `limit` matches numbered after the document `after`, on an
    /// enquire over one local database (not shards, nor a remote one): set
    /// ascending document order and boolean weighting to page through every
    /// match, each page starting after the last one's final document.
    public func mset(after: DocumentID, limit: Int) throws(XapianError) -> MSet {
        MSet(owning: try makeHandle { cxapian_enquire_get_mset_after(handle, after, UInt32(clamping: limit), $0, $1) })
    }

    /// The `limit` terms that best describe the documents of `relevanceSet`
    /// (relevance feedback, for "more like this"), best first. With a
    /// non-empty `prefix`, only terms with that prefix.
    public func eset(limit: Int, relevanceSet: RSet, options: ExpandOptions = [], prefix: String = "")
        throws(XapianError) -> [ExpandTerm]
    {
        let eset = try makeHandle {
            cxapian_enquire_get_eset(
                handle, UInt32(clamping: limit), relevanceSet.handle, options.rawValue, prefix, prefix.utf8.count,
                $0, $1)
        }
        defer { cxapian_eset_free(eset) }
        var size: UInt32 = 0
        try check { cxapian_eset_size(eset, &size, $0) }
        var terms: [ExpandTerm] = []
        terms.reserveCapacity(Int(size))
        for index in 0..<size {
            var weight = 0.0
            let term = try stringResult { cxapian_eset_get(eset, index, $0, $1, &weight, $2) }
            terms.append(ExpandTerm(term: term, weight: weight))
        }
        return terms
    }

    /// The terms of the current query that document `id` matches, in query order.
    public func matchingTerms(_ id: DocumentID) throws(XapianError) -> [String] {
        try termList { cxapian_enquire_matching_terms(handle, id, $0, $1) }.map(\.term)
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension Enquire: @unchecked Sendable {}

/// A set of documents marked relevant, for relevance feedback (Xapian::RSet).
public final class RSet {
    let handle: OpaquePointer

    public init() throws(XapianError) {
        handle = try makeHandle { cxapian_rset_new($0, $1) }
    }

    public convenience init(_ ids: some Sequence<DocumentID>) throws(XapianError) {
        try self.init()
        for id in ids { try add(id) }
    }

    deinit {
        cxapian_rset_free(handle)
    }

    public func add(_ id: DocumentID) throws(XapianError) {
        try check { cxapian_rset_add_document(handle, id, $0) }
    }

    public var count: Int {
        get throws(XapianError) {
            var size: UInt32 = 0
            try check { cxapian_rset_size(handle, &size, $0) }
            return Int(size)
        }
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension RSet: @unchecked Sendable {}

/// What ``Enquire/splitMSet(_:query:limit:order:counting:checkAtLeast:)`` ranked.
public struct SplitMSet {
    /// Each part's MSet (nil: that part did not rank).
    public let parts: [MSet?]
    /// The merged hits, best first: the part, and the hit's index in its MSet.
    public let order: [(part: Int, index: Int)]
    /// The count, when asked for.
    public let count: (count: Int, exact: Bool)?
}
