import Foundation

/// The stub file (`XAPIANDB`) of an index folder: the databases the index is
/// made of, one a line, in Xapian's own stub format, so that Xapian and
/// Xapian's tools open the folder as Dossier does:
///
///     auto gen-1733500000000-42/db     a local database (relative to the folder)
///     remote 10.0.0.7:9001             a shard served by xapian-tcpsrv
///
/// Blank lines and lines starting with `#` are ignored.
public struct IndexStub: Sendable, Equatable {
    public static let fileName = "XAPIANDB"

    /// One database of the index.
    public enum Entry: Sendable, Equatable, CustomStringConvertible {
        /// A local database, its path as written (relative to the folder or absolute).
        case local(String)
        /// A shard served by `xapian-tcpsrv` on `host`:`port`.
        case remote(host: String, port: Int)

        public var description: String {
            switch self {
            case .local(let path): "auto \(path)"
            case .remote(let host, let port): "remote \(host):\(port)"
            }
        }
    }

    /// Why a stub cannot be read.
    public struct Malformed: Error, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Parses the text of a stub; `file` names it in errors.
    public init(text: String, file: String = fileName) throws(Malformed) {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map { String($0).trimmingSpaces() }
            guard parts.count == 2, !parts[1].isEmpty else {
                throw Malformed(file: file, line: index + 1, reason: "expected `TYPE PATH`, found \"\(line)\"")
            }
            switch parts[0] {
            case "auto", "glass", "chert":
                entries.append(.local(parts[1]))
            case "remote":
                let address = parts[1]
                guard let colon = address.lastIndex(of: ":"), colon != address.startIndex,
                    !address.contains(" "),
                    let port = Int(address[address.index(after: colon)...]), (1...65535).contains(port)
                else {
                    throw Malformed(
                        file: file, line: index + 1,
                        reason: "a remote shard is written `remote HOST:PORT` (a xapian-tcpsrv), found \"\(line)\"")
                }
                let host = String(address[..<colon])
                entries.append(.remote(host: host, port: port))
            default:
                throw Malformed(
                    file: file, line: index + 1,
                    reason: "unknown database type \"\(parts[0])\" (Dossier reads auto, glass and remote)")
            }
        }
        self.entries = entries
    }

    /// The stub `file` (default ``fileName``) of the folder at `folder`, nil when it has none.
    public static func read(folder: String, file name: String = fileName) throws(Malformed) -> IndexStub? {
        let file = folder + "/" + name
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return try IndexStub(text: String(decoding: data, as: UTF8.self), file: file)
    }

    /// The stub's text.
    public var text: String { entries.map { "\($0)\n" }.joined() }

    /// Whether any shard is remote.
    public var hasRemote: Bool {
        entries.contains {
            if case .remote = $0 { return true }
            return false
        }
    }

    /// The local databases, as written.
    public var localPaths: [String] {
        entries.compactMap {
            if case .local(let path) = $0 { return path }
            return nil
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\r" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return String(text)
    }
}
