/// A news or risk-intelligence article after ingest and enrichment: what is
/// indexed and shown.
///
/// Encoded as JSON it is the interchange form plus what enrichment adds
/// (`countryCodes`, `primaryCountry`, `topics`, `provenance`); that is what
/// `dossier ingest --dry-run --json` prints.
public struct Article: Sendable, Codable, Hashable {
    /// A stable identifier: ingesting the same article again replaces it.
    public var id: String
    public var title: String
    /// The text, paragraphs separated by blank lines.
    public var body: String
    /// Publication date, `YYYY-MM-DD`, or nil when it cannot be known.
    public var date: String?
    /// Countries mentioned, most salient first, by their gazetteer names.
    public var countries: [String]
    /// ISO 3166 alpha-2 codes of ``countries``, in the same order.
    public var countryCodes: [String]
    /// The code of the country the article is mainly about.
    public var primaryCountry: String?
    public var categories: [String]
    /// Topic tags from the topic lexicon (e.g. "coup", "elections").
    public var topics: [String]
    /// Where the article came from: a file path, or a source name.
    public var source: String
    public var url: String?
    /// For each field with a value, whether the source gave it or it was inferred.
    public var provenance: Provenance

    public init(
        id: String, title: String, body: String, date: String? = nil, countries: [String] = [],
        countryCodes: [String] = [], primaryCountry: String? = nil, categories: [String] = [],
        topics: [String] = [], source: String, url: String? = nil, provenance: Provenance = Provenance()
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.date = date
        self.countries = countries
        self.countryCodes = countryCodes
        self.primaryCountry = primaryCountry
        self.categories = categories
        self.topics = topics
        self.source = source
        self.url = url
        self.provenance = provenance
    }
}

extension Article {
    enum CodingKeys: String, CodingKey {
        case id, title, body, date, countries, countryCodes, primaryCountry, categories, topics, source, url, provenance
    }

    /// Encodes every key, with `null` for a missing value, so that the JSON
    /// shape never changes from one article to the next.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(body, forKey: .body)
        try c.encode(date, forKey: .date)
        try c.encode(countries, forKey: .countries)
        try c.encode(countryCodes, forKey: .countryCodes)
        try c.encode(primaryCountry, forKey: .primaryCountry)
        try c.encode(categories, forKey: .categories)
        try c.encode(topics, forKey: .topics)
        try c.encode(source, forKey: .source)
        try c.encode(url, forKey: .url)
        try c.encode(provenance, forKey: .provenance)
    }
}

/// Whether a value came with the article or was worked out by Dossier.
public enum Origin: String, Sendable, Codable, Hashable {
    /// Given by the source (metadata, a field of the export, a tag of the page).
    case source
    /// Inferred by enrichment, or derived (an id from path, title and date).
    case inferred
}

/// The origin of each field of an ``Article``; nil where the field is empty.
public struct Provenance: Sendable, Codable, Hashable {
    public var id: Origin
    public var title: Origin
    public var date: Origin?
    public var countries: Origin?
    public var categories: Origin?
    public var topics: Origin?

    public init(
        id: Origin = .source, title: Origin = .source, date: Origin? = nil, countries: Origin? = nil,
        categories: Origin? = nil, topics: Origin? = nil
    ) {
        self.id = id
        self.title = title
        self.date = date
        self.countries = countries
        self.categories = categories
        self.topics = topics
    }

    enum CodingKeys: String, CodingKey { case id, title, date, countries, categories, topics }

    /// Encodes every key, `null` where the field has no value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(date, forKey: .date)
        try c.encode(countries, forKey: .countries)
        try c.encode(categories, forKey: .categories)
        try c.encode(topics, forKey: .topics)
    }
}
