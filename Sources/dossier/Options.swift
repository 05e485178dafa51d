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

/// Prints one line to standard error, as `dossier <command>: <message>`.
func printError(_ command: String, _ message: String) {
    FileHandle.standardError.write(Data("dossier \(command): \(message)\n".utf8))
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
