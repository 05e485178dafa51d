import CLibXML2
import Foundation
import NewsModel

/// Reads a saved HTML article page (one article a page) with libxml2's HTML parser.
///
/// - The title is the first `<h1>` of the article (or, failing that, the first one
///   outside the page's navigation and boilerplate), else `og:title`, else `<title>`
///   without a short trailing site name (" | Reuters", " - BBC News").
/// - The date is passed through as the page gives it: `<time datetime>` (in the
///   article first), else the `article:published_time`, `date` or `datePublished` meta.
/// - Categories are the `article:section` metas and the text of `rel="category"` and
///   `rel="tag"` links outside navigation and sidebars.
/// - The URL is the canonical link, else `og:url`; the source is `og:site_name`.
/// - The body is the text of `<article>`, else `<main>`, else `[role=main]`, else
///   `<body>`, without scripts, navigation, headers, footers, forms and the like, nor
///   elements whose class or id names them (`site-footer`, `share-buttons`...); one
///   paragraph per block element, paragraphs separated by a blank line.
///
/// A page without body text gives the problem "no article text found" and no
/// article. Articles are located at line 1 of the page.
public struct HTMLReader: ArticleReader {
    public init() {}

    /// Reads the page in `data`, saved at `path`.
    public func read(_ data: [UInt8], path: String) -> ReadResult {
        let location = SourceLocation(path: path, line: 1)
        let noText = ReadResult(problems: [IngestProblem(location: location, reason: "no article text found")])
        guard let document = Self.parse(data, encoding: Self.encoding(of: data)) else { return noText }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return noText }
        let page = PageScan(root)
        guard let content = page.content() else { return noText }
        let article = RawArticle(
            title: content.title, body: content.paragraphs.joined(separator: "\n\n"), date: page.date(in: content.root),
            categories: page.categories, url: page.url, source: page.meta("og:site_name"), location: location)
        return ReadResult(articles: [article])
    }

    /// The text of an HTML fragment (a feed item's description, say), by the same
    /// rules as a page's body: one paragraph per block element, paragraphs
    /// separated by a blank line, whitespace collapsed, entities decoded, scripts
    /// and boilerplate left out. Text without markup comes back with its
    /// whitespace collapsed.
    public static func text(fromHTMLFragment html: String) -> String {
        paragraphs(fromHTMLFragment: html).joined(separator: "\n\n")
    }

    /// The paragraphs of `text(fromHTMLFragment:)`.
    static func paragraphs(fromHTMLFragment html: String) -> [String] {
        guard let document = parse(Array(html.utf8), encoding: "UTF-8") else { return [] }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return [] }
        let body = childElements(root).first { localName($0) == "body" } ?? root
        return HTMLText.paragraphs(in: body)
    }

    /// Parses `data` as HTML, decoding it from `encoding` (nil: libxml2 detects it).
    /// The caller frees the document.
    static func parse(_ data: [UInt8], encoding: String?) -> xmlDocPtr? {
        LibXML2.initialise()
        let options =
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue
        return LibXML2.withBuffer(data) { buffer, count in
            htmlReadMemory(buffer, count, nil, encoding, Int32(options))
        }
    }

    /// The encoding to hand libxml2 for a page: nil (libxml2 detects it) when the
    /// page starts with a byte order mark, else the charset its `<meta>` tags (or
    /// XML declaration) name, else UTF-8. libxml2 ignores an encoding name it does
    /// not know, and detects the encoding itself.
    ///
    /// (On its own, libxml2 reads UTF-8 until a declaration, switching there, and
    /// falls back to ISO-8859-1 at the first byte that is not UTF-8: a page whose
    /// `<meta charset>` follows non-ASCII text in its title would be misread.)
    static func encoding(of data: [UInt8]) -> String? {
        let byteOrderMarks: [[UInt8]] = [[0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE]]
        if byteOrderMarks.contains(where: { data.starts(with: $0) }) { return nil }
        return CharsetSniffer(data).declaredCharset() ?? "UTF-8"
    }

    /// `title` without a trailing site name: the part after the last " | ", " – ",
    /// " — " or " - " is dropped when it is the page's `og:site_name` or at most four
    /// words long, and something is left before it.
    static func strippingSiteSuffix(_ title: String, siteName: String?) -> String {
        let separators = [" | ", " – ", " — ", " - "]
        let last = separators.compactMap { title.range(of: $0, options: .backwards) }
            .max { $0.lowerBound < $1.lowerBound }
        guard let last else { return title }
        let head = collapsingWhitespace(title[..<last.lowerBound])
        let tail = collapsingWhitespace(title[last.upperBound...])
        guard !head.isEmpty, !tail.isEmpty else { return title }
        if let siteName, tail.caseInsensitiveCompare(collapsingWhitespace(siteName)) == .orderedSame {
            return head
        }
        return tail.split(separator: " ").count <= 4 ? head : title
    }
}

/// How a page's elements are turned into paragraphs.
enum HTMLText {
    /// Elements left out with everything inside them.
    static let removedElements: Set<String> = [
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe",
        "template",
    ]

    /// Removed elements whose content is not part of the page's text at all: nothing
    /// in them (a `<title>` in an `<svg>`, a link in a `<noscript>`) describes the article.
    static let inertElements: Set<String> = ["script", "style", "noscript", "template", "svg", "iframe"]

    /// Elements that begin and end a paragraph.
    static let blockElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section", "article", "br", "tr",
        "figcaption", "dd", "dt", "ul", "ol", "dl", "table", "caption", "figure", "main", "address", "hr", "body",
    ]

    /// Words that, in an element's class or id, mark it as boilerplate.
    static let boilerplateWords: Set<String> = [
        "nav", "menu", "footer", "sidebar", "comment", "share", "related", "cookie",
    ]

    /// Boilerplate words that mark links to other articles (navigation, sidebars,
    /// related articles, comments), where category links and dates are not the article's.
    static let navigationalWords: Set<String> = ["nav", "menu", "sidebar", "related", "comment"]

    /// The boilerplate words in the class and id of `node`, as whole words between
    /// spaces, hyphens and underscores, ignoring case and a plural "s"
    /// (`site-footer` and `comments` count, `navigator-quote` does not).
    static func boilerplateWords(of node: XMLNodePointer) -> Set<String> {
        var found: Set<String> = []
        for name in ["class", "id"] {
            guard let value = xmlGetProp(node, name) else { continue }
            defer { LibXML2.free(value) }
            // Straight over the bytes (this runs for every element): ASCII letters are
            // lowercased, other bytes are part of words and never match.
            var word: [UInt8] = []
            var index = 0
            while true {
                let byte = value[index]
                switch byte {
                case 0, UInt8(ascii: " "), 0x09...0x0D, UInt8(ascii: "-"), UInt8(ascii: "_"):
                    if (3...8).contains(word.count) {
                        var candidate = String(decoding: word, as: UTF8.self)
                        if !boilerplateWords.contains(candidate), candidate.hasSuffix("s") {
                            candidate.removeLast()
                        }
                        if boilerplateWords.contains(candidate) { found.insert(candidate) }
                    }
                    word.removeAll(keepingCapacity: true)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
                default: word.append(byte)
                }
                if byte == 0 { break }
                index += 1
            }
        }
        return found
    }

    /// Whether the class/id rule never removes `node`: the page and its content
    /// containers, whose classes describe the page (`has-sidebar`,
    /// `category-comment`) rather than the element.
    static func isContentContainer(_ node: XMLNodePointer, name: String) -> Bool {
        switch name {
        case "html", "body", "article", "main": true
        default: hasToken("main", in: attribute(node, "role"))
        }
    }

    /// Whether the space-separated list `value` holds `token`, ignoring case.
    static func hasToken(_ token: String, in value: String?) -> Bool {
        guard let value else { return false }
        return value.lowercased().split(whereSeparator: \.isWhitespace).contains { $0 == token }
    }

    /// The paragraphs of the subtree at `root`, leaving out `skipping` (the title's
    /// `<h1>`), removed elements and, if `removingByClass`, elements that the
    /// class/id rule marks (`root` itself is always kept).
    static func paragraphs(
        in root: XMLNodePointer, skipping: XMLNodePointer? = nil, removingByClass: Bool = true
    ) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        // For each element entered: whether leaving it ends a paragraph.
        var endsParagraph: [Bool] = []

        func endParagraph() {
            if let paragraph = nonEmptyCollapsed(current) { paragraphs.append(paragraph) }
            current = ""
        }

        walkTree(
            from: root,
            enter: { node in
                if let data = characterData(node) {
                    current += data
                    return false
                }
                guard isElement(node) else { return false }
                let name = localName(node)
                let kept =
                    node == root
                    || (node != skipping && name != "head" && !removedElements.contains(name)
                        && !(removingByClass && !isContentContainer(node, name: name)
                            && !boilerplateWords(of: node).isEmpty))
                let block = kept && blockElements.contains(name)
                if block { endParagraph() }
                if kept, name == "td" || name == "th" { current += " " }
                endsParagraph.append(block)
                return kept
            },
            leave: { node in
                guard isElement(node) else { return }
                if endsParagraph.removeLast() { endParagraph() }
            })
        endParagraph()
        return paragraphs
    }
}

/// What one walk over a page finds: the candidates for the article's container,
/// its headings, dates, metas, links and title.
private struct PageScan {
    /// An element, and whether it lies outside every removed region.
    struct Found {
        var node: XMLNodePointer
        var clean: Bool
    }

    /// A `<meta>` element's keys (lowercased) and content.
    struct Meta {
        var property: String?
        var name: String?
        var itemprop: String?
        var content: String?
    }

    /// The page's text and the title that goes with it.
    struct Content {
        var root: XMLNodePointer
        var title: String?
        var paragraphs: [String]
    }

    var articles: [Found] = []
    var mains: [Found] = []
    var roleMains: [Found] = []
    var body: XMLNodePointer?
    var headings: [Found] = []
    /// `<time>` elements with a datetime, and whether they are outside navigation.
    var times: [(found: Found, datetime: String)] = []
    var metas: [Meta] = []
    var canonical: String?
    var pageTitle: String?
    var categoryLinks: [String] = []
    let documentRoot: XMLNodePointer

    init(_ root: XMLNodePointer) {
        documentRoot = root
        // How many open elements are removed (by name or class/id), removed by name,
        // inert (scripts, SVG...: nothing in them counts), or navigational.
        var depths = Region()
        var opened: [Region] = []
        walkTree(
            from: root,
            enter: { node in
                guard isElement(node) else { return false }
                let name = localName(node)
                let words = HTMLText.isContentContainer(node, name: name) ? [] : HTMLText.boilerplateWords(of: node)
                let region = Region(
                    removed: HTMLText.removedElements.contains(name) || !words.isEmpty,
                    removedByName: HTMLText.removedElements.contains(name),
                    inert: HTMLText.inertElements.contains(name),
                    navigational: name == "nav" || name == "aside"
                        || !words.isDisjoint(with: HTMLText.navigationalWords))
                opened.append(region)
                depths.add(region, 1)
                if depths.inert == 0 { self.record(node, name: name, in: depths) }
                return true
            },
            leave: { node in
                guard isElement(node) else { return }
                depths.add(opened.removeLast(), -1)
            })
    }

    /// What kinds of region an element is (or, as counts, how many of each are open).
    struct Region {
        var removed = 0
        var removedByName = 0
        var inert = 0
        var navigational = 0

        init() {}

        init(removed: Bool, removedByName: Bool, inert: Bool, navigational: Bool) {
            self.removed = removed ? 1 : 0
            self.removedByName = removedByName ? 1 : 0
            self.inert = inert ? 1 : 0
            self.navigational = navigational ? 1 : 0
        }

        mutating func add(_ other: Region, _ sign: Int) {
            removed += sign * other.removed
            removedByName += sign * other.removedByName
            inert += sign * other.inert
            navigational += sign * other.navigational
        }
    }

    /// Notes what `node` offers, given the regions it is in (itself included).
    private mutating func record(_ node: XMLNodePointer, name: String, in region: Region) {
        let found = Found(node: node, clean: region.removed == 0)
        if region.removedByName == 0 {
            switch name {
            case "article": articles.append(found)
            case "main": mains.append(found)
            default: if HTMLText.hasToken("main", in: attribute(node, "role")) { roleMains.append(found) }
            }
        }
        let outsideNavigation = region.navigational == 0
        switch name {
        case "title": pageTitle = pageTitle ?? nonEmptyCollapsed(textContent(node))
        case "meta": recordMeta(node)
        case "body": body = body ?? node
        case "h1": headings.append(found)
        case "time":
            if let datetime = nonEmptyCollapsed(attribute(node, "datetime")) {
                times.append((Found(node: node, clean: outsideNavigation), datetime))
            }
        case "link":
            if canonical == nil, HTMLText.hasToken("canonical", in: attribute(node, "rel")) {
                canonical = nonEmptyCollapsed(attribute(node, "href"))
            }
        case "a":
            let rel = attribute(node, "rel")
            if outsideNavigation, HTMLText.hasToken("category", in: rel) || HTMLText.hasToken("tag", in: rel) {
                categoryLinks.append(textContent(node))
            }
        default: break
        }
    }

    private mutating func recordMeta(_ node: XMLNodePointer) {
        metas.append(
            Meta(
                property: attribute(node, "property")?.lowercased(), name: attribute(node, "name")?.lowercased(),
                itemprop: attribute(node, "itemprop")?.lowercased(),
                content: nonEmptyCollapsed(attribute(node, "content"))
            ))
    }

    /// The content of the first meta whose property or name (or itemprop, if
    /// `itemprop`) is `key`.
    func meta(_ key: String, property: Bool = true, name: Bool = true, itemprop: Bool = false) -> String? {
        metas.first { meta in
            meta.content != nil
                && ((property && meta.property == key) || (name && meta.name == key)
                    || (itemprop && meta.itemprop == key))
        }?.content
    }

    /// The article's container and its text: the first candidate, in order, that
    /// has text. Containers outside boilerplate come first, then the body, then
    /// containers inside boilerplate (a theme's `content-sidebar-wrap`), then the
    /// body without the class/id rule.
    func content() -> Content? {
        var tried: Set<XMLNodePointer> = []
        let page = body ?? documentRoot
        let clean = [articles, mains, roleMains].compactMap { $0.first(where: \.clean)?.node }
        let any = [articles, mains, roleMains].compactMap { $0.first?.node }
        let attempts: [(root: XMLNodePointer, removingByClass: Bool)] =
            clean.map { ($0, true) } + [(page, true)] + any.map { ($0, true) } + [(page, false)]
        for attempt in attempts {
            if attempt.removingByClass, !tried.insert(attempt.root).inserted { continue }
            let heading = self.heading(in: attempt.root == page ? nil : attempt.root)
            let title =
                heading?.text ?? meta("og:title")
                ?? pageTitle.map {
                    HTMLReader.strippingSiteSuffix($0, siteName: meta("og:site_name"))
                }
            var paragraphs = HTMLText.paragraphs(
                in: attempt.root, skipping: heading?.node, removingByClass: attempt.removingByClass)
            if let title, paragraphs.count > 1, paragraphs.first == title { paragraphs.removeFirst() }
            if !paragraphs.isEmpty { return Content(root: attempt.root, title: title, paragraphs: paragraphs) }
        }
        return nil
    }

    /// The title heading: the first `<h1>` with text inside `container`, else the
    /// first one outside boilerplate.
    func heading(in container: XMLNodePointer?) -> (node: XMLNodePointer, text: String)? {
        if let container {
            for found in headings where isInside(found.node, container) {
                if let text = nonEmptyCollapsed(textContent(found.node)) { return (found.node, text) }
            }
        }
        for found in headings where found.clean {
            if let text = nonEmptyCollapsed(textContent(found.node)) { return (found.node, text) }
        }
        return nil
    }

    /// The date as the page gives it: the first `<time datetime>` inside `root`
    /// (unless it is the whole body), else the first outside navigation, sidebars
    /// and comments, else the publication-date metas.
    func date(in root: XMLNodePointer) -> String? {
        if root != body && root != documentRoot, let inside = times.first(where: { isInside($0.found.node, root) }) {
            return inside.datetime
        }
        if let anywhere = times.first(where: { $0.found.clean }) { return anywhere.datetime }
        return meta("article:published_time") ?? meta("date", property: false)
            ?? meta("datepublished", property: false, name: false, itemprop: true)
    }

    /// The `article:section` metas, then the category and tag links, each once.
    var categories: [String] {
        let sections = metas.filter { $0.property == "article:section" || $0.name == "article:section" }
            .compactMap(\.content)
        return distinctValues(sections + categoryLinks)
    }

    /// The canonical link, else `og:url`.
    var url: String? {
        canonical ?? meta("og:url")
    }
}

/// Finds the charset a page declares in its first 64 KiB: in a `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`, or in an XML
/// declaration at its start.
private struct CharsetSniffer {
    let bytes: ArraySlice<UInt8>

    init(_ data: [UInt8]) {
        bytes = data.prefix(65_536)
    }

    func declaredCharset() -> String? {
        if bytes.starts(with: Array("<?xml".utf8)) {
            let end = find("?>", from: bytes.startIndex) ?? bytes.endIndex
            if let name = value(after: "encoding", in: bytes.startIndex..<end) { return name }
        }
        var position = bytes.startIndex
        while let meta = find("<meta", from: position) {
            let end = bytes[meta...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.endIndex
            if let name = value(after: "charset", in: meta..<end) { return name }
            position = end
        }
        return nil
    }

    /// The name after `key`, `=` and an optional quote within `range`.
    private func value(after key: String, in range: Range<Int>) -> String? {
        var position = range.lowerBound
        while let found = find(key, from: position), found < range.upperBound {
            var index = found + key.utf8.count
            position = index
            while index < range.upperBound, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard index < range.upperBound, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < range.upperBound,
                [UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "'")].contains(bytes[index])
            {
                index += 1
            }
            let start = index
            while index < range.upperBound, isNameByte(bytes[index]) { index += 1 }
            if index > start { return String(decoding: bytes[start..<index], as: UTF8.self) }
        }
        return nil
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"):
            true
        default: false
        }
    }

    /// The index of the first occurrence of `needle` (ASCII, ignoring case) at or after `start`.
    private func find(_ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.lowercased().utf8)
        guard !pattern.isEmpty, bytes.endIndex - start >= pattern.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.endIndex {
            var matched = true
            for offset in 0..<pattern.count where lowercased(bytes[index + offset]) != pattern[offset] {
                matched = false
                break
            }
            if matched { return index }
            index += 1
        }
        return nil
    }

    private func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
