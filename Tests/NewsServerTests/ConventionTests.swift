import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NewsSearch
import NewsServer
import Synchronization
import TestSupport
import Testing

/// A log handler that keeps every message, for checking the access log.
struct KeptLog: LogHandler {
    let kept: KeptLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    // swift-format-ignore: AlwaysUseLowerCamelCase
    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        kept.lines.withLock { $0.append("\(event.message) \(fields.joined(separator: " "))") }
    }
}

final class KeptLines: Sendable {
    let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
}

/// The conventions of HTTP that clients rely on (issue 13): 405 with
/// `Allow`, OPTIONS, `WWW-Authenticate`, request ids and the access log,
/// CORS for named origins only, `ETag` and `304`, gzip, and numbers as
/// JSON numbers.
@Suite("HTTP conventions")
struct ConventionTests {
    let dir = TemporaryDirectory()

    init() throws {
        try buildIndex(dir.path("index"), serverArchive)
    }

    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
        var text: String { String(buffer: body) }
        func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }
    }

    /// Sends each request in turn to one router and returns the answers.
    func exchange(
        _ server: APIServer, _ requests: [(HTTPRequest.Method, String, [String: String], String?)]
    ) async throws -> [Answer] {
        let app = Application(router: server.router())
        return try await app.test(.router) { client in
            var answers: [Answer] = []
            for (method, uri, fields, body) in requests {
                var headers = HTTPFields()
                for (name, value) in fields { headers[HTTPField.Name(name)!] = value }
                answers.append(
                    try await client.execute(
                        uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
                    ) { Answer(status: $0.status, headers: $0.headers, body: $0.body) })
            }
            return answers
        }
    }

    func one(
        _ server: APIServer, _ method: HTTPRequest.Method, _ uri: String, _ fields: [String: String] = [:],
        body: String? = nil
    ) async throws -> Answer {
        try await exchange(server, [(method, uri, fields, body)])[0]
    }

    @Test("a known path with a wrong method is 405 with Allow; OPTIONS is 204 with Allow; an unknown path is 404")
    func methods() async throws {
        let server = APIServer(index: dir.path("index"))
        for method in [HTTPRequest.Method.delete, .put, .trace, .post] {
            let answer = try await one(server, method, "/api/search?q=coup")
            #expect(answer.status == .methodNotAllowed, "\(method)")
            #expect(answer.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(answer.text.contains(#""code":"method_not_allowed""#))
        }
        let article = try await one(server, .put, "/api/articles/bf1")
        #expect(article.status == .methodNotAllowed)
        #expect(article.header("Allow") == "GET, HEAD, DELETE, OPTIONS")
        let writes = try await one(server, .get, "/api/index/rebuild")
        #expect(writes.status == .methodNotAllowed)
        #expect(writes.header("Allow") == "POST, OPTIONS")
        let options = try await one(server, .options, "/api/articles")
        #expect(options.status == .noContent)
        #expect(options.header("Allow") == "POST, OPTIONS")
        let head = try await one(server, .head, "/api/search?q=coup")
        #expect(head.status == .ok && head.body.readableBytes == 0)
        let unknown = try await one(server, .delete, "/api/nothing")
        #expect(unknown.status == .notFound && unknown.header("Allow") == nil)
    }

    @Test("401 names the scheme in WWW-Authenticate; the check runs before the body is read")
    func authenticate() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let missing = try await one(server, .post, "/api/articles", body: #"{"title": "T"}"#)
        #expect(missing.status == .unauthorized)
        #expect(missing.header("WWW-Authenticate") == #"Bearer realm="dossier""#)
        let wrong = try await one(server, .post, "/api/index/rebuild", ["Authorization": "Bearer nope"])
        #expect(wrong.status == .unauthorized && wrong.header("WWW-Authenticate") != nil)
        let closed = try await one(APIServer(index: dir.path("index")), .post, "/api/articles", body: "{}")
        #expect(closed.status == .forbidden && closed.header("WWW-Authenticate") == nil)
    }

    @Test("each answer carries a request id (the client's when it is sane) and one access log line")
    func requestIDs() async throws {
        let kept = KeptLines()
        let logger = Logger(label: "test") { _ in KeptLog(kept: kept) }
        let server = APIServer(index: dir.path("index"), accessLog: logger)
        let answers = try await exchange(
            server,
            [
                (.get, "/api/search?q=coup", ["X-Request-Id": "trace-42.a_b"], nil),
                (.get, "/api/search?q=coup", ["X-Request-Id": "bad id\u{7}"], nil),
                (.get, "/api/nothing", [:], nil),
            ])
        #expect(answers[0].header("X-Request-Id") == "trace-42.a_b")
        let made = try #require(answers[1].header("X-Request-Id"))
        #expect(made != "bad id\u{7}" && made.count == 36)
        #expect(answers[2].header("X-Request-Id") != nil && answers[2].header("X-Request-Id") != made)
        let lines = kept.all
        #expect(lines.count == 3, "\(lines)")
        #expect(lines[0].hasPrefix("GET /api/search?q=coup 200 "), "\(lines)")
        #expect(lines[0].contains("request_id=trace-42.a_b") && lines[0].contains("route=/api/search"))
        #expect(lines[2].hasPrefix("GET /api/nothing 404 ") && lines[2].contains("route=other"))
    }

    @Test("CORS: only origins the operator named get Access-Control headers; a preflight is answered")
    func cors() async throws {
        let server = APIServer(index: dir.path("index"), corsOrigins: ["https://analysts.example.org"])
        let allowed = try await one(
            server, .get, "/api/search?q=coup", ["Origin": "https://analysts.example.org"])
        #expect(allowed.header("Access-Control-Allow-Origin") == "https://analysts.example.org")
        #expect(allowed.header("Vary")?.contains("Origin") == true)
        let other = try await one(server, .get, "/api/search?q=coup", ["Origin": "https://elsewhere.example"])
        #expect(other.status == .ok && other.header("Access-Control-Allow-Origin") == nil)
        let preflight = try await one(
            server, .options, "/api/articles",
            ["Origin": "https://analysts.example.org", "Access-Control-Request-Method": "POST"])
        #expect(preflight.status == .noContent)
        #expect(preflight.header("Access-Control-Allow-Methods") == "POST, OPTIONS")
        #expect(preflight.header("Access-Control-Allow-Headers")?.contains("Authorization") == true)
        let none = try await one(
            APIServer(index: dir.path("index")), .get, "/api/search?q=coup",
            ["Origin": "https://analysts.example.org"])
        #expect(none.header("Access-Control-Allow-Origin") == nil, "no origin is allowed by default")
    }

    @Test("reads carry an ETag; If-None-Match gives 304 without a body; the tag changes when the answer does")
    func entityTags() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let first = try await one(server, .get, "/api/search?q=coup&facets=true")
        let tag = try #require(first.header("ETag"))
        #expect(tag.hasPrefix("W/\""))
        #expect(first.header("Cache-Control") == "no-cache")
        // The same answer (its timings differ) has the same tag.
        let again = try await one(server, .get, "/api/search?q=coup&facets=true")
        #expect(again.header("ETag") == tag)
        let cached = try await one(server, .get, "/api/search?q=coup&facets=true", ["If-None-Match": tag])
        #expect(cached.status == .notModified)
        #expect(cached.body.readableBytes == 0 && cached.header("ETag") == tag)
        let listed = try await one(
            server, .get, "/api/search?q=coup&facets=true", ["If-None-Match": #"W/"0000", "# + tag])
        #expect(listed.status == .notModified)
        #expect(try await one(server, .get, "/api/search?q=niger").header("ETag") != tag)
        // An ingest that changes the answer changes the tag.
        let added = try await one(
            server, .post, "/api/articles", ["Authorization": "Bearer s3cret"],
            body: #"{"id": "ml9", "title": "Coup in Mali", "body": "Officers seized power in Bamako."}"#)
        #expect(added.status == .ok)
        let after = try await one(server, .get, "/api/search?q=coup&facets=true", ["If-None-Match": tag])
        #expect(after.status == .ok)
        #expect(after.header("ETag") != tag)
        let article = try await one(server, .get, "/api/articles/bf1")
        let articleTag = try #require(article.header("ETag"))
        #expect(try await one(server, .get, "/api/articles/bf1", ["If-None-Match": articleTag]).status == .notModified)
        // Writes and errors carry none.
        #expect(added.header("ETag") == nil)
        #expect(try await one(server, .get, "/api/search?limit=x").header("ETag") == nil)
    }

    @Test("JSON is gzip-compressed when the client accepts it, and decompresses to the same bytes")
    func gzip() async throws {
        let server = APIServer(index: dir.path("index"))
        let uri = "/api/search?q=coup+OR+elections&facets=true&snippetLength=400"
        let plain = try await one(server, .get, uri)
        try #require(plain.body.readableBytes >= 1024, "a body worth compressing")
        #expect(plain.header("Content-Encoding") == nil)
        #expect(plain.header("Vary")?.contains("Accept-Encoding") == true)
        let packed = try await one(server, .get, uri, ["Accept-Encoding": "br;q=1, gzip;q=0.8"])
        #expect(packed.header("Content-Encoding") == "gzip")
        #expect(packed.body.readableBytes < plain.body.readableBytes)
        // Decompressed by gzip(1), not by the library that compressed it.
        let file = dir.path("answer.gz")
        try Data(packed.body.readableBytesView).write(to: URL(fileURLWithPath: file))
        let unpacked = try Command.run("/bin/gzip", ["-dc", file])
        #expect(unpacked.status == 0)
        let timingsFree = { (text: String) in
            text.replacingOccurrences(of: #""timings":\{[^}]*\}"#, with: "", options: .regularExpression)
        }
        #expect(timingsFree(unpacked.stdout) == timingsFree(plain.text))
        let refused = try await one(server, .get, uri, ["Accept-Encoding": "gzip;q=0, identity"])
        #expect(refused.header("Content-Encoding") == nil)
        let small = try await one(server, .get, "/healthz", ["Accept-Encoding": "gzip"])
        #expect(small.header("Content-Encoding") == nil, "a body under 1 KB is sent as it is")
        let page = try await one(server, .get, "/app.js", ["Accept-Encoding": "gzip"])
        #expect(page.header("Content-Encoding") == "gzip")
    }

    @Test(
        "what the document calls valid is answered: a span ending before it starts, day 31 of any month, recent as a number"
    )
    func documentedValues() async throws {
        let server = APIServer(index: dir.path("index"))
        let inverted = try await one(server, .get, "/api/search?q=coup&from=2024&to=2022")
        #expect(inverted.status == .ok)
        #expect(inverted.text.contains(#""total":0"#))
        let lenient = try await one(server, .get, "/api/search?q=coup&from=2022-01-24&to=2022-02-31")
        #expect(lenient.status == .ok && lenient.text.contains(#""id":"bf1""#))
        #expect(try await one(server, .get, "/api/search?q=coup&to=2022-01-23").text.contains(#""total":0"#))
        #expect(try await one(server, .get, "/api/search?q=coup&recent=1.5").status == .ok)
        #expect(try await one(server, .get, "/api/search?q=coup&recent=true").status == .ok)
        for bad in [
            "recent=0", "recent=yes", "recent=40000", "facets=1", "from=2022-13", "from=2022-01-32", "topic=nosuch",
        ] {
            let answer = try await one(server, .get, "/api/search?q=coup&" + bad)
            #expect(answer.status == .badRequest, "\(bad)")
        }
        let topic = try await one(server, .get, "/api/search?q=coup&topic=Coup+and+mutiny")
        #expect(topic.status == .ok, "a topic by its label, as the document lists it")
    }

    @Test("application/json bodies are refused whole when an article is bad; JSON Lines report the line and go on")
    func strictJSON() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let auth = ["Authorization": "Bearer s3cret"]
        let json = auth.merging(["Content-Type": "application/json"]) { a, _ in a }
        let refused = try await one(
            server, .post, "/api/articles", json,
            body:
                #"[{"id": "ok1", "title": "Fine"}, {"id": "bad1", "title": " ", "body": ""}, {"id": "bad2", "url": {}}]"#
        )
        #expect(refused.status == .badRequest)
        #expect(
            refused.text.contains("article 2: empty article") && refused.text.contains("article 3:"), "\(refused.text)")
        #expect(try await one(server, .get, "/api/articles/ok1").status == .notFound, "nothing was indexed")
        let lines = try await one(
            server, .post, "/api/articles", auth.merging(["Content-Type": "application/x-ndjson"]) { a, _ in a },
            body: #"{"id": "ok1", "title": "Fine"}"# + "\n" + #"{"id": "bad1", "title": " "}"#)
        #expect(lines.status == .ok)
        #expect(lines.text.contains(#""added":1"#) && lines.text.contains(#""line":2"#), "\(lines.text)")
        #expect(try await one(server, .get, "/api/articles/ok1").status == .ok)
        // A number id is kept as its integer text, and found by any spelling of it.
        let number = try await one(server, .post, "/api/articles", json, body: #"{"id": 1e3, "title": "Numbered"}"#)
        #expect(number.text.contains(#""ids":["1000"]"#), "\(number.text)")
        for spelling in ["1000", "1e3", "1000.0"] {
            #expect(try await one(server, .get, "/api/articles/\(spelling)").status == .ok, "\(spelling)")
        }
        #expect(try await one(server, .get, "/api/articles/1001").status == .notFound)
        #expect(try await one(server, .get, "/api/articles/1e3/similar").status == .ok)
    }

    @Test("the OpenAPI document's paths are the routes, and Accept-Encoding parsing follows the qualities")
    func routesWrittenOnce() async throws {
        let server = APIServer(index: dir.path("index"))
        try WatchStore(index: dir.path("index")).add(Watch(name: "w", query: "coup", seen: ""))
        let text = try await one(server, .get, "/api/openapi.json").text
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        // Every documented operation answers (not 404 or 405), and every
        // method the document lacks on a path is 405.
        for (path, operations) in paths {
            let uri = path.replacingOccurrences(of: "{id}", with: "bf1").replacingOccurrences(of: "{name}", with: "w")
            for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
                let status = try await one(server, method, uri).status
                if operations[method.rawValue.lowercased()] != nil {
                    #expect(status != .notFound && status != .methodNotAllowed, "\(method) \(path)")
                } else {
                    #expect(status == .methodNotAllowed, "\(method) \(path): \(status)")
                }
            }
        }
    }
}
