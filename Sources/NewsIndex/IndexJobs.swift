import Foundation
import NewsEnrich
import NewsIngest
import NewsModel

/// The three writes of an index, from input to index, the same under every
/// front end (the command line and the HTTP service): a full rebuild from a
/// corpus folder, an ingest of files and folders into the live index, and an
/// ingest of a request body.
///
/// Each one reads through an ``IngestPipeline`` (so exact duplicates are
/// dropped and reported the same way everywhere), hands every
/// ``IngestEvent`` to the caller as it happens, for progress and messages,
/// and returns an ``IndexReport``. Everything a write needs is passed in as
/// values: nothing here reads or sets the process environment.
///
/// Errors: an ``IndexError`` when the index cannot be opened for writing
/// (another writer holds it, an incompatible index), before anything was
/// written; ``IndexJobError`` for what went wrong later; and whatever the
/// caller's `handle` throws, which stops the write as an error would.
public struct IndexJobs: Sendable {
    /// Where the index is and how it is built.
    public var configuration: IndexConfiguration
    /// How inputs are read and enriched.
    public var pipeline: IngestPipeline
    /// Where ``ingest(_:prune:handle:)`` keeps articles from outside the
    /// corpus, so that rebuilds keep them (nil: nowhere).
    public var journal: IngestJournal?
    /// Articles written per index transaction by an ingest of paths.
    public var batchSize: Int

    public init(configuration: IndexConfiguration, pipeline: IngestPipeline, batchSize: Int = 1000) {
        self.configuration = configuration
        self.pipeline = pipeline
        self.batchSize = max(1, batchSize)
    }

    /// Jobs that read with `loader` and enrich with `enricher`.
    public init(
        configuration: IndexConfiguration, loader: InputLoader = InputLoader(), enricher: Enricher = Enricher(),
        batchSize: Int = 1000
    ) {
        self.init(
            configuration: configuration, pipeline: IngestPipeline.reading(loader: loader, enricher: enricher),
            batchSize: batchSize)
    }

    /// Builds the index anew from every input under `corpus`, beside the live
    /// index, and switches to it (see ``IndexBuilder``). If the corpus holds
    /// no input, or anything fails, the rebuild is abandoned and the live
    /// index stays as it was; either way it returns or throws in bounded
    /// time with the writer lock released. A shard writer that fails stops
    /// the reading at the next batch handed to the shards, with its error.
    ///
    /// - Throws: ``IndexError`` if the index cannot be opened for writing;
    ///   ``IndexJobError/emptyCorpus(_:)``; ``IndexJobError/interrupted(_:)``
    ///   if the build failed; or what `handle` throws.
    public func rebuild(corpus: String, handle: (IngestEvent) throws -> Void = { _ in }) throws -> IndexReport {
        try rebuild(builder(corpus: corpus), corpus: corpus, handle: handle)
    }

    /// The builder of a rebuild from `corpus`: it holds the index's writer
    /// lock from now on (so that a caller can take the index before it
    /// answers), until ``rebuild(_:corpus:handle:)`` ends.
    public func builder(corpus: String) throws(IndexError) -> IndexBuilder {
        try IndexBuilder(configuration: configuration, corpus: URL(fileURLWithPath: corpus).standardizedFileURL.path)
    }

    /// ``rebuild(corpus:handle:)`` with a builder made by ``builder(corpus:)``.
    public func rebuild(_ builder: IndexBuilder, corpus: String, handle: (IngestEvent) throws -> Void = { _ in })
        throws -> IndexReport
    {
        var report = IndexReport()
        do {
            let summary = try pipeline.run([corpus]) { event in
                report.note(event)
                try handle(event)
                if case .article(let article, let file) = event {
                    try interrupting { () throws(IndexError) in try builder.add(article, file: file) }
                }
            }
            report.inputs = summary.inputs
            // Last, what was ingested from elsewhere (``IngestJournal``), under
            // its lock until the switch: an ingest acknowledged before this is
            // in the new index, and one after waits for the switch and goes
            // into the new index itself.
            let journal = IngestJournal(corpus: corpus)
            let finish = { () throws -> RebuildSummary in
                guard report.inputs > 0 else { throw IndexJobError.emptyCorpus(corpus) }
                return try self.interrupting { () throws(IndexError) in try builder.finish() }
            }
            guard let journal else {
                let built = try finish()
                report.rebuilt = built
                report.added = built.articles
                report.stamp = builder.stamp
                return report
            }
            let built = try journal.locked {
                if FileManager.default.fileExists(atPath: journal.path) {
                    // Streamed like any JSON Lines export, whatever its size.
                    var replay = pipeline
                    replay.loader.format = .jsonl
                    let replayed = try replay.run([journal.path]) { event in
                        if case .problem(let problem) = event, problem.location.line == 0 {
                            // The journal itself cannot be read: a rebuild without it would lose articles.
                            throw IndexError.io("cannot read the journal \(journal.path): \(problem.reason)")
                        }
                        report.note(event)
                        try handle(event)
                        if case .article(let article, _) = event {
                            try interrupting { () throws(IndexError) in try builder.add(article, file: journal.path) }
                        }
                    }
                    report.inputs += replayed.inputs
                }
                return try finish()
            }
            report.rebuilt = built
            report.added = built.articles
            report.stamp = builder.stamp
        } catch {
            builder.cancel()
            throw error
        }
        return report
    }

    /// Adds the articles of every input under `paths` (files, folders, "-")
    /// to the live index (creating it if there is none), replacing those with
    /// the same id, ``batchSize`` articles per transaction. With `prune`, it
    /// then removes the articles whose source file, under one of the folders
    /// of `paths`, is gone.
    ///
    /// While a rebuild holds the index (and there is a journal), the batches
    /// are queued in the journal instead, counted in ``IndexReport/queued``,
    /// until the rebuild lets go of the index; pruning needs the index, so
    /// `prune` is refused then as any other lock is.
    ///
    /// - Throws: ``IndexError`` if the index cannot be opened for writing;
    ///   ``IndexJobError/interrupted(_:)`` if a write failed (the batch being
    ///   written was not committed; earlier batches stay in the index); or
    ///   what `handle` throws.
    public func ingest(_ paths: [String], prune: Bool = false, handle: (IngestEvent) throws -> Void = { _ in })
        throws -> IndexReport
    {
        var report = IndexReport()
        // While a rebuild holds the index, articles are queued in the
        // corpus's journal, which the rebuild reads last: they land in the
        // index it makes (see ``IndexError/isLockedByRebuild``).
        var writer =
            journal == nil || prune ? try IndexWriter(configuration: configuration) : try writerUnlessRebuilding()
        var batch: [(article: Article, file: String?)] = []
        let corpusFolder = journal.map { ($0.path as NSString).deletingLastPathComponent + "/" }
        func flush() throws {
            guard !batch.isEmpty else { return }
            defer { batch.removeAll(keepingCapacity: true) }
            // What comes from outside the corpus is kept in its journal
            // first; while queued, everything is (the rebuild may have read
            // the corpus before these files were there).
            if let journal, let corpusFolder {
                let kept = writer == nil ? batch : batch.filter { !($0.file?.hasPrefix(corpusFolder) ?? false) }
                try journal.append(kept.map(\.article))
            }
            if writer == nil { writer = try writerUnlessRebuilding() }
            guard writer != nil else {
                report.queued += batch.count
                return
            }
            try interrupting { () throws(IndexError) in try writer?.add(batch) }
        }
        let summary = try pipeline.run(paths) { event in
            report.note(event)
            try handle(event)
            if case .article(let article, let file) = event {
                batch.append((article, file))
                if batch.count >= batchSize { try flush() }
            }
        }
        try flush()
        report.inputs = summary.inputs
        guard let writer else { return report }
        if prune {
            let folders = paths.filter { $0 != "-" }.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            _ = try interrupting { () throws(IndexError) in try writer.prune(under: folders) }
        }
        try interrupting { () throws(IndexError) in try writer.close() }
        report.record(writer.update)
        report.stamp = writer.stamp
        return report
    }

    /// Adds the articles of `body`, JSON Lines in the interchange form or one
    /// JSON object or an array of them (a request body), to the live index,
    /// replacing those with the same id, in one transaction: ``read(body:name:handle:)``
    /// then ``write(_:)``.
    public func ingest(body: [UInt8], name: String, handle: (IngestEvent) throws -> Void = { _ in })
        throws -> IndexReport
    {
        try write(read(body: body, name: name, handle: handle))
    }

    /// Reads and enriches the articles of `body` (see ``ingest(body:name:handle:)``),
    /// without touching the index, so that a service can read bodies in
    /// parallel and write them one at a time. `name` stands for the body's
    /// path in problems and in the ids derived for articles without one. Bad
    /// lines are reported and skipped, and so are exact duplicates of an
    /// earlier article of the body.
    ///
    /// - Throws: ``IndexJobError/emptyBody`` or ``IndexJobError/notJSON``
    ///   before anything is read, or what `handle` throws.
    public func read(body: [UInt8], name: String, handle: (IngestEvent) throws -> Void = { _ in })
        throws -> PendingWrite
    {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = body.first(where: { !isSpace($0) }) else { throw IndexJobError.emptyBody }
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "{") else { throw IndexJobError.notJSON }
        var report = IndexReport()
        var articles: [Article] = []
        let summary = try pipeline.run(bytes: InputLoader.jsonLines(body), name: name, format: .jsonl) { event in
            report.note(event)
            try handle(event)
            if case .article(let article, _) = event { articles.append(article) }
        }
        report.inputs = summary.inputs
        return PendingWrite(articles: articles, report: report)
    }

    /// Writes what ``read(body:name:handle:)`` read to the live index (creating
    /// it if there is none), replacing articles with the same id, in one
    /// transaction; the index is not opened when there is nothing to write.
    ///
    /// - Throws: ``IndexError`` if the index cannot be opened for writing, or
    ///   ``IndexJobError/interrupted(_:)`` if the write failed (nothing of it
    ///   was committed).
    public func write(_ pending: PendingWrite) throws -> IndexReport {
        var report = pending.report
        guard !pending.articles.isEmpty else { return report }
        let writer = try IndexWriter(configuration: configuration)
        try interrupting { () throws(IndexError) in
            try writer.add(pending.articles.map { ($0, nil) })
            try writer.close()
        }
        report.record(writer.update)
        report.stamp = writer.stamp
        return report
    }

    /// Deletes the articles with these ids from the live index, in one
    /// transaction (per shard), and takes them out of the corpus's journal
    /// first (``IngestJournal/remove(ids:)``), so that a rebuild does not
    /// bring them back; a corpus file that still holds one does.
    ///
    /// - Throws: ``IndexError`` if the index cannot be opened for writing
    ///   (a rebuild or another writer holds it: nothing was deleted), or
    ///   ``IndexJobError/interrupted(_:)`` if the write failed (nothing of it
    ///   was committed).
    public func delete(_ ids: [String]) throws -> DeleteReport {
        let store = IndexStore(path: configuration.path)
        try store.checkWritable()
        if store.live().isEmpty {
            throw IndexError.io("no index at \(configuration.path): nothing to delete from")
        }
        let writer = try IndexWriter(configuration: configuration)
        var report = DeleteReport()
        if let journal {
            report.journalLines = try journal.locked { try journal.remove(ids: Set(ids)) }
        }
        report.deleted = try interrupting { () throws(IndexError) in
            let deleted = try writer.delete(ids: ids)
            try writer.close()
            return deleted
        }
        var seen = Set(report.deleted)
        report.missing = ids.filter { seen.insert($0).inserted }
        return report
    }

    /// The live index's writer, or nil while a rebuild holds the index.
    private func writerUnlessRebuilding() throws(IndexError) -> IndexWriter? {
        do {
            return try IndexWriter(configuration: configuration)
        } catch {
            if error.isLockedByRebuild { return nil }
            throw error
        }
    }

    /// Runs a write that may fail after the index was opened.
    private func interrupting<T>(_ body: () throws(IndexError) -> T) throws(IndexJobError) -> T {
        do {
            return try body()
        } catch {
            throw .interrupted(error)
        }
    }
}

/// What ``IndexJobs/delete(_:)`` did.
public struct DeleteReport: Sendable, Equatable {
    /// The ids deleted, in the order given.
    public var deleted: [String] = []
    /// The ids that were not in the index.
    public var missing: [String] = []
    /// Lines taken out of the corpus's journal.
    public var journalLines = 0

    public init() {}
}

/// Articles read and enriched from a body by ``IndexJobs/read(body:name:handle:)``,
/// waiting for ``IndexJobs/write(_:)``.
public struct PendingWrite: Sendable {
    /// The articles to write, in body order, duplicates left out.
    public let articles: [Article]
    /// What reading found: inputs, articles, duplicates and problems.
    public let report: IndexReport
}

/// What a write of ``IndexJobs`` did: the same report for a rebuild and for
/// an ingest, whatever the front end.
public struct IndexReport: Sendable {
    /// Inputs read: files, standard input, or the one body.
    public var inputs = 0
    /// Articles read, enriched and handed to the index (duplicates not counted).
    public var articles = 0
    /// Articles whose id was new to the index; for a rebuild, the articles of
    /// the new index (an id repeated in the corpus counts once).
    public var added = 0
    /// Articles that replaced one with the same id (an ingest).
    public var replaced = 0
    /// Articles removed because their source file is gone (an ingest with prune).
    public var pruned = 0
    /// Articles kept in the corpus's journal while a rebuild held the index:
    /// the index it makes holds them (an ingest).
    public var queued = 0
    /// The index a rebuild built (nil for an ingest).
    public var rebuilt: RebuildSummary?
    /// The arrival stamp of the articles this write brought that are new or
    /// changed (nil: nothing was written): the articles that arrived with
    /// it are those stamped at or after it (``Schema/Slot/arrived``).
    public var stamp: String?
    /// Articles skipped as exact duplicates of one read earlier in the same write.
    public var duplicates: [IngestDuplicate] = []
    /// Fields that could not be read, of articles that were kept.
    public var notes: [IngestProblem] = []
    /// Inputs, lines or articles that could not be read, with their place: skipped.
    public var problems: [IngestProblem] = []

    public init() {}

    /// How many problems were reported (inputs, lines or articles skipped).
    public var rejected: Int { problems.count }

    /// Records a duplicate or a problem; counts an article.
    mutating func note(_ event: IngestEvent) {
        switch event {
        case .input: break
        case .article: articles += 1
        case .note(let note): notes.append(note)
        case .duplicate(let article, let firstID, let firstSource, _):
            duplicates.append(
                IngestDuplicate(
                    id: article.id, title: article.title, source: article.source, firstID: firstID,
                    firstSource: firstSource))
        case .problem(let problem): problems.append(problem)
        }
    }

    mutating func record(_ update: IndexUpdate) {
        added = update.added
        replaced = update.replaced
        pruned = update.pruned
    }
}

/// An article skipped because an earlier article of the same write has the
/// same title and text.
public struct IngestDuplicate: Sendable, Hashable {
    /// The skipped article's id and title.
    public var id: String
    public var title: String
    /// Where it came from: its file, or the source name it gave.
    public var source: String
    /// The id and source of the article it repeats, which was kept.
    public var firstID: String
    public var firstSource: String

    public init(id: String, title: String, source: String, firstID: String, firstSource: String) {
        self.id = id
        self.title = title
        self.source = source
        self.firstID = firstID
        self.firstSource = firstSource
    }
}

/// Why a write of ``IndexJobs`` stopped, once the index was open (or, for a
/// body, before it was read).
public enum IndexJobError: Error, Sendable, CustomStringConvertible {
    /// The corpus of a rebuild holds no input: nothing was built.
    case emptyCorpus(String)
    /// The body holds nothing but white space.
    case emptyBody
    /// The body is not JSON Lines, a JSON object or an array of them.
    case notJSON
    /// Writing failed part-way. A rebuild was abandoned, leaving the live
    /// index as it was; an ingest did not commit the batch being written,
    /// and earlier batches stay in the index.
    case interrupted(IndexError)

    public var description: String {
        switch self {
        case .emptyCorpus(let corpus): "nothing to index in \(corpus)"
        case .emptyBody: "the body holds no articles"
        case .notJSON: "the body must be JSON Lines, a JSON object or an array of them"
        case .interrupted(let error): error.description
        }
    }
}

extension IngestPipeline {
    /// The pipeline that reads with `loader` and enriches with `enricher`,
    /// reporting the source dates it could not read (unless the enricher
    /// ignores source dates).
    public static func reading(loader: InputLoader, enricher: Enricher) -> IngestPipeline {
        var pipeline = IngestPipeline(loader: loader, enrich: { enricher.enrich($0) })
        pipeline.reportsUnreadDates = !enricher.options.inferOnly
        return pipeline
    }
}
