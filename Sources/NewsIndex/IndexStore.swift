import Foundation
import NewsModel
import Xapian

#if canImport(Glibc)
    import Glibc
#endif

/// Where an index lives and how it is built.
public struct IndexConfiguration: Sendable {
    /// The index folder: searchers open this path.
    public var path: String
    /// Shards built at once by a full rebuild.
    public var jobs: Int
    /// Keep the shards as one sharded index instead of compacting them into one database.
    public var keepShards: Bool
    /// Seconds to wait after switching to a new index before removing the old
    /// one, so that searches that opened it just before can finish.
    public var grace: Double
    /// Documents each shard writer of a full rebuild adds between commits.
    /// Xapian keeps changed documents in memory until a commit (it commits by
    /// itself every 10,000 by default); sharing that budget between the
    /// shards keeps the memory of a rebuild from growing with ``jobs``.
    public var flushThreshold: Int
    /// Write the time each phase of a rebuild took to standard error (for benchmarks).
    public var reportsTimings: Bool
    /// A rebuild of an index whose shards are served (`shards/K` stubs)
    /// keeps that many shards, whatever ``jobs`` and ``keepShards`` say.
    /// False when the shards were chosen (`dossier index --shards N`).
    public var keepsServedShards = true
    /// A test hook, internal and set only by tests: each shard writer of a
    /// rebuild calls it before adding a document, with the shard's number
    /// and how many documents it has added so far. What it throws fails that
    /// shard part-way, as a Xapian error would, through the same path.
    var shardFault: (@Sendable (_ shard: Int, _ written: Int) throws -> Void)?

    /// A configuration; `flushThreshold` nil shares Xapian's default budget
    /// between the shards: `max(1000, 10_000 / jobs)`.
    public init(
        path: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, keepShards: Bool = false,
        grace: Double = 1, flushThreshold: Int? = nil, reportsTimings: Bool = false
    ) {
        self.reportsTimings = reportsTimings
        self.path = path
        self.jobs = max(1, jobs)
        self.keepShards = keepShards
        self.grace = grace
        self.flushThreshold = max(1, flushThreshold ?? IndexConfiguration.flushThreshold(jobs: self.jobs))
    }

    /// The flush budget of each of `jobs` shard writers when none is given.
    public static func flushThreshold(jobs: Int) -> Int { max(1000, 10_000 / max(1, jobs)) }
}

/// Why an index could not be written.
public enum IndexError: Error, Sendable, CustomStringConvertible {
    /// Another process is writing the index.
    case locked(path: String, holder: String)
    /// The index was built by another schema version.
    case incompatible(path: String, found: String)
    /// The index names remote shards: it is written where they are.
    case remote(path: String, shards: [String])
    /// A file-system operation failed.
    case io(String)
    /// Xapian failed otherwise.
    case engine(XapianError)

    /// Another writer holds the index: try again later.
    public var isLocked: Bool {
        if case .locked = self { return true }
        return false
    }

    /// A full rebuild (`dossier index`, or the service's) holds the index.
    /// It reads the corpus's journal last, under the journal's lock, before
    /// it switches: an article appended to the journal before this was seen
    /// will be in the index it makes.
    public var isLockedByRebuild: Bool {
        guard case .locked(_, let holder) = self else { return false }
        return holder.contains("(\(IndexBuilder.lockPurpose))")
    }

    /// The index is a client of shard servers, read-only here.
    public var isRemote: Bool {
        if case .remote = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .remote(let path, let shards):
            "the index at \(path) names remote shards (\(shards.joined(separator: ", "))); "
                + "write on the host that holds them and serves them"
        case .locked(let path, let holder):
            "the index at \(path) is being written by \(holder); try again when it has finished"
        case .incompatible(let path, let found):
            "the index at \(path) has schema version \(found), this dossier writes \(Schema.version); "
                + "rebuild it with `dossier index`"
        case .io(let message):
            message
        case .engine(let error):
            "index failed: \(error)"
        }
    }

    /// Wraps any error thrown while writing.
    static func wrap(_ error: any Error, path: String) -> IndexError {
        switch error {
        case let error as IndexError: error
        case let error as XapianError where error.code == .databaseLocked:
            // Xapian's own words say which lock, and why when it is not simply held.
            .locked(path: path, holder: "another process (Xapian: \(error.message))")
        case let error as XapianError: .engine(error)
        default: .io("\(error)")
        }
    }
}

/// The layout of an index folder:
///
/// - `XAPIANDB`: a Xapian stub file naming the live database (or its shards),
///   relative to the folder; readers open the folder and Xapian follows it.
/// - `gen-<time>-<pid>/`: one generation of the index (a glass database, or a
///   folder of `shard-<k>` databases). A rebuild writes a new generation
///   beside the live one and switches the stub to it with `rename`, which is
///   atomic: a reader sees the old index or the new, never half of one.
/// - `write.lock`: held by the one process writing (see ``WriterLock``).
struct IndexStore {
    let path: String
    var stub: String { path + "/XAPIANDB" }

    /// The live databases, as paths relative to the folder (empty: no index yet).
    func live() -> [String] {
        (try? IndexStub.read(folder: path))?.localPaths ?? []
    }

    /// Refuses to write a folder whose stub names remote shards (a client of
    /// shard servers: write on the host that holds the shards) or cannot be read.
    func checkWritable() throws(IndexError) {
        let stub: IndexStub?
        do {
            stub = try IndexStub.read(folder: path)
        } catch {
            throw .io("cannot read the index at \(path): \(error)")
        }
        if let stub, stub.hasRemote {
            throw .remote(path: path, shards: stub.entries.map(\.description))
        }
    }

    /// Whether the folder holds a database of the old layout (no stub).
    var isLegacy: Bool { FileManager.default.fileExists(atPath: path + "/iamglass") }

    /// A fresh generation name.
    func newGeneration() -> String {
        let stamp = String(format: "%.0f", Date().timeIntervalSince1970 * 1000)
        return "gen-\(stamp)-\(getpid())"
    }

    /// Writes the facet column of each of `databases` (paths relative to
    /// the folder) at its latest revision, so that searches count facets from
    /// it (``FacetColumn``). A column is a cache: one that cannot be written
    /// leaves searches counting from the value slot, as they do meanwhile.
    func writeFacetColumns(_ databases: [String]) {
        for database in databases {
            _ = try? FacetColumn.write(database: path + "/" + database, slot: Schema.Slot.facets)
        }
    }

    /// Points the stub at `databases` (relative paths), atomically.
    func switchTo(_ databases: [String]) throws {
        try IndexStore.write(IndexStub(entries: databases.map { .local($0) }), to: stub)
        // Each shard of a sharded index also gets a stub file of its own,
        // `shards/<k>`, switched with it: a shard server (`xapian-tcpsrv
        // DIR/shards/0`) opens it anew for each connection, so that it
        // serves the new shard after a rebuild.
        let shards = path + "/shards"
        if databases.count > 1 {
            try? FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
            for (index, database) in databases.enumerated() {
                try IndexStore.write(IndexStub(entries: [.local("../" + database)]), to: shards + "/\(index)")
            }
        }
        // Stubs of shards the index no longer has (fewer shards, or one database).
        for name in (try? FileManager.default.contentsOfDirectory(atPath: shards)) ?? [] {
            if let index = Int(name), index < databases.count, databases.count > 1 { continue }
            unlink(shards + "/" + name)
        }
        if databases.count <= 1 { rmdir(shards) }
    }

    /// Writes `stub` to `file` atomically: a temporary file, synced, renamed over it.
    static func write(_ stub: IndexStub, to file: String) throws(IndexError) {
        let temporary = file + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexError.io("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(stub.text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
        guard written == bytes.count, rename(temporary, file) == 0 else {
            unlink(temporary)
            throw IndexError.io("cannot switch \(file): \(String(cString: strerror(errno)))")
        }
    }

    /// How many shard stubs `shards/K` the index has (nil: none, one database).
    func servedShards() -> Int? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path + "/shards")) ?? []
        let count = names.filter { Int($0) != nil }.count
        return count > 0 ? count : nil
    }

    /// Removes every generation folder the stub does not name, and the files
    /// of an old-layout database.
    func sweep() {
        let keep = Set(live().map { $0.split(separator: "/").first.map(String.init) ?? $0 })
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: path)) ?? []
        where name.hasPrefix("gen-") && !keep.contains(name) {
            try? manager.removeItem(atPath: path + "/" + name)
        }
        if !live().isEmpty {
            for name in ["iamglass", "flintlock"]
                + ["docdata", "position", "postlist", "spelling", "synonym", "termlist"].map({ $0 + ".glass" })
            {
                try? manager.removeItem(atPath: path + "/" + name)
            }
        }
    }

    /// Total size in bytes of the live databases.
    func size() -> Int64 {
        let manager = FileManager.default
        var total: Int64 = 0
        for database in live() {
            let root = path + "/" + database
            guard let enumerator = manager.enumerator(atPath: root) else { continue }
            for case let file as String in enumerator {
                let attributes = try? manager.attributesOfItem(atPath: root + "/" + file)
                if attributes?[.type] as? FileAttributeType == .typeRegular {
                    total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
                }
            }
        }
        return total
    }
}

/// One writer at a time: an exclusive `flock` on `write.lock` in the index
/// folder, held until ``release()`` (or the end of the writer's life), with the holder's process id and
/// purpose written in the file so that others can name it.
final class WriterLock {
    /// The open lock file; -1 once released.
    private var fd: Int32
    /// The lock file's descriptor (-1 once released), for tests.
    var descriptor: Int32 { fd }

    init(folder: String, purpose: String) throws(IndexError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(folder): \(error.localizedDescription)")
        }
        let file = folder + "/write.lock"
        // Held in a local until locked: a throwing init still runs deinit,
        // which must not truncate and close a number that is no longer ours.
        // Close-on-exec: a child process that inherited the descriptor would
        // hold the lock after this writer released it, as long as it runs.
        let fd = open(file, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("cannot open \(file): \(String(cString: strerror(errno)))") }
        var locked = flock(fd, LOCK_EX | LOCK_NB) == 0
        // A signal (a child process ending) can interrupt even a non-blocking call.
        while !locked && errno == EINTR { locked = flock(fd, LOCK_EX | LOCK_NB) == 0 }
        if !locked && errno != EWOULDBLOCK {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .io("cannot lock \(file): \(reason)")
        }
        guard locked else {
            let holder = (try? String(contentsOfFile: file, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw .locked(path: folder, holder: holder.map { $0.isEmpty ? "another process" : $0 } ?? "another process")
        }
        let text = Array("process \(getpid()) (\(purpose))\n".utf8)
        self.fd = fd
        ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Releases the lock (its file is emptied first, so that no holder is
    /// named); does nothing if it is already released.
    func release() {
        guard fd >= 0 else { return }
        ftruncate(fd, 0)
        while flock(fd, LOCK_UN) != 0 && errno == EINTR {}
        close(fd)
        fd = -1
    }

    deinit {
        release()
    }
}

/// Which index a folder holds now.
public enum LiveIndex {
    /// The corpus folder the index at `path` was last rebuilt from, if recorded.
    public static func corpus(of path: String) -> String? {
        guard let database = try? Database(path: path),
            let corpus = try? database.metadata(forKey: Schema.Metadata.corpus), !corpus.isEmpty
        else { return nil }
        return corpus
    }

    /// What identifies the index folder's stub file now: its inode and its
    /// modification time in nanoseconds (a rebuild renames a new stub over
    /// it); (0, 0) when there is none.
    public static func identity(_ path: String) -> (inode: UInt64, modified: Int) {
        var info = stat()
        guard stat(path + "/XAPIANDB", &info) == 0 else { return (0, 0) }
        return (UInt64(info.st_ino), Int(info.st_mtim.tv_sec) * 1_000_000_000 + info.st_mtim.tv_nsec)
    }
}

/// Opens for writing a database of an index whose writer lock this process
/// holds (``WriterLock``), so that no other writer that keeps to that lock
/// can hold Xapian's. Xapian's lock can still be refused for a moment after
/// this process's own writer of it closed: the lock is bound to the lock
/// file's open file description, which a child process spawned meanwhile by
/// another thread shares from its start until it runs its program. So a lock
/// refused here is waited for, up to `seconds`, before the error is thrown.
func openHeld(_ path: String, waiting seconds: Double = 5) throws(XapianError) -> WritableDatabase {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        do {
            return try WritableDatabase(path: path, action: .open)
        } catch {
            guard error.code == .databaseLocked, Date() < deadline else { throw error }
            Thread.sleep(forTimeInterval: 0.005)
        }
    }
}
