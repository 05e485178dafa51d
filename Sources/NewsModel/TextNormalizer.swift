import Foundation

/// The one text normalisation applied both when indexing and when parsing
/// queries, so that what a person types finds what the archive says:
/// Unicode compatibility forms unified (NFKC), accents folded ("Kaboré" →
/// "Kabore", "Goïta" → "Goita"), typographic apostrophes and quotes made
/// plain ("Faso’s" → "Faso's"), dashes made hyphens.
///
/// Folding is scalar by scalar: a scalar of ``table`` becomes its entry's
/// text, any other its compatibility decomposition without combining marks
/// and diacritics (``fold(scalar:)``). ``table`` is the only list of
/// special cases: the enrichment scanner (NewsEnrich's `Folding`) derives
/// its lookup table from it and from ``fold(scalar:)`` at start-up, so that
/// enrichment reads words exactly as the index and queries have them.
///
/// The original text is kept for display and snippets; ``fold(_:)`` maps
/// character by character, so positions in the folded text can be mapped
/// back to the original (see ``foldedMapping(_:)``).
public enum TextNormalizer {
    /// `text` normalised for indexing or searching.
    public static func fold(_ text: String) -> String {
        // Fast path: ASCII text needs no change (but for the backtick, an apostrophe).
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x60 }) { return text }
        var out = String()
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for character in text { append(character, to: &out) }
        return out
    }

    /// The folded text and, for each of its characters, the index of the
    /// original character it came from (for mapping highlights back).
    public static func foldedMapping(_ text: String) -> (folded: String, origin: [String.Index]) {
        var out = String()
        var origin: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            var piece = String()
            append(text[index], to: &piece)
            out += piece
            origin.append(contentsOf: repeatElement(index, count: piece.count))
            index = text.index(after: index)
        }
        return (out, origin)
    }

    /// What one scalar folds to, case kept: its ``table`` entry's text, else
    /// its compatibility decomposition with combining marks and diacritics
    /// dropped and the parts found in ``table`` replaced ("ǿ" → "o"), so that
    /// folding folded text changes nothing. Empty for a scalar that is
    /// dropped (a combining accent, a soft hyphen).
    public static func fold(scalar: Unicode.Scalar) -> String {
        if scalar.value < cacheLimit { return cache[Int(scalar.value)] }
        return computeFold(scalar)
    }

    private static func append(_ character: Character, to out: inout String) {
        // Fast path: ASCII needs no change ("\r\n" is one character, made "\n").
        if let ascii = character.asciiValue, ascii != 0x60 {
            out.unicodeScalars.append(Unicode.Scalar(ascii))
            return
        }
        for scalar in character.unicodeScalars {
            if scalar.value < 0x80 && scalar != "`" {
                out.unicodeScalars.append(scalar)
            } else {
                out.unicodeScalars.append(contentsOf: fold(scalar: scalar).unicodeScalars)
            }
        }
    }

    /// ``fold(scalar:)`` computed once for the scalars most text is made of
    /// (Latin, IPA, Greek, Cyrillic).
    private static let cacheLimit: UInt32 = 0x530
    private static let cache: [String] = (0..<cacheLimit).map { computeFold(Unicode.Scalar($0)!) }

    private static func computeFold(_ scalar: Unicode.Scalar) -> String {
        if let special = table[scalar] { return special.text }
        if scalar.isASCII { return String(scalar) }
        let decomposed = String(scalar).decomposedStringWithCompatibilityMapping
        if let special = tableByDecomposition[decomposed] { return special.text }
        var out = String.UnicodeScalarView()
        for part in decomposed.unicodeScalars {
            if let special = table[part] {
                out.append(contentsOf: special.text.unicodeScalars)
            } else if !part.properties.isDiacritic && part.properties.generalCategory != .nonspacingMark {
                out.append(part)
            }
        }
        return String(out)
    }
}

// MARK: - The folding table

extension TextNormalizer {
    /// What a scalar of ``table`` is, besides the text it folds to: readers
    /// that tell more apart than the text does use it (the enrichment scanner
    /// keeps a hyphen joining two words apart from a dash between clauses, and
    /// goes on with the word over an ignorable scalar).
    public enum Kind: Sendable, Hashable {
        case letter, apostrophe, quote, hyphen, dash, space
        /// Dropped without ending the word (a soft hyphen).
        case ignorable
    }

    /// One entry of ``table``.
    public struct Special: Sendable, Hashable {
        public let kind: Kind
        /// What the scalar folds to, case kept: "Þ" → "Th".
        public let text: String
    }

    /// The one folding table: every scalar that is not folded by compatibility
    /// decomposition alone, and what it folds to.
    ///
    /// - Letters that decomposition does not split into a base letter and a
    ///   mark ("ø", "ł", "ħ", "ƒ", "ß"), in both cases;
    /// - typographic apostrophes (U+2019 and its kin, the modifier letter
    ///   apostrophe U+02BC, the backtick), quotes (curly, low-9, guillemets,
    ///   double prime), hyphens and dashes, made ASCII (the other modifier
    ///   letters of transliterations, "ʻ" in "Oʻzbekiston", "ʾ" in "Qurʾan",
    ///   are diacritics: dropped, so that "Ozbekiston" and "Quran" find them);
    /// - the wide and narrow spaces, made a space (decomposition does it too;
    ///   listed so the scanner knows them without decomposing);
    /// - the soft hyphen, dropped: it is invisible, a place a word may break,
    ///   so "co\u{AD}operate" is "cooperate".
    public static let table: [Unicode.Scalar: Special] = {
        var table = [Unicode.Scalar: Special]()
        func add(_ scalar: Unicode.Scalar, _ special: Special) {
            precondition(table.updateValue(special, forKey: scalar) == nil, "\(scalar) twice in the folding table")
        }
        for (scalar, text) in letters { add(scalar, Special(kind: .letter, text: text)) }
        for (kind, text, scalars) in marks {
            for scalar in scalars.unicodeScalars { add(scalar, Special(kind: kind, text: text)) }
        }
        return table
    }()

    /// The entries of ``table`` whose scalar decomposes, by its decomposition: a scalar
    /// equivalent to one of the table folds as that one does ("´" U+1FFD as "´" U+00B4).
    private static let tableByDecomposition: [String: Special] = {
        var byDecomposition = [String: Special]()
        for (scalar, special) in table where !scalar.isASCII {
            let decomposed = String(scalar).decomposedStringWithCompatibilityMapping
            if decomposed.unicodeScalars.elementsEqual([scalar]) { continue }
            let previous = byDecomposition.updateValue(special, forKey: decomposed)
            precondition(previous == nil || previous == special, "\(scalar): two foldings of one decomposition")
        }
        return byDecomposition
    }()

    /// Letters that compatibility decomposition leaves whole (or, for "ŉ",
    /// makes an apostrophe and a letter), upper case first.
    private static let letters: KeyValuePairs<Unicode.Scalar, String> = [
        "ẞ": "SS", "ß": "ss",
        "Æ": "AE", "æ": "ae",
        "Œ": "OE", "œ": "oe",
        "Ø": "O", "ø": "o",
        "Đ": "D", "đ": "d",
        "Ð": "D", "ð": "d",
        "Ħ": "H", "ħ": "h",
        "ı": "i",
        "Ŀ": "L", "ŀ": "l",
        "Ł": "L", "ł": "l",
        "ŉ": "n",
        "ſ": "s",
        "Ƒ": "F", "ƒ": "f",
        "Þ": "Th", "þ": "th",
    ]

    /// Punctuation and spaces: kind, folded text, scalars.
    private static let marks: [(Kind, String, String)] = [
        // ` ´ ‘ ’ ‛ ′ ʼ
        (.apostrophe, "'", "`\u{B4}\u{2018}\u{2019}\u{201B}\u{2032}\u{2BC}"),
        // “ ” „ ‟ ″ « » ‹ ›
        (.quote, "\"", "\u{201C}\u{201D}\u{201E}\u{201F}\u{2033}\u{AB}\u{BB}\u{2039}\u{203A}"),
        // hyphen, non-breaking hyphen
        (.hyphen, "-", "\u{2010}\u{2011}"),
        // figure dash, en dash, em dash, horizontal bar, minus sign
        (.dash, "-", "\u{2012}\u{2013}\u{2014}\u{2015}\u{2212}"),
        // no-break space, the spaces of U+2000 to U+200A, narrow no-break, medium mathematical, ideographic
        (
            .space, " ",
            "\u{A0}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200A}"
                + "\u{202F}\u{205F}\u{3000}"
        ),
        // soft hyphen
        (.ignorable, "", "\u{AD}"),
    ]
}
