import ArgumentParser
import Foundation
import NewsModel
import NewsSearch

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index; print ranked titles with highlighted snippets."
    )

    @OptionGroup var options: IndexOptions

    @Argument(help: "The query: words, \"phrases\", AND/OR/NOT, title:word.")
    var query: String

    @Option(name: .long, help: "How many results to show.")
    var limit: Int = 10

    @Option(name: .long, help: "Colour matches: auto (on a terminal without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
    }

    func run() throws {
        let results: SearchResults
        do {
            results = try Searcher(path: options.path).search(query, limit: limit)
        } catch {
            printError("search", error.description)
            throw ExitCode(2)
        }
        print(TerminalRenderer(color: color.enabled).render(results))
    }
}

/// Lays results out for a terminal, readable at 80 columns.
struct TerminalRenderer {
    let color: Bool

    func render(_ results: SearchResults) -> String {
        guard !results.hits.isEmpty else { return "No articles match \"\(results.query)\"." }
        var lines = ["\(results.total) article\(results.total == 1 ? "" : "s") match \"\(results.query)\""]
        for hit in results.hits {
            let title = color ? "\u{1B}[1m\(hit.article.title)\u{1B}[0m" : hit.article.title
            lines.append("")
            lines.append("\(String(hit.rank).leftPadded(to: 3)). \(title)")
            let snippet = hit.snippet.rendered(
                open: color ? "\u{1B}[1;33m" : "", close: color ? "\u{1B}[0m" : "")
            lines.append(contentsOf: wrap(snippet, width: 74).map { "     " + $0 })
        }
        return lines.joined(separator: "\n")
    }

    /// Wraps at spaces; escape sequences do not count towards the width.
    private func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var visible = 0
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let length = word.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression).count
            if visible > 0 && visible + 1 + length > width {
                lines.append(line)
                line = ""
                visible = 0
            }
            if visible > 0 {
                line += " "
                visible += 1
            }
            line += word
            visible += length
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
