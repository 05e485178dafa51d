/// The parameters of a URL's query string, read as
/// `application/x-www-form-urlencoded` the way browsers write it (the WHATWG
/// URL standard's `URLSearchParams`, HTML forms, Python's `requests`): pairs
/// split at `&`, name and value at the first `=`, `+` is a space, `%XX` is a
/// byte, and the bytes are UTF-8. A `%` not followed by two hex digits stays
/// as it is, and bytes that are not UTF-8 become U+FFFD, as in a browser.
///
/// Names are decoded like values, so `%71=mali` is `q=mali`.
public struct FormQuery: Sendable {
    /// Every pair, in the order given.
    public let pairs: [(name: String, value: String)]

    /// The parameters of `query`, the part of a URL after `?` and before `#`
    /// (nil or empty: none).
    public init(_ query: String?) {
        guard let query, !query.isEmpty else {
            pairs = []
            return
        }
        pairs = query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { pair in
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                return (FormQuery.decode(pair[..<equals]), FormQuery.decode(pair[pair.index(after: equals)...]))
            }
            return (FormQuery.decode(pair), "")
        }
    }

    /// The first value of `name`, or nil.
    public func get(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func getAll(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The names given, in order, each once.
    public var names: [String] {
        var seen: Set<String> = []
        return pairs.map(\.name).filter { seen.insert($0).inserted }
    }

    /// One name or value: `+` to a space, `%XX` to its byte, then UTF-8.
    static func decode(_ bytes: Substring.UTF8View) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%"), let high = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex),
                high != bytes.endIndex, let low = bytes.index(high, offsetBy: 1, limitedBy: bytes.endIndex),
                low != bytes.endIndex, let h = hex(bytes[high]), let l = hex(bytes[low])
            {
                out.append(h << 4 | l)
                index = low
            } else {
                out.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension FormQuery {
    /// The whole number `name` holds, within `range` (`value` when absent);
    /// else a 400 naming it.
    func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = get(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badParameter(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// The case `name` names (`value` when absent); else a 400 listing them.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default value: T) throws -> T
    where T.RawValue == String {
        guard let text = get(name) else { return value }
        guard let found = T(rawValue: text) else {
            throw APIError.badParameter(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return found
    }
}
