import ArgumentParser
import Foundation
import NewsIndex

struct ConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Make an index folder that searches shards served by xapian-tcpsrv.",
        discussion: """
            Writes the index folder's stub with one `remote HOST:PORT` line per shard, and a small local \
            database with what the remote protocol does not carry: the spelling data of the sharded index \
            given with --from (when this host can read it) and its metadata. Every read command and \
            `dossier serve` then take --index FOLDER. Build the shards with `dossier index --shards N` and \
            serve each with `xapian-tcpsrv --port PORT INDEX/shards/K`.

            Example:
              dossier index --shards 2 --index /srv/dossier
              xapian-tcpsrv --interface 127.0.0.1 --port 9001 /srv/dossier/shards/0 &
              xapian-tcpsrv --interface 127.0.0.1 --port 9002 /srv/dossier/shards/1 &
              dossier connect --index client --from /srv/dossier 127.0.0.1:9001 127.0.0.1:9002
              dossier search --index client coup
            """
    )

    @Option(name: .long, help: "The client index folder to write (default: $DOSSIER_INDEX, else ./index).")
    var index: String?

    @Option(name: .long, help: "The sharded index the shards are served from, for its spelling data and metadata.")
    var from: String?

    @Argument(help: ArgumentHelp("The shard servers, in the order of the shards.", valueName: "host:port"))
    var shards: [String]

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("name at least one shard as HOST:PORT") }
        for shard in shards where ConnectCommand.address(shard) == nil {
            throw ValidationError("\"\(shard)\" is not HOST:PORT (a port from 1 to 65535)")
        }
    }

    static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port), colon != text.startIndex
        else { return nil }
        return (String(text[..<colon]), port)
    }

    func run() throws {
        var options = IndexOptions()
        options.index = index
        let folder = options.path
        let addresses = shards.compactMap(ConnectCommand.address)
        let summary: RemoteIndex.Summary
        do throws(IndexError) {
            summary = try RemoteIndex.connect(folder: folder, shards: addresses, from: from)
        } catch {
            throw fail("connect", error.description, .failed)
        }
        let spelling = from.map { ", \(summary.spellings) spelling words from \($0)" } ?? ", no spelling data"
        print("\(folder): \(summary.shards) remote shard(s)\(spelling)")
    }
}
