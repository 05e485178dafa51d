import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// What every request passes through, in one place: the request id, the one
/// mapping of failures to the JSON error shape (with `Allow` on 405 and
/// `WWW-Authenticate` on 401), OPTIONS and CORS, the metrics and the access log.
struct ServiceMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: Metrics
    let routes: [Route]
    /// Origins whose pages may call the API (CORS); none by default.
    let corsOrigins: [String]
    let accessLog: Logger?

    static var requestIDField: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = DispatchTime.now()
        let id = ServiceMiddleware.requestID(request.headers[ServiceMiddleware.requestIDField])
        let path = request.uri.path
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = routes.methods(of: parts)
        var response: Response
        if request.method == .connect || request.head.authority == nil {
            // Not a request this server answers (a proxy's CONNECT), or an
            // HTTP/1.1 request without Host: refused, and the connection closed.
            let why =
                request.method == .connect ? "CONNECT is not served here" : "the request has no Host header"
            response = APIError(.badRequest, code: "bad_http", "malformed HTTP request: \(why)").response
            response.headers[.connection] = "close"
        } else if request.method == .options && !allowed.isEmpty {
            var headers = HTTPFields()
            headers[.allow] = ServiceMiddleware.allowList(allowed)
            response = Response(status: .noContent, headers: headers)
        } else {
            do {
                response = try await next(request, context)
            } catch {
                var failure = APIError.from(error, request: request)
                if failure.status == .notFound && !allowed.isEmpty && !allowed.contains(request.method) {
                    failure = APIError(
                        .methodNotAllowed, code: "method_not_allowed",
                        "\(request.method) is not allowed on \(path) (allowed: \(ServiceMiddleware.allowList(allowed)))"
                    )
                }
                response = failure.response
                if failure.code == "bad_http" { response.headers[.connection] = "close" }
                if failure.status == .methodNotAllowed {
                    response.headers[.allow] = ServiceMiddleware.allowList(allowed)
                }
                if failure.status == .unauthorized {
                    response.headers[.wwwAuthenticate] = #"Bearer realm="dossier""#
                }
            }
        }
        addCORS(request, &response, allowed: allowed)
        response.headers[ServiceMiddleware.requestIDField] = id
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let route = routes.pattern(of: parts) ?? "other"
        metrics.record(route: route, status: response.status.code, seconds: seconds)
        accessLog?.info(
            "\(request.method) \(request.uri.description) \(response.status.code)",
            metadata: [
                "request_id": .string(id), "route": .string(route),
                "ms": .stringConvertible((seconds * 100_000).rounded() / 100),
            ])
        return response
    }

    /// The client's request id when it is a sane one (1 to 64 letters,
    /// digits, `-`, `_` or `.`), else a new one.
    static func requestID(_ given: String?) -> String {
        if let given, (1...64).contains(given.utf8.count),
            given.utf8.allSatisfy({ $0 < 128 && (isalnum(Int32($0)) != 0 || "-_.".utf8.contains($0)) })
        {
            return given
        }
        return UUID().uuidString.lowercased()
    }

    static func allowList(_ methods: [HTTPRequest.Method]) -> String {
        (methods + [.options]).map(\.rawValue).joined(separator: ", ")
    }

    /// For a page from an origin the operator named: the headers that let
    /// its script read the answer, and for a preflight the methods and
    /// headers it may send.
    func addCORS(_ request: Request, _ response: inout Response, allowed: [HTTPRequest.Method]) {
        guard !corsOrigins.isEmpty else { return }
        // The answer depends on the origin: caches must keep one per origin.
        response.headers[.vary] = [response.headers[.vary], "Origin"].compactMap { $0 }.joined(separator: ", ")
        guard let origin = request.headers[.origin], corsOrigins.contains(origin) else { return }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlExposeHeaders] = "ETag, X-Request-Id"
        if request.method == .options && request.headers[.accessControlRequestMethod] != nil {
            response.headers[.accessControlAllowMethods] = ServiceMiddleware.allowList(allowed)
            response.headers[.accessControlAllowHeaders] = "Authorization, Content-Type, If-None-Match, X-Request-Id"
            response.headers[.accessControlMaxAge] = "600"
        }
    }
}

/// Refuses a write without the bearer token (403 when the service has none
/// configured, 401 with a wrong or missing one).
struct BearerAuthorisation<Context: RequestContext>: RouterMiddleware {
    let writes: IndexWrites

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try writes.authorise(request)
        return try await next(request, context)
    }
}
