import ArgumentParser
import Foundation

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
