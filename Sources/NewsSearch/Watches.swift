import Foundation
import NewsModel
import Xapian

#if canImport(Glibc)
    import Glibc
#endif

/// A saved search that reports what is new: the articles matching its query
/// and filters that arrived in the index (``Schema/Slot/arrived``) since it
/// was last seen. Nothing per article is stored with it: what arrived when is
/// in the index, so a watch's new articles are exact after any ingest,
/// rebuild, delete or restart, through the command line and the service alike.
public struct Watch: Codable, Sendable, Equatable {
    /// Letters, digits, `-`, `_` and `.` (not first); 1 to 64 of them (it goes in URLs).
    public var name: String
    public var query: String
    /// Filter values by field name (``Schema/filterFields``).
    public var values: [String: [String]]
    public var from: String?
    public var to: String?
    /// When it was saved.
    public var created: String
    /// The latest arrival stamp in the index when it was last seen
    /// (``Searcher/latestArrival``): articles stamped after it are new.
    ///
    /// Not the time it was seen: a write stamps its articles when it takes
    /// the index, and they appear when it commits, perhaps after a look at
    /// the watch; but its stamp is later than every stamp committed before
    /// it, so they are new to a watch last seen before they appeared.
    public var seen: String
    /// ``seen`` when it was saved: its feed lists what arrived after it.
    public var start: String

    /// A watch of `query` and `filters` to which what arrives after the
    /// stamp `seen` is new.
    public init(name: String, query: String, filters: SearchFilters = SearchFilters(), seen: String) {
        self.name = name
        self.query = query
        values = filters.values
        from = filters.from
        to = filters.to
        created = Schema.arrivalStamp()
        self.seen = seen
        start = seen
    }

    /// The lowest stamp of an article arrived after the stamp `stamp` (stamps
    /// all have the same length, so the next string up is below every later one).
    public static func after(_ stamp: String) -> String {
        stamp.isEmpty ? "0000-00-00" : stamp + "\u{1}"
    }

    /// The watch's filters, with articles arrived since `since`.
    public func filters(arrivedSince since: String?) -> SearchFilters {
        var filters = SearchFilters(values: values, from: from, to: to)
        filters.arrivedSince = since
        return filters
    }

    /// What it searches, in words: `"coup", country Mali or Niger, from 2024`.
    public var summary: String {
        var parts = [query.isEmpty ? "every article" : "\u{201C}\(query)\u{201D}"]
        for (field, values) in values.sorted(by: { $0.key < $1.key }) {
            parts.append("\(field) \(values.joined(separator: " or "))")
        }
        if let from { parts.append("from \(from)") }
        if let to { parts.append("to \(to)") }
        return parts.joined(separator: ", ")
    }

    /// Why `name` cannot name a watch, or nil.
    public static func problem(name: String) -> String? {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || "-_.".utf8.contains(byte)
        }
        guard allowed, (1...64).contains(name.utf8.count), !name.hasPrefix(".") else {
            return "a watch's name is 1 to 64 letters, digits, '-', '_' or '.', not first (not \"\(name)\")"
        }
        return nil
    }
}

/// Why a change to the watches was refused.
public enum WatchError: Error, Sendable, CustomStringConvertible, Equatable {
    case badName(String)
    case exists(String)
    case unknown(String)
    case io(String)

    public var description: String {
        switch self {
        case .badName(let name): Watch.problem(name: name) ?? "bad name \(name)"
        case .exists(let name): "there is already a watch called \(name) (remove it first)"
        case .unknown(let name): "no watch called \(name)"
        case .io(let message): message
        }
    }
}

/// The watches of an index: `INDEX/watches.json`, beside the index's
/// generations, so that they survive rebuilds (which replace generations,
/// never the folder) and restarts. Every change is made under an exclusive
/// lock (`watches.lock`), written to a new file, synced and renamed over the
/// old one: readers see the old list or the new, whole.
public struct WatchStore: Sendable {
    public let path: String
    var lockPath: String { (path as NSString).deletingLastPathComponent + "/watches.lock" }

    /// The watches of the index at `index`.
    public init(index: String) {
        path = URL(fileURLWithPath: index).standardizedFileURL.path + "/watches.json"
    }

    /// Every watch, by name.
    public func list() throws(WatchError) -> [Watch] {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw .io("cannot read \(path)") }
            return []
        }
        do {
            return try JSONDecoder().decode([Watch].self, from: data)
        } catch {
            throw .io("cannot read \(path): \(error)")
        }
    }

    /// The watch called `name`.
    public func watch(_ name: String) throws(WatchError) -> Watch {
        guard let found = try list().first(where: { $0.name == name }) else { throw .unknown(name) }
        return found
    }

    /// Saves `watch`; a watch of the same name is refused.
    public func add(_ watch: Watch) throws(WatchError) {
        if Watch.problem(name: watch.name) != nil { throw .badName(watch.name) }
        try change { watches throws(WatchError) in
            if watches.contains(where: { $0.name == watch.name }) { throw .exists(watch.name) }
            watches.append(watch)
            watches.sort { $0.name < $1.name }
        }
    }

    /// Removes the watch called `name`.
    public func remove(_ name: String) throws(WatchError) {
        try change { watches throws(WatchError) in
            guard let index = watches.firstIndex(where: { $0.name == name }) else { throw .unknown(name) }
            watches.remove(at: index)
        }
    }

    /// Marks what arrived up to the stamp `stamp` as seen by the watch called `name`.
    @discardableResult
    public func markSeen(_ name: String, at stamp: String) throws(WatchError) -> Watch {
        try change { watches throws(WatchError) in
            guard let index = watches.firstIndex(where: { $0.name == name }) else { throw .unknown(name) }
            watches[index].seen = max(watches[index].seen, stamp)
            return watches[index]
        }
    }

    /// Reads, changes and writes the list under the lock.
    private func change<T>(_ body: (inout [Watch]) throws(WatchError) -> T) throws(WatchError) -> T {
        let folder = (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: folder) else { throw .io("no index at \(folder)") }
        let lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard lock >= 0 else { throw .io("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .io("cannot lock \(lockPath): \(String(cString: strerror(errno)))") }
        }
        defer { flock(lock, LOCK_UN) }
        var watches = try list()
        let result = try body(&watches)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let temporary = path + ".new"
        do {
            let data = try encoder.encode(watches)
            guard FileManager.default.createFile(atPath: temporary, contents: data) else {
                throw WatchError.io("cannot write \(temporary)")
            }
            let fd = open(temporary, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
            guard rename(temporary, path) == 0 else {
                throw WatchError.io("cannot replace \(path): \(String(cString: strerror(errno)))")
            }
            let directory = open(folder, O_RDONLY | O_CLOEXEC)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        } catch let error as WatchError {
            unlink(temporary)
            throw error
        } catch {
            unlink(temporary)
            throw .io("cannot write \(path): \(error)")
        }
        return result
    }
}

extension Searcher {
    /// The latest arrival stamp in the index (empty: none): what a watch
    /// seen now has seen.
    public var latestArrival: String {
        get throws(SearchError) {
            try mappingErrors(path: path) { try database.valueBounds(slot: Schema.Slot.arrived)?.upperBound ?? "" }
        }
    }

    /// The articles of `watch` that arrived at or after `since` (nil: since
    /// it was last seen), newest arrival first; a page of them, and their
    /// exact count (up to ``SearchRequest/exactTotal``). No spelling
    /// correction, and near-identical articles are listed apart.
    public func new(
        for watch: Watch, since: String? = nil, limit: Int = SearchRequest.Defaults.limit, offset: Int = 0,
        snippets: Bool = true
    ) throws(SearchError) -> SearchResults {
        var request = SearchRequest(
            query: watch.query, filters: watch.filters(arrivedSince: since ?? Watch.after(watch.seen)), sort: .arrived,
            limit: limit, offset: offset, collapse: false, snippets: snippets)
        request.corrects = false
        return try search(request)
    }

    /// The watches of `store` that gained articles in a write whose new
    /// articles are stamped `stamp` (``IndexReport``'s stamp): how many each
    /// gained, and how many it now has unseen. A watch that cannot be
    /// searched any more is left out.
    public func gains(_ store: WatchStore, since stamp: String) -> [WatchGain] {
        guard let watches = try? store.list() else { return [] }
        var gains: [WatchGain] = []
        for watch in watches {
            guard
                let gained = try? new(
                    for: watch, since: max(stamp, Watch.after(watch.seen)), limit: 0, snippets: false),
                gained.total > 0
            else { continue }
            let unseen = (try? new(for: watch, limit: 0, snippets: false).total) ?? gained.total
            gains.append(WatchGain(name: watch.name, new: gained.total, unseen: unseen))
        }
        return gains
    }

    /// Checks that `watch`'s query and filters can be searched (an unknown
    /// country, a malformed query or date throw here, before it is saved).
    public func check(_ watch: Watch) throws(SearchError) {
        _ = try new(for: watch, limit: 0, snippets: false)
    }
}

/// A watch and its count of new articles: an entry of `GET /api/watches`
/// and of `dossier watch list --json`.
public struct WatchSummary: Encodable, Sendable {
    public let name: String
    public let query: String
    /// Filter values by field name.
    public let filters: [String: [String]]
    public let from: String?
    public let to: String?
    public let created: String
    public let seen: String
    /// How many articles arrived since it was last seen (exact up to ``SearchRequest/exactTotal``).
    public let new: Int

    private enum CodingKeys: String, CodingKey {
        case name, query, filters, from, to, created, seen, new
    }

    /// Every key, `from` and `to` as null when not set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(query, forKey: .query)
        try container.encode(filters, forKey: .filters)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(created, forKey: .created)
        try container.encode(seen, forKey: .seen)
        try container.encode(new, forKey: .new)
    }

    public init(_ watch: Watch, new: Int) {
        name = watch.name
        query = watch.query
        filters = watch.values
        from = watch.from
        to = watch.to
        created = watch.created
        seen = watch.seen
        self.new = new
    }
}

/// What a write brought a watch (``Searcher/gains(_:since:)``).
public struct WatchGain: Encodable, Sendable, Equatable {
    public let name: String
    /// Articles that arrived with the write and match the watch.
    public let new: Int
    /// Articles the watch has that were not seen yet, these included.
    public let unseen: Int

    /// `watch NAME: 3 new articles (5 unseen; dossier watch show NAME)`.
    public var line: String {
        "watch \(name): \(new) new article\(new == 1 ? "" : "s") (\(unseen) unseen; dossier watch show \(name))"
    }
}
