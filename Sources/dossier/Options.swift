import ArgumentParser
import Foundation
import NewsSearch

#if canImport(Glibc)
    import Glibc
#endif

/// The index location, shared by every command.
struct IndexOptions: ParsableArguments {
    @Option(name: .long, help: "The index folder (default: $DOSSIER_INDEX, else ./index).")
    var index: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds a remote shard may take to answer (default: $DOSSIER_REMOTE_TIMEOUT, else 10).",
            valueName: "seconds"))
    var remoteTimeout: Double?

    /// How long to wait on remote shards: the option, else DOSSIER_REMOTE_TIMEOUT, else the default.
    var remote: RemoteOptions {
        get throws {
            var seconds = remoteTimeout
            if seconds == nil, let text = ProcessInfo.processInfo.environment["DOSSIER_REMOTE_TIMEOUT"], !text.isEmpty {
                guard let value = Double(text) else {
                    throw ValidationError("DOSSIER_REMOTE_TIMEOUT must be a number of seconds, not \"\(text)\"")
                }
                seconds = value
            }
            guard let seconds else { return .standard }
            guard seconds > 0, seconds <= 3600 else {
                throw ValidationError("--remote-timeout must be between 0 and 3600 seconds")
            }
            return RemoteOptions(timeout: seconds)
        }
    }

    func validate() throws {
        _ = try remote
    }

    /// ``remote``, once ``validate()`` has passed.
    var remoteOptions: RemoteOptions { (try? remote) ?? .standard }

    /// The index path: the option, else DOSSIER_INDEX, else index/ in the current folder.
    var path: String {
        if let index { return index }
        if let fromEnvironment = ProcessInfo.processInfo.environment["DOSSIER_INDEX"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return FileManager.default.currentDirectoryPath + "/index"
    }
}

/// When to colour output.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to use ANSI styles on standard output: `auto` means only on a
    /// terminal and only when NO_COLOR is unset.
    var enabled: Bool {
        switch self {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

/// Dossier's exit statuses: one scheme for every command.
enum ExitStatus: Int32 {
    /// Done.
    case done = 0
    /// Done, but some input was skipped (a rejected file, line or article; a
    /// failed line of `search --batch`) or what was asked for is not there
    /// (an unknown id).
    case partial = 1
    /// Nothing done: what was typed is wrong (an unknown command or option, a
    /// bad value, a malformed query, an unknown country or topic).
    case usage = 2
    /// Failed: the work could not be done (no index or an incompatible one,
    /// the index busy with another writer, a shard down, a port in use, a
    /// file that cannot be read or written; with --strict, a skipped input).
    case failed = 3

    /// The scheme, for `--help`.
    static let help = """
        Exit status: 0 done; 1 done, but some input was skipped or something asked for is not there; \
        2 nothing done: a bad command, option, value or query; 3 failed: no index, the index busy, a shard \
        down, a port in use (and, with --strict, a skipped input).
        """
}

/// Whether errors are printed as JSON lines: the command line holds --json.
/// Set once by ``Dossier/main()`` before any command runs.
nonisolated(unsafe) var errorsAsJSON = false

/// Prints one line to standard error: `dossier <command>: <message>`, or
/// with --json `{"error": {"command", "message", "status"}}` (status: the
/// exit status it leads to, null for a problem the command goes on after).
func printError(_ command: String, _ message: String, status: ExitStatus? = nil) {
    guard errorsAsJSON else {
        FileHandle.standardError.write(Data("dossier\(command.isEmpty ? "" : " " + command): \(message)\n".utf8))
        return
    }
    struct Line: Encodable {
        struct Inner: Encodable {
            let command: String
            let message: String
            let status: Int32?
            enum CodingKeys: CodingKey { case command, message, status }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(command, forKey: .command)
                try c.encode(message, forKey: .message)
                try c.encode(status, forKey: .status)
            }
        }
        let error: Inner
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let line = Line(error: .init(command: command, message: message, status: status?.rawValue))
    let data = (try? encoder.encode(line)) ?? Data()
    FileHandle.standardError.write(data + Data("\n".utf8))
}

/// Prints the error that ends `command` and gives the exit code to throw.
func fail(_ command: String, _ message: String, _ status: ExitStatus) -> ExitCode {
    printError(command, message, status: status)
    return ExitCode(status.rawValue)
}

/// What `index` and `ingest` do about skipped input.
struct SkipOptions: ParsableArguments {
    @Flag(name: .long, help: "A skipped input is a failure: exit status 3 instead of 1.")
    var strict = false

    @Flag(name: .long, help: "List each skipped duplicate (by default they are only counted in the summary).")
    var verbose = false

    /// Ends the command with 1 (3 with --strict) when `rejected` inputs were skipped.
    func check(rejected: Int) throws {
        if rejected > 0 { throw ExitCode((strict ? ExitStatus.failed : .partial).rawValue) }
    }
}

extension SearchError {
    /// A query or parameter the user wrote is wrong (2); else the search failed (3).
    var exitStatus: ExitStatus {
        switch self {
        case .invalidQuery, .invalidParameter: .usage
        default: .failed
        }
    }
}

extension Ranking {
    /// The standard ranking, with BM25's k1 and b from DOSSIER_BM25_K1 and
    /// DOSSIER_BM25_B when they are set (for tuning experiments). Only the
    /// executable reads its environment.
    static var fromEnvironment: Ranking {
        let environment = ProcessInfo.processInfo.environment
        var ranking = Ranking.standard
        if let k1 = environment["DOSSIER_BM25_K1"].flatMap(Double.init) { ranking.k1 = k1 }
        if let b = environment["DOSSIER_BM25_B"].flatMap(Double.init) { ranking.b = b }
        return ranking
    }
}
