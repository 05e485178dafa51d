import Foundation
import NewsModel
import Xapian

/// What a full rebuild produced.
public struct RebuildSummary: Sendable {
    public let articles: Int
    public let shards: Int
    public let bytes: Int64
}

/// Builds a whole new index beside the live one and switches to it
/// atomically when ``finish()`` succeeds; until then, and if anything fails
/// or the process dies, searchers keep the old index.
///
/// ``add(_:file:)`` hands each article to one of `jobs` shard writers, each
/// on a thread of its own with its own Xapian objects; the shard is chosen
/// by the article's id, so a repeated id replaces the earlier article. Each
/// shard writer commits every ``IndexConfiguration/flushThreshold`` documents,
/// so that its memory stays bounded however large the corpus. The shards are
/// then compacted into one database, or kept as a sharded index.
public final class IndexBuilder {
    private let configuration: IndexConfiguration
    private let store: IndexStore
    private let lock: WriterLock
    private let corpus: String
    private let generation: String
    private let workers: [ShardWorker]
    /// Articles waiting to be handed to each worker, in batches, so that
    /// threads synchronise once per batch rather than once per article.
    private var pending: [[(Article, String?)]]
    private static let batch = 64
    private var finished = false

    public init(configuration: IndexConfiguration, corpus: String) throws(IndexError) {
        self.configuration = configuration
        self.corpus = corpus
        store = IndexStore(path: configuration.path)
        lock = try WriterLock(folder: configuration.path, purpose: "dossier index")
        store.sweep()
        generation = store.newGeneration()
        let folder = configuration.path + "/" + generation
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(folder): \(error.localizedDescription)")
        }
        workers = (0..<configuration.jobs).map {
            ShardWorker(
                path: folder + "/shard-\($0)", flushThreshold: configuration.flushThreshold,
                reportsTimings: configuration.reportsTimings)
        }
        pending = Array(repeating: [], count: configuration.jobs)
        for worker in workers { worker.start() }
    }

    /// Queues `article` (from `file`, for `--prune` later) for its shard.
    /// Blocks while that shard's queue is full.
    public func add(_ article: Article, file: String? = nil) throws(IndexError) {
        let index = Int(FNV1a.hash(article.id) % UInt64(workers.count))
        pending[index].append((article, file))
        if pending[index].count >= IndexBuilder.batch {
            if let error = workers[index].failure { throw error }
            workers[index].queue.push(pending[index])
            pending[index].removeAll(keepingCapacity: true)
        }
    }

    /// Waits for the shards, compacts them (unless keeping shards), records
    /// the metadata, switches the index to the new generation, and removes
    /// the old one after the grace period.
    public func finish() throws(IndexError) -> RebuildSummary {
        finished = true
        for (index, worker) in workers.enumerated() {
            if !pending[index].isEmpty { worker.queue.push(pending[index]) }
            worker.queue.close()
        }
        for worker in workers { worker.join() }
        if let error = workers.compactMap(\.failure).first {
            cancel()
            throw error
        }
        let folder = configuration.path + "/" + generation
        let count = workers.map(\.count).reduce(0, +)
        var live: [String]
        do {
            if configuration.keepShards {
                live = workers.indices.map { generation + "/shard-\($0)" }
                for index in workers.indices { try record(in: folder + "/shard-\(index)", count: count) }
            } else {
                let start = Date()
                // Metadata goes into the shards before compacting (compaction
                // carries it over): a commit after compacting would rewrite
                // blocks and leave the compacted index larger.
                for worker in workers { try record(in: worker.path, count: count) }
                let shards = try workers.map { try Database(path: $0.path) }
                // FULL packs blocks fuller than STANDARD: a smaller index that
                // still takes later ingests well (FULLER is for read-only ones).
                try Database(shards: shards).compact(to: folder + "/db", options: .full)
                timing(configuration.reportsTimings, "compact \(workers.count) shard(s): \(seconds(start, Date()))")
                for worker in workers { try FileManager.default.removeItem(atPath: worker.path) }
                live = [generation + "/db"]
            }
            let previous = store.live()
            try store.switchTo(live)
            if !previous.isEmpty && configuration.grace > 0 { Thread.sleep(forTimeInterval: configuration.grace) }
            store.sweep()
        } catch {
            cancel()
            throw IndexError.wrap(error, path: configuration.path)
        }
        return RebuildSummary(articles: count, shards: live.count, bytes: store.size())
    }

    /// Abandons the rebuild: the live index stays as it was.
    public func cancel() {
        finished = true
        for worker in workers {
            worker.queue.close()
            worker.join()
        }
        try? FileManager.default.removeItem(atPath: configuration.path + "/" + generation)
    }

    deinit {
        if !finished { cancel() }
    }

    private func record(in path: String, count: Int) throws {
        let database = try WritableDatabase(path: path, action: .open)
        let now = Date().ISO8601Format()
        try database.setMetadata(String(Schema.version), forKey: Schema.Metadata.version)
        try database.setMetadata(now, forKey: Schema.Metadata.built)
        try database.setMetadata(now, forKey: Schema.Metadata.updated)
        try database.setMetadata(corpus, forKey: Schema.Metadata.corpus)
        try database.setMetadata(String(count), forKey: Schema.Metadata.articles)
        try database.commit()
        try database.close()
    }
}

/// One shard of a rebuild: a thread that owns a WritableDatabase and a
/// DocumentBuilder, fed batches of articles through a bounded queue.
final class ShardWorker: @unchecked Sendable {
    let path: String
    /// Documents added between commits (``IndexConfiguration/flushThreshold``).
    let flushThreshold: Int
    let queue = BlockingQueue<[(Article, String?)]>(capacity: 8)
    private let done = DispatchSemaphore(value: 0)
    private let state = NSLock()
    private var _failure: IndexError?
    private var _count = 0

    var failure: IndexError? { state.withLock { _failure } }
    var count: Int { state.withLock { _count } }

    /// Whether to report how long the shard took (``IndexConfiguration/reportsTimings``).
    let reportsTimings: Bool

    init(path: String, flushThreshold: Int, reportsTimings: Bool = false) {
        self.path = path
        self.flushThreshold = max(1, flushThreshold)
        self.reportsTimings = reportsTimings
    }

    func start() {
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the thread to end; returns at once if it has (join may be
    /// called again, as ``IndexBuilder/cancel()`` does after a failed finish).
    func join() {
        done.wait()
        done.signal()
    }

    private func run() {
        do {
            let start = Date()
            let database = try WritableDatabase(path: path, action: .createOrOverwrite)
            let builder = try DocumentBuilder(database: database)
            var written = 0
            // Committing every flushThreshold documents is what Xapian does by
            // itself at XAPIAN_FLUSH_THRESHOLD (outside a transaction, its
            // automatic flush is a commit), with the budget passed in as a value.
            var uncommitted = 0
            while let batch = queue.pop() {
                for (article, file) in batch {
                    try database.replace(
                        uniqueTerm: Schema.idTerm(article.id), with: builder.document(article, file: file))
                    uncommitted += 1
                    if uncommitted >= flushThreshold {
                        try database.commit()
                        uncommitted = 0
                    }
                }
                written += batch.count
            }
            let indexed = Date()
            try database.commit()
            written = try database.documentCount
            try database.close()
            timing(
                reportsTimings,
                "shard \((path as NSString).lastPathComponent): \(written) documents in \(seconds(start, indexed)), commit \(seconds(indexed, Date()))"
            )
            state.withLock { _count = written }
        } catch {
            state.withLock { _failure = IndexError.wrap(error, path: path) }
            // Drain, so that producers blocked on a full queue go on.
            while queue.pop() != nil {}
        }
    }
}

/// A bounded first-in first-out queue for one consumer thread.
final class BlockingQueue<Element>: @unchecked Sendable {
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private let capacity: Int
    private let condition = NSCondition()

    init(capacity: Int) {
        self.capacity = capacity
    }

    func push(_ item: Element) {
        condition.lock()
        while items.count - head >= capacity && !closed { condition.wait() }
        if !closed { items.append(item) }
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or nil once the queue is closed and empty.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed { condition.wait() }
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// When `enabled` (``IndexConfiguration/reportsTimings``), a phase timing to standard error.
func timing(_ enabled: Bool, _ message: @autoclosure () -> String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("timing: \(message())\n".utf8))
}

func seconds(_ from: Date, _ to: Date) -> String { String(format: "%.2f s", to.timeIntervalSince(from)) }
