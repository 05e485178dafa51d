import Foundation

/// A passage of text with the ranges that matched the query: plain data,
/// rendered as HTML or for a terminal by a separate step.
public struct Snippet: Sendable, Hashable {
    /// The passage, unescaped.
    public let text: String
    /// The matched ranges of ``text``, in order, not overlapping.
    public let highlights: [Range<String.Index>]

    public init(text: String, highlights: [Range<String.Index>]) {
        self.text = text
        self.highlights = highlights
    }

    /// Markers put around matches when asking Xapian for a snippet; control
    /// characters that ``sanitised(_:)`` removes from the text beforehand.
    static let start: Character = "\u{1}"
    static let end: Character = "\u{2}"

    /// `text` without the marker characters, so they can only come from
    /// Xapian, and whether it is all ASCII: one pass over its bytes, as it
    /// runs for every hit of every search.
    static func sanitised(_ text: String) -> (text: String, ascii: Bool) {
        var text = text
        let (markers, high) = text.withUTF8 { bytes in
            // Branch-free, so that the loop vectorises.
            var markers: UInt8 = 0
            var all: UInt8 = 0
            for byte in bytes {
                markers |= byte &- 1 < 2 ? 1 : 0
                all |= byte
            }
            return (markers != 0, all >= 0x80)
        }
        guard markers else { return (text, !high) }
        return (String(decoding: text.utf8.filter { $0 != 0x01 && $0 != 0x02 }, as: UTF8.self), !high)
    }

    /// Parses Xapian's output: HTML-escaped text with marker characters.
    /// Works on UTF-8 bytes (markers and entities are ASCII), as it runs for
    /// every hit of every search.
    public init(marked: String) {
        var bytes: [UInt8] = []
        var spans: [(Int, Int)] = []
        var marked = marked
        marked.withUTF8 { input in
            bytes.reserveCapacity(input.count)
            var open: Int?
            var i = 0
            func entity(_ name: StaticString) -> Bool {
                let count = name.utf8CodeUnitCount
                guard i + count <= input.count else { return false }
                return memcmp(input.baseAddress! + i, name.utf8Start, count) == 0
            }
            while i < input.count {
                let byte = input[i]
                switch byte {
                case 0x01:
                    open = bytes.count
                    i += 1
                case 0x02:
                    if let from = open { spans.append((from, bytes.count)) }
                    open = nil
                    i += 1
                case UInt8(ascii: "&") where entity("&amp;"):
                    bytes.append(UInt8(ascii: "&"))
                    i += 5
                case UInt8(ascii: "&") where entity("&lt;"):
                    bytes.append(UInt8(ascii: "<"))
                    i += 4
                case UInt8(ascii: "&") where entity("&gt;"):
                    bytes.append(UInt8(ascii: ">"))
                    i += 4
                default:
                    bytes.append(byte)
                    i += 1
                }
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid UTF-8, which would move the offsets: then
        // the text stands without highlights rather than with wrong ones.
        guard text.utf8.count == bytes.count else {
            self.init(text: text, highlights: [])
            return
        }
        let utf8 = text.utf8
        let highlights = spans.map { span in
            utf8.index(utf8.startIndex, offsetBy: span.0)..<utf8.index(utf8.startIndex, offsetBy: span.1)
        }
        self.init(text: text, highlights: highlights)
    }

    /// The snippet with each highlight wrapped in `open` and `close`, and
    /// the text passed through `escape` (e.g. HTML escaping).
    public func rendered(open: String, close: String, escape: (Substring) -> String = { String($0) }) -> String {
        var out = ""
        var position = text.startIndex
        for range in highlights {
            out += escape(text[position..<range.lowerBound])
            out += open + escape(text[range]) + close
            position = range.upperBound
        }
        out += escape(text[position...])
        return out
    }

    /// The snippet as HTML: text escaped, matches in `<mark>`.
    public var html: String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16 * highlights.count + 16)
        func escape(_ part: Substring) {
            for byte in part.utf8 {
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
                default: out.append(byte)
                }
            }
        }
        var position = text.startIndex
        for range in highlights {
            escape(text[position..<range.lowerBound])
            out.append(contentsOf: "<mark>".utf8)
            escape(text[range])
            out.append(contentsOf: "</mark>".utf8)
            position = range.upperBound
        }
        escape(text[position...])
        return String(decoding: out, as: UTF8.self)
    }
}

extension Snippet {
    /// This snippet, computed over `folded` (the folded form of `original`,
    /// with `origin` from `TextNormalizer.foldedMapping`), moved back onto the
    /// original text so that it shows "Kaboré", not "Kabore". `omit` is the
    /// marker Xapian put at cut ends. Returns nil if the passage cannot be
    /// found in the folded text.
    public func mapped(toOriginal original: String, folded: String, origin: [String.Index], omit: String) -> Snippet? {
        var core = Substring(text)
        let leading = core.hasPrefix(omit)
        if leading { core = core.dropFirst(omit.count) }
        let trailing = core.hasSuffix(omit) && !core.isEmpty
        if trailing { core = core.dropLast(omit.count) }
        guard !core.isEmpty, let found = folded.range(of: core) else { return nil }
        let base = folded.distance(from: folded.startIndex, to: found.lowerBound)
        let coreStart = text.index(text.startIndex, offsetBy: leading ? omit.count : 0)
        // Character offset in the snippet text -> index in the original text.
        func originalIndex(_ index: String.Index, end: Bool) -> String.Index {
            let offset = base + text.distance(from: coreStart, to: index)
            if end {
                return offset <= 0 ? original.startIndex : original.index(after: origin[min(offset, origin.count) - 1])
            }
            return origin[min(offset, origin.count - 1)]
        }
        let from = originalIndex(coreStart, end: false)
        let to = originalIndex(text.index(coreStart, offsetBy: core.count), end: true)
        var out = (leading ? omit : "") + original[from..<to]
        let prefixLength = leading ? omit.count : 0
        var moved: [Range<String.Index>] = []
        for range in highlights where range.lowerBound >= coreStart {
            let start = original.distance(from: from, to: originalIndex(range.lowerBound, end: false))
            let end = original.distance(from: from, to: originalIndex(range.upperBound, end: true))
            let lower = out.index(out.startIndex, offsetBy: prefixLength + start)
            let upper = out.index(out.startIndex, offsetBy: prefixLength + end)
            moved.append(lower..<upper)
        }
        if trailing { out += omit }
        // Indices into `out` stay valid: only appended to after they were taken.
        return Snippet(text: out, highlights: moved)
    }
}
