/// How results are ranked: parameters chosen on general grounds (see the
/// README's "Ranking"), passed to ``Searcher`` as a value so that a tuning
/// experiment can change them without touching the process environment.
public struct Ranking: Sendable, Equatable {
    /// BM25 term-frequency saturation. 1.2 (Robertson's and Lucene's
    /// choice) lets a word repeated in a news story count a little more
    /// than Xapian's default of 1.
    public var k1: Double
    /// BM25 length normalisation: 0.75, the usual value, penalises long
    /// wire stories and digests more than Xapian's default 0.5.
    public var b: Double

    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }

    /// The ranking Dossier uses.
    public static let standard = Ranking()

    /// The recency boost's weight at its peak, in BM25 units: about one
    /// well-matched rare word.
    public static let recencyWeight = 2.0
    /// How many forms of a word a phrase may stand for.
    public static let phraseVariants = 30
    /// How many terms a wildcard may expand to (the most frequent are kept).
    public static let wildcardExpansion = 100
}
