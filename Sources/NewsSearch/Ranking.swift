import Foundation
import NewsEnrich
import NewsModel
import Xapian

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

/// The recency boost: `Ranking.recencyWeight` for an article of the newest
/// day in the index, halving every `halfLife` days before it, 0 without a
/// date. It is Xapian's own `ValueMapPostingSource` over the `YYYYMMDD`
/// date slot, with one entry per day from the newest back to the oldest
/// (at most ``horizon(halfLife:)`` days; older articles get 0), so that a
/// stock remote server computes it and the half-life stays a choice of
/// each search.
struct Recency: Equatable {
    let reference: String
    let oldest: String
    let halfLife: Double

    /// Days covered: 20 half-lives (the weight left beyond is under a
    /// millionth of the peak), at most 3,660 (about ten years).
    static func horizon(halfLife: Double) -> Int {
        Int(min(3_660, max(1, (20 * halfLife).rounded(.up))))
    }

    /// The boost over the dates in `bounds` (`YYYYMMDD`), nil when they do not parse.
    init?(bounds: ClosedRange<String>, halfLife: Double) {
        guard Recency.day(bounds.upperBound) != nil, halfLife > 0 else { return nil }
        reference = bounds.upperBound
        oldest = Recency.day(bounds.lowerBound) != nil ? bounds.lowerBound : bounds.upperBound
        self.halfLife = halfLife
    }

    /// The weight-only query; combine it with `.andMaybe`.
    func query() throws(XapianError) -> Query {
        guard let newest = Recency.day(reference), let first = Recency.day(oldest) else {
            return try Query(valueMap: Schema.Slot.date, weights: [])
        }
        let span = min(newest - first, Recency.horizon(halfLife: halfLife))
        var weights: [(key: String, weight: Double)] = []
        weights.reserveCapacity(max(0, span) + 1)
        for age in 0...max(0, span) {
            let (year, month, day) = CivilDate.components(newest - age)
            weights.append((Recency.compact(year, month, day), Ranking.recencyWeight * exp2(-Double(age) / halfLife)))
        }
        return try Query(valueMap: Schema.Slot.date, weights: weights)
    }

    private static func day(_ value: String) -> Int? {
        let digits = Array(value.utf8)
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let number = Int(value)!
        return CivilDate.day(year: number / 10_000, month: number / 100 % 100, day: number % 100)
    }

    private static func compact(_ year: Int, _ month: Int, _ day: Int) -> String {
        let digits = String(year * 10_000 + month * 100 + day)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
