import NewsEnrich
import NewsModel
import Testing

@Suite("Enricher")
struct EnricherTests {
    let enricher = Enricher()

    func raw(
        id: String? = nil, title: String? = "Coup in Burkina Faso",
        body: String = "Soldiers in Ouagadougou ousted President Kaboré on 24 January 2022. The junta took over.",
        date: String? = nil, countries: [String] = [], categories: [String] = [], url: String? = nil,
        path: String = "/archive/pages/page-1.txt"
    ) -> RawArticle {
        RawArticle(
            id: id, title: title, body: body, date: date, countries: countries, categories: categories, url: url,
            location: SourceLocation(path: path, line: 3))
    }

    @Test("inferred values are marked inferred; body, url and source pass through")
    func inferred() throws {
        let article = try #require(enricher.enrich([raw(url: "https://example.org/a")]).first)
        #expect(article.countryCodes == ["BF"])
        #expect(article.countries == ["Burkina Faso"])
        #expect(article.primaryCountry == "BF")
        #expect(article.date == "2022-01-24")
        #expect(article.topics.contains("coup"))
        #expect(article.body == raw().body)
        #expect(article.url == "https://example.org/a")
        #expect(article.source == "/archive/pages/page-1.txt")
        #expect(
            article.provenance
                == Provenance(
                    id: .inferred, title: .source, date: .inferred, countries: .inferred, categories: nil,
                    topics: .inferred))
    }

    @Test("the source's values win and are marked as the source's")
    func source() throws {
        let article = try #require(
            enricher.enrich([
                raw(
                    id: "a-1", date: "Mon, 24 Jan 2022 10:00:00 +0000", countries: ["ml", "Ivory Coast", "Atlantis"],
                    categories: ["Coups"])
            ]).first)
        #expect(article.id == "a-1")
        #expect(article.date == "2022-01-24")
        #expect(Set(article.countryCodes) == ["ML", "CI"])
        #expect(article.countries.count == 2)
        #expect(article.categories == ["Coups"])
        #expect(
            article.provenance
                == Provenance(
                    id: .source, title: .source, date: .source, countries: .source, categories: .source,
                    topics: .inferred))
    }

    @Test("source countries are ordered by their salience in the text")
    func sourceOrder() throws {
        let article = try #require(enricher.enrich([raw(countries: ["Mali", "Burkina Faso"])]).first)
        #expect(article.countryCodes == ["BF", "ML"])
        #expect(article.primaryCountry == "BF")
    }

    @Test("source countries that are all unknown are inferred instead")
    func unknownCountries() throws {
        let article = try #require(enricher.enrich([raw(countries: ["Atlantis", "Narnia"])]).first)
        #expect(article.countryCodes == ["BF"])
        #expect(article.provenance.countries == .inferred)
    }

    @Test("an unreadable source date is inferred from the text")
    func unreadableDate() throws {
        let article = try #require(enricher.enrich([raw(date: "last Monday")]).first)
        #expect(article.date == "2022-01-24")
        #expect(article.provenance.date == .inferred)
    }

    @Test("inferOnly ignores the source's countries, date and categories")
    func inferOnly() throws {
        let enricher = Enricher(options: Enricher.Options(inferOnly: true))
        let article = try #require(
            enricher.enrich([raw(date: "2020-01-01", countries: ["Mali"], categories: ["Coups"])]).first)
        #expect(article.countryCodes == ["BF"])
        #expect(article.date == "2022-01-24")
        #expect(article.categories.isEmpty)
        #expect(article.provenance.categories == nil)
        #expect(article.provenance.countries == .inferred)
    }

    @Test(
        "placeholder categories are dropped",
        arguments: [
            (["Uncategorized"], []), (["uncategorised", "News", "BLOG", "Misc", "other", "None", "General"], []),
            (["Mali", "Uncategorized", "mali", " Sahel "], ["Mali", "Sahel"]), (["", "  "], []),
        ])
    func placeholders(categories: [String], expected: [String]) throws {
        let article = try #require(enricher.enrich([raw(categories: categories)]).first)
        #expect(article.categories == expected)
        #expect(article.provenance.categories == (expected.isEmpty ? nil : .source))
    }

    @Test("without a title, the first sentence shortened to about 12 words")
    func derivedTitle() throws {
        let body =
            "The leaders of Mali, Burkina Faso, and Niger have announced plans to launch joint operations. More."
        let article = try #require(enricher.enrich([raw(title: nil, body: body)]).first)
        #expect(article.title == "The leaders of Mali, Burkina Faso, and Niger have announced plans to…")
        #expect(article.provenance.title == .inferred)
        let short = try #require(enricher.enrich([raw(title: "  ", body: "Mali votes. Turnout high.")]).first)
        #expect(short.title == "Mali votes.")
    }

    @Test("derived ids: stable, 16 hex digits, from file name, title and the source's date")
    func ids() throws {
        let first = try #require(enricher.enrich([raw()]).first?.id)
        let again = try #require(Enricher().enrich([raw()]).first?.id)
        #expect(first == again)
        #expect(first.count == 16 && first.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(
            first
                == Enricher.derivedID(path: "/archive/pages/page-1.txt", title: "Coup in Burkina Faso", sourceDate: nil)
        )
        // The folder does not matter, the file name does.
        #expect(try #require(enricher.enrich([raw(path: "elsewhere/page-1.txt")]).first?.id) == first)
        #expect(try #require(enricher.enrich([raw(path: "/archive/pages/page-2.txt")]).first?.id) != first)
        #expect(try #require(enricher.enrich([raw(title: "Another title")]).first?.id) != first)
        #expect(try #require(enricher.enrich([raw(date: "2022-01-24")]).first?.id) != first)
        // Inference does not change ids: a different body with the same title and source date keeps its id.
        #expect(try #require(enricher.enrich([raw(body: "Nothing dated here.")]).first?.id) == first)
    }

    @Test("FNV-1a 64 of the joined fields")
    func fnv() {
        // FNV-1a 64 of "a\nb\n" computed independently: offset basis, xor then multiply per byte.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "a\nb\n".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        let expected = String(repeating: "0", count: 16 - hex.count) + hex
        #expect(Enricher.derivedID(path: "dir/a", title: "b", sourceDate: nil) == expected)
    }

    @Test("neighbours on the same page decide a year the text leaves open")
    func neighbours() {
        let page = [
            raw(title: "Named", body: "On Monday 21 September, the junta named a president."),
            raw(title: "Dated", body: "Fighting resumed on 12 August 2020."),
        ]
        let articles = enricher.enrich(page)
        #expect(articles.map(\.date) == ["2020-09-21", "2020-08-12"])
        #expect(articles[0].provenance.date == .inferred)
        #expect(enricher.enrich([page[0]]).first?.date == nil)
    }
}
