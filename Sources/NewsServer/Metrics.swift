import CoreMetrics
import Foundation
import NewsModel
import NewsSearch
import Prometheus
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The service's metrics, recorded through swift-metrics into a Prometheus
/// registry of this service's own (swift-prometheus), which `GET /metrics`
/// writes out in Prometheus's text format: requests by route pattern and
/// status, latency histograms by route, the index's size and last change,
/// the process (CPU, memory, open files, start time) and the build.
public final class Metrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    /// The process's CPU seconds at the last scrape, to add the difference.
    private let cpuSeen = Mutex(0.0)
    /// The request counter and timer of each route and status, made once.
    private let handles = Mutex<[String: (CoreMetrics.Counter, CoreMetrics.Timer)]>([:])

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500),
        ]
        self.factory = factory
        Gauge(
            label: "dossier_build_info",
            dimensions: [
                ("version", DossierVersion.current), ("schema", String(Schema.version)),
                ("xapian", Searcher.engineVersion),
            ], factory: factory
        ).record(1)
        if let started = ProcessStats.read()?.startTime {
            Gauge(label: "process_start_time_seconds", factory: factory).record(started)
        }
    }

    /// Counts a request and its time under its route pattern (`other` for no route).
    func record(route: String, status: Int, seconds: Double) {
        let factory = self.factory
        let (counter, timer) = handles.withLock { all in
            let key = "\(status) \(route)"
            if let made = all[key] { return made }
            let made = (
                Counter(
                    label: "dossier_http_requests_total", dimensions: [("route", route), ("status", String(status))],
                    factory: factory),
                Timer(label: "dossier_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            )
            all[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(Int64(seconds * 1e9))
    }

    /// The text exposition, after setting the index gauges to those given
    /// and reading the process's figures.
    func text(documents: Int?, lastUpdate: Date?) -> String {
        if let documents { Gauge(label: "dossier_index_documents", factory: factory).record(documents) }
        if let lastUpdate {
            Gauge(label: "dossier_index_last_update_seconds", factory: factory).record(
                Int(lastUpdate.timeIntervalSince1970))
        }
        if let process = ProcessStats.read() {
            let added = cpuSeen.withLock { seen in
                defer { seen = max(seen, process.cpuSeconds) }
                return max(0, process.cpuSeconds - seen)
            }
            FloatingPointCounter(label: "process_cpu_seconds_total", factory: factory).increment(by: added)
            Gauge(label: "process_resident_memory_bytes", factory: factory).record(process.residentBytes)
            Gauge(label: "process_virtual_memory_bytes", factory: factory).record(process.virtualBytes)
            Gauge(label: "process_open_fds", factory: factory).record(process.openFiles)
            Gauge(label: "process_max_fds", factory: factory).record(process.maxFiles)
        }
        return registry.emitToString()
    }
}

/// This process's figures, from Linux's /proc (nil elsewhere).
struct ProcessStats {
    var cpuSeconds: Double
    var residentBytes: Int
    var virtualBytes: Int
    var openFiles: Int
    var maxFiles: Int
    /// When the process started (Unix time).
    var startTime: Double

    static func read() -> ProcessStats? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // The fields after the command name, which may hold spaces: state is field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = sysconf(Int32(_SC_PAGESIZE))
        guard let user = field(14), let system = field(15), let started = field(22), let virtual = field(23),
            let resident = field(24), ticks > 0,
            let uptime = (try? String(contentsOfFile: "/proc/uptime", encoding: .utf8))?.split(separator: " ").first
                .flatMap({ Double($0) })
        else { return nil }
        let openFiles = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? 0
        var limit = rlimit()
        let maxFiles = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 ? Int(limit.rlim_cur) : 0
        let bootTime = Date().timeIntervalSince1970 - uptime
        return ProcessStats(
            cpuSeconds: (user + system) / ticks, residentBytes: Int(resident) * page, virtualBytes: Int(virtual),
            openFiles: openFiles, maxFiles: maxFiles, startTime: (bootTime + started / ticks).rounded())
    }
}
