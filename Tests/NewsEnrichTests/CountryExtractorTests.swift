import NewsEnrich
import Testing

/// A text, the countries that must be found and those that must not.
struct CountryCase: CustomTestStringConvertible, Sendable {
    let title: String
    let body: String
    let found: [String]
    let absent: [String]
    let note: String

    init(_ note: String, title: String = "", _ body: String, found: [String] = [], absent: [String] = []) {
        self.note = note
        self.title = title
        self.body = body
        self.found = found
        self.absent = absent
    }

    var testDescription: String { note }
}

@Suite("Country extraction")
struct CountryExtractorTests {
    let extractor = CountryExtractor()

    /// Every country found, whatever its salience.
    func all(_ item: CountryCase) -> Set<String> {
        Set(extractor.extract(title: item.title, body: item.body).candidates.map(\.country.code))
    }

    static let falseFriendCases: [CountryCase] = [
        CountryCase(
            "Niger is not found inside Nigeria", "Nigeria's army said troops in Lagos were on alert.",
            found: ["NG"], absent: ["NE"]),
        CountryCase(
            "Niger on its own", "Soldiers in Niger detained the president in Niamey.", found: ["NE"],
            absent: ["NG"]),
        CountryCase("Nigerien and Nigerian", "Nigerien officials met Nigerian envoys.", found: ["NE", "NG"]),
        CountryCase(
            "Niger Delta is Nigeria", "Militants attacked a pipeline in the Niger Delta.", found: ["NG"],
            absent: ["NE"]),
        CountryCase("Chad the first name", "Chad Smith, the drummer, said the tour would go on.", absent: ["TD"]),
        CountryCase("Chad the country, with a cue", "Rebels advanced in Chad on Sunday.", found: ["TD"]),
        CountryCase("Chad's president", "Chad's President Idriss Deby died on the battlefield.", found: ["TD"]),
        CountryCase(
            "Chad with unambiguous support", "Chad said the attack near N'Djamena was repelled.",
            found: ["TD"]),
        CountryCase(
            "lower-case chad never counts", "A hanging chad in Florida decided the recount.",
            absent: ["TD"]),
        CountryCase(
            "Jordan the basketball player", "Michael Jordan scored 40 points for the Bulls.",
            absent: ["JO"]),
        CountryCase("Jordan followed by a surname", "Jordan Peterson gave a lecture.", absent: ["JO"]),
        CountryCase("Jordan the kingdom", "King Abdullah of Jordan met officials in Amman.", found: ["JO"]),
        CountryCase("Georgia the US state", "Voters in Georgia lined up in Atlanta and Savannah.", absent: ["GE"]),
        CountryCase(
            "the state of Georgia", "The governor of the state of Georgia signed the bill.",
            absent: ["GE"]),
        CountryCase(
            "Georgia the country", "Protesters in Tbilisi demanded that Georgia join the EU.",
            found: ["GE"]),
        CountryCase("turkey the bird", "Families roasted a turkey for Thanksgiving dinner.", absent: ["TR"]),
        CountryCase("Turkey the country", "Turkey's parliament in Ankara approved the bill.", found: ["TR"]),
        CountryCase(
            "Guinea-Bissau beats Guinea", "Soldiers in Guinea-Bissau fired shots.", found: ["GW"],
            absent: ["GN"]),
        CountryCase(
            "Equatorial Guinea beats Guinea", "Equatorial Guinea held elections.", found: ["GQ"],
            absent: ["GN"]),
        CountryCase(
            "Papua New Guinea beats Guinea", "Papua New Guinea signed a pact.", found: ["PG"],
            absent: ["GN"]),
        CountryCase("Guinea with a cue", "The army seized power in Guinea last September.", found: ["GN"]),
        CountryCase("guinea pigs", "Guinea pigs were used in the trial.", absent: ["GN"]),
        CountryCase(
            "Democratic Republic of Congo", "Fighting in the Democratic Republic of Congo spread.",
            found: ["CD"], absent: ["CG"]),
        CountryCase("DRC", "The DRC army retook Goma.", found: ["CD"], absent: ["CG"]),
        CountryCase(
            "Republic of Congo", "The Republic of Congo exports oil from Pointe-Noire.", found: ["CG"],
            absent: ["CD"]),
        CountryCase(
            "Congo beside Kinshasa is the DRC", "In Kinshasa, Congo's president spoke to the army.",
            found: ["CD"], absent: ["CG"]),
        CountryCase(
            "Congolese needs one Congo", "Congolese troops moved towards Goma.", found: ["CD"],
            absent: ["CG"]),
        CountryCase("Congolese alone decides nothing", "Congolese music filled the hall.", absent: ["CD", "CG"]),
        CountryCase("Korean with Seoul", "Korean exporters in Seoul cheered.", found: ["KR"], absent: ["KP"]),
        CountryCase(
            "Sudanese with Khartoum", "Sudanese soldiers patrolled Khartoum.", found: ["SD"],
            absent: ["SS"]),
        CountryCase(
            "South Sudan beats Sudan", "South Sudan's capital Juba was calm.", found: ["SS"],
            absent: ["SD"]),
        CountryCase("Indian Ocean is not India", "Ships were seized in the Indian Ocean.", absent: ["IN"]),
        CountryCase("GAO is not Gao", "The GAO said in a report that costs rose.", absent: ["ML"]),
        CountryCase("Gao the town", "Jihadists attacked Gao, in northern Mali.", found: ["ML"]),
        CountryCase(
            "GAO in a title in capitals", title: "GAO SAYS PENTAGON OVERSPENT",
            "The General Accounting Office said spending rose.", absent: ["ML"]),
        CountryCase("US in capitals", "US troops landed.", found: ["US"]),
        CountryCase("us the pronoun", "Let us know what you think.", absent: ["US"]),
        CountryCase("Latin America is not America", "Growth slowed across Latin America.", absent: ["US"]),
        CountryCase(
            "New Jersey is not Jersey", "Voters in New Jersey went to the polls.", found: ["US"],
            absent: ["JE"]),
        CountryCase(
            "a state abbreviation after a place", "EXTON, Pa., March 26 - Foote Mineral said it merged.",
            found: ["US"]),
        CountryCase("ill is not Illinois", "He fell ill. Doctors said he would recover.", absent: ["US"]),
    ]

    @Test("false friends", arguments: falseFriendCases)
    func falseFriends(item: CountryCase) {
        let found = all(item)
        for code in item.found { #expect(found.contains(code), "\(code) missing from \(found.sorted())") }
        for code in item.absent { #expect(!found.contains(code), "\(code) found in \(found.sorted())") }
    }

    @Test(
        "accents, typographic apostrophes and capitals fold",
        arguments: [
            ("Talks in Côte d’Ivoire", "CI"), ("Talks in Cote d'Ivoire", "CI"), ("Visit to São Tomé", "ST"),
            ("Ties with Türkiye grew", "TR"), ("A storm hit CURAÇAO", "CW"), ("Troops in BURKINA FASO", "BF"),
        ])
    func folding(text: String, code: String) {
        #expect(extractor.extract(title: "", body: text).primary?.code == code)
    }

    @Test("all-caps titles and datelines match")
    func capitals() {
        let result = extractor.extract(
            title: "JAPAN TRADE SURPLUS WIDENS", body: "TOKYO, March 3 - The surplus widened in February.")
        #expect(result.primary?.code == "JP")
        let dateline = extractor.extract(title: "", body: "WELLINGTON, March 3 - The dollar fell.")
        #expect(dateline.primary?.code == "NZ")
        let ambiguous = extractor.extract(
            title: "CHAD SAYS IT KILLED 384 LIBYANS", body: "N'DJAMENA, March 3 - The government said it won.")
        #expect(ambiguous.countries.map(\.code).contains("TD"))
    }

    @Test("names split across a line break still match")
    func lineBreaks() {
        let found = extractor.extract(title: "", body: "Floods in Porto\nAlegre and\nBurkina\nFaso.").candidates
        #expect(Set(found.map(\.country.code)) == ["BR", "BF"])
        let porto = extractor.extract(title: "", body: "Wine from Porto.").candidates
        #expect(porto.map(\.country.code) == ["PT"])
    }

    @Test("the title outweighs counts; a passing mention at the end is not kept")
    func salience() {
        let body =
            Array(repeating: "Officials in Mali met regional leaders and the army.", count: 3)
            .joined(separator: "\n\n") + "\n\nBolivia could see the same."
        let result = extractor.extract(title: "Sahel crisis deepens in Burkina Faso", body: body)
        #expect(result.primary?.code == "BF")
        #expect(result.countries.map(\.code) == ["BF", "ML"])
        #expect(result.candidates.map(\.country.code).contains("BO"))
        #expect(!result.countries.map(\.code).contains("BO"))
    }

    @Test("a country in a relation counts less than the subject")
    func relations() {
        let body = "Burkina Faso signed a deal with Russia. Burkina Faso will buy arms from Russia."
        #expect(extractor.extract(title: "", body: body).primary?.code == "BF")
    }

    @Test("Brussels counts little when the EU is the subject, fully in a dateline")
    func brussels() {
        let eu = extractor.extract(
            title: "", body: "European Union ministers agreed in Brussels to fund Ukraine. Kyiv welcomed it.")
        #expect(eu.primary?.code == "UA")
        let dateline = extractor.extract(title: "", body: "BRUSSELS, March 2 - The European Community agreed.")
        #expect(dateline.primary?.code == "BE")
    }

    @Test("a currency is not its country")
    func currencies() {
        let result = extractor.extract(
            title: "", body: "Toyota, the Japanese carmaker, issued a bond in Tokyo denominated in Swiss francs.")
        #expect(result.primary?.code == "JP")
        #expect(!result.countries.map(\.code).contains("CH"))
    }

    @Test("nothing found in a text about no country")
    func none() {
        let result = extractor.extract(title: "Interest rates", body: "The central bank raised rates.")
        #expect(result.countries.isEmpty)
        #expect(result.primary == nil)
    }
}
