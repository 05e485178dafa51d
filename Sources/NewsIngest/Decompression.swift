import CLZMA
import CZlib

/// A compression format recognised by its magic bytes.
public enum Compression: String, Sendable {
    case none, xz, gzip

    /// The format of `data`, from its first bytes.
    public static func detect(_ data: [UInt8]) -> Compression {
        if data.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if data.starts(with: [0x1F, 0x8B]) { return .gzip }
        return .none
    }
}

/// Why decompression failed.
public struct DecompressionError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Decompresses whole inputs with liblzma and zlib, refusing output larger
/// than a limit (so a small malicious file cannot exhaust memory).
public enum Decompressor {
    /// `data` decompressed according to its magic bytes; as is if not compressed.
    public static func decompress(_ data: [UInt8], limit: Int) throws(DecompressionError) -> [UInt8] {
        switch Compression.detect(data) {
        case .none: return data
        case .xz: return try xz(data, limit: limit)
        case .gzip: return try gzip(data, limit: limit)
        }
    }

    static func xz(_ data: [UInt8], limit: Int) throws(DecompressionError) -> [UInt8] {
        var stream = lzma_stream()
        // LZMA_CONCATENATED (0x08, a macro Swift does not import): a file of
        // several .xz streams reads as one.
        let concatenated: UInt32 = 0x08
        guard lzma_stream_decoder(&stream, UInt64.max, concatenated) == LZMA_OK else {
            throw DecompressionError(description: "cannot start the xz decoder")
        }
        defer { lzma_end(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let result: lzma_ret = data.withUnsafeBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = input.count
            while true {
                let code: lzma_ret = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = buffer.count
                    return lzma_code(&stream, stream.avail_in == 0 ? LZMA_FINISH : LZMA_RUN)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - stream.avail_out)])
                if output.count > limit { return LZMA_MEMLIMIT_ERROR }
                if code != LZMA_OK { return code }
            }
        }
        if output.count > limit { throw DecompressionError(description: "decompresses to more than \(limit) bytes") }
        guard result == LZMA_STREAM_END else {
            throw DecompressionError(description: "corrupt or truncated xz data (liblzma code \(result.rawValue))")
        }
        return output
    }

    static func gzip(_ data: [UInt8], limit: Int) throws(DecompressionError) -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var offset = 0
        // A .gz file may hold several members one after another.
        while offset < data.count {
            var stream = z_stream()
            // 16 + MAX_WBITS: a gzip header and trailer.
            guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
            else {
                throw DecompressionError(description: "cannot start the gzip decoder")
            }
            defer { inflateEnd(&stream) }
            let code: Int32 = data.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + offset)
                stream.avail_in = UInt32(input.count - offset)
                while true {
                    let code: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                        stream.next_out = buffer.baseAddress
                        stream.avail_out = UInt32(buffer.count)
                        return inflate(&stream, Z_NO_FLUSH)
                    }
                    output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                    if output.count > limit { return Z_MEM_ERROR }
                    if code != Z_OK { return code }
                    if stream.avail_in == 0 && stream.avail_out != 0 { return Z_BUF_ERROR }
                }
            }
            if output.count > limit {
                throw DecompressionError(description: "decompresses to more than \(limit) bytes")
            }
            guard code == Z_STREAM_END else {
                throw DecompressionError(description: "corrupt or truncated gzip data (zlib code \(code))")
            }
            offset = data.count - Int(stream.avail_in)
            // Trailing zero padding after the last member is allowed.
            if data[offset...].allSatisfy({ $0 == 0 }) { break }
        }
        return output
    }
}
