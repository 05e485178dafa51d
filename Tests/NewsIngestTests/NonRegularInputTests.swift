import Foundation
import NewsIngest
import NewsModel
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Only regular files are read: a FIFO, socket or device, given or found in
/// a folder, is named in a problem and skipped without being opened (opening
/// a FIFO for reading waits for a writer, forever).
@Suite("Inputs that are not regular files")
struct NonRegularInputTests {
    let dir = TemporaryDirectory()

    static let identity: @Sendable ([RawArticle]) -> [Article] = { raws in
        raws.map { Article(id: $0.id ?? "", title: $0.title ?? "", body: $0.body, source: "test") }
    }

    init() throws {
        try dir.write(
            #"{"id": "g1", "title": "Coup in Niger", "body": "Soldiers seized power."}"# + "\n", to: "in/a.jsonl")
        try dir.write(#"{"id": "g2", "title": "Talks in Accra", "body": "Talks went on."}"# + "\n", to: "in/c.jsonl")
        try #require(mkfifo(dir.path("in/b.jsonl"), 0o644) == 0, "mkfifo: \(String(cString: strerror(errno)))")
    }

    /// The reason of the problem reported for `path`, if any.
    func reason(_ problems: [IngestProblem], _ path: String) -> String? {
        problems.first { $0.location.path == path }?.reason
    }

    @Test("a FIFO given or found in a folder is reported by path, skipped, and the rest listed")
    func listing() throws {
        let loader = InputLoader()
        let given = loader.files(in: [dir.path("in/a.jsonl"), dir.path("in/b.jsonl"), "-"])
        #expect(given.files == [dir.path("in/a.jsonl"), "-"], "standard input stays allowed")
        #expect(reason(given.problems, dir.path("in/b.jsonl")) == "not a regular file (a FIFO); skipped")
        let folder = loader.files(in: [dir.path("in")])
        #expect(folder.files == [dir.path("in/a.jsonl"), dir.path("in/c.jsonl")])
        #expect(folder.problems.map(\.location) == [SourceLocation(path: dir.path("in/b.jsonl"), line: 0)])
        #expect(
            folder.problems.first?.description == dir.path("in/b.jsonl") + ":0: not a regular file (a FIFO); skipped")
        // Through a trailing slash too, named as the folder was given.
        let slash = loader.files(in: [dir.path("in") + "/"])
        #expect(slash.problems.map(\.location.path) == [dir.path("in") + "/b.jsonl"])
    }

    @Test("a symbolic link is followed: to a regular file it is read, to a FIFO refused")
    func links() throws {
        try FileManager.default.createDirectory(atPath: dir.path("links"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: dir.path("links/good.jsonl"), withDestinationPath: dir.path("in/a.jsonl"))
        try FileManager.default.createSymbolicLink(
            atPath: dir.path("links/pipe.jsonl"), withDestinationPath: dir.path("in/b.jsonl"))
        let listed = InputLoader().files(in: [dir.path("links")])
        #expect(listed.files == [dir.path("links/good.jsonl")])
        #expect(reason(listed.problems, dir.path("links/pipe.jsonl")) == "not a regular file (a FIFO); skipped")
        let direct = InputLoader().files(in: [dir.path("links/pipe.jsonl")])
        #expect(direct.files.isEmpty && direct.problems.count == 1)
    }

    @Test("a device and a socket are refused the same way; load refuses them without opening them")
    func devicesAndSockets() throws {
        let loader = InputLoader()
        let device = loader.files(in: ["/dev/null"])
        #expect(device.files.isEmpty)
        #expect(reason(device.problems, "/dev/null") == "not a regular file (a character device); skipped")

        let socketPath = dir.path("s.sock")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0, "bind: \(String(cString: strerror(errno)))")
        let socketListing = loader.files(in: [socketPath])
        #expect(reason(socketListing.problems, socketPath) == "not a regular file (a socket); skipped")

        // load is refused before opening anything, so it returns at once.
        let fifo = dir.path("in/b.jsonl")
        let outcome = withDeadline(30) { () throws -> String in
            do {
                _ = try InputLoader().load(fifo)
                return "loaded"
            } catch {
                return String(describing: error)
            }
        }
        #expect(try #require(outcome).get() == fifo + ":0: not a regular file (a FIFO); skipped")
        #expect(throws: IngestProblem.self) { try loader.load("/dev/null") }
    }

    @Test("a pipeline over a good file and a FIFO ends, reads the good file and names the FIFO")
    func pipeline() throws {
        let paths = [dir.path("in/a.jsonl"), dir.path("in/b.jsonl"), dir.path("in")]
        let outcome = withDeadline(60) { () throws -> ([String], [IngestProblem], IngestSummary) in
            var ids: [String] = []
            var problems: [IngestProblem] = []
            let summary = try IngestPipeline(enrich: Self.identity).run(paths) { event in
                switch event {
                case .article(let article, _): ids.append(article.id)
                case .problem(let problem): problems.append(problem)
                default: break
                }
            }
            return (ids, problems, summary)
        }
        let (ids, problems, summary) = try #require(outcome, "the pipeline did not end").get()
        #expect(ids == ["g1", "g2"], "g1 again from the folder is an exact duplicate")
        #expect(problems.map(\.location.path) == [dir.path("in/b.jsonl"), dir.path("in/b.jsonl")])
        #expect(summary.rejected == 2)
        #expect(summary.inputs == 3)
    }
}
