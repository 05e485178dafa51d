import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix
import NewsIndex
import NewsModel
import NewsSearch

/// One route of the service, written once: the router, the metrics' route
/// label, the `Allow` header of a wrong method and the OpenAPI document are
/// all made from the list of these (``APIServer/routes``).
struct Route: Sendable {
    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Reply

    let method: HTTPRequest.Method
    /// The path as OpenAPI writes it: `/api/articles/{id}`.
    let path: String
    /// Writes need the bearer token (``BearerAuthorisation``).
    let writes: Bool
    /// The OpenAPI operation object, JSON.
    let operation: String
    let handler: Handler

    /// The path's segments; a `{name}` one matches any non-empty segment.
    let segments: [Substring]

    init(
        _ method: HTTPRequest.Method, _ path: String, writes: Bool = false, operation: String,
        handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        segments = path.split(separator: "/", omittingEmptySubsequences: false)
        self.writes = writes
        self.operation = operation
        self.handler = handler
    }

    /// The path as Hummingbird's router writes it: `/api/articles/:id`.
    var routerPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : part
        }.joined(separator: "/")
    }

    /// Whether a request path, split at "/", falls under this route's path
    /// (a `{name}` stands for any one non-empty segment).
    func matches(segments parts: [Substring]) -> Bool {
        guard segments.count == parts.count else { return false }
        return zip(segments, parts).allSatisfy { expected, part in
            expected.hasPrefix("{") ? !part.isEmpty : expected == part
        }
    }
}

extension [Route] {
    /// The route pattern a request path belongs to, or nil.
    func pattern(of parts: [Substring]) -> String? {
        first { $0.matches(segments: parts) }?.path
    }

    /// The methods the routes under a request path (split at "/") answer
    /// (HEAD wherever GET is).
    func methods(of parts: [Substring]) -> [HTTPRequest.Method] {
        var methods: [HTTPRequest.Method] = []
        for route in self where route.matches(segments: parts) && !methods.contains(route.method) {
            methods.append(route.method)
            if route.method == .get { methods.append(.head) }
        }
        return methods
    }
}

extension APIServer {
    /// Headers of the page and its files: scripts only from this server,
    /// never inline (a second wall against injected markup); never shown
    /// inside another site's frame; the queries in the page's address never
    /// sent on as a referrer.
    static func pageHeaders(type: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentSecurityPolicy] =
            "default-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "no-referrer"
        return headers
    }

    /// Every route, in the order the OpenAPI document lists them.
    static func makeRoutes(pool: SearcherPool, writes: IndexWrites, metrics: Metrics) -> [Route] {
        let page: [(String, [UInt8], String, String)] = [
            ("/", PackageResources.index_html, "text/html; charset=utf-8", "The search page"),
            ("/style.css", PackageResources.style_css, "text/css; charset=utf-8", "The page's style sheet"),
            ("/app.js", PackageResources.app_js, "text/javascript; charset=utf-8", "The page's script"),
        ]
        var routes = page.map { path, bytes, type, summary in
            let media = type.split(separator: ";")[0]
            return Route(
                .get, path,
                operation: #"""
                    {"summary": "\#(summary)", "responses": {"200": {"description": "\#(summary)", "content": {"\#(media)": {"schema": {"type": "string"}}}}}}
                    """#
            ) {
                [reply = Reply(headers: APIServer.pageHeaders(type: type), body: ByteBuffer(bytes: bytes)).frozen()]
                _, _ in
                reply
            }
        }
        routes += [
            Route(
                .get, "/healthz",
                operation: #"""
                    {"summary": "Liveness and the article count",
                     "responses": {
                       "200": {"description": "Serving", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { _, _ in
                let count = try pool.withSearcher { searcher throws(SearchError) in searcher.articleCount }
                return Reply.json(try APIServer.encoder.encode(Health(status: "ok", articles: count)))
            },
            Route(
                .get, "/api/search",
                operation: #"""
                    {"summary": "Ranked search with filters, facets and snippets",
                     "parameters": \#(OpenAPI.searchParameters),
                     "responses": {
                       "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, _ in
                let search = try SearchParameters(FormQuery(request.uri.query), defaultQuery: nil)
                let results = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.search(search.request)
                }
                return searchResponse(results)
            },
            Route(
                .get, "/api/search/export",
                operation: #"""
                    {"summary": "Every match of a search, streamed: whole articles in index order, as JSON Lines (the interchange form, for POST /api/articles or dossier ingest) or CSV",
                     "parameters": \#(OpenAPI.exportParameters),
                     "responses": {
                       "200": {"description": "The articles", "content": {"application/x-ndjson": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, _ in
                let parameters = FormQuery(request.uri.query)
                let search = try SearchParameters(
                    parameters, defaultQuery: "", accepting: SearchParameters.exportOptions)
                let format = try parameters.choice("format", default: ExportFormat.jsonl)
                // A searcher of its own for as long as the export runs; a bad
                // query or filter is a 400 here, before the answer starts.
                let export = try await NIOThreadPool.singleton.runIfActive {
                    try Export(try pool.openSearcher(), request: search.request, format: format)
                }
                var headers = HTTPFields()
                headers[.contentType] = format.mediaType
                headers[.contentDisposition] = "attachment; filename=\"dossier-export.\(format.rawValue)\""
                var reply = Reply(headers: headers, body: ByteBuffer())
                reply.stream = ResponseBody { writer in
                    try await writer.write(ByteBuffer(bytes: format.header))
                    while let chunk = try await NIOThreadPool.singleton.runIfActive({ try export.next() }) {
                        try await writer.write(chunk)
                    }
                    try await writer.finish(nil)
                }
                return reply
            },
            Route(
                .get, "/api/facets",
                operation: #"""
                    {"summary": "Facet counts over every matching article",
                     "parameters": \#(OpenAPI.filterParameters),
                     "responses": {
                       "200": {"description": "Counts (no hits)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, _ in
                let search = try SearchParameters(
                    FormQuery(request.uri.query), defaultQuery: "", accepting: SearchParameters.filterOptions)
                let results = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.facets(search.request.filters, query: search.request.query)
                }
                return searchResponse(results)
            },
            Route(
                .get, "/api/timeline",
                operation: #"""
                    {"summary": "Articles per month, week or year for each of the top values of a facet, or for the values named, over every matching article",
                     "parameters": \#(OpenAPI.timelineParameters),
                     "responses": {
                       "200": {"description": "The timeline", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Timeline"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "404": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, _ in
                let asked = try TimelineParameters(FormQuery(request.uri.query)).request
                let timeline: Timeline
                do {
                    timeline = try pool.withSearcher { searcher throws(SearchError) in try searcher.timeline(asked) }
                } catch SearchError.invalidParameter(let name, let message) where name == "series" {
                    // Well formed, but no such country or topic: not found
                    // (the parameter's values depend on `by`, so no schema can list them).
                    throw APIError(.notFound, code: "not_found", "series: \(message)", parameter: "series")
                }
                return Reply(headers: Reply.json(Data()).headers, body: ByteBuffer(bytes: timeline.jsonBytes()))
            },
            Route(
                .get, "/api/articles/{id}",
                operation: #"""
                    {"summary": "One article",
                     "parameters": [{"$ref": "#/components/parameters/id"}],
                     "responses": {
                       "200": {"description": "The article", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
                       "404": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { _, context in
                let id = try context.parameters.require("id")
                let found = try pool.withSearcher { searcher throws(SearchError) -> Article? in
                    if let article = try searcher.article(id: id) { return article }
                    guard let number = numericID(id) else { return nil }
                    return try searcher.article(id: number)
                }
                guard let article = found else {
                    throw APIError(.notFound, code: "not_found", "no article with id \(id)", parameter: "id")
                }
                return Reply.json(try APIServer.encoder.encode(article))
            },
            Route(
                .delete, "/api/articles/{id}", writes: true,
                operation: #"""
                    {"summary": "Delete an article: gone from search, facets, timelines and watches, and from the journal, so a rebuild does not bring it back (a corpus file that holds it does)",
                     "security": [{"bearer": []}],
                     "parameters": [{"$ref": "#/components/parameters/id"}],
                     "responses": {
                       "200": {"description": "Deleted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Deleted"}}}},
                       "401": {"$ref": "#/components/responses/Error"},
                       "403": {"$ref": "#/components/responses/Error"},
                       "404": {"$ref": "#/components/responses/Error"},
                       "409": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { _, context in
                let id = try context.parameters.require("id")
                let report = try await NIOThreadPool.singleton.runIfActive {
                    var report = try writes.delete([id])
                    if report.deleted.isEmpty, let number = numericID(id) { report = try writes.delete([number]) }
                    return report
                }
                guard let deleted = report.deleted.first else {
                    throw APIError(.notFound, code: "not_found", "no article with id \(id)", parameter: "id")
                }
                return Reply.json(try APIServer.encoder.encode(Deleted(deleted: deleted)))
            },
            Route(
                .get, "/api/articles/{id}/similar",
                operation: #"""
                    {"summary": "Articles like this one (relevance feedback), narrowed by the filters given",
                     "parameters": \#(OpenAPI.similarParameters),
                     "responses": {
                       "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "404": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, context in
                let id = try context.parameters.require("id")
                let search = try SearchParameters(
                    FormQuery(request.uri.query), defaultQuery: "", accepting: SearchParameters.similarOptions)
                let found = try pool.withSearcher { searcher throws(SearchError) -> SearchResults? in
                    if let results = try searcher.similar(to: id, request: search.request) { return results }
                    guard let number = numericID(id) else { return nil }
                    return try searcher.similar(to: number, request: search.request)
                }
                guard let results = found else {
                    throw APIError(.notFound, code: "not_found", "no article with id \(id)", parameter: "id")
                }
                return searchResponse(results)
            },
            Route(
                .post, "/api/articles", writes: true,
                operation: #"""
                    {"summary": "Add or replace articles (JSON Lines, an object or an array, interchange form)",
                     "security": [{"bearer": []}],
                     "requestBody": {
                       "required": true,
                       "content": {
                         "application/x-ndjson": {"schema": {"type": "string", "description": "One JSON object per line"}},
                         "application/json": {"schema": {"oneOf": [
                           {"$ref": "#/components/schemas/NewArticle"},
                           {"type": "array", "items": {"$ref": "#/components/schemas/NewArticle"}}]}}}},
                     "responses": {
                       "200": {"description": "What was indexed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestReport"}}}},
                       "202": {"description": "Kept in the journal while a rebuild runs: the new index will hold them (queued)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestReport"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "401": {"$ref": "#/components/responses/Error"},
                       "403": {"$ref": "#/components/responses/Error"},
                       "409": {"$ref": "#/components/responses/Error"},
                       "413": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, _ in
                var request = request
                let body = try await request.collectBody(upTo: APIServer.maxBody)
                let strict = request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false
                // Writing waits on locks and disks (the journal waits for a
                // rebuild to switch): on NIO's thread pool, never on the
                // threads that answer searches.
                let bytes = Array(buffer: body)
                var report = try await NIOThreadPool.singleton.runIfActive {
                    try writes.ingest(bytes, strict: strict)
                }
                if let stamp = report.stamp {
                    report.watches =
                        (try? pool.withSearcher { searcher throws(SearchError) in
                            searcher.gains(WatchStore(index: writes.index), since: stamp)
                        }) ?? []
                }
                return Reply.json(try APIServer.encoder.encode(report), status: report.queued > 0 ? .accepted : .ok)
            },
            Route(
                .post, "/api/index/rebuild", writes: true,
                operation: #"""
                    {"summary": "Rebuild the index from the corpus in the background",
                     "security": [{"bearer": []}],
                     "responses": {
                       "202": {"description": "Started", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}}}},
                       "401": {"$ref": "#/components/responses/Error"},
                       "403": {"$ref": "#/components/responses/Error"},
                       "409": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { _, _ in
                guard try writes.startRebuild() else {
                    throw APIError(.conflict, code: "rebuild_running", "a rebuild is already running")
                }
                return Reply.json(try APIServer.encoder.encode(["status": "started"]), status: .accepted)
            },
            Route(
                .get, "/api/watches",
                operation: #"""
                    {"summary": "The watches (saved searches), each with how many articles arrived since it was last seen",
                     "responses": {
                       "200": {"description": "The watches", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Watches"}}}},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { _, _ in
                let watches = try WatchStore(index: writes.index).list()
                let summaries = try pool.withSearcher { searcher throws(SearchError) in
                    try watches.map { watch throws(SearchError) in
                        WatchSummary(watch, new: try searcher.new(for: watch, limit: 0, snippets: false).total)
                    }
                }
                return Reply.json(try APIServer.encoder.encode(["watches": summaries]))
            },
            Route(
                .post, "/api/watches", writes: true,
                operation: #"""
                    {"summary": "Save a search as a watch: what arrives from now on is new to it",
                     "security": [{"bearer": []}],
                     "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewWatch"}}}},
                     "responses": {
                       "201": {"description": "Saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Watch"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "401": {"$ref": "#/components/responses/Error"},
                       "403": {"$ref": "#/components/responses/Error"},
                       "409": {"$ref": "#/components/responses/Error"},
                       "413": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, _ in
                var request = request
                let body = try await request.collectBody(upTo: 64 * 1024)
                let new = try NewWatch.decode(Data(body.readableBytesView))
                let watch = try pool.withSearcher { searcher throws(SearchError) in
                    let watch = Watch(
                        name: new.name, query: new.query ?? "", filters: new.filters, seen: try searcher.latestArrival)
                    try searcher.check(watch)
                    return watch
                }
                try WatchStore(index: writes.index).add(watch)
                return Reply.json(try APIServer.encoder.encode(WatchSummary(watch, new: 0)), status: .created)
            },
            Route(
                .delete, "/api/watches/{name}", writes: true,
                operation: #"""
                    {"summary": "Remove a watch",
                     "security": [{"bearer": []}],
                     "parameters": [{"$ref": "#/components/parameters/name"}],
                     "responses": {
                       "200": {"description": "Removed", "content": {"application/json": {"schema": {"type": "object", "required": ["removed"], "properties": {"removed": {"type": "string"}}}}}},
                       "401": {"$ref": "#/components/responses/Error"},
                       "403": {"$ref": "#/components/responses/Error"},
                       "404": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { _, context in
                let name = try context.parameters.require("name")
                try WatchStore(index: writes.index).remove(name)
                return Reply.json(try APIServer.encoder.encode(["removed": name]))
            },
            Route(
                .get, "/api/watches/{name}/new",
                operation: #"""
                    {"summary": "A watch's new articles, newest arrival first: those that arrived since it was last seen, or since the time given",
                     "parameters": [{"$ref": "#/components/parameters/name"}, {"$ref": "#/components/parameters/since"}, {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"}],
                     "responses": {
                       "200": {"description": "Results", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResults"}}}},
                       "400": {"$ref": "#/components/responses/Error"},
                       "404": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, context in
                let watch = try WatchStore(index: writes.index).watch(try context.parameters.require("name"))
                let page = try WatchPage(FormQuery(request.uri.query))
                let results = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.new(for: watch, since: page.since, limit: page.limit, offset: page.offset)
                }
                return searchResponse(results)
            },
            Route(
                .post, "/api/watches/{name}/seen", writes: true,
                operation: #"""
                    {"summary": "Mark a watch's new articles as seen",
                     "security": [{"bearer": []}],
                     "parameters": [{"$ref": "#/components/parameters/name"}],
                     "responses": {
                       "200": {"description": "The watch", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Watch"}}}},
                       "401": {"$ref": "#/components/responses/Error"},
                       "403": {"$ref": "#/components/responses/Error"},
                       "404": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { _, context in
                let name = try context.parameters.require("name")
                let latest = try pool.withSearcher { searcher throws(SearchError) in try searcher.latestArrival }
                let watch = try WatchStore(index: writes.index).markSeen(name, at: latest)
                let new = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.new(for: watch, limit: 0, snippets: false).total
                }
                return Reply.json(try APIServer.encoder.encode(WatchSummary(watch, new: new)))
            },
            Route(
                .get, "/api/watches/{name}/feed",
                operation: #"""
                    {"summary": "A watch as an Atom feed: the latest 50 articles that arrived since it was saved",
                     "parameters": [{"$ref": "#/components/parameters/name"}],
                     "responses": {
                       "200": {"description": "Atom 1.0 (RFC 4287)", "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                       "404": {"$ref": "#/components/responses/Error"},
                       "503": {"$ref": "#/components/responses/Error"}}}
                    """#
            ) { request, context in
                let watch = try WatchStore(index: writes.index).watch(try context.parameters.require("name"))
                let results = try pool.withSearcher { searcher throws(SearchError) in
                    try searcher.new(for: watch, since: Watch.after(watch.start), limit: 50, snippets: false)
                }
                let feed = AtomFeed(
                    base: AtomFeed.base(authority: request.head.authority), watch: watch, results: results)
                var headers = HTTPFields()
                headers[.contentType] = "application/atom+xml; charset=utf-8"
                return Reply(headers: headers, body: ByteBuffer(string: feed.xml))
            },
            Route(
                .get, "/metrics",
                operation: #"""
                    {"summary": "Prometheus metrics",
                     "responses": {"200": {"description": "Text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}}}
                    """#
            ) { _, _ in
                let stats = try? pool.withSearcher { searcher throws(SearchError) in
                    (searcher.articleCount, searcher.lastUpdated)
                }
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                let text = metrics.text(documents: stats?.0, lastUpdate: stats?.1)
                return Reply(headers: headers, body: ByteBuffer(string: text))
            },
        ]
        let documentRoute = { (document: String) in
            Route(
                .get, "/api/openapi.json",
                operation: #"""
                    {"summary": "This document",
                     "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}
                    """#
            ) { _, _ in Reply.json(Data(document.utf8)) }
        }
        routes.append(documentRoute(OpenAPI.document(routes + [documentRoute("")])))
        return routes
    }
}

/// `DELETE /api/articles/{id}`'s answer.
struct Deleted: Encodable {
    /// The id of the article deleted.
    let deleted: String
}

/// An export under way: its own searcher and cursor, used by one task at a
/// time (each page is made on the thread pool, between writes).
final class Export: @unchecked Sendable {
    private let searcher: Searcher
    private let cursor: ExportCursor
    private let format: ExportFormat
    private let encoder = ExportFormat.encoder()

    init(_ searcher: Searcher, request: SearchRequest, format: ExportFormat) throws {
        self.searcher = searcher
        cursor = try searcher.export(request)
        self.format = format
    }

    /// The next page of articles, encoded; nil after the last.
    func next() throws -> ByteBuffer? {
        guard let page = try cursor.next() else { return nil }
        var bytes = Data()
        for article in page { bytes.append(format.line(article, encoder: encoder)) }
        return ByteBuffer(bytes: bytes)
    }
}

/// The body of `POST /api/watches`.
struct NewWatch: Decodable {
    let name: String
    let query: String?
    let country: [String]?
    let category: [String]?
    let topic: [String]?
    let source: [String]?
    let from: String?
    let to: String?

    var filters: SearchFilters {
        let given = { (values: [String]?) in (values ?? []).filter { !$0.isEmpty } }
        return SearchFilters(
            countries: given(country), categories: given(category), topics: given(topic), sources: given(source),
            from: from.flatMap { $0.isEmpty ? nil : $0 }, to: to.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The watch `body` asks for; 400 naming what is wrong.
    static func decode(_ body: Data) throws -> NewWatch {
        let new: NewWatch
        do {
            new = try JSONDecoder().decode(NewWatch.self, from: body)
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(.badRequest, code: "bad_body", "the watch needs \"\(key.stringValue)\"", parameter: "body")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.first?.stringValue ?? "body"
            throw APIError(
                .badRequest, code: "bad_body", "\"\(field)\" has the wrong type: \(context.debugDescription)",
                parameter: "body")
        } catch {
            throw APIError(.badRequest, code: "bad_body", "the body must be a JSON object (a watch)", parameter: "body")
        }
        if let problem = Watch.problem(name: new.name) {
            throw APIError(.badRequest, code: "bad_name", problem, parameter: "name")
        }
        guard (new.query ?? "").unicodeScalars.count <= APILimits.queryLength else {
            throw APIError.badParameter("query", "longer than \(APILimits.queryLength) characters")
        }
        return new
    }
}

/// The page asked of `GET /api/watches/{name}/new`.
struct WatchPage {
    let since: String?
    let limit: Int
    let offset: Int

    init(_ parameters: FormQuery) throws {
        for name in parameters.names where !["since", "limit", "offset"].contains(name) {
            throw APIError.badParameter(name, "unknown parameter")
        }
        since = parameters.get("since").flatMap { $0.isEmpty ? nil : $0 }
        limit = try parameters.integer("limit", default: SearchRequest.Defaults.limit, in: 0...APILimits.pageSize)
        offset = try parameters.integer("offset", default: 0, in: 0...APILimits.offset)
    }
}

/// `GET /healthz`'s answer.
struct Health: Encodable {
    let status: String
    let articles: Int
}

/// An id sent as a JSON number is stored as its integer text ("1000" for
/// `1e3` or `1000.0`): the integer text of `id` when it is another spelling
/// of such a number, so that the article is found by any of them.
func numericID(_ id: String) -> String? {
    guard id.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || "-+.eE".utf8.contains($0) }),
        let value = Double(id), value == value.rounded(), abs(value) < 9.2e18
    else { return nil }
    let text = String(Int64(value))
    return text == id ? nil : text
}

/// Search results as the JSON reply.
func searchResponse(_ results: SearchResults) -> Reply {
    Reply(headers: Reply.json(Data()).headers, body: ByteBuffer(bytes: SearchJSON(results).bytes()))
}
