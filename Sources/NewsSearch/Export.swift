import Foundation
import NewsModel
import Xapian

/// The forms an export takes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// JSON Lines in the interchange form (what `dossier ingest` reads): one article a line.
    case jsonl
    /// CSV (RFC 4180) with a header row, for spreadsheets.
    case csv

    /// The media type of an export.
    public var mediaType: String {
        switch self {
        case .jsonl: "application/x-ndjson; charset=utf-8"
        case .csv: "text/csv; charset=utf-8; header=present"
        }
    }

    /// What comes before the first article (the CSV header row).
    public var header: Data {
        switch self {
        case .jsonl: Data()
        case .csv: Data((ExportFormat.columns.joined(separator: ",") + "\r\n").utf8)
        }
    }

    /// The CSV columns; list fields hold their values joined by "; ".
    public static let columns = [
        "id", "date", "title", "countries", "country_codes", "categories", "topics", "source", "url", "body",
    ]

    /// One article, ended by a line break.
    public func line(_ article: Article, encoder: JSONEncoder) -> Data {
        switch self {
        case .jsonl:
            return ((try? encoder.encode(article)) ?? Data("{}".utf8)) + Data("\n".utf8)
        case .csv:
            let fields = [
                article.id, article.date ?? "", article.title, article.countries.joined(separator: "; "),
                article.countryCodes.joined(separator: "; "), article.categories.joined(separator: "; "),
                article.topics.joined(separator: "; "), article.source, article.url ?? "", article.body,
            ]
            return Data((fields.map(ExportFormat.csvField).joined(separator: ",") + "\r\n").utf8)
        }
    }

    /// The encoder of JSON Lines exports.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A CSV field: quoted when it holds a comma, a quote or a line break
    /// (quotes doubled). One that a spreadsheet would run as a formula
    /// (starting with =, +, -, @, a tab or a carriage return) gets a `'`
    /// first, so that opening an export never runs what an article says.
    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Every match of a search, a page of articles at a time, in the order
/// they are in the index (shard by shard): only one page of articles is
/// held at once. No ranking, no collapsing, no spelling correction: the
/// query as given. Made by ``Searcher/export(_:pageSize:matchPage:)``; used
/// from one thread at a time.
///
/// The matches are read from Xapian `matchPage` at a time, in weightless
/// passes in ascending document order, and decoded a page at a time. Locally
/// each pass over a database starts after the last document of the one before
/// (``Enquire/mset(after:limit:)``), so memory stays flat however many match;
/// over remote shards, whose servers cannot run that, each pass skips the
/// matches already read (an offset), for which Xapian keeps an entry each.
public final class ExportCursor {
    /// One database (or, remote, the shards together) and where its next pass starts.
    private struct Part {
        let enquire: Enquire
        /// Locally the last document read; remotely the matches read.
        var resume = 0
        var done = false
    }

    private var parts: [Part]
    private let path: String
    private let pageSize: Int
    private let isRemote: Bool
    /// Matches asked of each pass of the matcher.
    private let matchPage: Int
    private var mset: MSet?
    private var found = 0
    private var position = 0
    /// Articles handed out so far.
    public private(set) var count = 0

    init(enquires: [Enquire], path: String, pageSize: Int, matchPage: Int, isRemote: Bool) {
        parts = enquires.map { Part(enquire: $0) }
        self.path = path
        self.pageSize = pageSize
        self.matchPage = matchPage
        self.isRemote = isRemote
    }

    /// The next page of articles; nil after the last.
    public func next() throws(SearchError) -> [Article]? {
        try mappingErrors(path: path) { () throws -> [Article]? in
            while mset == nil || position == found {
                guard let index = parts.firstIndex(where: { !$0.done }) else { return nil }
                let part = parts[index]
                let next =
                    isRemote
                    ? try part.enquire.mset(offset: part.resume, limit: matchPage)
                    : try part.enquire.mset(after: DocumentID(part.resume), limit: matchPage)
                found = try next.count
                position = 0
                if found < matchPage { parts[index].done = true }
                guard found > 0 else {
                    mset = nil
                    continue
                }
                parts[index].resume = isRemote ? part.resume + found : Int(try next.hit(found - 1).documentID)
                // Remote shards send a pass's documents in one round trip,
                // rather than one each; a local database reads them as asked.
                if isRemote { try next.fetch() }
                mset = next
            }
            guard let mset else { return nil }
            let end = min(position + pageSize, found)
            var articles: [Article] = []
            articles.reserveCapacity(end - position)
            for index in position..<end {
                if let article = StoredArticle.decode(try mset.document(index).data()) { articles.append(article) }
            }
            position = end
            count += articles.count
            return articles
        }
    }
}

extension Searcher {
    /// Every article matching `request`'s query and filters (its paging,
    /// sort, facets and collapse are ignored), ``ExportCursor/next()`` a
    /// page of `pageSize` at a time, from passes of the matcher over
    /// `matchPage` matches at a time.
    public func export(_ request: SearchRequest, pageSize: Int = 1000, matchPage: Int = 10_000) throws(SearchError)
        -> ExportCursor
    {
        let filters = try filterBuilder.filters(request.filters)
        let trimmed = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        return try mappingErrors(path: path) {
            var query: Query
            if trimmed.isEmpty {
                query = try Query.matchAll()
            } else {
                let parsed = try queryParser.parse(trimmed, match: request.match)
                query = parsed.counted ?? parsed.query
            }
            if let filter = try filters.combined() { query = try query.filtered(by: filter) }
            // Locally, each database of the index on its own (paging after a
            // document needs one database); remotely, the shards together.
            var databases = [database]
            if !isRemote, let stub = try? IndexStub.read(folder: path), stub.localPaths.count > 1 {
                databases = try stub.localPaths.map { relative in
                    try Database(path: relative.hasPrefix("/") ? relative : path + "/" + relative)
                }
            }
            let enquires = try databases.map { database in
                let enquire = try Enquire(database: database)
                try enquire.setWeighting(.boolean)
                try enquire.setDocumentIDOrder(.ascending)
                try enquire.setQuery(query)
                return enquire
            }
            return ExportCursor(
                enquires: enquires, path: path, pageSize: max(1, pageSize), matchPage: max(1, matchPage),
                isRemote: isRemote)
        }
    }
}
