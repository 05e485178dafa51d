import Foundation
import NewsIngest
import NewsModel

#if canImport(Glibc)
    import Glibc
#endif

/// Reports progress on standard error: a bar with rate and ETA redrawn on a
/// terminal, a plain line every few seconds otherwise, nothing when quiet.
final class Progress {
    enum Style { case bar, lines, quiet }

    private let style: Style
    private let totalInputs: Int
    /// The sizes of all inputs together (0: unknown; progress then counts inputs).
    private let totalBytes: Int
    private let start = Date()
    private lazy var lastDraw = start
    private var inputsDone = 0
    private var inputArticles = 0
    private var inputDone = 0
    private(set) var articles = 0
    /// The input being read, its size, the bytes read before its latest
    /// batch and after it, and the bytes of the inputs finished before it.
    private var currentPath: String?
    private var currentSize = 0
    private var batchStart = 0
    private var batchEnd = 0
    private var finishedBytes = 0

    /// Whether each skipped duplicate gets a line (else they are only counted).
    var listsDuplicates = false

    /// Progress over `inputs` (paths as the pipeline lists them), measured in
    /// bytes read when their sizes are known, so that one large export shows
    /// a true fraction and ETA.
    init(quiet: Bool, inputs: [String]) {
        totalInputs = max(1, inputs.count)
        totalBytes = inputs.reduce(0) { $0 + ($1 == "-" ? 0 : IngestPipeline.size(of: $1)) }
        style = quiet ? .quiet : isatty(STDERR_FILENO) == 1 ? .bar : .lines
    }

    /// A batch of `articles` articles begins: all of an input, or the next
    /// part of a streamed one, read up to `bytesRead` of its `size` bytes.
    func input(path: String, articles: Int, bytesRead: Int, size: Int) {
        if path != currentPath {
            if currentPath != nil {
                inputsDone += 1
                finishedBytes += currentSize
            }
            currentPath = path
            currentSize = size
            batchEnd = 0
        }
        batchStart = batchEnd
        batchEnd = min(max(bytesRead, batchStart), size)
        inputArticles = articles
        inputDone = 0
    }

    /// Shows one event of an ingest or a rebuild run by `command`: progress
    /// for inputs and articles; a line for a skipped duplicate or a problem,
    /// after `flush` (which keeps other buffered output in order with it).
    func show(_ event: IngestEvent, command: String, flush: () -> Void = {}) {
        switch event {
        case .input(let path, let articles, let bytesRead, let size):
            input(path: path, articles: articles, bytesRead: bytesRead, size: size)
        case .article:
            article()
        case .duplicate(let article, let firstID, let firstSource, let location):
            guard listsDuplicates else { return }
            finish()
            flush()
            let place = location.line > 0 ? location.description : article.source
            printError(command, "\(place): \"\(article.title)\": same text as \(firstID) (\(firstSource)), skipped")
        case .note(let note):
            finish()
            flush()
            printError(command, note.description)
        case .problem(let problem):
            finish()
            flush()
            printError(command, problem.description)
        }
    }

    /// One more article done.
    func article() {
        articles += 1
        inputDone += 1
        let now = Date()
        let interval = style == .bar ? 0.2 : 5.0
        if now.timeIntervalSince(lastDraw) >= interval {
            lastDraw = now
            draw(now)
        }
    }

    /// The fraction of the work done: bytes of the finished inputs plus the
    /// processed part of the current batch; by inputs when sizes are unknown.
    private var fraction: Double {
        let batch = inputArticles > 0 ? Double(inputDone) / Double(inputArticles) : 0
        if totalBytes > 0 {
            let current = Double(batchStart) + Double(batchEnd - batchStart) * batch
            return min(1, (Double(finishedBytes) + current) / Double(totalBytes))
        }
        return min(1, (Double(inputsDone) + batch) / Double(totalInputs))
    }

    private func draw(_ now: Date) {
        let seconds = now.timeIntervalSince(start)
        let rate = seconds > 0 ? Double(articles) / seconds : 0
        let done = fraction
        let eta = done > 0.01 ? seconds * (1 - done) / done : nil
        let etaText = eta.map { "ETA " + Progress.duration($0) } ?? "ETA --"
        switch style {
        case .quiet:
            return
        case .lines:
            FileHandle.standardError.write(
                Data("dossier: \(articles) articles, \(Int(rate))/s, \(Int(done * 100))%, \(etaText)\n".utf8))
        case .bar:
            let width = 30
            let filled = Int(done * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(
                Data("\r\(bar) \(Int(done * 100))%  \(articles) articles  \(Int(rate))/s  \(etaText)   ".utf8))
        }
    }

    /// Ends the bar's line.
    func finish() {
        if style == .bar && articles > 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600
            ? "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m" : "\(s / 60)m\(String(format: "%02d", s % 60))s"
    }
}
