import NewsModel

/// A country found in a text, with how salient it is there.
public struct ScoredCountry: Sendable, Hashable {
    /// The country.
    public let country: Country
    /// Mentions weighted by kind (names and demonyms over places) and place (title,
    /// dateline, first paragraph); only comparable within one article.
    public let salience: Double
    /// How many mentions were counted.
    public let mentions: Int
}

/// The countries of one article.
public struct CountryExtraction: Sendable {
    /// The salient countries, most salient first.
    public let countries: [Country]
    /// The country the article is mainly about: the most salient.
    public let primary: Country?
    /// Every country found, most salient first, before the salience threshold.
    public let candidates: [ScoredCountry]
}

/// Finds the countries a text is about, with the gazetteer.
///
/// Matching folds case and accents, takes whole words and the longest phrase
/// ("Niger" is never found inside "Nigeria", "South Sudan" beats "Sudan").
/// False friends count only with support:
///
/// - an ambiguous name (Chad, Jordan, Georgia, Turkey, Guinea, Congo, ...) counts
///   if it is capitalised in mixed-case text, is not part of a person's name
///   ("Chad Smith", "Michael Jordan"), and either the same country is found
///   through an unambiguous name, demonym or place, or one of its mentions has a
///   country cue ("in", "of", "from", "president of", "Chad's army", a list of
///   countries). Georgia next to a US-state cue (Atlanta, "Ga.") needs
///   unambiguous support. An ambiguous name that is part of another country's
///   name ("Congo", "Guinea", "Korea") goes to that country when only it is
///   otherwise found.
/// - an ambiguous demonym (Congolese, Korean, Sudanese, ...) counts if exactly
///   one of its countries is otherwise found.
/// - words that are also lower-case English words (turkey, polish, china) need
///   a capital in mixed-case text; acronyms ("UK", "DRC") need capitals; a short
///   place written in capitals inside mixed-case text is an acronym ("GAO" is
///   not Gao).
///
/// In upper-case text (wire titles, datelines) case says nothing: the same
/// rules apply without the case tests.
///
/// A US state abbreviation right after a capitalised place and a comma ("EXTON,
/// Pa.", "Oak Brook, IL") is a US place, even where it is also a word ("Ill.").
///
/// Salience: each mention counts 1 for a name or demonym and 0.8 for a place,
/// times 3 in the title, 5 in a dateline, 1.25 in the first paragraph and 0.4
/// further on (a story's lead says what it is about), halved right after
/// "with", "to", "from", "like" (a partner: "ties with Russia"). A demonym
/// naming a currency ("Swiss franc") counts 0.3, and so does "Brussels" when the
/// EU or NATO is a subject (except in a dateline). Countries whose salience is
/// below `relativeThreshold` times the top one's are left out: wire services
/// label only the main countries of a story. The weights and the threshold were
/// tuned on Reuters-21578 (`tools/eval/countries.py`).
public struct CountryExtractor: Sendable {
    /// The names, demonyms and places matched.
    public let gazetteer: Gazetteer
    /// The fraction of the top country's salience a country needs to be kept.
    public var relativeThreshold: Double

    /// Creates an extractor; `relativeThreshold` was tuned on Reuters-21578.
    public init(gazetteer: Gazetteer = .bundled, relativeThreshold: Double = 0.35) {
        self.gazetteer = gazetteer
        self.relativeThreshold = relativeThreshold
    }

    /// The countries of an article, most salient first.
    public func extract(title: String, body: String) -> CountryExtraction {
        extract(ScannedText(title: title, body: body))
    }

    func extract(_ text: ScannedText) -> CountryExtraction {
        let candidates = score(text)
        guard let top = candidates.first else { return CountryExtraction(countries: [], primary: nil, candidates: []) }
        let kept = candidates.filter { $0.salience >= top.salience * relativeThreshold }.map(\.country)
        return CountryExtraction(countries: kept, primary: kept.first, candidates: candidates)
    }

    // MARK: - Matching

    private struct Match {
        var start: Int
        var end: Int
        var phrase: Int32
    }

    /// A mention that counts.
    struct Mention {
        var country: Int32
        var token: Int
        var weight: Double
        /// Right after "with", "to", "from", "like": a partner of the story's subject.
        var relational = false
    }

    private static func words(_ list: [String]) -> Set<UInt64> { Set(list.map { FNV1a.hash($0) }) }

    /// Words before a country name that make it a place ("in Chad", "president of Jordan").
    static let cueBefore = words([
        "in", "of", "to", "from", "into", "across", "throughout", "within", "against", "via", "toward", "towards",
        "inside", "outside", "visit", "visited", "visiting", "visits", "neighbouring", "neighboring", "including",
        "between", "invaded", "invade", "invasion", "northern", "southern", "eastern", "western", "central",
    ])
    /// Words after a country name that make it a country ("Chad's army", "Jordan President ...").
    static let cueAfter = words([
        "president", "presidential", "government", "army", "armed", "military", "troops", "forces", "soldiers",
        "foreign", "prime", "minister", "ministry", "ministers", "embassy", "ambassador", "capital", "border",
        "borders", "officials", "rebels", "authorities", "parliament", "leader", "leaders", "junta", "national",
        "radio", "television", "police", "security", "economy", "central", "citizens", "refugees", "election",
        "elections", "opposition", "ruling", "regime", "navy", "king", "queen", "cabinet", "state-run", "people",
        "said", "says", "has", "have", "had", "was", "is", "will", "would", "and", "or",
    ])
    /// Capitalised words that do not make the next word a surname ("In Chad", "Monday Jordan").
    static let notFirstNames = words([
        "the", "a", "an", "in", "of", "to", "from", "and", "or", "but", "for", "with", "on", "at", "by", "as", "while",
        "after", "before", "since", "when", "if", "meanwhile", "however", "both", "neighbouring", "neighboring",
        "northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "monday",
        "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "nato", "eu", "un", "us",
        "and", "ally", "allies", "neighbour", "neighbor", "that", "where", "said", "says", "across", "into",
    ])
    /// Prepositions that make a country the partner in a relation ("ties with Russia").
    static let relationalBefore = words(["with", "to", "from", "like", "toward", "towards"])
    /// Currencies named after their country's demonym.
    static let currencies = words([
        "dollar", "dollars", "dlr", "dlrs", "franc", "francs", "mark", "marks", "yen", "pound", "pounds", "sterling",
        "crown", "crowns", "krona", "kronor", "krone", "kroner", "peso", "pesos", "rupee", "rupees", "lira", "lire",
        "rand", "real", "reais", "riyal", "riyals", "rial", "rials", "dinar", "dinars", "shilling", "shillings",
        "escudo", "escudos", "guilder", "guilders", "schilling", "schillings", "drachma", "drachmas", "peseta",
        "pesetas", "rouble", "roubles", "ruble", "rubles", "yuan", "won", "baht", "ringgit", "rupiah", "currency",
    ])
    /// Cues that "Georgia" is the US state.
    static let usStateCues = words(["atlanta", "savannah", "macon", "augusta"])
    /// Cues that Brussels stands for the European Union or NATO.
    static let institutionCues = words(["eu", "eec", "nato", "ec"])
    static let europeanHash = FNV1a.hash("european")
    static let institutionNouns = words(["union", "commission", "community", "parliament", "council"])
    static let brusselsHash = FNV1a.hash("brussels")
    static let georgiaHash = FNV1a.hash("georgia")
    static let stateHash = FNV1a.hash("state")
    static let gaHash = FNV1a.hash("ga")
    static let andHash = FNV1a.hash("and")
    static let orHash = FNV1a.hash("or")
    static let ofHash = FNV1a.hash("of")
    static let uHash = FNV1a.hash("u")
    static let sHash = FNV1a.hash("s")

    /// Every country found, most salient first.
    func score(_ text: ScannedText) -> [ScoredCountry] {
        rank(mentions(text), in: text)
    }

    /// The mentions that count, in text order.
    func mentions(_ text: ScannedText) -> [Mention] {
        let tokens = text.tokens
        let phrases = gazetteer.phrases
        var matches: [Match] = []
        var stateAbbreviations: [Int] = []
        var index = 0
        while index < tokens.count {
            if let found = gazetteer.trie.longestMatch(in: tokens, at: index, key: { tokens[$0].hash }) {
                matches.append(Match(start: index, end: found.end, phrase: found.payload))
                index = found.end
            } else {
                if Self.usStateAbbreviations.contains(tokens[index].hash) && isStateAfterPlace(index, in: text) {
                    stateAbbreviations.append(index)
                }
                index += 1
            }
        }
        guard !matches.isEmpty || !stateAbbreviations.isEmpty else { return [] }

        var mentions: [Mention] = []
        var evidenced = Set<Int32>()
        if let unitedStates = gazetteer.index(code: "US") {
            for token in stateAbbreviations {
                mentions.append(Mention(country: Int32(unitedStates), token: token, weight: Self.placeWeight))
                evidenced.insert(Int32(unitedStates))
            }
        }
        var ambiguousNames: [Int] = []  // indices into matches
        var ambiguousDemonyms: [Int] = []
        var needSupport: [Int] = []  // short places in capitals
        let europeanContext = Self.isEuropeanContext(text)

        for (matchIndex, match) in matches.enumerated() {
            let phrase = phrases[Int(match.phrase)]
            if phrase.kind == .blocker { continue }
            let first = tokens[match.start]
            let caps = (match.start..<match.end).allSatisfy { tokens[$0].flags.contains(.capsContext) }
            let allUpper = (match.start..<match.end).allSatisfy {
                !tokens[$0].flags.contains(.letters) || tokens[$0].flags.contains(.allUpper)
            }
            var kind = phrase.kind
            if phrase.isAcronym {
                guard allUpper else { continue }
                // "US" in capitals inside mixed-case text is the country, not "us".
                if !caps && kind == .ambiguousName && phrase.text.count == 2 { kind = .name }
            } else if !caps {
                if allUpper && match.end - match.start == 1 && first.count <= 3 { continue }  // "GAO"
                if phrase.needsCapital && !first.flags.contains(.firstUpper) { continue }
            } else if kind == .place && match.end - match.start == 1 && first.count <= 4 {
                needSupport.append(matchIndex)  // "GAO", "PAKS" in a title in capitals
                continue
            }
            switch kind {
            case .name, .demonym, .place:
                let country = phrase.countries[0]
                var weight = kind == .place ? Self.placeWeight : 1.0
                if europeanContext && first.hash == Self.brusselsHash && !first.flags.contains(.dateline) {
                    weight = Self.minorWeight
                }
                if kind == .demonym && match.end < tokens.count && Self.currencies.contains(tokens[match.end].hash)
                    && tokens[match.end].gap.isDisjoint(with: .phraseBreak)
                {
                    weight = Self.minorWeight  // "Swiss franc", "Canadian dollar": the currency, not the country
                }
                mentions.append(Mention(country: country, token: match.start, weight: weight))
                evidenced.insert(country)
            case .ambiguousName: ambiguousNames.append(matchIndex)
            case .ambiguousDemonym: ambiguousDemonyms.append(matchIndex)
            case .blocker: break
            }
        }

        // Ambiguous names: a country cue, or support from unambiguous evidence.
        var countryEnds = Set<Int>()
        var countryStarts = Set<Int>()
        for mention in mentions { countryStarts.insert(mention.token) }
        for match in matches where phrases[Int(match.phrase)].kind != .blocker {
            countryEnds.insert(match.end - 1)
            countryStarts.insert(match.start)
        }
        let georgiaAsState = Self.hasUSStateCue(text)
        var accepted: [Int32: [Int]] = [:]  // country -> token starts
        var cued = Set<Int32>()
        var pending: [(country: Int32, token: Int)] = []
        for matchIndex in ambiguousNames {
            let match = matches[matchIndex]
            let phrase = phrases[Int(match.phrase)]
            if isPartOfPersonName(match, in: text) { continue }
            if match.end - match.start == 1 && tokens[match.start].hash == Self.georgiaHash
                && isUSStateOccurrence(match, in: text)
            {
                continue
            }
            let supported = phrase.countries.filter { evidenced.contains($0) }
            if supported.count == 1 {
                accepted[supported[0], default: []].append(match.start)
                continue
            }
            if supported.isEmpty {
                let containing = phrase.containedIn.filter { evidenced.contains($0) }
                if containing.count == 1 {
                    accepted[containing[0], default: []].append(match.start)
                    continue
                }
            }
            guard phrase.countries.count == 1 else { continue }
            let country = phrase.countries[0]
            if georgiaAsState && tokens[match.start].hash == Self.georgiaHash { continue }
            if hasCountryCue(match, in: text, countryStarts: countryStarts, countryEnds: countryEnds) {
                cued.insert(country)
            }
            pending.append((country, match.start))
        }
        for (country, token) in pending where cued.contains(country) {
            accepted[country, default: []].append(token)
        }
        for (country, starts) in accepted {
            evidenced.insert(country)
            for token in starts { mentions.append(Mention(country: country, token: token, weight: 1.0)) }
        }

        // Ambiguous demonyms: exactly one of their countries found otherwise.
        for matchIndex in ambiguousDemonyms {
            let match = matches[matchIndex]
            let supported = phrases[Int(match.phrase)].countries.filter { evidenced.contains($0) }
            if supported.count == 1 {
                mentions.append(Mention(country: supported[0], token: match.start, weight: 1.0))
            }
        }
        // Short places in capitals: only beside other evidence of the same country.
        for matchIndex in needSupport {
            let match = matches[matchIndex]
            let country = phrases[Int(match.phrase)].countries[0]
            if evidenced.contains(country) {
                mentions.append(Mention(country: country, token: match.start, weight: Self.placeWeight))
            }
        }
        for index in mentions.indices {
            let token = mentions[index].token
            if token > 0 && token != text.titleCount && Self.relationalBefore.contains(tokens[token - 1].hash)
                && tokens[token].gap.isDisjoint(with: .phraseBreak)
            {
                mentions[index].relational = true
            }
        }
        return mentions.sorted { $0.token < $1.token }
    }

    // Salience weights, tuned on Reuters-21578 (see the type's documentation).
    static let titleWeight = 3.0
    static let datelineWeight = 5.0
    static let leadWeight = 1.25
    static let otherWeight = 0.4
    static let relationalWeight = 0.5
    static let placeWeight = 0.8
    /// A currency named after a demonym; Brussels standing for the EU.
    static let minorWeight = 0.3

    private func rank(_ mentions: [Mention], in text: ScannedText) -> [ScoredCountry] {
        var scores: [Int32: (salience: Double, count: Int, first: Int)] = [:]
        for mention in mentions {
            let token = text.tokens[mention.token]
            var factor = Self.otherWeight
            if token.flags.contains(.title) {
                factor = Self.titleWeight
            } else if token.flags.contains(.dateline) {
                factor = Self.datelineWeight
            } else if token.paragraph == 0 {
                factor = Self.leadWeight
            }
            if mention.relational { factor *= Self.relationalWeight }
            let value = mention.weight * factor
            if let existing = scores[mention.country] {
                scores[mention.country] = (
                    existing.salience + value, existing.count + 1, min(existing.first, mention.token)
                )
            } else {
                scores[mention.country] = (value, 1, mention.token)
            }
        }
        let ordered = scores.sorted { lhs, rhs in
            if lhs.value.salience != rhs.value.salience { return lhs.value.salience > rhs.value.salience }
            return lhs.value.first < rhs.value.first
        }
        return ordered.map {
            ScoredCountry(
                country: gazetteer.countries[Int($0.key)], salience: $0.value.salience, mentions: $0.value.count)
        }
    }

    /// US state abbreviations that are also words or other countries' codes ("Pa.",
    /// "Ill.", "Mass", "IL"): they count only right after a place and a comma.
    static let usStateAbbreviations = words([
        "al", "ala", "ak", "az", "ar", "ark", "ca", "co", "ct", "de", "del", "dc", "fl", "ga", "hi", "id", "il",
        "ill", "in", "ind", "ia", "ks", "kan", "kans", "ky", "la", "me", "md", "ma", "mass", "mi", "mn", "ms", "miss",
        "mo", "mt", "mont", "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "ore", "pa", "penn",
        "ri", "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wash", "wv", "wi", "wy",
    ])

    /// "EXTON, Pa., March 26", "Oak Brook, IL": a state abbreviation after a capitalised
    /// place and a comma, written with a capital and followed by a full stop (or two
    /// capitals, or inside a dateline).
    private func isStateAfterPlace(_ index: Int, in text: ScannedText) -> Bool {
        let tokens = text.tokens
        let token = tokens[index]
        guard index > 0, index != text.titleCount, token.gap.contains(.comma),
            token.gap.subtracting([.comma, .space]).isEmpty
        else { return false }
        let previous = tokens[index - 1]
        guard previous.flags.contains(.letters),
            previous.flags.contains(.firstUpper) || previous.flags.contains(.allUpper)
        else { return false }
        guard token.flags.contains(.firstUpper) || token.flags.contains(.capsContext) else { return false }
        if token.flags.contains(.dateline) || token.flags.contains(.periodAfter) { return true }
        guard token.count == 2 && token.flags.contains(.allUpper) else { return false }
        if index + 1 >= tokens.count { return true }
        let next = tokens[index + 1].gap
        return !next.isDisjoint(with: [.comma, .dash, .bracket, .sentence, .paragraph, .period, .newline])
    }

    // MARK: - Evidence for ambiguous names

    /// "Chad Smith", "Michael Jordan", "Air Jordan": a capitalised word right before
    /// or after, in mixed-case text, that is not a country cue.
    private func isPartOfPersonName(_ match: Match, in text: ScannedText) -> Bool {
        let tokens = text.tokens
        let first = tokens[match.start]
        if first.flags.contains(.capsContext) { return false }
        if match.end < tokens.count && !first.flags.contains(.possessive) {
            let next = tokens[match.end]
            let gap = next.gap.subtracting([.space, .hyphen])
            if gap.isEmpty && next.flags.contains(.firstUpper) && !next.flags.contains(.allUpper)
                && !Self.cueAfter.contains(next.hash) && !Self.notFirstNames.contains(next.hash)
                && !next.flags.contains(.capsContext)
            {
                return true
            }
        }
        if match.start > 0 && match.start != text.titleCount {
            let previous = tokens[match.start - 1]
            let gap = first.gap.subtracting([.space])
            if gap.isEmpty && previous.flags.contains(.firstUpper) && !previous.flags.contains(.allUpper)
                && previous.sentence == first.sentence && !Self.notFirstNames.contains(previous.hash)
                && !Self.cueBefore.contains(previous.hash)
            {
                // The first word of a sentence is capitalised anyway.
                let sentenceStart = match.start - 1 == 0 || tokens[match.start - 2].sentence != previous.sentence
                if !sentenceStart { return true }
            }
        }
        return false
    }

    /// A country cue next to an ambiguous name.
    private func hasCountryCue(_ match: Match, in text: ScannedText, countryStarts: Set<Int>, countryEnds: Set<Int>)
        -> Bool
    {
        let tokens = text.tokens
        let first = tokens[match.start]
        if match.start > 0 && first.gap.isDisjoint(with: .phraseBreak) {
            let previous = tokens[match.start - 1]
            if Self.cueBefore.contains(previous.hash) { return true }
            // A list of countries: "Niger, Chad and Mali".
            if first.gap.contains(.comma) && countryEnds.contains(match.start - 1) { return true }
            if (previous.hash == Self.andHash || previous.hash == Self.orHash) && match.start >= 2
                && countryEnds.contains(match.start - 2) && previous.gap.isDisjoint(with: .phraseBreak)
            {
                return true
            }
        }
        if match.end < tokens.count {
            let next = tokens[match.end]
            if next.gap.isDisjoint(with: .phraseBreak) && !next.gap.contains(.comma) {
                let institution =
                    Self.cueAfter.contains(next.hash) && next.hash != Self.andHash && next.hash != Self.orHash
                if institution
                    && (first.flags.contains(.possessive) || tokens[match.end - 1].flags.contains(.possessive)
                        || next.flags.contains(.firstUpper) || first.flags.contains(.capsContext))
                {
                    return true
                }
            }
            if next.gap.contains(.comma) && countryStarts.contains(match.end) { return true }
            if (next.hash == Self.andHash || next.hash == Self.orHash) && countryStarts.contains(match.end + 1) {
                return true
            }
        }
        return false
    }

    /// "state of Georgia", "Georgia state": this mention is the US state.
    private func isUSStateOccurrence(_ match: Match, in text: ScannedText) -> Bool {
        let tokens = text.tokens
        if match.start >= 2 && tokens[match.start - 1].hash == Self.ofHash
            && tokens[match.start - 2].hash == Self.stateHash
        {
            return true
        }
        if match.end < tokens.count && tokens[match.end].hash == Self.stateHash { return true }
        return false
    }

    /// Atlanta, Savannah, "Ga.", "U.S. state": Georgia is likely the US state.
    static func hasUSStateCue(_ text: ScannedText) -> Bool {
        let tokens = text.tokens
        for (index, token) in tokens.enumerated() {
            if usStateCues.contains(token.hash) && token.flags.contains(.firstUpper) { return true }
            if token.hash == gaHash && token.flags.contains(.periodAfter) && token.flags.contains(.firstUpper) {
                return true
            }
            if token.hash == stateHash && index >= 2 && tokens[index - 1].hash == sHash
                && tokens[index - 2].hash == uHash
            {
                return true
            }
        }
        return false
    }

    /// The European Union or NATO is a subject: "Brussels" probably stands for it.
    static func isEuropeanContext(_ text: ScannedText) -> Bool {
        let tokens = text.tokens
        for (index, token) in tokens.enumerated() {
            if institutionCues.contains(token.hash) && token.flags.contains(.allUpper) { return true }
            if token.hash == europeanHash && index + 1 < tokens.count
                && institutionNouns.contains(tokens[index + 1].hash)
            {
                return true
            }
        }
        return false
    }
}
