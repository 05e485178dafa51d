import NewsModel

/// A problem with one part of the input: reported with its place and reason,
/// skipped, and the rest of the input goes on.
public struct IngestProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var reason: String

    public init(location: SourceLocation, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "\(location): \(reason)" }
}

/// What a reader found in one input.
public struct ReadResult: Sendable {
    public var articles: [RawArticle]
    public var problems: [IngestProblem]

    public init(articles: [RawArticle] = [], problems: [IngestProblem] = []) {
        self.articles = articles
        self.problems = problems
    }
}

/// The forms of input Dossier reads.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Plain text: saved blog archive pages (several posts a page) or one article a file.
    case text
    /// JSON Lines in the interchange form, one article a line.
    case jsonl
    /// A saved HTML article page.
    case html
    /// An RSS 2.0 or Atom feed: one article an item or entry.
    case feed
}

/// Turns one whole input (already decompressed) into raw articles.
///
/// Readers never throw for bad content: each problem is reported in the
/// result with its line, and everything else that can be read is read.
public protocol ArticleReader: Sendable {
    /// Reads `data`, the content of the input at `path` ("-" for standard input).
    func read(_ data: [UInt8], path: String) -> ReadResult
}
