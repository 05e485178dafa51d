/// An article as a reader found it, before enrichment: whatever the source
/// gave, and where it was found.
public struct RawArticle: Sendable, Hashable {
    /// The source's own id, if it has one.
    public var id: String?
    /// The title, if the source has one (enrichment derives one otherwise).
    public var title: String?
    public var body: String
    /// A date as the source gave it (`YYYY-MM-DD` in interchange files,
    /// RFC 822 in RSS, ISO 8601 in Atom and HTML); enrichment normalises it.
    public var date: String?
    /// Country names or codes the source gave.
    public var countries: [String]
    /// Categories the source gave (placeholders such as "Uncategorized" included).
    public var categories: [String]
    public var url: String?
    /// The source's own name for where the article came from (a publication,
    /// a collection), when it gives one.
    public var source: String?
    /// Where it was found.
    public var location: SourceLocation

    public init(
        id: String? = nil, title: String? = nil, body: String, date: String? = nil, countries: [String] = [],
        categories: [String] = [], url: String? = nil, source: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.date = date
        self.countries = countries
        self.categories = categories
        self.url = url
        self.source = source
        self.location = location
    }
}

/// A place in an input: a file (or "-" for standard input) and a 1-based line.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}
