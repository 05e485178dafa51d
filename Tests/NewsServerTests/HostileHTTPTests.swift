import Foundation
import Hummingbird
import NIOCore
import NewsServer
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Sends `bytes` to 127.0.0.1:`port` on a new connection and reads until the
/// server closes it or `wait` seconds pass: what came back, whether the
/// connection was closed, and after how long.
func rawExchange(port: Int, _ bytes: String, wait: Double = 5) -> (text: String, closed: Bool, seconds: Double) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return ("", false, 0) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
    guard connected else { return ("", false, 0) }
    var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let start = Date()
    let data = Array(bytes.utf8)
    _ = data.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date().timeIntervalSince(start) < wait {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 { return (String(decoding: received, as: UTF8.self), true, Date().timeIntervalSince(start)) }
        if count > 0 { received += buffer[0..<count] }
    }
    return (String(decoding: received, as: UTF8.self), false, Date().timeIntervalSince(start))
}

/// ``rawExchange(port:_:wait:)`` on a thread of its own, off Swift's
/// cooperative pool, which the server's handlers need (blocking two of its
/// threads on a machine of two cores would starve the server).
func exchange(port: Int, _ bytes: String, wait: Double = 5) async -> (text: String, closed: Bool, seconds: Double) {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: rawExchange(port: port, bytes, wait: wait)) }.start()
    }
}

/// Issue 14: raw, hostile HTTP against a live `dossier serve` on loopback.
@Suite("Hostile HTTP")
struct HostileHTTPTests {
    let dir = TemporaryDirectory()

    init() throws {
        try buildIndex(dir.path("index"), serverArchive)
    }

    @Test("malformed requests get 400; a stalled client is cut off at the idle timeout while others are served")
    func hostile() async throws {
        let server = APIServer(index: dir.path("index"), token: "s3cret")
        let bound = Mutex<Int?>(nil)
        let app = server.application(host: "127.0.0.1", port: 0, idleTimeout: .seconds(1)) { port in
            bound.withLock { $0 = port }
        }
        let running = Task { try await app.runService() }
        defer { running.cancel() }
        var port: Int?
        for _ in 0..<200 where port == nil {
            try await Task.sleep(for: .milliseconds(25))
            port = bound.withLock { $0 }
        }
        let live = try #require(port)
        let auth = "Authorization: Bearer s3cret\r\n"
        // A chunk size that is not hexadecimal, and an unknown transfer coding:
        // 400, and the connection closed at once.
        for request in [
            "POST /api/articles HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            "POST /api/articles HTTP/1.1\r\nHost: x\r\n\(auth)Transfer-Encoding: xchunked\r\n\r\n",
        ] {
            let answer = await exchange(port: live, request)
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text.prefix(80))")
            #expect(answer.closed && answer.seconds < 0.9, "closed at once (\(answer.seconds) s)")
        }
        // CONNECT and a request without Host: 400, and closed within the idle timeout.
        for request in [
            "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n", "GET /healthz HTTP/1.1\r\n\r\n",
        ] {
            let answer = await exchange(port: live, request)
            #expect(answer.text.hasPrefix("HTTP/1.1 400"), "\(answer.text.prefix(80))")
            // (A response to CONNECT carries no body on the wire.)
            #expect(request.hasPrefix("CONNECT") || answer.text.contains("bad_http"))
            #expect(answer.closed && answer.seconds < 2.5, "closed within the idle timeout (\(answer.seconds) s)")
        }
        // A hundred pipelined requests are all answered.
        let pipelined = rawExchange(
            port: live, String(repeating: "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", count: 100))
        #expect(pipelined.text.components(separatedBy: "HTTP/1.1 200").count - 1 == 100)
        // A client that stops half-way through its headers holds nothing past
        // the idle timeout, and another is served meanwhile.
        async let stalled = exchange(port: live, "GET /healthz HTTP/1.1\r\nHo")
        try await Task.sleep(for: .milliseconds(200))
        let other = await exchange(port: live, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(other.text.hasPrefix("HTTP/1.1 200") && other.seconds < 0.9, "served while another stalls")
        let cut = await stalled
        #expect(cut.closed && cut.seconds < 2.5, "the stalled client was cut off (\(cut.seconds) s)")
    }
}
