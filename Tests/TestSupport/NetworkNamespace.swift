import Foundation

/// A network namespace of its own joined to this one by a veth pair, with
/// `tc netem` delaying every packet each way where the kernel has netem
/// (``isDelayed``): traffic to ``address`` really crosses a network. Removed
/// on deinit. Needs root (CAP_NET_ADMIN) and the `ip` and `tc` commands of
/// iproute2.
public final class NetworkNamespace {
    public let name: String
    /// The namespace's own address; this side is ``hostAddress``.
    public let address: String
    public let hostAddress: String
    /// Whether netem delays the link (some kernels lack the sch_netem module).
    public private(set) var isDelayed = false
    private let hostLink: String

    /// Whether namespaces can be made here; nil if so, else why not.
    public static let unavailableReason: String? = {
        guard let ip = tool("ip"), tool("tc") != nil else { return "the ip and tc commands (iproute2) are missing" }
        let probe = "dossier-probe-\(getpid())"
        guard (try? Command.run(ip, ["netns", "add", probe], timeout: 10))?.status == 0 else {
            return "network namespaces are not permitted here (`ip netns add` needs root and CAP_NET_ADMIN)"
        }
        _ = try? Command.run(ip, ["netns", "del", probe], timeout: 10)
        return nil
    }()

    private static let counter = Atomic(0)

    /// A namespace whose link delays each packet by `delayMs` milliseconds each way.
    public init(delayMs: Double) throws {
        let number = NetworkNamespace.counter.next() % 60
        let tag = "\(getpid() % 10_000)x\(number)"
        name = "dossier-t\(tag)"
        hostLink = "vdh\(tag)"
        let peerLink = "vdn\(tag)"
        // A /30 of its own in 10.233.0.0/16 for each namespace of this process.
        let base = 4 * (Int(getpid()) % 256 * 64 + number)
        let net = "10.233.\(base / 256 % 256)."
        hostAddress = net + "\(base % 256 + 1)"
        address = net + "\(base % 256 + 2)"
        let ip = NetworkNamespace.tool("ip")!
        let tc = NetworkNamespace.tool("tc")!
        let delay = String(format: "%.3fms", delayMs)
        let steps: [(String, [String])] = [
            (ip, ["netns", "add", name]),
            (ip, ["link", "add", hostLink, "type", "veth", "peer", "name", peerLink]),
            (ip, ["link", "set", peerLink, "netns", name]),
            (ip, ["addr", "add", hostAddress + "/30", "dev", hostLink]),
            (ip, ["link", "set", hostLink, "up"]),
            (ip, ["netns", "exec", name, ip, "addr", "add", address + "/30", "dev", peerLink]),
            (ip, ["netns", "exec", name, ip, "link", "set", peerLink, "up"]),
            (ip, ["netns", "exec", name, ip, "link", "set", "lo", "up"]),
        ]
        for (tool, arguments) in steps {
            let result = try Command.run(tool, arguments, timeout: 20)
            guard result.status == 0 else {
                remove()
                throw NamespaceError(message: "\(tool) \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
        let delayed = try Command.run(
            tc, ["qdisc", "add", "dev", hostLink, "root", "netem", "delay", delay], timeout: 20)
        if delayed.status == 0 {
            let peer = try Command.run(
                ip, ["netns", "exec", name, tc, "qdisc", "add", "dev", peerLink, "root", "netem", "delay", delay],
                timeout: 20)
            isDelayed = peer.status == 0
        }
    }

    /// The command prefix that runs a program inside the namespace.
    public var exec: [String] { [NetworkNamespace.tool("ip")!, "netns", "exec", name] }

    private func remove() {
        guard let ip = NetworkNamespace.tool("ip") else { return }
        _ = try? Command.run(ip, ["link", "del", hostLink], timeout: 10)
        _ = try? Command.run(ip, ["netns", "del", name], timeout: 10)
    }

    deinit {
        remove()
    }

    struct NamespaceError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func tool(_ name: String) -> String? {
        ["/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"].map { $0 + name }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// A counter shared by threads.
final class Atomic: @unchecked Sendable {
    private var value: Int
    private let lock = NSLock()
    init(_ value: Int) { self.value = value }
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
