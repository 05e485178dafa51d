import Foundation
import NewsModel
import Xapian

/// How long a search waits on remote shards (`remote HOST:PORT` lines of
/// the index's stub, each served by Xapian's stock `xapian-tcpsrv`).
public struct RemoteOptions: Sendable, Equatable {
    /// Seconds a shard may take to answer one request before the search
    /// fails with ``SearchError/shardUnavailable(shard:message:)``.
    public var timeout: Double
    /// Seconds to wait for a connection to a shard.
    public var connectTimeout: Double
    /// Seconds after which the query service opens new connections (a
    /// shard server keeps a connection on the database it opened, so only
    /// new connections see a rebuilt shard): how soon a rebuild on the
    /// indexing host reaches the service's searches.
    public var reconnectAfter: Double

    public init(
        timeout: Double = RemoteOptions.standard.timeout, connectTimeout: Double? = nil,
        reconnectAfter: Double = RemoteOptions.standard.reconnectAfter
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout ?? min(timeout, RemoteOptions.standard.connectTimeout)
        self.reconnectAfter = reconnectAfter
    }

    private init(fixedTimeout: Double, connectTimeout: Double, reconnectAfter: Double) {
        timeout = fixedTimeout
        self.connectTimeout = connectTimeout
        self.reconnectAfter = reconnectAfter
    }

    /// 10 seconds to answer, 3 to connect, new connections every 5 seconds.
    public static let standard = RemoteOptions(fixedTimeout: 10, connectTimeout: 3, reconnectAfter: 5)
}

/// Opens the database of the index folder at `path`. A stub naming remote
/// shards is read here rather than by Xapian, so that each shard gets the
/// timeouts of `remote` (a stub line cannot set them) and a shard that does
/// not answer is named in the error.
func openIndex(path: String, remote: RemoteOptions) throws -> (database: Database, isRemote: Bool) {
    let stub: IndexStub?
    do {
        stub = try IndexStub.read(folder: path)
    } catch {
        throw SearchError.invalidIndex(path: path, message: error.description)
    }
    guard let stub, stub.hasRemote else { return (try Database(path: path), false) }
    var shards: [Database] = []
    for entry in stub.entries {
        switch entry {
        case .local(let relative):
            shards.append(try Database(path: relative.hasPrefix("/") ? relative : path + "/" + relative))
        case .remote(let host, let port):
            do {
                shards.append(
                    try Database.remote(
                        host: host, port: port, timeout: remote.timeout, connectTimeout: remote.connectTimeout))
            } catch {
                throw SearchError.shardUnavailable(shard: "\(host):\(port)", message: error.message)
            }
        }
    }
    return (try Database(shards: shards), true)
}

/// The facet column file (``FacetColumn``) of each database that the local
/// index folder at `path` names, in the stub's order; nil if the stub cannot
/// be read.
func facetColumnFiles(folder path: String) -> [String]? {
    let stub: IndexStub?
    do {
        stub = try IndexStub.read(folder: path)
    } catch {
        return nil
    }
    let databases = stub?.localPaths.map { $0.hasPrefix("/") ? $0 : path + "/" + $0 } ?? [path]
    return databases.map { $0 + "/" + FacetColumn.fileName }
}

extension SearchError {
    /// The shard a network error came from, as `HOST:PORT`, from Xapian's
    /// context (`remote:tcp(HOST:PORT)`); nil when it does not say.
    static func shard(of error: XapianError) -> String? {
        for text in [error.context, error.message] {
            guard let start = text.range(of: "tcp("), let end = text[start.upperBound...].firstIndex(of: ")") else {
                continue
            }
            return String(text[start.upperBound..<end])
        }
        return nil
    }
}
