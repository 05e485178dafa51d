import Foundation
import HTTPTypes
import NewsEnrich
import NewsIndex
import NewsIngest
import NewsModel
import NewsSearch
import NewsServer
import Xapian

/// A broken promise found by a fuzz target: not a crash (libFuzzer and the
/// address sanitizer catch those) but an answer Dossier must never give,
/// such as a 500 for a query or a Xapian error for an article a reader
/// accepted.
public struct FuzzFailure: Error, CustomStringConvertible {
    public let target: FuzzTarget
    public let message: String

    public var description: String { "\(target.rawValue): \(message)" }
}

/// The code each libFuzzer target drives with its input: the same function
/// runs under libFuzzer (`tools/fuzz.sh`, the `dossier-fuzz` product) and in
/// the test suite, which replays the seeds and every input that once failed.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The input is what a person typed into the search box: prepared,
    /// parsed down to a Xapian query and run (all words, then any word,
    /// with facets) over a small index of the bundled corpus.
    case query
    /// The input is a URL's query string for `GET /api/search`: read into a
    /// search request as the service reads it, then run.
    case params
    /// The input is a saved blog archive page or a plain-text article.
    case text
    /// The input is a JSON Lines export.
    case jsonl
    /// The input is a saved HTML article page.
    case html
    /// The input is an RSS or Atom feed.
    case feed
    /// The input is a file, compressed (gzip, xz) or not, read from disk as
    /// `dossier ingest` reads it: decompressed as a stream, its format
    /// recognised, read and enriched.
    case decompress

    /// What each input is checked against, beyond not crashing.
    public var promise: String {
        switch self {
        case .query, .params:
            "a bad query or parameter is refused as the client's mistake (400), never as a failure of the engine (500)"
        case .text, .jsonl, .html, .feed:
            "every article the reader accepts becomes a Xapian document that an index takes"
        case .decompress:
            "a file read as a stream gives the articles its whole content gives; corrupt compression is a problem report"
        }
    }

    /// Builds what the target needs (the small index), so that the first
    /// input is not charged for it.
    public func prepare() throws {
        switch self {
        case .query, .params: _ = try FuzzState.searcher.get()
        default: break
        }
    }

    /// The target DOSSIER_FUZZ_TARGET names, prepared; the process exits
    /// with status 2 when it names none or the target cannot be prepared.
    public static let fromEnvironment: FuzzTarget = {
        let names = allCases.map(\.rawValue).joined(separator: ", ")
        func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data("dossier-fuzz: \(message)\n".utf8))
            exit(2)
        }
        guard let name = ProcessInfo.processInfo.environment["DOSSIER_FUZZ_TARGET"], let target = Self(rawValue: name)
        else { fail("set DOSSIER_FUZZ_TARGET to one of: \(names)") }
        do {
            try target.prepare()
        } catch {
            fail("cannot prepare \(name): \(error)")
        }
        return target
    }()

    /// Runs `input` through the target; throws when a promise is broken.
    /// One input at a time in a process: the targets share a searcher and
    /// a database, which Xapian does not let two threads use at once.
    public func run(_ input: [UInt8]) throws(FuzzFailure) {
        FuzzState.lock.lock()
        defer { FuzzState.lock.unlock() }
        do {
            switch self {
            case .query: try runQuery(String(decoding: input, as: UTF8.self))
            case .params: try runParameters(String(decoding: input, as: UTF8.self))
            case .text: try index(read(input, format: .text))
            case .jsonl: try index(read(input, format: .jsonl))
            case .html: try index(read(input, format: .html))
            case .feed: try index(read(input, format: .feed))
            case .decompress: try runFile(input)
            }
        } catch let failure as FuzzFailure {
            throw failure
        } catch {
            throw FuzzFailure(target: self, message: "unexpected error: \(error)")
        }
    }

    private func fail(_ message: String) -> FuzzFailure { FuzzFailure(target: self, message: message) }

    // MARK: Queries and parameters

    private func runQuery(_ text: String) throws {
        // All words, with facets and snippets (the highlighter sees the
        // query's terms); then any word by date, matching only.
        try search(SearchRequest(query: text, limit: 3, facets: true))
        var plain = SearchRequest(query: text, match: .any, sort: .date, limit: 3)
        plain.snippets = false
        try search(plain)
    }

    private func runParameters(_ query: String) throws {
        let request: SearchRequest
        do {
            request = try SearchRequest(urlQuery: query)
        } catch let error as APIError {
            guard error.status.code == 400 else { throw fail("parameters refused with \(error.status): \(error)") }
            return
        }
        try search(request)
    }

    private func search(_ request: SearchRequest) throws {
        let searcher = try FuzzState.searcher.get()
        do {
            let results = try searcher.search(request)
            guard results.hits.count <= request.limit else {
                throw fail("\(results.hits.count) hits for a limit of \(request.limit)")
            }
            let seen = results.hits.isEmpty ? 0 : request.offset + results.hits.count
            guard results.total >= seen || !results.totalIsExact else {
                throw fail("total \(results.total) below offset \(request.offset) + \(results.hits.count) hits")
            }
        } catch let error as SearchError {
            switch error {
            case .invalidQuery, .invalidParameter: return
            default: throw fail("search failed as the engine's fault: \(error)")
            }
        }
    }

    // MARK: Readers

    private func read(_ input: [UInt8], format: InputFormat) throws -> [Article] {
        var articles: [Article] = []
        try FuzzState.pipeline.run(bytes: input, name: "fuzz-input", format: format) { event in
            if case .article(let article, _) = event { articles.append(article) }
        }
        return articles
    }

    /// Builds each article's document and adds it to a database, as an
    /// ingest would, in a transaction that is then cancelled (the database
    /// stays empty): a Xapian refusal (a term too long, say) is a broken
    /// promise, since the reader accepted the article.
    private func index(_ articles: [Article]) throws {
        guard !articles.isEmpty else { return }
        let (database, builder) = try FuzzState.database.get()
        do {
            try database.transaction(flushed: false) {
                for article in articles {
                    guard !article.id.isEmpty else { throw fail("an article with an empty id") }
                    do {
                        try database.replace(uniqueTerm: Schema.idTerm(article.id), with: builder.document(article))
                    } catch {
                        throw fail("article \(article.id.prefix(80).debugDescription) cannot be indexed: \(error)")
                    }
                }
                throw Rollback()
            }
        } catch is Rollback {}
    }

    private struct Rollback: Error {}

    // MARK: Files

    private func runFile(_ input: [UInt8]) throws {
        let path = FuzzState.scratch + "/input"
        guard FileManager.default.createFile(atPath: path, contents: Data(input)) else {
            throw fail("cannot write \(path)")
        }
        var articles: [Article] = []
        var problems = 0
        try FuzzState.pipeline.run([path]) { event in
            switch event {
            case .article(let article, _): articles.append(article)
            case .problem: problems += 1
            default: break
            }
        }
        try index(articles)
        let fromFile = articles.map(\.id)
        // Uncompressed: the streamed read must give what the whole read gives.
        guard Compression.detect(input) == .none else { return }
        var whole: [String] = []
        try FuzzState.pipeline.run(bytes: input, name: path) { event in
            if case .article(let article, _) = event { whole.append(article.id) }
        }
        guard whole == fromFile else {
            throw fail("read from disk: \(fromFile.count) articles, read whole: \(whole.count) (\(problems) problems)")
        }
    }
}

/// What the targets share across inputs: built once per process.
enum FuzzState {
    /// A folder of this process's own, removed at exit.
    static let scratch: String = {
        let path = NSTemporaryDirectory() + "/dossier-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzState.scratch) }
        return path
    }()

    /// A database the readers' articles are added to and taken out of
    /// again, with its document builder; one input at a time.
    nonisolated(unsafe) static let database: Result<(WritableDatabase, DocumentBuilder), any Error> = Result {
        let database = try WritableDatabase(path: scratch + "/documents", action: .createOrOverwrite)
        return (database, try DocumentBuilder(database: database))
    }
    static let lock = NSLock()

    static let pipeline: IngestPipeline = {
        var loader = InputLoader()
        loader.maxBytes = 16 << 20
        return IngestPipeline.reading(loader: loader, enricher: Enricher())
    }()

    /// A searcher over an index of the bundled corpus (the `corpus` folder
    /// of the repository this file was built from).
    nonisolated(unsafe) static let searcher: Result<Searcher, any Error> = Result {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let corpus = repository.appendingPathComponent("corpus").path
        let index = scratch + "/index"
        let jobs = IndexJobs(configuration: IndexConfiguration(path: index, jobs: 1, grace: 0))
        let report = try jobs.rebuild(corpus: corpus)
        guard report.articles > 0 else { throw SearchError.indexMissing(path: corpus) }
        return try Searcher(path: index)
    }
}
