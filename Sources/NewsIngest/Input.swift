import Foundation
import NewsModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds, loads and recognises inputs: files, folders (recursively) or "-"
/// for standard input, plain or compressed with xz or gzip.
public struct InputLoader: Sendable {
    /// The largest input read whole (after decompression); larger ones are rejected.
    public var maxBytes: Int
    /// The format to use for every input; nil to recognise each one.
    public var format: InputFormat?

    public init(maxBytes: Int = 64 << 20, format: InputFormat? = nil) {
        self.maxBytes = maxBytes
        self.format = format
    }

    /// One input, loaded and recognised.
    public struct Input: Sendable {
        public let path: String
        public let format: InputFormat
        public let data: [UInt8]
    }

    /// Every file under `paths`, in a stable order: each argument in turn, a
    /// folder's files sorted by path, hidden files and folders skipped.
    ///
    /// Only regular files are inputs (symbolic links are followed): a FIFO,
    /// socket or device, given or found in a folder, is never opened (reading
    /// one could wait forever) but reported as a problem naming it, and
    /// skipped. Standard input ("-") is always read.
    public func files(in paths: [String]) -> (files: [String], problems: [IngestProblem]) {
        var files: [String] = []
        var problems: [IngestProblem] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            switch InputLoader.kind(of: path) {
            case .missing(let reason):
                problems.append(IngestProblem(location: SourceLocation(path: path, line: 0), reason: reason))
                continue
            case .regular:
                files.append(path)
                continue
            case .other(let what):
                problems.append(InputLoader.notRegular(path, what))
                continue
            case .folder:
                break
            }
            let root = URL(fileURLWithPath: path)
            guard
                let enumerator = manager.enumerator(
                    at: root, includingPropertiesForKeys: [], options: [.skipsHiddenFiles])
            else {
                problems.append(
                    IngestProblem(location: SourceLocation(path: path, line: 0), reason: "cannot read folder"))
                continue
            }
            var found: [String] = []
            var refused: [IngestProblem] = []
            for case let url as URL in enumerator {
                let file =
                    path.hasSuffix("/")
                    ? path + url.path.dropFirst(root.path.count + 1)
                    : path + "/" + url.path.dropFirst(root.path.count + 1)
                switch InputLoader.kind(of: url.path) {
                case .regular: found.append(file)
                case .other(let what): refused.append(InputLoader.notRegular(file, what))
                // Folders are walked into (a link to one is left alone), as
                // before; a broken link is nothing to read.
                case .folder, .missing: break
                }
            }
            files.append(contentsOf: found.sorted())
            problems.append(contentsOf: refused.sorted { $0.location.path < $1.location.path })
        }
        return (files, problems)
    }

    /// What is at a path, following symbolic links, from `stat` (which never
    /// opens it, so never waits on a FIFO).
    enum Kind: Equatable {
        case regular
        case folder
        /// A FIFO, socket or device: what it is, as "a FIFO".
        case other(String)
        /// Nothing that can be read (a broken link, no such path): why.
        case missing(String)
    }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            return .missing(
                code == ENOENT || code == ENOTDIR
                    ? "no such file or folder" : "cannot read (\(String(cString: strerror(code))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .folder
        case S_IFIFO: return .other("a FIFO")
        case S_IFSOCK: return .other("a socket")
        case S_IFCHR: return .other("a character device")
        case S_IFBLK: return .other("a block device")
        default: return .other("of an unknown kind")
        }
    }

    /// The problem reported for an input at `path` that is `what` (a FIFO, a
    /// socket, a device or a folder), not a regular file.
    static func notRegular(_ path: String, _ what: String) -> IngestProblem {
        IngestProblem(location: SourceLocation(path: path, line: 0), reason: "not a regular file (\(what)); skipped")
    }

    /// Reads, decompresses and recognises the input at `path` ("-": standard
    /// input), whole. Inputs larger than ``maxBytes`` once decompressed are refused.
    public func load(_ path: String) throws(IngestProblem) -> Input {
        let (stream, format) = try open(path)
        return Input(path: path, format: format, data: try readAll(stream, path: path))
    }

    /// Opens the input at `path` as a stream of decompressed bytes, with its
    /// format. Anything but a regular file (or "-", standard input) is
    /// refused before it is opened, as ``files(in:)`` refuses it.
    func open(_ path: String) throws(IngestProblem) -> (ByteStream, InputFormat) {
        if path != "-" {
            switch InputLoader.kind(of: path) {
            case .other(let what): throw InputLoader.notRegular(path, what)
            case .folder: throw InputLoader.notRegular(path, "a folder")
            case .regular, .missing: break  // ByteStream reports a file it cannot open
            }
        }
        let stream = try ByteStream(path: path)
        let first = try stream.next() ?? []
        stream.pushBack(first)
        return (stream, format ?? InputLoader.recognise(path: path, data: first))
    }

    /// The rest of `stream`, refusing more than ``maxBytes``.
    func readAll(_ stream: ByteStream, path: String) throws(IngestProblem) -> [UInt8] {
        var data: [UInt8] = []
        while let chunk = try stream.next() {
            data += chunk
            if data.count > maxBytes {
                throw IngestProblem(
                    location: SourceLocation(path: path, line: 0), reason: "file too large (over \(maxBytes) bytes)")
            }
        }
        return data
    }

    /// The format of an input: from its extension (after any .xz or .gz),
    /// else from its first non-blank bytes.
    public static func recognise(path: String, data: [UInt8]) -> InputFormat {
        var name = (path as NSString).lastPathComponent.lowercased()
        for suffix in [".xz", ".gz", ".gzip"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        switch (name as NSString).pathExtension {
        case "jsonl", "ndjson": return .jsonl
        case "html", "htm", "xhtml": return .html
        case "rss", "atom", "xml", "feed": return .feed
        case "txt", "text", "md": return .text
        default: break
        }
        let head = String(decoding: data.prefix(2048), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            .lowercased()
        if head.hasPrefix("{") { return .jsonl }
        if head.hasPrefix("<") {
            if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") { return .feed }
            return .html
        }
        return .text
    }
}

extension InputLoader {
    /// JSON Lines from JSON text that may also be one JSON object (over
    /// several lines or not) or an array of them, as a request body may be:
    /// the whole text is tried as one JSON value first; an array becomes one
    /// line per item (an item that is not an object or array becomes a `null`
    /// line, which the reader reports as not an object, with the item's
    /// place as its line number), and text that is not one value is taken as
    /// JSON Lines already.
    public static func jsonLines(_ data: [UInt8]) -> [UInt8] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(data)) else { return data }
        let items: [Any] = (value as? [Any]) ?? [value]
        var out: [UInt8] = []
        for item in items {
            guard JSONSerialization.isValidJSONObject(item),
                let line = try? JSONSerialization.data(withJSONObject: item)
            else {
                out += Array("null\n".utf8)
                continue
            }
            out += Array(line) + [0x0A]
        }
        return out
    }
}
