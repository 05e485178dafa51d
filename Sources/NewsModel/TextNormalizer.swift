import Foundation

/// The one text normalisation applied both when indexing and when parsing
/// queries, so that what a person types finds what the archive says:
/// Unicode compatibility forms unified (NFKC), accents folded ("Kaboré" →
/// "Kabore", "Goïta" → "Goita"), typographic apostrophes and quotes made
/// plain ("Faso’s" → "Faso's"), dashes made hyphens.
///
/// The original text is kept for display and snippets; ``fold(_:)`` maps
/// character by character, so positions in the folded text can be mapped
/// back to the original (see ``foldedMapping(_:)``).
public enum TextNormalizer {
    /// `text` normalised for indexing or searching.
    public static func fold(_ text: String) -> String {
        // Fast path: ASCII text needs no change.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
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

    private static func append(_ character: Character, to out: inout String) {
        // Fast path: ASCII needs no change.
        if let ascii = character.asciiValue {
            out.unicodeScalars.append(Unicode.Scalar(ascii))
            return
        }
        switch character {
        case "’", "‘", "‛", "ʼ", "′", "`", "´": out.append("'")
        case "“", "”", "„", "‟", "″", "«", "»": out.append("\"")
        case "–", "—", "‐", "‑", "‒", "−": out.append("-")
        case "\u{00A0}", "\u{2007}", "\u{202F}", "\u{2009}", "\u{200A}": out.append(" ")
        case "ß": out.append("ss")
        case "æ": out.append("ae")
        case "Æ": out.append("AE")
        case "œ": out.append("oe")
        case "Œ": out.append("OE")
        case "ø": out.append("o")
        case "Ø": out.append("O")
        case "đ", "ð": out.append("d")
        case "Đ", "Ð": out.append("D")
        case "ł": out.append("l")
        case "Ł": out.append("L")
        case "ı": out.append("i")
        case "þ": out.append("th")
        case "Þ": out.append("Th")
        default:
            // Compatibility decomposition, then drop the combining marks.
            let decomposed = String(character).decomposedStringWithCompatibilityMapping
            for scalar in decomposed.unicodeScalars
            where !scalar.properties.isDiacritic
                && scalar.properties.generalCategory != .nonspacingMark
            {
                out.unicodeScalars.append(scalar)
            }
        }
    }
}
