import Foundation
import NewsIngest
import NewsModel
import Testing

private typealias Location = NewsModel.SourceLocation

/// Reads `xml` (as UTF-8) with the feed reader.
private func read(_ xml: String, path: String = "feeds/sahel.xml") -> ReadResult {
    FeedReader().read(Array(xml.utf8), path: path)
}

/// The 1-based line of the first line of `xml` holding `marker`.
private func line(of marker: String, in xml: String) -> Int {
    let lines = xml.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.contains(marker) } ?? -1) + 1
}

@Suite struct FeedReaderTests {
    static let rss = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
             xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
        <channel>
          <title>Sahel Monitor</title>
          <link>https://example.org/</link>
          <description>Security news from the Sahel</description>
          <atom:link href="https://example.org/feed" rel="self"/>
          <item>
            <title>Soldiers seize power in Niger</title>
            <link>https://example.org/2023/07/niger-coup</link>
            <guid isPermaLink="false">niger-coup-2023</guid>
            <pubDate>Wed, 26 Jul 2023 18:30:00 +0000</pubDate>
            <category>Coups</category>
            <category> Niger </category>
            <category>coups</category>
            <description>&lt;p&gt;Members of the presidential guard detained President Bazoum.&lt;/p&gt;&lt;p&gt;The borders are closed.&lt;/p&gt;</description>
          </item>
          <item>
            <title>ECOWAS &amp; the juntas: sanctions on Mali</title>
            <link>
              https://example.org/2022/01/mali-sanctions
            </link>
            <dc:date>2022-01-09T20:00:00Z</dc:date>
            <dc:subject>Sanctions</dc:subject>
            <description>A short teaser that content:encoded replaces.</description>
            <content:encoded><![CDATA[<p>West African leaders closed borders with <b>Mali</b> &amp; froze its assets.</p>
        <ul><li>Trade suspended</li><li>Ambassadors recalled</li></ul>
        <script>alert("x")</script>]]></content:encoded>
          </item>
          <item>
            <guid>https://example.org/?p=42</guid>
            <description><![CDATA[Assimi Go&iuml;ta <em>named</em> a new government &#8211; again.]]></description>
          </item>
        </channel>
        </rss>
        """

    @Test func readsRSSItems() throws {
        let result = read(Self.rss)
        #expect(result.problems.isEmpty)
        try #require(result.articles.count == 3)
        let niger = result.articles[0]
        #expect(niger.id == "niger-coup-2023")
        #expect(niger.title == "Soldiers seize power in Niger")
        #expect(niger.url == "https://example.org/2023/07/niger-coup")
        #expect(niger.date == "Wed, 26 Jul 2023 18:30:00 +0000")
        #expect(niger.categories == ["Coups", "Niger"])
        #expect(niger.body == "Members of the presidential guard detained President Bazoum.\n\nThe borders are closed.")
        #expect(result.articles.map(\.source) == ["Sahel Monitor", "Sahel Monitor", "Sahel Monitor"])
        #expect(
            niger.location == Location(path: "feeds/sahel.xml", line: line(of: "<title>Soldiers", in: Self.rss) - 1))
    }

    @Test func prefersContentEncodedAndReadsCDATA() throws {
        let articles = read(Self.rss).articles
        try #require(articles.count == 3)
        let mali = articles[1]
        #expect(mali.id == nil)
        #expect(mali.title == "ECOWAS & the juntas: sanctions on Mali")
        #expect(mali.url == "https://example.org/2022/01/mali-sanctions")
        #expect(mali.date == "2022-01-09T20:00:00Z")
        #expect(mali.categories == ["Sanctions"])
        #expect(
            mali.body
                == "West African leaders closed borders with Mali & froze its assets.\n\nTrade suspended\n\nAmbassadors recalled"
        )
        #expect(mali.location.line == line(of: "ECOWAS &amp; the juntas", in: Self.rss) - 1)
    }

    @Test func readsAnItemWithoutTitleAndTakesAPermalinkGUIDAsItsURL() throws {
        let articles = read(Self.rss).articles
        try #require(articles.count == 3)
        let untitled = articles[2]
        #expect(untitled.title == nil)
        #expect(untitled.id == "https://example.org/?p=42")
        #expect(untitled.url == "https://example.org/?p=42")
        #expect(untitled.body == "Assimi Goïta named a new government – again.")
        #expect(untitled.date == nil)
    }

    @Test func decodesEscapedHTMLAndEntitiesInDescriptions() throws {
        let xml = """
            <rss version="2.0"><channel><item>
            <title>Caf&#233; talks &#x2014; Bamako</title>
            <description>&lt;p&gt;Talks at the caf&amp;eacute; &amp;amp; the palace &amp;#8220;stalled&amp;#8221;.&lt;/p&gt;
            &lt;div class="share-links"&gt;Share this&lt;/div&gt;</description>
            </item></channel></rss>
            """
        let article = try #require(read(xml).articles.first)
        #expect(article.title == "Café talks — Bamako")
        #expect(article.body == "Talks at the café & the palace “stalled”.")
    }

    @Test func readsUnescapedMarkupInsideADescription() throws {
        let xml = """
            <rss version="2.0"><channel><item><title>Kidal retaken</title>
            <description><p>Malian troops entered Kidal.</p><p>The rebels withdrew.</p></description>
            </item></channel></rss>
            """
        #expect(try #require(read(xml).articles.first).body == "Malian troops entered Kidal.\n\nThe rebels withdrew.")
    }

    @Test func readsRSS1RDFItems() throws {
        let xml = """
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://example.org/rdf"><title>Risk wire</title></channel>
              <item rdf:about="https://example.org/chad-election">
                <title>Chad holds presidential election</title>
                <link>https://example.org/chad-election</link>
                <description>Mahamat Déby ran for president.</description>
                <dc:date>2024-05-06</dc:date>
                <dc:subject>Elections</dc:subject>
              </item>
            </rdf:RDF>
            """
        let result = read(xml)
        #expect(result.problems.isEmpty)
        let article = try #require(result.articles.first)
        #expect(result.articles.count == 1)
        #expect(article.id == "https://example.org/chad-election")
        #expect(article.title == "Chad holds presidential election")
        #expect(article.url == "https://example.org/chad-election")
        #expect(article.date == "2024-05-06")
        #expect(article.categories == ["Elections"])
        #expect(article.body == "Mahamat Déby ran for president.")
        #expect(article.location.line == line(of: "<item rdf:about", in: xml))
        #expect(article.source == "Risk wire")
    }

    static let atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
          <title>Risk Bulletin</title>
          <id>urn:uuid:feed</id>
          <updated>2024-01-29T12:00:00Z</updated>
          <entry>
            <id>tag:example.org,2024:sahel-exit</id>
            <title type="html">Sahel juntas &lt;em&gt;quit&lt;/em&gt; ECOWAS</title>
            <link rel="self" href="https://example.org/api/sahel-exit"/>
            <link rel="enclosure" href="https://example.org/sahel-exit.mp3"/>
            <link rel="alternate" type="text/html" href="https://example.org/2024/01/sahel-exit"/>
            <published>2024-01-28T15:00:00Z</published>
            <updated>2024-01-29T09:00:00Z</updated>
            <category term="west-africa" label="West Africa"/>
            <category term="alliances"/>
            <category scheme="x"/>
            <summary>Summary that the content replaces.</summary>
            <media:content url="https://example.org/photo.jpg"/>
            <content type="html">&lt;p&gt;Mali, Burkina Faso &amp;amp; Niger announced their withdrawal.&lt;/p&gt;&lt;p&gt;ECOWAS called it regrettable.&lt;/p&gt;</content>
          </entry>
          <entry>
            <id>tag:example.org,2024:gabon</id>
            <title>Gabon's   junta
              names a prime minister</title>
            <link href="https://example.org/2023/09/gabon"/>
            <source><id>urn:lp</id><title type="html">Libreville &lt;b&gt;Post&lt;/b&gt;</title></source>
            <updated>2023-09-07T10:00:00Z</updated>
            <content type="xhtml">
              <div xmlns="http://www.w3.org/1999/xhtml">
                <p>Raymond Ndong Sima was named <strong>prime minister</strong> &amp; head of government.</p>
                <p>Caf&#233; owners in Libreville &#8220;welcomed&#8221; it.</p>
                <nav>Next story</nav>
              </div>
            </content>
          </entry>
          <entry>
            <id>tag:example.org,2024:sudan</id>
            <title type="text">Sudan &lt;ceasefire&gt; talks</title>
            <summary>Talks in Jeddah resumed.

        Both sides sent delegations.</summary>
            <content src="https://example.org/sudan.pdf" type="application/pdf"/>
          </entry>
        </feed>
        """

    @Test func readsAtomEntries() throws {
        let result = read(Self.atom)
        #expect(result.problems.isEmpty)
        try #require(result.articles.count == 3)
        let sahel = result.articles[0]
        #expect(sahel.id == "tag:example.org,2024:sahel-exit")
        #expect(sahel.title == "Sahel juntas quit ECOWAS")
        #expect(sahel.url == "https://example.org/2024/01/sahel-exit")
        #expect(sahel.date == "2024-01-28T15:00:00Z")
        #expect(sahel.categories == ["West Africa", "alliances"])
        #expect(sahel.body == "Mali, Burkina Faso & Niger announced their withdrawal.\n\nECOWAS called it regrettable.")
        #expect(sahel.location.line == line(of: "<entry>", in: Self.atom))
        #expect(result.articles.map(\.source) == ["Risk Bulletin", "Libreville Post", "Risk Bulletin"])
    }

    @Test func readsAtomXHTMLContentAndFallsBackToUpdated() throws {
        let articles = read(Self.atom).articles
        try #require(articles.count == 3)
        let gabon = articles[1]
        #expect(gabon.title == "Gabon's junta names a prime minister")
        #expect(gabon.url == "https://example.org/2023/09/gabon")
        #expect(gabon.date == "2023-09-07T10:00:00Z")
        #expect(gabon.categories.isEmpty)
        #expect(
            gabon.body
                == "Raymond Ndong Sima was named prime minister & head of government.\n\nCafé owners in Libreville “welcomed” it."
        )
    }

    @Test func readsAtomTextAndFallsBackToTheSummary() throws {
        let articles = read(Self.atom).articles
        try #require(articles.count == 3)
        let sudan = articles[2]
        #expect(sudan.title == "Sudan <ceasefire> talks")
        #expect(sudan.url == nil)
        #expect(sudan.date == nil)
        #expect(sudan.body == "Talks in Jeddah resumed.\n\nBoth sides sent delegations.")
    }

    @Test func reportsAnItemWithoutTitleOrTextAtItsLine() throws {
        let xml = """
            <rss version="2.0"><channel>
            <item><title>Coup attempt in Guinea-Bissau</title></item>
            <item>
              <title>  </title><description>&lt;script&gt;track()&lt;/script&gt;</description>
              <link>https://example.org/empty</link>
            </item>
            <item><description>President Embaló dissolved parliament.</description></item>
            </channel></rss>
            """
        let result = read(xml, path: "feeds/guinea.xml")
        #expect(result.articles.map(\.title) == ["Coup attempt in Guinea-Bissau", nil])
        #expect(result.articles.map(\.body) == ["", "President Embaló dissolved parliament."])
        #expect(result.articles.map(\.location.line) == [2, 7])
        #expect(
            result.problems == [
                IngestProblem(
                    location: Location(path: "feeds/guinea.xml", line: 3), reason: "item has no title or text")
            ])
    }

    @Test func reportsAnAtomEntryWithoutTitleOrText() {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom">
              <entry><id>a</id><title>Election in Senegal</title></entry>
              <entry><id>b</id><link href="https://example.org/b"/></entry>
            </feed>
            """
        let result = read(xml)
        #expect(result.articles.map(\.id) == ["a"])
        #expect(result.problems.map(\.location.line) == [3])
        #expect(result.problems.map(\.reason) == ["item has no title or text"])
    }

    @Test func reportsADocumentThatIsNotAFeed() {
        for document in [
            "<html><body><p>Not a feed about Mali</p></body></html>",
            "<?xml version=\"1.0\"?>\n<opml version=\"2.0\"><body/></opml>",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"",
            "Sanctions on Mali, plain text",
            "",
        ] {
            let result = read(document, path: "feeds/bad.xml")
            #expect(result.articles.isEmpty)
            #expect(result.problems.count == 1)
            #expect(result.problems.first?.location == Location(path: "feeds/bad.xml", line: 1))
            #expect(result.problems.first?.reason.hasPrefix("not an RSS or Atom feed") == true)
        }
        #expect(read("<opml/>").problems.first?.reason == "not an RSS or Atom feed: the root element is <opml>")
    }

    @Test func recoversItemsFromMalformedFeeds() throws {
        let xml = """
            <rss version="2.0"><channel>
            <item><title>Junta & ECOWAS meet</title><description>Talks in Abuja ended.</description></item>
            <item><title>Second item</title><description>Still read &nbsp; despite an undeclared entity.</description></item>
            <item><title>Truncated item</title><description>The feed ends here
            """
        let result = read(xml)
        #expect(result.problems.isEmpty)
        #expect(result.articles.map(\.title) == ["Junta ECOWAS meet", "Second item", "Truncated item"])
        #expect(
            result.articles.map(\.body) == [
                "Talks in Abuja ended.", "Still read despite an undeclared entity.", "The feed ends here",
            ])
        #expect(result.articles.map(\.location.line) == [2, 3, 4])
    }

    @Test func keepsWhatPrecedesMismatchedTags() {
        let xml = """
            <rss version="2.0"><channel>
            <item><title>Kept</title><description>Talks <b>in Abuja</description></item>
            <item><title>Swallowed by the unclosed b</title></item>
            </channel></rss>
            """
        let result = read(xml)
        #expect(result.articles.first?.title == "Kept")
        #expect(result.articles.first?.body.hasPrefix("Talks in Abuja") == true)
    }

    @Test func neverLoadsExternalEntities() throws {
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
        let firstLine = try #require(passwd.split(separator: "\n").first.map(String.init))
        for root in ["rss", "feed"] {
            let body =
                root == "rss"
                ? "<rss version=\"2.0\"><channel><item><title>Leak &xxe; test</title>"
                    + "<description>Before &xxe; after, &junta;.</description></item></channel></rss>"
                : "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>Leak &xxe; test</title>"
                    + "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">Before &xxe; after, &junta;."
                    + "</div></content></entry></feed>"
            let xml = """
                <?xml version="1.0"?>
                <!DOCTYPE \(root) [
                  <!ENTITY xxe SYSTEM "file:///etc/passwd">
                  <!ENTITY junta "the CNSP">
                ]>
                \(body)
                """
            let result = read(xml)
            let article = try #require(result.articles.first)
            #expect(!article.body.contains(firstLine))
            #expect(!article.body.contains("root:"))
            #expect(article.title.map { $0.contains("root:") } == false)
            #expect(article.title == "Leak test")
            #expect(article.body == "Before after, the CNSP.")
        }
    }

    @Test func ignoresAnExternalDTD() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "file:///etc/passwd">
            <rss version="2.0"><channel><item><title>Still read</title></item></channel></rss>
            """
        #expect(read(xml).articles.map(\.title) == ["Still read"])
    }

    @Test func readsFeedsConcurrently() async {
        let expected = read(Self.rss).articles + read(Self.atom).articles
        let results = await withTaskGroup(of: [RawArticle].self) { group in
            for _ in 0..<32 {
                group.addTask { read(Self.rss).articles + read(Self.atom).articles }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 32)
        #expect(results.allSatisfy { $0 == expected })
    }
}
