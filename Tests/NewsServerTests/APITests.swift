import Foundation
import Hummingbird
import HummingbirdTesting
import NewsIndex
import NewsModel
import NewsServer
import TestSupport
import Testing

let serverArchive: [Article] = [
    Article(
        id: "bf1", title: "Coup in Burkina Faso",
        body: "Soldiers ousted President Kaboré in Ouagadougou; ECOWAS condemned the coup.", date: "2022-01-24",
        countries: ["Burkina Faso"], countryCodes: ["BF"], categories: ["Coups"], topics: ["coup"], source: "wire"),
    Article(
        id: "ne1", title: "Sanctions on Niger", body: "The bloc imposed sanctions after the coup in Niamey.",
        date: "2023-07-30", countries: ["Niger"], countryCodes: ["NE"], categories: ["Sanctions"],
        topics: ["sanctions", "coup"], source: "blog"),
    Article(
        id: "sn1", title: "Elections in Senegal",
        body: "Voters in Dakar elected a new president. <img src=x onerror=alert(1)>",
        date: "2024-03-24", countries: ["Senegal"], countryCodes: ["SN"], categories: ["Elections"],
        topics: ["elections"], source: "blog"),
]

/// Builds `articles` into a fresh index at `path`.
func buildIndex(_ path: String, _ articles: [Article]) throws {
    let builder = try IndexBuilder(configuration: IndexConfiguration(path: path, jobs: 1, grace: 0), corpus: "test")
    for article in articles { try builder.add(article) }
    _ = try builder.finish()
}

@Suite("HTTP API")
struct APITests {
    let dir = TemporaryDirectory()
    let server: APIServer

    init() throws {
        try buildIndex(dir.path("index"), serverArchive)
        server = APIServer(index: dir.path("index"))
    }

    /// Runs `uri` against the router and returns the status and decoded JSON object.
    func get(_ uri: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let app = Application(router: server.router())
        let (status, contentType, text) = try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                (response.status, response.headers[.contentType] ?? "", String(buffer: response.body))
            }
        }
        #expect(contentType.hasPrefix("application/json"))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        return (status, object)
    }

    func errorOf(_ object: [String: Any]) -> [String: Any] { object["error"] as? [String: Any] ?? [:] }

    @Test("GET /healthz reports the article count")
    func health() async throws {
        let (status, object) = try await get("/healthz")
        #expect(status == .ok)
        #expect(object["status"] as? String == "ok")
        #expect(object["articles"] as? Int == 3, "a count is a JSON number")
    }

    @Test("GET /api/search: the search JSON shape, filters repeatable, facets on request")
    func search() async throws {
        let (status, object) = try await get("/api/search?q=coup&facets=true&country=Niger&country=bf")
        #expect(status == .ok)
        #expect(object["total"] as? Int == 2)
        let hits = try #require(object["hits"] as? [[String: Any]])
        #expect(Set(hits.compactMap { $0["id"] as? String }) == ["bf1", "ne1"])
        let facets = try #require(object["facets"] as? [String: Any])
        let countries = try #require(facets["country"] as? [[String: Any]])
        #expect(countries.contains { $0["value"] as? String == "NE" && $0["count"] as? Int == 1 })
        let (_, sorted) = try await get("/api/search?q=&sort=oldest&limit=2")
        #expect((sorted["hits"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["bf1", "ne1"])
        let (_, encoded) = try await get("/api/search?q=%22burkina%20faso%22")
        #expect((encoded["hits"] as? [[String: Any]])?.first?["id"] as? String == "bf1")
    }

    @Test("article text comes back escaped in snippets and titles")
    func escaping() async throws {
        let (_, object) = try await get("/api/search?q=voters")
        let hit = try #require((object["hits"] as? [[String: Any]])?.first)
        let snippet = try #require(hit["snippet"] as? String)
        #expect(snippet.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(!snippet.contains("<img"))
    }

    @Test("bad parameters give 400 naming the parameter; bounds are enforced")
    func badParameters() async throws {
        for (uri, parameter) in [
            ("/api/search?q=mali%20AND", "q"), ("/api/search?limit=1000", "limit"), ("/api/search?limit=ten", "limit"),
            ("/api/search?offset=-1", "offset"), ("/api/search?sort=sideways", "sort"),
            ("/api/search?country=Atlantis", "country"), ("/api/search?from=2024-13-01", "from"),
            ("/api/search?facets=maybe", "facets"), ("/api/search?colour=red", "colour"),
            ("/api/search?q=" + String(repeating: "a", count: 1001), "q"),
        ] {
            let (status, object) = try await get(uri)
            #expect(status == .badRequest, "\(uri)")
            #expect(errorOf(object)["parameter"] as? String == parameter, "\(uri): \(object)")
            #expect(errorOf(object)["status"] as? Int == 400)
            #expect((errorOf(object)["message"] as? String)?.isEmpty == false)
        }
    }

    @Test("GET /api/articles/{id}, /similar and /api/facets; unknown ids are 404")
    func articles() async throws {
        let (status, article) = try await get("/api/articles/sn1")
        #expect(status == .ok)
        #expect(article["title"] as? String == "Elections in Senegal")
        let (missing, error) = try await get("/api/articles/nope")
        #expect(missing == .notFound)
        #expect(errorOf(error)["code"] as? String == "not_found")
        let (similarStatus, similar) = try await get("/api/articles/bf1/similar")
        #expect(similarStatus == .ok)
        #expect((similar["hits"] as? [[String: Any]])?.first?["id"] as? String == "ne1")
        let (missingSimilar, _) = try await get("/api/articles/nope/similar")
        #expect(missingSimilar == .notFound)
        let (facetStatus, facets) = try await get("/api/facets?from=2023")
        #expect(facetStatus == .ok)
        #expect(facets["total"] as? Int == 2)
    }

    @Test("GET /api/timeline: counts per series and bucket, equal to the facets with the series as a filter")
    func timeline() async throws {
        let (status, object) = try await get("/api/timeline?q=coup&interval=year")
        #expect(status == .ok, "\(object)")
        #expect(object["by"] as? String == "country" && object["interval"] as? String == "year")
        #expect(object["buckets"] as? [String] == ["2022", "2023"])
        let series = try #require(object["series"] as? [[String: Any]])
        #expect(series.compactMap { $0["value"] as? String } == ["BF", "NE"])
        #expect(series.compactMap { $0["label"] as? String } == ["Burkina Faso", "Niger"])
        #expect(series.compactMap { $0["counts"] as? [Int] } == [[1, 0], [0, 1]])
        for line in series {
            let value = try #require(line["value"] as? String)
            let (_, facets) = try await get("/api/facets?q=coup&country=\(value)")
            let years = try #require((facets["facets"] as? [String: Any])?["year"] as? [[String: Any]])
            let counts = try #require(line["counts"] as? [Int])
            let buckets = try #require(object["buckets"] as? [String])
            var nonzero: [String: Int] = [:]
            for (bucket, count) in zip(buckets, counts) where count > 0 { nonzero[bucket] = count }
            #expect(
                nonzero == Dictionary(uniqueKeysWithValues: years.map { ($0["value"] as! String, $0["count"] as! Int) })
            )
            #expect(line["total"] as? Int == facets["total"] as? Int)
        }
        // Named series (repeatable), weeks, and the spans a point's search needs.
        let (_, named) = try await get("/api/timeline?series=Senegal&series=ne&interval=week&from=2023-07-29")
        // ne1 on Sunday 30 July 2023 (2023-W30), sn1 on Sunday 24 March 2024 (2024-W12).
        #expect((named["buckets"] as? [String])?.first == "2023-W30")
        #expect((named["buckets"] as? [String])?.last == "2024-W12")
        let spans = try #require(named["spans"] as? [[String: String]])
        #expect(spans.first == ["from": "2023-07-29", "to": "2023-07-30"])
        #expect((named["series"] as? [[String: Any]])?.compactMap { $0["value"] as? String } == ["SN", "NE"])
        // Top N, and nothing matching.
        let (_, top) = try await get("/api/timeline?top=1")
        #expect((top["series"] as? [[String: Any]])?.count == 1)
        let (_, none) = try await get("/api/timeline?q=xylophone")
        #expect((none["series"] as? [Any])?.isEmpty == true && (none["buckets"] as? [Any])?.isEmpty == true)
    }

    @Test("GET /api/timeline: a bad value is 400 naming its parameter; a country that does not exist is 404")
    func timelineErrors() async throws {
        for (uri, parameter) in [
            ("/api/timeline?by=source", "by"), ("/api/timeline?interval=day", "interval"),
            ("/api/timeline?top=0", "top"), ("/api/timeline?top=21", "top"), ("/api/timeline?top=five", "top"),
            ("/api/timeline?country=Atlantis", "country"), ("/api/timeline?from=2024-13", "from"),
            ("/api/timeline?limit=3", "limit"), ("/api/timeline?q=mali%20AND", "q"),
            ("/api/timeline?" + (1...21).map { "series=s\($0)" }.joined(separator: "&"), "series"),
        ] {
            let (status, object) = try await get(uri)
            #expect(status == .badRequest, "\(uri)")
            #expect(errorOf(object)["parameter"] as? String == parameter, "\(uri): \(object)")
        }
        for uri in ["/api/timeline?series=Atlantis", "/api/timeline?by=topic&series=gardening"] {
            let (status, object) = try await get(uri)
            #expect(status == .notFound, "\(uri)")
            #expect(errorOf(object)["parameter"] as? String == "series", "\(uri): \(object)")
            #expect((errorOf(object)["message"] as? String)?.hasPrefix("series: no ") == true, "\(object)")
        }
    }

    @Test("a missing index is 503 with a message that says how to build one")
    func missingIndex() async throws {
        let app = Application(router: APIServer(index: dir.path("nowhere")).router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/search?q=coup", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("dossier index"))
            }
        }
    }

    @Test("searches see a rebuild and an ingest made while the service runs")
    func freshness() async throws {
        #expect(try await get("/api/search?q=elections").1["total"] as? Int == 1)
        // A full rebuild switches the index under the pool's idle searchers.
        try buildIndex(
            dir.path("index"),
            serverArchive + [
                Article(
                    id: "ml1", title: "Elections in Mali postponed", body: "The junta postponed the elections.",
                    source: "wire")
            ])
        #expect(try await get("/api/search?q=elections").1["total"] as? Int == 2)
        // An incremental ingest commits to the live database.
        let writer = try IndexWriter(configuration: IndexConfiguration(path: dir.path("index")))
        try writer.add([(Article(id: "gh1", title: "Elections in Ghana", body: "Ghana voted.", source: "wire"), nil)])
        try writer.close()
        #expect(try await get("/api/search?q=elections").1["total"] as? Int == 3)
    }

    @Test("GET /, /app.js and /style.css serve the page with a script-only-from-here policy, unframed, no referrer")
    func page() async throws {
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            for (uri, type, needle) in [
                ("/", "text/html", "<script src=\"/app.js\">"), ("/app.js", "text/javascript", "textContent"),
                ("/style.css", "text/css", "mark"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(uri)")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                    // Not framed by another site, and no referrer carrying the search.
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                    #expect(response.headers[.init("X-Frame-Options")!] == "DENY")
                    #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
                    #expect(String(buffer: response.body).contains(needle), "\(uri)")
                }
            }
        }
    }

    @Test("a live server on 127.0.0.1 answers over HTTP")
    func live() async throws {
        let app = Application(router: server.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await client.execute(uri: "/api/search?q=sanctions", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"id\":\"ne1\""))
            }
        }
    }
}
