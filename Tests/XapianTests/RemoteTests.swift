import Foundation
import TestSupport
import Testing
import Xapian

#if canImport(Glibc)
    import Glibc
#endif

extension RemoteServer {
    /// Connects, retrying while the server starts (up to 10 s).
    func connect() throws -> Database {
        try waitUntilListening()
        return try Database.remote(host: "127.0.0.1", port: port, timeout: 5, connectTimeout: 1)
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
