import CXapian

/// Parses query strings written by people into a ``Query`` (Xapian::QueryParser).
public final class QueryParser {
    let handle: OpaquePointer
    // Xapian keeps plain pointers to these: keep them alive here.
    private var stopper: Stopper?
    private var database: Database?

    /// Which syntax the parser accepts (Xapian's `QueryParser::FLAG_*`).
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// AND, OR, NOT, XOR and brackets.
        public static let boolean = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_BOOLEAN))
        /// "quoted phrases" and hyphenated-words as phrases.
        public static let phrase = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_PHRASE))
        /// +required and -excluded words.
        public static let loveHate = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_LOVEHATE))
        /// and/or/not in lower case are operators too.
        public static let booleanAnyCase = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_BOOLEAN_ANY_CASE))
        /// Trailing `*` wildcards (needs ``setDatabase(_:)``).
        public static let wildcard = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_WILDCARD))
        /// A query of only NOT terms is allowed.
        public static let pureNot = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_PURE_NOT))
        /// The last word is a prefix (search as you type).
        public static let partial = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_PARTIAL))
        /// Suggest spelling corrections (see ``correctedQueryString()``).
        public static let spellingCorrection = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_SPELLING_CORRECTION))
        /// `~word` expands to its synonyms.
        public static let synonym = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_SYNONYM))
        /// Every word expands to its synonyms.
        public static let autoSynonyms = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_AUTO_SYNONYMS))
        /// Runs of words expand to their multi-word synonyms.
        public static let autoMultiwordSynonyms = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_AUTO_MULTIWORD_SYNONYMS))
        /// CJK text as n-grams.
        public static let cjkNgram = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_CJK_NGRAM))
        /// Accumulate weights of repeated terms (Xapian 1.4.x: accepted, may be a no-op).
        public static let accumulate = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_ACCUMULATE))
        /// Phrases become AND queries (for databases without positions).
        public static let noPositions = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_NO_POSITIONS))
        /// Xapian's default: `.phrase`, `.boolean`, `.loveHate`.
        public static let `default` = Flags(rawValue: UInt32(CXAPIAN_QP_FLAG_DEFAULT))
    }

    /// Flags for the range processors.
    public struct RangeFlags: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// The string is a suffix (`5..10kg`), not a prefix.
        public static let suffix = RangeFlags(rawValue: UInt32(CXAPIAN_RP_SUFFIX))
        /// The prefix or suffix may appear on both ends.
        public static let repeated = RangeFlags(rawValue: UInt32(CXAPIAN_RP_REPEATED))
        /// Read ambiguous dates as month/day/year.
        public static let preferMDY = RangeFlags(rawValue: UInt32(CXAPIAN_RP_DATE_PREFER_MDY))
    }

    public init() throws(XapianError) {
        handle = try makeHandle { cxapian_queryparser_new($0, $1) }
    }

    deinit {
        cxapian_queryparser_free(handle)
    }

    /// The stemmer; use the one the documents were indexed with.
    public func setStemmer(_ stemmer: Stem) throws(XapianError) {
        try check { cxapian_queryparser_set_stemmer(handle, stemmer.handle, $0) }
    }

    public func setStemmingStrategy(_ strategy: StemmingStrategy) throws(XapianError) {
        try check { cxapian_queryparser_set_stemming_strategy(handle, strategy.rawValue, $0) }
    }

    /// Sets (or with `nil` removes) the stop word list; kept alive by the parser.
    public func setStopper(_ stopper: Stopper?) throws(XapianError) {
        try check { cxapian_queryparser_set_stopper(handle, stopper?.handle, $0) }
        self.stopper = stopper
    }

    /// How words with no operator between them combine: `.or` (Xapian's
    /// default) or `.and`; also `.near`, `.phrase`, `.eliteSet`, `.synonym`, `.max`.
    ///
    /// - Throws: `.invalidArgument` for another operator.
    public func setDefaultOperator(_ op: Query.Operator) throws(XapianError) {
        try check { cxapian_queryparser_set_default_op(handle, op.rawValue, $0) }
    }

    /// The database used for wildcards, spelling correction and synonyms;
    /// kept alive by the parser.
    public func setDatabase(_ database: Database) throws(XapianError) {
        try check { cxapian_queryparser_set_database(handle, database.handle, $0) }
        self.database = database
    }

    /// Bounds how many terms a wildcard or partial word may expand to.
    public func setMaxExpansion(
        _ maxExpansion: Int, limit: Query.WildcardLimit = .error, flags: Flags = [.wildcard, .partial]
    ) throws(XapianError) {
        try check {
            cxapian_queryparser_set_max_expansion(handle, UInt32(maxExpansion), limit.rawValue, flags.rawValue, $0)
        }
    }

    /// `field:words` searches text indexed with `prefix`. Calling it again for
    /// the same field adds a prefix: the field then searches both.
    public func addPrefix(field: String, prefix: String) throws(XapianError) {
        try check { cxapian_queryparser_add_prefix(handle, field, field.utf8.count, prefix, prefix.utf8.count, $0) }
    }

    /// `field:value` filters on the term `prefix` + value, adding no weight.
    ///
    /// Values of fields in the same `grouping` are ORed, groups are ANDed; by
    /// default each field is its own group.
    /// Note Xapian's rule: when the value starts with a capital letter, a `:`
    /// goes between prefix and value (`XC:ML`, but `XCml`): index the same way.
    public func addBooleanPrefix(field: String, prefix: String, grouping: String? = nil) throws(XapianError) {
        if let grouping {
            try check {
                cxapian_queryparser_add_boolean_prefix(
                    handle, field, field.utf8.count, prefix, prefix.utf8.count, grouping, grouping.utf8.count, $0)
            }
        } else {
            try check {
                cxapian_queryparser_add_boolean_prefix(
                    handle, field, field.utf8.count, prefix, prefix.utf8.count, nil, 0, $0)
            }
        }
    }

    /// Date ranges (`prefix2022-01-01..2022-01-31`, open-ended too) on `slot`,
    /// which must hold 8-digit `YYYYMMDD` values.
    ///
    /// - Parameter epochYear: two-digit years below it are in the next century.
    public func addDateRange(slot: ValueSlot, prefix: String = "", flags: RangeFlags = [], epochYear: Int = 1970)
        throws(XapianError)
    {
        try check {
            cxapian_queryparser_add_date_range(
                handle, slot, prefix, prefix.utf8.count, flags.rawValue, Int32(epochYear), $0)
        }
    }

    /// Number ranges (`prefix10..20`) on `slot`, which must hold values from
    /// ``sortableSerialise(_:)``.
    public func addNumberRange(slot: ValueSlot, prefix: String = "", flags: RangeFlags = []) throws(XapianError) {
        try check {
            cxapian_queryparser_add_number_range(handle, slot, prefix, prefix.utf8.count, flags.rawValue, $0)
        }
    }

    /// String ranges (`prefixa..f`) on `slot`, compared byte by byte.
    public func addStringRange(slot: ValueSlot, prefix: String = "", flags: RangeFlags = []) throws(XapianError) {
        try check {
            cxapian_queryparser_add_string_range(handle, slot, prefix, prefix.utf8.count, flags.rawValue, $0)
        }
    }

    /// Parses `text`.
    ///
    /// - Parameter defaultPrefix: the prefix for words with no field.
    /// - Throws: `.queryParser` with Xapian's message for a malformed query
    ///   (a dangling `AND`, a range `a..b` no range processor accepts, ...).
    public func parse(_ text: String, flags: Flags = .default, defaultPrefix: String = "") throws(XapianError) -> Query
    {
        Query(
            owning: try makeHandle {
                cxapian_queryparser_parse_query(
                    handle, text, text.utf8.count, flags.rawValue, defaultPrefix, defaultPrefix.utf8.count, $0, $1)
            })
    }

    /// After a parse with `.spellingCorrection`: the query with misspelled
    /// words corrected, or `nil` when nothing was corrected. Search it by
    /// parsing it again.
    public func correctedQueryString() throws(XapianError) -> String? {
        let corrected = try stringResult { cxapian_queryparser_get_corrected_query_string(handle, $0, $1, $2) }
        return corrected.isEmpty ? nil : corrected
    }

    /// After a parse: the words left out as stop words.
    public func stoppedWords() throws(XapianError) -> [String] {
        try termList { cxapian_queryparser_stoplist(handle, $0, $1) }.map(\.term)
    }

    /// After a parse: the words of the query that produced `term`.
    public func unstem(_ term: String) throws(XapianError) -> [String] {
        try termList { cxapian_queryparser_unstem(handle, term, term.utf8.count, $0, $1) }.map(\.term)
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension QueryParser: @unchecked Sendable {}
