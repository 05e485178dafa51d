import Foundation
import NewsModel

/// What separates a token from the one before it (several may hold at once).
struct Gap: OptionSet, Sendable {
    let rawValue: UInt32

    static let space = Gap(rawValue: 1 << 0)
    static let newline = Gap(rawValue: 1 << 1)
    /// A blank line, or a line break followed by indentation (wire-service paragraphs).
    static let paragraph = Gap(rawValue: 1 << 2)
    static let comma = Gap(rawValue: 1 << 3)
    static let period = Gap(rawValue: 1 << 4)
    /// A full stop followed by white space after a word that is not an abbreviation, or `!`, `?`.
    static let sentence = Gap(rawValue: 1 << 5)
    static let semicolon = Gap(rawValue: 1 << 6)
    static let colon = Gap(rawValue: 1 << 7)
    /// A hyphen joining two words ("Guinea-Bissau").
    static let hyphen = Gap(rawValue: 1 << 8)
    /// A dash between words (" - ", "–", "—").
    static let dash = Gap(rawValue: 1 << 9)
    static let bracket = Gap(rawValue: 1 << 10)
    static let quote = Gap(rawValue: 1 << 11)
    static let slash = Gap(rawValue: 1 << 12)
    static let symbol = Gap(rawValue: 1 << 13)
    /// The first token of the title or of the body.
    static let fieldStart = Gap(rawValue: 1 << 14)

    /// Punctuation a multi-word name never spans (a comma is handled by the matcher).
    static let phraseBreak: Gap = [
        .paragraph, .sentence, .semicolon, .colon, .dash, .bracket, .quote, .slash, .fieldStart,
    ]
    /// Ends a clause: what a date's context is looked for in.
    static let clauseBreak: Gap = [.paragraph, .sentence, .semicolon, .colon, .comma, .dash, .fieldStart]
}

/// Properties of a token.
struct TokenFlags: OptionSet, Sendable {
    let rawValue: UInt16

    static let letters = TokenFlags(rawValue: 1 << 0)
    static let firstUpper = TokenFlags(rawValue: 1 << 1)
    /// Every letter upper case (and at least one letter).
    static let allUpper = TokenFlags(rawValue: 1 << 2)
    /// Only digits.
    static let digits = TokenFlags(rawValue: 1 << 3)
    /// Digits then "st", "nd", "rd" or "th".
    static let ordinal = TokenFlags(rawValue: 1 << 4)
    static let title = TokenFlags(rawValue: 1 << 5)
    /// Part of a wire-service dateline ("SALVADOR, Feb 26 -").
    static let dateline = TokenFlags(rawValue: 1 << 6)
    /// In upper-case text (a title or paragraph in capitals, a dateline): case says nothing there.
    static let capsContext = TokenFlags(rawValue: 1 << 7)
    /// Followed by a possessive "'s" that was dropped.
    static let possessive = TokenFlags(rawValue: 1 << 8)
    /// The token is followed directly by a full stop.
    static let periodAfter = TokenFlags(rawValue: 1 << 9)
}

/// A word or number of a text, folded: lower case, accents removed, typographic
/// apostrophes made plain.
struct Token: Sendable {
    /// Where the folded form starts in ``ScannedText/folded``.
    var start: Int32
    var count: Int32
    /// FNV-1a 64 of the folded form: what dictionaries are keyed on.
    var hash: UInt64
    /// The value of a numeric or ordinal token (`24`, `24th`), else -1.
    var number: Int32
    var flags: TokenFlags
    var gap: Gap
    /// The body paragraph (0 is the first); -1 in the title.
    var paragraph: Int32
    var sentence: Int32
    var clause: Int32
}

/// How one Unicode scalar is treated when folding.
enum CharClass: UInt8 {
    case letter, digit, space, newline, apostrophe, hyphen, dash, period, comma, sentenceMark, semicolon, colon
    case bracket, quote, slash, combining, other
    /// Folds to more than one token, or to more than 4 bytes of letters ("½" → "1⁄2", "ﷺ"): the
    /// text is scanned again with it replaced by its folding.
    case expand
}

/// The folding of one scalar: its class, whether it is an upper-case letter, and
/// the folded bytes of a letter (up to 4).
struct Fold: Sendable {
    var charClass: CharClass
    var upper: Bool
    var count: UInt8
    var b0: UInt8
    var b1: UInt8
    var b2: UInt8
    var b3: UInt8

    static func mark(_ charClass: CharClass) -> Fold {
        Fold(charClass: charClass, upper: false, count: 0, b0: 0, b1: 0, b2: 0, b3: 0)
    }

    static func letter(_ folded: [UInt8], upper: Bool) -> Fold {
        precondition(!folded.isEmpty && folded.count <= 4)
        return Fold(
            charClass: .letter, upper: upper, count: UInt8(folded.count), b0: folded[0],
            b1: folded.count > 1 ? folded[1] : 0, b2: folded.count > 2 ? folded[2] : 0,
            b3: folded.count > 3 ? folded[3] : 0)
    }

    /// The folded bytes of a letter or digit.
    var bytes: [UInt8] { Array([b0, b1, b2, b3].prefix(Int(count))) }
}

/// The scanner's folding, derived at start-up from ``TextNormalizer``'s one
/// folding table and ``TextNormalizer/fold(scalar:)`` (what indexing and query
/// preparation use), lower-cased, so that enrichment reads the words the index
/// has. Kept as a lookup table for U+0000 to U+052F (ASCII, Latin, IPA, Greek,
/// Cyrillic) and for General Punctuation (U+2000 to U+206F); other scalars are
/// classified case by case.
///
/// What the scanner adds to the folding is classes: a hyphen is not a dash, a
/// full stop may end a sentence, brackets and slashes break phrases.
enum Folding {
    static let tableLimit: UInt32 = 0x530
    static let punctuation: Range<UInt32> = 0x2000..<0x2070

    static let table: [Fold] = (0..<tableLimit).map { classify(Unicode.Scalar($0)!) }
    static let punctuationTable: [Fold] = punctuation.map { classify(Unicode.Scalar($0)!) }

    static func classify(_ scalar: Unicode.Scalar) -> Fold {
        let properties = scalar.properties
        if let special = TextNormalizer.table[scalar] {
            switch special.kind {
            case .letter: return .letter(Array(special.text.lowercased().utf8), upper: properties.isUppercase)
            case .apostrophe: return .mark(.apostrophe)
            case .quote: return .mark(.quote)
            case .hyphen: return .mark(.hyphen)
            case .dash: return .mark(.dash)
            case .space: return .mark(.space)
            case .ignorable: return .mark(.combining)
            }
        }
        // What folding leaves as it is, the scanner tells apart.
        switch scalar {
        case "a"..."z": return .letter([UInt8(scalar.value)], upper: false)
        case "A"..."Z": return .letter([UInt8(scalar.value) + 32], upper: true)
        case "0"..."9":
            return Fold(charClass: .digit, upper: false, count: 1, b0: UInt8(scalar.value), b1: 0, b2: 0, b3: 0)
        case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": return .mark(.newline)
        case " ", "\t": return .mark(.space)
        case "'": return .mark(.apostrophe)
        case "-": return .mark(.hyphen)
        case ".", "\u{2026}": return .mark(.period)
        case ",", "\u{060C}": return .mark(.comma)
        case "!", "?", "\u{A1}", "\u{BF}": return .mark(.sentenceMark)
        case ";": return .mark(.semicolon)
        case ":": return .mark(.colon)
        case "(", ")", "[", "]", "{", "}", "<", ">": return .mark(.bracket)
        case "\"": return .mark(.quote)
        case "/", "\\", "|": return .mark(.slash)
        default: break
        }
        let folded = TextNormalizer.fold(scalar: scalar).unicodeScalars
        if folded.isEmpty { return .mark(.combining) }
        if folded.count == 1, let only = folded.first {
            // Folded to another scalar: that one's class ("²" → "2", "！" → "!", "µ" → "μ").
            if only != scalar { return classify(only) }
            guard properties.isAlphabetic else { return .mark(.other) }
            let lower = Array(properties.lowercaseMapping.utf8)
            return lower.count <= 4 ? .letter(lower, upper: properties.isUppercase) : .mark(.expand)
        }
        if folded.allSatisfy(\.properties.isAlphabetic) {
            // Letters: "ǅ" → "dz", "ﬁ" → "fi".
            let lower = Array(String(folded).lowercased().utf8)
            if lower.count <= 4 { return .letter(lower, upper: properties.isUppercase) }
        }
        return .mark(.expand)
    }

    /// The folding of any scalar (cached for the common ranges).
    @inline(__always)
    static func fold(_ value: UInt32) -> Fold {
        if value < tableLimit { return table[Int(value)] }
        return foldBeyondTable(value)
    }

    /// Kept out of the scanning loop, which it would slow down if inlined there.
    @inline(never)
    private static func foldBeyondTable(_ value: UInt32) -> Fold {
        if punctuation.contains(value) { return punctuationTable[Int(value - punctuation.lowerBound)] }
        guard let scalar = Unicode.Scalar(value) else { return .mark(.other) }
        return classify(scalar)
    }

    /// `text` with every scalar of class ``CharClass/expand`` replaced by its folding.
    static func expand(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if fold(scalar.value).charClass == .expand {
                out.append(contentsOf: TextNormalizer.fold(scalar: scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A title and body folded and cut into tokens, once per article, for every
/// extractor to read.
struct ScannedText: Sendable {
    /// The folded forms of all tokens, one after the other.
    var folded: [UInt8] = []
    var tokens: [Token] = []
    /// Tokens `0..<titleCount` are the title's.
    var titleCount = 0

    /// Words after which a full stop does not end a sentence (besides single letters).
    static let abbreviations: Set<UInt64> = Set(
        [
            "mr", "mrs", "ms", "dr", "st", "ste", "mt", "ft", "gen", "col", "lt", "maj", "capt", "cpt", "sgt", "gov",
            "sen", "rep", "jr", "sr", "vs", "co", "corp", "inc", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
            "sep", "sept", "oct", "nov", "dec", "calif", "conn", "fla", "mich", "minn", "ariz", "colo", "tenn", "okla",
            "ky", "neb", "nev", "vt", "wis", "wyo", "tex", "va", "ga", "md", "ala", "kan", "adm", "brig", "cmdr",
            "prof",
            "rev", "hon", "messrs", "approx", "dept", "univ", "etc",
        ].map { FNV1a.hash($0) })

    init() {}

    /// Scans `title` (may be empty) and `body`.
    init(title: String, body: String) {
        folded.reserveCapacity(title.utf8.count + body.utf8.count)
        tokens.reserveCapacity((title.utf8.count + body.utf8.count) / 5)
        var scanner = Scanner()
        scanner.scan(title, into: &self, isTitle: true)
        titleCount = tokens.count
        scanner.scan(body, into: &self, isTitle: false)
        markCapsContext()
        markDateline()
    }

    /// The folded form of token `index`.
    func text(_ index: Int) -> String {
        let token = tokens[index]
        return String(decoding: folded[Int(token.start)..<Int(token.start + token.count)], as: UTF8.self)
    }

    /// Whether the folded form of token `index` starts with `prefix` (ASCII).
    func hasFoldedPrefix(_ index: Int, _ prefix: [UInt8]) -> Bool {
        let token = tokens[index]
        guard token.count >= prefix.count else { return false }
        let start = Int(token.start)
        for (offset, byte) in prefix.enumerated() where folded[start + offset] != byte { return false }
        return true
    }

    /// Title, and body paragraphs, that are mostly in capitals: case carries no
    /// information there.
    private mutating func markCapsContext() {
        guard !tokens.isEmpty else { return }
        var start = 0
        while start < tokens.count {
            var end = start + 1
            let isTitle = start < titleCount
            while end < tokens.count && (end < titleCount) == isTitle
                && (isTitle || tokens[end].paragraph == tokens[start].paragraph)
            {
                end += 1
            }
            var upper = 0
            var lower = 0
            for index in start..<end where tokens[index].flags.contains(.letters) {
                if tokens[index].flags.contains(.allUpper) {
                    upper += Int(tokens[index].count)
                } else {
                    lower += Int(tokens[index].count)
                }
            }
            if upper >= 4 && upper * 10 >= (upper + lower) * 7 {
                for index in start..<end { tokens[index].flags.insert(.capsContext) }
            }
            start = end
        }
    }

    /// A dateline: the body's first words, starting in capitals, up to a dash
    /// on the first line ("SALVADOR, Feb 26 -", "LONDON (Reuters) -").
    private mutating func markDateline() {
        let first = titleCount
        guard first < tokens.count, tokens[first].flags.contains(.allUpper), tokens[first].count >= 2 else { return }
        var index = first + 1
        while index < tokens.count && index < first + 16 {
            let gap = tokens[index].gap
            if gap.contains(.newline) || gap.contains(.sentence) { return }
            if gap.contains(.dash) {
                for marked in first..<index {
                    tokens[marked].flags.insert(.dateline)
                    if tokens[marked].flags.contains(.allUpper) { tokens[marked].flags.insert(.capsContext) }
                }
                return
            }
            index += 1
        }
    }
}

/// The state of a scan over one field.
private struct Scanner {
    var sentence: Int32 = 0
    var clause: Int32 = 0

    mutating func scan(_ text: String, into out: inout ScannedText, isTitle: Bool) {
        var text = text
        let before = (scanner: self, folded: out.folded.count, tokens: out.tokens.count)
        let complete = text.withUTF8 { bytes in
            scanBytes(bytes, into: &out, isTitle: isTitle, expanded: false)
        }
        if complete { return }
        // A scalar that folds to several tokens or to a long run of letters (rare): start
        // again over the text with it replaced by its folding.
        self = before.scanner
        out.folded.removeSubrange(before.folded...)
        out.tokens.removeSubrange(before.tokens...)
        var expanded = Folding.expand(text)
        expanded.withUTF8 { bytes in
            _ = scanBytes(bytes, into: &out, isTitle: isTitle, expanded: true)
        }
    }

    /// False, having stopped, on a scalar of class ``CharClass/expand`` unless `expanded`.
    private mutating func scanBytes(
        _ bytes: UnsafeBufferPointer<UInt8>, into out: inout ScannedText, isTitle: Bool, expanded: Bool
    ) -> Bool {
        let table = Folding.table
        let tableLimit = Folding.tableLimit
        var index = 0
        let end = bytes.count
        var gap: Gap = .fieldStart
        var paragraph: Int32 = isTitle ? -1 : 0
        var sawToken = false
        var newlines = 0
        var lineStartSpaces = 0
        var afterNewline = false

        // The token being built.
        var inToken = false
        var start = 0
        var hash = FNV1a.offset
        var upper = 0
        var lower = 0
        var digitCount = 0
        var letterCount = 0
        var firstUpper = false
        var number: Int32 = 0
        var digitsThenLetters = false

        @inline(__always)
        func decode(_ position: Int) -> (value: UInt32, length: Int) {
            let lead = bytes[position]
            if lead < 0x80 { return (UInt32(lead), 1) }
            var length = 1
            var value: UInt32
            if lead & 0xE0 == 0xC0 {
                length = 2
                value = UInt32(lead & 0x1F)
            } else if lead & 0xF0 == 0xE0 {
                length = 3
                value = UInt32(lead & 0x0F)
            } else {
                length = 4
                value = UInt32(lead & 0x07)
            }
            if position + length > end { return (0xFFFD, 1) }
            for offset in 1..<length { value = (value << 6) | UInt32(bytes[position + offset] & 0x3F) }
            return (value, length)
        }

        func finishToken(possessive: Bool) {
            guard inToken else { return }
            inToken = false
            var flags: TokenFlags = []
            if letterCount > 0 {
                flags.insert(.letters)
                if firstUpper { flags.insert(.firstUpper) }
                if lower == 0 && upper > 0 { flags.insert(.allUpper) }
            }
            var value: Int32 = -1
            if letterCount == 0 && digitCount > 0 {
                flags.insert(.digits)
                value = digitCount <= 9 ? number : -1
            } else if digitsThenLetters && digitCount > 0 && digitCount <= 2 {
                let suffixStart = out.folded.count - letterCount
                let suffix = (out.folded[suffixStart], letterCount == 2 ? out.folded[suffixStart + 1] : 0)
                if letterCount == 2
                    && (suffix == (0x73, 0x74) || suffix == (0x6e, 0x64) || suffix == (0x72, 0x64)
                        || suffix == (0x74, 0x68))
                {
                    flags.insert(.ordinal)
                    value = number
                }
            }
            if possessive { flags.insert(.possessive) }
            if isTitle { flags.insert(.title) }
            if !sawToken { gap.insert(.fieldStart) }
            if sawToken, gap.contains(.period), !gap.isDisjoint(with: [.space, .newline]),
                let previous = out.tokens.last
            {
                // A full stop then white space ends a sentence, unless it follows an abbreviation
                // or the next word starts in lower case.
                let isAbbreviation =
                    (previous.count == 1 && previous.flags.contains(.letters))
                    || ScannedText.abbreviations.contains(previous.hash)
                let startsLower = letterCount > 0 && !firstUpper
                if !isAbbreviation && !startsLower { gap.insert(.sentence) }
            }
            if gap.contains(.fieldStart) || gap.contains(.sentence) || gap.contains(.paragraph) { sentence += 1 }
            if !gap.intersection(.clauseBreak).isEmpty { clause += 1 }
            let token = Token(
                start: Int32(start), count: Int32(out.folded.count - start), hash: hash, number: value, flags: flags,
                gap: gap, paragraph: paragraph, sentence: sentence, clause: clause)
            out.tokens.append(token)
            sawToken = true
            gap = []
        }

        while index < end {
            let (value, length) = decode(index)
            let fold = value < tableLimit ? table[Int(value)] : Folding.fold(value)
            switch fold.charClass {
            case .letter, .digit:
                if !inToken {
                    inToken = true
                    start = out.folded.count
                    hash = FNV1a.offset
                    upper = 0
                    lower = 0
                    digitCount = 0
                    letterCount = 0
                    number = 0
                    digitsThenLetters = false
                    firstUpper = fold.upper
                    if newlines >= 2 || (afterNewline && lineStartSpaces >= 2) {
                        if !isTitle && sawToken {
                            gap.insert(.paragraph)
                            paragraph += 1
                        }
                    }
                    newlines = 0
                    afterNewline = false
                    lineStartSpaces = 0
                }
                if fold.charClass == .digit {
                    if letterCount > 0 { digitsThenLetters = false }
                    digitCount += 1
                    if digitCount <= 9 { number = number * 10 + Int32(fold.b0 - 0x30) }
                    out.folded.append(fold.b0)
                    hash = FNV1a.add(hash, fold.b0)
                } else {
                    if letterCount == 0 && digitCount > 0 { digitsThenLetters = true }
                    letterCount += 1
                    if fold.upper { upper += 1 } else { lower += 1 }
                    out.folded.append(fold.b0)
                    hash = FNV1a.add(hash, fold.b0)
                    if fold.count > 1 {
                        out.folded.append(fold.b1)
                        hash = FNV1a.add(hash, fold.b1)
                    }
                    if fold.count > 2 {
                        out.folded.append(fold.b2)
                        hash = FNV1a.add(hash, fold.b2)
                    }
                    if fold.count > 3 {
                        out.folded.append(fold.b3)
                        hash = FNV1a.add(hash, fold.b3)
                    }
                }
            case .combining:
                break  // a decomposed accent: dropped, the word goes on
            case .apostrophe:
                // Inside a word ("d'Ivoire", "N'Djamena") it stays; a possessive "'s" is dropped.
                if inToken && letterCount > 0 && index + length < end {
                    let (next, nextLength) = decode(index + length)
                    let nextFold = next < tableLimit ? table[Int(next)] : Folding.fold(next)
                    if nextFold.charClass == .letter {
                        let isS = nextFold.b0 == 0x73 && nextFold.count == 1
                        let afterS = index + length + nextLength
                        var sEndsWord = true
                        if afterS < end {
                            let (following, _) = decode(afterS)
                            let followingFold =
                                following < tableLimit ? table[Int(following)] : Folding.fold(following)
                            sEndsWord = followingFold.charClass != .letter && followingFold.charClass != .digit
                        }
                        if isS && sEndsWord {
                            finishToken(possessive: true)
                            index = afterS
                            continue
                        }
                        out.folded.append(0x27)
                        hash = FNV1a.add(hash, 0x27)
                        index += length
                        continue
                    }
                }
                if inToken && letterCount > 0 {
                    finishToken(possessive: true)  // "ECOWAS’ renewed demands"
                } else {
                    gap.insert(.quote)
                }
            default:
                if fold.charClass == .expand && !expanded { return false }
                let wasInToken = inToken
                finishToken(possessive: false)
                switch fold.charClass {
                case .space:
                    gap.insert(.space)
                    if afterNewline { lineStartSpaces += value == 0x09 ? 2 : 1 }
                case .newline:
                    gap.insert(.newline)
                    if value == 0x0D && index + 1 < end && bytes[index + 1] == 0x0A {
                        index += 1
                    }
                    newlines += 1
                    afterNewline = true
                    lineStartSpaces = 0
                case .hyphen:
                    // Between two words without spaces it joins them; spaced, it is a dash.
                    if wasInToken && !gap.contains(.space) {
                        gap.insert(.hyphen)
                    } else {
                        gap.insert(.dash)
                    }
                case .dash: gap.insert(.dash)
                case .period:
                    gap.insert(.period)
                    if wasInToken, var last = out.tokens.last {
                        last.flags.insert(.periodAfter)
                        out.tokens[out.tokens.count - 1] = last
                    }
                case .comma: gap.insert(.comma)
                case .sentenceMark: gap.insert(.sentence)
                case .semicolon: gap.insert(.semicolon)
                case .colon: gap.insert(.colon)
                case .bracket: gap.insert(.bracket)
                case .quote: gap.insert(.quote)
                case .slash: gap.insert(.slash)
                default: gap.insert(.symbol)
                }
                if fold.charClass != .space && fold.charClass != .newline {
                    afterNewline = false
                }
            }
            index += length
        }
        finishToken(possessive: false)
        return true
    }
}
