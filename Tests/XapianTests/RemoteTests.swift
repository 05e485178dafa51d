import Foundation
import TestSupport
import Testing
import Xapian

#if canImport(Glibc)
    import Glibc
#endif

/// A `xapian-tcpsrv` serving one database on 127.0.0.1, stopped on deinit.
///
/// Spawned in a process group of its own, so that stopping it can kill the
/// children it forks for connections (and its own signal handling never
/// reaches the test runner).
final class RemoteServer {
    static let executable = ["/usr/bin/xapian-tcpsrv", "/usr/local/bin/xapian-tcpsrv"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let port: Int
    private var pid: pid_t = 0

    init(database path: String) throws {
        guard let executable = RemoteServer.executable else { throw CocoaError(.fileNoSuchFile) }
        port = try RemoteServer.freePort()
        pid = try Command.spawn(executable, ["--interface", "127.0.0.1", "--port", String(port), path])
    }

    var isRunning: Bool {
        guard pid > 0 else { return false }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Connects, retrying while the server starts (up to 10 s).
    func connect() throws -> Database {
        let deadline = Date().addingTimeInterval(10)
        while true {
            let attempt: Result<Database, any Error> = Result {
                try Database.remote(host: "127.0.0.1", port: port, timeout: 5, connectTimeout: 1)
            }
            if case .failure = attempt, Date() < deadline, isRunning {
                usleep(50_000)
                continue
            }
            return try attempt.get()
        }
    }

    /// Stops the server and the children it forked for connections.
    func stop() {
        guard pid > 0 else { return }
        kill(-pid, SIGKILL)
        _ = Command.wait(pid)
        pid = 0
    }

    deinit {
        stop()
    }

    /// A port that was free a moment ago (xapian-tcpsrv refuses port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

@Suite(
    "Remote backend (xapian-tcpsrv on loopback)",
    .enabled(
        if: RemoteServer.executable != nil,
        "xapian-tcpsrv is not installed (Debian package xapian-tools; tools/setup.sh installs it)")
)
struct RemoteTests {
    @Test("two remote shards give the same hits, weights and category counts as one local database")
    func remoteShards() throws {
        let shards = ShardTests()
        let (dir, _) = try shards.build()
        let server1 = try RemoteServer(database: dir.path("s1"))
        let server2 = try RemoteServer(database: dir.path("s2"))
        let remote = try Database(shards: [server1.connect(), server2.connect()])
        let single = try Database(path: dir.path("single"))
        #expect(try remote.documentCount == single.documentCount)
        for word in ["coup", "sanctions", "oil"] {
            let query = try Query(.or, [Query(term: word), Query(term: "border")])
            #expect(try shards.ranked(remote, query) == shards.ranked(single, query))
            let counts: (Database) throws -> [ValueCount] = { database in
                let enquire = try Enquire(database: database)
                try enquire.setQuery(query)
                let spy = try ValueCountMatchSpy(slot: Sample.slotCategory)
                try enquire.add(spy)
                _ = try enquire.mset(limit: 10, checkAtLeast: database.documentCount)
                return try spy.values()
            }
            #expect(try counts(remote) == counts(single))
        }
    }

    @Test("the stock server cannot run the multi-value spy: a clear error, never a crash")
    func multiValueSpyOverRemote() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("db")).close()
        let server = try RemoteServer(database: dir.path("db"))
        let remote = try server.connect()
        let enquire = try Enquire(database: remote)
        try enquire.setQuery(Query.matchAll())
        try enquire.add(MultiValueCountMatchSpy(slot: Sample.slotCountries))
        do {
            _ = try enquire.mset(limit: 10, checkAtLeast: 6)
            Issue.record("the stock xapian-tcpsrv ran an unregistered match spy")
        } catch {
            #expect(error.message.contains("not registered") || error.code == .invalidArgument, "\(error)")
        }
    }

    @Test("a server that goes away gives a network error")
    func serverGone() throws {
        let dir = TemporaryDirectory()
        try Sample.build(at: dir.path("db")).close()
        let server = try RemoteServer(database: dir.path("db"))
        let remote = try server.connect()
        #expect(try remote.documentCount == 6)
        server.stop()
        do {
            let enquire = try Enquire(database: remote)
            try enquire.setQuery(Query(term: "mali"))
            _ = try enquire.mset(limit: 10)
            _ = try remote.termFrequency("niger")
            Issue.record("a query against a stopped server succeeded")
        } catch {
            #expect([.network, .networkTimeout].contains(error.code), "\(error)")
        }
    }
}
