import NewsModel

/// Turns what a person typed into what Xapian's query parser is given:
///
/// - accents and typographic quotes folded, as the index was (Kaboré → kabore);
/// - everything lower-cased except the operators AND, OR, NOT, XOR, NEAR and
///   ADJ, so that "Sanctions" is stemmed like "sanctions" (the parser leaves
///   capitalised words unstemmed) and `country:ML` finds the term `XCml`;
/// - the values of `country:`, `category:`, `topic:` and `source:` passed
///   through `resolve` (country names and aliases become codes);
/// - a name from ``Synonyms`` outside quotes widened to its whole group:
///   `ECOWAS` → `(ecowas OR "economic community of west african states")`.
struct QueryText {
    /// Fields whose values are resolved before parsing: the filter fields.
    static let resolvedFields = Set(Schema.filterFields.map(\.name))
    static let operators: Set<String> = ["AND", "OR", "NOT", "XOR", "NEAR", "ADJ"]

    enum Piece: Equatable {
        /// A run of white space.
        case space(String)
        /// `"…"`, without the quotes.
        case quoted(String, closed: Bool)
        /// A field with its resolved value.
        case field(name: String, value: String)
        /// A run without white space, quotes or brackets.
        case word(String)
        /// `(` or `)`.
        case bracket(Character)
        /// A synonym group, ready to parse.
        case group(String)
    }

    let synonyms: Synonyms
    let stopWords: Set<String>
    /// Maps a field's value as written to the value to search for.
    let resolve: (_ field: String, _ value: String) -> String

    /// The query for the parser; `expandSynonyms: false` for the text that
    /// spelling correction is asked about.
    func prepare(_ text: String, expandSynonyms: Bool = true) -> String {
        var pieces = scan(TextNormalizer.fold(text))
        if expandSynonyms { pieces = widen(pieces) }
        return pieces.map(render).joined()
    }

    func scan(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        func quoted() -> (String, Bool) {
            rest = rest.dropFirst()
            if let end = rest.firstIndex(of: "\"") {
                defer { rest = rest[rest.index(after: end)...] }
                return (String(rest[..<end]), true)
            }
            defer { rest = rest[rest.endIndex...] }
            return (String(rest), false)
        }
        while let c = rest.first {
            if c.isWhitespace {
                let run = rest.prefix(while: \.isWhitespace)
                pieces.append(.space(String(run)))
                rest = rest.dropFirst(run.count)
            } else if c == "\"" {
                let (inner, closed) = quoted()
                pieces.append(.quoted(inner, closed: closed))
            } else if c == "(" || c == ")" {
                pieces.append(.bracket(c))
                rest = rest.dropFirst()
            } else {
                let run = rest.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "(" && $0 != ")" }
                rest = rest.dropFirst(run.count)
                if let colon = run.firstIndex(of: ":") {
                    let name = run[..<colon].lowercased()
                    let sign = name.first == "+" || name.first == "-" ? String(name.prefix(1)) : ""
                    let bare = String(name.dropFirst(sign.count))
                    if QueryText.resolvedFields.contains(bare) {
                        var value = String(run[run.index(after: colon)...])
                        if value.isEmpty && rest.first == "\"" { value = quoted().0 }
                        if !value.isEmpty {
                            pieces.append(.field(name: sign + bare, value: resolve(bare, value)))
                            continue
                        }
                    }
                }
                pieces.append(.word(String(run)))
            }
        }
        return pieces
    }

    /// Replaces runs of plain words that name a synonym with their group.
    func widen(_ pieces: [Piece]) -> [Piece] {
        var out: [Piece] = []
        var index = 0
        while index < pieces.count {
            // The plain words from here, separated by single spaces.
            var words: [String] = []
            var positions: [Int] = []
            var cursor = index
            while cursor < pieces.count, case .word(let word) = pieces[cursor], isPlain(word) {
                words.append(word)
                positions.append(cursor)
                guard cursor + 1 < pieces.count, case .space = pieces[cursor + 1] else { break }
                cursor += 2
            }
            if !words.isEmpty, let found = synonyms.match(words, at: 0) {
                out.append(.group(group(found.group)))
                index = positions[found.length - 1] + 1
                continue
            }
            out.append(pieces[index])
            index += 1
        }
        return out
    }

    private func isPlain(_ word: String) -> Bool {
        !QueryText.operators.contains(word) && word.first.map { $0.isLetter || $0.isNumber } == true
            && !word.contains(":") && !word.contains("*")
    }

    /// `(a OR "b c" OR …)`: every name of the group, stop words left out.
    private func group(_ index: Int) -> String {
        var seen: Set<String> = []
        var names: [String] = []
        for name in synonyms.groups[index] {
            let text = name.words.joined(separator: " ")
            guard !(name.words.count == 1 && stopWords.contains(text)), seen.insert(text).inserted else { continue }
            names.append(name.words.count == 1 ? text : "\"" + text + "\"")
        }
        return names.count == 1 ? names[0] : "(" + names.joined(separator: " OR ") + ")"
    }

    private func render(_ piece: Piece) -> String {
        switch piece {
        case .space(let text): return text
        case .quoted(let text, let closed): return "\"" + text.lowercased() + (closed ? "\"" : "")
        case .field(let name, let value):
            let needsQuotes = value.contains { $0.isWhitespace || $0 == "(" || $0 == ")" }
            return name + ":" + (needsQuotes ? "\"" + value + "\"" : value)
        case .word(let word):
            return QueryText.operators.contains(word) || isOperatorWithWindow(word) ? word : word.lowercased()
        case .bracket(let c): return String(c)
        case .group(let text): return text
        }
    }

    /// `NEAR/3`, `ADJ/2`.
    private func isOperatorWithWindow(_ word: String) -> Bool {
        guard let slash = word.firstIndex(of: "/") else { return false }
        return ["NEAR", "ADJ"].contains(word[..<slash]) && word[word.index(after: slash)...].allSatisfy(\.isNumber)
            && word.index(after: slash) != word.endIndex
    }
}
