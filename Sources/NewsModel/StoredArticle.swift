/// The compact binary form of an ``Article`` kept as a Xapian document's
/// data: what a result needs for display, decoded in about a microsecond
/// (JSON took some 20 µs an article, most of a top-10 search).
///
/// Layout, version 1: the byte `0xD1`, then each field in order: strings as a
/// varint byte length and UTF-8 bytes; optional strings as a varint of
/// length + 1 (0: absent); lists of strings as a varint count and the strings;
/// the provenance as one byte per field (0: none, 1: source, 2: inferred).
/// Fields: id, title, body, date?, countries, countryCodes, primaryCountry?,
/// categories, topics, source, url?, provenance (id, title, date, countries,
/// categories, topics). Since schema 7 the indexer adds the article's
/// ``HitStamps``: the byte `0xE7`, then its text hash and arrival stamp as
/// strings.
public enum StoredArticle {
    static let magic: UInt8 = 0xD1
    static let stampsTag: UInt8 = 0xE7

    /// What a hit shows or collapses on besides the article, kept in its
    /// data (as well as in value slots, for sorting and Xapian's collapse)
    /// so that showing a hit reads no value: its text hash
    /// (``Schema/Slot/textHash``) and arrival stamp (``Schema/Slot/arrived``,
    /// empty for none).
    public struct HitStamps: Sendable, Hashable {
        public let textHash: String
        public let arrived: String

        public init(textHash: String, arrived: String) {
            self.textHash = textHash
            self.arrived = arrived
        }
    }

    /// The stored bytes of `article`, with its `stamps` when given.
    public static func encode(_ article: Article, stamps: HitStamps? = nil) -> [UInt8] {
        var out: [UInt8] = [magic]
        out.reserveCapacity(article.body.utf8.count + article.title.utf8.count + 128)
        func varint(_ value: Int) {
            var v = UInt64(value)
            while v >= 0x80 {
                out.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        func string(_ s: String) {
            varint(s.utf8.count)
            out.append(contentsOf: s.utf8)
        }
        func optional(_ s: String?) {
            guard let s else { return varint(0) }
            varint(s.utf8.count + 1)
            out.append(contentsOf: s.utf8)
        }
        func list(_ items: [String]) {
            varint(items.count)
            for item in items { string(item) }
        }
        func origin(_ o: Origin?) {
            out.append(o == nil ? 0 : (o == .source ? 1 : 2))
        }
        string(article.id)
        string(article.title)
        string(article.body)
        optional(article.date)
        list(article.countries)
        list(article.countryCodes)
        optional(article.primaryCountry)
        list(article.categories)
        list(article.topics)
        string(article.source)
        optional(article.url)
        let p = article.provenance
        for o in [p.id, p.title, p.date, p.countries, p.categories, p.topics] { origin(o) }
        if let stamps {
            out.append(stampsTag)
            string(stamps.textHash)
            string(stamps.arrived)
        }
        return out
    }

    /// The article stored in `bytes`, or nil if they are not this format.
    public static func decode(_ bytes: [UInt8]) -> Article? {
        decodeHit(bytes)?.article
    }

    /// An article as a hit reads it: with its stamps (nil: not stored).
    public typealias Hit = (article: Article, stamps: HitStamps?)

    /// The article stored in `bytes` and its stamps, or nil if the bytes
    /// are not this format.
    public static func decodeHit(_ bytes: [UInt8]) -> Hit? {
        bytes.withUnsafeBufferPointer { buffer -> Hit? in
            var reader = Reader(buffer: buffer)
            guard reader.byte() == magic else { return nil }
            guard let id = reader.string(), let title = reader.string(), let body = reader.string(),
                let date = reader.optional(), let countries = reader.list(), let codes = reader.list(),
                let primary = reader.optional(), let categories = reader.list(), let topics = reader.list(),
                let source = reader.string(), let url = reader.optional()
            else { return nil }
            var origins: [Origin?] = []
            for _ in 0..<6 {
                guard let b = reader.byte(), b <= 2 else { return nil }
                origins.append(b == 0 ? nil : (b == 1 ? .source : .inferred))
            }
            var stamps: HitStamps?
            if !reader.atEnd {
                guard reader.byte() == stampsTag, let hash = reader.string(), let arrived = reader.string() else {
                    return nil
                }
                stamps = HitStamps(textHash: hash, arrived: arrived)
            }
            guard reader.atEnd else { return nil }
            let provenance = Provenance(
                id: origins[0] ?? .source, title: origins[1] ?? .source, date: origins[2], countries: origins[3],
                categories: origins[4], topics: origins[5])
            let article = Article(
                id: id, title: title, body: body, date: date, countries: countries, countryCodes: codes,
                primaryCountry: primary, categories: categories, topics: topics, source: source, url: url,
                provenance: provenance)
            return (article, stamps)
        }
    }

    private struct Reader {
        let buffer: UnsafeBufferPointer<UInt8>
        var position = 0

        var atEnd: Bool { position == buffer.count }

        mutating func byte() -> UInt8? {
            guard position < buffer.count else { return nil }
            defer { position += 1 }
            return buffer[position]
        }

        mutating func varint() -> Int? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let b = byte() {
                value |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }

        mutating func bytes(_ count: Int) -> String? {
            guard count >= 0, count <= buffer.count - position else { return nil }
            defer { position += count }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[position..<(position + count)]), as: UTF8.self)
        }

        mutating func string() -> String? {
            guard let n = varint() else { return nil }
            return bytes(n)
        }

        /// nil: malformed; .some(nil): absent.
        mutating func optional() -> String?? {
            guard let n = varint() else { return nil }
            if n == 0 { return .some(nil) }
            guard let s = bytes(n - 1) else { return nil }
            return .some(s)
        }

        mutating func list() -> [String]? {
            guard let n = varint(), n <= buffer.count - position else { return nil }
            var items: [String] = []
            items.reserveCapacity(n)
            for _ in 0..<n {
                guard let s = string() else { return nil }
                items.append(s)
            }
            return items
        }
    }
}
