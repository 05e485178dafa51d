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
    /// absolute path of the file it came from (nil for standard input).
    case article(Article, file: String?)
    /// An article with the same text as one earlier in this run (whose id
    /// and source are given): skipped.
    case duplicate(Article, ofID: String, source: String)
    /// A file, line or article that could not be read: skipped.
    case problem(IngestProblem)
}

/// Counts for a final summary.
public struct IngestSummary: Sendable, Equatable {
    /// Inputs read (files, or standard input).
    public var inputs = 0
    /// Articles handed on as `.article`.
    public var articles = 0
    /// Articles skipped as exact duplicates.
    public var duplicates = 0
    /// Problems reported.
    public var rejected = 0

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
        var summary = IngestSummary()
        // The id of the first article with each text hash: 64-bit FNV-1a over
        // title and body, so memory stays small however many articles pass
        // (a collision is about 1 in 10^8 over a million articles).
        var seen: [UInt64: (id: String, source: String)] = [:]
        let (files, missing) = loader.files(in: paths)
        let directory = FileManager.default.currentDirectoryPath
        for problem in missing {
            summary.rejected += 1
            try handle(.problem(problem))
        }
        for file in files {
            summary.inputs += 1
            let absolute: String? =
                file == "-"
                ? nil : URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: directory)).standardizedFileURL.path
            let size = file == "-" ? 0 : IngestPipeline.size(of: file)
            var position: ByteStream?
            // Hands on what a reader found: problems, then enriched articles
            // without the exact duplicates of earlier ones.
            func deliver(_ result: ReadResult) throws {
                for problem in result.problems {
                    summary.rejected += 1
                    try handle(.problem(problem))
                }
                try handle(
                    .input(
                        path: file, articles: result.articles.count, bytesRead: position?.bytesRead ?? size,
                        size: size))
                for article in enrich(result.articles) {
                    let key = IngestPipeline.textKey(article)
                    if let first = seen[key] {
                        summary.duplicates += 1
                        try handle(.duplicate(article, ofID: first.id, source: first.source))
                        continue
                    }
                    seen[key] = (article.id, article.source)
                    summary.articles += 1
                    try handle(.article(article, file: absolute))
                }
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
                summary.rejected += 1
                try handle(.problem(problem))
            }
        }
        return summary
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
