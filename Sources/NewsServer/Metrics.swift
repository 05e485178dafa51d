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
