import Foundation
import Hummingbird
import NewsIndex
import NewsIngest
import NewsModel
import NewsSearch
import Synchronization

/// What the service may write, and how writes are serialised: one at a time
/// within the process (the index's writer lock keeps other processes out).
public final class IndexWrites: Sendable {
    public let index: String
    /// The corpus a rebuild reads (nil: rebuilds are refused).
    public let corpus: String?
    /// The bearer token writes need (nil: writes are refused with 403).
    let token: String?
    private let writing = Mutex<Void>(())
    private let rebuilding = Atomic<Bool>(false)
    private let outcome = Mutex<String?>(nil)

    /// What the last background rebuild did ("rebuilt …" or "rebuild … failed: …"), nil before one ends.
    public var lastRebuild: String? { outcome.withLock { $0 } }

    public init(index: String, corpus: String?, token: String?) {
        self.index = index
        self.corpus = corpus
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Throws 403 when writes are not configured, 401 without the right token.
    func authorise(_ request: Request) throws {
        guard let token else {
            throw APIError(
                .forbidden, code: "writes_disabled",
                "writes are disabled: start dossier serve with DOSSIER_TOKEN or --token-file")
        }
        let given = request.headers[.authorization] ?? ""
        let expected = "Bearer " + token
        // Compare every byte, so the time taken says nothing about the token.
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = a.count == b.count ? 0 : 1
        for index in 0..<min(a.count, b.count) { difference |= Int(a[index] ^ b[index]) }
        guard difference == 0 else {
            throw APIError(
                .unauthorized, code: "unauthorized", "a valid bearer token is needed (Authorization: Bearer …)")
        }
    }

    /// Reads, enriches and indexes the articles in `body` (JSON Lines, or one
    /// JSON object or an array of them), replacing those with the same id, in
    /// one transaction. Exact duplicates within the body are reported and
    /// skipped. Bad lines of JSON Lines are reported and skipped, and the
    /// rest indexed; a `strict` body (sent as `application/json`: one request,
    /// not a stream) with a bad article is refused whole, naming each.
    func ingest(_ body: [UInt8], strict: Bool = false) throws -> IngestReport {
        let jobs = IndexJobs(configuration: IndexConfiguration(path: index))
        let pending: PendingWrite
        do {
            // Read and enriched outside the lock: only the writes wait for one another.
            pending = try jobs.read(body: body, name: "api")
        } catch IndexJobError.emptyBody {
            throw APIError(.badRequest, code: "empty_body", IndexJobError.emptyBody.description, parameter: "body")
        } catch {
            throw APIError(.badRequest, code: "bad_body", "\(error)", parameter: "body")
        }
        if strict {
            guard (try? JSONSerialization.jsonObject(with: Data(body))) != nil else {
                throw APIError(.badRequest, code: "bad_body", "the body is not valid JSON", parameter: "body")
            }
            let problems = pending.report.problems
            if !problems.isEmpty {
                let listed = problems.prefix(5).map { "article \($0.location.line): \($0.reason)" }
                throw APIError(
                    .badRequest, code: "bad_article",
                    listed.joined(separator: "; ") + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
                        + " (nothing was indexed)", parameter: "body")
            }
        }
        if let stub = try? IndexStub.read(folder: index), stub.hasRemote {
            let error = IndexError.remote(path: index, shards: stub.entries.map(\.description))
            throw APIError(.conflict, code: "index_remote", error.description)
        }
        let journal = corpus.flatMap { IngestJournal(corpus: $0) }
        // Journal and index are written in the same order by every post.
        let report = try writing.withLock { _ -> IndexReport? in
            // Kept first in the corpus's journal, synced, so that rebuilds
            // from the corpus keep it (``IngestJournal``).
            do {
                try journal?.append(pending.articles)
            } catch {
                throw APIError(.internalServerError, code: "journal", "\(error); nothing was indexed")
            }
            do {
                return try jobs.write(pending)
            } catch let error as IndexError where error.isLockedByRebuild && journal != nil {
                // A rebuild is running: it reads the journal before it
                // switches, so these articles will be in the new index.
                return nil
            } catch let error as IndexError where error.isLocked {
                let kept =
                    journal == nil ? "" : "; the articles are in the journal, so the next rebuild will index them"
                throw APIError(.conflict, code: "index_busy", error.description + kept)
            } catch let error as IndexError where error.isRemote {
                throw APIError(.conflict, code: "index_remote", error.description)
            } catch {
                throw APIError(.internalServerError, code: "index", "\(error)")
            }
        }
        guard let report else {
            var queued = IngestReport(pending.report, ids: pending.articles.map(\.id))
            queued.queued = pending.articles.count
            return queued
        }
        return IngestReport(report, ids: pending.articles.map(\.id))
    }

    /// Deletes the articles with these ids (see ``IndexJobs/delete(_:)``),
    /// between other writes.
    func delete(_ ids: [String]) throws -> DeleteReport {
        var jobs = IndexJobs(configuration: IndexConfiguration(path: index))
        jobs.journal = corpus.flatMap { IngestJournal(corpus: $0) }
        return try writing.withLock { _ in
            do {
                return try jobs.delete(ids)
            } catch let error as IndexError where error.isLockedByRebuild {
                throw APIError(
                    .conflict, code: "index_busy", error.description + "; delete once the rebuild has ended")
            } catch let error as IndexError where error.isLocked {
                throw APIError(.conflict, code: "index_busy", error.description)
            } catch let error as IndexError where error.isRemote {
                throw APIError(.conflict, code: "index_remote", error.description)
            } catch {
                throw APIError(.internalServerError, code: "index", "\(error)")
            }
        }
    }

    /// Starts a full rebuild from the corpus in the background; false if one
    /// is already running.
    func startRebuild() throws -> Bool {
        guard let corpus else {
            throw APIError(
                .forbidden, code: "no_corpus", "rebuilds are disabled: start dossier serve with --corpus DIR")
        }
        if let stub = try? IndexStub.read(folder: index), stub.hasRemote {
            let error = IndexError.remote(path: index, shards: stub.entries.map(\.description))
            throw APIError(.conflict, code: "index_remote", error.description)
        }
        guard rebuilding.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return false }
        // The index is taken before the answer, under the same mutex as
        // posts: a 202 means the rebuild holds the index, and a post after
        // it is queued in the journal; a writer holding the index is a 409
        // now, not a failure in the log later.
        let jobs = IndexJobs(configuration: IndexConfiguration(path: index))
        nonisolated(unsafe) let builder: IndexBuilder
        do {
            builder = try writing.withLock { _ in try jobs.builder(corpus: corpus) }
        } catch let error as IndexError where error.isLocked {
            rebuilding.store(false, ordering: .releasing)
            throw APIError(.conflict, code: "index_busy", error.description)
        } catch {
            rebuilding.store(false, ordering: .releasing)
            throw APIError(.internalServerError, code: "index", "\(error)")
        }
        let index = self.index
        Thread.detachNewThread { [self] in
            defer { rebuilding.store(false, ordering: .releasing) }
            // The request has been answered: the outcome goes to the service's log.
            let outcome: String
            do {
                let report = try jobs.rebuild(builder, corpus: corpus)
                outcome = "rebuilt \(index) from \(corpus): " + IndexWrites.summary(report)
                if let stamp = report.stamp, let searcher = try? Searcher(path: index) {
                    for gain in searcher.gains(WatchStore(index: index), since: stamp) {
                        FileHandle.standardError.write(Data("dossier serve: \(gain.line)\n".utf8))
                    }
                }
            } catch {
                outcome = "rebuild of \(index) from \(corpus) failed: \(error)"
            }
            self.outcome.withLock { $0 = outcome }
            FileHandle.standardError.write(Data("dossier serve: \(outcome)\n".utf8))
        }
        return true
    }

    /// The summary line of a rebuild for the log: counts, and the first
    /// problem and duplicate, if any, to start looking from.
    static func summary(_ report: IndexReport) -> String {
        var line = "\(report.added) articles, \(report.rejected) rejected"
        line += ", \(report.duplicates.count) duplicate\(report.duplicates.count == 1 ? "" : "s") skipped"
        if let problem = report.problems.first { line += "; first problem: \(problem)" }
        if let duplicate = report.duplicates.first {
            line += "; first duplicate: \(duplicate.source): \"\(duplicate.title)\" (same text as \(duplicate.firstID))"
        }
        return line
    }
}

/// What `POST /api/articles` did.
struct IngestReport: Encodable {
    struct Problem: Encodable {
        let line: Int
        let reason: String
    }
    /// An article skipped because an earlier one of the body has the same title and text.
    struct Duplicate: Encodable {
        let id: String
        let title: String
        /// The id of the earlier article, which was indexed.
        let duplicateOf: String
    }
    var added = 0
    var replaced = 0
    /// The ids of the articles indexed, in body order.
    var ids: [String] = []
    var problems: [Problem]
    var duplicates: [Duplicate] = []
    /// Fields that could not be read (a source date such as "yesterday"), of articles that were indexed.
    var notes: [Problem] = []
    /// Articles kept in the journal while a rebuild runs, which the new index will hold (202).
    var queued = 0
    /// The watches that gained articles from this write.
    var watches: [WatchGain] = []
    /// The stamp of the articles this write brought (for ``watches``); not sent.
    var stamp: String?

    private enum CodingKeys: String, CodingKey {
        case added, replaced, ids, problems, duplicates, notes, queued, watches
    }
}

extension IngestReport {
    init(_ report: IndexReport, ids: [String]) {
        added = report.added
        replaced = report.replaced
        self.ids = ids
        problems = report.problems.map { Problem(line: $0.location.line, reason: $0.reason) }
        duplicates = report.duplicates.map { Duplicate(id: $0.id, title: $0.title, duplicateOf: $0.firstID) }
        notes = report.notes.map { Problem(line: $0.location.line, reason: $0.reason) }
        stamp = report.stamp
    }
}
