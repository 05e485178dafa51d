import NewsModel
import Xapian

/// Shows why each hit matched: the best passage of its body and its whole
/// title, with the matched words (stems, phrase words, wildcard expansions,
/// `title:` words) marked.
struct Highlighter {
    let database: Database
    /// The query parser's stemmer, so that stemmed matches are marked.
    let stemmer: Stem

    /// What marks one search's hits: an MSet whose query marks every
    /// matched word, and a stemmer that stems only the words that may match
    /// one of its stemmed terms (Xapian's snippets stem every word of a text
    /// to look it up among the query's terms; most cannot match).
    struct Marking {
        let mset: MSet
        let stemmer: Stem
    }

    /// The marking of a search's hits: the search's own MSet (`mset`), or,
    /// when the query searched the title field, one with the field's words
    /// unprefixed too (Xapian marks unprefixed words only). `rewritten`:
    /// `mset` was ranked on another form of `query` (its phrases as ANDs),
    /// so `query` itself marks, and phrases are marked where they occur as
    /// phrases. Otherwise `query` is the query `mset` ranked, but for filters
    /// and a recency boost.
    func prepare(for query: Query, mset: MSet, rewritten: Bool = false) throws -> Marking {
        let title = Schema.title.prefix
        let terms = try query.terms()
        var extra: [Query] = []
        var stems: Set<String> = []
        for term in terms {
            if term.hasPrefix("Z" + title) {
                extra.append(try Query(term: "Z" + term.dropFirst(1 + title.count)))
                stems.insert(String(term.dropFirst(1 + title.count)))
            } else if term.hasPrefix(title), term.dropFirst(title.count).first?.isUppercase == false {
                extra.append(try Query(term: String(term.dropFirst(title.count))))
            }
            if term.hasPrefix("Z") { stems.insert(String(term.dropFirst())) }
        }
        let marker = try stemmer.restricted(to: stems)
        guard !extra.isEmpty || rewritten else { return Marking(mset: mset, stemmer: marker) }
        let enquire = try Enquire(database: database)
        try enquire.setQuery(extra.isEmpty ? query : Query(.or, [query] + extra))
        return Marking(mset: try enquire.mset(limit: 0), stemmer: marker)
    }

    /// The best passage of `text` of about `length` bytes (all of it with
    /// `whole`), with the words `marking`'s query matches marked.
    func snippet(_ text: String, in marking: Marking, length: Int, whole: Bool) throws -> Snippet {
        guard !text.isEmpty else { return Snippet(text: "", highlights: []) }
        let (clean, ascii) = Snippet.sanitised(text)
        func snippet(of text: String) throws -> Snippet {
            Snippet(
                marked: try marking.mset.snippet(
                    text, length: whole ? text.utf8.count + 16 : length, stemmer: marking.stemmer,
                    flags: [], highlight: (String(Snippet.start), String(Snippet.end)),
                    omit: "…"))
        }
        // ASCII folds to itself: nothing to map back.
        if ascii { return try snippet(of: clean) }
        // Xapian matches folded terms, so the snippet is computed over the
        // folded text and then moved back onto the original.
        let (folded, origin) = TextNormalizer.foldedMapping(clean)
        let found = try snippet(of: folded)
        return found.mapped(toOriginal: clean, folded: folded, origin: origin, omit: "…") ?? found
    }
}
