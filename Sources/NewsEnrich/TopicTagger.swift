import Foundation
import NewsModel

/// The topic lexicon: per topic, the words and phrases that are evidence for it,
/// kept as data (`Resources/topics.json`).
///
/// ```json
/// {"version": 1, "minimumHits": 2, "wordsPerHit": 250, "minimumShare": 0.15, "topics": [
///   {"id": "coup", "label": "Coup and mutiny",
///    "terms": ["coup", "mutiny", "seize power"],
///    "contextTerms": ["junta", "takeover"], "cues": ["military", "army"]}]}
/// ```
///
/// Terms match word forms: both sides are folded (case, accents) and reduced by a
/// light English stemmer ("mutinies", "mutinying" match "mutiny"). `contextTerms`
/// count only when one of the topic's `cues` is also in the article.
public struct TopicLexicon: Sendable {
    /// The lexicon compiled into the binary.
    public static let bundled: TopicLexicon = {
        do {
            return try TopicLexicon(json: PackageResources.topics_json)
        } catch {
            fatalError("the bundled topic lexicon does not decode: \(error)")
        }
    }()

    /// One topic of the lexicon.
    public struct Topic: Sendable, Hashable, Codable {
        /// The tag put on articles ("coup").
        public let id: String
        /// What people read ("Coup and mutiny").
        public let label: String
        /// Words and phrases that are evidence for the topic.
        public let terms: [String]
        /// Evidence only when one of ``cues`` is also in the article ("takeover" needs "army").
        public let contextTerms: [String]
        /// Words that make ``contextTerms`` count; not evidence by themselves.
        public let cues: [String]
        /// Hits needed when none is in the title (default: the lexicon's).
        public let minimumHits: Int?

        private enum CodingKeys: String, CodingKey {
            case id, label, terms, contextTerms, cues, minimumHits
        }

        /// Decodes a topic; `label`, `terms`, `contextTerms`, `cues` and `minimumHits` may be left out.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            label = try container.decodeIfPresent(String.self, forKey: .label) ?? id
            terms = try container.decodeIfPresent([String].self, forKey: .terms) ?? []
            contextTerms = try container.decodeIfPresent([String].self, forKey: .contextTerms) ?? []
            cues = try container.decodeIfPresent([String].self, forKey: .cues) ?? []
            minimumHits = try container.decodeIfPresent(Int.self, forKey: .minimumHits)
        }
    }

    private struct File: Decodable {
        var minimumHits: Int?
        var wordsPerHit: Int?
        var minimumShare: Double?
        var topics: [Topic]
    }

    /// The topics, in the order of the data.
    public let entries: [Topic]
    /// Hits needed to tag an article when no term is in its title.
    public let minimumHits: Int
    /// In a long article, one hit per this many words is needed.
    public let wordsPerHit: Int
    /// The fraction of the best topic's hits another topic needs.
    public let minimumShare: Double

    /// What a phrase of the trie stands for.
    struct Target: Sendable {
        var topic: Int
        /// 0: a term, 1: a context term, 2: a cue.
        var role: UInt8
    }

    let trie: PhraseTrie
    let targets: [[Target]]

    /// Topic ids, in the order of the data.
    public var topics: [String] { entries.map(\.id) }

    /// Decodes a lexicon (see the type's documentation for the schema).
    public init(json: [UInt8]) throws {
        let file = try JSONDecoder().decode(File.self, from: Data(json))
        entries = file.topics
        minimumHits = file.minimumHits ?? 2
        wordsPerHit = max(1, file.wordsPerHit ?? 250)
        minimumShare = file.minimumShare ?? 0.15
        var trie = PhraseTrie()
        var targets: [[Target]] = []
        for (index, topic) in file.topics.enumerated() {
            let groups: [(terms: [String], role: UInt8)] = [(topic.terms, 0), (topic.contextTerms, 1), (topic.cues, 2)]
            for (terms, role) in groups {
                for term in terms {
                    let symbols = TopicLexicon.stemSymbols(of: term)
                    guard !symbols.isEmpty else { continue }
                    trie.insert(symbols) { existing in
                        if existing >= 0 {
                            if !targets[Int(existing)].contains(where: { $0.topic == index && $0.role == role }) {
                                targets[Int(existing)].append(Target(topic: index, role: role))
                            }
                            return existing
                        }
                        targets.append([Target(topic: index, role: role)])
                        return Int32(targets.count - 1)
                    }
                }
            }
        }
        self.trie = trie
        self.targets = targets
    }

    /// The stemmed symbols of a phrase.
    static func stemSymbols(of text: String) -> [UInt64] {
        let scanned = ScannedText(title: "", body: text)
        var symbols: [UInt64] = []
        for (index, token) in scanned.tokens.enumerated() {
            if index > 0 && token.gap.contains(.comma) { symbols.append(PhraseTrie.comma) }
            symbols.append(Stemmer.stemHash(scanned.folded, Int(token.start), Int(token.count)))
        }
        return symbols
    }
}

/// A light English stemmer on folded words: plural "-s"/"-es"/"-ies", "-ed",
/// "-ing", a final "e" and doubled final consonants go ("mutinies" → "mutiny",
/// "protesting" → "protest", "voted" and "vote" → "vot").
enum Stemmer {
    @inline(__always)
    private static func isVowel(_ byte: UInt8) -> Bool {
        byte == 0x61 || byte == 0x65 || byte == 0x69 || byte == 0x6f || byte == 0x75 || byte == 0x79
    }

    /// The stem's hash of the word at `start..<start+count` of `bytes`.
    static func stemHash(_ bytes: [UInt8], _ start: Int, _ count: Int) -> UInt64 {
        var end = start + count
        for index in start..<end where bytes[index] < 0x61 || bytes[index] > 0x7a {
            return FNV1a.hash(bytes[start..<end])  // digits, apostrophes, other scripts: as is
        }
        @inline(__always)
        func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard end - start > length else { return false }
            let pointer = suffix.utf8Start
            for offset in 0..<length where bytes[end - length + offset] != pointer[offset] { return false }
            return true
        }
        func hasVowel(_ limit: Int) -> Bool {
            for index in start..<limit where isVowel(bytes[index]) { return true }
            return false
        }
        func undouble() {
            let last = bytes[end - 1]
            if end - start >= 3 && last == bytes[end - 2] && !isVowel(last) && last != 0x6c && last != 0x73
                && last != 0x7a
            {
                end -= 1
            }
        }
        var appendY = false
        if count > 3 {
            if ends("ies") && count > 4 {
                end -= 3
                appendY = true
            } else if ends("sses") {
                end -= 2
            } else if ends("s") && !ends("ss") && !ends("us") && !ends("is") {
                end -= 1
            }
            if !appendY {
                if ends("ing") && end - 3 - start >= 3 && hasVowel(end - 3) {
                    end -= 3
                    undouble()
                } else if ends("ed") && end - 2 - start >= 3 && hasVowel(end - 2) {
                    end -= 2
                    if bytes[end - 1] == 0x69 {
                        end -= 1
                        appendY = true
                    } else {
                        undouble()
                    }
                }
            }
            if !appendY && end - start > 3 && bytes[end - 1] == 0x65 { end -= 1 }
        }
        var hash = FNV1a.offset
        for index in start..<end { hash = FNV1a.add(hash, bytes[index]) }
        if appendY { hash = FNV1a.add(hash, 0x79) }
        return hash
    }
}

/// Tags articles with topics of the lexicon.
///
/// A topic is tagged when one of its terms is in the title, or its terms occur
/// often enough: at least `minimumHits` times (the topic's own or the
/// lexicon's), at least once every `wordsPerHit` words, and at least
/// `minimumShare` times as often as the best topic's (context terms count only
/// with a cue). A passing mention does not tag. Topics come most supported first.
public struct TopicTagger: Sendable {
    /// The topics and their evidence.
    public let lexicon: TopicLexicon

    /// A tagger with the bundled lexicon unless another is given.
    public init(lexicon: TopicLexicon = .bundled) {
        self.lexicon = lexicon
    }

    /// The topic ids of an article, most supported first.
    public func topics(title: String, body: String) -> [String] {
        topics(ScannedText(title: title, body: body))
    }

    func topics(_ text: ScannedText) -> [String] {
        evidence(text).filter(\.tagged).map { lexicon.entries[$0.topic].id }
    }

    /// The evidence for each topic with any: hits (context terms only when cued), hits in
    /// the title, and whether that is enough to tag; most supported first.
    func evidence(_ text: ScannedText) -> [(topic: Int, hits: Int, titleHits: Int, tagged: Bool)] {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return [] }
        var stems = [UInt64](repeating: 0, count: tokens.count)
        for (index, token) in tokens.enumerated() {
            stems[index] = Stemmer.stemHash(text.folded, Int(token.start), Int(token.count))
        }
        let count = lexicon.entries.count
        var hits = [Int](repeating: 0, count: count)
        var titleHits = [Int](repeating: 0, count: count)
        var contextHits = [Int](repeating: 0, count: count)
        var contextTitleHits = [Int](repeating: 0, count: count)
        var cued = [Bool](repeating: false, count: count)
        var index = 0
        while index < tokens.count {
            guard let found = lexicon.trie.longestMatch(in: tokens, at: index, key: { stems[$0] }) else {
                index += 1
                continue
            }
            let inTitle = tokens[index].flags.contains(.title)
            let targetsHere = lexicon.targets[Int(found.payload)]
            for target in targetsHere {
                // A term that is also a context term of the same topic counts once, as a term.
                if target.role == 1 && targetsHere.contains(where: { $0.topic == target.topic && $0.role == 0 }) {
                    continue
                }
                switch target.role {
                case 0:
                    hits[target.topic] += 1
                    if inTitle { titleHits[target.topic] += 1 }
                case 1:
                    contextHits[target.topic] += 1
                    if inTitle { contextTitleHits[target.topic] += 1 }
                default:
                    cued[target.topic] = true
                }
            }
            index = found.end
        }
        var found: [(topic: Int, hits: Int, titleHits: Int, tagged: Bool)] = []
        for topic in 0..<count {
            var total = hits[topic]
            var inTitle = titleHits[topic]
            if cued[topic] {
                total += contextHits[topic]
                inTitle += contextTitleHits[topic]
            }
            guard total > 0 else { continue }
            found.append((topic, total, inTitle, false))
        }
        // Enough hits: the topic's minimum, one per `wordsPerHit` words of a long article,
        // and a share of the best topic's hits; or a hit in the title.
        let words = tokens.reduce(0) { $0 + ($1.flags.contains(.letters) ? 1 : 0) }
        let best = found.map(\.hits).max() ?? 0
        for index in found.indices {
            let entry = found[index]
            let minimum = lexicon.entries[entry.topic].minimumHits ?? lexicon.minimumHits
            let needed = max(minimum, (words + lexicon.wordsPerHit - 1) / lexicon.wordsPerHit)
            let enough = entry.hits >= needed && Double(entry.hits) >= lexicon.minimumShare * Double(best)
            found[index].tagged = entry.titleHits > 0 || enough
        }
        func score(_ entry: (topic: Int, hits: Int, titleHits: Int, tagged: Bool)) -> Int {
            entry.hits + 2 * entry.titleHits
        }
        found.sort { score($0) != score($1) ? score($0) > score($1) : $0.topic < $1.topic }
        return found
    }
}
