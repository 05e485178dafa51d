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
///
/// No call waits forever. A shard writer that fails records its error and
/// abandons its queue, so that nothing pushed to it blocks; the next
/// ``add(_:file:)`` (or ``finish()``) throws that error, and ``cancel()``
/// (which ``finish()`` calls itself on failure, and `deinit` calls if
/// neither ran) stops every shard, waits for their threads, removes the new
/// generation and releases the writer lock, once. Every other wait is for a
/// shard thread that ends when its queue is closed or abandoned.
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
    /// The arrival stamp of the articles new to the index, or changed (``Schema/Slot/arrived``).
    public let stamp: String
    /// Where the build is: taking articles, finishing, or over (switched to
    /// or abandoned, the lock released).
    private var phase = Phase.building

    private enum Phase {
        case building
        case finishing
        case ended
    }

    /// What a rebuild's writer lock says it is held for.
    static let lockPurpose = "dossier index"

    public init(configuration: IndexConfiguration, corpus: String) throws(IndexError) {
        var configuration = configuration
        // A sharded index stays sharded, with as many shards, unless told
        // otherwise: shard servers serve its `shards/K` stubs.
        if configuration.keepsServedShards, let served = IndexStore(path: configuration.path).servedShards(), served > 1
        {
            configuration.jobs = served
            configuration.keepShards = true
        }
        self.configuration = configuration
        self.corpus = corpus
        store = IndexStore(path: configuration.path)
        try store.checkWritable()
        lock = try WriterLock(folder: configuration.path, purpose: IndexBuilder.lockPurpose)
        store.sweep()
        generation = store.newGeneration()
        let folder = configuration.path + "/" + generation
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(folder): \(error.localizedDescription)")
        }
        // Articles already in the live index with the same title and text
        // keep their arrival stamps; the rest arrive now.
        let stamp = Schema.arrivalStamp()
        let previous = store.live().isEmpty ? nil : configuration.path
        workers = (0..<configuration.jobs).map {
            ShardWorker(
                path: folder + "/shard-\($0)", flushThreshold: configuration.flushThreshold,
                reportsTimings: configuration.reportsTimings, shard: $0, fault: configuration.shardFault,
                previous: previous, stamp: stamp)
        }
        self.stamp = stamp
        pending = Array(repeating: [], count: configuration.jobs)
        for worker in workers { worker.start() }
    }

    /// Queues `article` (from `file`, for `--prune` later) for its shard.
    /// Blocks while that shard's queue is full, for as long as the shard
    /// writer runs.
    ///
    /// - Throws: the error of a shard writer that failed (the build cannot
    ///   succeed any more: call ``cancel()``), or if the build is over.
    public func add(_ article: Article, file: String? = nil) throws(IndexError) {
        guard phase == .building else { throw .io("the rebuild of \(configuration.path) is over") }
        let index = Int(FNV1a.hash(article.id) % UInt64(workers.count))
        pending[index].append((article, file))
        if pending[index].count >= IndexBuilder.batch {
            if let error = failure { throw error }
            workers[index].queue.push(pending[index])
            pending[index].removeAll(keepingCapacity: true)
        }
    }

    /// The error of the first shard writer that failed, if any.
    private var failure: IndexError? { workers.lazy.compactMap(\.failure).first }

    /// Waits for the shards, compacts them (unless keeping shards), records
    /// the metadata, switches the index to the new generation, removes the
    /// old one after the grace period, and releases the writer lock. On
    /// failure the rebuild is abandoned (``cancel()``) before this throws.
    public func finish() throws(IndexError) -> RebuildSummary {
        guard phase == .building else { throw .io("the rebuild of \(configuration.path) is over") }
        phase = .finishing
        for (index, worker) in workers.enumerated() {
            if !pending[index].isEmpty { worker.queue.push(pending[index]) }
            pending[index].removeAll()
            worker.queue.close()
        }
        for worker in workers { worker.join() }
        if let error = failure {
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
            let columnsStart = Date()
            store.writeFacetColumns(live)
            timing(configuration.reportsTimings, "facet columns: \(seconds(columnsStart, Date()))")
            let previous = store.live()
            try store.switchTo(live)
            phase = .ended
            if !previous.isEmpty && configuration.grace > 0 { Thread.sleep(forTimeInterval: configuration.grace) }
            store.sweep()
            lock.release()
        } catch {
            cancel()
            throw IndexError.wrap(error, path: configuration.path)
        }
        return RebuildSummary(articles: count, shards: live.count, bytes: store.size())
    }

    /// Abandons the rebuild: stops the shard writers (what they still had
    /// queued is dropped), waits for their threads, removes the new
    /// generation and releases the writer lock. The live index stays as it
    /// was. Does nothing once the build is over, so it may be called again.
    public func cancel() {
        guard phase != .ended else { return }
        phase = .ended
        for worker in workers { worker.queue.abandon() }
        for worker in workers { worker.join() }
        try? FileManager.default.removeItem(atPath: configuration.path + "/" + generation)
        lock.release()
    }

    deinit {
        cancel()
    }

    private func record(in path: String, count: Int) throws {
        let database = try openHeld(path)
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
///
/// However ``run()`` ends, it abandons the queue (so a producer never waits
/// on a writer that has stopped) and then marks the thread ended (so
/// ``join()`` returns, now and every later time).
final class ShardWorker: @unchecked Sendable {
    let path: String
    /// Documents added between commits (``IndexConfiguration/flushThreshold``).
    let flushThreshold: Int
    let queue = BlockingQueue<[(Article, String?)]>(capacity: 8)
    /// The shard's number, for ``fault``.
    let shard: Int
    /// ``IndexConfiguration/shardFault``: a test hook.
    let fault: (@Sendable (_ shard: Int, _ written: Int) throws -> Void)?
    private let state = NSCondition()
    private var _ended = false
    private var _failure: IndexError?
    private var _count = 0

    var failure: IndexError? { state.withLock { _failure } }
    var count: Int { state.withLock { _count } }

    /// Whether to report how long the shard took (``IndexConfiguration/reportsTimings``).
    let reportsTimings: Bool

    /// The live index the arrival stamps of articles already there are read
    /// from (nil: none), and the stamp of the others.
    let previous: String?
    let stamp: String

    init(
        path: String, flushThreshold: Int, reportsTimings: Bool = false, shard: Int = 0,
        fault: (@Sendable (_ shard: Int, _ written: Int) throws -> Void)? = nil, previous: String? = nil,
        stamp: String = Schema.arrivalStamp()
    ) {
        self.previous = previous
        self.stamp = stamp
        self.path = path
        self.flushThreshold = max(1, flushThreshold)
        self.reportsTimings = reportsTimings
        self.shard = shard
        self.fault = fault
    }

    func start() {
        let thread = Thread { [self] in
            run()
            queue.abandon()
            state.withLock {
                _ended = true
                state.broadcast()
            }
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the thread to end: after the queue is closed and emptied,
    /// the queue is abandoned, or the writer failed. Returns at once if it
    /// has ended, so it may be called any number of times.
    func join() {
        state.withLock {
            while !_ended { state.wait() }
        }
    }

    private func run() {
        do {
            let start = Date()
            let database = try WritableDatabase(path: path, action: .createOrOverwrite)
            var builder = try DocumentBuilder(database: database)
            // Its own handle on the live index: handles are not shared between threads.
            builder.arrival = Arrival(previous: try previous.map { try Database(path: $0) }, stamp: stamp)
            var written = 0
            // Committing every flushThreshold documents is what Xapian does by
            // itself at XAPIAN_FLUSH_THRESHOLD (outside a transaction, its
            // automatic flush is a commit), with the budget passed in as a value.
            var uncommitted = 0
            while let batch = queue.pop() {
                for (article, file) in batch {
                    try fault?(shard, written)
                    try database.replace(
                        uniqueTerm: Schema.idTerm(article.id), with: builder.document(article, file: file))
                    written += 1
                    uncommitted += 1
                    if uncommitted >= flushThreshold {
                        try database.commit()
                        uncommitted = 0
                    }
                }
            }
            // Abandoned (the rebuild was cancelled): the folder is about to go.
            if queue.isAbandoned { return }
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
            // Recorded before the queue is abandoned (by start's thread), so
            // that a producer whose push was dropped then sees the failure.
            state.withLock { _failure = IndexError.wrap(error, path: path) }
        }
    }
}

/// A bounded first-in first-out queue for one consumer thread.
///
/// ``push(_:)`` waits while the queue is full, ``pop()`` while it is empty;
/// ``close()`` ends it once emptied, ``abandon()`` at once (dropping what it
/// holds, and every later push), waking every waiter either way.
final class BlockingQueue<Element>: @unchecked Sendable {
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private var abandoned = false
    private let capacity: Int
    private let condition = NSCondition()

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Appends `item`, waiting while the queue is full; drops it if the
    /// queue is closed or abandoned.
    func push(_ item: Element) {
        condition.lock()
        while items.count - head >= capacity && !closed && !abandoned { condition.wait() }
        if !closed && !abandoned { items.append(item) }
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or nil once the queue is closed and empty, or abandoned.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !closed && !abandoned { condition.wait() }
        guard !abandoned, head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return item
    }

    /// No more items: ``pop()`` returns nil once the queue is empty.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Ends the queue now: what it holds is dropped, and so is every later
    /// push; ``pop()`` returns nil.
    func abandon() {
        condition.lock()
        abandoned = true
        items.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }

    /// Whether ``abandon()`` was called.
    var isAbandoned: Bool { condition.withLock { abandoned } }
}

/// When `enabled` (``IndexConfiguration/reportsTimings``), a phase timing to standard error.
func timing(_ enabled: Bool, _ message: @autoclosure () -> String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data("timing: \(message())\n".utf8))
}

func seconds(_ from: Date, _ to: Date) -> String { String(format: "%.2f s", to.timeIntervalSince(from)) }
