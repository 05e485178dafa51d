import Foundation
import NewsModel

/// Domain synonyms: groups of names for one thing (ECOWAS and "Economic
/// Community of West African States"). A query naming one finds them all.
/// Kept as data in `Resources/synonyms.json`.
public struct Synonyms: Sendable {
    /// The synonyms compiled into the binary.
    public static let bundled: Synonyms = {
        do {
            return try Synonyms(json: PackageResources.synonyms_json)
        } catch {
            fatalError("the bundled synonyms do not decode: \(error)")
        }
    }()

    /// One name of a group, as words.
    struct Name: Sendable {
        /// The words, folded and lower-cased.
        let words: [String]
        /// Only matches when written in capitals (short acronyms: IS, AU, UN).
        let capitalsOnly: Bool
        /// The words as written in the data, for capitals-only matching.
        let written: [String]
    }

    /// The groups, each a list of names.
    let groups: [[Name]]
    /// Group indices by the first word of each name.
    private let byFirstWord: [String: [(group: Int, name: Int)]]

    private struct File: Decodable {
        var groups: [[String]]
    }

    /// Decodes `{"groups": [["ECOWAS", "Economic Community of West African States"], …]}`.
    public init(json: [UInt8]) throws {
        let file = try JSONDecoder().decode(File.self, from: Data(json))
        var groups: [[Name]] = []
        var index: [String: [(group: Int, name: Int)]] = [:]
        for names in file.groups {
            var group: [Name] = []
            for written in names {
                let words = Synonyms.words(written)
                guard let first = words.first else { continue }
                let letters = written.filter(\.isLetter)
                let capitalsOnly = words.count == 1 && letters.count <= 3 && letters.allSatisfy(\.isUppercase)
                let raw = TextNormalizer.fold(written).split(whereSeparator: \.isWhitespace).map(String.init)
                index[first, default: []].append((groups.count, group.count))
                group.append(Name(words: words, capitalsOnly: capitalsOnly, written: raw))
            }
            groups.append(group)
        }
        self.groups = groups
        self.byFirstWord = index
    }

    /// `text` split on white space, folded and lower-cased.
    static func words(_ text: String) -> [String] {
        TextNormalizer.fold(text).lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The longest name starting at `words[start]`: its group and length in
    /// words. `words` are as the user wrote them (folded, case kept).
    func match(_ words: [String], at start: Int) -> (group: Int, length: Int)? {
        guard start < words.count, let candidates = byFirstWord[words[start].lowercased()] else { return nil }
        var best: (group: Int, length: Int)?
        for candidate in candidates {
            let name = groups[candidate.group][candidate.name]
            let length = name.words.count
            guard start + length <= words.count, length > (best?.length ?? 0) else { continue }
            let span = words[start..<(start + length)]
            let matches =
                name.capitalsOnly
                ? Array(span) == name.written
                : span.map { $0.lowercased() } == name.words
            if matches { best = (candidate.group, length) }
        }
        return best
    }
}
