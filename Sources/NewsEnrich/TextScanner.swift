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
}

/// The folding of one scalar: its class, whether it is an upper-case letter, and
/// the folded bytes of a letter (up to 3).
struct Fold: Sendable {
    var charClass: CharClass
    var upper: Bool
    var count: UInt8
    var b0: UInt8
    var b1: UInt8
    var b2: UInt8

    static func mark(_ charClass: CharClass) -> Fold {
        Fold(charClass: charClass, upper: false, count: 0, b0: 0, b1: 0, b2: 0)
    }

    static func letter(_ folded: [UInt8], upper: Bool) -> Fold {
        Fold(
            charClass: .letter, upper: upper, count: UInt8(folded.count), b0: folded.count > 0 ? folded[0] : 0,
            b1: folded.count > 1 ? folded[1] : 0, b2: folded.count > 2 ? folded[2] : 0)
    }
}

/// The folding table for U+0000 to U+024F (ASCII, Latin-1, Latin Extended-A and
/// -B), built once; other scalars are classified case by case.
enum Folding {
    static let tableLimit: UInt32 = 0x250

    static let table: [Fold] = {
        var table = [Fold](repeating: .mark(.other), count: Int(tableLimit))
        for value in UInt32(0)..<tableLimit {
            table[Int(value)] = classify(Unicode.Scalar(value)!)
        }
        return table
    }()

    /// Letters NFD does not split into a base letter and a mark.
    static let transliterations: [Unicode.Scalar: String] = [
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "ß": "ss",
        "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "ħ": "h", "Ħ": "h", "ŀ": "l", "Ŀ": "l",
        "ŉ": "n", "ſ": "s", "ƒ": "f",
    ]

    static func classify(_ scalar: Unicode.Scalar) -> Fold {
        switch scalar {
        case "a"..."z": return .letter([UInt8(scalar.value)], upper: false)
        case "A"..."Z": return .letter([UInt8(scalar.value) + 32], upper: true)
        case "0"..."9": return Fold(charClass: .digit, upper: false, count: 1, b0: UInt8(scalar.value), b1: 0, b2: 0)
        case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": return .mark(.newline)
        case " ", "\t", "\u{A0}", "\u{2000}"..."\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}": return .mark(.space)
        case "'", "`", "\u{B4}", "\u{2018}", "\u{2019}", "\u{201B}", "\u{2032}", "\u{02BC}", "\u{02BB}":
            return .mark(.apostrophe)
        case "-", "\u{2010}", "\u{2011}", "\u{AD}": return .mark(.hyphen)
        case "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}": return .mark(.dash)
        case ".", "\u{2026}": return .mark(.period)
        case ",", "\u{060C}": return .mark(.comma)
        case "!", "?", "\u{A1}", "\u{BF}": return .mark(.sentenceMark)
        case ";": return .mark(.semicolon)
        case ":": return .mark(.colon)
        case "(", ")", "[", "]", "{", "}", "<", ">": return .mark(.bracket)
        case "\"", "\u{201C}", "\u{201D}", "\u{201E}", "\u{AB}", "\u{BB}", "\u{2039}", "\u{203A}": return .mark(.quote)
        case "/", "\\", "|": return .mark(.slash)
        case "\u{300}"..."\u{36F}": return .mark(.combining)
        default: break
        }
        let properties = scalar.properties
        guard properties.isAlphabetic else { return .mark(.other) }
        let upper = properties.isUppercase
        if let plain = transliterations[scalar] {
            return .letter(Array(plain.utf8), upper: upper)
        }
        let base = String(Character(scalar)).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let bytes = Array(base.utf8)
        if !bytes.isEmpty && bytes.count <= 3 && bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7a }) {
            return .letter(bytes, upper: upper)
        }
        let lower = Array(properties.lowercaseMapping.utf8)
        return .letter(lower.count <= 3 ? lower : Array(String(scalar).utf8), upper: upper)
    }

    /// The folding of any scalar (cached for the common ranges).
    @inline(__always)
    static func fold(_ value: UInt32) -> Fold {
        if value < tableLimit { return table[Int(value)] }
        guard let scalar = Unicode.Scalar(value) else { return .mark(.other) }
        return classify(scalar)
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
        text.withUTF8 { bytes in
            scanBytes(bytes, into: &out, isTitle: isTitle)
        }
    }

    private mutating func scanBytes(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout ScannedText, isTitle: Bool) {
        let table = Folding.table
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
            let fold = value < Folding.tableLimit ? table[Int(value)] : Folding.fold(value)
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
                }
            case .combining:
                break  // a decomposed accent: dropped, the word goes on
            case .apostrophe:
                // Inside a word ("d'Ivoire", "N'Djamena") it stays; a possessive "'s" is dropped.
                if inToken && letterCount > 0 && index + length < end {
                    let (next, nextLength) = decode(index + length)
                    let nextFold = next < Folding.tableLimit ? table[Int(next)] : Folding.fold(next)
                    if nextFold.charClass == .letter {
                        let isS = nextFold.b0 == 0x73 && nextFold.count == 1
                        let afterS = index + length + nextLength
                        var sEndsWord = true
                        if afterS < end {
                            let (following, _) = decode(afterS)
                            let followingFold =
                                following < Folding.tableLimit ? table[Int(following)] : Folding.fold(following)
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
    }
}
