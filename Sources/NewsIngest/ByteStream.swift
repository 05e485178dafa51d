import CLZMA
import CZlib
import Foundation
import NewsModel

/// A file (or standard input) read as a stream of decompressed bytes, in
/// chunks, so that a large JSON Lines export never sits whole in memory.
/// The compression (xz, gzip or none) is recognised from the first bytes.
final class ByteStream {
    private let handle: FileHandle
    private let path: String
    private var pending: [UInt8] = []
    private var atEnd = false
    private var decoder: Decoder
    private static let chunk = 1 << 20

    private enum Decoder {
        case plain
        case xz(UnsafeMutablePointer<lzma_stream>)
        case gzip(UnsafeMutablePointer<z_stream>)
    }

    init(path: String) throws(IngestProblem) {
        self.path = path
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw IngestProblem(location: SourceLocation(path: path, line: 0), reason: "cannot read file")
            }
            handle = opened
        }
        decoder = .plain
        let first = try rawRead()
        pending = first
        switch Compression.detect(first) {
        case .none:
            decoder = .plain
        case .xz:
            let stream = UnsafeMutablePointer<lzma_stream>.allocate(capacity: 1)
            stream.initialize(to: lzma_stream())
            // LZMA_CONCATENATED (0x08): several .xz streams read as one.
            guard lzma_stream_decoder(stream, UInt64.max, 0x08) == LZMA_OK else {
                stream.deallocate()
                throw problem("cannot start the xz decoder")
            }
            decoder = .xz(stream)
        case .gzip:
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            guard inflateInit2_(stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deallocate()
                throw problem("cannot start the gzip decoder")
            }
            decoder = .gzip(stream)
        }
    }

    deinit {
        switch decoder {
        case .plain: break
        case .xz(let stream):
            lzma_end(stream)
            stream.deallocate()
        case .gzip(let stream):
            inflateEnd(stream)
            stream.deallocate()
        }
        if path != "-" { try? handle.close() }
    }

    private func problem(_ reason: String) -> IngestProblem {
        IngestProblem(location: SourceLocation(path: path, line: 0), reason: reason)
    }

    /// How many bytes of the file (compressed, if it is) have been read so far.
    private(set) var bytesRead = 0

    private func rawRead() throws(IngestProblem) -> [UInt8] {
        do {
            let bytes = [UInt8](try handle.read(upToCount: ByteStream.chunk) ?? Data())
            bytesRead += bytes.count
            return bytes
        } catch {
            throw problem("cannot read file: \(error.localizedDescription)")
        }
    }

    private var pushedBack: [UInt8]?

    /// Makes `bytes` the next chunk ``next()`` returns (after a peek).
    func pushBack(_ bytes: [UInt8]) { pushedBack = bytes }

    /// The next chunk of decompressed bytes, or nil at the end.
    func next() throws(IngestProblem) -> [UInt8]? {
        if let bytes = pushedBack {
            pushedBack = nil
            return bytes
        }
        while true {
            if pending.isEmpty && !atEnd {
                pending = try rawRead()
                if pending.isEmpty { atEnd = true }
            }
            switch decoder {
            case .plain:
                if pending.isEmpty { return nil }
                defer { pending = [] }
                return pending
            case .xz(let stream):
                guard let output = try xz(stream) else { return nil }
                if !output.isEmpty { return output }
            case .gzip(let stream):
                guard let output = try gzip(stream) else { return nil }
                if !output.isEmpty { return output }
            }
        }
    }

    private var finished = false

    private func xz(_ stream: UnsafeMutablePointer<lzma_stream>) throws(IngestProblem) -> [UInt8]? {
        if finished { return nil }
        var output = [UInt8](repeating: 0, count: ByteStream.chunk)
        let input = pending
        let code: lzma_ret = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = source.count
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = target.count
                return lzma_code(stream, atEnd ? LZMA_FINISH : LZMA_RUN)
            }
        }
        pending = Array(input.suffix(stream.pointee.avail_in))
        output.removeLast(stream.pointee.avail_out)
        if code == LZMA_STREAM_END { finished = true }
        if code != LZMA_OK && code != LZMA_STREAM_END && !(code == LZMA_BUF_ERROR && !atEnd) {
            throw problem("xz: corrupt or truncated data (liblzma code \(code.rawValue))")
        }
        if code == LZMA_BUF_ERROR && atEnd { throw problem("xz: truncated data") }
        return output.isEmpty && finished ? nil : output
    }

    private var memberEnded = false

    private func gzip(_ stream: UnsafeMutablePointer<z_stream>) throws(IngestProblem) -> [UInt8]? {
        if finished { return nil }
        if memberEnded {
            // After a member: the end, zero padding, or another member.
            if pending.isEmpty { return atEnd ? nil : [] }
            if atEnd && pending.allSatisfy({ $0 == 0 }) {
                finished = true
                return nil
            }
            inflateReset(stream)
            memberEnded = false
        }
        var output = [UInt8](repeating: 0, count: ByteStream.chunk)
        let input = pending
        let code: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = UInt32(source.count)
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = UInt32(target.count)
                return inflate(stream, Z_NO_FLUSH)
            }
        }
        pending = Array(input.suffix(Int(stream.pointee.avail_in)))
        output.removeLast(Int(stream.pointee.avail_out))
        switch code {
        case Z_STREAM_END:
            memberEnded = true
        case Z_OK:
            break
        case Z_BUF_ERROR:
            if atEnd && pending.isEmpty { throw problem("gzip: truncated data") }
        default:
            throw problem("gzip: corrupt or truncated data (zlib code \(code))")
        }
        return output
    }
}

extension JSONLinesReader {
    /// Reads a JSON Lines input as a stream, handing `emit` batches of at most
    /// `batch` articles with the problems found among them, so that memory
    /// stays bounded whatever the size of the input.
    func stream(
        _ input: ByteStream, path: String, batch: Int = 2000, emit: (ReadResult) throws -> Void
    ) throws {
        let decoder = JSONDecoder()
        var carry: [UInt8] = []
        var lineNumber = 0
        var result = ReadResult()
        func parseLines(_ bytes: [UInt8], final: Bool) throws {
            try bytes.withUnsafeBufferPointer { buffer in
                var start = 0
                while start < buffer.count {
                    var end = start
                    while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                    if end == buffer.count && !final {
                        carry = Array(buffer[start...])
                        return
                    }
                    lineNumber += 1
                    let location = SourceLocation(path: path, line: lineNumber)
                    switch parse(
                        UnsafeBufferPointer(rebasing: buffer[start..<end]), decoder: decoder, location: location)
                    {
                    case .article(let article): result.articles.append(article)
                    case .problem(let problem): result.problems.append(problem)
                    case .blank: break
                    }
                    if result.articles.count >= batch {
                        try emit(result)
                        result = ReadResult()
                    }
                    start = end + 1
                }
                carry = []
            }
        }
        var skipping = false
        // Deliver what was read before a failure (a truncated archive), then report it.
        func nextChunk() throws -> [UInt8]? {
            do {
                return try input.next()
            } catch {
                if !result.articles.isEmpty || !result.problems.isEmpty { try emit(result) }
                result = ReadResult()
                throw error
            }
        }
        while var bytes = try nextChunk() {
            if skipping {
                // The rest of an over-long line: drop it up to its end.
                guard let newline = bytes.firstIndex(of: 0x0A) else { continue }
                bytes.removeSubrange(...newline)
                skipping = false
            }
            try parseLines(carry.isEmpty ? bytes : carry + bytes, final: false)
            if carry.count > maxLineBytes {
                lineNumber += 1
                result.problems.append(
                    IngestProblem(
                        location: SourceLocation(path: path, line: lineNumber),
                        reason: "line too long (over \(maxLineBytes) bytes)"))
                carry = []
                skipping = true
            }
        }
        if !carry.isEmpty { try parseLines(carry, final: true) }
        if !result.articles.isEmpty || !result.problems.isEmpty { try emit(result) }
    }
}
