import ArgumentParser
import Foundation
import Hummingbird
import NewsServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP query API (JSON) on the index.",
        discussion: """
            Routes: GET /healthz, /api/search, /api/facets, /api/articles/{id}, /api/articles/{id}/similar. \
            Binds to 127.0.0.1 unless --host says otherwise.
            """
    )

    @OptionGroup var options: IndexOptions

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let server = APIServer(index: options.path)
        let host = self.host
        let app = server.application(host: host, port: port) { bound in
            let line = "dossier serve: listening on http://\(host):\(bound)/ (index \(server.pool.path))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        try await app.runService()
    }
}
