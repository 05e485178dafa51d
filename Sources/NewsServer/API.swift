import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
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

    /// The error any failure becomes: the one place errors are mapped.
    static func from(_ error: any Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as SearchError:
            return from(error)
        case let error as WatchError:
            switch error {
            case .unknown: return APIError(.notFound, code: "not_found", error.description, parameter: "name")
            case .exists: return APIError(.conflict, code: "watch_exists", error.description, parameter: "name")
            case .badName: return APIError(.badRequest, code: "bad_name", error.description, parameter: "name")
            case .io: return APIError(.internalServerError, code: "watches", error.description)
            }
        case let error as HTTPParserError:
            return APIError(.badRequest, code: "bad_http", "malformed HTTP request: \(error)")
        case let error as any HTTPResponseError:
            let code: String
            switch error.status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .contentTooLarge: code = "body_too_large"
            case .badRequest: code = "bad_request"
            default: code = "http_error"
            }
            let detail = (error as? HTTPError)?.body
            let message =
                error.status == .notFound
                ? "no such route: \(request.method) \(request.uri.path)" : detail ?? error.status.reasonPhrase
            return APIError(error.status, code: code, message)
        default:
            return APIError(.internalServerError, code: "internal", "\(error)")
        }
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

    /// The origins whose pages may call the API from a browser (CORS).
    public let corsOrigins: [String]
    /// Where the access log goes: a line per request (nil: nowhere).
    public let accessLog: Logger?
    /// Every route (``Route``): the router, the metrics' labels, `Allow` and
    /// the OpenAPI document are made from this one list.
    let routes: [Route]

    /// A service on the index at `index`; rebuilds read `corpus`; writes
    /// need `token` (none: writes are refused); remote shards get the
    /// timeouts of `remote`; pages from `corsOrigins` may call it from a
    /// browser; each request is logged to `accessLog`.
    public init(
        index: String, corpus: String? = nil, token: String? = nil, remote: RemoteOptions = .standard,
        corsOrigins: [String] = [], accessLog: Logger? = nil
    ) {
        pool = SearcherPool(path: index, remote: remote)
        writes = IndexWrites(index: index, corpus: corpus, token: token)
        self.corsOrigins = corsOrigins
        self.accessLog = accessLog
        routes = APIServer.makeRoutes(pool: pool, writes: writes, metrics: metrics)
    }

    /// The router with every route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(
            middleware: ServiceMiddleware(
                metrics: metrics, routes: routes, corsOrigins: corsOrigins, accessLog: accessLog))
        let writing = router.group().add(middleware: BearerAuthorisation(writes: writes))
        for route in routes {
            let handler = route.handler
            let respond: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
                try await handler(request, context).response(for: request)
            }
            if route.writes {
                writing.on(RouterPath(route.routerPath), method: route.method, use: respond)
            } else {
                router.on(RouterPath(route.routerPath), method: route.method, use: respond)
            }
        }
        return router
    }
}

/// A search request read from URL query parameters: `q`, one parameter per
/// filter field of the schema (`country`, `category`, `topic`, `source`;
/// each repeatable), `from`, `to`, and the options in ``options``.
struct SearchParameters {
    var request: SearchRequest

    /// The filters, in the order the document lists them.
    static let filters = Schema.filterFields.map(\.name) + ["from", "to"]
    /// The parameters of each search route, in the document's order (its
    /// parameter lists are made from these).
    static let searchList =
        ["q"] + filters + ["sort", "match", "limit", "offset", "facets", "snippetLength", "recent", "collapse"]
    static let filterList = ["q"] + filters
    static let similarList = filters + ["limit", "offset", "facets", "snippetLength", "recent", "collapse"]
    static let timelineList = ["q"] + filters + ["by", "interval", "series", "top"]
    /// The parameters `GET /api/search` accepts.
    static let searchOptions = Set(searchList)
    /// The parameters `GET /api/facets` accepts.
    static let filterOptions = Set(filterList)
    /// The parameters `GET /api/articles/{id}/similar` accepts.
    static let similarOptions = Set(similarList)
    /// The parameters of `GET /api/search/export`, in the document's order.
    static let exportList = ["q"] + filters + ["match", "format"]
    /// The parameters `GET /api/search/export` accepts.
    static let exportOptions = Set(exportList)
    /// The parameters `GET /api/timeline` accepts.
    static let timelineOptions = Set(timelineList)

    /// The request `parameters` make; a parameter outside `accepting` is
    /// refused by name.
    init(_ parameters: FormQuery, defaultQuery: String?, accepting: Set<String> = searchOptions) throws {
        for name in parameters.names where !accepting.contains(name) {
            throw APIError.badParameter(name, "unknown parameter")
        }
        let query = parameters.get("q") ?? defaultQuery ?? ""
        guard query.unicodeScalars.count <= APILimits.queryLength else {
            throw APIError.badParameter("q", "longer than \(APILimits.queryLength) characters")
        }
        func list(_ name: String) throws -> [String] {
            let values = parameters.getAll(name).filter { !$0.isEmpty }
            guard values.count <= APILimits.filterValues else {
                throw APIError.badParameter(name, "more than \(APILimits.filterValues) values")
            }
            return values
        }
        func flag(_ name: String, default value: Bool) throws -> Bool {
            guard let text = parameters.get(name) else { return value }
            switch text {
            case "true": return true
            case "false": return false
            default: throw APIError.badParameter(name, "must be true or false")
            }
        }
        var values: [String: [String]] = [:]
        for field in Schema.filterFields { values[field.name] = try list(field.name) }
        let filters = SearchFilters(
            values: values, from: parameters.get("from").flatMap { $0.isEmpty ? nil : $0 },
            to: parameters.get("to").flatMap { $0.isEmpty ? nil : $0 })
        // true (the default half-life), false, or a half-life in days.
        var recency: Double?
        if let text = parameters.get("recent"), text != "false" {
            let days = text == "true" ? SearchRequest.Defaults.recencyHalfLife : Double(text)
            guard let days, days > 0, days <= 36500 else {
                throw APIError.badParameter("recent", "must be true, false or a half-life in days (at most 36500)")
            }
            recency = days
        }
        request = SearchRequest(
            query: query, filters: filters, match: try parameters.choice("match", default: MatchMode.all),
            sort: try parameters.choice("sort", default: SearchSort.relevance),
            limit: try parameters.integer("limit", default: SearchRequest.Defaults.limit, in: 0...APILimits.pageSize),
            offset: try parameters.integer("offset", default: 0, in: 0...APILimits.offset),
            facets: try flag("facets", default: false),
            snippetLength: try parameters.integer(
                "snippetLength", default: SearchRequest.Defaults.snippetLength, in: 40...APILimits.snippetLength),
            recencyHalfLife: recency, collapse: try flag("collapse", default: true))
    }
}

/// A timeline request read from URL query parameters: `q` and the filters
/// as ``SearchParameters`` reads them, `by`, `interval`, `series`
/// (repeatable) and `top`.
struct TimelineParameters {
    var request: TimelineRequest

    init(_ parameters: FormQuery) throws {
        let search = try SearchParameters(
            parameters, defaultQuery: "", accepting: SearchParameters.timelineOptions)
        let series = parameters.getAll("series")
        guard series.count <= TimelineRequest.maxSeries else {
            throw APIError.badParameter("series", "more than \(TimelineRequest.maxSeries) values")
        }
        request = TimelineRequest(
            query: search.request.query, filters: search.request.filters,
            by: try parameters.choice("by", default: TimelineDimension.country),
            interval: try parameters.choice("interval", default: TimelineInterval.month), series: series,
            top: try parameters.integer("top", default: TimelineRequest.defaultTop, in: TimelineRequest.topRange))
    }
}

extension SearchRequest {
    /// The search `GET /api/search` makes of a URL's query string (the part
    /// after `?`), read exactly as the service reads it. A bad parameter
    /// throws the ``APIError`` (400) the service would answer with.
    public init(urlQuery: String?) throws {
        self = try SearchParameters(FormQuery(urlQuery), defaultQuery: nil).request
    }
}

extension APIServer {
    /// The application serving ``router()`` on `host`:`port`; `onRunning`
    /// is told the port actually bound (useful with port 0).
    public func application(
        host: String, port: Int, idleTimeout: TimeAmount = APIServer.idleTimeout,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: idleTimeout)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "dossier"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) })
    }

    /// How long a connection may sit without a byte read or written before
    /// it is closed: a stalled or slow client holds one no longer than this.
    public static let idleTimeout: TimeAmount = .seconds(10)
}
