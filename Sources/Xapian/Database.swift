import CXapian

/// A document's identifier within a database (Xapian::docid); never 0.
public typealias DocumentID = UInt32
/// A value slot number (Xapian::valueno).
public typealias ValueSlot = UInt32

/// A Xapian database opened for reading: one database, a stub file, several
/// shards searched as one, or a database served by `xapian-tcpsrv`.
///
/// Like every Xapian object, a `Database` is not thread-safe: it is not
/// `Sendable`, and must be used by one task or thread at a time. For
/// concurrent searches, give each task its own `Database` (opening one costs
/// tens of microseconds) and share only the path.
public class Database {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        cxapian_database_free(handle)
    }

    /// Opens the database at `path` (a database folder or a stub database file) read-only.
    ///
    /// - Throws: `.databaseNotFound` when there is none, `.databaseOpening`,
    ///   `.databaseVersion` or `.databaseCorrupt` when it cannot be read.
    public convenience init(path: String) throws(XapianError) {
        self.init(owning: try makeHandle { cxapian_database_open(path, 0, $0, $1) })
    }

    /// Searches several databases (shards) as one. Document ids are
    /// interleaved: id `(shardID - 1) * count + shardIndex + 1`.
    public convenience init(shards: [Database]) throws(XapianError) {
        self.init(owning: try makeHandle { cxapian_database_new_empty($0, $1) })
        for shard in shards { try add(shard) }
    }

    /// Opens a database served by `xapian-tcpsrv` at `host:port`.
    ///
    /// - Parameters:
    ///   - timeout: seconds to wait for a reply (default: Xapian's 10).
    ///   - connectTimeout: seconds to wait for the connection (default: Xapian's 10).
    /// - Throws: `.network` or `.networkTimeout`.
    public static func remote(host: String, port: Int, timeout: Double = 10, connectTimeout: Double = 10)
        throws(XapianError) -> Database
    {
        guard (1...65535).contains(port) else {
            throw XapianError(code: .invalidArgument, type: "CXapian", message: "port \(port) is out of range")
        }
        return Database(
            owning: try makeHandle {
                cxapian_database_open_remote(
                    host, UInt32(port), UInt32(max(1, timeout * 1000)), UInt32(max(1, connectTimeout * 1000)), $0, $1)
            })
    }

    /// Adds the shards of `shard` to this database, to be searched together.
    public func add(_ shard: Database) throws(XapianError) {
        try check { cxapian_database_add_database(handle, shard.handle, $0) }
    }

    /// Moves to the latest committed revision.
    ///
    /// - Returns: whether the revision changed.
    /// Note that a stub file is not re-read: after a stub is switched to
    /// another database, open a new `Database`.
    @discardableResult
    public func reopen() throws(XapianError) -> Bool {
        var changed: Int32 = 0
        try check { cxapian_database_reopen(handle, &changed, $0) }
        return changed != 0
    }

    /// Closes the database; any later use throws `.databaseClosed`.
    public func close() throws(XapianError) {
        try check { cxapian_database_close(handle, $0) }
    }

    // MARK: - Statistics

    /// The number of documents.
    public var documentCount: Int {
        get throws(XapianError) {
            var count: UInt32 = 0
            try check { cxapian_database_get_doccount(handle, &count, $0) }
            return Int(count)
        }
    }

    /// The highest document id used so far (0 if none).
    public var lastDocumentID: DocumentID {
        get throws(XapianError) {
            var id: UInt32 = 0
            try check { cxapian_database_get_lastdocid(handle, &id, $0) }
            return id
        }
    }

    /// The average document length, in terms.
    public var averageLength: Double {
        get throws(XapianError) {
            var length = 0.0
            try check { cxapian_database_get_avlength(handle, &length, $0) }
            return length
        }
    }

    /// Whether any document has positional information (for phrase searches).
    public var hasPositions: Bool {
        get throws(XapianError) {
            var result: Int32 = 0
            try check { cxapian_database_has_positions(handle, &result, $0) }
            return result != 0
        }
    }

    /// The database's UUID ("" for several shards).
    public var uuid: String {
        get throws(XapianError) { try stringResult { cxapian_database_get_uuid(handle, $0, $1, $2) } }
    }

    /// The length of document `id`, in terms. Throws `.documentNotFound`.
    public func documentLength(_ id: DocumentID) throws(XapianError) -> Int {
        var length: UInt32 = 0
        try check { cxapian_database_get_doclength(handle, id, &length, $0) }
        return Int(length)
    }

    /// The number of documents indexed by `term`.
    public func termFrequency(_ term: String) throws(XapianError) -> Int {
        var count: UInt32 = 0
        try check { cxapian_database_get_termfreq(handle, term, term.utf8.count, &count, $0) }
        return Int(count)
    }

    /// The first document holding `term` (nil: none), such as the one
    /// document with a unique id term.
    public func firstDocument(withTerm term: String) throws(XapianError) -> DocumentID? {
        var id: UInt32 = 0
        try check { cxapian_database_first_posting(handle, term, term.utf8.count, &id, $0) }
        return id == 0 ? nil : id
    }

    /// The number of occurrences of `term` across all documents.
    public func collectionFrequency(_ term: String) throws(XapianError) -> Int {
        var count: UInt32 = 0
        try check { cxapian_database_get_collection_freq(handle, term, term.utf8.count, &count, $0) }
        return Int(count)
    }

    /// The number of documents with a value in `slot`.
    public func valueFrequency(slot: ValueSlot) throws(XapianError) -> Int {
        var count: UInt32 = 0
        try check { cxapian_database_get_value_freq(handle, slot, &count, $0) }
        return Int(count)
    }

    /// Bounds on the values in `slot`: every value lies within them, but
    /// deleting documents does not tighten them. Nil when no document has one.
    public func valueBounds(slot: ValueSlot) throws(XapianError) -> ClosedRange<String>? {
        let lower = try stringResult { cxapian_database_get_value_bound(handle, slot, 0, $0, $1, $2) }
        let upper = try stringResult { cxapian_database_get_value_bound(handle, slot, 1, $0, $1, $2) }
        guard !upper.isEmpty, lower <= upper else { return nil }
        return lower...upper
    }

    // MARK: - Metadata, terms, spelling

    /// User metadata stored under `key` ("" if none).
    public func metadata(forKey key: String) throws(XapianError) -> String {
        try stringResult { cxapian_database_get_metadata(handle, key, key.utf8.count, $0, $1, $2) }
    }

    /// The metadata keys that start with `prefix`, sorted.
    public func metadataKeys(prefix: String = "") throws(XapianError) -> [String] {
        try termList { cxapian_database_metadata_keys(handle, prefix, prefix.utf8.count, $0, $1) }.map(\.term)
    }

    /// Every term that starts with `prefix`, sorted; `frequency` is the term frequency.
    public func allTerms(prefix: String = "") throws(XapianError) -> [TermListItem] {
        try termList { cxapian_database_allterms(handle, prefix, prefix.utf8.count, $0, $1) }
    }

    /// The synonyms stored for `term`.
    public func synonyms(of term: String) throws(XapianError) -> [String] {
        try termList { cxapian_database_synonyms(handle, term, term.utf8.count, $0, $1) }.map(\.term)
    }

    /// Every word of the spelling data with its frequency, in word order.
    public func spellings() throws(XapianError) -> [TermListItem] {
        try termList { cxapian_database_spellings(handle, $0, $1) }
    }

    /// The indexed spelling closest to `word`, or `nil` when there is none
    /// within `maxEditDistance` edits.
    public func spellingSuggestion(for word: String, maxEditDistance: Int = 2) throws(XapianError) -> String? {
        let suggestion = try stringResult {
            cxapian_database_get_spelling_suggestion(handle, word, word.utf8.count, UInt32(maxEditDistance), $0, $1, $2)
        }
        return suggestion.isEmpty ? nil : suggestion
    }

    /// Reads document `id`. Throws `.documentNotFound`.
    public func document(_ id: DocumentID) throws(XapianError) -> Document {
        Document(owning: try makeHandle { cxapian_database_get_document(handle, id, $0, $1) })
    }

    // MARK: - Compaction

    /// How `compact(to:options:)` writes its output.
    public struct CompactOptions: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Fill blocks completely (smaller, slower to update).
        public static let full = CompactOptions(rawValue: UInt32(CXAPIAN_COMPACT_FULL))
        /// Even fuller blocks (for a database that will not be updated).
        public static let fuller = CompactOptions(rawValue: UInt32(CXAPIAN_COMPACT_FULLER))
        /// Keep document ids as they are (shards must not overlap).
        public static let noRenumber = CompactOptions(rawValue: UInt32(CXAPIAN_COMPACT_NO_RENUMBER))
        /// Merge in several passes (faster with many shards).
        public static let multipass = CompactOptions(rawValue: UInt32(CXAPIAN_COMPACT_MULTIPASS))
        /// Write one file rather than a folder.
        public static let singleFile = CompactOptions(rawValue: UInt32(CXAPIAN_COMPACT_SINGLE_FILE))
    }

    /// Writes a compacted copy of this database (every shard merged into
    /// one) to `path`: a new folder, or an existing stub file, which is then
    /// switched to the new database atomically.
    public func compact(to path: String, options: CompactOptions = []) throws(XapianError) {
        try check { cxapian_database_compact(handle, path, options.rawValue, $0) }
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe: open one per task")
extension Database: @unchecked Sendable {}
