import CXapian

#if canImport(Glibc)
    import Glibc
#endif

/// One value of a facet and the number of matching documents that carry it.
public struct ValueCount: Sendable, Hashable {
    public let value: String
    public let count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// Watches the documents a search examines, to count facet values
/// (Xapian::MatchSpy). Register it with ``Enquire/add(_:)`` before
/// ``Enquire/mset(offset:limit:checkAtLeast:relevanceSet:)``.
///
/// A spy sees only the documents the matcher examines: for counts exact over
/// the whole match set, pass `checkAtLeast` equal to the document count.
/// Counts accumulate over every search the spy watches.
public class MatchSpy {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        cxapian_matchspy_free(handle)
    }

    /// The number of documents the spy has seen.
    public var total: Int {
        get throws(XapianError) {
            var count: UInt32 = 0
            try check { cxapian_matchspy_get_total(handle, &count, $0) }
            return Int(count)
        }
    }

    /// Every value seen with its count, sorted by value.
    public func values() throws(XapianError) -> [ValueCount] {
        try termList { cxapian_matchspy_values(handle, $0, $1) }.map {
            ValueCount(value: $0.term, count: $0.frequency)
        }
    }

    /// The `limit` most frequent values, most frequent first (ties by value).
    public func topValues(_ limit: Int) throws(XapianError) -> [ValueCount] {
        try termList { cxapian_matchspy_top_values(handle, UInt32(clamping: limit), $0, $1) }.map {
            ValueCount(value: $0.term, count: $0.frequency)
        }
    }

    /// Xapian's description of the spy.
    public func spyDescription() throws(XapianError) -> String {
        try stringResult { cxapian_matchspy_get_description(handle, $0, $1, $2) }
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension MatchSpy: @unchecked Sendable {}

/// Counts the documents of each value in one slot (Xapian::ValueCountMatchSpy):
/// for single-valued facets such as a category.
public final class ValueCountMatchSpy: MatchSpy {
    public init(slot: ValueSlot) throws(XapianError) {
        super.init(owning: try makeHandle { cxapian_matchspy_new_value_count(slot, $0, $1) })
    }
}

/// Counts multi-valued facets stored with ``Document/addValues(_:slot:)``:
/// a document counts once for each distinct value it carries (an article
/// about three countries counts once for each of them).
///
/// Counts are exact over several local shards. The stock `xapian-tcpsrv`
/// cannot run it (it only knows Xapian's own spies): over remote shards,
/// store the values in fixed slots and sum ``ValueCountMatchSpy`` counts.
public final class MultiValueCountMatchSpy: MatchSpy {
    public init(slot: ValueSlot) throws(XapianError) {
        super.init(owning: try makeHandle { cxapian_matchspy_new_multi_value_count(slot, $0, $1) })
    }
}

extension MultiValueCountMatchSpy {
    /// Counts the values stored with ``Document/addValues(_:slot:)`` in
    /// `slot` over every match of `query`, as the spy does, and the matches:
    /// on `databases[0]`, a local database. Given more handles and at least
    /// `parallelFrom` possible matches, the documents are split into as many
    /// stretches of ids, counted side by side, one thread on each handle:
    /// each must be a separate ``Database`` of the same database, used by
    /// nothing else meanwhile.
    ///
    /// A handle given facet column files (``Database/useFacetColumns(_:)``)
    /// whose columns match what it sees counts from them, unless
    /// `columns` is false; `fromColumns` is how many handles did.
    ///
    /// With `collecting`, `matchSet` is every match (see ``MatchSet``) when
    /// every handle sees one database at the same revision, else nil.
    public static func count(
        _ query: Query, slot: ValueSlot, databases: [Database], parallelFrom: Int = 20_000, columns: Bool = true,
        collecting: Bool = false
    ) throws(XapianError) -> (values: [ValueCount], matches: Int, fromColumns: Int, matchSet: MatchSet?) {
        var matches: UInt32 = 0
        var fromColumns: UInt32 = 0
        var set: OpaquePointer?
        let handles: [OpaquePointer?] = databases.map(\.handle)
        let values = try termList { out, error in
            var list = handles
            return list.withUnsafeMutableBufferPointer { buffer in
                withUnsafeMutablePointer(to: &set) { setOut in
                    cxapian_count_multi_values(
                        buffer.baseAddress, buffer.count, query.handle, slot, UInt32(clamping: parallelFrom),
                        columns ? 1 : 0, out, &matches, &fromColumns, collecting ? setOut : nil, error)
                }
            }
        }.map { ValueCount(value: $0.term, count: $0.frequency) }
        withExtendedLifetime(databases) {}
        withExtendedLifetime(query) {}
        return (values, Int(matches), Int(fromColumns), set.map(MatchSet.init(owning:)))
    }
}

extension Database {
    /// The number of matches of `query`, with at least `checkAtLeast` of
    /// them checked: exact when there are fewer, else `checkAtLeast` and not
    /// exact. On `databases[0]`, a local database; given more handles and at
    /// least `parallelFrom` possible matches, split into stretches of ids
    /// counted side by side, as
    /// ``MultiValueCountMatchSpy/count(_:slot:databases:parallelFrom:columns:)`` does.
    ///
    /// With `collecting`, `matchSet` is every match (see ``MatchSet``) when
    /// the count is exact, every match was checked, and every handle sees
    /// one database at the same revision; else nil.
    public static func matchCount(
        _ query: Query, databases: [Database], checkAtLeast: Int, parallelFrom: Int = 20_000,
        collecting: Bool = false
    ) throws(XapianError) -> (count: Int, exact: Bool, matchSet: MatchSet?) {
        var count: UInt32 = 0
        var exact: Int32 = 0
        var set: OpaquePointer?
        var handles: [OpaquePointer?] = databases.map(\.handle)
        try handles.withUnsafeMutableBufferPointer { buffer throws(XapianError) in
            try withUnsafeMutablePointer(to: &set) { setOut throws(XapianError) in
                try check {
                    cxapian_count_matches(
                        buffer.baseAddress, buffer.count, query.handle, UInt32(clamping: checkAtLeast),
                        UInt32(clamping: parallelFrom), &count, &exact, collecting ? setOut : nil, $0)
                }
            }
        }
        withExtendedLifetime(databases) {}
        withExtendedLifetime(query) {}
        return (Int(count), exact != 0, set.map(MatchSet.init(owning:)))
    }
}

extension Database {
    /// `query` and `counted` (a weightless form of it with the same phrases)
    /// with the phrases that not every match must contain (under OR, XOR or
    /// MAX) settled ahead: each matched once on `databases[0]`, weightless,
    /// and turned into the AND of its parts (which Xapian weighs as the
    /// phrase) filtered by the documents found, so that no later pass reads
    /// their positions. Split between the handles as
    /// ``matchCount(_:databases:checkAtLeast:parallelFrom:collecting:)`` splits.
    /// A phrase is matched only where every match of the whole must be:
    /// within `within` (the filter the caller applies to both queries) and
    /// within the other subqueries of each AND or FILTER above it.
    /// Nil when there is no such phrase, or when the handles are not one
    /// database at one revision. The queries hold for that revision only,
    /// and within `within` only.
    public static func settlingPhrases(
        _ query: Query, counted: Query?, databases: [Database], within: Query? = nil, parallelFrom: Int = 20_000
    ) throws(XapianError) -> (query: Query, counted: Query?)? {
        var out: OpaquePointer?
        var outCounted: OpaquePointer?
        var handles: [OpaquePointer?] = databases.map(\.handle)
        try handles.withUnsafeMutableBufferPointer { buffer throws(XapianError) in
            try check {
                cxapian_query_settle_phrases(
                    buffer.baseAddress, buffer.count, query.handle, counted?.handle, within?.handle,
                    UInt32(clamping: parallelFrom), &out, &outCounted, $0)
            }
        }
        withExtendedLifetime(databases) {}
        withExtendedLifetime(query) {}
        withExtendedLifetime(counted) {}
        withExtendedLifetime(within) {}
        guard let out else { return nil }
        return (Query(owning: out), outCounted.map(Query.init(owning:)))
    }
}

/// A facet count running on a thread of its own
/// (``MultiValueCountMatchSpy/startCount(_:slot:databases:parallelFrom:columns:)``).
public final class PendingValueCount {
    private var job: OpaquePointer?
    private let databases: [Database]

    init(job: OpaquePointer, databases: [Database]) {
        self.job = job
        self.databases = databases
    }

    /// Waits for the count: as ``MultiValueCountMatchSpy/count(_:slot:databases:parallelFrom:columns:collecting:)``
    /// on the same handles, without a match set. Once only.
    public func finish() throws(XapianError) -> (values: [ValueCount], matches: Int, fromColumns: Int) {
        guard let running = job else {
            throw XapianError(code: .invalidOperation, type: "InvalidOperationError", message: "count already finished")
        }
        job = nil
        var matches: UInt32 = 0
        var fromColumns: UInt32 = 0
        let values = try termList { out, error in
            cxapian_count_multi_values_finish(running, out, &matches, &fromColumns, error)
        }.map { ValueCount(value: $0.term, count: $0.frequency) }
        withExtendedLifetime(databases) {}
        return (values, Int(matches), Int(fromColumns))
    }

    deinit {
        // Never left running on a handle that may be freed.
        if let running = job { cxapian_count_multi_values_finish(running, nil, nil, nil, nil) }
    }
}

extension MultiValueCountMatchSpy {
    /// Starts what ``count(_:slot:databases:parallelFrom:columns:collecting:)``
    /// counts (without a match set) over `databases`, handles of one local
    /// database, on a thread of its own that splits the count as that does,
    /// so that another handle can rank meanwhile. Use nothing else on
    /// `databases` until ``PendingValueCount/finish()``.
    public static func startCount(
        _ query: Query, slot: ValueSlot, databases: [Database], parallelFrom: Int = 20_000, columns: Bool = true
    ) throws(XapianError) -> PendingValueCount {
        var job: OpaquePointer?
        var handles: [OpaquePointer?] = databases.map(\.handle)
        try check { error in
            handles.withUnsafeMutableBufferPointer { buffer in
                cxapian_count_multi_values_start(
                    buffer.baseAddress, buffer.count, query.handle, slot, UInt32(clamping: parallelFrom),
                    columns ? 1 : 0, &job, error)
            }
        }
        withExtendedLifetime(query) {}
        return PendingValueCount(job: job!, databases: databases)
    }
}

/// Every match of a query on one database handle, from a weightless count
/// pass (``MultiValueCountMatchSpy/count(_:slot:databases:parallelFrom:columns:collecting:)``,
/// ``Database/matchCount(_:databases:checkAtLeast:parallelFrom:collecting:)``),
/// so that ranking the same query on that handle need not check its phrases again.
public final class MatchSet {
    let handle: OpaquePointer

    init(owning handle: OpaquePointer) { self.handle = handle }
    deinit { cxapian_matchset_free(handle) }

    /// How many documents the set holds.
    public var count: Int { Int(cxapian_matchset_size(handle)) }

    /// A query that ranks as `query` (the query this set was counted for, on
    /// the same handle) and matches exactly the set: each phrase every match
    /// must contain becomes the AND of its parts, which Xapian weights as it
    /// weights the phrase, and no position is read. Nil when `query` has no
    /// such phrase.
    public func restricting(_ query: Query) throws(XapianError) -> Query? {
        var out: OpaquePointer?
        try check { cxapian_matchset_restrict(handle, query.handle, &out, $0) }
        withExtendedLifetime(query) {}
        return out.map(Query.init(owning:))
    }
}

/// The facet column of a glass database: the values packed in one slot
/// (``Document/addValues(_:slot:)``) as small integer codes per document, in
/// a file `dossier-facets` inside the database's directory. It is a cache:
/// made at one revision, used only by handles at exactly that revision,
/// else the slot is read as before.
public enum FacetColumn {
    /// The file name inside a database's directory.
    public static let fileName = "dossier-facets"

    /// Writes the column of `slot` for the glass database at `path`, at its
    /// latest committed revision; returns how many distinct values it holds.
    @discardableResult
    public static func write(database path: String, slot: ValueSlot) throws(XapianError) -> Int {
        var values: UInt32 = 0
        try check { cxapian_facet_column_write(path, path.utf8.count, slot, &values, $0) }
        return Int(values)
    }
}

extension Database {
    /// Names the facet column file of each database this handle reads
    /// (`files[i]` for the i-th shard of its stub, in order), for
    /// ``MultiValueCountMatchSpy/count(_:slot:databases:parallelFrom:columns:)``.
    public func useFacetColumns(_ files: [String]) throws(XapianError) {
        var pointers = files.map { strdup($0) }
        defer { for pointer in pointers { free(pointer) } }
        try pointers.withUnsafeMutableBufferPointer { buffer throws(XapianError) in
            try buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { constant throws(XapianError) in
                try check { cxapian_database_set_facet_columns(handle, constant.baseAddress, constant.count, $0) }
            }
        }
    }
}

extension Query {
    /// Whether the query has a phrase that every match must contain: one
    /// that ``MatchSet/restricting(_:)`` would spare the ranking from checking again.
    public var hasRequiredPhrase: Bool {
        get throws(XapianError) {
            var result: Int32 = 0
            try check { cxapian_query_has_required_phrase(handle, &result, $0) }
            withExtendedLifetime(self) {}
            return result != 0
        }
    }
}
