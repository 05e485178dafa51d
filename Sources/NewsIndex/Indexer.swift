import Foundation
import NewsModel
import Xapian

/// What an incremental update did.
public struct IndexUpdate: Sendable, Equatable {
    /// Articles whose id was new to the index.
    public var added = 0
    /// Articles that replaced one with the same id.
    public var replaced = 0
    /// Articles removed because their source file is gone (`--prune`).
    public var pruned = 0
    /// Articles deleted by id.
    public var deleted = 0

    public init(added: Int = 0, replaced: Int = 0, pruned: Int = 0, deleted: Int = 0) {
        self.added = added
        self.replaced = replaced
        self.pruned = pruned
        self.deleted = deleted
    }
}

/// Adds to, replaces in and prunes the live index, one batch per Xapian
/// transaction: readers see a whole batch or none of it. Holds the index's
/// writer lock until ``close()`` succeeds, or until it is deinitialised
/// (after a failure). Creates the index if there is none.
public final class IndexWriter {
    private let store: IndexStore
    private let lock: WriterLock
    /// The live databases: one, or the shards of a sharded index (articles
    /// go to the shard their id hashes to, as in a rebuild).
    private let shards: [WritableDatabase]
    /// The live databases' paths, relative to the index folder.
    private let paths: [String]
    private let builders: [DocumentBuilder]
    public private(set) var update = IndexUpdate()
    /// The arrival stamp of the articles this writer adds that are new or
    /// changed (``Schema/Slot/arrived``).
    public let stamp: String

    public init(configuration: IndexConfiguration) throws(IndexError) {
        store = IndexStore(path: configuration.path)
        try store.checkWritable()
        lock = try WriterLock(folder: configuration.path, purpose: "dossier ingest")
        do {
            store.sweep()
            if store.live().isEmpty {
                if store.isLegacy {
                    throw IndexError.incompatible(path: configuration.path, found: "1")
                }
                let generation = store.newGeneration()
                let database = try WritableDatabase(
                    path: configuration.path + "/" + generation, action: .createOrOverwrite)
                try database.setMetadata(String(Schema.version), forKey: Schema.Metadata.version)
                try database.setMetadata(Date().ISO8601Format(), forKey: Schema.Metadata.built)
                try database.commit()
                try database.close()
                try store.switchTo([generation])
            }
            paths = store.live()
            shards = try paths.map { try openHeld(configuration.path + "/" + $0) }
            for shard in shards {
                let found = try shard.metadata(forKey: Schema.Metadata.version)
                let count = try shard.documentCount
                if found != String(Schema.version) && count > 0 {
                    throw IndexError.incompatible(path: configuration.path, found: found.isEmpty ? "unknown" : found)
                }
            }
            let stamp = Schema.arrivalStamp()
            builders = try shards.map { shard in
                var builder = try DocumentBuilder(database: shard)
                builder.arrival = Arrival(previous: shard, stamp: stamp)
                return builder
            }
            self.stamp = stamp
        } catch {
            throw IndexError.wrap(error, path: configuration.path)
        }
    }

    /// Adds `articles` (each with the file it came from), replacing those whose
    /// id is already in the index, in one transaction per shard.
    public func add(_ articles: [(article: Article, file: String?)]) throws(IndexError) {
        var byShard = [[(article: Article, file: String?)]](repeating: [], count: shards.count)
        for item in articles { byShard[Int(FNV1a.hash(item.article.id) % UInt64(shards.count))].append(item) }
        do {
            for (index, items) in byShard.enumerated() where !items.isEmpty {
                let shard = shards[index]
                try shard.transaction {
                    for item in items {
                        let term = Schema.idTerm(item.article.id)
                        if try shard.termFrequency(term) > 0 { update.replaced += 1 } else { update.added += 1 }
                        try shard.replace(
                            uniqueTerm: term, with: builders[index].document(item.article, file: item.file))
                    }
                }
            }
        } catch {
            throw IndexError.wrap(error, path: store.path)
        }
    }

    /// Deletes the articles with these ids, in one transaction per shard.
    /// - Returns: the ids that were in the index (and are gone now), in the order given.
    @discardableResult
    public func delete(ids: [String]) throws(IndexError) -> [String] {
        var byShard = [[String]](repeating: [], count: shards.count)
        for id in ids { byShard[Int(FNV1a.hash(id) % UInt64(shards.count))].append(id) }
        var found = Set<String>()
        do {
            for (index, ids) in byShard.enumerated() where !ids.isEmpty {
                let shard = shards[index]
                try shard.transaction {
                    for id in ids where try shard.termFrequency(Schema.idTerm(id)) > 0 {
                        try shard.delete(uniqueTerm: Schema.idTerm(id))
                        found.insert(id)
                    }
                }
            }
        } catch {
            throw IndexError.wrap(error, path: store.path)
        }
        update.deleted += found.count
        var seen = Set<String>()
        return ids.filter { found.contains($0) && seen.insert($0).inserted }
    }

    /// Removes the articles that came from a file under one of `folders`
    /// (absolute paths) that no longer exists, in one transaction per shard.
    /// - Returns: how many articles were removed.
    @discardableResult
    public func prune(under folders: [String]) throws(IndexError) -> Int {
        let roots = folders.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        var removed = 0
        do {
            for shard in shards {
                let gone = try shard.allTerms(prefix: Schema.file.prefix).filter { item in
                    let path = String(item.term.dropFirst(Schema.file.prefix.count))
                    return !path.hasPrefix("#") && roots.contains { path.hasPrefix($0) }
                        && !FileManager.default.fileExists(atPath: path)
                }
                guard !gone.isEmpty else { continue }
                try shard.transaction {
                    for item in gone {
                        removed += item.frequency
                        try shard.delete(uniqueTerm: item.term)
                    }
                }
            }
        } catch {
            throw IndexError.wrap(error, path: store.path)
        }
        update.pruned += removed
        return removed
    }

    /// Records the update time and article count, commits and releases the lock.
    public func close() throws(IndexError) {
        do {
            var count = 0
            for shard in shards { count += try shard.documentCount }
            for shard in shards {
                try shard.setMetadata(Date().ISO8601Format(), forKey: Schema.Metadata.updated)
                try shard.setMetadata(String(count), forKey: Schema.Metadata.articles)
                try shard.commit()
                try shard.close()
            }
            store.writeFacetColumns(paths)
            lock.release()
        } catch {
            throw IndexError.wrap(error, path: store.path)
        }
    }
}

/// Builds the Xapian document of an article, following ``Schema``.
///
/// Not thread-safe (it owns a `TermGenerator`): one per writer.
public struct DocumentBuilder {
    let generator: TermGenerator
    let pairs: WordPairs
    /// How arrival stamps are given (nil: none are written).
    public var arrival: Arrival?

    /// A builder for documents of `database` (its spelling data grows as
    /// documents are built).
    public init(database: WritableDatabase) throws {
        generator = try TermGenerator()
        pairs = try WordPairs(prefix: Schema.wordPairs.prefix, skipping: Schema.stopWords)
        try generator.setStemmer(Stem(language: "english"))
        try generator.setStemmingStrategy(.some)
        try generator.setDatabase(database)
        try generator.setFlags(.spelling)
    }

    /// The document of `article`, read from `file` (nil: not from a file).
    public func document(_ article: Article, file: String? = nil) throws -> Document {
        let document = try Document()
        try generator.setDocument(document)
        let title = TextNormalizer.fold(article.title)
        try generator.indexText(title, weight: Schema.titleWeight, prefix: Schema.title.prefix)
        try generator.indexText(title, weight: Schema.titleTextWeight)
        try generator.increaseTermPosition(by: Schema.titleGap)
        let body = TextNormalizer.fold(article.body)
        try generator.indexText(body)
        try document.addWordPairs(pairs)

        try document.add(booleanTerm: Schema.idTerm(article.id))
        if let file { try document.add(booleanTerm: Schema.fileTerm(file)) }
        for field in Schema.fields where field.kind == .boolean {
            for value in field.values(article) { try document.add(booleanTerm: Schema.term(field, value)) }
        }
        if let date = article.date, let day = Schema.compactDate(date) {
            try document.addValue(day, slot: Schema.Slot.date)
        }
        let hash = Schema.textHash(body, folded: true)
        try document.addValue(hash, slot: Schema.Slot.textHash)
        let stamp = try arrival?.stamp(of: article, hash: hash) ?? ""
        if !stamp.isEmpty { try document.addValue(stamp, slot: Schema.Slot.arrived) }
        try document.add(booleanTerm: Schema.textHashField.prefix + hash)
        for slot in Schema.facetSlots {
            let value = Schema.facetValue(article, slot)
            if !value.isEmpty { try document.addValue(value, slot: slot.slot) }
        }
        try document.addValues(Schema.taggedFacetValues(article), slot: Schema.Slot.facets)
        try document.setData(
            StoredArticle.encode(article, stamps: StoredArticle.HitStamps(textHash: hash, arrived: stamp)))
        return document
    }
}

/// The arrival stamp (``Schema/Slot/arrived``) a document gets: the one it
/// had in `previous` when the same id was there with the same title and
/// text (even none, for an index written before stamps), else `stamp`.
public struct Arrival {
    /// Where the articles indexed so far are looked up (nil: nowhere, all are new).
    let previous: Database?
    /// The stamp of articles that are new, or changed.
    public let stamp: String

    public init(previous: Database?, stamp: String = Schema.arrivalStamp()) {
        self.previous = previous
        self.stamp = stamp
    }

    /// The stamp of `article`, whose folded body has `hash`.
    func stamp(of article: Article, hash: String) throws -> String {
        guard let previous, let id = try previous.firstDocument(withTerm: Schema.idTerm(article.id)) else {
            return stamp
        }
        let old = try previous.document(id)
        guard try old.stringValue(Schema.Slot.textHash) == hash,
            StoredArticle.decode(try old.data())?.title == article.title
        else { return stamp }
        return try old.stringValue(Schema.Slot.arrived)
    }
}
