import NewsModel
import Xapian

/// Shows why each hit matched: the best passage of its body and its whole
/// title, with the matched words (stems, phrase words, wildcard expansions,
/// `title:` words) marked.
struct Highlighter {
    let database: Database
    /// The query parser's stemmer, so that stemmed matches are marked.
    let stemmer: Stem

    /// An MSet whose query marks every matched word: the search's own (in
    /// `mset`), or, when the query searched the title field, one with the
    /// field's words unprefixed too (Xapian marks unprefixed words only).
    /// `rewritten`: `mset` was ranked on another form of `query` (its
    /// phrases as ANDs), so `query` itself marks, and phrases are marked
    /// where they occur as phrases.
    func prepare(for query: Query, mset: MSet, rewritten: Bool = false) throws -> MSet {
        let title = Schema.title.prefix
        var extra: [Query] = []
        for term in try query.terms() {
            if term.hasPrefix("Z" + title) {
                extra.append(try Query(term: "Z" + term.dropFirst(1 + title.count)))
            } else if term.hasPrefix(title), term.dropFirst(title.count).first?.isUppercase == false {
                extra.append(try Query(term: String(term.dropFirst(title.count))))
            }
        }
        guard !extra.isEmpty || rewritten else { return mset }
        let enquire = try Enquire(database: database)
        try enquire.setQuery(extra.isEmpty ? query : Query(.or, [query] + extra))
        return try enquire.mset(limit: 0)
    }

    /// The best passage of `text` of about `length` bytes (all of it with
    /// `whole`), with the words `mset`'s query matches marked.
    func snippet(_ text: String, in mset: MSet, length: Int, whole: Bool) throws -> Snippet {
        guard !text.isEmpty else { return Snippet(text: "", highlights: []) }
        let clean = Snippet.sanitised(text)
        func snippet(of text: String) throws -> Snippet {
            Snippet(
                marked: try mset.snippet(
                    text, length: whole ? text.utf8.count + 16 : length, stemmer: stemmer,
                    flags: [], highlight: (String(Snippet.start), String(Snippet.end)),
                    omit: "…"))
        }
        // ASCII folds to itself: nothing to map back.
        if clean.utf8.allSatisfy({ $0 < 0x80 }) { return try snippet(of: clean) }
        // Xapian matches folded terms, so the snippet is computed over the
        // folded text and then moved back onto the original.
        let (folded, origin) = TextNormalizer.foldedMapping(clean)
        let found = try snippet(of: folded)
        return found.mapped(toOriginal: clean, folded: folded, origin: origin, omit: "…") ?? found
    }
}
