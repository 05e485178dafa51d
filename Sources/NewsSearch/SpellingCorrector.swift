import NewsModel
import Xapian

/// Corrects misspelled words of a query from the index's spelling data.
///
/// Only words the index does not know are corrected: Xapian's suggestion
/// for a word is its most frequent neighbour within two edits, which turns
/// real words into others ("coup" into "corp", "police" into "policy"). A
/// word is unknown when it occurs in at most one article in 100,000 (in
/// none, below 100,000 articles); when every word is known, Xapian is not
/// asked at all (its suggestions cost 0.2 ms a word).
struct SpellingCorrector {
    let database: Database
    let parser: QueryParser
    let queryText: QueryText

    /// `text` with its unknown words corrected, or nil when nothing changes.
    func correction(of text: String) throws -> String? {
        let prepared = queryText.prepare(text, expandSynonyms: false)
        let rare = try database.documentCount / 100_000
        func known(_ piece: Substring) throws -> Bool {
            // Field values and operators are never corrected.
            if piece.contains(":") || QueryText.operators.contains(String(piece)) { return true }
            for word in piece.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                if try database.termFrequency(word.lowercased()) <= rare { return false }
            }
            return true
        }
        let pieces = prepared.split(separator: " ", omittingEmptySubsequences: false)
        let isKnown = try pieces.map(known)
        guard isKnown.contains(false) else { return nil }
        _ = try parser.parse(prepared, flags: [.default, .wildcard, .pureNot, .spellingCorrection])
        guard let corrected = try parser.correctedQueryString() else { return nil }
        // Xapian corrects every word it can: put the known ones back.
        let fixed = corrected.split(separator: " ", omittingEmptySubsequences: false)
        guard fixed.count == pieces.count else { return corrected }
        let kept = zip(pieces.indices, fixed).map { index, fixed in isKnown[index] ? pieces[index] : fixed }
            .joined(separator: " ")
        return kept == prepared ? nil : kept
    }
}
