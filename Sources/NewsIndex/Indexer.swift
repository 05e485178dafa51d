import Foundation
import NewsModel
import Xapian

/// Where an index lives.
public struct IndexConfiguration: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }
}

/// Turns articles into Xapian documents following ``Schema``.
public struct Indexer {
    public let configuration: IndexConfiguration

    public init(configuration: IndexConfiguration) {
        self.configuration = configuration
    }

    /// Replaces the index with one holding exactly `articles`.
    ///
    /// - Returns: the number of documents in the new index.
    @discardableResult
    public func rebuild(_ articles: [Article]) throws -> Int {
        try FileManager.default.createDirectory(atPath: configuration.path, withIntermediateDirectories: true)
        let database = try WritableDatabase(path: configuration.path, action: .createOrOverwrite)
        let generator = try TermGenerator()
        try generator.setStemmer(Stem(language: "english"))
        try generator.setDatabase(database)
        try generator.setFlags(.spelling)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for article in articles {
            let document = try Document()
            try generator.setDocument(document)
            try generator.indexText(article.title, weight: Schema.titleWeight, prefix: Schema.titlePrefix)
            try generator.indexText(article.title)
            try generator.increaseTermPosition()
            try generator.indexText(article.body)
            try document.add(booleanTerm: Schema.idTerm(article.id))
            try document.setData(Array(encoder.encode(article)))
            try database.replace(uniqueTerm: Schema.idTerm(article.id), with: document)
        }
        try database.setMetadata(String(Schema.version), forKey: "dossier.schema")
        try database.commit()
        let count = try database.documentCount
        try database.close()
        return count
    }
}
