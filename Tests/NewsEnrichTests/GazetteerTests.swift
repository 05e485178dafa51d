import NewsEnrich
import Testing

@Suite("Gazetteer")
struct GazetteerTests {
    let gazetteer = Gazetteer.bundled

    @Test("the bundled gazetteer has every ISO country once, with upper-case codes")
    func bundled() {
        #expect(gazetteer.countries.count == 250)
        #expect(Set(gazetteer.countries.map(\.code)).count == gazetteer.countries.count)
        #expect(gazetteer.countries.allSatisfy { $0.code.count == 2 && $0.code == $0.code.uppercased() })
    }

    @Test("codes in either case", arguments: ["ml", "ML", "Ml"])
    func byCode(code: String) {
        #expect(gazetteer.country(code: code) == Country(code: "ML", name: "Mali"))
    }

    @Test(
        "names, aliases, demonyms and codes, folding case and accents",
        arguments: [
            ("cote d'ivoire", "CI"), ("Côte d’Ivoire", "CI"), ("Ivory Coast", "CI"), ("IVORY COAST", "CI"),
            ("Malian", "ML"), ("ml", "ML"), ("Burkina Faso", "BF"), ("burkina-faso", "BF"),
            ("Sao Tome and Principe", "ST"), ("Türkiye", "TR"), ("turkiye", "TR"), ("Soviet Union", "RU"),
            ("West Germany", "DE"), ("U.S.", "US"), ("United States", "US"), ("UK", "GB"), ("Burma", "MM"),
            ("Chad", "TD"), ("Congo", "CG"), ("  Niger ", "NE"), ("Nigerian", "NG"),
        ])
    func byName(name: String, code: String) {
        #expect(gazetteer.country(named: name)?.code == code)
    }

    @Test("unknown names and places are not countries", arguments: ["Atlantis", "", "Bamako", "Sahel", "Xx"])
    func unknown(name: String) {
        #expect(gazetteer.country(named: name) == nil)
    }

    @Test("a gazetteer decodes from JSON; malformed JSON throws")
    func decoding() throws {
        let json = #"{"version": 1, "countries": [{"code": "zz", "name": "Zedland", "demonyms": ["Zeddish"]}]}"#
        let small = try Gazetteer(json: Array(json.utf8))
        #expect(small.countries == [Country(code: "ZZ", name: "Zedland")])
        #expect(small.country(named: "zeddish")?.code == "ZZ")
        #expect(throws: (any Error).self) { try Gazetteer(json: Array("{\"countries\": 3}".utf8)) }
    }
}
