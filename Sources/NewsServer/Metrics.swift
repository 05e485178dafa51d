import Foundation
import Hummingbird
import Synchronization

/// Request counts and latency histograms per route, in Prometheus's text format.
public final class Metrics: Sendable {
    /// Histogram bucket bounds, in seconds.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private struct Series {
        var counts: [Int: Int] = [:]  // by status
        var buckets = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private let series = Mutex<[String: Series]>([:])

    public init() {}

    /// The route a path belongs to (ids replaced), so that series stay few.
    static func route(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 4, parts[1] == "api", parts[2] == "articles" { return "/api/articles/{id}" }
        if parts.count == 5, parts[1] == "api", parts[2] == "articles", parts[4] == "similar" {
            return "/api/articles/{id}/similar"
        }
        let known: Set<String> = [
            "/", "/healthz", "/metrics", "/api/search", "/api/facets", "/api/articles", "/api/index/rebuild",
            "/api/openapi.json",
        ]
        return known.contains(path) ? path : "other"
    }

    func record(route: String, status: Int, seconds: Double) {
        series.withLock { all in
            var entry = all[route] ?? Series()
            entry.counts[status, default: 0] += 1
            for (index, bound) in Metrics.buckets.enumerated() where seconds <= bound { entry.buckets[index] += 1 }
            entry.sum += seconds
            entry.count += 1
            all[route] = entry
        }
    }

    /// The text exposition, with the index gauges given.
    func text(documents: Int?, lastUpdate: Date?) -> String {
        var out = "# HELP dossier_http_requests_total HTTP requests by route and status.\n"
        out += "# TYPE dossier_http_requests_total counter\n"
        let snapshot = series.withLock { $0 }
        for (route, entry) in snapshot.sorted(by: { $0.key < $1.key }) {
            for (status, count) in entry.counts.sorted(by: { $0.key < $1.key }) {
                out += "dossier_http_requests_total{route=\"\(route)\",status=\"\(status)\"} \(count)\n"
            }
        }
        out += "# HELP dossier_http_request_duration_seconds Time to answer a request, by route.\n"
        out += "# TYPE dossier_http_request_duration_seconds histogram\n"
        for (route, entry) in snapshot.sorted(by: { $0.key < $1.key }) {
            for (index, bound) in Metrics.buckets.enumerated() {
                out += "dossier_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"\(bound)\"} "
                out += "\(entry.buckets[index])\n"
            }
            out += "dossier_http_request_duration_seconds_bucket{route=\"\(route)\",le=\"+Inf\"} \(entry.count)\n"
            out += "dossier_http_request_duration_seconds_sum{route=\"\(route)\"} \(entry.sum)\n"
            out += "dossier_http_request_duration_seconds_count{route=\"\(route)\"} \(entry.count)\n"
        }
        if let documents {
            out += "# HELP dossier_index_documents Articles in the index.\n# TYPE dossier_index_documents gauge\n"
            out += "dossier_index_documents \(documents)\n"
        }
        if let lastUpdate {
            out += "# HELP dossier_index_last_update_seconds When the index last changed (Unix time).\n"
            out += "# TYPE dossier_index_last_update_seconds gauge\n"
            out += "dossier_index_last_update_seconds \(Int(lastUpdate.timeIntervalSince1970))\n"
        }
        return out
    }
}

/// Times every request into ``Metrics`` and turns failures the router raises
/// (no such route, wrong method, body too large) into the JSON error shape.
struct ServiceMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: Metrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = DispatchTime.now()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = error.response
        } catch let error as any HTTPResponseError {
            let code: String
            switch error.status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .contentTooLarge: code = "body_too_large"
            default: code = "http_error"
            }
            let detail = (error as? HTTPError)?.body
            let message =
                error.status == .notFound
                ? "no such route: \(request.method) \(request.uri.path)" : detail ?? error.status.reasonPhrase
            response = APIError(error.status, code: code, message).response
        } catch {
            response = APIError(.internalServerError, code: "internal", "\(error)").response
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        metrics.record(route: Metrics.route(request.uri.path), status: response.status.code, seconds: seconds)
        return response
    }
}
