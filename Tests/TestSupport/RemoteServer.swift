import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `xapian-tcpsrv` (Debian's xapian-tools) serving one database on
/// 127.0.0.1, stopped on deinit.
///
/// Spawned in a process group of its own, so that stopping it can kill the
/// children it forks for connections (and its own signal handling never
/// reaches the test runner).
public final class RemoteServer {
    public static let executable = ["/usr/bin/xapian-tcpsrv", "/usr/local/bin/xapian-tcpsrv"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    public let port: Int
    public let host: String
    public let database: String
    private var pid: pid_t = 0

    /// Serves `database` on `port` (nil: a free port) of 127.0.0.1, or of
    /// the address of `namespace`, run inside it.
    public init(database: String, port: Int? = nil, namespace: NetworkNamespace? = nil) throws {
        guard let executable = RemoteServer.executable else { throw CocoaError(.fileNoSuchFile) }
        self.database = database
        self.port = try port ?? RemoteServer.freePort()
        host = namespace?.address ?? "127.0.0.1"
        let command =
            (namespace?.exec ?? []) + [executable, "--interface", host, "--port", String(self.port), database]
        pid = try Command.spawn(command[0], Array(command.dropFirst()))
    }

    /// `HOST:PORT`, as `dossier connect` takes it.
    public var address: String { "\(host):\(port)" }

    public var isRunning: Bool {
        guard pid > 0 else { return false }
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// Waits until the server accepts connections (up to 10 s).
    public func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(10)
        while !RemoteServer.accepts(host: host, port: port) {
            guard Date() < deadline, isRunning else { throw POSIXError(.ECONNREFUSED) }
            usleep(20_000)
        }
    }

    /// Pauses (SIGSTOP) or resumes (SIGCONT) the server and its connections:
    /// a shard that stalls without closing anything.
    public func pause(_ paused: Bool) {
        guard pid > 0 else { return }
        kill(-pid, paused ? SIGSTOP : SIGCONT)
    }

    /// Stops the server and the children it forked for connections.
    public func stop() {
        guard pid > 0 else { return }
        kill(-pid, SIGCONT)
        kill(-pid, SIGKILL)
        _ = Command.wait(pid)
        pid = 0
    }

    deinit {
        stop()
    }

    static func accepts(host: String, port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port that was free a moment ago (xapian-tcpsrv refuses port 0).
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
