/// FNV-1a, 64 bits: the one small, fast, stable hash used for ids, shard
/// routing, duplicate keys and long terms.
public enum FNV1a {
    public static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x100_0000_01b3

    @inline(__always)
    public static func add(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime
    }

    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var hash = offset
        for byte in bytes { hash = add(hash, byte) }
        return hash
    }

    public static func hash(_ text: String) -> UInt64 { hash(text.utf8) }

    /// 16 lower-case hexadecimal digits.
    public static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 16)
        var value = value
        for index in stride(from: 15, through: 0, by: -1) {
            out[index] = digits[Int(value & 0xf)]
            value >>= 4
        }
        return String(decoding: out, as: UTF8.self)
    }
}
