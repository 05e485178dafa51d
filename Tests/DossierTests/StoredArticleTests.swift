import NewsModel
import Testing

@Suite("Stored article data")
struct StoredArticleTests {
    @Test("round trip: every field, absent and present optionals, non-ASCII text")
    func roundTrip() {
        let full = Article(
            id: "id-1", title: "Coup à Ouagadougou — Kaboré", body: String(repeating: "Faso’s army. ", count: 200),
            date: "2022-01-24", countries: ["Burkina Faso", "Mali"], countryCodes: ["BF", "ML"],
            primaryCountry: "BF", categories: ["Coups"], topics: ["coup", "protests"], source: "wire",
            url: "https://example.org/a?b=c",
            provenance: Provenance(id: .inferred, title: .source, date: .inferred, countries: .inferred))
        #expect(StoredArticle.decode(StoredArticle.encode(full)) == full)
        let bare = Article(id: "x", title: "", body: "", source: "")
        #expect(StoredArticle.decode(StoredArticle.encode(bare)) == bare)
    }

    @Test("a hit's stamps round trip beside the article; data without them decodes with none")
    func stamps() throws {
        let article = Article(id: "id", title: "Title", body: "Body text", source: "s")
        let stamps = StoredArticle.HitStamps(textHash: "c0ffee0123456789", arrived: "2026-12-07T11:13:21.000Z")
        let bytes = StoredArticle.encode(article, stamps: stamps)
        let decoded = try #require(StoredArticle.decodeHit(bytes))
        #expect(decoded.article == article && decoded.stamps == stamps)
        #expect(StoredArticle.decode(bytes) == article)
        let none = StoredArticle.HitStamps(textHash: "", arrived: "")
        #expect(StoredArticle.decodeHit(StoredArticle.encode(article, stamps: none))?.stamps == none)
        let plain = try #require(StoredArticle.decodeHit(StoredArticle.encode(article)))
        #expect(plain.article == article && plain.stamps == nil)
        // Cut inside the stamps, or another byte where their tag goes: not this format.
        let bare = StoredArticle.encode(article).count
        for cut in [bare + 1, bare + 5, bytes.count - 1] {
            #expect(StoredArticle.decodeHit(Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        var retagged = bytes
        retagged[bare] = 0xE8
        #expect(StoredArticle.decodeHit(retagged) == nil)
        #expect(StoredArticle.decodeHit(bytes + [0]) == nil)
    }

    @Test("truncated, extended or foreign bytes decode to nil, never a wrong article")
    func malformed() {
        let bytes = StoredArticle.encode(Article(id: "id", title: "Title", body: "Body text", source: "s"))
        for cut in [0, 1, 3, bytes.count / 2, bytes.count - 1] {
            #expect(StoredArticle.decode(Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        #expect(StoredArticle.decode(bytes + [0]) == nil)
        #expect(StoredArticle.decode(Array("{\"id\":\"a\"}".utf8)) == nil)
    }
}
