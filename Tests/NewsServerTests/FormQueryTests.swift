import Foundation
import Hummingbird
import HummingbirdTesting
import NewsServer
import TestSupport
import Testing

@Suite("query strings read as application/x-www-form-urlencoded")
struct FormQueryTests {
    @Test(
        "+ is a space, %2B a plus, %XX a UTF-8 byte; names are decoded too",
        arguments: [
            ("q=saudi+arabia", "saudi arabia"),
            ("q=saudi%20arabia", "saudi arabia"),
            ("q=c%2B%2B", "c++"),
            ("q=a+%2B+b", "a + b"),
            ("q=Kabor%C3%A9", "Kaboré"),
            ("%71=mali", "mali"),
            ("q=100%", "100%"),
            ("q=%zz%4", "%zz%4"),
            ("q=%FF", "\u{FFFD}"),
            ("q=", ""),
            ("q", ""),
            ("q=a=b", "a=b"),
        ])
    func decoding(query: String, value: String) {
        #expect(FormQuery(query).get("q") == value)
    }

    @Test("pairs keep their order; repeated names give every value; empty pairs are skipped")
    func pairs() {
        let query = FormQuery("country=Mali&&country=Burkina+Faso&q=coup&")
        #expect(query.getAll("country") == ["Mali", "Burkina Faso"])
        #expect(query.names == ["country", "q"])
        #expect(query.get("missing") == nil)
        #expect(FormQuery(nil).pairs.isEmpty)
    }
}

/// Every route that reads query parameters answers the same for a space sent
/// as `+` (what the web page's `URLSearchParams`, HTML forms and Python's
/// `requests` send) and as `%20` (what curl users type).
extension APITests {
    /// The answer to `uri` with the timings taken out (they differ from run to run).
    func answer(_ uri: String) async throws -> (HTTPResponse.Status, NSDictionary) {
        var (status, object) = try await get(uri)
        object["timings"] = nil
        return (status, object as NSDictionary)
    }

    /// `query` with its spaces written as `+`, and as `%20`.
    func bothWays(_ query: String) -> (plus: String, percent: String) {
        (query.replacingOccurrences(of: " ", with: "+"), query.replacingOccurrences(of: " ", with: "%20"))
    }

    @Test(
        "the same answer for + and %20 on every route with parameters",
        arguments: [
            // What URLSearchParams({q: 'country:"Burkina Faso" coup'}).toString() gives, spaces aside.
            "/api/search?q=country%3A%22Burkina Faso%22 coup&facets=true",
            "/api/search?q=&country=Burkina Faso&facets=true",
            "/api/search?q=coup&category=Coups&sort=date",
            "/api/facets?q=ouagadougou coup&country=Burkina Faso",
            "/api/facets?topic=Coup and mutiny",
            "/api/articles/ne1/similar?country=Burkina Faso",
        ])
    func sameAnswer(uri: String) async throws {
        let (plus, percent) = bothWays(uri)
        let (plusStatus, plusAnswer) = try await answer(plus)
        let (percentStatus, percentAnswer) = try await answer(percent)
        #expect(plusStatus == percentStatus)
        #expect(plusStatus == .ok, "\(plusAnswer)")
        #expect(plusAnswer == percentAnswer)
    }

    @Test("a phrase of two words with + finds what it names, not a literal +")
    func phrase() async throws {
        let (status, object) = try await answer("/api/search?q=country%3A%22Burkina+Faso%22+coup")
        #expect(status == .ok)
        #expect(object["total"] as? Int == 1)
        let hits = object["hits"] as? [[String: Any]] ?? []
        #expect(hits.first?["id"] as? String == "bf1")
    }

    @Test("a dangling operator sent with + is a bad query, as with %20")
    func danglingOperator() async throws {
        for uri in ["/api/search?q=coup+AND", "/api/search?q=coup%20AND"] {
            let (status, object) = try await answer(uri)
            #expect(status == .badRequest, "\(uri)")
            #expect((object["error"] as? [String: Any])?["code"] as? String == "bad_query", "\(uri)")
        }
    }

    @Test("%2B is a plus sign: a required word, not a space")
    func encodedPlus() async throws {
        // "+coup +niger": both words required; "coup niger" with a space would be the same,
        // but "%2Bsenegal coup" requires senegal, which no coup article has.
        let (_, required) = try await answer("/api/search?q=%2Bsenegal+coup&match=any")
        let (_, any) = try await answer("/api/search?q=senegal+coup&match=any")
        #expect(required["total"] as? Int == 1)
        #expect(any["total"] as? Int == 3)
    }

    @Test("an unknown parameter is named decoded")
    func unknownName() async throws {
        let (status, object) = try await answer("/api/search?q=coup&snippet+length=50")
        #expect(status == .badRequest)
        #expect((object["error"] as? [String: Any])?["parameter"] as? String == "snippet length")
    }
}
