import CXapian

/// A document: stored data, values in numbered slots, and terms.
///
/// A document read from a database (``Database/document(_:)``, an ``MSet``
/// hit) keeps that database's contents alive. Not thread-safe.
public final class Document {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    /// A new, empty document.
    public init() throws(XapianError) {
        handle = try makeHandle { cxapian_document_new($0, $1) }
    }

    deinit {
        cxapian_document_free(handle)
    }

    /// The id of the document in the database it was read from (0 for a new one).
    public var documentID: DocumentID {
        get throws(XapianError) {
            var id: UInt32 = 0
            try check { cxapian_document_get_docid(handle, &id, $0) }
            return id
        }
    }

    // MARK: - Data

    /// The stored data (opaque bytes, returned with each hit).
    public func data() throws(XapianError) -> [UInt8] {
        try bytesResult { cxapian_document_get_data(handle, $0, $1, $2) }
    }

    /// The stored data as UTF-8 text.
    public func dataString() throws(XapianError) -> String {
        try stringResult { cxapian_document_get_data(handle, $0, $1, $2) }
    }

    public func setData(_ data: [UInt8]) throws(XapianError) {
        try withBytes(data) { (pointer, count) throws(XapianError) in
            try check { cxapian_document_set_data(handle, pointer, count, $0) }
        }
    }

    public func setData(_ data: String) throws(XapianError) {
        try check { cxapian_document_set_data(handle, data, data.utf8.count, $0) }
    }

    // MARK: - Values

    /// The value in `slot` ([] if none).
    public func value(_ slot: ValueSlot) throws(XapianError) -> [UInt8] {
        try bytesResult { cxapian_document_get_value(handle, slot, $0, $1, $2) }
    }

    /// The value in `slot` as UTF-8 text ("" if none).
    public func stringValue(_ slot: ValueSlot) throws(XapianError) -> String {
        try stringResult { cxapian_document_get_value(handle, slot, $0, $1, $2) }
    }

    /// Sets the value in `slot` (replacing any).
    public func addValue(_ value: [UInt8], slot: ValueSlot) throws(XapianError) {
        try withBytes(value) { (pointer, count) throws(XapianError) in
            try check { cxapian_document_add_value(handle, slot, pointer, count, $0) }
        }
    }

    public func addValue(_ value: String, slot: ValueSlot) throws(XapianError) {
        try check { cxapian_document_add_value(handle, slot, value, value.utf8.count, $0) }
    }

    /// Stores several strings in one slot, for ``MultiValueCountMatchSpy``.
    /// An empty list removes the value.
    public func addValues(_ values: [String], slot: ValueSlot) throws(XapianError) {
        // All strings in one buffer; each pointer is an offset into it.
        var joined: [CChar] = []
        var lengths: [Int] = []
        for value in values {
            joined.append(contentsOf: value.utf8.map { CChar(bitPattern: $0) })
            lengths.append(value.utf8.count)
        }
        try check { error in
            joined.withUnsafeBufferPointer { buffer in
                var offset = 0
                let pointers: [UnsafePointer<CChar>?] = lengths.map { length in
                    defer { offset += length }
                    return buffer.baseAddress.map { $0 + offset }
                }
                return pointers.withUnsafeBufferPointer { p in
                    lengths.withUnsafeBufferPointer { l in
                        cxapian_document_add_value_list(handle, slot, p.baseAddress, l.baseAddress, p.count, error)
                    }
                }
            }
        }
    }

    /// The strings stored in `slot` by ``addValues(_:slot:)``.
    /// Throws `.serialisation` if the slot holds something else.
    public func values(_ slot: ValueSlot) throws(XapianError) -> [String] {
        try unpackValueList(value(slot))
    }

    public func removeValue(_ slot: ValueSlot) throws(XapianError) {
        try check { cxapian_document_remove_value(handle, slot, $0) }
    }

    public func clearValues() throws(XapianError) {
        try check { cxapian_document_clear_values(handle, $0) }
    }

    /// The number of slots holding a value.
    public var valueCount: Int {
        get throws(XapianError) {
            var count: UInt32 = 0
            try check { cxapian_document_values_count(handle, &count, $0) }
            return Int(count)
        }
    }

    // MARK: - Terms

    /// Adds `term` with no position, raising its within-document frequency by `wdfIncrement`.
    public func add(term: String, wdfIncrement: Int = 1) throws(XapianError) {
        try check { cxapian_document_add_term(handle, term, term.utf8.count, UInt32(wdfIncrement), $0) }
    }

    /// Adds an occurrence of `term` at `position`.
    public func add(posting term: String, position: Int, wdfIncrement: Int = 1) throws(XapianError) {
        try check {
            cxapian_document_add_posting(handle, term, term.utf8.count, UInt32(position), UInt32(wdfIncrement), $0)
        }
    }

    /// Adds a filter term: within-document frequency 0, so it never changes weights.
    public func add(booleanTerm term: String) throws(XapianError) {
        try check { cxapian_document_add_boolean_term(handle, term, term.utf8.count, $0) }
    }

    /// Adds the word pairs of the text indexed so far (see ``WordPairs``):
    /// for every two adjacent positions of unprefixed terms, neither of them
    /// a word `pairs` skips, the term prefix + first word + " " + second
    /// word, with wdf 0 (so no weight and no document length changes).
    /// Returns how many distinct pairs were added.
    @discardableResult
    public func addWordPairs(_ pairs: WordPairs) throws(XapianError) -> Int {
        var count: UInt32 = 0
        try check { cxapian_document_add_word_pairs(handle, pairs.handle, &count, $0) }
        withExtendedLifetime(pairs) {}
        return Int(count)
    }

    /// Removes `term`. Throws `.invalidArgument` if the document lacks it.
    public func remove(term: String) throws(XapianError) {
        try check { cxapian_document_remove_term(handle, term, term.utf8.count, $0) }
    }

    public func clearTerms() throws(XapianError) {
        try check { cxapian_document_clear_terms(handle, $0) }
    }

    /// The number of distinct terms.
    public var termCount: Int {
        get throws(XapianError) {
            var count: UInt32 = 0
            try check { cxapian_document_termlist_count(handle, &count, $0) }
            return Int(count)
        }
    }

    /// The document's terms, sorted; `frequency` is the within-document frequency.
    public func terms() throws(XapianError) -> [TermListItem] {
        try termList { cxapian_document_termlist(handle, $0, $1) }
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension Document: @unchecked Sendable {}

// MARK: - Value helpers

/// Unpacks a value written by ``Document/addValues(_:slot:)``.
public func unpackValueList(_ packed: [UInt8]) throws(XapianError) -> [String] {
    try withBytes(packed) { (pointer, count) throws(XapianError) in
        try termList { cxapian_value_list_unpack(pointer, count, $0, $1) }.map(\.term)
    }
}

/// Encodes a number so that byte order is numeric order (Xapian's
/// `sortable_serialise`), for sorting and ``QueryParser/addNumberRange(slot:prefix:flags:)``.
public func sortableSerialise(_ value: Double) throws(XapianError) -> [UInt8] {
    try bytesResult { cxapian_sortable_serialise(value, $0, $1, $2) }
}

/// Decodes a value encoded by ``sortableSerialise(_:)``.
public func sortableUnserialise(_ value: [UInt8]) throws(XapianError) -> Double {
    var result = 0.0
    try withBytes(value) { (pointer, count) throws(XapianError) in
        try check { cxapian_sortable_unserialise(pointer, count, &result, $0) }
    }
    return result
}

/// The version of the Xapian library in use, such as "1.4.22".
public var xapianVersion: String { String(cString: cxapian_version_string()) }
