import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reports progress on standard error: a bar with rate and ETA redrawn on a
/// terminal, a plain line every few seconds otherwise, nothing when quiet.
final class Progress {
    enum Style { case bar, lines, quiet }

    private let style: Style
    private let totalInputs: Int
    private let start = Date()
    private lazy var lastDraw = start
    private var inputsDone = 0
    private var inputArticles = 0
    private var inputDone = 0
    private(set) var articles = 0

    init(quiet: Bool, totalInputs: Int) {
        self.totalInputs = max(1, totalInputs)
        style = quiet ? .quiet : isatty(STDERR_FILENO) == 1 ? .bar : .lines
    }

    /// A new input begins, holding `articles` articles.
    func input(articles: Int) {
        if inputArticles > 0 || inputDone > 0 { inputsDone += 1 }
        inputArticles = articles
        inputDone = 0
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

    /// The fraction of the work done: whole inputs, plus the part of the current one.
    private var fraction: Double {
        let current = inputArticles > 0 ? Double(inputDone) / Double(inputArticles) : 0
        return min(1, (Double(inputsDone) + current) / Double(totalInputs))
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
