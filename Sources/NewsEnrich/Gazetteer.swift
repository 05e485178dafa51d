import Foundation

/// A country: its ISO 3166-1 alpha-2 code (upper case; XK for Kosovo) and the
/// name the gazetteer gives it.
public struct Country: Sendable, Hashable, Codable {
    /// ISO 3166-1 alpha-2, upper case.
    public let code: String
    /// The gazetteer's name ("Côte d'Ivoire", "United States").
    public let name: String

    /// A country with this code and name.
    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// The countries Dossier knows, with the names, aliases, demonyms and places
/// that point to each, as data (`Resources/gazetteer.json`).
///
/// `ambiguousNames` and `ambiguousDemonyms` are strings that also mean
/// something else (Chad the first name, Jordan the surname, Georgia the US
/// state, Congolese of either Congo): extraction counts them only with
/// supporting evidence. Lookups fold case and accents.
public struct Gazetteer: Sendable {
    /// The gazetteer compiled into the binary.
    public static let bundled: Gazetteer = {
        do {
            return try Gazetteer(json: PackageResources.gazetteer_json)
        } catch {
            fatalError("the bundled gazetteer does not decode: \(error)")
        }
    }()

    /// Every country, in the order of the data.
    public let countries: [Country]

    /// What a phrase of the text can mean.
    enum Kind: UInt8, Sendable {
        case name, demonym, place, ambiguousName, ambiguousDemonym
        /// A phrase that is no country ("Indian Ocean"): it only hides the names inside it.
        case blocker
    }

    /// One entry of the phrase trie: everything a phrase can mean.
    struct Phrase: Sendable {
        var text: String
        var kind: Kind
        /// The countries it points to (several for an ambiguous demonym).
        var countries: [Int32]
        /// Written in capitals in the gazetteer ("UK", "DRC", "U.S."): only capitals match.
        var isAcronym: Bool
        /// Also an ordinary lower-case word ("turkey", "polish", "chad"): needs a capital in mixed-case text.
        var needsCapital: Bool
        /// Countries whose own name or alias contains this ambiguous name ("Congo" in
        /// "Democratic Republic of the Congo"): an ambiguous name may mean one of them.
        var containedIn: [Int32]
    }

    let phrases: [Phrase]
    let trie: PhraseTrie
    private let byCode: [String: Int]
    private let byName: [String: Int]

    /// Single words that are also common lower-case English words (from a word list):
    /// in mixed-case text they count only when capitalised.
    static let lowerCaseWords: Set<String> = [
        "afghan", "afghans", "liege", "chile", "china", "shanghai", "cologne", "french", "welsh", "wales", "guinea",
        "madras", "bologna", "jersey", "japan", "morocco", "tangier", "muscat", "polish", "soviet", "soviets", "mecca",
        "chad", "turkey", "pentagon", "reunion", "phoenix", "buffalo", "providence",
    ]

    /// Phrases that contain a country's name but are not about it.
    static let blockers: [String] = [
        "Indian Ocean", "Latin America", "South America", "North America", "Central America", "Latin American",
        "Latin Americans", "South American", "North American", "Central American", "West Indies", "West Indian",
        "West Indians", "American Indian", "American Indians", "Persian Gulf", "Gulf of Guinea", "guinea pig",
        "guinea pigs", "Dutch auction", "Brussels sprouts", "French fries", "Swiss cheese", "Georgia Tech",
        "Georgia Power", "Georgia-Pacific", "Georgia Gulf", "Turkish delight", "Russian roulette", "Panama hat",
        "Danish pastry", "German measles", "Chinese wall",
    ]

    private struct Entry: Decodable {
        var code: String
        var name: String
        var aliases: [String]?
        var demonyms: [String]?
        var places: [String]?
        var ambiguousNames: [String]?
        var ambiguousDemonyms: [String]?
    }

    private struct File: Decodable {
        var countries: [Entry]
    }

    /// Decodes gazetteer JSON: `{"countries": [{"code", "name", "aliases",
    /// "demonyms", "places", "ambiguousNames", "ambiguousDemonyms"}]}`.
    public init(json: [UInt8]) throws {
        let file = try JSONDecoder().decode(File.self, from: Data(json))
        countries = file.countries.map { Country(code: $0.code.uppercased(), name: $0.name) }

        var byCode: [String: Int] = [:]
        var byName: [String: Int] = [:]
        var ambiguousOwners: [String: Set<Int>] = [:]
        for (index, entry) in file.countries.enumerated() {
            byCode[entry.code.lowercased()] = index
            for text in [entry.name] + (entry.aliases ?? []) + (entry.demonyms ?? []) {
                let key = Gazetteer.key(text)
                if byName[key] == nil { byName[key] = index }
            }
            for text in entry.ambiguousNames ?? [] { ambiguousOwners[Gazetteer.key(text), default: []].insert(index) }
        }
        for (key, owners) in ambiguousOwners where owners.count == 1 && byName[key] == nil {
            byName[key] = owners.first!
        }
        self.byCode = byCode
        self.byName = byName

        // The phrase trie. An ambiguous entry wins over an unambiguous one for the
        // same string (Chad is TD's name and an ambiguous name).
        var phrases: [Phrase] = []
        var trie = PhraseTrie()
        func add(_ text: String, kind: Kind, country: Int32) {
            let symbols = PhraseTrie.symbols(of: text)
            guard !symbols.isEmpty else { return }
            let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
            let isAcronym = letters.count >= 2 && letters.allSatisfy { $0.properties.isUppercase }
            trie.insert(symbols) { existing in
                if existing < 0 {
                    phrases.append(
                        Phrase(
                            text: text, kind: kind, countries: country >= 0 ? [country] : [], isAcronym: isAcronym,
                            needsCapital: false, containedIn: []))
                    return Int32(phrases.count - 1)
                }
                var phrase = phrases[Int(existing)]
                phrase.isAcronym = phrase.isAcronym && isAcronym
                if kind == .blocker || phrase.kind == .blocker {
                    phrase.kind = .blocker
                    phrase.countries = []
                } else {
                    if country >= 0 && !phrase.countries.contains(country) { phrase.countries.append(country) }
                    if kind.rawValue > phrase.kind.rawValue { phrase.kind = kind }
                }
                phrases[Int(existing)] = phrase
                return existing
            }
        }
        for (index, entry) in file.countries.enumerated() {
            let country = Int32(index)
            for text in [entry.name] + (entry.aliases ?? []) { add(text, kind: .name, country: country) }
            for text in entry.demonyms ?? [] { add(text, kind: .demonym, country: country) }
            for text in entry.places ?? [] { add(text, kind: .place, country: country) }
            for text in entry.ambiguousNames ?? [] { add(text, kind: .ambiguousName, country: country) }
            for text in entry.ambiguousDemonyms ?? [] { add(text, kind: .ambiguousDemonym, country: country) }
        }
        for text in Gazetteer.blockers { add(text, kind: .blocker, country: -1) }

        // Which countries' names contain each ambiguous name.
        var nameSymbols: [(country: Int32, symbols: [UInt64])] = []
        for (index, entry) in file.countries.enumerated() {
            for text in [entry.name] + (entry.aliases ?? []) {
                nameSymbols.append((Int32(index), PhraseTrie.symbols(of: text)))
            }
        }
        for index in phrases.indices {
            let key = Gazetteer.key(phrases[index].text)
            if phrases[index].kind == .ambiguousName || phrases[index].kind == .ambiguousDemonym {
                phrases[index].needsCapital = true
            }
            if !key.contains(" ") && Gazetteer.lowerCaseWords.contains(key) { phrases[index].needsCapital = true }
            guard phrases[index].kind == .ambiguousName else { continue }
            let symbols = PhraseTrie.symbols(of: phrases[index].text)
            var containing: [Int32] = []
            for (country, name) in nameSymbols
            where !phrases[index].countries.contains(country) && !containing.contains(country)
                && name.count > symbols.count && Gazetteer.contains(name, symbols)
            {
                containing.append(country)
            }
            phrases[index].containedIn = containing
        }
        self.phrases = phrases
        self.trie = trie
    }

    private static func contains(_ haystack: [UInt64], _ needle: [UInt64]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<(start + needle.count)]) == needle
        {
            return true
        }
        return false
    }

    /// The comparison key of a name: folded tokens joined by spaces.
    static func key(_ text: String) -> String {
        let scanned = ScannedText(title: "", body: text)
        return scanned.tokens.indices.map { scanned.text($0) }.joined(separator: " ")
    }

    /// The country with this ISO alpha-2 code, in any case ("ml", "ML").
    public func country(code: String) -> Country? {
        byCode[code.lowercased()].map { countries[$0] }
    }

    /// The country a name, alias, demonym or code stands for, folding case and
    /// accents ("cote d'ivoire", "Ivory Coast", "Malian", "ml"). An ambiguous
    /// name counts when only one country has it ("Chad"); places do not count.
    public func country(named name: String) -> Country? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count == 2, let country = country(code: trimmed) { return country }
        return byName[Gazetteer.key(trimmed)].map { countries[$0] }
    }

    /// The index of a country in ``countries``.
    func index(code: String) -> Int? { byCode[code.lowercased()] }
}
