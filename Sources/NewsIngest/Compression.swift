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
