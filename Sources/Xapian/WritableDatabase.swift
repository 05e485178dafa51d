import CXapian

/// A Xapian database opened for writing. Every reading method of
/// ``Database`` works on it too.
///
/// Only one `WritableDatabase` can be open on a path at a time, across all
/// processes: a second one throws `.databaseLocked`.
///
/// Changes become visible to readers at ``commit()`` (or at the end of a
/// transaction). Xapian also commits by itself every `XAPIAN_FLUSH_THRESHOLD`
/// changes (10,000 by default), and when the object is destroyed (swallowing
/// any error then): call ``commit()`` or ``close()`` explicitly.
public final class WritableDatabase: Database {
    /// What to do when opening.
    public enum Action: Sendable {
        /// Create a new database; fail if one exists.
        case create
        /// Open an existing database; fail if there is none.
        case open
        /// Open the database, creating it if there is none.
        case createOrOpen
        /// Create a new database, replacing any that exists.
        case createOrOverwrite

        var flag: Int32 {
            switch self {
            case .create: Int32(CXAPIAN_DB_CREATE)
            case .open: Int32(CXAPIAN_DB_OPEN)
            case .createOrOpen: Int32(CXAPIAN_DB_CREATE_OR_OPEN)
            case .createOrOverwrite: Int32(CXAPIAN_DB_CREATE_OR_OVERWRITE)
            }
        }
    }

    /// Options for opening (Xapian's `DB_*` flags).
    public struct Options: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Don't fsync on commit (faster; a crash may lose the last commits).
        public static let noSync = Options(rawValue: Int32(CXAPIAN_DB_NO_SYNC))
        /// Use the strongest fsync available.
        public static let fullSync = Options(rawValue: Int32(CXAPIAN_DB_FULL_SYNC))
        /// Update in place (faster; readers may see errors while writing).
        public static let dangerous = Options(rawValue: Int32(CXAPIAN_DB_DANGEROUS))
        /// Don't store term lists (smaller; no replace or delete of modified documents' terms).
        public static let noTermList = Options(rawValue: Int32(CXAPIAN_DB_NO_TERMLIST))
        /// Wait for the write lock rather than fail.
        public static let retryLock = Options(rawValue: Int32(CXAPIAN_DB_RETRY_LOCK))
        /// An in-memory database (the path is ignored).
        public static let inMemory = Options(rawValue: Int32(CXAPIAN_DB_BACKEND_INMEMORY))
    }

    /// Opens the database at `path` for writing.
    ///
    /// - Throws: `.databaseLocked` when another writer holds it,
    ///   `.databaseCreate` when it cannot be created, `.databaseNotFound`
    ///   for `.open` with no database, `.databaseOpening`.
    public init(path: String, action: Action = .createOrOpen, options: Options = []) throws(XapianError) {
        super.init(
            owning: try makeHandle { cxapian_writable_database_open(path, action.flag | options.rawValue, $0, $1) })
    }

    /// A new in-memory writable database (for tests).
    public static func inMemory() throws(XapianError) -> WritableDatabase {
        try WritableDatabase(path: "", action: .createOrOverwrite, options: .inMemory)
    }

    // MARK: - Documents

    /// Adds `document`, returning its new id.
    @discardableResult
    public func add(_ document: Document) throws(XapianError) -> DocumentID {
        var id: UInt32 = 0
        try check { cxapian_database_add_document(handle, document.handle, &id, $0) }
        return id
    }

    /// Replaces document `id` with `document` (adding it under that id if absent).
    public func replace(_ id: DocumentID, with document: Document) throws(XapianError) {
        try check { cxapian_database_replace_document(handle, id, document.handle, $0) }
    }

    /// Replaces the documents indexed by `uniqueTerm` with `document`, or adds
    /// it if there are none.
    ///
    /// Xapian does not add `uniqueTerm` to `document`: add it yourself, or the
    /// next replace will not find this document and a duplicate appears.
    /// - Returns: the document's id.
    @discardableResult
    public func replace(uniqueTerm: String, with document: Document) throws(XapianError) -> DocumentID {
        var id: UInt32 = 0
        try check {
            cxapian_database_replace_document_by_term(
                handle, uniqueTerm, uniqueTerm.utf8.count, document.handle, &id, $0)
        }
        return id
    }

    /// Deletes document `id`. Throws `.documentNotFound` if there is none.
    public func delete(_ id: DocumentID) throws(XapianError) {
        try check { cxapian_database_delete_document(handle, id, $0) }
    }

    /// Deletes every document indexed by `uniqueTerm` (none is not an error).
    public func delete(uniqueTerm: String) throws(XapianError) {
        try check { cxapian_database_delete_document_by_term(handle, uniqueTerm, uniqueTerm.utf8.count, $0) }
    }

    // MARK: - Commits and transactions

    /// Makes every change so far durable and visible to readers.
    public func commit() throws(XapianError) {
        try check { cxapian_database_commit(handle, $0) }
    }

    /// Starts a transaction: its changes become visible together at
    /// ``commitTransaction()``, or are dropped by ``cancelTransaction()``.
    ///
    /// - Parameter flushed: commit pending changes first, and make the
    ///   transaction's commit durable (Xapian's default).
    public func beginTransaction(flushed: Bool = true) throws(XapianError) {
        try check { cxapian_database_begin_transaction(handle, flushed ? 1 : 0, $0) }
    }

    public func commitTransaction() throws(XapianError) {
        try check { cxapian_database_commit_transaction(handle, $0) }
    }

    public func cancelTransaction() throws(XapianError) {
        try check { cxapian_database_cancel_transaction(handle, $0) }
    }

    /// Runs `body` in a transaction: commits it if `body` returns, cancels it
    /// if `body` throws (and rethrows).
    public func transaction<T>(flushed: Bool = true, _ body: () throws -> T) throws -> T {
        try beginTransaction(flushed: flushed)
        let result: T
        do {
            result = try body()
        } catch {
            try? cancelTransaction()
            throw error
        }
        try commitTransaction()
        return result
    }

    // MARK: - Metadata, spelling and synonyms

    /// Stores `value` under `key` (an empty value removes the key).
    public func setMetadata(_ value: String, forKey key: String) throws(XapianError) {
        try check { cxapian_database_set_metadata(handle, key, key.utf8.count, value, value.utf8.count, $0) }
    }

    /// Adds `word` to the spelling dictionary (or raises its frequency).
    public func addSpelling(_ word: String, frequencyIncrement: Int = 1) throws(XapianError) {
        try check { cxapian_database_add_spelling(handle, word, word.utf8.count, UInt32(frequencyIncrement), $0) }
    }

    /// Lowers the frequency of `word` in the spelling dictionary.
    public func removeSpelling(_ word: String, frequencyDecrement: Int = 1) throws(XapianError) {
        try check {
            cxapian_database_remove_spelling(handle, word, word.utf8.count, UInt32(frequencyDecrement), $0)
        }
    }

    /// Records `synonym` as a synonym of `term` (used by the query parser with `.synonym` flags).
    public func addSynonym(_ synonym: String, for term: String) throws(XapianError) {
        try check {
            cxapian_database_add_synonym(handle, term, term.utf8.count, synonym, synonym.utf8.count, $0)
        }
    }

    public func removeSynonym(_ synonym: String, for term: String) throws(XapianError) {
        try check {
            cxapian_database_remove_synonym(handle, term, term.utf8.count, synonym, synonym.utf8.count, $0)
        }
    }

    /// Removes every synonym of `term`.
    public func clearSynonyms(for term: String) throws(XapianError) {
        try check { cxapian_database_clear_synonyms(handle, term, term.utf8.count, $0) }
    }
}
