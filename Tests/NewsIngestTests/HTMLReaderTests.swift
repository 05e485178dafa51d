import NewsIngest
import NewsModel
import Testing

private typealias Location = NewsModel.SourceLocation

/// Reads `html` (as UTF-8) with the HTML reader.
private func read(_ html: String, path: String = "archive/niger.html") -> ReadResult {
    HTMLReader().read(Array(html.utf8), path: path)
}

/// The title read from a page whose `<title>` is `title` (HTML source), with an
/// `og:site_name` if `siteName` is given.
private func pageTitle(_ title: String, siteName: String? = nil) -> String? {
    let meta = siteName.map { "<meta property=\"og:site_name\" content=\"\($0)\">" } ?? ""
    let html = "<html><head><title>\(title)</title>\(meta)</head><body><p>Text.</p></body></html>"
    return HTMLReader().read(Array(html.utf8), path: "title.html").articles.first?.title
}

/// The one article read from `html`, or nil (failing the test) if there is not exactly one.
private func onlyArticle(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> RawArticle? {
    let result = read(html)
    #expect(result.articles.count == 1, sourceLocation: sourceLocation)
    #expect(result.problems.isEmpty, sourceLocation: sourceLocation)
    return result.articles.first
}

@Suite struct HTMLReaderTests {
    static let fullPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Soldiers seize power in Niger | Sahel Monitor</title>
          <meta property="og:title" content="OG: Soldiers seize power in Niger">
          <meta property="og:url" content="https://example.org/og/niger-coup">
          <meta property="og:site_name" content="Sahel Monitor">
          <meta property="article:published_time" content="2023-07-27T09:00:00Z">
          <meta property="article:section" content="Coups">
          <link rel="stylesheet" href="/site.css">
          <link rel="canonical" href="https://example.org/2023/07/niger-coup">
          <script>var tracking = "do not index this script";</script>
          <style>p { color: red }</style>
        </head>
        <body class="single has-sidebar">
          <header class="site-header"><h1 class="site-title">Sahel Monitor</h1>
            <nav><ul><li><a href="/">Home</a></li><li><a href="/mali">Mali</a></li></ul></nav>
          </header>
          <div class="cookie-banner">We use cookies to improve this site.</div>
          <article class="post">
            <header><h1>Soldiers seize power   in
              Niger</h1>
              <time datetime=" 2023-07-26T18:30:00+01:00 ">26 July 2023</time></header>
            <p>Members of the presidential guard detained President Mohamed Bazoum
               in Niamey on Wednesday.</p>
            <p>The junta said it had <em>suspended</em> the constitution and closed the borders.</p>
            <div class="share-buttons"><a href="#">Share on social media</a></div>
            <blockquote>We have decided to put an end to the regime.</blockquote>
            <ul><li>ECOWAS threatened force</li><li>France suspended aid</li></ul>
            <noscript>Enable JavaScript to see the map.</noscript>
            <script>document.write("injected advert")</script>
            <footer class="entry-footer">Posted in <a rel="category tag" href="/c/coups">Coups</a>,
              <a rel="category tag" href="/c/niger">Niger</a> <a rel="tag" href="/t/ecowas">ECOWAS</a></footer>
          </article>
          <aside class="widget-area"><h2>Most read</h2><p>Sanctions on Mali tighten</p>
            <a rel="tag" href="/t/sidebar">Sidebar tag</a></aside>
          <div id="comments"><p>First comment: what a week.</p></div>
          <footer class="site-footer"><p>Copyright Sahel Monitor</p></footer>
        </body>
        </html>
        """

    @Test func readsEveryFieldOfAFullPage() throws {
        let article = try #require(onlyArticle(Self.fullPage))
        #expect(article.title == "Soldiers seize power in Niger")
        #expect(article.date == "2023-07-26T18:30:00+01:00")
        #expect(article.url == "https://example.org/2023/07/niger-coup")
        #expect(article.categories == ["Coups", "Niger", "ECOWAS"])
        #expect(article.id == nil)
        #expect(article.source == "Sahel Monitor")
        #expect(article.location == Location(path: "archive/niger.html", line: 1))
        #expect(
            article.body == """
                Members of the presidential guard detained President Mohamed Bazoum in Niamey on Wednesday.

                The junta said it had suspended the constitution and closed the borders.

                We have decided to put an end to the regime.

                ECOWAS threatened force

                France suspended aid
                """)
    }

    @Test func leavesOutScriptsNavigationAndBoilerplate() throws {
        let body = try #require(onlyArticle(Self.fullPage)).body
        for unwanted in [
            "tracking", "color: red", "Home", "cookies", "Share on social media", "JavaScript", "injected advert",
            "Posted in", "Most read", "Sanctions on Mali", "First comment", "Copyright", "Sahel Monitor",
        ] {
            #expect(!body.contains(unwanted), "body contains \(unwanted)")
        }
    }

    @Test func doesNotRepeatTheTitleAsTheFirstParagraph() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><body><main>
                <h1>Mali's junta expels French ambassador</h1>
                <p>The transitional government gave the ambassador 72 hours to leave.</p>
                </main></body></html>
                """))
        #expect(article.title == "Mali's junta expels French ambassador")
        #expect(article.body == "The transitional government gave the ambassador 72 hours to leave.")
    }

    @Test func dropsAFirstParagraphThatRepeatsTheTitle() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><head><meta property="og:title" content="Wagner leaves Mali"></head>
                <body><article><p class="kicker">Wagner   leaves Mali</p><p>The group announced its withdrawal.</p>
                <p>Wagner leaves Mali</p></article></body></html>
                """))
        #expect(article.title == "Wagner leaves Mali")
        #expect(article.body == "The group announced its withdrawal.\n\nWagner leaves Mali")
        // Unless it is all the text there is.
        let titleOnly = try #require(
            onlyArticle("<title>Wagner leaves Mali</title><p>Wagner leaves Mali</p>"))
        #expect(titleOnly.body == "Wagner leaves Mali")
    }

    // MARK: Title

    @Test func takesTheArticleHeadingBeforeTheSiteHeading() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><body>
                <div class="masthead"><h1>Risk Bulletin</h1></div>
                <article><h2>Analysis</h2><h1>Burkina Faso leaves ECOWAS</h1><p>The junta announced it.</p></article>
                </body></html>
                """))
        #expect(article.title == "Burkina Faso leaves ECOWAS")
        #expect(article.body == "Analysis\n\nThe junta announced it.")
    }

    @Test func takesAHeadingOutsideTheArticleButNotInTheSiteHeader() throws {
        let page = """
            <html><body>
            <header><h1>Risk Bulletin</h1></header>
            <div class="content"><h1>Guinea junta sets election date</h1>
            <article><p>Colonel Doumbouya's government named a date.</p></article></div>
            </body></html>
            """
        #expect(try #require(onlyArticle(page)).title == "Guinea junta sets election date")
    }

    @Test func fallsBackToTheOpenGraphTitle() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><head><title>Ignored | Site</title>
                <meta name="og:title" content="  Chad's transition   extended  "></head>
                <body><article><p>The military council extended the transition by two years.</p></article></body></html>
                """))
        #expect(article.title == "Chad's transition extended")
    }

    @Test func fallsBackToThePageTitleWithoutTheSiteName() {
        #expect(pageTitle("Coup attempt foiled in Guinea-Bissau | Reuters") == "Coup attempt foiled in Guinea-Bissau")
        #expect(pageTitle("Sanctions on Mali &ndash; Africa Risk Weekly") == "Sanctions on Mali")
        #expect(pageTitle("Sanctions on Mali &mdash; Africa Risk Weekly") == "Sanctions on Mali")
        #expect(pageTitle("Sanctions on Mali - The West Africa Desk") == "Sanctions on Mali")
        #expect(pageTitle("Niger | Niamey | Sahel Monitor") == "Niger | Niamey")
        let longSiteName = "The International Centre for the Study of Sahel Security"
        #expect(pageTitle("Mali suspends parties | \(longSiteName)", siteName: longSiteName) == "Mali suspends parties")
    }

    @Test func keepsTitlesWithoutAShortSuffix() {
        let long = "Sudan - Fighting spreads from Khartoum to the western region of Darfur"
        #expect(pageTitle(long) == long)
        #expect(
            pageTitle("Mali suspends parties | The International Centre for Sahel Security")
                == "Mali suspends parties | The International Centre for Sahel Security")
        #expect(pageTitle("Post-coup Niger faces sanctions") == "Post-coup Niger faces sanctions")
        #expect(pageTitle("Junta in power") == "Junta in power")
        #expect(pageTitle(" | BBC News") == "| BBC News")
        #expect(pageTitle("Junta in power | ") == "Junta in power |")
    }

    @Test func ignoresAnSVGTitle() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><head></head><body><svg><title>Map icon</title></svg>
                <p>Tuareg rebels took Kidal.</p></body></html>
                """))
        #expect(article.title == nil)
        #expect(article.body == "Tuareg rebels took Kidal.")
    }

    // MARK: Date

    @Test func takesTheTimeInsideTheArticleFirst() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><body>
                <div class="ticker"><time datetime="2024-01-01">Today</time></div>
                <article><p>Gabon's junta named a prime minister.</p>
                <p>Updated <time datetime="2023-09-07T10:00">7 September</time></p></article>
                </body></html>
                """))
        #expect(article.date == "2023-09-07T10:00")
    }

    @Test func takesTheFirstTimeOutsideNavigationWhenTheArticleHasNone() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><body>
                <aside><time datetime="2020-01-01">Old sidebar post</time></aside>
                <div class="related-posts"><time datetime="2021-01-01">Related</time></div>
                <div class="byline"><time datetime="2023-08-30">30 August</time></div>
                <time>no datetime attribute</time>
                <article><p>Officers in Gabon announced they had taken power.</p></article>
                </body></html>
                """))
        #expect(article.date == "2023-08-30")
    }

    @Test func fallsBackToDateMetas() throws {
        func date(_ metas: String) throws -> String? {
            try #require(onlyArticle("<html><head>\(metas)</head><body><p>Text about Mali.</p></body></html>")).date
        }
        #expect(
            try date(#"<meta property="article:published_time" content="2022-02-14T08:00:00Z">"#)
                == "2022-02-14T08:00:00Z")
        #expect(try date(#"<meta name="article:published_time" content=" 2022-02-15 ">"#) == "2022-02-15")
        #expect(
            try date(#"<meta name="date" content="2022-02-16"><meta itemprop="datePublished" content="x">"#)
                == "2022-02-16")
        #expect(try date(#"<meta itemprop="datePublished" content="2022-02-17">"#) == "2022-02-17")
        let both = #"<meta name="date" content="2022-02-16"><meta name="article:published_time" content="2022-02-18">"#
        #expect(try date(both) == "2022-02-18")
        #expect(try date(#"<meta name="description" content="2022-02-19">"#) == nil)
    }

    // MARK: Categories and URL

    @Test func collectsSectionsAndCategoryLinksOnce() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><head>
                <meta property="article:section" content="Sanctions">
                <meta name="article:section" content="West Africa">
                </head><body>
                <nav><a rel="category" href="/c/home">Home category</a></nav>
                <article><p>ECOWAS lifted sanctions on Mali.</p>
                <p><a rel="category" href="/c/mali">Mali</a> <a rel="Category Tag" href="/c/s">sanctions</a>
                <a rel="tag" href="/t/ecowas"> ECOWAS </a> <a rel="nofollow" href="/x">Not a tag</a>
                <a rel="tag" href="/t/empty">  </a></p></article>
                <div class="sidebar"><a rel="tag" href="/t/other">Other tag</a></div>
                </body></html>
                """))
        #expect(article.categories == ["Sanctions", "West Africa", "Mali", "ECOWAS"])
    }

    @Test func takesTheCanonicalLinkElseTheOpenGraphURL() throws {
        let withCanonical = try #require(
            onlyArticle(
                """
                <html><head><meta property="og:url" content="https://example.org/og">
                <link rel="alternate" href="https://example.org/feed">
                <link rel="Canonical" href=" https://example.org/canonical "></head><body><p>Text.</p></body></html>
                """))
        #expect(withCanonical.url == "https://example.org/canonical")
        let withOpenGraph = try #require(
            onlyArticle(
                """
                <html><head><meta property="og:url" content="https://example.org/og"></head>
                <body><p>Text.</p></body></html>
                """))
        #expect(withOpenGraph.url == "https://example.org/og")
        #expect(try #require(onlyArticle("<p>Text.</p>")).url == nil)
    }

    // MARK: Body

    @Test func choosesArticleThenMainThenRoleMainThenBody() throws {
        let outside = "<p>Outside text.</p>"
        #expect(
            try #require(
                onlyArticle("<body>\(outside)<main><article><p>In article.</p></article><p>In main.</p></main>")
            )
            .body == "In article.")
        #expect(try #require(onlyArticle("<body>\(outside)<main><p>In main.</p></main></body>")).body == "In main.")
        #expect(
            try #require(onlyArticle("<body>\(outside)<div role=\"main\"><p>In role main.</p></div></body>")).body
                == "In role main.")
        #expect(
            try #require(onlyArticle("<body>\(outside)<div><p>In body.</p></div></body>")).body
                == "Outside text.\n\nIn body.")
    }

    @Test func skipsArticlesInsideBoilerplate() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><body>
                <div class="menu-wrap"><article><p>Teaser in the mega menu.</p></article></div>
                <article><p>Russia and Burkina Faso discussed military cooperation.</p></article>
                </body></html>
                """))
        #expect(article.body == "Russia and Burkina Faso discussed military cooperation.")
    }

    @Test func findsTheArticleInsideAWrapperNamedForTheSidebar() throws {
        // The Genesis theme wraps the content and the sidebar in `content-sidebar-wrap`.
        let article = try #require(
            onlyArticle(
                """
                <html><body class="content-sidebar">
                <div class="content-sidebar-wrap"><main class="content"><article class="post category-comment">
                <h1>Sahel states form an alliance</h1>
                <p>Mali, Burkina Faso and Niger signed a mutual defence pact.</p>
                <div class="related-posts"><p>More on the Sahel</p></div>
                </article></main><aside class="sidebar"><p>Subscribe</p></aside></div>
                </body></html>
                """))
        #expect(article.title == "Sahel states form an alliance")
        #expect(article.body == "Mali, Burkina Faso and Niger signed a mutual defence pact.")
    }

    @Test func appliesTheClassAndIDRuleToWholeWordsOnly() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><body><article>
                <p>Kept first.</p>
                <div class="navigator-quote">Kept navigator quote.</div>
                <div class="menuhint">Kept menuhint.</div>
                <div class="site-footer">Removed site footer.</div>
                <div class="Main-Nav">Removed main nav.</div>
                <div id="comments">Removed comments.</div>
                <div class="post_share_bar">Removed share bar.</div>
                <div class="x related">Removed related.</div>
                <div id="cookie-consent">Removed cookie consent.</div>
                <ul class="menu"><li>Removed menu.</li></ul>
                <form><p>Removed form.</p></form><button>Removed button</button>
                <iframe src="https://example.org/embed"></iframe><template><p>Removed template.</p></template>
                <p>Kept last.</p>
                </article></body></html>
                """))
        #expect(article.body == "Kept first.\n\nKept navigator quote.\n\nKept menuhint.\n\nKept last.")
    }

    @Test func endsParagraphsAtBlockElementsAndCollapsesWhitespace() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><body><article>
                <p>Line one
                   continues\there.<br>After a break.</p>
                <div>Div <span>with</span> <b>inline</b><i>markup</i></div>
                <h2>A subheading</h2><h3>Another</h3>
                <section><p>Nested in a section</p> trailing text</section>
                <pre>  preformatted   text  </pre>
                <table><tr><td>Mali</td><td>2020</td></tr><tr><th>Niger</th><td>2023</td></tr></table>
                <dl><dt>Junta</dt><dd>Military government</dd></dl>
                <figure><img src="x.png" alt="ignored"><figcaption>Colonel Goïta in Bamako</figcaption></figure>
                </article></body></html>
                """))
        #expect(
            article.body == """
                Line one continues here.

                After a break.

                Div with inlinemarkup

                A subheading

                Another

                Nested in a section

                trailing text

                preformatted text

                Mali 2020

                Niger 2023

                Junta

                Military government

                Colonel Goïta in Bamako
                """)
    }

    @Test func decodesEntities() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><head><title>ECOWAS &amp; the juntas</title></head><body>
                <p>Assimi Go&iuml;ta met the d&eacute;l&eacute;gation &#8211; in Bamako&#x2019;s palace &lt;today&gt;.</p>
                <p>AT&amp;T&nbsp;and Caf&#233;</p>
                </body></html>
                """))
        #expect(article.title == "ECOWAS & the juntas")
        #expect(article.body == "Assimi Goïta met the délégation – in Bamako’s palace <today>.\n\nAT&T and Café")
    }

    @Test func decodesALatin1PageByItsMetaCharset() throws {
        func latin1(_ text: String) -> [UInt8] {
            text.unicodeScalars.map { UInt8($0.value) }
        }
        let html5 = latin1(
            "<html><head><meta charset=\"iso-8859-1\"><title>Goïta à Bamako</title></head>"
                + "<body><p>Le président de la transition a été reçu à Niamey.</p></body></html>")
        let html5Article = try #require(HTMLReader().read(html5, path: "latin1.html").articles.first)
        #expect(html5Article.title == "Goïta à Bamako")
        #expect(html5Article.body == "Le président de la transition a été reçu à Niamey.")

        // The charset after a non-ASCII byte, in an http-equiv meta, after the title.
        let httpEquiv = latin1(
            "<html><head><title>Coup d'État</title>"
                + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"></head>"
                + "<body><p>Sécurité</p></body></html>")
        let httpEquivArticle = try #require(HTMLReader().read(httpEquiv, path: "latin1.html").articles.first)
        #expect(httpEquivArticle.title == "Coup d'État")
        #expect(httpEquivArticle.body == "Sécurité")
    }

    @Test func decodesOtherCharsetsDeclaredAfterNonASCIIText() throws {
        // libxml2 alone would fall back to ISO-8859-1 at the first non-ASCII byte,
        // before it reaches the declaration.
        let windows1252: [UInt8] =
            Array("<html><head><title>Coup d'".utf8) + [0xC9] + Array("tat</title><meta charset=\"windows-1252\">".utf8)
            + Array("</head><body><p>The junta promised ".utf8) + [0x93] + Array("elections".utf8) + [0x94]
            + Array(".</p></body></html>".utf8)
        let quoted = try #require(HTMLReader().read(windows1252, path: "cp1252.html").articles.first)
        #expect(quoted.title == "Coup d'État")
        #expect(quoted.body == "The junta promised “elections”.")

        // "Переворот в Нигере" (coup in Niger) in windows-1251.
        let coupInNiger: [UInt8] = [
            0xCF, 0xE5, 0xF0, 0xE5, 0xE2, 0xEE, 0xF0, 0xEE, 0xF2, 0x20, 0xE2, 0x20, 0xCD, 0xE8, 0xE3, 0xE5, 0xF0, 0xE5,
        ]
        let windows1251: [UInt8] =
            Array("<html><head><title>".utf8) + coupInNiger + Array("</title>".utf8)
            + Array("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>".utf8)
            + Array("</head><body><p>".utf8) + coupInNiger + Array("?</p></body></html>".utf8)
        let cyrillic = try #require(HTMLReader().read(windows1251, path: "cp1251.html").articles.first)
        #expect(cyrillic.title == "Переворот в Нигере")
        #expect(cyrillic.body == "Переворот в Нигере?")
    }

    @Test func keepsTheTextBeforeBytesInvalidInTheDeclaredCharset() throws {
        // libxml2 stops decoding at the first byte sequence invalid in the charset.
        let page: [UInt8] =
            Array("<html><head><meta charset=\"shift_jis\"><title>Junta</title></head><body><p>Kept ".utf8)
            + [0x81, 0xFF, 0x82] + Array(" lost</p></body></html>".utf8)
        let article = try #require(HTMLReader().read(page, path: "sjis.html").articles.first)
        #expect(article.title == "Junta")
        #expect(article.body.hasPrefix("Kept"))
    }

    @Test func assumesUTF8WithoutACharset() throws {
        let article = try #require(
            onlyArticle("<html><head><title>Goïta</title></head><body><p>Sécurité – “alliance”</p></body></html>"))
        #expect(article.title == "Goïta")
        #expect(article.body == "Sécurité – “alliance”")
    }

    @Test func readsUTF8WhenTheDeclaredCharsetIsUnknown() throws {
        let article = try #require(
            onlyArticle("<html><head><meta charset=\"x-klingon\"><title>Goïta</title></head><p>Sécurité</p></html>"))
        #expect(article.title == "Goïta")
        #expect(article.body == "Sécurité")
    }

    @Test func readsAUTF8PageThatDeclaresItsCharsetLate() throws {
        let article = try #require(
            onlyArticle(
                "<html><head><title>Goïta</title><meta charset=\"UTF-8\"></head><body><p>Sécurité</p></body></html>"))
        #expect(article.title == "Goïta")
        #expect(article.body == "Sécurité")
    }

    @Test func recoversFromMalformedMarkup() throws {
        let article = try #require(
            onlyArticle(
                """
                <html><head><title>Sudan ceasefire</title><body>
                <article><h1>Sudan ceasefire collapses</h2>
                <p>Fighting resumed in Khartoum <b>on <i>Sunday</b></i>.
                <p>The RSF & the army blamed each other</div></span>
                <p>Talks in Jeddah were suspended.
                """))
        #expect(article.title == "Sudan ceasefire collapses")
        #expect(
            article.body == """
                Fighting resumed in Khartoum on Sunday.

                The RSF & the army blamed each other

                Talks in Jeddah were suspended.
                """)
    }

    @Test func readsDeeplyNestedMarkupUpToLibxml2sDepthLimit() {
        func page(depth: Int) -> String {
            "<html><body><article><p>Before the nest.</p>" + String(repeating: "<div>", count: depth)
                + "<p>Deep text about Mali.</p>" + String(repeating: "</div>", count: depth)
                + "</article></body></html>"
        }
        let shallow = read(page(depth: 240)).articles.first?.body
        #expect(shallow == "Before the nest.\n\nDeep text about Mali.")
        // libxml2 stops parsing at 256 open elements (the limit guards against stack exhaustion);
        // what came before is kept.
        let deep = read(page(depth: 20_000)).articles.first?.body
        #expect(deep == "Before the nest.")
    }

    @Test func reportsAPageWithoutText() {
        for html in [
            "", "   ", "<html><head><title>Only a title</title></head><body></body></html>",
            "<html><body><nav><p>Home</p></nav><script>var x = 1;</script><footer>Footer</footer></body></html>",
        ] {
            let result = read(html, path: "empty.html")
            #expect(result.articles.isEmpty)
            #expect(
                result.problems == [
                    IngestProblem(location: Location(path: "empty.html", line: 1), reason: "no article text found")
                ])
        }
    }

    // MARK: Fragments

    @Test func turnsFragmentsIntoParagraphs() {
        #expect(
            HTMLReader.text(fromHTMLFragment: "<p>Mali &amp; Niger</p><p>left <b>ECOWAS</b><br/>in 2024</p>")
                == "Mali & Niger\n\nleft ECOWAS\n\nin 2024")
        #expect(HTMLReader.text(fromHTMLFragment: "  Plain   text,\n no markup  ") == "Plain text, no markup")
        #expect(HTMLReader.text(fromHTMLFragment: "") == "")
        #expect(
            HTMLReader.text(fromHTMLFragment: "<p>Kept</p><script>alert(1)</script><div class=\"share\">Share</div>")
                == "Kept")
        #expect(HTMLReader.text(fromHTMLFragment: "Caf&eacute; &#x2014; d&#233;j&agrave; vu") == "Café — déjà vu")
        #expect(
            HTMLReader.text(fromHTMLFragment: "<h2>Title</h2>Text after<ul><li>one</li><li>two</li></ul>")
                == "Title\n\nText after\n\none\n\ntwo")
    }
}
