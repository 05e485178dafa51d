import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import NewsModel

/// What a route answers, before it becomes a response: kept as bytes so
/// that reads get an `ETag` (and `304 Not Modified` when the client has
/// them already) and clients that accept gzip get the body compressed.
struct Reply: Sendable {
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields
    var body: ByteBuffer
    /// The tag and compressed body worked out once, for a reply that never
    /// changes (the page's files): see ``frozen()``.
    private var fixedTag: String?
    private var fixedGzip: ByteBuffer?
    /// A body written as it is made (an export), instead of `body`: sent
    /// as it comes, with no entity tag and no compression.
    var stream: ResponseBody?

    /// Bodies smaller than this are sent as they are: compressing them saves
    /// less than it costs.
    static let compressFrom = 1024

    init(status: HTTPResponse.Status = .ok, headers: HTTPFields, body: ByteBuffer) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON reply.
    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Reply {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Reply(status: status, headers: headers, body: ByteBuffer(bytes: data))
    }

    /// The entity tag of the body: a hash of its bytes, leaving out a search's
    /// `"timings"` object, which differs on every request. Weak, since two
    /// bodies with one tag may differ in their timings.
    var entityTag: String {
        let bytes = body.readableBytesView
        var hash = FNV1a.offset
        let marker = Array(#","timings":{"#.utf8)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == marker[0], bytes[index...].starts(with: marker),
                let end = bytes[index...].firstIndex(of: UInt8(ascii: "}"))
            {
                index = end + 1
                continue
            }
            hash = FNV1a.add(hash, bytes[index])
            index += 1
        }
        return "W/\"" + FNV1a.hex(hash) + "\""
    }

    /// This reply with its tag and compressed body worked out now, to be
    /// served many times unchanged.
    func frozen() -> Reply {
        var reply = self
        reply.fixedTag = entityTag
        reply.fixedGzip = Reply.isCompressible(headers[.contentType]) ? Reply.gzip(body) : nil
        return reply
    }

    /// The response to `request`: 304 when a read's `If-None-Match` names
    /// this body's tag; gzip-compressed when the client accepts it.
    func response(for request: Request) -> Response {
        if let stream { return Response(status: status, headers: headers, body: stream) }
        var headers = self.headers
        let isRead = request.method == .get || request.method == .head
        if isRead && status == .ok {
            let tag = fixedTag ?? entityTag
            headers[.eTag] = tag
            if headers[.cacheControl] == nil { headers[.cacheControl] = "no-cache" }
            if let wanted = request.headers[.ifNoneMatch], Reply.matches(wanted, tag) {
                var unchanged = HTTPFields()
                for name in [HTTPField.Name.eTag, .cacheControl] { unchanged[name] = headers[name] }
                return Response(status: .notModified, headers: unchanged)
            }
        }
        var body = self.body
        if Reply.isCompressible(headers[.contentType]) {
            headers[.vary] = "Accept-Encoding"
            if body.readableBytes >= Reply.compressFrom, Reply.acceptsGzip(request.headers[.acceptEncoding]),
                let compressed = fixedGzip ?? Reply.gzip(body)
            {
                body = compressed
                headers[.contentEncoding] = "gzip"
            }
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// Whether an `If-None-Match` value names `tag` (weak comparison) or is `*`.
    static func matches(_ wanted: String, _ tag: String) -> Bool {
        let opaque = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
        return wanted.split(separator: ",").contains { item in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || (trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed) == opaque
        }
    }

    /// Text, JSON and scripts; not images or what is compressed already.
    static func isCompressible(_ type: String?) -> Bool {
        guard let type else { return false }
        return type.hasPrefix("application/json") || type.hasPrefix("text/")
    }

    /// Whether an `Accept-Encoding` value takes gzip: named (or `*`) with a
    /// quality above 0.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Double?
        var any: Double?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            if coding == "gzip" || coding == "x-gzip" { gzip = quality }
            if coding == "*" { any = quality }
        }
        return (gzip ?? any ?? 0) > 0
    }

    /// `body` compressed with gzip (compress-nio, over zlib), or nil if zlib failed.
    static func gzip(_ body: ByteBuffer) -> ByteBuffer? {
        var input = body
        // The fastest level: on a 12 KB search answer it takes a third of the
        // default level's time for 10% more bytes.
        let compressor = CompressionAlgorithm.gzip(configuration: .init(compressionLevel: .fastestCompression))
            .compressor
        do {
            try compressor.startStream()
            defer { try? compressor.finishStream() }
            var output = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input))
            try compressor.streamDeflate(from: &input, to: &output, flush: .finish)
            return output
        } catch {
            return nil
        }
    }
}
