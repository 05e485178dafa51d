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
    public static let version = 3

    /// One searchable or filterable field.
    public struct Field: Sendable, Hashable {
        /// The name used in queries (`title:`, `country:`).
        public let name: String
        /// The term prefix.
        public let prefix: String
        /// Free text (indexed with positions, stemmed), or boolean filter terms.
        public let kind: Kind
        /// The value slot holding the field's facet or sort values, if any.
        public let slot: UInt32?

        public enum Kind: Sendable, Hashable {
            case text
            case boolean
        }
    }

    /// Title words, searchable as `title:`; weighted above the body.
    public static let title = Field(name: "title", prefix: "S", kind: .text, slot: nil)
    /// Countries, as lower-case ISO alpha-2 codes (`XCml`); facet values in ``Slot/countries``.
    public static let country = Field(name: "country", prefix: "XC", kind: .boolean, slot: Slot.countries)
    /// Categories, folded to lower case (`XKsanctions`); facet values in ``Slot/categories``.
    public static let category = Field(name: "category", prefix: "XK", kind: .boolean, slot: Slot.categories)
    /// Topic ids (`XTcoup`); facet values in ``Slot/topics``.
    public static let topic = Field(name: "topic", prefix: "XT", kind: .boolean, slot: Slot.topics)
    /// The source's name, folded to lower case (`XSreuters`).
    public static let source = Field(name: "source", prefix: "XS", kind: .boolean, slot: nil)
    /// Publication date `YYYYMMDD` as a term (`D20220124`); sortable value in ``Slot/date``.
    public static let date = Field(name: "date", prefix: "D", kind: .boolean, slot: Slot.date)
    /// Publication year (`Y2022`); facet value in ``Slot/year``.
    public static let year = Field(name: "year", prefix: "Y", kind: .boolean, slot: Slot.year)
    /// Publication month `YYYYMM` (`M202201`); facet value in ``Slot/month``.
    public static let month = Field(name: "month", prefix: "M", kind: .boolean, slot: Slot.month)
    /// The unique id term: `Q` + article id.
    public static let id = Field(name: "id", prefix: "Q", kind: .boolean, slot: nil)
    /// The input file an article came from (`XF` + path, hashed when long), for `--prune`.
    public static let file = Field(name: "file", prefix: "XF", kind: .boolean, slot: nil)

    /// Every field, for documentation and `dossier stats`.
    public static let fields: [Field] = [title, country, category, topic, source, date, year, month, id, file]

    /// Value slots.
    public enum Slot {
        /// `YYYYMMDD`, compared as bytes: date ranges and sorting.
        public static let date: UInt32 = 0
        /// `YYYY`: the year facet.
        public static let year: UInt32 = 1
        /// `YYYY-MM`: the month facet (a date histogram).
        public static let month: UInt32 = 2
        /// Country codes, a packed list (one count per country per article).
        public static let countries: UInt32 = 3
        /// Category names as given, a packed list.
        public static let categories: UInt32 = 4
        /// Topic ids, a packed list.
        public static let topics: UInt32 = 5
        /// ``textHash(_:)`` of the body: articles sharing it are near-identical
        /// and collapse into one result.
        public static let textHash: UInt32 = 6
        /// Every facet value of the article in one packed list, each tagged
        /// by its facet (``FacetTag``): one value read per document counts
        /// all five facets.
        public static let facets: UInt32 = 7
    }

    /// The one-letter tags of the values in ``Slot/facets``.
    public enum FacetTag {
        public static let country: Character = "c"
        public static let category: Character = "k"
        public static let topic: Character = "t"
        public static let year: Character = "y"
        public static let month: Character = "m"
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
        if term.utf8.count <= 240 { return term }
        return file.prefix + "#" + FNV1a.hex(FNV1a.hash(path))
    }

    /// The unique id term of an article.
    public static func idTerm(_ id: String) -> String { self.id.prefix + id }

    /// The boolean term of `value` in `field`: prefix plus the value folded
    /// to lower case, trimmed to Xapian's 245-byte term limit.
    public static func term(_ field: Field, _ value: String) -> String {
        let term = field.prefix + TextNormalizer.fold(value).lowercased()
        if term.utf8.count <= 240 { return term }
        // Keep a readable start and make the end unique.
        let head = String(decoding: term.utf8.prefix(200), as: UTF8.self)
        return head + "#" + FNV1a.hex(FNV1a.hash(term))
    }
}
