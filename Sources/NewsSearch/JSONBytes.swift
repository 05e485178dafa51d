/// A small writer of JSON straight into bytes: Foundation's `JSONEncoder`
/// builds a tree of boxed values first and cost as much as the search
/// itself on the hot path of the HTTP API and `--batch`.
///
/// Compact by default; `pretty` puts each member and element on a line of
/// its own, indented by two spaces. The caller writes keys in sorted order.
/// Strings are escaped as `JSONEncoder` does with `.withoutEscapingSlashes`,
/// and whole doubles are written without a fraction, like JSONEncoder.
struct JSONBytes {
    private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    /// How many containers are open.
    private var depth = 0
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false
    /// Whether a key was just written, so the next value follows it directly.
    private var afterKey = false

    init(capacity: Int = 4096, pretty: Bool = false) {
        bytes.reserveCapacity(capacity)
        self.pretty = pretty
    }

    mutating func object(_ body: (inout JSONBytes) -> Void) {
        open(UInt8(ascii: "{"), close: UInt8(ascii: "}")) { body(&$0) }
    }

    mutating func array<S: Sequence>(_ items: S, _ element: (inout JSONBytes, S.Element) -> Void) {
        open(UInt8(ascii: "["), close: UInt8(ascii: "]")) { json in
            for item in items { element(&json, item) }
        }
    }

    private mutating func open(_ start: UInt8, close end: UInt8, _ body: (inout JSONBytes) -> Void) {
        separate()
        bytes.append(start)
        depth += 1
        needsComma = false
        let empty = bytes.count
        body(&self)
        depth -= 1
        if pretty && bytes.count != empty { newline() }
        bytes.append(end)
        needsComma = true
    }

    /// A member's key; the value written next belongs to it.
    mutating func key(_ name: String) {
        separate()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
        needsComma = false
        afterKey = true
    }

    /// A member: its key and a value.
    mutating func member(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ values: [String]) {
        key(name)
        strings(values)
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func member(_ name: String, _ value: Double) {
        key(name)
        double(value)
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func string(_ value: String?) {
        separate()
        guard let value else { return null() }
        quoted(value)
        needsComma = true
    }

    mutating func strings(_ values: [String]) {
        array(values) { $0.string($1) }
    }

    mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// A number; not finite numbers are written as null (JSON has none).
    mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        if value == value.rounded(), abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int(value)).utf8)
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
        needsComma = true
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// What goes before a member or element: a comma after another, and
    /// in pretty form a new line; nothing before a key's value.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        if pretty && depth > 0 { newline() }
    }

    private mutating func newline() {
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `value` in quotes, escaped as JSON requires: quote, backslash and
    /// control characters. Everything else, `/` and non-ASCII included, is
    /// written as it is (UTF-8).
    private mutating func quoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case 0x22, 0x5C: bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(JSONBytes.hex[Int(byte >> 4)])
                    bytes.append(JSONBytes.hex[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
