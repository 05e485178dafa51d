import Foundation
import NewsModel
import Xapian

/// What `dossier stats` reports about an index.
public struct IndexStats: Sendable, Codable, Equatable {
    public var path: String
    public var articles: Int
    public var bytes: Int64
    public var shards: Int
    /// The schema version the index was built with (nil: not recorded).
    public var schemaVersion: Int?
    public var built: String?
    public var updated: String?
    public var corpus: String?
    /// Distinct values of each of ``countedFields``, by field name.
    public var facets: [String: Int]
    /// The fields whose distinct values are counted: the boolean fields of
    /// the query language (country, category, topic, source, year).
    public static let countedFields = Schema.fields.filter { $0.kind == .boolean && $0.uses.contains(.query) }
    /// The earliest and latest publication dates, `YYYY-MM-DD`.
    public var firstDate: String?
    public var lastDate: String?
    /// Articles with no publication date.
    public var undated: Int

    /// Reads the statistics of the index at `path`.
    public init(path: String) throws(IndexError) {
        let store = IndexStore(path: path)
        do {
            let database = try Database(path: path)
            self.path = path
            articles = try database.documentCount
            bytes = store.size()
            // A client of shard servers: its remote shards (its local database
            // holds only spelling data and metadata).
            let stub = (try? IndexStub.read(folder: path)) ?? nil
            let remote = stub?.entries.filter { if case .remote = $0 { true } else { false } }.count ?? 0
            shards = max(1, remote > 0 ? remote : store.live().count)
            schemaVersion = Int(try database.metadata(forKey: Schema.Metadata.version))
            func meta(_ key: String) throws -> String? {
                let value = try database.metadata(forKey: key)
                return value.isEmpty ? nil : value
            }
            built = try meta(Schema.Metadata.built)
            updated = try meta(Schema.Metadata.updated)
            corpus = try meta(Schema.Metadata.corpus)
            var facets: [String: Int] = [:]
            for field in IndexStats.countedFields {
                facets[field.name] = try database.allTerms(prefix: field.prefix).count
            }
            self.facets = facets
            let days = try database.allTerms(prefix: Schema.date.prefix).map(\.term)
            func iso(_ term: String?) -> String? {
                guard let term, term.count == 9 else { return nil }
                let digits = Array(term.dropFirst())
                return String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
            }
            firstDate = iso(days.first)
            lastDate = iso(days.last)
            undated = articles - (try database.valueFrequency(slot: Schema.Slot.date))
        } catch let error as XapianError where error.code == .databaseNotFound || error.code == .databaseOpening {
            throw .io("no index at \(path); build one with `dossier index`")
        } catch {
            throw IndexError.wrap(error, path: path)
        }
    }
}
