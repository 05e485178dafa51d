import NewsModel
import Xapian

/// Why a search failed, in terms a person can act on.
public enum SearchError: Error, Sendable, CustomStringConvertible {
    /// No index at the path.
    case indexMissing(path: String)
    /// The index was built by another schema version.
    case incompatibleIndex(path: String, found: String)
    /// The query string is malformed; the message names the problem.
    case invalidQuery(String)
    /// A filter or option is wrong; names the parameter.
    case invalidParameter(name: String, message: String)
    /// The index folder cannot be read as an index (a malformed stub).
    case invalidIndex(path: String, message: String)
    /// A remote shard did not answer within the timeout, or its connection
    /// failed; `shard` is `HOST:PORT` (or "a remote shard" when Xapian did
    /// not say which). The next search connects anew.
    case shardUnavailable(shard: String, message: String)
    /// Xapian failed otherwise.
    case engine(XapianError)

    /// A remote shard failed: the searcher's connections are broken, so
    /// it must not be used again.
    public var isShardUnavailable: Bool {
        if case .shardUnavailable = self { return true }
        return false
    }

    /// The index (or one of its databases) is gone: for a searcher that had
    /// opened it, the database was replaced (a replica's full copy).
    public var isIndexMissing: Bool {
        if case .indexMissing = self { return true }
        return false
    }

    /// The index changed under the search (a later commit discarded the
    /// revision it was reading): refresh and try again.
    public var isIndexModified: Bool {
        if case .engine(let error) = self { return error.code == .databaseModified }
        return false
    }

    public var description: String {
        switch self {
        case .indexMissing(let path):
            "no index at \(path); build one with `dossier index`"
        case .incompatibleIndex(let path, let found):
            "the index at \(path) has schema version \(found.isEmpty ? "unknown" : found), "
                + "this dossier needs \(Schema.version); rebuild it with `dossier index`"
        case .invalidQuery(let message):
            "invalid query: \(message)"
        case .invalidParameter(let name, let message):
            "\(name): \(message)"
        case .invalidIndex(let path, let message):
            "the index at \(path) cannot be read: \(message)"
        case .shardUnavailable(let shard, let message):
            "the shard at \(shard) is unavailable: \(message)"
        case .engine(let error):
            "search failed: \(error)"
        }
    }

    /// The one mapping from what the layers below throw to a search error,
    /// for the index at `path`: a missing database is ``indexMissing(path:)``,
    /// a query the parser refuses ``invalidQuery(_:)``, anything else from
    /// Xapian ``engine(_:)``.
    static func wrap(_ error: any Error, path: String) -> SearchError {
        switch error {
        case let error as SearchError:
            return error
        case let error as XapianError:
            switch error.code {
            case .databaseNotFound, .databaseOpening: return .indexMissing(path: path)
            case .queryParser: return .invalidQuery(error.message)
            case .network, .networkTimeout:
                return .shardUnavailable(shard: shard(of: error) ?? "a remote shard", message: error.message)
            default: return .engine(error)
            }
        default:
            return .engine(XapianError(code: .unknown, type: "Swift", message: "\(error)"))
        }
    }
}

/// Runs `body` on the index at `path`, every failure mapped by ``SearchError/wrap(_:path:)``.
func mappingErrors<T>(path: String, _ body: () throws -> T) throws(SearchError) -> T {
    do {
        return try body()
    } catch {
        throw SearchError.wrap(error, path: path)
    }
}
