import NewsModel
import Xapian

/// Turns what a person typed into a Xapian query over one database: the
/// text prepared by ``QueryText``, parsed by a query parser that knows the
/// prefixes of every ``Schema/Field/Uses/query`` field and the `date:`
/// range, with phrase words widened to the forms sharing their stem, and
/// phrases filtered by their word pairs (``Schema/wordPairs``).
struct SearchQueryParser {
    let parser: QueryParser
    let stemmer: Stem
    let queryText: QueryText
    let pairs: WordPairs
    private let database: Database

    struct Parsed {
        /// What is matched: phrases filtered by their word pairs.
        let query: Query
        /// What snippets mark, when it differs from ``query``: the phrases
        /// themselves, so that Xapian marks a phrase where it occurs as one.
        let marked: Query?
        /// What weightless passes (facets, totals) count, when it differs
        /// from ``query``: the same matches, two-word phrases as their pairs alone.
        let counted: Query?
        /// More than one word of text (not counting field values): worth
        /// retrying with any word when every word finds nothing.
        let hasSeveralTerms: Bool
    }

    init(database: Database, resolver: FieldResolver) throws {
        self.database = database
        stemmer = try Stem(language: "english", cache: 100_000)
        pairs = try WordPairs(prefix: Schema.wordPairs.prefix, skipping: Schema.stopWords)
        parser = try QueryParser()
        try parser.setStemmer(stemmer)
        try parser.setStemmingStrategy(.some)
        try parser.setStopper(Stopper(words: Schema.stopWords))
        try parser.setDatabase(database)
        try parser.setMaxExpansion(Ranking.wildcardExpansion, limit: .mostFrequent, flags: [.wildcard])
        for field in Schema.fields where field.uses.contains(.query) {
            switch field.kind {
            case .text: try parser.addPrefix(field: field.name, prefix: field.prefix)
            case .boolean: try parser.addBooleanPrefix(field: field.name, prefix: field.prefix)
            }
        }
        try parser.addDateRange(slot: Schema.Slot.date, prefix: Schema.dateFilter + ":")
        queryText = QueryText(synonyms: .bundled, stopWords: Schema.stopWords) { field, value in
            resolver.resolve(field, value) ?? value.lowercased()
        }
    }

    func parse(_ text: String, match: MatchMode) throws -> Parsed {
        try parser.setDefaultOperator(match == .all ? .and : .or)
        let prepared = queryText.prepare(text)
        let query = try parser.parse(prepared, flags: [.default, .wildcard, .pureNot])
            .stemmingPhrases(in: database, stemmer: stemmer, maxVariants: Ranking.phraseVariants)
        let paired = try query.withWordPairs(pairs)
        let counted = paired == nil ? nil : try query.withWordPairs(pairs, weightless: true)
        let words = try query.terms().filter { !Schema.isBooleanTerm($0) }
        return Parsed(
            query: paired ?? query, marked: paired == nil ? nil : query, counted: counted,
            hasSeveralTerms: words.count > 1)
    }
}
