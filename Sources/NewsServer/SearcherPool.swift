import Foundation
import NewsIndex
import NewsSearch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Searchers for concurrent requests. Xapian objects are not thread-safe, so
/// each request borrows a `Searcher` of its own and gives it back; idle ones
/// are kept for the next request. A borrowed searcher first catches up with
/// the latest ingest (`refresh`), and one opened before a rebuild switched
/// the index is dropped and a new one opened.
public final class SearcherPool: Sendable {
    public let path: String
    /// How long searches wait on remote shards.
    public let remote: RemoteOptions
    private let idle = Mutex<[Entry]>([])
    /// At most this many idle searchers are kept.
    private let keep: Int

    /// A searcher and the index generation it was opened on. Only ever used
    /// by one task at a time: the pool hands it out exclusively.
    private struct Entry: @unchecked Sendable {
        let searcher: Searcher
        let stamp: Stamp
        /// When it was opened (uptime seconds).
        let opened = ProcessInfo.processInfo.systemUptime

        /// Whether it may serve another request: a searcher of remote shards
        /// is replaced after ``RemoteOptions/reconnectAfter`` seconds, since
        /// a shard server keeps each connection on the database it opened:
        /// only a new connection follows the shard's stub to a rebuilt shard.
        func isFresh(_ remote: RemoteOptions) -> Bool {
            !searcher.isRemote || ProcessInfo.processInfo.systemUptime - opened < remote.reconnectAfter
        }
    }

    /// Identifies the live index: the stub file's inode and modification time
    /// (a rebuild renames a new stub over it).
    struct Stamp: Equatable {
        let inode: UInt64
        let modified: Int
    }

    public init(
        path: String, remote: RemoteOptions = .standard, keep: Int = ProcessInfo.processInfo.activeProcessorCount * 2
    ) {
        self.path = path
        self.remote = remote
        self.keep = max(1, keep)
    }

    func stamp() -> Stamp {
        let identity = LiveIndex.identity(path)
        return Stamp(inode: identity.inode, modified: identity.modified)
    }

    /// Runs `body` with a searcher of its own on the latest index. A search
    /// that meets a database modified under it is retried once, refreshed.
    /// An idle searcher whose databases were replaced under it (a replica
    /// that took a full copy) or whose remote shard connections broke (a
    /// shard server restarted) is dropped with every other idle one, and the
    /// search runs on a newly opened searcher; one whose shard fails during
    /// the search is dropped too, so that the next request connects anew.
    /// A searcher of the caller's own, outside the pool (for work that
    /// holds one for long, such as an export).
    func openSearcher() throws(SearchError) -> Searcher {
        try Searcher(path: path, remote: remote)
    }

    public func withSearcher<T>(_ body: (Searcher) throws(SearchError) -> T) throws(SearchError) -> T {
        let current = stamp()
        let found = idle.withLock { entries -> Entry? in
            while let last = entries.popLast() {
                if last.stamp == current && last.isFresh(remote) { return last }
            }
            return nil
        }
        if let found {
            var usable = true
            do {
                try found.searcher.refresh()
            } catch  where error.isShardUnavailable || error.isIndexMissing {
                usable = false
            }
            if usable {
                do {
                    return try run(found, body)
                } catch  where error.isIndexMissing {
                    // Replaced during the search: try once more on a new searcher.
                }
            }
            idle.withLock { $0.removeAll() }
        }
        do {
            return try run(Entry(searcher: try Searcher(path: path, remote: remote), stamp: current), body)
        } catch  where error.isIndexMissing && found == nil {
            // Opened on databases a rebuild replaced a moment later (a shard
            // server's connection still on the old generation): once more.
            return try run(Entry(searcher: try Searcher(path: path, remote: remote), stamp: stamp()), body)
        }
    }

    private func run<T>(_ entry: Entry, _ body: (Searcher) throws(SearchError) -> T) throws(SearchError) -> T {
        do {
            let result: T
            do {
                result = try body(entry.searcher)
            } catch  where error.isIndexModified {
                try entry.searcher.refresh()
                result = try body(entry.searcher)
            }
            giveBack(entry)
            return result
        } catch {
            if error.isShardUnavailable || error.isIndexMissing {
                idle.withLock { $0.removeAll() }
            } else {
                giveBack(entry)
            }
            throw error
        }
    }

    private func giveBack(_ entry: Entry) {
        idle.withLock { entries in
            if entries.count < keep { entries.append(entry) }
        }
    }
}
