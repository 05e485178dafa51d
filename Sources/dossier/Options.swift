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
