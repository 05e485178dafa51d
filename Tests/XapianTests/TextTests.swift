import Foundation
import TestSupport
import Testing
import Xapian

@Suite("Stem, Stopper and TermGenerator")
struct TextTests {
    @Test(
        "English stems",
        arguments: [("sanctions", "sanction"), ("elections", "elect"), ("running", "run"), ("Mali", "Mali")])
    func stems(word: String, stem: String) throws {
        #expect(try Stem(language: "english")(word) == stem)
    }

    @Test("a cached stemmer gives the plain stemmer's stems, past its capacity too")
    func cachedStems() throws {
        let plain = try Stem(language: "english")
        let cached = try Stem(language: "english", cache: 3)
        let words = [
            "sanctions", "elections", "running", "Mali", "coups", "sanctions", "armies", "running", "élections",
        ]
        for word in words + words {
            #expect(try cached(word) == plain(word), "\(word)")
        }
        // More words than the table of recent short words has entries, so
        // that words share entries, and words longer than its entries.
        let many = (0..<10_000).map { "\(["run", "sanction", "army", "elect"][$0 % 4])\($0)ings" }
        let long = ["internationalisationsofsanctionings", String(repeating: "counterinsurgencies", count: 3)]
        for capacity in [100_000, 5_000] {
            let big = try Stem(language: "english", cache: capacity)
            var differing: [String] = []
            for word in many + long + many.reversed() + long where try big(word) != plain(word) {
                differing.append(word)
            }
            let count = differing.count
            #expect(count == 0, "capacity \(capacity): \(differing.prefix(5))")
        }
        #expect(try Stem(language: "none", cache: 10)("elections") == "elections")
        #expect(throws: XapianError.self) { try Stem(language: "klingon", cache: 10) }
    }

    /// The texts of the bundled sample archive (corpus/).
    static func corpusTexts() throws -> [String] {
        let corpus = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus")
        return try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
            .sorted { $0.path < $1.path }
            .map { try String(contentsOf: $0, encoding: .utf8) }
    }

    /// Distinct words as Xapian's term generator cuts them (so as a
    /// snippet sees them): the bundled corpus, and words made to meet
    /// Porter2's rules (suffixes, "y" to "i", short words, exceptions).
    static func vocabulary() throws -> [String] {
        var text = try corpusTexts().joined(separator: " ")
        let roots = [
            "sanction", "elect", "army", "run", "happy", "cry", "generous", "commun", "general", "arsen", "news",
            "sky", "ski", "die", "lie", "tie", "dy", "ly", "ty", "ugly", "early", "only", "idly", "gently", "singly",
            "a", "o", "u", "y", "é", "ñu", "kaboré", "youth", "bias", "atlas", "cosmos", "andes", "howe", "agree",
            "feed", "hop", "hope", "fail", "fizz", "luxury", "cement", "relate", "condition", "activ", "nation",
        ]
        let suffixes = [
            "", "s", "es", "ies", "ied", "ing", "ings", "ed", "eed", "eedly", "ly", "ness", "ment", "ation",
            "ational", "izer", "'s", "s'", "'s'", "fulness", "ousli", "y", "e", "ful", "ive", "ize", "ible", "ent",
        ]
        for root in roots { for suffix in suffixes { text += " \(root)\(suffix)" } }
        let generator = try TermGenerator()
        let document = try Document()
        try generator.setDocument(document)
        try generator.indexText(text)
        return try document.terms().map(\.term)
    }

    @Test("a restricted stemmer stems every word whose stem is one it was given, and leaves most others unstemmed")
    func restrictedStems() throws {
        let words = try Self.vocabulary()
        #expect(words.count > 2_000)
        let plain = try Stem(language: "english")
        for base in [plain, try Stem(language: "en", cache: 100)] {
            var missed: [String] = []
            for word in words {
                let stem = try plain(word)
                if try base.restricted(to: [stem, "zzz"])(word) != stem { missed.append(word) }
            }
            let count = missed.count
            #expect(count == 0, "\(missed.prefix(10))")
        }
        // With a query's stems, the other words come back empty (or stemmed).
        let stems = ["sanction", "elect", "die", "u"]
        let restricted = try plain.restricted(to: stems)
        var skipped = 0
        for word in words {
            let stem = try plain(word)
            let given = try restricted(word)
            #expect(given == stem || (given.isEmpty && !stems.contains(stem)), "\(word)")
            if given.isEmpty { skipped += 1 }
        }
        #expect(skipped > words.count * 9 / 10, "\(skipped) of \(words.count)")
        #expect(try restricted("dying") == "die")
        #expect(try restricted("army") == "")
        #expect(try restricted("us") == "us")  // a one-byte stem: words beginning with its byte
        #expect(try plain.restricted(to: [])("sanctions") == "")
        // Other languages' stems may begin otherwise: every word is stemmed.
        let french = try Stem(language: "french")
        #expect(try french.restricted(to: ["xyz"])("élections") == french("élections"))
    }

    @Test("languages are listed and codes accepted")
    func languages() throws {
        let languages = try Stem.availableLanguages()
        #expect(languages.contains("english"))
        #expect(languages.contains("french"))
        #expect(try Stem(language: "fr")("élections") == "élect")
        #expect(try Stem(language: "none")("elections") == "elections")
    }

    @Test("stoppers know their words")
    func stopper() throws {
        let stopper = try Stopper(words: ["the", "of"])
        #expect(try stopper.contains("the"))
        #expect(try !stopper.contains("mali"))
        try stopper.add("and")
        #expect(try stopper.contains("and"))
    }

    func terms(_ configure: (TermGenerator) throws -> Void, _ text: String, prefix: String = "") throws -> [String] {
        let generator = try TermGenerator()
        let document = try Document()
        try generator.setDocument(document)
        try configure(generator)
        try generator.indexText(text, prefix: prefix)
        return try document.terms().map(\.term)
    }

    @Test("stemming strategies decide which terms are added")
    func strategies() throws {
        let stem = try Stem(language: "english")
        #expect(
            try terms({ try $0.setStemmer(stem) }, "Sanctions imposed") == [
                "Zimpos", "Zsanction", "imposed", "sanctions",
            ])
        #expect(
            try terms(
                {
                    try $0.setStemmer(stem)
                    try $0.setStemmingStrategy(.all)
                }, "Sanctions imposed") == ["impos", "sanction"])
        #expect(
            try terms(
                {
                    try $0.setStemmer(stem)
                    try $0.setStemmingStrategy(.none)
                }, "Sanctions") == ["sanctions"])
    }

    @Test("prefixes and weights")
    func prefixAndWeight() throws {
        let generator = try TermGenerator()
        let document = try Document()
        try generator.setDocument(document)
        try generator.indexText("Coup coup", weight: 5, prefix: "S")
        #expect(try document.terms() == [TermListItem(term: "Scoup", frequency: 10)])
    }

    @Test("stop words are left out with the .all strategy")
    func stopWords() throws {
        let stopper = try Stopper(words: ["the", "of"])
        let found = try terms(
            {
                try $0.setStopper(stopper)
                try $0.setStopperStrategy(.all)
            }, "the army of Mali")
        #expect(found == ["army", "mali"])
    }

    @Test("Xapian does not fold accents: callers must")
    func accents() throws {
        #expect(try terms({ _ in }, "Kaboré") == ["kaboré"])
    }

    @Test("positions advance and gaps can be left between fields")
    func positions() throws {
        let generator = try TermGenerator()
        try generator.setDocument(Document())
        try generator.indexText("one two three")
        #expect(try generator.termPosition() == 3)
        try generator.increaseTermPosition(by: 100)
        #expect(try generator.termPosition() == 103)
        try generator.setTermPosition(7)
        #expect(try generator.termPosition() == 7)
        try generator.indexTextWithoutPositions("four")
        #expect(try generator.termPosition() == 7, "text without positions takes no positions")
    }

    @Test("words longer than the maximum are skipped")
    func maxWordLength() throws {
        #expect(try terms({ try $0.setMaxWordLength(5) }, "short longerword") == ["short"])
    }

    @Test("the spelling flag writes spelling data to the database")
    func spellingFlag() throws {
        let dir = TemporaryDirectory()
        let writer = try spellingDatabase(at: dir.path("db"), text: "Ouagadougou Ouagadougou Bamako")
        #expect(try writer.spellingSuggestion(for: "ouagadugu") == "ouagadougou")
    }
}
