import ArgumentParser
import Foundation
import Hummingbird
import Logging
import NIOCore
import NewsIndex
import NewsServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP query API (JSON) on the index.",
        discussion: """
            Routes: GET /healthz, /metrics, /api/search, /api/facets, /api/articles/{id}, \
            /api/articles/{id}/similar; POST /api/articles and /api/index/rebuild (with the bearer token). \
            Binds to 127.0.0.1 unless --host says otherwise. A line per request goes to standard error \
            (--quiet: none).

            Examples:
              dossier serve                                # http://127.0.0.1:8080/
              DOSSIER_TOKEN=s3cret dossier serve --port 9000 --corpus ./corpus
              dossier serve --host 0.0.0.0 --cors-origin https://analysts.example.org
            """
    )

    @OptionGroup var options: IndexOptions

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(
        name: .long,
        help:
            "The corpus POST /api/index/rebuild reads and whose journal keeps posted articles (default: ./corpus if it exists, else the corpus the index was built from)."
    )
    var corpus: String?

    @Option(
        name: .long,
        help: "A file holding the bearer token that writes need (else $DOSSIER_TOKEN; neither: writes are refused).")
    var tokenFile: String?

    @Option(
        name: .customLong("cors-origin"),
        help: ArgumentHelp(
            "An origin whose pages may call the API from a browser (CORS), e.g. https://analysts.example.org; repeatable (default: none).",
            valueName: "origin"))
    var corsOrigins: [String] = []

    @Flag(name: .long, help: "No access log (by default a line per request goes to standard error).")
    var quiet = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds a connection may sit idle (nothing read or written) before it is closed (default: 10).",
            valueName: "seconds"))
    var idleTimeout: Double = 10

    func validate() throws {
        guard idleTimeout > 0, idleTimeout <= 3600 else {
            throw ValidationError("--idle-timeout must be between 0 and 3600 seconds")
        }
        for origin in corsOrigins
        where !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) || origin.hasSuffix("/") {
            throw ValidationError(
                "--cors-origin \(origin): an origin is a scheme and a host, like https://example.org (no path)")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        var token = ProcessInfo.processInfo.environment["DOSSIER_TOKEN"]
        if let tokenFile {
            do {
                token = try String(contentsOfFile: tokenFile, encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)
            } catch {
                throw fail("serve", "cannot read --token-file \(tokenFile): \(error.localizedDescription)", .usage)
            }
            if token?.isEmpty != false {
                throw fail("serve", "--token-file \(tokenFile) is empty", .usage)
            }
        }
        var corpusPath = corpus
        if corpusPath == nil && FileManager.default.fileExists(atPath: "corpus") {
            corpusPath = FileManager.default.currentDirectoryPath + "/corpus"
        }
        // Else the corpus the index was built from: its journal keeps what is posted.
        if corpusPath == nil { corpusPath = LiveIndex.corpus(of: options.path) }
        var accessLog: Logger?
        if !quiet {
            var logger = Logger(label: "dossier.access") { StreamLogHandler.standardError(label: $0) }
            logger.logLevel = .info
            accessLog = logger
        }
        let server = APIServer(
            index: options.path, corpus: corpusPath, token: token, remote: options.remoteOptions,
            corsOrigins: corsOrigins, accessLog: accessLog)
        let host = self.host
        let app = server.application(
            host: host, port: port, idleTimeout: .milliseconds(Int64(idleTimeout * 1000))
        ) { bound in
            let line = "dossier serve: listening on http://\(host):\(bound)/ (index \(server.pool.path))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw fail(
                "serve",
                "cannot listen on \(host):\(port): the address is in use (--port picks another; 0: any free port)",
                .failed)
        } catch let error as IOError where error.errnoCode == EACCES || error.errnoCode == EADDRNOTAVAIL {
            throw fail(
                "serve", "cannot listen on \(host):\(port): \(String(cString: strerror(error.errnoCode)))", .failed)
        }
    }
}
