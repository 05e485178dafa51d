import CXapian

/// Turns free text into terms of a ``Document`` (Xapian::TermGenerator).
///
/// Note that Xapian lowercases but does not fold accents: "Kaboré" and
/// "Kabore" are different terms unless the text is folded before indexing
/// (and the query before parsing) in the same way.
public final class TermGenerator {
    let handle: OpaquePointer
    // Xapian keeps a plain pointer to the stopper: keep it alive here.
    private var stopper: Stopper?

    /// What else the generator records (Xapian's `TermGenerator::flags`).
    public struct Flags: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Record words in the database's spelling dictionary (needs ``setDatabase(_:)``).
        public static let spelling = Flags(rawValue: Int32(CXAPIAN_TG_FLAG_SPELLING))
        /// Index CJK text as n-grams.
        public static let cjkNgram = Flags(rawValue: Int32(CXAPIAN_TG_FLAG_CJK_NGRAM))
    }

    /// Which stop words are left out.
    public enum StopperStrategy: Int32, Sendable {
        /// Index stop words too.
        case none = 0
        /// Leave stop words out entirely.
        case all = 1
        /// Index stop words unstemmed, but add no stem for them.
        case stemmed = 2
    }

    public init() throws(XapianError) {
        handle = try makeHandle { cxapian_termgenerator_new($0, $1) }
    }

    deinit {
        cxapian_termgenerator_free(handle)
    }

    public func setStemmer(_ stemmer: Stem) throws(XapianError) {
        try check { cxapian_termgenerator_set_stemmer(handle, stemmer.handle, $0) }
    }

    public func setStemmingStrategy(_ strategy: StemmingStrategy) throws(XapianError) {
        try check { cxapian_termgenerator_set_stemming_strategy(handle, strategy.rawValue, $0) }
    }

    /// Sets (or with `nil` removes) the stop word list; kept alive by the generator.
    public func setStopper(_ stopper: Stopper?) throws(XapianError) {
        try check { cxapian_termgenerator_set_stopper(handle, stopper?.handle, $0) }
        self.stopper = stopper
    }

    public func setStopperStrategy(_ strategy: StopperStrategy) throws(XapianError) {
        try check { cxapian_termgenerator_set_stopper_strategy(handle, strategy.rawValue, $0) }
    }

    public func setFlags(_ flags: Flags) throws(XapianError) {
        try check { cxapian_termgenerator_set_flags(handle, flags.rawValue, $0) }
    }

    /// The database that receives spelling data (with ``Flags/spelling``).
    public func setDatabase(_ database: WritableDatabase) throws(XapianError) {
        try check { cxapian_termgenerator_set_database(handle, database.handle, $0) }
    }

    /// Words longer than `length` bytes are skipped (Xapian's default: 64).
    public func setMaxWordLength(_ length: Int) throws(XapianError) {
        try check { cxapian_termgenerator_set_max_word_length(handle, UInt32(length), $0) }
    }

    /// The document that receives the terms; resets the term position to 0.
    public func setDocument(_ document: Document) throws(XapianError) {
        try check { cxapian_termgenerator_set_document(handle, document.handle, $0) }
    }

    /// Indexes `text` with positions (for phrase search).
    ///
    /// - Parameters:
    ///   - weight: added to each term's within-document frequency per
    ///     occurrence; a title indexed with weight 5 outranks the body.
    ///   - prefix: put before each term, to make the text searchable as a field.
    public func indexText(_ text: String, weight: Int = 1, prefix: String = "") throws(XapianError) {
        try check {
            cxapian_termgenerator_index_text(
                handle, text, text.utf8.count, UInt32(weight), prefix, prefix.utf8.count, $0)
        }
    }

    /// Indexes `text` with no positions (smaller; no phrase search on it).
    public func indexTextWithoutPositions(_ text: String, weight: Int = 1, prefix: String = "") throws(XapianError) {
        try check {
            cxapian_termgenerator_index_text_without_positions(
                handle, text, text.utf8.count, UInt32(weight), prefix, prefix.utf8.count, $0)
        }
    }

    /// Leaves a gap of `delta` positions, so that phrases do not match across
    /// two pieces of text (a title and a body, two paragraphs).
    public func increaseTermPosition(by delta: Int = 100) throws(XapianError) {
        try check { cxapian_termgenerator_increase_termpos(handle, UInt32(delta), $0) }
    }

    /// The current term position.
    public func termPosition() throws(XapianError) -> Int {
        var position: UInt32 = 0
        try check { cxapian_termgenerator_get_termpos(handle, &position, $0) }
        return Int(position)
    }

    public func setTermPosition(_ position: Int) throws(XapianError) {
        try check { cxapian_termgenerator_set_termpos(handle, UInt32(position), $0) }
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension TermGenerator: @unchecked Sendable {}
