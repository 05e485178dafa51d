import Foundation
import Hummingbird
import NewsModel
import NewsSearch

/// Bounds on what one request may ask for: past them, 400 (never unbounded work).
public enum APILimits {
    public static let queryLength = 1000
    public static let pageSize = 100
    public static let offset = 10_000
    public static let filterValues = 50
    public static let snippetLength = 2000
}

/// An API failure: an HTTP status and one stable JSON shape,
/// `{"error": {"status", "code", "message", "parameter"}}`.
public struct APIError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let parameter: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, parameter: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter
    }

    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "bad_parameter", "\(name): \(message)", parameter: name)
    }

    /// The error a search failure becomes.
    static func from(_ error: SearchError) -> APIError {
        switch error {
        case .indexMissing, .incompatibleIndex, .invalidIndex:
            APIError(.serviceUnavailable, code: "index_unavailable", error.description)
        case .shardUnavailable:
            APIError(.serviceUnavailable, code: "shard_unavailable", error.description)
        case .invalidQuery(let message):
            APIError(.badRequest, code: "bad_query", "invalid query: \(message)", parameter: "q")
        case .invalidParameter(let name, let message):
            APIError(.badRequest, code: "bad_parameter", "\(name): \(message)", parameter: name)
        case .engine:
            APIError(.internalServerError, code: "engine", error.description)
        }
    }

    var response: Response {
        struct Body: Encodable {
            struct Inner: Encodable {
                let status: Int
                let code: String
                let message: String
                let parameter: String?
                enum CodingKeys: String, CodingKey { case status, code, message, parameter }
                func encode(to encoder: any Encoder) throws {
                    var c = encoder.container(keyedBy: CodingKeys.self)
                    try c.encode(status, forKey: .status)
                    try c.encode(code, forKey: .code)
                    try c.encode(message, forKey: .message)
                    try c.encode(parameter, forKey: .parameter)
                }
            }
            let error: Inner
        }
        let body = Body(
            error: .init(status: status.code, code: code, message: message, parameter: parameter))
        return jsonResponse((try? APIServer.encoder.encode(body)) ?? Data(), status: status)
    }
}

func jsonResponse(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
}

/// The query service: routes over a pool of searchers.
public struct APIServer: Sendable {
    public let pool: SearcherPool
    public let writes: IndexWrites
    public let metrics = Metrics()
    /// The largest request body accepted (413 beyond).
    public static let maxBody = 16 << 20

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A service on the index at `index`; rebuilds read `corpus`; writes
    /// need `token` (none: writes are refused); remote shards get the
    /// timeouts of `remote`.
    public init(index: String, corpus: String? = nil, token: String? = nil, remote: RemoteOptions = .standard) {
        pool = SearcherPool(path: index, remote: remote)
        writes = IndexWrites(index: index, corpus: corpus, token: token)
    }

    /// The router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let pool = self.pool
        let writes = self.writes
        let metrics = self.metrics
        router.add(middleware: ServiceMiddleware(metrics: metrics))
        router.get("/metrics") { _, _ -> Response in
            let stats = try? pool.withSearcher { searcher throws(SearchError) in
                (searcher.articleCount, searcher.lastUpdated)
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            let text = metrics.text(documents: stats?.0, lastUpdate: stats?.1)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        for (path, bytes, type) in [
            ("/", PackageResources.index_html, "text/html; charset=utf-8"),
            ("/style.css", PackageResources.style_css, "text/css; charset=utf-8"),
            ("/app.js", PackageResources.app_js, "text/javascript; charset=utf-8"),
        ] {
            router.get(RouterPath(path)) { _, _ -> Response in
                var headers = HTTPFields()
                headers[.contentType] = type
                // Scripts only from this server, never inline: a second wall against injected markup.
                headers[.contentSecurityPolicy] =
                    "default-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'"
                headers[.init("X-Content-Type-Options")!] = "nosniff"
                // Never shown inside another site's frame (clickjacking), and
                // the queries in the page's address never sent on as a referrer.
                headers[.init("X-Frame-Options")!] = "DENY"
                headers[.init("Referrer-Policy")!] = "no-referrer"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
        router.get("/api/openapi.json") { _, _ -> Response in
            jsonResponse(Data(OpenAPI.document.utf8))
        }
        router.post("/api/articles") { request, _ -> Response in
            try writes.authorise(request)
            var request = request
            let body = try await request.collectBody(upTo: APIServer.maxBody)
            let report = try writes.ingest(Array(buffer: body))
            return jsonResponse(try APIServer.encoder.encode(report))
        }
        router.post("/api/index/rebuild") { request, _ -> Response in
            try writes.authorise(request)
            guard try writes.startRebuild() else {
                throw APIError(.conflict, code: "rebuild_running", "a rebuild is already running")
            }
            return jsonResponse(try APIServer.encoder.encode(["status": "started"]), status: .accepted)
        }
        router.get("/healthz") { _, _ -> Response in
            APIServer.handle {
                let count = try pool.withSearcher { searcher throws(SearchError) in searcher.articleCount }
                return jsonResponse(try APIServer.encoder.encode(["status": "ok", "articles": String(count)]))
            }
        }
        router.get("/api/search") { request, _ -> Response in
            APIServer.handle {
                let search = try SearchParameters(FormQuery(request.uri.query), defaultQuery: nil)
                let results = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.search(search.request)
                }
                return jsonResponse(SearchJSON(results).data(pretty: false))
            }
        }
        router.get("/api/facets") { request, _ -> Response in
            APIServer.handle {
                let search = try SearchParameters(FormQuery(request.uri.query), defaultQuery: "")
                let results = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.facets(search.request.filters, query: search.request.query)
                }
                return jsonResponse(SearchJSON(results).data(pretty: false))
            }
        }
        router.get("/api/articles/:id") { _, context -> Response in
            APIServer.handle {
                let id = try context.parameters.require("id")
                let found = try pool.withSearcher { searcher throws(SearchError) in try searcher.article(id: id) }
                guard let article = found else {
                    throw APIError(.notFound, code: "not_found", "no article with id \(id)", parameter: "id")
                }
                return jsonResponse(try APIServer.encoder.encode(article))
            }
        }
        router.get("/api/articles/:id/similar") { request, context -> Response in
            APIServer.handle {
                let id = try context.parameters.require("id")
                let search = try SearchParameters(FormQuery(request.uri.query), defaultQuery: "")
                let found = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.similar(to: id, request: search.request)
                }
                guard let results = found else {
                    throw APIError(.notFound, code: "not_found", "no article with id \(id)", parameter: "id")
                }
                return jsonResponse(SearchJSON(results).data(pretty: false))
            }
        }
        return router
    }

    /// Runs `body`, turning every failure into the JSON error shape.
    static func handle(_ body: () throws -> Response) -> Response {
        do {
            return try body()
        } catch let error as APIError {
            return error.response
        } catch let error as SearchError {
            return APIError.from(error).response
        } catch {
            return APIError(.internalServerError, code: "internal", "\(error)").response
        }
    }
}

/// A search request read from URL query parameters: `q`, one parameter per
/// filter field of the schema (`country`, `category`, `topic`, `source`;
/// each repeatable), `from`, `to`, and the options in ``options``.
struct SearchParameters {
    var request: SearchRequest

    /// The parameters that are not filter fields.
    static let options = [
        "q", "from", "to", "sort", "match", "limit", "offset", "facets", "snippetLength", "recent", "collapse",
    ]
    /// Every parameter a search route accepts.
    static let known = Set(options + Schema.filterFields.map(\.name))

    init(_ parameters: FormQuery, defaultQuery: String?) throws {
        for name in parameters.names where !SearchParameters.known.contains(name) {
            throw APIError.badParameter(name, "unknown parameter")
        }
        let query = parameters.get("q") ?? defaultQuery ?? ""
        guard query.count <= APILimits.queryLength else {
            throw APIError.badParameter("q", "longer than \(APILimits.queryLength) characters")
        }
        func list(_ name: String) throws -> [String] {
            let values = parameters.getAll(name).filter { !$0.isEmpty }
            guard values.count <= APILimits.filterValues else {
                throw APIError.badParameter(name, "more than \(APILimits.filterValues) values")
            }
            return values
        }
        func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
            guard let text = parameters.get(name) else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw APIError.badParameter(
                    name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func flag(_ name: String, default value: Bool) throws -> Bool {
            guard let text = parameters.get(name) else { return value }
            switch text.lowercased() {
            case "true", "1", "yes", "": return true
            case "false", "0", "no": return false
            default: throw APIError.badParameter(name, "must be true or false")
            }
        }
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, default value: T) throws -> T
        where T.RawValue == String {
            guard let text = parameters.get(name) else { return value }
            guard let found = T(rawValue: text) else {
                let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badParameter(name, "must be one of \(allowed)")
            }
            return found
        }
        var values: [String: [String]] = [:]
        for field in Schema.filterFields { values[field.name] = try list(field.name) }
        let filters = SearchFilters(
            values: values, from: parameters.get("from").flatMap { $0.isEmpty ? nil : $0 },
            to: parameters.get("to").flatMap { $0.isEmpty ? nil : $0 })
        var recency: Double?
        if let text = parameters.get("recent"), !text.isEmpty, !["false", "0", "no"].contains(text.lowercased()) {
            let days =
                ["true", "1", "yes"].contains(text.lowercased()) ? SearchRequest.Defaults.recencyHalfLife : Double(text)
            guard let days, days > 0, days <= 36500 else {
                throw APIError.badParameter("recent", "must be true or a half-life in days")
            }
            recency = days
        }
        request = SearchRequest(
            query: query, filters: filters, match: try choice("match", default: MatchMode.all),
            sort: try choice("sort", default: SearchSort.relevance),
            limit: try integer("limit", default: SearchRequest.Defaults.limit, in: 0...APILimits.pageSize),
            offset: try integer("offset", default: 0, in: 0...APILimits.offset),
            facets: try flag("facets", default: false),
            snippetLength: try integer(
                "snippetLength", default: SearchRequest.Defaults.snippetLength, in: 40...APILimits.snippetLength),
            recencyHalfLife: recency, collapse: try flag("collapse", default: true))
    }
}

extension APIServer {
    /// The application serving ``router()`` on `host`:`port`; `onRunning`
    /// is told the port actually bound (useful with port 0).
    public func application(
        host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "dossier"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }
}
