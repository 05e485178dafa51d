import CXapian

/// A query (Xapian::Query): terms combined with operators. Immutable; build
/// one with the initialisers below or with ``QueryParser``.
public final class Query: CustomStringConvertible {
    let handle: OpaquePointer

    /// How subqueries are combined (Xapian's `Query::op`).
    public enum Operator: Int32, Sendable {
        /// Match documents that match every subquery.
        case and = 0
        /// Match documents that match any subquery.
        case or = 1
        /// Match the first subquery but none of the others.
        case andNot = 2
        /// Match an odd number of subqueries.
        case xor = 3
        /// Match the first subquery; the others only add weight.
        case andMaybe = 4
        /// Match the first subquery and every other, weighting only by the first.
        case filter = 5
        /// Terms within a window of positions, in any order.
        case near = 6
        /// Terms in order within a window of positions.
        case phrase = 7
        /// Like `.or`, on only the most important subqueries (parameter: how many).
        case eliteSet = 10
        /// Like `.or`, weighting the subqueries as if they were one term.
        case synonym = 13
        /// Like `.or`, weighting by the best subquery.
        case max = 14
    }

    /// What a wildcard does when it expands to more terms than allowed.
    public enum WildcardLimit: Int32, Sendable {
        /// Fail with `.wildcard` when the search runs.
        case error = 0
        /// Keep the first terms, in term order.
        case first = 1
        /// Keep the most frequent terms.
        case mostFrequent = 2
    }

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        cxapian_query_free(handle)
    }

    /// Matches documents indexed by `term`.
    ///
    /// - Parameters:
    ///   - wqf: within-query frequency, for weighting.
    ///   - position: position in the query (for phrases; 0: none).
    public convenience init(term: String, wqf: Int = 1, position: Int = 0) throws(XapianError) {
        self.init(
            owning: try makeHandle {
                cxapian_query_new_term(term, term.utf8.count, UInt32(wqf), UInt32(position), $0, $1)
            })
    }

    /// Combines `subqueries` with `op`. `parameter` is the window for
    /// `.near` and `.phrase`, the set size for `.eliteSet` (0: the default).
    public convenience init(_ op: Operator, _ subqueries: [Query], parameter: Int = 0) throws(XapianError) {
        let handles: [OpaquePointer?] = subqueries.map(\.handle)
        let made = try makeHandle { out, error in
            handles.withUnsafeBufferPointer {
                cxapian_query_new_combine(op.rawValue, $0.baseAddress, $0.count, UInt32(parameter), out, error)
            }
        }
        self.init(owning: made)
        withExtendedLifetime(subqueries) {}
    }

    /// Scales the weights of `subquery` by `factor` (0 makes it a pure filter).
    public convenience init(scaling subquery: Query, by factor: Double) throws(XapianError) {
        self.init(owning: try makeHandle { cxapian_query_new_scale_weight(subquery.handle, factor, $0, $1) })
    }

    /// Matches documents whose value in `slot` lies in `lower...upper`,
    /// compared byte by byte; a `nil` bound leaves that side open.
    public convenience init(valueRange slot: ValueSlot, from lower: String?, to upper: String?) throws(XapianError) {
        let op: Int32
        switch (lower, upper) {
        case (.some, .some): op = Int32(CXAPIAN_OP_VALUE_RANGE)
        case (.some, .none): op = Int32(CXAPIAN_OP_VALUE_GE)
        case (.none, .some): op = Int32(CXAPIAN_OP_VALUE_LE)
        case (.none, .none):
            self.init(owning: try makeHandle { cxapian_query_new_match_all($0, $1) })
            return
        }
        let begin = lower ?? ""
        let end = upper ?? ""
        self.init(
            owning: try makeHandle {
                cxapian_query_new_value_range(op, slot, begin, begin.utf8.count, end, end.utf8.count, $0, $1)
            })
    }

    /// Matches documents indexed by any term starting with `prefix`, using at
    /// most `maxExpansion` terms (0: unlimited) chosen by `limit`.
    public convenience init(wildcard prefix: String, maxExpansion: Int = 0, limit: WildcardLimit = .error)
        throws(XapianError)
    {
        self.init(
            owning: try makeHandle {
                cxapian_query_new_wildcard(
                    prefix, prefix.utf8.count, UInt32(maxExpansion), limit.rawValue, $0, $1)
            })
    }

    /// A weight-only query (Xapian's `ValueMapPostingSource`): each document
    /// gets the weight that its value in `slot` maps to in `weights`, and
    /// `defaultWeight` when its value is not a key. Combine it with
    /// ``Operator/andMaybe``. The stock remote server runs it.
    public convenience init(
        valueMap slot: ValueSlot, weights: [(key: String, weight: Double)], defaultWeight: Double = 0
    )
        throws(XapianError)
    {
        var keys: [CChar] = []
        var lengths: [Int] = []
        lengths.reserveCapacity(weights.count)
        for item in weights {
            keys.append(contentsOf: item.key.utf8.map { CChar(bitPattern: $0) })
            lengths.append(item.key.utf8.count)
        }
        let values = weights.map(\.weight)
        self.init(
            owning: try makeHandle { out, error in
                keys.withUnsafeBufferPointer { keyBytes in
                    lengths.withUnsafeBufferPointer { keyLengths in
                        values.withUnsafeBufferPointer { weightValues in
                            cxapian_query_new_value_map(
                                slot, keyBytes.baseAddress, keyLengths.baseAddress, weightValues.baseAddress,
                                weights.count, defaultWeight, out, error)
                        }
                    }
                }
            })
    }

    /// This query with each word of every phrase widened to the words of
    /// `database` that share its stem under `stemmer` (at most `maxVariants`
    /// per word), so that "interest rates" also finds "interest rate":
    /// Xapian 1.4 leaves phrase words unstemmed.
    public func stemmingPhrases(in database: Database, stemmer: Stem, maxVariants: Int = 30) throws(XapianError)
        -> Query
    {
        let made = try makeHandle {
            cxapian_query_stem_phrases(handle, database.handle, stemmer.handle, UInt32(maxVariants), $0, $1)
        }
        withExtendedLifetime(database) {}
        withExtendedLifetime(stemmer) {}
        return Query(owning: made)
    }

    /// This query with every phrase of unprefixed words (as
    /// ``stemmingPhrases(in:stemmer:maxVariants:)`` leaves them) filtered by
    /// the word pairs that ``Document/addWordPairs(_:)`` indexed: a two-word
    /// phrase becomes the AND of its words filtered by their pair terms (the
    /// same matches and weights, no position read), a longer one keeps its
    /// position check but only where its pairs are. Neighbours with a
    /// skipped word, or more than `maxPairs` pairs, are not filtered.
    /// `weightless`: for counting matches only (boolean weights), a two-word
    /// phrase becomes its pair terms alone (the same matches: an article
    /// with a pair has both words). Nil when no phrase was rewritten. Only
    /// for a database whose every document has its pairs.
    public func withWordPairs(_ pairs: WordPairs, maxPairs: Int = 64, weightless: Bool = false) throws(XapianError)
        -> Query?
    {
        var changed: Int32 = 0
        let made = try makeHandle {
            cxapian_query_phrase_pairs(
                handle, pairs.handle, UInt32(clamping: maxPairs), weightless ? 1 : 0, $0, &changed, $1)
        }
        withExtendedLifetime(pairs) {}
        let query = Query(owning: made)
        return changed != 0 ? query : nil
    }

    /// Matches every document.
    public static func matchAll() throws(XapianError) -> Query {
        Query(owning: try makeHandle { cxapian_query_new_match_all($0, $1) })
    }

    /// Matches no document.
    public static func matchNothing() throws(XapianError) -> Query {
        Query(owning: try makeHandle { cxapian_query_new_match_nothing($0, $1) })
    }

    /// `self` restricted to documents that also match `filter`, which adds no weight.
    public func filtered(by filter: Query) throws(XapianError) -> Query {
        try Query(.filter, [self, filter])
    }

    /// Whether this is the empty query (which matches nothing).
    public var isEmpty: Bool {
        var result: Int32 = 0
        // Cannot fail: a valid handle always has an answer.
        _ = try? check { cxapian_query_is_empty(handle, &result, $0) }
        return result != 0
    }

    /// The distinct terms in the query, sorted.
    public func terms() throws(XapianError) -> [String] {
        try termList { cxapian_query_terms(handle, $0, $1) }.map(\.term)
    }

    /// Xapian's description, such as `Query((mali OR niger))`.
    public var description: String {
        (try? stringResult { cxapian_query_get_description(handle, $0, $1, $2) }) ?? "Query(?)"
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension Query: @unchecked Sendable {}
