import Testing

@testable import NewsEnrich

@Suite("Text scanning")
struct TextScannerTests {
    func words(_ text: String) -> [String] {
        let scanned = ScannedText(title: "", body: text)
        return scanned.tokens.indices.map { scanned.text($0) }
    }

    @Test(
        "case, accents and apostrophes fold",
        arguments: [
            ("Kaboré", "Kabore"), ("KABORÉ", "kabore"), ("Côte d’Ivoire", "cote d'ivoire"), ("Łódź", "Lodz"),
            ("Straße", "strasse"), ("Ærø", "aero"), ("Curac\u{0327}ao", "Curaçao"), ("São Tomé", "SAO TOME"),
        ])
    func folding(text: String, same: String) {
        #expect(words(text) == words(same))
    }

    @Test("possessives are dropped and flagged; inner apostrophes stay")
    func possessives() {
        let scanned = ScannedText(title: "", body: "Burkina Faso’s’ army, ECOWAS’ demands, N'Djamena")
        #expect(
            scanned.tokens.indices.map { scanned.text($0) } == [
                "burkina", "faso", "army", "ecowas", "demands", "n'djamena",
            ])
        #expect(scanned.tokens[1].flags.contains(.possessive))
        #expect(scanned.tokens[3].flags.contains(.possessive))
    }

    @Test("numbers, ordinals and case flags")
    func flags() {
        let scanned = ScannedText(title: "", body: "On the 24th, 2022 ECOWAS met Mali")
        let tokens = scanned.tokens
        #expect(tokens[2].number == 24 && tokens[2].flags.contains(.ordinal))
        #expect(tokens[3].number == 2022 && tokens[3].flags.contains(.digits))
        #expect(tokens[4].flags.contains(.allUpper))
        #expect(tokens[6].flags.contains(.firstUpper) && !tokens[6].flags.contains(.allUpper))
    }

    @Test("sentences end at a full stop, not after an abbreviation or initial")
    func sentences() {
        let scanned = ScannedText(title: "", body: "He met Gen. Smith in the U.S. on Monday. Then he left.")
        let sentences = scanned.tokens.map(\.sentence)
        #expect(Set(sentences.prefix(10)).count == 1)
        #expect(sentences[10] == sentences[0] + 1)
    }

    @Test("paragraphs: blank lines, and indented lines as on the wire")
    func paragraphs() {
        let blank = ScannedText(title: "", body: "One two\nthree\n\nFour")
        #expect(blank.tokens.map(\.paragraph) == [0, 0, 0, 1])
        let wire = ScannedText(title: "", body: "One two\nthree.\n    Four")
        #expect(wire.tokens.map(\.paragraph) == [0, 0, 0, 1])
    }

    @Test("capitals: titles and datelines in capitals are a capitals context")
    func capitals() {
        let scanned = ScannedText(title: "JAPAN TRADE SURPLUS WIDENS", body: "TOKYO, March 3 - The GAO said so.")
        #expect(scanned.tokens.prefix(4).allSatisfy { $0.flags.contains(.capsContext) })
        let tokyo = scanned.tokens[4]
        #expect(tokyo.flags.contains(.dateline) && tokyo.flags.contains(.capsContext))
        let gao = scanned.tokens[8]
        #expect(scanned.text(8) == "gao" && !gao.flags.contains(.capsContext) && !gao.flags.contains(.dateline))
    }
}
