import CXapian

/// An error reported by Xapian (or by the C shim around it), carried across
/// the C boundary.
///
/// Match on ``code``; ``type`` is Xapian's class name, for logs.
public struct XapianError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What kind of failure this is: one code per Xapian error class that a
    /// caller may act on.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        init(_ status: cxapian_status_t) { rawValue = status.rawValue }

        /// `DatabaseNotFoundError`: no database at the path.
        public static let databaseNotFound = Code(CXAPIAN_DATABASE_NOT_FOUND)
        /// `DatabaseOpeningError`: the database could not be opened.
        public static let databaseOpening = Code(CXAPIAN_DATABASE_OPENING)
        /// `DatabaseLockError`: another writer holds the database.
        public static let databaseLocked = Code(CXAPIAN_DATABASE_LOCKED)
        /// `DatabaseCorruptError`.
        public static let databaseCorrupt = Code(CXAPIAN_DATABASE_CORRUPT)
        /// `DatabaseModifiedError`: the revision being read was discarded; reopen and retry.
        public static let databaseModified = Code(CXAPIAN_DATABASE_MODIFIED)
        /// `DatabaseVersionError`: a format this Xapian cannot read.
        public static let databaseVersion = Code(CXAPIAN_DATABASE_VERSION)
        /// `QueryParserError`: a malformed query string.
        public static let queryParser = Code(CXAPIAN_QUERY_PARSER)
        /// `InvalidArgumentError`.
        public static let invalidArgument = Code(CXAPIAN_INVALID_ARGUMENT)
        /// `RangeError`: an index out of range.
        public static let range = Code(CXAPIAN_RANGE)
        /// `NetworkError`: a remote database failed.
        public static let network = Code(CXAPIAN_NETWORK)
        /// `NetworkTimeoutError`: a remote database timed out.
        public static let networkTimeout = Code(CXAPIAN_NETWORK_TIMEOUT)
        /// `FeatureUnavailableError`: not supported by this build or backend.
        public static let featureUnavailable = Code(CXAPIAN_FEATURE_UNAVAILABLE)
        /// `DatabaseCreateError`: the database could not be created.
        public static let databaseCreate = Code(CXAPIAN_DATABASE_CREATE)
        /// `DatabaseClosedError`: the database was closed.
        public static let databaseClosed = Code(CXAPIAN_DATABASE_CLOSED)
        /// Another `DatabaseError`.
        public static let database = Code(CXAPIAN_DATABASE)
        /// `DocNotFoundError`: no document with that id.
        public static let documentNotFound = Code(CXAPIAN_DOC_NOT_FOUND)
        /// `InvalidOperationError`: not allowed in the object's state.
        public static let invalidOperation = Code(CXAPIAN_INVALID_OPERATION)
        /// `UnimplementedError`.
        public static let unimplemented = Code(CXAPIAN_UNIMPLEMENTED)
        /// `WildcardError`: a wildcard expanded past its limit.
        public static let wildcard = Code(CXAPIAN_WILDCARD)
        /// `SerialisationError`.
        public static let serialisation = Code(CXAPIAN_SERIALISATION)
        /// `InternalError` or `AssertionError`: a bug in Xapian.
        public static let `internal` = Code(CXAPIAN_INTERNAL)
        /// A Xapian error class this binding does not know.
        public static let xapian = Code(CXAPIAN_XAPIAN)
        /// `std::bad_alloc`.
        public static let outOfMemory = Code(CXAPIAN_OUT_OF_MEMORY)
        /// Any other C++ exception.
        public static let unknown = Code(CXAPIAN_UNKNOWN)

        /// Every code, for tests and documentation.
        public static let all: [Code] = [
            .databaseNotFound, .databaseOpening, .databaseLocked, .databaseCorrupt, .databaseModified,
            .databaseVersion, .queryParser, .invalidArgument, .range, .network, .networkTimeout,
            .featureUnavailable, .databaseCreate, .databaseClosed, .database, .documentNotFound,
            .invalidOperation, .unimplemented, .wildcard, .serialisation, .internal, .xapian, .outOfMemory,
            .unknown,
        ]

        public var description: String {
            let names: [Code: String] = [
                .databaseNotFound: "databaseNotFound", .databaseOpening: "databaseOpening",
                .databaseLocked: "databaseLocked", .databaseCorrupt: "databaseCorrupt",
                .databaseModified: "databaseModified", .databaseVersion: "databaseVersion",
                .queryParser: "queryParser", .invalidArgument: "invalidArgument", .range: "range",
                .network: "network", .networkTimeout: "networkTimeout", .featureUnavailable: "featureUnavailable",
                .databaseCreate: "databaseCreate", .databaseClosed: "databaseClosed", .database: "database",
                .documentNotFound: "documentNotFound", .invalidOperation: "invalidOperation",
                .unimplemented: "unimplemented", .wildcard: "wildcard", .serialisation: "serialisation",
                .internal: "internal", .xapian: "xapian", .outOfMemory: "outOfMemory", .unknown: "unknown",
            ]
            return names[self] ?? "code \(rawValue)"
        }
    }

    /// The kind of failure.
    public let code: Code
    /// Xapian's class name, such as `"DatabaseLockError"`.
    public let type: String
    /// Xapian's message.
    public let message: String
    /// Xapian's context and system error text, often empty.
    public let context: String

    public init(code: Code, type: String, message: String, context: String = "") {
        self.code = code
        self.type = type
        self.message = message
        self.context = context
    }

    public var description: String {
        context.isEmpty ? "\(type): \(message)" : "\(type): \(message) (\(context))"
    }
}

extension XapianError {
    /// Takes ownership of a C error (which may be NULL) and frees it.
    init(status: cxapian_status_t, error: UnsafeMutablePointer<cxapian_error_t>?) {
        defer { cxapian_error_free(error) }
        guard let error else {
            self.init(code: Code(status), type: "unknown", message: "no details (status \(status.rawValue))")
            return
        }
        self.init(
            code: Code(status),
            type: String(cString: error.pointee.type),
            message: String(cString: error.pointee.message),
            context: String(cString: error.pointee.context)
        )
    }
}

// MARK: - Calling the shim

typealias ErrorOut = UnsafeMutablePointer<UnsafeMutablePointer<cxapian_error_t>?>

/// Runs one shim call; a failure status becomes a `XapianError` and the C
/// error is freed.
@inline(__always)
func check(_ call: (ErrorOut) -> cxapian_status_t) throws(XapianError) {
    var error: UnsafeMutablePointer<cxapian_error_t>?
    let status = call(&error)
    if status != CXAPIAN_OK { throw XapianError(status: status, error: error) }
}

/// Runs a shim call that hands out a handle.
@inline(__always)
func makeHandle(_ call: (UnsafeMutablePointer<OpaquePointer?>, ErrorOut) -> cxapian_status_t) throws(XapianError)
    -> OpaquePointer
{
    var handle: OpaquePointer?
    try check { call(&handle, $0) }
    guard let handle else {
        throw XapianError(code: .unknown, type: "CXapian", message: "shim returned no handle")
    }
    return handle
}

/// Runs a shim call that returns a malloc'd byte string, and frees it.
@inline(__always)
func bytesResult(
    _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>, ErrorOut) ->
        cxapian_status_t
) throws(XapianError) -> [UInt8] {
    var pointer: UnsafeMutablePointer<CChar>?
    var length = 0
    try check { call(&pointer, &length, $0) }
    defer { cxapian_string_free(pointer) }
    guard let pointer, length > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: length))
}

/// Runs a shim call that returns a malloc'd UTF-8 string, and frees it.
/// Invalid UTF-8 is repaired with U+FFFD.
@inline(__always)
func stringResult(
    _ call: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>, ErrorOut) ->
        cxapian_status_t
) throws(XapianError) -> String {
    var pointer: UnsafeMutablePointer<CChar>?
    var length = 0
    try check { call(&pointer, &length, $0) }
    defer { cxapian_string_free(pointer) }
    guard let pointer, length > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
}

/// Passes `bytes` to C as a (pointer, length) pair.
@inline(__always)
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>?, Int) throws(XapianError) -> R)
    throws(XapianError) -> R
{
    let result: Result<R, XapianError> = bytes.withUnsafeBufferPointer { buffer in
        let pointer = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
        do throws(XapianError) {
            return .success(try body(pointer, buffer.count))
        } catch {
            return .failure(error)
        }
    }
    return try result.get()
}

/// One item of a term list. What ``frequency`` counts depends on the list:
/// each method that returns one says.
public struct TermListItem: Sendable, Hashable {
    public let term: String
    public let frequency: Int

    public init(term: String, frequency: Int) {
        self.term = term
        self.frequency = frequency
    }
}

/// Runs a shim call that hands out a term iterator, and drains it.
func termList(_ call: (UnsafeMutablePointer<OpaquePointer?>, ErrorOut) -> cxapian_status_t) throws(XapianError)
    -> [TermListItem]
{
    let iterator = try makeHandle(call)
    defer { cxapian_termiterator_free(iterator) }
    var items: [TermListItem] = []
    while true {
        var hasItem: Int32 = 0
        var frequency: UInt32 = 0
        let term = try stringResult { out, length, error in
            cxapian_termiterator_next(iterator, &hasItem, out, length, &frequency, error)
        }
        if hasItem == 0 { return items }
        items.append(TermListItem(term: term, frequency: Int(frequency)))
    }
}
