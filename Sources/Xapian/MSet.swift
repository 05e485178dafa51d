import CXapian

/// The results of a search (Xapian::MSet): one page of hits plus bounds on
/// the total number of matches.
public final class MSet {
    let handle: OpaquePointer

    /// One hit.
    public struct Hit: Sendable, Hashable {
        public let documentID: DocumentID
        /// 0-based rank in the whole result list (not just this page).
        public let rank: Int
        public let weight: Double
        /// The weight as a percentage of the best possible.
        public let percent: Int
        /// A lower bound on the number of hits collapsed into this one.
        public let collapseCount: Int
    }

    /// Options for ``snippet(_:length:stemmer:flags:highlight:omit:)``.
    public struct SnippetFlags: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Prefer passages with interesting words besides the query terms.
        public static let backgroundModel = SnippetFlags(rawValue: UInt32(CXAPIAN_SNIPPET_BACKGROUND_MODEL))
        /// Consider every passage rather than stopping at a good one.
        public static let exhaustive = SnippetFlags(rawValue: UInt32(CXAPIAN_SNIPPET_EXHAUSTIVE))
        /// Return "" when no query term occurs in the text.
        public static let emptyWithoutMatch = SnippetFlags(rawValue: UInt32(CXAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH))
        /// CJK text as n-grams.
        public static let cjkNgram = SnippetFlags(rawValue: UInt32(CXAPIAN_SNIPPET_CJK_NGRAM))
        /// Xapian's default: `.backgroundModel` and `.exhaustive`.
        public static let `default`: SnippetFlags = [.backgroundModel, .exhaustive]
    }

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        cxapian_mset_free(handle)
    }

    /// The number of hits in this page.
    public var count: Int {
        get throws(XapianError) {
            var size: UInt32 = 0
            try check { cxapian_mset_size(handle, &size, $0) }
            return Int(size)
        }
    }

    /// The rank of the first hit of this page.
    public var firstItem: Int {
        get throws(XapianError) {
            var first: UInt32 = 0
            try check { cxapian_mset_get_firstitem(handle, &first, $0) }
            return Int(first)
        }
    }

    /// Bounds on the number of matches; the three are equal when the count is exact.
    public func matches() throws(XapianError) -> (lowerBound: Int, estimated: Int, upperBound: Int) {
        var lower: UInt32 = 0
        var estimated: UInt32 = 0
        var upper: UInt32 = 0
        try check { cxapian_mset_get_matches(handle, &lower, &estimated, &upper, $0) }
        return (Int(lower), Int(estimated), Int(upper))
    }

    /// The best weight any document could have had.
    public var maxPossible: Double {
        get throws(XapianError) {
            var weight = 0.0
            try check { cxapian_mset_get_max_possible(handle, &weight, $0) }
            return weight
        }
    }

    /// The best weight of any hit.
    public var maxAttained: Double {
        get throws(XapianError) {
            var weight = 0.0
            try check { cxapian_mset_get_max_attained(handle, &weight, $0) }
            return weight
        }
    }

    /// The term frequency of `term` as this search saw it.
    public func termFrequency(_ term: String) throws(XapianError) -> Int {
        var count: UInt32 = 0
        try check { cxapian_mset_get_termfreq(handle, term, term.utf8.count, &count, $0) }
        return Int(count)
    }

    /// Hit `index` of this page. Throws `.range` outside `0 ..< count`.
    public func hit(_ index: Int) throws(XapianError) -> Hit {
        var hit = cxapian_hit_t()
        try check { cxapian_mset_get_hit(handle, UInt32(clamping: index), &hit, $0) }
        return Hit(
            documentID: hit.docid, rank: Int(hit.rank), weight: hit.weight, percent: Int(hit.percent),
            collapseCount: Int(hit.collapse_count))
    }

    /// Every hit of this page, in order.
    public func hits() throws(XapianError) -> [Hit] {
        var result: [Hit] = []
        let n = try count
        result.reserveCapacity(n)
        for index in 0..<n { result.append(try hit(index)) }
        return result
    }

    /// The document of hit `index`.
    public func document(_ index: Int) throws(XapianError) -> Document {
        Document(owning: try makeHandle { cxapian_mset_get_document(handle, UInt32(clamping: index), $0, $1) })
    }

    /// The collapse key of hit `index` ("" without a collapse key).
    public func collapseKey(_ index: Int) throws(XapianError) -> [UInt8] {
        try bytesResult { cxapian_mset_get_collapse_key(handle, UInt32(clamping: index), $0, $1, $2) }
    }

    /// Fetches every hit's document at once (worthwhile with remote shards).
    public func fetch() throws(XapianError) {
        try check { cxapian_mset_fetch(handle, $0) }
    }

    /// The passage of `text` that best matches the query, about `length`
    /// bytes long (a target, sometimes slightly exceeded).
    ///
    /// The text is HTML-escaped for `&`, `<` and `>` only (not quotes: never
    /// put a snippet in an attribute); query terms are wrapped in
    /// `highlight` markers and cut ends are marked with `omit`, both
    /// inserted as given. With empty markers and a short text, the text
    /// comes back unescaped.
    ///
    /// - Parameter stemmer: the query parser's stemmer, so that stemmed
    ///   matches are highlighted too.
    public func snippet(
        _ text: String, length: Int = 500, stemmer: Stem? = nil, flags: SnippetFlags = .default,
        highlight: (start: String, end: String) = ("<b>", "</b>"), omit: String = "..."
    ) throws(XapianError) -> String {
        try stringResult {
            cxapian_mset_snippet(
                handle, text, text.utf8.count, max(0, length), stemmer?.handle, flags.rawValue, highlight.start,
                highlight.end, omit, $0, $1, $2)
        }
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension MSet: @unchecked Sendable {}
