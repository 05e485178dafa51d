import Foundation
import NewsEnrich
import NewsIndex
import NewsModel
import NewsSearch
import NewsServer
import TestSupport
import Testing
import Xapian

/// A sharded index served by Debian's stock `xapian-tcpsrv`, one server per
/// shard on 127.0.0.1, searched through a client folder written by
/// `RemoteIndex.connect`: every answer must equal the local sharded index's.
@Suite(
    "Remote shards (stock xapian-tcpsrv on loopback)",
    .serialized,
    .enabled(
        if: RemoteServer.executable != nil,
        "xapian-tcpsrv is not installed (Debian package xapian-tools; tools/setup.sh installs it)")
)
final class RemoteShardTests {
    let dir = TemporaryDirectory()
    let servers: [RemoteServer]
    let local: String
    let client: String

    /// The search archive and 300 generated articles: several countries,
    /// categories and topics each, dates over four years, some texts repeated.
    static let archive: [Article] = {
        let countries = ["ML", "BF", "NE", "SN", "TD", "NG", "SD"]
        let categories = ["Coups", "Diplomacy", "Sanctions", "Security", "Elections"]
        let topics = ["coup", "sanctions", "terrorism", "diplomacy", "elections", "protests"]
        let words = [
            "junta", "soldiers", "election", "ballot", "sanctions", "border", "convoy", "attack", "ceasefire",
            "alliance", "embargo", "mediation", "protest", "curfew", "mutiny", "referendum", "militia", "oil",
        ]
        var articles = searchArchive
        for n in 0..<300 {
            let text = (0..<12).map { words[($0 * 7 + n * 3 + $0 * n) % words.count] }.joined(separator: " ")
            let body = n % 25 == 0 ? "A repeated wire statement about the junta and the border." : text + "."
            let day = n % 1400
            let (year, month, date) = CivilDate.components(CivilDate.day(year: 2021, month: 1, day: 1)! + day)
            articles.append(
                Article(
                    id: "g\(n)", title: "Report \(n): \(words[n % words.count]) \(words[(n / 3) % words.count])",
                    body: body, date: String(format: "%04d-%02d-%02d", year, month, date),
                    countries: [], countryCodes: (0..<(n % 4)).map { countries[(n + $0 * 2) % countries.count] },
                    categories: [categories[n % categories.count]] + (n % 6 == 0 ? [categories[(n + 1) % 5]] : []),
                    topics: (0..<(n % 3 + 1)).map { topics[(n + $0) % topics.count] }, source: "gen"))
        }
        return articles
    }()

    init() throws {
        let local = dir.path("sharded")
        let client = dir.path("client")
        try rebuild(local, RemoteShardTests.archive, jobs: 3, keepShards: true)
        let servers = try (0..<3).map { try RemoteServer(database: "\(local)/shards/\($0)") }
        for server in servers { try server.waitUntilListening() }
        _ = try RemoteIndex.connect(folder: client, shards: servers.map { ("127.0.0.1", $0.port) }, from: local)
        self.local = local
        self.client = client
        self.servers = servers
    }

    func remote(timeout: Double = 5) throws -> Searcher {
        try Searcher(path: client, remote: RemoteOptions(timeout: timeout, connectTimeout: 1))
    }

    /// The JSON of `results` without its timings.
    func json(_ results: SearchResults?) -> String {
        guard var results else { return "nil" }
        results.timings = SearchTimings()
        return String(decoding: SearchJSON(results).bytes(), as: UTF8.self)
    }

    @Test("searches through three stock shard servers equal the local sharded index, feature by feature")
    func sameAnswers() throws {
        let here = try Searcher(path: local)
        let there = try remote()
        #expect(there.articleCount == here.articleCount)
        // The client's stub is in Xapian's own format: Xapian opens it too.
        #expect(try Database(path: client).documentCount == here.articleCount)
        #expect(try IndexStats(path: client).shards == 3)
        var requests: [SearchRequest] = []
        for query in ["junta", "sanctions OR embargo", "\"wire statement\"", "title:report border", "burkina", ""] {
            requests.append(SearchRequest(query: query, limit: 10, facets: true))
            requests.append(SearchRequest(query: query, limit: 20, facets: false, collapse: false))
            requests.append(SearchRequest(query: query, limit: 5, offset: 5, facets: true, recencyHalfLife: 90))
            requests.append(SearchRequest(query: query, sort: .date, limit: 10, facets: true))
            requests.append(SearchRequest(query: query, sort: .oldest, limit: 10))
            // Disjunctive facets: each filtered facet counted without its own filter.
            requests.append(
                SearchRequest(
                    query: query,
                    filters: SearchFilters(values: ["country": ["ML", "NE"], "topic": ["coup"]]),
                    limit: 10, facets: true))
            requests.append(
                SearchRequest(
                    query: query, filters: SearchFilters(values: ["from": ["2022-03"], "to": ["2023-06-30"]]),
                    limit: 10, facets: true, recencyHalfLife: 30))
        }
        // Did you mean: spelling data comes from the client's local database.
        requests.append(SearchRequest(query: "sanctoins", limit: 10))
        requests.append(SearchRequest(query: "juntta border", limit: 10, facets: true))
        for request in requests {
            #expect(json(try there.search(request)) == json(try here.search(request)), "\(request)")
        }
        // The repeated statement (every 25th generated article, 12 copies): one
        // hit standing for exactly 11 others, counted from the hash's postings.
        let repeated = try there.search(SearchRequest(query: "\"wire statement\" junta", limit: 10))
        #expect(repeated.hits.map(\.collapsed) == [11])
        #expect(repeated.total == 12)
        let spelled = try there.search(SearchRequest(query: "sanctoins", limit: 10))
        #expect(spelled.suggestion == "sanctions" || spelled.correctedQuery == "sanctions")
        // Whole articles and more like this.
        for id in ["ml1", "g7", "g150"] {
            #expect(
                json(try there.similar(to: id, request: SearchRequest(query: "", limit: 10)))
                    == json(
                        try here.similar(to: id, request: SearchRequest(query: "", limit: 10))))
            #expect(try there.article(id: id) == here.article(id: id))
        }
        #expect(
            try json(there.facets(SearchFilters(values: ["country": ["BF"]])))
                == json(
                    here.facets(SearchFilters(values: ["country": ["BF"]]))))
    }

    @Test("phrases under OR, settled ahead on a local database, rank and count as a stock server matches them")
    func settledPhrases() throws {
        // One shard: the same document ids locally and through the server.
        let single = dir.path("single")
        try rebuild(single, RemoteShardTests.archive)
        // The one database its stub names ("auto gen-…/db").
        let stub = try String(contentsOfFile: single + "/XAPIANDB", encoding: .utf8)
        let database = try #require(stub.split(whereSeparator: \.isNewline).first?.split(separator: " ").last)
        let server = try RemoteServer(database: "\(single)/\(database)")
        try server.waitUntilListening()
        let client = dir.path("single-client")
        _ = try RemoteIndex.connect(folder: client, shards: [("127.0.0.1", server.port)], from: single)
        let here = try Searcher(path: single)
        let there = try Searcher(path: client, remote: RemoteOptions(timeout: 5, connectTimeout: 1))
        #expect(!here.isRemote && there.isRemote)
        for query in [
            "ECOWAS", "junta OR \"repeated wire statement\"", "border (\"ceasefire alliance\" OR mutiny)",
            "\"soldiers election ballot\" OR \"embargo mediation protest\" OR curfew",
            "oil -(\"junta soldiers election\" OR attack)",
        ] {
            for request in [
                SearchRequest(query: query, limit: 10, facets: true),
                SearchRequest(query: query, limit: 20, facets: false, collapse: false),
                SearchRequest(query: query, limit: 10, facets: false),
                SearchRequest(query: query, sort: .date, limit: 5, offset: 3, facets: true, recencyHalfLife: 90),
                SearchRequest(
                    query: query, filters: SearchFilters(values: ["country": ["ML", "NE"]]), limit: 10, facets: true),
                // Without facets, phrases are settled within the filter alone.
                SearchRequest(
                    query: query, filters: SearchFilters(values: ["country": ["ML", "NE"]]), limit: 10, facets: false),
            ] {
                let local = try here.search(request)
                #expect(json(local) == json(try there.search(request)), "\(request)")
                if request.limit == 20 { #expect(local.total > 0, "\(query) finds something") }
            }
        }
    }

    @Test("timelines through three stock shard servers equal the local sharded index's, and the remote facets")
    func sameTimelines() throws {
        let here = try Searcher(path: local)
        let there = try remote()
        for query in ["junta", "sanctions OR embargo", ""] {
            for interval in TimelineInterval.allCases {
                for by in TimelineDimension.allCases {
                    let request = TimelineRequest(
                        query: query, filters: SearchFilters(from: "2021-06", to: "2024-02-10"), by: by,
                        interval: interval, top: 6)
                    let far = try there.timeline(request)
                    #expect(try far.jsonBytes() == here.timeline(request).jsonBytes(), "\(query) \(by) \(interval)")
                    #expect(!far.series.isEmpty && !far.buckets.isEmpty, "\(query) \(by) \(interval)")
                }
            }
        }
        // Named series: each one's months are the remote month facet with it as a filter.
        let named = try there.timeline(TimelineRequest(query: "junta", series: ["Mali", "Chad"]))
        #expect(named.series.map(\.value) == ["ML", "TD"])
        for line in named.series {
            let facets = try there.facets(SearchFilters(countries: [line.value]), query: "junta")
            var months: [String: Int] = [:]
            for (bucket, count) in zip(named.buckets, line.counts) where count > 0 { months[bucket] = count }
            let expected = (facets.facets?[Facet(rawValue: "month")!] ?? []).map { [$0.value: $0.count] }
            #expect(months.sorted { $0.key < $1.key }.map { [$0.key: $0.value] } == expected, "\(line.value)")
            #expect(line.total == facets.total && line.total > 0)
        }
    }

    @Test("a watch through three stock shard servers: the same latest arrival and the same new articles as locally")
    func sameWatch() throws {
        let here = try Searcher(path: local)
        let there = try remote()
        #expect(try !here.latestArrival.isEmpty && there.latestArrival == here.latestArrival)
        let watch = Watch(name: "junta", query: "junta", seen: "")
        let near = try here.new(for: watch, limit: 100)
        let far = try there.new(for: watch, limit: 100)
        #expect(near.total > 0 && far.total == near.total)
        #expect(Set(far.hits.map(\.article.id)) == Set(near.hits.map(\.article.id)))
        #expect(far.hits.map(\.arrived) == near.hits.map(\.arrived), "newest arrival first, stamps and all")
        let seen = Watch(name: "junta", query: "junta", seen: try there.latestArrival)
        #expect(try there.new(for: seen).total == 0, "seen now: nothing new")
    }

    @Test("an export through three stock shard servers holds the same articles as the local sharded index's")
    func sameExport() throws {
        for query in ["junta", "sanctions OR embargo", ""] {
            var exported: [[String: String]] = []
            for searcher in [try Searcher(path: local), try remote()] {
                // Small passes and pages, so that both page through several.
                let cursor = try searcher.export(SearchRequest(query: query), pageSize: 7, matchPage: 11)
                var titles: [String: String] = [:]
                while let page = try cursor.next() {
                    for article in page {
                        #expect(titles[article.id] == nil, "\(article.id) once")
                        titles[article.id] = article.title
                    }
                }
                exported.append(titles)
            }
            #expect(exported[0] == exported[1], "\(query)")
            #expect(exported[0].count == (try Searcher(path: local).facets(SearchFilters(), query: query).total))
        }
    }

    @Test("a killed shard server: an error naming it within the timeout; the next search after it restarts succeeds")
    func killedShard() throws {
        let pool = SearcherPool(path: client, remote: RemoteOptions(timeout: 2, connectTimeout: 1))
        let ok = try pool.withSearcher { searcher throws(SearchError) in try searcher.search("junta").total }
        #expect(ok > 0)
        servers[1].stop()
        let started = Date()
        do {
            _ = try pool.withSearcher { searcher throws(SearchError) in try searcher.search("junta") }
            Issue.record("a search with a shard down succeeded")
        } catch {
            #expect(error.isShardUnavailable)
            #expect(error.description.contains(servers[1].address), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 2 + 1.5)
        let back = try RemoteServer(database: servers[1].database, port: servers[1].port)
        try back.waitUntilListening()
        let again = try pool.withSearcher { searcher throws(SearchError) in try searcher.search("junta").total }
        #expect(again == ok)
    }

    @Test("a stalled shard server (SIGSTOP) fails the search within the timeout, naming it")
    func stalledShard() throws {
        let searcher = try remote(timeout: 1)
        #expect(try searcher.search("junta").total > 0)
        servers[2].pause(true)
        defer { servers[2].pause(false) }
        let started = Date()
        do {
            _ = try searcher.search(SearchRequest(query: "border", limit: 10, facets: true))
            Issue.record("a search with a stalled shard succeeded")
        } catch {
            #expect(error.isShardUnavailable)
            #expect(error.description.contains(servers[2].address), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < 1 + 1.5)
        servers[2].pause(false)
        #expect(try remote().search("border").total > 0)
    }

    @Test("shards rebuilt on the indexing host while the service searches through them: no search fails")
    func rebuildUnderSearch() throws {
        let pool = SearcherPool(path: client, remote: RemoteOptions(timeout: 5, connectTimeout: 1, reconnectAfter: 0.3))
        func total(_ query: String) throws -> Int {
            try pool.withSearcher { searcher throws(SearchError) in try searcher.search(query).total }
        }
        #expect(try total("quokkaland") == 0)
        let loop = SearchLoop {
            _ = try pool.withSearcher { searcher throws(SearchError) in try searcher.search("junta").total }
        }
        let fresh = article("fresh1", "Quokkaland accord", "Envoys signed the Quokkaland accord.")
        try rebuild(local, Array(RemoteShardTests.archive.suffix(100)) + [fresh], jobs: 3, keepShards: true, grace: 0.5)
        usleep(600_000)
        #expect(loop.stop() == [])
        #expect(try total("quokkaland") == 1)
    }

    @Test(
        "shard servers each in a network namespace of its own, over a veth pair (netem: 1 ms each way): the same answers",
        .enabled(
            if: NetworkNamespace.unavailableReason == nil,
            "network namespaces are not permitted here (ip netns needs root and CAP_NET_ADMIN; iproute2)")
    )
    func acrossANetwork() throws {
        let namespaces = try (0..<3).map { _ in try NetworkNamespace(delayMs: 1) }
        let far = try (0..<3).map {
            try RemoteServer(database: "\(local)/shards/\($0)", namespace: namespaces[$0])
        }
        for server in far { try server.waitUntilListening() }
        let folder = dir.path("far")
        _ = try RemoteIndex.connect(folder: folder, shards: far.map { ($0.host, $0.port) }, from: local)
        let there = try Searcher(path: folder, remote: RemoteOptions(timeout: 5, connectTimeout: 2))
        let here = try Searcher(path: local)
        for request in [
            SearchRequest(query: "junta border", limit: 10, facets: true),
            SearchRequest(
                query: "sanctions", filters: SearchFilters(values: ["country": ["NE"]]), sort: .date, limit: 5,
                facets: true, recencyHalfLife: 90),
        ] {
            let started = Date()
            #expect(json(try there.search(request)) == json(try here.search(request)), "\(request)")
            // The search's round trips really crossed the delayed link (where
            // the kernel has netem; otherwise the veth pair is undelayed).
            if namespaces.allSatisfy(\.isDelayed) { #expect(Date().timeIntervalSince(started) >= 0.002) }
        }
        for server in far { server.stop() }
    }

    @Test("writers refuse a client folder: ingest and rebuild happen where the shards are")
    func clientIsReadOnly() throws {
        #expect(throws: IndexError.self) { _ = try IndexWriter(configuration: IndexConfiguration(path: self.client)) }
        #expect(throws: IndexError.self) {
            _ = try IndexBuilder(configuration: IndexConfiguration(path: self.client), corpus: "x")
        }
        #expect(try IndexStub.read(folder: client)?.hasRemote == true)
    }

    @Test("an ingest on the indexing host is found through the shard servers at once")
    func ingestIsSeen() throws {
        let searcher = try remote()
        #expect(try searcher.search("zanzibarite").total == 0)
        let writer = try IndexWriter(configuration: IndexConfiguration(path: local))
        try writer.add([(article("new1", "Zanzibarite envoy", "A zanzibarite envoy arrived."), nil)])
        try writer.close()
        try searcher.refresh()
        #expect(try searcher.search("zanzibarite").hits.map(\.article.id) == ["new1"])
    }
}

@Suite("Index stub files")
struct IndexStubTests {
    @Test("auto, glass and remote lines; comments and blank lines skipped; the text round-trips")
    func parses() throws {
        let stub = try IndexStub(text: "# shards\nauto gen-1/db\n\nremote 10.0.0.7:9001\nglass /abs/db\n")
        #expect(stub.entries == [.local("gen-1/db"), .remote(host: "10.0.0.7", port: 9001), .local("/abs/db")])
        #expect(stub.hasRemote)
        #expect(try IndexStub(text: stub.text) == stub)
    }

    @Test("a malformed line names the file and line")
    func malformed() {
        for (text, line) in [("auto a\nremote xapian-progsrv db\n", 2), ("inmemory\n", 1), ("remote h:99999\n", 1)] {
            do {
                _ = try IndexStub(text: text, file: "X")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.description.hasPrefix("X:\(line): "), "\(error)")
            }
        }
    }
}

/// Debian's `xapian-replicate-server` and `xapian-replicate`, when installed.
let replicationTools: (server: String, client: String)? = {
    for folder in ["/usr/bin", "/usr/local/bin"]
    where FileManager.default.isExecutableFile(atPath: folder + "/xapian-replicate-server") {
        return (folder + "/xapian-replicate-server", folder + "/xapian-replicate")
    }
    return nil
}()

/// Read replicas kept by Debian's stock `xapian-replicate-server` and
/// `xapian-replicate`, pulling each shard through its stub `shards/K`.
@Suite(
    "Read replicas (stock xapian-replicate on loopback)",
    .serialized,
    .enabled(
        if: replicationTools != nil,
        "xapian-replicate-server is not installed (Debian package xapian-tools; tools/setup.sh installs it)")
)
final class ReplicaTests {
    let dir = TemporaryDirectory()
    let master: String
    let replica: String
    let port: Int
    private var server: pid_t = 0

    init() throws {
        master = dir.path("master")
        replica = dir.path("replica")
        try rebuild(master, Array(RemoteShardTests.archive.prefix(120)), jobs: 3, keepShards: true)
        port = try RemoteServer.freePort()
        server = try Command.spawn(
            replicationTools!.server, ["--interface", "127.0.0.1", "--port", String(port), master])
        try FileManager.default.createDirectory(atPath: replica, withIntermediateDirectories: true)
        // The replica's own stub names its three replicated shards.
        try "auto shard-0\nauto shard-1\nauto shard-2\n".write(
            toFile: replica + "/XAPIANDB", atomically: true, encoding: .utf8)
    }

    deinit {
        kill(server, SIGKILL)
        _ = Command.wait(server)
    }

    /// Pulls every shard once; returns what xapian-replicate reported.
    func pull() throws -> String {
        var report = ""
        for shard in 0..<3 {
            var result: CommandResult?
            // The server may still be starting: retry a few times.
            for _ in 0..<50 {
                result = try Command.run(
                    replicationTools!.client,
                    [
                        "-h", "127.0.0.1", "-p", String(port), "-m", "shards/\(shard)", "-o", "-r", "0", "-v",
                        replica + "/shard-\(shard)",
                    ], timeout: 60)
                if result!.status == 0 { break }
                usleep(100_000)
            }
            #expect(result?.status == 0, "\(result?.stderr ?? "")")
            report += (result?.stdout ?? "") + (result?.stderr ?? "")
        }
        return report
    }

    @Test(
        "a replica answers as the master; an ingest arrives as changesets; a rebuild as a full copy, no search failing")
    func replicate() throws {
        #expect(try pull().contains("1 copies"))
        let pool = SearcherPool(path: replica)
        let here = try Searcher(path: master)
        func total(_ query: String) throws -> Int {
            try pool.withSearcher { searcher throws(SearchError) in try searcher.search(query).total }
        }
        #expect(try total("junta") == here.search("junta").total)

        // An ingest on the master, with changesets written (Xapian's own variable).
        let input = dir.path("new.jsonl")
        try
            #"{"id":"z1","title":"Zanzibarite envoy","body":"A zanzibarite envoy arrived in Bamako.","date":"2024-05-01"}"#
            .write(toFile: input, atomically: true, encoding: .utf8)
        let ingest = try Command.run(
            Command.dossier, ["ingest", input, "--index", master], environment: ["XAPIAN_MAX_CHANGESETS": "10"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(try total("zanzibarite") == 0)
        #expect(try pull().contains("changesets"))
        #expect(try total("zanzibarite") == 1)

        // A rebuild on the master: each replica shard takes a full copy into a
        // new folder and switches its stub; searches keep succeeding.
        let loop = SearchLoop(minimum: 1) {
            _ = try pool.withSearcher { searcher throws(SearchError) in try searcher.search("junta").total }
        }
        try rebuild(master, Array(RemoteShardTests.archive.suffix(100)), jobs: 3, keepShards: true)
        #expect(try pull().contains("1 copies"))
        usleep(200_000)
        #expect(loop.stop() == [])
        #expect(try total("zanzibarite") == 0)
        #expect(try total("junta") == Searcher(path: master).search("junta").total)
    }
}
