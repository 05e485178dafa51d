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

/// Why an index could not be written.
public enum IndexError: Error, Sendable, CustomStringConvertible {
    /// Another process is writing the index.
    case locked(path: String)
    /// The index was built by another schema version.
    case incompatible(path: String, found: String)
    /// Xapian failed otherwise.
    case engine(XapianError)

    public var description: String {
        switch self {
        case .locked(let path):
            "the index at \(path) is being written by another process; try again when it has finished"
        case .incompatible(let path, let found):
            "the index at \(path) has schema version \(found), this dossier writes \(Schema.version); "
                + "rebuild it with `dossier index`"
        case .engine(let error):
            "index failed: \(error)"
        }
    }
}

/// What an incremental update did.
public struct IndexUpdate: Sendable, Equatable {
    /// Articles whose id was new to the index.
    public var added = 0
    /// Articles that replaced one with the same id.
    public var replaced = 0

    public init(added: Int = 0, replaced: Int = 0) {
        self.added = added
        self.replaced = replaced
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
    public func rebuild(_ articles: [Article]) throws(IndexError) -> Int {
        try write(action: .createOrOverwrite) { database, documents in
            for article in articles {
                try database.replace(uniqueTerm: Schema.idTerm(article.id), with: documents(article))
            }
            return try database.documentCount
        }
    }

    /// Adds `articles` to the index (creating it if there is none), replacing
    /// those whose id is already there, in one transaction: readers see all
    /// of them or none, and a failure leaves the index as it was.
    public func add(_ articles: [Article]) throws(IndexError) -> IndexUpdate {
        try write(action: .createOrOpen) { database, documents in
            var update = IndexUpdate()
            try database.transaction {
                for article in articles {
                    let term = Schema.idTerm(article.id)
                    if try database.termFrequency(term) > 0 { update.replaced += 1 } else { update.added += 1 }
                    try database.replace(uniqueTerm: term, with: documents(article))
                }
            }
            return update
        }
    }

    /// Creates the index folder, opens the index for writing, checks its schema version, runs `body`
    /// with a document builder, records the schema version and commits.
    private func write<T>(
        action: WritableDatabase.Action,
        _ body: (WritableDatabase, (Article) throws -> Document) throws -> T
    ) throws(IndexError) -> T {
        do {
            try FileManager.default.createDirectory(atPath: configuration.path, withIntermediateDirectories: true)
            let database = try WritableDatabase(path: configuration.path, action: action)
            defer { try? database.close() }
            let found = try database.metadata(forKey: "dossier.schema")
            if try database.documentCount > 0 && found != String(Schema.version) {
                throw IndexError.incompatible(path: configuration.path, found: found.isEmpty ? "unknown" : found)
            }
            let builder = try DocumentBuilder(database: database)
            let result = try body(database, builder.document)
            try database.setMetadata(String(Schema.version), forKey: "dossier.schema")
            try database.commit()
            return result
        } catch let error as IndexError {
            throw error
        } catch let error as XapianError where error.code == .databaseLocked {
            throw .locked(path: configuration.path)
        } catch let error as XapianError {
            throw .engine(error)
        } catch {
            throw .engine(XapianError(code: .unknown, type: "Swift", message: "\(error)"))
        }
    }
}

/// Builds the Xapian document of an article, following ``Schema``.
struct DocumentBuilder {
    let generator: TermGenerator
    let encoder: JSONEncoder

    init(database: WritableDatabase) throws {
        generator = try TermGenerator()
        try generator.setStemmer(Stem(language: "english"))
        try generator.setDatabase(database)
        try generator.setFlags(.spelling)
        encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
    }

    func document(_ article: Article) throws -> Document {
        let document = try Document()
        try generator.setDocument(document)
        try generator.indexText(article.title, weight: Schema.titleWeight, prefix: Schema.titlePrefix)
        try generator.indexText(article.title)
        try generator.increaseTermPosition()
        try generator.indexText(article.body)
        try document.add(booleanTerm: Schema.idTerm(article.id))
        try document.setData(Array(encoder.encode(article)))
        return document
    }
}
