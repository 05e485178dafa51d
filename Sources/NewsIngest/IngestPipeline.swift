import Foundation
import NewsModel

/// Something that happened while ingesting, in input order.
public enum IngestEvent: Sendable {
    /// An input was read: its path, and how many articles it holds (before
    /// duplicates are dropped), for progress reports.
    /// `bytesRead` of the file's `size` bytes (0: unknown, as for standard
    /// input) have been read so far: a large streamed export arrives as
    /// several of these events, one per batch.
    case input(path: String, articles: Int, bytesRead: Int, size: Int)
    /// An article read and enriched, to be indexed or printed, with the
    /// absolute path of the file it came from (nil for standard input and
    /// for an input held in memory).
    case article(Article, file: String?)
    /// An article with the same text as one earlier in this run (whose id
    /// and source are given), read at `location`: skipped.
    case duplicate(Article, ofID: String, source: String, location: SourceLocation)
    /// A file, line or article that could not be read: skipped.
    case problem(IngestProblem)
    /// A field of an article that could not be read (a source date such as
    /// "yesterday"): the article goes on without it.
    case note(IngestProblem)
}

/// Counts for a final summary.
public struct IngestSummary: Sendable, Equatable {
    /// Inputs read (files, standard input, or an input held in memory).
    public var inputs = 0
    /// Articles handed on as `.article`.
    public var articles = 0
    /// Articles skipped as exact duplicates.
    public var duplicates = 0
    /// Problems reported.
    public var rejected = 0
    /// Fields that could not be read, of articles kept.
    public var notes = 0

    public init() {}
}

/// Reads inputs, enriches what they hold, drops exact duplicates and hands
/// every article on: the one way articles come in, whatever the front end.
///
/// Enrichment is passed in as a function of the articles of one input (so
/// that it can use neighbouring posts of an archive page), which keeps this
/// module free of the enrichment data.
public struct IngestPipeline: Sendable {
    public var loader: InputLoader
    public var enrich: @Sendable ([RawArticle]) -> [Article]
    /// Whether a source date the enrichment could not read is reported (a
    /// `.note`): set when the enrichment reads source dates.
    public var reportsUnreadDates = false

    public init(loader: InputLoader = InputLoader(), enrich: @escaping @Sendable ([RawArticle]) -> [Article]) {
        self.loader = loader
        self.enrich = enrich
    }

    /// The files under `paths`, as ``run(_:handle:)`` will read them.
    public func inputs(_ paths: [String]) -> [String] { loader.files(in: paths).files }

    /// Ingests every input under `paths` (files, folders, "-"), calling
    /// `handle` with each event in order. `handle` may throw to stop.
    @discardableResult
    public func run(_ paths: [String], handle: (IngestEvent) throws -> Void) throws -> IngestSummary {
        var run = Run(enrich: enrich, reportsUnreadDates: reportsUnreadDates)
        let (files, missing) = loader.files(in: paths)
        let directory = FileManager.default.currentDirectoryPath
        for problem in missing { try run.report(problem, handle: handle) }
        for file in files {
            run.summary.inputs += 1
            let absolute: String? =
                file == "-"
                ? nil : URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: directory)).standardizedFileURL.path
            let size = file == "-" ? 0 : IngestPipeline.size(of: file)
            var position: ByteStream?
            func deliver(_ result: ReadResult) throws {
                try run.deliver(
                    result, path: file, file: absolute, bytesRead: position?.bytesRead ?? size, size: size,
                    handle: handle)
            }
            do {
                let (stream, format) = try loader.open(file)
                position = stream
                if format == .jsonl {
                    // Streamed in batches: memory stays bounded however large the export.
                    try JSONLinesReader().stream(stream, path: file, emit: deliver)
                } else {
                    try deliver(format.reader.read(loader.readAll(stream, path: file), path: file))
                }
            } catch let problem as IngestProblem {
                try run.report(problem, handle: handle)
            }
        }
        return run.summary
    }

    /// Ingests one input held in memory (a request body), as ``run(_:handle:)``
    /// ingests a file: `name` stands for its path in events, problems and
    /// derived ids, and its articles come from no file (`file` is nil).
    /// It is read as `format`, else the loader's format, else the format
    /// recognised from `name` and the content. Inputs over the loader's
    /// ``InputLoader/maxBytes`` are refused as a problem.
    @discardableResult
    public func run(
        bytes: [UInt8], name: String, format: InputFormat? = nil, handle: (IngestEvent) throws -> Void
    ) throws -> IngestSummary {
        var run = Run(enrich: enrich, reportsUnreadDates: reportsUnreadDates)
        run.summary.inputs = 1
        guard bytes.count <= loader.maxBytes else {
            try run.report(
                IngestProblem(
                    location: SourceLocation(path: name, line: 0),
                    reason: "input too large (over \(loader.maxBytes) bytes)"),
                handle: handle)
            return run.summary
        }
        let format = format ?? loader.format ?? InputLoader.recognise(path: name, data: bytes)
        try run.deliver(
            format.reader.read(bytes, path: name), path: name, file: nil, bytesRead: bytes.count, size: bytes.count,
            handle: handle)
        return run.summary
    }

    /// The state of one run: its counts, and the text of every article
    /// handed on so far, to spot exact duplicates.
    private struct Run {
        let enrich: @Sendable ([RawArticle]) -> [Article]
        let reportsUnreadDates: Bool
        var summary = IngestSummary()
        /// The id and source of the first article with each text hash: 64-bit
        /// FNV-1a over title and body, so memory stays small however many
        /// articles pass (a collision is about 1 in 10^8 over a million articles).
        var seen: [UInt64: (id: String, source: String)] = [:]

        mutating func report(_ problem: IngestProblem, handle: (IngestEvent) throws -> Void) throws {
            summary.rejected += 1
            try handle(.problem(problem))
        }

        /// Hands on what a reader found in the input at `path` (from `file`):
        /// problems, then enriched articles without the exact duplicates of
        /// earlier ones.
        mutating func deliver(
            _ result: ReadResult, path: String, file: String?, bytesRead: Int, size: Int,
            handle: (IngestEvent) throws -> Void
        ) throws {
            for problem in result.problems { try report(problem, handle: handle) }
            try handle(.input(path: path, articles: result.articles.count, bytesRead: bytesRead, size: size))
            let enriched = enrich(result.articles)
            // The enrichment keeps the articles in order, one for one.
            let raws = enriched.count == result.articles.count ? result.articles : []
            for (index, article) in enriched.enumerated() {
                let location = raws.isEmpty ? SourceLocation(path: path, line: 0) : raws[index].location
                if reportsUnreadDates, !raws.isEmpty, let given = raws[index].date, article.provenance.date != .source,
                    !given.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                {
                    summary.notes += 1
                    try handle(
                        .note(IngestProblem(location: location, reason: IngestPipeline.unreadDate(given, article))))
                }
                let key = IngestPipeline.textKey(article)
                if let first = seen[key] {
                    summary.duplicates += 1
                    try handle(.duplicate(article, ofID: first.id, source: first.source, location: location))
                    continue
                }
                seen[key] = (article.id, article.source)
                summary.articles += 1
                try handle(.article(article, file: file))
            }
        }
    }

    /// Why a source date was not used, and what became of the article's date.
    static func unreadDate(_ given: String, _ article: Article) -> String {
        let trimmed = given.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" })
        let numeric = parts.count == 3 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
        let why =
            numeric && parts[0].count <= 2 && parts[1].count <= 2 && (Int(parts[0]) ?? 0) <= 12
                && (Int(parts[1]) ?? 0) <= 12
            ? "is ambiguous (day and month could be either way round)"
            : "cannot be read (YYYY-MM-DD, or a day, a month's name and a year)"
        let then = article.date.map { "dated \($0) from its text instead" } ?? "left undated"
        return "field \"date\": \"\(trimmed)\" \(why); the article is kept, \(then)"
    }

    /// The size of the file at `path` in bytes, or 0.
    public static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// A hash of an article's text, for spotting exact duplicates.
    static func textKey(_ article: Article) -> UInt64 {
        FNV1a.hash(article.title + "\n" + article.body)
    }
}

extension InputFormat {
    /// The reader for this format.
    public var reader: any ArticleReader {
        switch self {
        case .text: TextReader()
        case .jsonl: JSONLinesReader()
        case .html: HTMLReader()
        case .feed: FeedReader()
        }
    }
}
