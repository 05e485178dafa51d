import Foundation
import NewsModel
import Testing

@testable import NewsEnrich

/// The enrichment scanner (``Folding``, ``ScannedText``) and ``TextNormalizer`` (indexing and
/// query preparation) must fold every scalar alike: enrichment reads the words the index has.
@Suite("Folding: the scanner and TextNormalizer agree")
struct FoldingTests {
    /// A block of scalars to compare, by name.
    struct Block: CustomTestStringConvertible, Sendable {
        let name: String
        let scalars: [Unicode.Scalar]

        init(_ name: String, _ ranges: ClosedRange<UInt32>...) {
            self.name = name
            scalars = ranges.flatMap { $0.compactMap(Unicode.Scalar.init) }
        }

        var testDescription: String { name }
    }

    static let blocks: [Block] = [
        Block("Latin-1 Supplement", 0x80...0xFF),
        Block("Latin Extended-A", 0x100...0x17F),
        Block("Latin Extended-B", 0x180...0x24F),
        Block("IPA and spacing modifier letters", 0x250...0x2FF),
        Block("combining diacritical marks", 0x300...0x36F),
        Block("Greek", 0x370...0x3FF),
        Block("Cyrillic", 0x400...0x4FF),
        Block("Latin Extended Additional (Vietnamese)", 0x1E00...0x1EFF),
        Block("General Punctuation", 0x2000...0x206F),
        Block(
            "letter-like symbols, number forms, enclosed numbers", 0x2100...0x2189, 0x2460...0x2473,
            0x3251...0x3253),
        Block("ligatures, fullwidth and halfwidth forms", 0xFB00...0xFB06, 0xFF01...0xFF5E, 0xFF66...0xFF9F),
        Block(
            "Arabic, Hebrew, Devanagari, CJK, emoji, mathematical letters", 0x5D0...0x5EA, 0x5B0...0x5BD,
            0x60C...0x60C, 0x621...0x652, 0x660...0x669, 0x915...0x94D, 0x3000...0x3002, 0x3042...0x3045,
            0x30AB...0x30AD, 0x4E2D...0x4E2D, 0xFDFA...0xFDFB, 0xFEFF...0xFEFF, 0x1D400...0x1D403,
            0x1F600...0x1F601),
    ]

    // MARK: - The two code paths

    /// The folded scalars the scanner makes tokens of.
    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }

    /// The scanner's words of `text`.
    static func scannerWords(_ text: String) -> [String] {
        let scanned = ScannedText(title: "", body: text)
        return scanned.tokens.indices.map { scanned.text($0) }
    }

    /// The words of `TextNormalizer.fold(text)`, lower-cased, cut as the scanner cuts: at every
    /// scalar that is neither a letter nor a digit, but for an apostrophe inside a word (a
    /// possessive "'s" dropped).
    static func normalizerWords(_ text: String) -> [String] {
        let folded = Array(TextNormalizer.fold(text).lowercased().unicodeScalars)
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var hasLetter = false
        func finish() {
            if !word.isEmpty { words.append(String(word)) }
            word = String.UnicodeScalarView()
            hasLetter = false
        }
        var index = 0
        while index < folded.count {
            let scalar = folded[index]
            if isWord(scalar) {
                word.append(scalar)
                hasLetter = hasLetter || scalar.properties.isAlphabetic
            } else if scalar == "'", hasLetter, index + 1 < folded.count, folded[index + 1].properties.isAlphabetic {
                let possessive = folded[index + 1] == "s" && (index + 2 == folded.count || !isWord(folded[index + 2]))
                if possessive {
                    finish()
                    index += 2
                    continue
                }
                word.append(scalar)
            } else {
                finish()
            }
            index += 1
        }
        finish()
        return words
    }

    /// How `scalar` folds in the two code paths, if differently.
    static func disagreement(_ scalar: Unicode.Scalar) -> String? {
        let folded = TextNormalizer.fold(String(scalar))
        let fold = Folding.fold(scalar.value)
        let alike: Bool
        switch fold.charClass {
        case .letter: alike = fold.bytes == Array(folded.lowercased().utf8)
        case .digit: alike = fold.bytes == Array(folded.utf8)
        case .combining: alike = folded.isEmpty
        case .apostrophe: alike = folded == "'"
        case .quote: alike = folded == "\""
        case .hyphen, .dash: alike = folded == "-"
        case .space: alike = folded == " " || folded == "\t"
        case .expand: alike = folded.unicodeScalars.count > 1  // compared word by word
        default: alike = !folded.unicodeScalars.contains(where: isWord)  // both cut the word there
        }
        // Words around it, the scanner against TextNormalizer's folding.
        let text = "x\(scalar)y"
        let scanned = scannerWords(text)
        let normalized = normalizerWords(text)
        guard !alike || scanned != normalized else { return nil }
        let code = "U+" + String(scalar.value, radix: 16, uppercase: true)
        return "\(code) \(scalar): TextNormalizer \"\(folded)\" \(normalized), scanner \(fold.charClass) "
            + "\(String(decoding: fold.bytes, as: UTF8.self)) \(scanned)"
    }

    // MARK: - Tests

    @Test("every scalar of the one folding table folds alike, as its kind says")
    func table() {
        #expect(!TextNormalizer.table.isEmpty)
        for (scalar, special) in TextNormalizer.table.sorted(by: { $0.key.value < $1.key.value }) {
            #expect(Self.disagreement(scalar) == nil)
            let expected: CharClass
            switch special.kind {
            case .letter: expected = .letter
            case .apostrophe: expected = .apostrophe
            case .quote: expected = .quote
            case .hyphen: expected = .hyphen
            case .dash: expected = .dash
            case .space: expected = .space
            case .ignorable: expected = .combining
            }
            #expect(Folding.fold(scalar.value).charClass == expected, "\(scalar)")
            #expect(TextNormalizer.fold(String(scalar)) == special.text)
        }
    }

    @Test("every scalar of a block folds alike", arguments: blocks)
    func block(_ block: Block) {
        let disagreements = block.scalars.compactMap(Self.disagreement)
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(block.scalars.count): \(disagreements)")
    }

    @Test("folding folded text changes nothing", arguments: blocks)
    func idempotent(_ block: Block) {
        for scalar in block.scalars {
            let folded = TextNormalizer.fold(String(scalar))
            #expect(TextNormalizer.fold(folded) == folded, "\(scalar)")
        }
    }

    @Test("canonically equivalent text folds alike (composed or decomposed accents)", arguments: blocks)
    func canonicalEquivalence(_ block: Block) {
        for scalar in block.scalars {
            let text = "x\(scalar)y"
            let folded = TextNormalizer.fold(text)
            for form in [text.decomposedStringWithCanonicalMapping, text.precomposedStringWithCanonicalMapping] {
                #expect(TextNormalizer.fold(form) == folded, "\(scalar)")
                #expect(Self.scannerWords(form) == Self.scannerWords(text), "\(scalar)")
            }
        }
    }

    @Test(
        "letters once folded by only one of the two tables are folded by both",
        arguments: [
            ("ħ", "h"), ("Ħ", "H"), ("ŀ", "l"), ("Ŀ", "L"), ("ƒ", "f"), ("Ƒ", "F"), ("ŉ", "n"), ("ſ", "s"),
            ("ẞ", "SS"), ("ª", "a"), ("µ", "μ"), ("Ĳ", "IJ"), ("ǿ", "o"), ("Ǽ", "AE"),
        ])
    func formerlyOneSided(letter: String, folded: String) {
        #expect(TextNormalizer.fold(letter) == folded)
        #expect(Self.scannerWords(letter) == [folded.lowercased()])
    }

    @Test(
        "sentences fold to the same words",
        arguments: [
            "Ħal Far and Ħamrun, Malta’s ŀ-free “Col·lecció”: ƒ-stop",
            "Kaboré, Goïta — Côte d’Ivoire – Łódź; Straße, Ærø, ÞINGVELLIR",
            "Oʻzbekiston’s co\u{AD}operation with Ŀleida, Qurʾan, x² and ½ of ﬁnance",
            "Президент Ёлкин в Афинах: Ο Πρωθυπουργός Ελλάδας, ﷺ, ＵＮ ＰＥＡＣＥ ２０２２",
            "Curac\u{0327}ao’s São Tomé ‹quoted› ‟also″ ― done ‐ ok ‑ fine − 3",
        ])
    func sentences(_ text: String) {
        #expect(Self.scannerWords(text) == Self.normalizerWords(text))
    }

    @Test("the modifier letter apostrophe is an apostrophe; the modifier letters of transliterations are dropped")
    func modifierLetters() {
        #expect(TextNormalizer.fold("Mbaʼ Oʻzbekiston Qurʾan") == "Mba' Ozbekiston Quran")
        #expect(Self.scannerWords("Mbaʼe Oʻzbekiston Qurʾan") == ["mba'e", "ozbekiston", "quran"])
    }

    @Test("a hyphen joins words, a dash separates them, a soft hyphen disappears")
    func hyphensAndDashes() {
        let scanned = ScannedText(
            title: "", body: "Guinea\u{2010}Bissau\u{2011}x war\u{2013}peace a\u{2015}b co\u{AD}op")
        #expect(
            scanned.tokens.indices.map { scanned.text($0) } == [
                "guinea", "bissau", "x", "war", "peace", "a", "b", "coop",
            ])
        #expect(scanned.tokens[1].gap.contains(.hyphen) && scanned.tokens[2].gap.contains(.hyphen))
        #expect(scanned.tokens[4].gap.contains(.dash) && scanned.tokens[6].gap.contains(.dash))
        #expect(
            TextNormalizer.fold("Guinea\u{2010}Bissau war\u{2013}peace a\u{2015}b co\u{AD}op")
                == "Guinea-Bissau war-peace a-b coop")
    }
}
