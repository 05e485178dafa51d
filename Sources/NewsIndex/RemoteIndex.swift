import Foundation
import NewsModel
import Xapian

/// A client's index folder for shards served elsewhere by Xapian's stock
/// `xapian-tcpsrv`: a stub naming each shard (`remote HOST:PORT`), then a
/// small local database that holds what the remote protocol does not carry
/// (the spelling data behind "did you mean") and the index's metadata. The
/// read commands and `dossier serve` open it like any index.
public enum RemoteIndex {
    /// What ``connect(folder:shards:from:)`` wrote.
    public struct Summary: Sendable {
        public let shards: Int
        /// Words of spelling data copied from the source index.
        public let spellings: Int
    }

    /// Makes `folder` an index of the remote `shards` (replacing what its
    /// stub named before, atomically), with the spelling data and metadata
    /// of `source` (the sharded index the shards are served from, when this
    /// host can read it) in a local database beside the stub.
    public static func connect(folder: String, shards: [(host: String, port: Int)], from source: String?)
        throws(IndexError) -> Summary
    {
        guard !shards.isEmpty else { throw .io("name at least one shard as HOST:PORT") }
        let store = IndexStore(path: folder)
        if !store.live().isEmpty, let stub = try? IndexStub.read(folder: folder), !stub.hasRemote {
            throw .io(
                "\(folder) holds a local index; connect remote shards in a folder of their own "
                    + "(a client index holds only a stub and spelling data)")
        }
        let lock = try WriterLock(folder: folder, purpose: "dossier connect")
        defer { lock.release() }
        let local = "local-" + store.newGeneration().dropFirst("gen-".count)
        var spellings = 0
        do {
            let database = try WritableDatabase(path: folder + "/" + local, action: .createOrOverwrite)
            if let source {
                let from = try Database(path: source)
                let version = try from.metadata(forKey: Schema.Metadata.version)
                guard version == String(Schema.version) else {
                    throw IndexError.incompatible(path: source, found: version.isEmpty ? "unknown" : version)
                }
                for key in try from.metadataKeys(prefix: "dossier.") {
                    try database.setMetadata(try from.metadata(forKey: key), forKey: key)
                }
                for item in try from.spellings() {
                    try database.addSpelling(item.term, frequencyIncrement: item.frequency)
                    spellings += 1
                }
            }
            try database.commit()
            try database.close()
            let entries = shards.map { IndexStub.Entry.remote(host: $0.host, port: $0.port) } + [.local(local)]
            try IndexStore.write(IndexStub(entries: entries), to: store.stub)
        } catch {
            try? FileManager.default.removeItem(atPath: folder + "/" + local)
            throw IndexError.wrap(error, path: folder)
        }
        // Local databases of earlier connections.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix("local-") && name != local {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        return Summary(shards: shards.count, spellings: spellings)
    }
}
