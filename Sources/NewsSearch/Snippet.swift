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

    /// `text` without the marker characters, so they can only come from Xapian.
    static func sanitised(_ text: String) -> String {
        text.contains(where: { $0 == start || $0 == end }) ? text.filter { $0 != start && $0 != end } : text
    }

    /// Parses Xapian's output: HTML-escaped text with marker characters.
    public init(marked: String) {
        var text = ""
        var highlights: [Range<String.Index>] = []
        var open: String.Index?
        var rest = Substring(marked)
        while let c = rest.first {
            if c == Snippet.start {
                open = text.endIndex
                rest = rest.dropFirst()
            } else if c == Snippet.end {
                if let from = open { highlights.append(from..<text.endIndex) }
                open = nil
                rest = rest.dropFirst()
            } else if c == "&", let entity = Snippet.entities.first(where: { rest.hasPrefix($0.key) }) {
                text.append(entity.value)
                rest = rest.dropFirst(entity.key.count)
            } else {
                text.append(c)
                rest = rest.dropFirst()
            }
        }
        // Indices into `text` stay valid: it was only appended to.
        self.init(text: text, highlights: highlights)
    }

    private static let entities: [String: Character] = ["&amp;": "&", "&lt;": "<", "&gt;": ">"]

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
        rendered(open: "<mark>", close: "</mark>") { part in
            var escaped = ""
            for c in part {
                switch c {
                case "&": escaped += "&amp;"
                case "<": escaped += "&lt;"
                case ">": escaped += "&gt;"
                case "\"": escaped += "&quot;"
                case "'": escaped += "&#39;"
                default: escaped.append(c)
                }
            }
            return escaped
        }
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
