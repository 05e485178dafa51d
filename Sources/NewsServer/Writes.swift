import Foundation
import Hummingbird
import NewsEnrich
import NewsIndex
import NewsIngest
import NewsModel
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
    /// one transaction. Bad lines are reported and the rest indexed.
    func ingest(_ body: [UInt8]) throws -> IngestReport {
        let lines = try Self.jsonLines(body)
        let read = JSONLinesReader().read(lines, path: "api")
        let articles = Enricher().enrich(read.articles)
        var report = IngestReport(
            problems: read.problems.map { IngestReport.Problem(line: $0.location.line, reason: $0.reason) })
        guard !articles.isEmpty else { return report }
        try writing.withLock { _ in
            do {
                let writer = try IndexWriter(configuration: IndexConfiguration(path: index))
                try writer.add(articles.map { ($0, nil) })
                try writer.close()
                report.added = writer.update.added
                report.replaced = writer.update.replaced
            } catch let error as IndexError where error.isLocked {
                throw APIError(.conflict, code: "index_busy", error.description)
            } catch {
                throw APIError(.internalServerError, code: "index", "\(error)")
            }
        }
        report.ids = articles.map(\.id)
        return report
    }

    /// JSON Lines from a body that may also be one JSON object or an array.
    static func jsonLines(_ body: [UInt8]) throws -> [UInt8] {
        guard let first = body.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw APIError(.badRequest, code: "empty_body", "the body holds no articles", parameter: "body")
        }
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "{") else {
            throw APIError(
                .badRequest, code: "bad_body", "the body must be JSON Lines, a JSON object or an array of them",
                parameter: "body")
        }
        // JSON Lines already, or one object per line? Try the whole body as one value first.
        guard let value = try? JSONSerialization.jsonObject(with: Data(body)) else { return body }
        let items: [Any] = (value as? [Any]) ?? [value]
        var out: [UInt8] = []
        for item in items {
            guard JSONSerialization.isValidJSONObject(item) else {
                out += Array("null\n".utf8)
                continue
            }
            out += Array(try JSONSerialization.data(withJSONObject: item)) + [0x0A]
        }
        return out
    }

    /// Starts a full rebuild from the corpus in the background; false if one
    /// is already running.
    func startRebuild() throws -> Bool {
        guard let corpus else {
            throw APIError(
                .forbidden, code: "no_corpus", "rebuilds are disabled: start dossier serve with --corpus DIR")
        }
        guard rebuilding.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return false }
        let index = self.index
        Thread.detachNewThread { [self] in
            defer { rebuilding.store(false, ordering: .releasing) }
            // The request has been answered: the outcome goes to the service's log.
            let outcome: String
            do {
                let summary = try IndexWrites.rebuild(corpus: corpus, index: index)
                outcome = "rebuilt \(index) from \(corpus): \(summary.articles) articles"
            } catch {
                outcome = "rebuild of \(index) from \(corpus) failed: \(error)"
            }
            FileHandle.standardError.write(Data("dossier serve: \(outcome)\n".utf8))
        }
        return true
    }

    /// A full rebuild of `index` from `corpus`, switched in atomically.
    static func rebuild(corpus: String, index: String) throws -> RebuildSummary {
        let enricher = Enricher()
        let builder = try IndexBuilder(configuration: IndexConfiguration(path: index), corpus: corpus)
        let summary = try IngestPipeline(enrich: { enricher.enrich($0) }).run([corpus]) { event in
            if case .article(let article, let file) = event { try builder.add(article, file: file) }
        }
        guard summary.inputs > 0 else {
            builder.cancel()
            throw APIError(.unprocessableContent, code: "empty_corpus", "nothing to index in \(corpus)")
        }
        return try builder.finish()
    }
}

/// What `POST /api/articles` did.
struct IngestReport: Encodable {
    struct Problem: Encodable {
        let line: Int
        let reason: String
    }
    var added = 0
    var replaced = 0
    var ids: [String] = []
    var problems: [Problem]
}
