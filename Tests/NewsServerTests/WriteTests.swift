import Foundation
import Hummingbird
import HummingbirdTesting
import NewsIndex
import NewsModel
import NewsServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("HTTP API: writes, metrics, errors")
struct WriteTests {
    let dir = TemporaryDirectory()

    init() throws {
        try buildIndex(dir.path("index"), serverArchive)
        try FileManager.default.createDirectory(atPath: dir.path("corpus"), withIntermediateDirectories: true)
        try #"{"id": "c1", "title": "Coup in Gabon", "body": "Officers seized power in Libreville."}"#.write(
            toFile: dir.path("corpus/a.jsonl"), atomically: true, encoding: .utf8)
    }

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let text: String
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        }
        var error: [String: Any] { object["error"] as? [String: Any] ?? [:] }
    }

    func send(
        _ server: APIServer, _ uri: String, method: HTTPRequest.Method = .get, token: String? = nil, body: String? = nil
    ) async throws -> Reply {
        let app = Application(router: server.router())
        return try await app.test(.router) { client in
            var headers = HTTPFields()
            if let token { headers[.authorization] = "Bearer " + token }
            return try await client.execute(
                uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
            ) { response in
                Reply(status: response.status, text: String(buffer: response.body))
            }
        }
    }

    @Test("POST /api/articles: refused without a configured token (403) or with a wrong one (401)")
    func authorisation() async throws {
        let article = #"{"id": "x1", "title": "Protests in Lome", "body": "Protesters marched in Lome."}"#
        let closed = APIServer(index: dir.path("index"))
        let refused = try await send(closed, "/api/articles", method: .post, token: "s3cret", body: article)
        #expect(refused.status == .forbidden)
        #expect(refused.error["code"] as? String == "writes_disabled")
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        #expect(try await send(server, "/api/articles", method: .post, body: article).status == .unauthorized)
        #expect(
            try await send(server, "/api/articles", method: .post, token: "wrong", body: article).status
                == .unauthorized)
        #expect(try await send(server, "/api/search?q=lome").object["total"] as? Int == 0)
    }

    @Test("a service over remote shards refuses writes with 409 index_remote, naming where to write")
    func remoteIndexIsReadOnly() async throws {
        let client = dir.path("client")
        try FileManager.default.createDirectory(atPath: client, withIntermediateDirectories: true)
        try "remote 127.0.0.1:9\nremote 127.0.0.1:10\n".write(
            toFile: client + "/XAPIANDB", atomically: true, encoding: .utf8)
        let server = APIServer(index: client, corpus: dir.path("corpus"), token: "s3cret")
        let article = #"{"id": "x1", "title": "Protests in Lome", "body": "Protesters marched in Lome."}"#
        let ingest = try await send(server, "/api/articles", method: .post, token: "s3cret", body: article)
        #expect(ingest.status == .conflict, "\(ingest.text)")
        #expect(ingest.error["code"] as? String == "index_remote")
        #expect((ingest.error["message"] as? String)?.contains("remote 127.0.0.1:9") == true)
        let rebuild = try await send(server, "/api/index/rebuild", method: .post, token: "s3cret")
        #expect(rebuild.status == .conflict)
        #expect(rebuild.error["code"] as? String == "index_remote")
        // Nothing was written into the client folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: client).sorted() == ["XAPIANDB"])
    }

    @Test("POST /api/articles: JSON Lines, an object or an array, enriched and searchable at once")
    func ingest() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let ndjson = """
            {"id": "x1", "title": "Protests in Lome", "body": "Protesters marched in Lome, Togo, on Monday."}
            not json
            {"id": "x2", "title": "Floods in Niamey", "body": "Floods hit Niamey in Niger."}
            """
        let reply = try await send(server, "/api/articles", method: .post, token: "s3cret", body: ndjson)
        #expect(reply.status == .ok, "\(reply.text)")
        #expect(reply.object["added"] as? Int == 2)
        #expect((reply.object["problems"] as? [[String: Any]])?.first?["line"] as? Int == 2)
        let found = try await send(server, "/api/search?q=lome&facets=true")
        #expect(found.object["total"] as? Int == 1)
        // Enriched: the country was inferred from the text.
        let hit = try #require((found.object["hits"] as? [[String: Any]])?.first)
        #expect((hit["countryCodes"] as? [String])?.contains("TG") == true)
        // One object, then an array: the first replaces x1 rather than duplicating it.
        let one = #"{"id": "x1", "title": "Protests in Lome, updated", "body": "Protesters marched again."}"#
        #expect(
            try await send(server, "/api/articles", method: .post, token: "s3cret", body: one).object["replaced"]
                as? Int == 1)
        let array = #"[{"id": "x3", "title": "Talks in Accra", "body": "Talks in Accra."}]"#
        #expect(
            try await send(server, "/api/articles", method: .post, token: "s3cret", body: array).object["added"] as? Int
                == 1)
        #expect(try await send(server, "/api/search?q=protests").object["total"] as? Int == 1)
        let empty = try await send(server, "/api/articles", method: .post, token: "s3cret", body: "  ")
        #expect(empty.status == .badRequest)
    }

    @Test("DELETE /api/articles/{id}: needs the token; the article leaves search, facets and the journal; 404 after")
    func delete() async throws {
        let server = APIServer(index: dir.path("index"), corpus: dir.path("corpus"), token: "s3cret")
        let posted = """
            {"id": "x1", "title": "Protests in Lome", "body": "Protesters marched in Lome, Togo, on Monday."}
            {"id": "x2", "title": "Protests in Accra", "body": "Protesters marched in Accra, Ghana."}
            """
        #expect(try await send(server, "/api/articles", method: .post, token: "s3cret", body: posted).status == .ok)
        #expect(try await send(server, "/api/search?q=protests").object["total"] as? Int == 2)
        #expect(try await send(server, "/api/articles/x1", method: .delete).status == .unauthorized)
        let deleted = try await send(server, "/api/articles/x1", method: .delete, token: "s3cret")
        #expect(deleted.status == .ok, "\(deleted.text)")
        #expect(deleted.object["deleted"] as? String == "x1")
        #expect(try await send(server, "/api/articles/x1").status == .notFound)
        let found = try await send(server, "/api/search?q=protests&facets=true")
        #expect(found.object["total"] as? Int == 1)
        let countries = ((found.object["facets"] as? [String: Any])?["country"] as? [[String: Any]]) ?? []
        #expect(!countries.contains { $0["value"] as? String == "TG" }, "\(countries)")
        let journal = try String(contentsOfFile: dir.path("corpus/" + IngestJournal.fileName), encoding: .utf8)
        #expect(!journal.contains(#""id":"x1""#) && journal.contains(#""id":"x2""#))
        let again = try await send(server, "/api/articles/x1", method: .delete, token: "s3cret")
        #expect(again.status == .notFound)
        #expect(again.error["code"] as? String == "not_found")
    }

    @Test("POST /api/articles: exact duplicates within a body are reported and indexed once")
    func ingestDuplicates() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let body = """
            {"id": "d1", "title": "Floods in Niamey", "body": "Floods hit Niamey in Niger."}
            {"id": "d2", "title": "Floods in Niamey", "body": "Floods hit Niamey in Niger."}
            {"id": "d3", "title": "Talks in Accra", "body": "Talks in Accra, Ghana."}
            """
        let reply = try await send(server, "/api/articles", method: .post, token: "s3cret", body: body)
        #expect(reply.status == .ok, "\(reply.text)")
        #expect(reply.object["added"] as? Int == 2)
        #expect(reply.object["ids"] as? [String] == ["d1", "d3"])
        let duplicates = try #require(reply.object["duplicates"] as? [[String: Any]])
        #expect(duplicates.count == 1)
        #expect(duplicates.first?["id"] as? String == "d2")
        #expect(duplicates.first?["duplicateOf"] as? String == "d1")
        #expect(duplicates.first?["title"] as? String == "Floods in Niamey")
        #expect((reply.object["problems"] as? [Any])?.isEmpty == true)
        #expect(try await send(server, "/api/search?q=floods").object["total"] as? Int == 1)
        // The response, duplicates included, is what the OpenAPI document says.
        let document = try await send(server, "/api/openapi.json").object
        let schema: [String: Any] = ["$ref": "#/components/schemas/IngestReport"]
        #expect(validate(reply.object, schema, document: document) == [])
    }

    @Test("POST /api/articles: an id over Xapian's term limit is indexed (200), found by id, and replaced by id")
    func longID() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let id = String(repeating: "L", count: 300)
        let body = """
            {"id": "ok1", "title": "Strike in Conakry", "body": "Dockers went on strike in Conakry."}
            {"id": "\(id)", "title": "Strike in Freetown", "body": "Miners went on strike in Freetown."}
            """
        let reply = try await send(server, "/api/articles", method: .post, token: "s3cret", body: body)
        #expect(reply.status == .ok, "\(reply.text)")
        #expect(reply.object["added"] as? Int == 2)
        #expect(reply.object["ids"] as? [String] == ["ok1", id])
        let shown = try await send(server, "/api/articles/" + id)
        #expect(shown.status == .ok, "\(shown.text)")
        #expect(shown.object["id"] as? String == id)
        #expect(try await send(server, "/api/articles/\(id)/similar").status == .ok)
        let again = #"{"id": "\#(id)", "title": "Strike in Freetown ends", "body": "Miners went back to work."}"#
        let replaced = try await send(server, "/api/articles", method: .post, token: "s3cret", body: again)
        #expect(replaced.status == .ok, "\(replaced.text)")
        #expect(replaced.object["replaced"] as? Int == 1 && replaced.object["added"] as? Int == 0)
        #expect(try await send(server, "/api/search?q=freetown").object["total"] as? Int == 1)
        #expect(try await send(server, "/api/articles/" + id).object["title"] as? String == "Strike in Freetown ends")
    }

    @Test("POST /api/index/rebuild of a corpus with a 300-byte id and a FIFO ends and releases the lock")
    func hostileRebuild() async throws {
        let corpus = dir.path("hostile")
        let id = String(repeating: "L", count: 300)
        try dir.write(
            """
            {"id": "h1", "title": "Vote in Bissau", "body": "Voters in Bissau chose a parliament."}
            {"id": "\(id)", "title": "Vote in Praia", "body": "Voters in Praia chose a mayor."}
            """, to: "hostile/a.jsonl")
        #expect(mkfifo(dir.path("hostile/b.jsonl"), 0o644) == 0)
        let server = APIServer(index: dir.path("index"), corpus: corpus, token: "s3cret")
        #expect(try await send(server, "/api/index/rebuild", method: .post, token: "s3cret").status == .accepted)
        // Rebuilt within the deadline: both articles found, and then the lock
        // free again (an ingest is answered 200, not 409 index_busy).
        let deadline = Date().addingTimeInterval(120)
        var found = false
        while !found && Date() < deadline {
            found = try await send(server, "/api/search?q=voters").object["total"] as? Int == 2
            if !found { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(found, "the rebuild did not finish: \(server.writes.lastRebuild ?? "still running")")
        #expect(try await send(server, "/api/articles/" + id).status == .ok)
        let article = #"{"id": "h2", "title": "Vote in Bolama", "body": "Voters in Bolama chose a mayor."}"#
        var status: HTTPResponse.Status = .conflict
        while status == .conflict && Date() < deadline {
            status = try await send(server, "/api/articles", method: .post, token: "s3cret", body: article).status
            if status == .conflict { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == .ok, "the lock was not released")
    }

    @Test("articles posted through the API survive rebuilds, including one posted while a rebuild ran (202)")
    func journalSurvivesRebuilds() async throws {
        let corpus = dir.path("corpus")
        let server = APIServer(index: dir.path("index"), corpus: corpus, token: "s3cret")
        let posted = #"{"id": "p1", "title": "Talks in Lome", "body": "Delegates met in Lome for talks."}"#
        #expect(try await send(server, "/api/articles", method: .post, token: "s3cret", body: posted).status == .ok)
        let journal = try String(contentsOfFile: corpus + "/" + IngestJournal.fileName, encoding: .utf8)
        #expect(journal.contains(#""id":"p1""#), "kept in the corpus's journal: \(journal)")
        // A rebuild from the corpus keeps it.
        #expect(try await send(server, "/api/index/rebuild", method: .post, token: "s3cret").status == .accepted)
        var outcome: String?
        for _ in 0..<600 where outcome == nil {
            try await Task.sleep(for: .milliseconds(50))
            outcome = server.writes.lastRebuild
        }
        #expect(outcome?.hasPrefix("rebuilt") == true, "\(outcome ?? "no outcome")")
        #expect(try await send(server, "/api/articles/p1").status == .ok, "after a rebuild")
        #expect(try await send(server, "/api/search?q=libreville").object["total"] as? Int == 1, "and the corpus")

        // A rebuild running (held at its first article): a post is kept in the
        // journal and answered 202, and the new index holds it.
        // The rebuild runs on a thread of its own, off Swift's cooperative
        // pool, since it blocks while held.
        let running = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let index = dir.path("index")
        let added = Mutex<Result<Int, any Error>?>(nil)
        Thread {
            var first = true
            let result = Result { () throws -> Int in
                try IndexJobs(configuration: IndexConfiguration(path: index, grace: 0)).rebuild(corpus: corpus) { _ in
                    if first {
                        first = false
                        running.signal()
                        release.wait()
                    }
                }.added
            }
            added.withLock { $0 = result }
        }.start()
        while running.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(10)) }
        let during = #"{"id": "p2", "title": "Strike in Accra", "body": "Dockers in Accra stopped work."}"#
        let queued = try await send(server, "/api/articles", method: .post, token: "s3cret", body: during)
        #expect(queued.status == .accepted, "\(queued.text)")
        #expect(queued.object["queued"] as? Int == 1)
        #expect(try await send(server, "/api/articles/p2").status == .notFound, "not in the old index")
        release.signal()
        var result: Result<Int, any Error>?
        while result == nil {
            try await Task.sleep(for: .milliseconds(20))
            result = added.withLock { $0 }
        }
        #expect(try result?.get() == 3, "c1, p1 and p2")
        #expect(try await send(server, "/api/articles/p2").status == .ok, "in the new index")
        #expect(try await send(server, "/api/articles/p1").status == .ok)
    }

    @Test("a body over the limit is 413; unknown routes and methods get the JSON error shape")
    func limits() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let huge = String(repeating: "x", count: APIServer.maxBody + 1)
        let tooLarge = try await send(server, "/api/articles", method: .post, token: "s3cret", body: huge)
        #expect(tooLarge.status == .contentTooLarge)
        #expect(tooLarge.error["code"] as? String == "body_too_large")
        let missing = try await send(server, "/api/nothing")
        #expect(missing.status == .notFound)
        #expect(missing.error["code"] as? String == "not_found")
    }

    @Test("POST /api/index/rebuild rebuilds from the corpus while searches go on")
    func rebuild() async throws {
        let server = APIServer(index: dir.path("index"), corpus: dir.path("corpus"), token: "s3cret")
        #expect(try await send(server, "/api/index/rebuild", method: .post).status == .unauthorized)
        let started = try await send(server, "/api/index/rebuild", method: .post, token: "s3cret")
        #expect(started.status == .accepted)
        var total: Int?
        for _ in 0..<100 {
            let reply = try await send(server, "/api/search?q=libreville")
            #expect(reply.status == .ok, "a search during the rebuild failed: \(reply.text)")
            total = reply.object["total"] as? Int
            if total == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(total == 1)
        #expect(try await send(server, "/api/search?q=senegal").object["total"] as? Int == 0)
        let noCorpus = APIServer(index: dir.path("index"), token: "s3cret")
        #expect(try await send(noCorpus, "/api/index/rebuild", method: .post, token: "s3cret").status == .forbidden)
    }

    @Test("GET /metrics: Prometheus text with per-route counts, latency histograms and index gauges")
    func metrics() async throws {
        let server = APIServer(index: dir.path("index"))
        let app = Application(router: server.router())
        let text = try await app.test(.router) { client in
            for uri in ["/api/search?q=coup", "/api/search?q=coup", "/api/articles/bf1", "/api/search?limit=x"] {
                try await client.execute(uri: uri, method: .get) { _ in }
            }
            return try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
        }
        #expect(text.contains(#"dossier_http_requests_total{route="/api/search",status="200"} 2"#), "\(text)")
        #expect(text.contains(#"dossier_http_requests_total{route="/api/search",status="400"} 1"#))
        #expect(text.contains(#"dossier_http_requests_total{route="/api/articles/{id}",status="200"} 1"#))
        #expect(text.contains(#"dossier_http_request_duration_seconds_count{route="/api/search"} 3"#))
        #expect(text.contains(#"dossier_http_request_duration_seconds_bucket{route="/api/search",le="+Inf"} 3"#))
        #expect(text.contains("dossier_index_documents 3"))
        #expect(text.contains("dossier_index_last_update_seconds "))
        // Through swift-metrics into swift-prometheus's registry, with the
        // process and the build beside the routes.
        #expect(text.contains("# TYPE dossier_http_request_duration_seconds histogram"))
        #expect(
            text.contains(
                #"dossier_build_info{version="\#(DossierVersion.current)",schema="\#(Schema.version)",xapian="1.4"#))
        for name in [
            "process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "process_max_fds",
            "process_start_time_seconds",
        ] {
            let line = text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            let value = line.flatMap { Double($0.split(separator: " ")[1]) }
            #expect((value ?? 0) > 0, "\(name): \(line ?? "missing")")
        }
        let resident = text.split(separator: "\n").first { $0.hasPrefix("process_resident_memory_bytes ") }
        #expect((resident.flatMap { Double($0.split(separator: " ")[1]) } ?? 0) > 1_000_000, "more than a megabyte")
    }
}
