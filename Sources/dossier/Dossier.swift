import ArgumentParser
import Foundation
import NewsModel

@main
struct Dossier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Full-text search over an archive of news and risk-intelligence reporting.",
        discussion: """
            Examples:
              dossier index                               # build ./index from ./corpus
              dossier search 'coup country:mali'          # ranked results with snippets
              dossier search --json --facets sanctions    # the same as JSON, with facet counts
              dossier timeline coup --interval year       # articles a year for the top countries
              dossier serve --port 8080                   # the HTTP API and the search page

            \(ExitStatus.help)
            """,
        version: DossierVersion.current,
        subcommands: [
            IngestCommand.self, IndexCommand.self, SearchCommand.self, ShowCommand.self, SimilarCommand.self,
            FacetsCommand.self, TimelineCommand.self, WatchCommand.self, StatsCommand.self, DeleteCommand.self,
            ServeCommand.self, ConnectCommand.self,
        ]
    )

    /// Runs the command line, with Dossier's exit statuses (``ExitStatus``):
    /// a mistyped command gets a suggestion, a bad option or value exits 2
    /// (not swift-argument-parser's 64), and with --json errors are JSON.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        errorsAsJSON = arguments.contains("--json")
        let names = commandNames
        if let first = arguments.first, !first.hasPrefix("-"), first != "help", !names.contains(first) {
            let nearest = names.map { ($0, editDistance($0, first)) }.min { $0.1 < $1.1 }
            var message = "unknown command '\(first)'"
            if let nearest, nearest.1 <= max(1, first.count / 3) { message += "; did you mean '\(nearest.0)'?" }
            message += " (commands: \(names.joined(separator: ", ")); see dossier --help)"
            printError("", message, status: .usage)
            Foundation.exit(ExitStatus.usage.rawValue)
        }
        do {
            try await run(try parseAsRoot(arguments))
        } catch {
            if exitCode(for: error) == .validationFailure {
                if errorsAsJSON {
                    printError("", message(for: error), status: .usage)
                } else {
                    FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                }
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }

    /// The subcommands' names.
    static var commandNames: [String] {
        configuration.subcommands.compactMap { (command: any ParsableCommand.Type) in command.configuration.commandName
        }
    }

    /// Runs a parsed command, waiting for it if it is asynchronous.
    static func run(_ command: any ParsableCommand) async throws {
        if let asynchronous = command as? any AsyncParsableCommand {
            var running = asynchronous
            try await running.run()
        } else {
            var running = command
            try running.run()
        }
    }

    /// The Levenshtein distance between two words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(1, b.count) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
