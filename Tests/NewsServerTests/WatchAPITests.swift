import Foundation
import FoundationXML
import Hummingbird
import HummingbirdTesting
import NewsSearch
import NewsServer
import TestSupport
import Testing

/// Issue 15: watches through the service, across ingests, a rebuild, a
/// restart and a delete; their Atom feed.
extension WriteTests {
    func newCount(_ server: APIServer, _ name: String) async throws -> Int? {
        let watches = try await send(server, "/api/watches").object["watches"] as? [[String: Any]]
        return watches?.first { $0["name"] as? String == name }?["new"] as? Int
    }

    func newIDs(_ server: APIServer, _ name: String) async throws -> [String] {
        let reply = try await send(server, "/api/watches/\(name)/new?limit=100")
        #expect(reply.status == .ok, "\(reply.text)")
        return ((reply.object["hits"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }

    @Test("watches: POST, new articles after ingests but not re-ingests, seen, a rebuild, a restart, a delete")
    func watches() async throws {
        var server = APIServer(index: dir.path("index"), corpus: dir.path("corpus"), token: "s3cret")
        let watch = #"{"name": "togo", "query": "protests", "country": ["Togo"]}"#
        #expect(try await send(server, "/api/watches", method: .post, body: watch).status == .unauthorized)
        let created = try await send(server, "/api/watches", method: .post, token: "s3cret", body: watch)
        #expect(created.status == .created, "\(created.text)")
        #expect(created.object["new"] as? Int == 0)
        #expect(created.object["from"] is NSNull, "every key is there: \(created.text)")
        let taken = try await send(server, "/api/watches", method: .post, token: "s3cret", body: watch)
        #expect(taken.status == .conflict && taken.error["code"] as? String == "watch_exists")
        let badName = #"{"name": "a b", "query": "x"}"#
        #expect(
            try await send(server, "/api/watches", method: .post, token: "s3cret", body: badName).status == .badRequest)
        let badCountry = #"{"name": "x", "country": ["Atlantis"]}"#
        let refused = try await send(server, "/api/watches", method: .post, token: "s3cret", body: badCountry)
        #expect(refused.status == .badRequest && refused.error["parameter"] as? String == "country", "\(refused.text)")
        #expect(
            try await send(server, "/api/watches", method: .post, token: "s3cret", body: "[1]").status == .badRequest)

        let posted = """
            {"id": "x1", "title": "Protests in Lome", "body": "Protesters marched in Lome, Togo, on Monday."}
            {"id": "x2", "title": "Protests in Accra", "body": "Protesters marched in Accra, Ghana."}
            """
        let first = try await send(server, "/api/articles", method: .post, token: "s3cret", body: posted)
        let gains = first.object["watches"] as? [[String: Any]]
        #expect(gains?.count == 1 && gains?.first?["name"] as? String == "togo", "\(first.text)")
        #expect(gains?.first?["new"] as? Int == 1 && gains?.first?["unseen"] as? Int == 1, "\(first.text)")
        #expect(try await newCount(server, "togo") == 1)
        #expect(try await newIDs(server, "togo") == ["x1"])
        // Posted again unchanged: nothing new arrives.
        let again = try await send(server, "/api/articles", method: .post, token: "s3cret", body: posted)
        #expect(again.status == .ok && (again.object["watches"] as? [Any])?.isEmpty == true, "\(again.text)")
        #expect(try await newIDs(server, "togo") == ["x1"])

        let feed = try await send(server, "/api/watches/togo/feed")
        #expect(feed.status == .ok)
        let parsed = FeedEntries(feed.text)
        #expect(parsed.wellFormed, "the feed is well-formed XML: \(feed.text)")
        #expect(parsed.ids.count == 1 && parsed.ids.first?.hasSuffix("/api/articles/x1") == true, "\(parsed.ids)")

        let seen = try await send(server, "/api/watches/togo/seen", method: .post, token: "s3cret")
        #expect(seen.status == .ok && seen.object["new"] as? Int == 0, "\(seen.text)")
        #expect(try await newIDs(server, "togo").isEmpty)
        #expect(FeedEntries(try await send(server, "/api/watches/togo/feed").text).ids.count == 1, "the feed keeps it")

        // A rebuild (x1 comes back from the journal, unchanged): nothing new.
        #expect(try await send(server, "/api/index/rebuild", method: .post, token: "s3cret").status == .accepted)
        for _ in 0..<200 where server.writes.lastRebuild == nil { try await Task.sleep(for: .milliseconds(25)) }
        #expect(server.writes.lastRebuild?.hasPrefix("rebuilt") == true, "\(server.writes.lastRebuild ?? "")")
        #expect(try await newCount(server, "togo") == 0)

        // A restart: the watch is still there; a new article is new, until deleted.
        server = APIServer(index: dir.path("index"), corpus: dir.path("corpus"), token: "s3cret")
        let third = #"{"id": "x3", "title": "More protests in Lome", "body": "Protesters returned to Lome, Togo."}"#
        #expect(try await send(server, "/api/articles", method: .post, token: "s3cret", body: third).status == .ok)
        #expect(try await newIDs(server, "togo") == ["x3"])
        #expect(try await send(server, "/api/articles/x3", method: .delete, token: "s3cret").status == .ok)
        #expect(try await newCount(server, "togo") == 0)

        #expect(try await send(server, "/api/watches/togo", method: .delete, token: "s3cret").status == .ok)
        let gone = try await send(server, "/api/watches/togo", method: .delete, token: "s3cret")
        #expect(gone.status == .notFound && gone.error["code"] as? String == "not_found")
        #expect(try await send(server, "/api/watches/togo/new").status == .notFound)
    }
}

/// The entry ids of an Atom feed, and whether it parsed as XML.
final class FeedEntries: NSObject, XMLParserDelegate {
    private(set) var ids: [String] = []
    private(set) var wellFormed = false
    private var path: [String] = []
    private var text = ""

    init(_ xml: String) {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = self
        wellFormed = parser.parse()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        path.append(name)
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if path.suffix(2) == ["entry", "id"] { ids.append(text) }
        path.removeLast()
    }
}

/// Issue 15: `GET /api/search/export` streams every match.
extension WriteTests {
    @Test("GET /api/search/export: every match as JSON Lines or CSV, streamed; bad parameters are 400 before it starts")
    func export() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let many = (0..<1500).map { n in
            #"{"id": "p\#(n)", "title": "Protest \#(n) in Lome", "body": "Protesters marched in Lome, Togo, day \#(n)."}"#
        }
        let posted = try await send(
            server, "/api/articles", method: .post, token: "s3cret", body: many.joined(separator: "\n"))
        #expect(posted.object["added"] as? Int == 1500, "\(posted.text.prefix(300))")
        let app = Application(router: server.router())
        let (status, type, text) = try await app.test(.router) { client in
            try await client.execute(uri: "/api/search/export?q=protest&country=Togo", method: .get) { response in
                (response.status, response.headers[.contentType] ?? "", String(buffer: response.body))
            }
        }
        #expect(status == .ok && type.hasPrefix("application/x-ndjson"))
        let ids = text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(ids.count == 1500 && Set(ids) == Set((0..<1500).map { "p\($0)" }))
        let csv = try await app.test(.router) { client in
            try await client.execute(uri: "/api/search/export?q=protest&format=csv", method: .get) { response in
                (response.headers[.contentType] ?? "", String(buffer: response.body))
            }
        }
        #expect(csv.0.hasPrefix("text/csv"))
        #expect(csv.1.hasPrefix(ExportFormat.columns.joined(separator: ",") + "\r\n"))
        #expect(csv.1.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1501)
        for bad in ["format=xml", "limit=5", "country=Atlantis", "q=AND"] {
            let reply = try await send(server, "/api/search/export?" + bad)
            #expect(reply.status == .badRequest, "\(bad): \(reply.status)")
        }
    }
}
