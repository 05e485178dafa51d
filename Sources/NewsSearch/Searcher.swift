import Foundation
import NewsModel
import Xapian

/// Why a search failed, in terms a person can act on.
public enum SearchError: Error, Sendable, CustomStringConvertible {
    /// No index at the path.
    case indexMissing(path: String)
    /// The index was built by another schema version.
    case incompatibleIndex(path: String, found: String)
    /// The query string is malformed; the message names the problem.
    case invalidQuery(String)
    /// Xapian failed otherwise.
    case engine(XapianError)

    public var description: String {
        switch self {
        case .indexMissing(let path):
            "no index at \(path); build one with `dossier index`"
        case .incompatibleIndex(let path, let found):
            "the index at \(path) has schema version \(found.isEmpty ? "unknown" : found), "
                + "this dossier needs \(Schema.version); rebuild it with `dossier index`"
        case .invalidQuery(let message):
            "invalid query: \(message)"
        case .engine(let error):
            "search failed: \(error)"
        }
    }
}

/// One result of a search.
public struct SearchHit: Sendable {
    /// 1-based rank.
    public let rank: Int
    public let article: Article
    public let score: Double
    public let snippet: Snippet
}

/// One page of results.
public struct SearchResults: Sendable {
    public let query: String
    /// The number of matching articles (exact).
    public let total: Int
    public let hits: [SearchHit]
}

/// Runs queries against an index. Not thread-safe: open one per task.
public final class Searcher {
    private let database: Database
    private let parser: QueryParser
    private let stemmer: Stem

    /// Opens the index at `configuration.path`.
    ///
    /// - Throws: ``SearchError/indexMissing(path:)`` or
    ///   ``SearchError/incompatibleIndex(path:found:)``.
    public init(path: String) throws(SearchError) {
        do {
            database = try Database(path: path)
            let version = try database.metadata(forKey: Schema.Metadata.version)
            guard version == String(Schema.version) else {
                throw SearchError.incompatibleIndex(path: path, found: version)
            }
            stemmer = try Stem(language: "english")
            parser = try QueryParser()
            try parser.setStemmer(stemmer)
            try parser.setStemmingStrategy(.some)
            try parser.setDatabase(database)
            try parser.setDefaultOperator(.and)
            try parser.addPrefix(field: Schema.title.name, prefix: Schema.title.prefix)
            for field in [Schema.country, Schema.category, Schema.topic, Schema.source, Schema.year] {
                try parser.addBooleanPrefix(field: field.name, prefix: field.prefix)
            }
            try parser.addDateRange(slot: Schema.Slot.date, prefix: "date:")
        } catch let error as SearchError {
            throw error
        } catch let error as XapianError where error.code == .databaseNotFound || error.code == .databaseOpening {
            throw .indexMissing(path: path)
        } catch let error as XapianError {
            throw .engine(error)
        } catch {
            throw .engine(XapianError(code: .unknown, type: "Swift", message: "\(error)"))
        }
    }

    /// Searches for `text`, best matches first.
    ///
    /// - Parameters:
    ///   - limit: how many hits to return.
    ///   - snippetLength: the snippet's target length, in bytes.
    public func search(_ text: String, limit: Int = 10, snippetLength: Int = 200) throws(SearchError) -> SearchResults {
        let query: Query
        do {
            // Fold the query as the index was folded: "Kaboré" finds "Kabore" and back.
            query = try parser.parse(TextNormalizer.fold(text), flags: [.default, .booleanAnyCase])
        } catch {
            throw error.code == .queryParser ? .invalidQuery(error.message) : .engine(error)
        }
        do {
            let enquire = try Enquire(database: database)
            try enquire.setQuery(query)
            let mset = try enquire.mset(limit: limit, checkAtLeast: database.documentCount)
            let decoder = JSONDecoder()
            var hits: [SearchHit] = []
            for index in 0..<(try mset.count) {
                let hit = try mset.hit(index)
                let data = Data(try mset.document(index).data())
                guard let article = try? decoder.decode(Article.self, from: data) else { continue }
                // Xapian matches folded terms, so the snippet is computed over
                // the folded body and then moved back onto the original text.
                let body = Snippet.sanitised(article.body)
                let (folded, origin) = TextNormalizer.foldedMapping(body)
                let marked = try mset.snippet(
                    folded, length: snippetLength, stemmer: stemmer, flags: .exhaustive,
                    highlight: (String(Snippet.start), String(Snippet.end)), omit: "…")
                let snippet = Snippet(marked: marked)
                let shown = snippet.mapped(toOriginal: body, folded: folded, origin: origin, omit: "…") ?? snippet
                hits.append(SearchHit(rank: hit.rank + 1, article: article, score: hit.weight, snippet: shown))
            }
            return SearchResults(query: text, total: try mset.matches().estimated, hits: hits)
        } catch {
            throw .engine(error)
        }
    }
}
