import Foundation

/// How articles map to Xapian terms, values and data: the one table every
/// layer that reads or writes an index agrees on.
///
/// Prefixes follow Xapian's and Omega's conventions (`S` subject/title, `Q`
/// unique id, `D`/`M`/`Y` date, year and month; `X…` for our own fields).
/// Boolean terms hold values in lower case after the prefix, so no `:` is
/// ever needed between prefix and value.
public enum Schema {
    /// Bumped whenever terms, values or stored data change meaning; an index
    /// of another version must be rebuilt.
    ///
    /// 4: no month terms, no value slots 1-5 (nothing read them; facets
    /// came from one packed slot).
    /// 5: facets in slots 1-4 that Xapian's own `ValueCountMatchSpy` counts
    /// (``FacetSlot``), so that stock remote shards can answer every search;
    /// every facet value again in slot 7, tagged, for the local fast path;
    /// the text hash also as an `XH` term (``textHashField``).
    /// 6: word pairs (``wordPairs``), so that phrases are matched without
    /// reading positions.
    /// 7: each article's text hash and arrival stamp also in its stored data
    /// (``StoredArticle/HitStamps``), so that a hit is shown and collapsed
    /// without reading values.
    public static let version = 7

    /// One field of an article as the index holds it: its terms, and what
    /// the query language, the filters and `dossier stats` do with it.
    ///
    /// ``fields`` is the one list of them: the indexer writes the terms of
    /// every boolean field from ``values``, the query parser learns the
    /// prefixes of the ``Uses/query`` fields, and the filters (`--country`,
    /// `country=`) are the ``Uses/filter`` fields.
    public struct Field: Sendable, Hashable {
        /// The name used in queries (`title:`, `country:`) and filters.
        public let name: String
        /// The term prefix.
        public let prefix: String
        /// Free text (indexed with positions, stemmed), or boolean filter terms.
        public let kind: Kind
        public let uses: Uses
        /// What its values are called, for `dossier stats` ("countries").
        public let plural: String
        /// The values an article holds in the field, before ``term(_:_:)``
        /// folds them (none for text fields, and for ``id`` and ``file``,
        /// whose terms are made by ``idTerm(_:)`` and ``fileTerm(_:)``).
        public let values: @Sendable (Article) -> [String]

        public enum Kind: Sendable, Hashable {
            case text
            case boolean
        }

        public struct Uses: OptionSet, Sendable, Hashable {
            public let rawValue: Int
            public init(rawValue: Int) { self.rawValue = rawValue }
            /// Searchable in the query language as `name:value`.
            public static let query = Uses(rawValue: 1)
            /// A filter of this name: `--name` on the command line, `name=`
            /// in the API; its values are resolved (country names to codes)
            /// and ORed, different fields ANDed.
            public static let filter = Uses(rawValue: 2)
        }

        public static func == (a: Field, b: Field) -> Bool { a.name == b.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    /// Title words, searchable as `title:`; weighted above the body.
    public static let title = Field(
        name: "title", prefix: "S", kind: .text, uses: .query, plural: "titles", values: { _ in [] })
    /// Countries, as lower-case ISO alpha-2 codes (`XCml`).
    public static let country = Field(
        name: "country", prefix: "XC", kind: .boolean, uses: [.query, .filter], plural: "countries",
        values: { $0.countryCodes })
    /// Categories, folded to lower case (`XKsanctions`).
    public static let category = Field(
        name: "category", prefix: "XK", kind: .boolean, uses: [.query, .filter], plural: "categories",
        values: { $0.categories })
    /// Topic ids (`XTcoup`).
    public static let topic = Field(
        name: "topic", prefix: "XT", kind: .boolean, uses: [.query, .filter], plural: "topics", values: { $0.topics })
    /// The source's name, folded to lower case (`XSreuters`); not the file
    /// path used when the source gave no name.
    public static let source = Field(
        name: "source", prefix: "XS", kind: .boolean, uses: [.query, .filter], plural: "sources",
        values: { $0.source.isEmpty || $0.source.contains("/") ? [] : [$0.source] })
    /// Publication year (`Y2022`).
    public static let year = Field(
        name: "year", prefix: "Y", kind: .boolean, uses: .query, plural: "years",
        values: { $0.date.flatMap(compactDate).map { [String($0.prefix(4))] } ?? [] })
    /// Publication date `YYYYMMDD` as a term (`D20220124`), for `dossier
    /// stats`; ranges (`date:`, `--from`, `--to`) and sorting use ``Slot/date``.
    public static let date = Field(
        name: "date", prefix: "D", kind: .boolean, uses: [], plural: "days",
        values: { $0.date.flatMap(compactDate).map { [$0] } ?? [] })
    /// The unique id term: `Q` + article id.
    public static let id = Field(name: "id", prefix: "Q", kind: .boolean, uses: [], plural: "ids", values: { _ in [] })
    /// The input file an article came from (`XF` + path, hashed when long), for `--prune`.
    public static let file = Field(
        name: "file", prefix: "XF", kind: .boolean, uses: [], plural: "files", values: { _ in [] })

    /// The ``textHash(_:folded:)`` of the body, as a term (also in value slot
    /// ``Slot/textHash`` for collapsing), so that the near-identical copies
    /// of a hit are counted exactly from their own short posting list.
    /// Written by the indexer, not from ``Field/values``.
    public static let textHashField = Field(
        name: "texthash", prefix: "XH", kind: .boolean, uses: [], plural: "text hashes", values: { _ in [] })

    /// Each two adjacent words of the searched text (title or body, never
    /// across them), neither a stop word (``stopWords``), as `XP` + first +
    /// " " + second with wdf 0: the term is in an article exactly where the
    /// two-word phrase is. A phrase query is filtered by its pairs
    /// (`Query.withWordPairs`), so a two-word phrase reads no position and a
    /// longer one reads positions only where its pairs are. Written by the
    /// indexer, not from ``Field/values``.
    public static let wordPairs = Field(
        name: "wordpair", prefix: "XP", kind: .boolean, uses: [], plural: "word pairs", values: { _ in [] })

    /// The common function words of English: the query parser leaves them
    /// out of queries (unless they are all there is, or inside a phrase), and
    /// no word pair has one, which keeps pairs to a third of what they would
    /// be. A phrase with one is checked on positions there. Changing the
    /// list changes the pairs: a schema version.
    public static let stopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having",
        "he",
        "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
        "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some",
        "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
        "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself",
        "yourselves",
    ]

    /// Every field.
    public static let fields: [Field] = [
        title, country, category, topic, source, year, date, id, file, textHashField, wordPairs,
    ]

    /// The fields that filter (`--country`, `country=`), in order.
    public static var filterFields: [Field] { fields.filter { $0.uses.contains(.filter) } }

    /// The field called `name`, if any.
    public static func field(named name: String) -> Field? { fields.first { $0.name == name } }

    /// Whether `term` is a boolean term of some field (not a word of the text).
    public static func isBooleanTerm(_ term: String) -> Bool {
        fields.contains { $0.kind == .boolean && term.hasPrefix($0.prefix) }
    }

    /// One facet: values counted over the matches of a search by Xapian's
    /// own `ValueCountMatchSpy` on the facet's value slot, so that a stock
    /// remote server (`xapian-tcpsrv`) counts it as a local database does.
    public struct FacetField: Sendable, Hashable {
        /// Its name in results and the API (`country`).
        public let name: String
        /// The value slot it is counted from (see ``FacetSlot``).
        public let slot: UInt32
        /// Counted from the first this many characters of each value in the
        /// slot (the year from the month); nil: the whole value.
        public let prefixLength: Int?
        /// The filter that narrows it: a ``Field`` name, or ``dateFilter``
        /// for `--from`/`--to`. Disjunctive counts leave that filter out.
        public let filter: String
        /// Listed in the values' own order (dates), not the most frequent first.
        public let inValueOrder: Bool
        /// What its values are called ("countries").
        public let plural: String

        /// Its values in an article.
        public func values(_ article: Article) -> [String] {
            guard let slot = Schema.facetSlots.first(where: { $0.slot == self.slot }) else { return [] }
            let stored = slot.values(article)
            guard let prefixLength else { return stored }
            return stored.map { String($0.prefix(prefixLength)) }
        }

        /// The facet value a part of a stored value stands for.
        public func value(ofStored part: Substring) -> Substring {
            guard let prefixLength else { return part }
            return part.prefix(prefixLength)
        }

        public static func == (a: FacetField, b: FacetField) -> Bool { a.name == b.name }
        public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    }

    /// A value slot that facets are counted from. A multi-valued facet keeps
    /// the sorted distinct values of a document in one value, joined by
    /// ``facetSeparator`` (`BF\u{1F}ML`): Xapian counts each combination once
    /// per document, and splitting the combinations after counting gives
    /// each value's exact count, however many values a document has.
    ///
    /// Every value is also in ``Slot/facets``, tagged, for the local fast
    /// path: one value read per document counts every facet.
    public struct FacetSlot: Sendable {
        public let slot: UInt32
        /// The byte before each of its values in ``Slot/facets``.
        public let tag: UInt8
        /// The values of an article, as given (before cleaning, sorting and joining).
        public let values: @Sendable (Article) -> [String]
    }

    /// Joins the values of a multi-valued facet slot; never part of a value.
    public static let facetSeparator: Character = "\u{1F}"

    /// The name of the date-range filter (`--from`, `--to`; `date:` in queries).
    public static let dateFilter = date.name

    /// The facet value slots, each written once per document.
    public static let facetSlots: [FacetSlot] = [
        FacetSlot(slot: Slot.countries, tag: UInt8(ascii: "c"), values: { $0.countryCodes }),
        FacetSlot(slot: Slot.categories, tag: UInt8(ascii: "k"), values: { $0.categories }),
        FacetSlot(slot: Slot.topics, tag: UInt8(ascii: "t"), values: { $0.topics }),
        FacetSlot(
            slot: Slot.month, tag: UInt8(ascii: "m"),
            values: { article in article.date.flatMap(compactDate) != nil ? [String(article.date!.prefix(7))] : [] }),
    ]

    /// Every facet, in the order results list them.
    public static let facets: [FacetField] = [
        FacetField(
            name: "country", slot: Slot.countries, prefixLength: nil, filter: country.name, inValueOrder: false,
            plural: "countries"),
        FacetField(
            name: "category", slot: Slot.categories, prefixLength: nil, filter: category.name, inValueOrder: false,
            plural: "categories"),
        FacetField(
            name: "topic", slot: Slot.topics, prefixLength: nil, filter: topic.name, inValueOrder: false,
            plural: "topics"),
        FacetField(
            name: "year", slot: Slot.month, prefixLength: 4, filter: dateFilter, inValueOrder: true, plural: "years"),
        FacetField(
            name: "month", slot: Slot.month, prefixLength: nil, filter: dateFilter, inValueOrder: true,
            plural: "months"),
    ]

    /// The distinct values of `article` for a facet slot, sorted, each
    /// without ``facetSeparator``; empty values dropped.
    public static func facetValues(_ article: Article, _ slot: FacetSlot) -> [String] {
        Set(slot.values(article).map { $0.filter { $0 != facetSeparator } }.filter { !$0.isEmpty }).sorted()
    }

    /// What `article` stores in a facet slot: ``facetValues(_:_:)`` joined
    /// by ``facetSeparator``; empty when it has none.
    public static func facetValue(_ article: Article, _ slot: FacetSlot) -> String {
        facetValues(article, slot).joined(separator: String(facetSeparator))
    }

    /// What `article` stores in ``Slot/facets``: every value of every facet
    /// slot, each after its slot's tag.
    public static func taggedFacetValues(_ article: Article) -> [String] {
        facetSlots.flatMap { slot in facetValues(article, slot).map { String(UnicodeScalar(slot.tag)) + $0 } }
    }

    /// Value slots.
    public enum Slot {
        /// `YYYYMMDD`, compared as bytes: date ranges, sorting and the recency boost.
        public static let date: UInt32 = 0
        /// Facets (``FacetSlot``): country codes, categories, topics (each a
        /// sorted combination), and the month `YYYY-MM` (years are counted
        /// from it).
        public static let countries: UInt32 = 1
        public static let categories: UInt32 = 2
        public static let topics: UInt32 = 3
        public static let month: UInt32 = 4
        /// ``textHash(_:folded:)`` of the body: articles sharing it are
        /// near-identical and collapse into one result.
        public static let textHash: UInt32 = 6
        /// Every value of slots 1-4 again, tagged (``FacetSlot/tag``), in one
        /// packed list: the local fast path counts them all with one value
        /// read per document, through a match spy the stock remote server
        /// cannot run (remote shards are counted from slots 1-4).
        public static let facets: UInt32 = 7
        /// When the article, with its title and text as they are, first came
        /// into the index (``arrivalStamp(_:)``): a re-ingest of the same
        /// title and text keeps it, and so does a rebuild. Watches report
        /// the articles that arrived since they were last seen. Indexes
        /// written before it have none: their articles count as arrived
        /// before every watch.
        public static let arrived: UInt32 = 8
    }

    /// The arrival stamp of `date`: ISO 8601 in UTC to the millisecond
    /// (`2026-12-07T05:46:22.123Z`), so that stamps compare as text.
    public static func arrivalStamp(_ date: Date = Date()) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }

    /// The within-document frequency of a title word under `title:` (prefix `S`).
    public static let titleWeight = 5
    /// How many body words a title word counts as in the unprefixed text
    /// that plain queries search: a headline states what the article is
    /// about, so its words weigh three times a body word (BM25 saturates
    /// this through k1). Measured on BEIR SciFact: 1 gave nDCG@10 0.693,
    /// 2 0.695, 3 0.699, 4 0.698.
    public static let titleTextWeight = 3
    /// Positions left between title and body, so phrases never span both.
    public static let titleGap = 100

    /// Metadata keys stored in the index.
    public enum Metadata {
        public static let version = "dossier.schema"
        public static let built = "dossier.built"
        public static let updated = "dossier.updated"
        public static let corpus = "dossier.corpus"
        public static let articles = "dossier.articles"
    }

    /// `YYYYMMDD` from a `YYYY-MM-DD` date, or nil if it is not one.
    public static func compactDate(_ date: String) -> String? {
        let digits = date.utf8.filter { $0 != UInt8(ascii: "-") }
        guard date.utf8.count == 10, digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else {
            return nil
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The near-duplicate key of a text: FNV-1a 64 of its letters, folded to
    /// lower case, with digits, punctuation and white space left out, in hex.
    /// `folded` says the text is already ``TextNormalizer/fold(_:)``ed.
    public static func textHash(_ text: String, folded: Bool = false) -> String {
        var hash = FNV1a.offset
        let source = folded ? text : TextNormalizer.fold(text)
        for scalar in source.unicodeScalars where scalar.properties.isAlphabetic {
            let lower =
                scalar.properties.isUppercase
                ? (scalar.properties.lowercaseMapping.unicodeScalars.first ?? scalar) : scalar
            for byte in UTF8.encode(lower)! { hash = FNV1a.add(hash, byte) }
        }
        return FNV1a.hex(hash)
    }

    /// The term recording the input file an article came from: the path as
    /// given (absolute), unfolded so it can be checked on disk; a hash when
    /// too long for a term.
    public static func fileTerm(_ path: String) -> String {
        let term = file.prefix + path
        if keySize(term) <= 240 { return term }
        return file.prefix + "#" + FNV1a.hex(FNV1a.hash(path))
    }

    /// The unique id term of an article: `Q` + the id as given (not folded).
    ///
    /// Xapian refuses terms over 245 bytes, and keys over 255 bytes (where a
    /// NUL byte of a term takes two), and ids come from the input; so an id
    /// whose term would take over 240 bytes, counting each NUL byte twice, is
    /// stored under a hashed term instead, as ``term(_:_:)`` trims long
    /// values: `Q`, the id's first 200 bytes (cut between characters, so the
    /// head stays readable; NUL bytes counted twice), `#`, and the FNV-1a 64
    /// of the whole id in hex (at most 218 bytes in all). Every write and
    /// lookup by id goes through here, so such an article is added, replaced,
    /// shown and found by its full id like any other; the stored article
    /// keeps the full id. (A shorter id spelled exactly like a hashed term
    /// would share it: no accident produces one.)
    ///
    /// Hashing long ids needed no schema version bump: no index could hold
    /// an id that long (Xapian refused the term), so every id term already
    /// written is unchanged.
    public static func idTerm(_ id: String) -> String {
        let term = self.id.prefix + id
        if keySize(term) <= 240 { return term }
        return self.id.prefix + keyHead(id, 200) + "#" + FNV1a.hex(FNV1a.hash(id))
    }

    /// The boolean term of `value` in `field`: prefix plus the value folded
    /// to lower case, trimmed to Xapian's 245-byte term limit (a readable
    /// head, `#` and a hash of the whole term, as ``idTerm(_:)`` does).
    public static func term(_ field: Field, _ value: String) -> String {
        let term = field.prefix + TextNormalizer.fold(value).lowercased()
        if keySize(term) <= 240 { return term }
        return keyHead(term, 200) + "#" + FNV1a.hex(FNV1a.hash(term))
    }

    /// The bytes `text` takes in a Xapian key: its UTF-8, a NUL byte counting
    /// twice (Xapian escapes it), which its 245-byte term limit applies to.
    public static func keySize(_ text: some StringProtocol) -> Int {
        text.utf8.reduce(0) { $0 + ($1 == 0 ? 2 : 1) }
    }

    /// The longest start of `text` within `limit` key bytes, cut between characters.
    static func keyHead(_ text: String, _ limit: Int) -> String {
        var head = ""
        var bytes = 0
        for character in text {
            bytes += keySize(String(character))
            if bytes > limit { break }
            head.append(character)
        }
        return head
    }
}
