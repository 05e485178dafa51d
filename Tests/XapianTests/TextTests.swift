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
        #expect(try Stem(language: "none", cache: 10)("elections") == "elections")
        #expect(throws: XapianError.self) { try Stem(language: "klingon", cache: 10) }
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
