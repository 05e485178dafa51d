import Foundation
import NewsModel

/// Turns raw articles into articles: fills what the source did not give and
/// records, for each field with a value, whether it came from the source or
/// was inferred.
///
/// - **Countries**: the source's countries (names, aliases, demonyms or codes)
///   mapped through the gazetteer, ordered by how salient each is in the text
///   (source order breaks ties); names the gazetteer does not know are dropped,
///   and when none is known the countries are inferred as if the source gave
///   none. Otherwise ``CountryExtractor`` infers them from title and body.
/// - **Date**: the source's date normalised to `YYYY-MM-DD`; if it is missing
///   or unreadable, ``DateExtractor`` infers it (neighbouring articles of the
///   same input only decide a year the text leaves open).
/// - **Categories**: the source's, without placeholders ("Uncategorized",
///   "General", "News", ...). Nothing is inferred: topics are the inferred tags.
/// - **Topics**: ``TopicTagger``.
/// - **Title**: the source's, else the body's first sentence cut to about 12 words.
/// - **Id**: the source's, else 16 hex digits of FNV-1a 64 over the file name,
///   the title and the source's own date string, joined by newlines: ingesting
///   the same article again gives the same id, and better inference never
///   changes it.
public struct Enricher: Sendable {
    /// How enrichment treats what the source gave.
    public struct Options: Sendable {
        /// Ignore the source's countries, date and categories, and infer (for evaluation).
        public var inferOnly: Bool = false

        /// Options; by default the source's values win.
        public init(inferOnly: Bool = false) {
            self.inferOnly = inferOnly
        }
    }

    /// Maps the source's countries and finds countries in the text.
    public let gazetteer: Gazetteer
    /// The topics tagged.
    public let lexicon: TopicLexicon
    /// How the source's values are treated.
    public let options: Options
    /// Infers countries (from ``gazetteer``).
    public let countryExtractor: CountryExtractor
    /// Normalises source dates and infers dates.
    public let dateExtractor: DateExtractor
    /// Tags topics (from ``lexicon``).
    public let topicTagger: TopicTagger

    /// How many articles away, on each side, a neighbour's date may help decide a year.
    static let neighbourWindow = 2
    /// How many days apart the neighbours on both sides may be and still decide a year.
    static let neighbourAgreement = 90

    /// Category names that say nothing, compared case-insensitively.
    public static let placeholderCategories: Set<String> = [
        "uncategorized", "uncategorised", "general", "news", "blog", "misc", "other", "none",
    ]

    /// An enricher with the bundled gazetteer and lexicon unless others are given.
    public init(gazetteer: Gazetteer = .bundled, lexicon: TopicLexicon = .bundled, options: Options = Options()) {
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.options = options
        countryExtractor = CountryExtractor(gazetteer: gazetteer)
        dateExtractor = DateExtractor()
        topicTagger = TopicTagger(lexicon: lexicon)
    }

    /// Enriches the articles of ONE input (one file / archive page), given in the order they appear in it.
    public func enrich(_ articles: [RawArticle]) -> [Article] {
        var enriched: [Article] = []
        enriched.reserveCapacity(articles.count)
        var pending: [(index: Int, evidence: DateExtractor.Evidence)] = []
        var days: [Int?] = []
        days.reserveCapacity(articles.count)
        for raw in articles {
            let (article, evidence) = enrichAlone(raw)
            if let evidence { pending.append((enriched.count, evidence)) }
            days.append(article.date.flatMap(CivilDate.parse))
            enriched.append(article)
        }
        // Years the text left open, decided by the nearest dated articles on each side (within two).
        for (index, evidence) in pending {
            var neighbours: [Int] = []
            let window = Enricher.neighbourWindow
            if let before = days[max(0, index - window)..<index].last(where: { $0 != nil }) {
                neighbours.append(before!)
            }
            if let after = days[(index + 1)..<min(days.count, index + 1 + window)].first(where: { $0 != nil }) {
                neighbours.append(after!)
            }
            // Neighbours that disagree (more than a season apart) decide nothing.
            guard !neighbours.isEmpty, neighbours.max()! - neighbours.min()! <= Enricher.neighbourAgreement,
                let day = evidence.resolve(neighbours: neighbours, latestYear: dateExtractor.latestYear)
            else { continue }
            enriched[index].date = CivilDate.string(day)
            enriched[index].provenance.date = .inferred
        }
        return enriched
    }

    /// One article by itself; the date evidence when the text leaves a year open.
    private func enrichAlone(_ raw: RawArticle) -> (Article, DateExtractor.Evidence?) {
        let title: String
        var provenance = Provenance()
        if let given = raw.title?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty {
            title = given
        } else {
            title = Enricher.derivedTitle(raw.body)
            provenance.title = .inferred
        }
        let id: String
        if let given = raw.id, !given.isEmpty {
            id = given
        } else {
            id = Enricher.derivedID(path: raw.location.path, title: title, sourceDate: raw.date)
            provenance.id = .inferred
        }
        let text = ScannedText(title: title, body: raw.body)

        // Countries.
        var countries: [Country] = []
        let sourceCountries = options.inferOnly ? [] : mappedCountries(raw.countries)
        if !sourceCountries.isEmpty {
            let scores = countryExtractor.score(text)
            var rank: [String: Int] = [:]
            for (position, scored) in scores.enumerated() { rank[scored.country.code] = position }
            countries = sourceCountries.enumerated().sorted { lhs, rhs in
                let left = rank[lhs.element.code] ?? Int.max
                let right = rank[rhs.element.code] ?? Int.max
                return left != right ? left < right : lhs.offset < rhs.offset
            }.map(\.element)
            provenance.countries = .source
        } else {
            countries = countryExtractor.extract(text).countries
            if !countries.isEmpty { provenance.countries = .inferred }
        }

        // Date.
        var date: String?
        var pending: DateExtractor.Evidence?
        if !options.inferOnly, let given = raw.date, let day = dateExtractor.normalizedDay(given) {
            date = CivilDate.string(day)
            provenance.date = .source
        } else {
            let evidence = dateExtractor.evidence(text)
            if let day = evidence.resolveAlone(latestYear: dateExtractor.latestYear) {
                date = CivilDate.string(day)
                provenance.date = .inferred
            } else if !evidence.mentions.isEmpty {
                pending = evidence
            }
        }

        // Categories and topics.
        let categories = options.inferOnly ? [] : Enricher.cleanCategories(raw.categories)
        if !categories.isEmpty { provenance.categories = .source }
        let topics = topicTagger.topics(text)
        if !topics.isEmpty { provenance.topics = .inferred }

        let article = Article(
            id: id, title: title, body: raw.body, date: date, countries: countries.map(\.name),
            countryCodes: countries.map(\.code), primaryCountry: countries.first?.code, categories: categories,
            topics: topics, source: raw.source ?? raw.location.path, url: raw.url, provenance: provenance)
        return (article, pending)
    }

    /// The source's countries known to the gazetteer, without repeats.
    func mappedCountries(_ names: [String]) -> [Country] {
        var seen = Set<String>()
        var countries: [Country] = []
        for name in names {
            guard let country = gazetteer.country(named: name), seen.insert(country.code).inserted else { continue }
            countries.append(country)
        }
        return countries
    }

    /// Categories without placeholders, blanks and repeats (compared case-insensitively).
    public static func cleanCategories(_ categories: [String]) -> [String] {
        var seen = Set<String>()
        var kept: [String] = []
        for category in categories {
            let trimmed = category.trimmingCharacters(in: .whitespacesAndNewlines)
            let key = trimmed.lowercased()
            guard !trimmed.isEmpty, !placeholderCategories.contains(key), seen.insert(key).inserted else { continue }
            kept.append(trimmed)
        }
        return kept
    }

    /// The id of an article without one: 16 hex digits of FNV-1a 64 over the file
    /// name (last path component), the title and the source's date string.
    public static func derivedID(path: String, title: String, sourceDate: String?) -> String {
        let fileName = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        return FNV1a.hex(FNV1a.hash("\(fileName)\n\(title)\n\(sourceDate ?? "")"))
    }

    /// The first sentence of a text, cut to about 12 words (an ellipsis marks a cut).
    public static func derivedTitle(_ body: String, words limit: Int = 12) -> String {
        var sentence = ""
        var previous: Character = " "
        for character in body.trimmingCharacters(in: .whitespacesAndNewlines) {
            if character.isNewline && previous.isNewline { break }
            if (previous == "." || previous == "!" || previous == "?") && character.isWhitespace { break }
            sentence.append(character)
            previous = character
        }
        let words = sentence.split(whereSeparator: { $0.isWhitespace })
        guard words.count > limit else { return words.joined(separator: " ") }
        var kept = words.prefix(limit).joined(separator: " ")
        while let last = kept.last, ",;:-–—".contains(last) { kept.removeLast() }
        return kept + "…"
    }
}
