import CLibXML2
import NewsModel

/// Reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed with libxml2's XML parser: one
/// article an item or entry, located at the line where it starts.
///
/// - RSS: `guid` (else `rdf:about`), `title`, `link` (else a permalink `guid`),
///   `pubDate` (else `dc:date`), `category` and `dc:subject`, the channel's title
///   as the source, and the body from `content:encoded`, else `description`, read
///   as HTML.
/// - Atom: `id`, `title`, the `href` of the first `link` that is `alternate` or has
///   no `rel`, `published` (else `updated`), the `label` (else `term`) of each
///   `category`, the title of the entry's `source` (else of the feed) as the
///   source, and the body from `content`, else `summary`, read as HTML when its
///   type is `html` or `xhtml` and as plain text otherwise.
///
/// Dates are passed through as the feed gives them. External entities are never
/// loaded, nor anything from the network. An item with neither title nor text is
/// reported ("item has no title or text") and skipped; a document that is not a
/// feed gives one problem at line 1 and no articles.
public struct FeedReader: ArticleReader {
    public init() {}

    /// Reads the feed in `data`, saved at `path`.
    public func read(_ data: [UInt8], path: String) -> ReadResult {
        func notAFeed(_ reason: String) -> ReadResult {
            ReadResult(problems: [IngestProblem(location: SourceLocation(path: path, line: 1), reason: reason)])
        }
        guard let (document, wellFormed) = Self.parse(data) else {
            return notAFeed("not an RSS or Atom feed: the document could not be parsed")
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            return notAFeed("not an RSS or Atom feed: the document has no root element")
        }
        let items: [XMLNodePointer]
        let readItem: (XMLNodePointer, SourceLocation) -> RawArticle?
        switch localName(root) {
        case "rss":
            // Items belong in <channel>; a few feeds put them straight under <rss>.
            let channels = childElements(root).filter { localName($0) == "channel" }
            items = (channels + [root]).flatMap(childElements).filter { localName($0) == "item" }
            readItem = { rssItem($0, location: $1, rdf: false, source: channelTitle(of: $0, root: root)) }
        case "RDF":
            items = childElements(root).filter { localName($0) == "item" }
            readItem = { rssItem($0, location: $1, rdf: true, source: channelTitle(of: $0, root: root)) }
        case "feed":
            items = childElements(root).filter { localName($0) == "entry" }
            let feedTitle = atomTitle(of: root)
            readItem = { atomEntry($0, location: $1, feedTitle: feedTitle) }
        default:
            return notAFeed("not an RSS or Atom feed: the root element is <\(localName(root))>")
        }
        if items.isEmpty && !wellFormed {
            return notAFeed("not an RSS or Atom feed: malformed XML without any item")
        }
        var result = ReadResult()
        for item in items {
            let location = SourceLocation(path: path, line: max(1, xmlGetLineNo(item)))
            if let article = readItem(item, location) {
                result.articles.append(article)
            } else {
                result.problems.append(IngestProblem(location: location, reason: "item has no title or text"))
            }
        }
        return result
    }

    /// Parses `data` as XML, recovering what it can from malformed markup, never
    /// loading external entities or DTDs nor touching the network. Gives the
    /// document, which the caller frees, and whether it was well-formed.
    static func parse(_ data: [UInt8]) -> (xmlDocPtr, wellFormed: Bool)? {
        LibXML2.initialise()
        // Deliberately without XML_PARSE_NOENT and XML_PARSE_DTDLOAD: no external entities (XXE).
        let options =
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_RECOVER.rawValue | XML_PARSE_BIG_LINES.rawValue
        guard let context = xmlNewParserCtxt() else { return nil }
        defer { xmlFreeParserCtxt(context) }
        return LibXML2.withBuffer(data) { buffer, count in
            xmlCtxtReadMemory(context, buffer, count, nil, nil, Int32(options)).map {
                ($0, context.pointee.wellFormed != 0)
            }
        }
    }
}

private let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
private let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"

/// The article in an RSS item, or nil if it has neither title nor text. Its own
/// elements are those in the item's namespace (none in RSS 2.0, RSS 1.0's in RDF).
private func rssItem(_ item: XMLNodePointer, location: SourceLocation, rdf: Bool, source: String?) -> RawArticle? {
    let ownNamespace = namespaceURI(item)
    var fields: [String: XMLNodePointer] = [:]
    var categories: [String] = []
    for child in childElements(item) {
        let name = localName(child)
        let key: String
        switch namespaceURI(child) {
        case ownNamespace: key = name
        case contentNamespace: key = "content:" + name
        case dublinCoreNamespace: key = "dc:" + name
        default: continue
        }
        if key == "category" || key == "dc:subject" {
            categories.append(textContent(child))
        } else if fields[key] == nil {
            fields[key] = child
        }
    }
    func text(_ key: String) -> String? {
        fields[key].flatMap { nonEmptyCollapsed(textContent($0)) }
    }
    let title = text("title")
    let body =
        [fields["content:encoded"], fields["description"]].lazy.compactMap { $0 }
        .map(htmlParagraphs).first { !$0.isEmpty } ?? []
    guard title != nil || !body.isEmpty else { return nil }

    let guid = fields["guid"]
    var url = text("link")
    if url == nil, let guid, attribute(guid, "isPermaLink")?.lowercased() != "false",
        let value = text("guid"), value.hasPrefix("http://") || value.hasPrefix("https://")
    {
        url = value
    }
    return RawArticle(
        id: text("guid") ?? (rdf ? nonEmptyCollapsed(attribute(item, "about")) : nil), title: title,
        body: body.joined(separator: "\n\n"), date: text("pubDate") ?? text("dc:date"),
        categories: distinctValues(categories), url: url, source: source, location: location)
}

/// The title of the channel of an RSS item: its parent `<channel>` (RSS 2.0), else
/// the feed's first one (RSS 1.0 puts items beside the channel).
private func channelTitle(of item: XMLNodePointer, root: XMLNodePointer) -> String? {
    let parent = item.pointee.parent.flatMap { isElement($0) && localName($0) == "channel" ? $0 : nil }
    guard let channel = parent ?? childElements(root).first(where: { localName($0) == "channel" }) else {
        return nil
    }
    let ownNamespace = namespaceURI(channel)
    return childElements(channel).first { localName($0) == "title" && namespaceURI($0) == ownNamespace }
        .flatMap { nonEmptyCollapsed(textContent($0)) }
}

/// The `<title>` of an Atom feed or `<source>`, as one line.
private func atomTitle(of element: XMLNodePointer) -> String? {
    let ownNamespace = namespaceURI(element)
    return childElements(element).first { localName($0) == "title" && namespaceURI($0) == ownNamespace }
        .flatMap { nonEmptyCollapsed(atomParagraphs($0).joined(separator: " ")) }
}

/// The article in an Atom entry, or nil if it has neither title nor text. Its own
/// elements are those in the entry's namespace (Atom's, or none in a sloppy feed).
private func atomEntry(_ entry: XMLNodePointer, location: SourceLocation, feedTitle: String?) -> RawArticle? {
    let ownNamespace = namespaceURI(entry)
    var fields: [String: XMLNodePointer] = [:]
    var categories: [String] = []
    var url: String?
    for child in childElements(entry) where namespaceURI(child) == ownNamespace {
        let name = localName(child)
        switch name {
        case "category":
            if let value = nonEmptyCollapsed(attribute(child, "label")) ?? nonEmptyCollapsed(attribute(child, "term")) {
                categories.append(value)
            }
        case "link":
            let rel = attribute(child, "rel").map(collapsingWhitespace) ?? ""
            if url == nil, rel.isEmpty || rel == "alternate" { url = nonEmptyCollapsed(attribute(child, "href")) }
        default:
            if fields[name] == nil { fields[name] = child }
        }
    }
    func text(_ key: String) -> String? {
        fields[key].flatMap { nonEmptyCollapsed(textContent($0)) }
    }
    let title = fields["title"].flatMap { nonEmptyCollapsed(atomParagraphs($0).joined(separator: " ")) }
    let body =
        [fields["content"], fields["summary"]].lazy.compactMap { $0 }
        .map(atomParagraphs).first { !$0.isEmpty } ?? []
    guard title != nil || !body.isEmpty else { return nil }
    return RawArticle(
        id: text("id"), title: title, body: body.joined(separator: "\n\n"), date: text("published") ?? text("updated"),
        categories: distinctValues(categories), url: url, source: fields["source"].flatMap(atomTitle) ?? feedTitle,
        location: location)
}

/// The paragraphs of an element holding HTML: escaped (or in CDATA), as RSS has
/// it, or, in feeds that put it there unescaped, as child elements.
private func htmlParagraphs(_ element: XMLNodePointer) -> [String] {
    if !childElements(element).isEmpty { return HTMLText.paragraphs(in: element) }
    return HTMLReader.paragraphs(fromHTMLFragment: textContent(element))
}

/// The paragraphs of an Atom text construct or content, by its `type`: `html`
/// (escaped HTML), `xhtml` (an XHTML `<div>` inline), text otherwise (paragraphs at
/// blank lines). Content given by reference (`src`) or as other media has none.
private func atomParagraphs(_ element: XMLNodePointer) -> [String] {
    if attribute(element, "src") != nil { return [] }
    let type = attribute(element, "type").map(collapsingWhitespace)?.lowercased() ?? "text"
    switch type {
    case "html", "text/html":
        return htmlParagraphs(element)
    case "xhtml", "application/xhtml+xml":
        return HTMLText.paragraphs(in: element)
    case "text", "text/plain":
        return plainParagraphs(textContent(element))
    default:
        return []
    }
}

/// The paragraphs of plain text: separated by blank lines, whitespace collapsed.
private func plainParagraphs(_ text: String) -> [String] {
    var paragraphs: [String] = []
    var current: [Substring] = []
    let lines: [Substring] = text.split(separator: "\n", omittingEmptySubsequences: false) + [""]
    for line in lines {
        if line.allSatisfy(\.isWhitespace) {
            if let paragraph = nonEmptyCollapsed(current.joined(separator: " ")) { paragraphs.append(paragraph) }
            current = []
        } else {
            current.append(line)
        }
    }
    return paragraphs
}
