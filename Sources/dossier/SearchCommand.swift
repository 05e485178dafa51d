import ArgumentParser
import Foundation
import NewsModel
import NewsSearch

/// Filters given as options, independent of the query text.
struct FilterOptions: ParsableArguments {
    @Option(name: .long, help: "A country: name, alias or ISO code (repeatable; values are ORed).")
    var country: [String] = []

    @Option(name: .long, help: "A category (repeatable).")
    var category: [String] = []

    @Option(name: .long, help: "A topic id or label (repeatable).")
    var topic: [String] = []

    @Option(name: .long, help: "A source name (repeatable).")
    var source: [String] = []

    @Option(name: .long, help: "Only articles dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).")
    var from: String?

    @Option(name: .long, help: "Only articles dated on or before this day (YYYY-MM-DD, YYYY-MM or YYYY).")
    var to: String?

    var filters: SearchFilters {
        SearchFilters(countries: country, categories: category, topics: topic, sources: source, from: from, to: to)
    }
}

extension MatchMode: ExpressibleByArgument {}
extension SearchSort: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}

/// Options that shape a page of results.
struct ResultOptions: ParsableArguments {
    @Option(name: .long, help: "How many results to show (0-1000).")
    var limit: Int = SearchRequest.Defaults.limit

    @Option(name: .long, help: "How many results to skip (paging).")
    var offset: Int = 0

    @Option(name: .long, help: "Snippet length in characters.")
    var snippetLength: Int = SearchRequest.Defaults.snippetLength

    @Flag(name: .long, help: "Count countries, categories, topics, years and months over all matches.")
    var facets = false

    @Flag(name: .long, help: "Print one JSON object (see the README for its shape).")
    var json = false

    @Option(name: .long, help: "Colour matches: auto (on a terminal without NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    func validate() throws {
        guard (0...1000).contains(limit) else { throw ValidationError("--limit must be between 0 and 1000") }
        guard (0...100_000).contains(offset) else { throw ValidationError("--offset must be between 0 and 100000") }
        guard (40...5000).contains(snippetLength) else {
            throw ValidationError("--snippet-length must be between 40 and 5000")
        }
    }
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index; print ranked titles with highlighted snippets.",
        discussion: """
            The query language: words (all must match by default), "phrases", AND, OR, NOT, +word, -word, \
            wildcards (sanction*), title:word, country:mali, category:, topic:, source:, year:2022, \
            date:2022-01-01..2022-01-31 (open-ended too). An empty query lists articles newest first.

            Examples:
              dossier search coup niger
              dossier search '"state of emergency" NOT drill' --sort date
              dossier search sanctions --country Mali --from 2023 --facets
              dossier search --json --limit 50 'topic:elections year:2024' | jq '.hits[].title'
              dossier search --batch queries.txt          # one JSON line per query line
            """
    )

    @OptionGroup var options: IndexOptions

    @Argument(help: "The query (empty: every article, newest first).")
    var query: String = ""

    @OptionGroup var filter: FilterOptions
    @OptionGroup var result: ResultOptions

    @Option(name: .long, help: "all: every word must match (falling back to any); any: rank by any word.")
    var match: MatchMode = .all

    @Option(name: .long, help: "relevance, date (newest first), oldest, or arrived (newest in the index first).")
    var sort: SearchSort = .relevance

    @Flag(name: .long, help: "Favour recent articles (a weight halving every --half-life days).")
    var recent = false

    @Option(name: .long, help: "The recency boost's half-life in days.")
    var halfLife: Double = SearchRequest.Defaults.recencyHalfLife

    @Flag(name: .long, help: "Show near-identical articles separately instead of collapsing them.")
    var noCollapse = false

    @Flag(name: .long, help: "Skip snippets and title highlighting (titles and metadata only).")
    var noSnippets = false

    @Option(
        name: .long,
        help: "Run one query per line of this file ('-': standard input); print one JSON object per line.")
    var batch: String?

    @Flag(name: .long, help: "Print every match, not a page: whole articles in index order, streamed (see --format).")
    var all = false

    @Option(name: .long, help: "With --all: jsonl (the interchange form, for dossier ingest) or csv.")
    var format: ExportFormat?

    func validate() throws {
        guard halfLife > 0 else { throw ValidationError("--half-life must be positive") }
        if batch != nil && !query.isEmpty { throw ValidationError("give either a query or --batch, not both") }
        if format != nil && !all { throw ValidationError("--format goes with --all") }
        if all && (batch != nil || result.json || result.facets) {
            throw ValidationError("--all prints articles in --format: it does not go with --batch, --json or --facets")
        }
    }

    func request(_ text: String) -> SearchRequest {
        SearchRequest(
            query: text, filters: filter.filters, match: match, sort: sort, limit: result.limit, offset: result.offset,
            facets: result.facets, snippetLength: result.snippetLength, recencyHalfLife: recent ? halfLife : nil,
            collapse: !noCollapse, snippets: !noSnippets)
    }

    func run() throws {
        let searcher: Searcher
        do {
            searcher = try Searcher(path: options.path, ranking: .fromEnvironment, remote: options.remoteOptions)
        } catch {
            throw fail("search", error.description, .failed)
        }
        if let batch {
            try runBatch(batch, searcher: searcher)
            return
        }
        if all {
            try export(searcher, format: format ?? .jsonl)
            return
        }
        do {
            let results = try searcher.search(request(query))
            if result.json {
                FileHandle.standardOutput.write(SearchJSON(results).data(pretty: true) + Data("\n".utf8))
            } else {
                print(TerminalRenderer(color: result.color.enabled).render(results))
            }
        } catch {
            throw fail("search", error.description, error.exitStatus)
        }
    }

    /// `--all`: every match, a page at a time, through a 64 KiB buffer.
    private func export(_ searcher: Searcher, format: ExportFormat) throws {
        let encoder = ExportFormat.encoder()
        var buffer = format.header
        do {
            let cursor = try searcher.export(request(query))
            while let page = try cursor.next() {
                for article in page {
                    buffer.append(format.line(article, encoder: encoder))
                    if buffer.count >= 1 << 16 {
                        FileHandle.standardOutput.write(buffer)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
            FileHandle.standardOutput.write(buffer)
            FileHandle.standardError.write(
                Data("dossier search: exported \(cursor.count) article\(cursor.count == 1 ? "" : "s")\n".utf8))
        } catch {
            FileHandle.standardOutput.write(buffer)
            throw fail("search", error.description, error.exitStatus)
        }
    }

    /// One JSON line per query line (a blank line is the empty query); a bad
    /// line prints {"query", "error"} and the rest go on.
    private func runBatch(_ path: String, searcher: Searcher) throws {
        let text: String
        do {
            if path == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                text = try String(contentsOfFile: path, encoding: .utf8)
            }
        } catch {
            throw fail("search", "cannot read --batch \(path): \(error.localizedDescription)", .usage)
        }
        var failed = 0
        var broken = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Exactly one output line per input line, so that answers line up
        // with queries: a blank line is the empty query (every article,
        // newest first). The newline ending the last line starts no line.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") { lines.removeLast() }
        for (number, line) in lines.enumerated() {
            let query = line.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let results = try searcher.search(request(query))
                FileHandle.standardOutput.write(SearchJSON(results).data(pretty: false) + Data("\n".utf8))
            } catch {
                failed += 1
                if error.exitStatus == .failed { broken = true }
                printError("search", "\(path):\(number + 1): \(error.description)")
                let object = ["query": query, "error": error.description]
                FileHandle.standardOutput.write(try encoder.encode(object) + Data("\n".utf8))
            }
        }
        // Done, with some lines skipped: 1, unless a line found the search broken.
        if failed > 0 { throw ExitCode((broken ? ExitStatus.failed : .partial).rawValue) }
    }
}

/// Lays results out for a terminal, readable at 80 columns.
struct TerminalRenderer {
    let color: Bool
    let width = 80

    func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }

    /// `results` for a terminal. `heading` says what the list is, after the
    /// count ("like X, most alike first"); by default, what the query matched.
    func render(_ results: SearchResults, heading: String? = nil) -> String {
        var lines: [String] = []
        if let notice = results.notice { lines.append(notice) }
        if let suggestion = results.suggestion, results.correctedQuery == nil {
            lines.append("Did you mean: \(suggestion)?")
        }
        let shown = results.correctedQuery ?? results.query
        let count = TerminalRenderer.count(results.total, exact: results.totalIsExact)
        if results.hits.isEmpty {
            lines.append(
                results.total == 0
                    ? (heading.map { "No articles \($0)." }
                        ?? (shown.isEmpty ? "No articles." : "No articles match \"\(shown)\"."))
                    : "\(count) articles; none on this page.")
        } else {
            let first = results.hits.first!.rank
            let last = results.hits.last!.rank
            let articles = "\(count) article\(results.total == 1 && results.totalIsExact ? "" : "s")"
            if let heading {
                lines.append("\(articles) \(heading)")
            } else {
                lines.append(shown.isEmpty ? "\(articles), newest first" : "\(articles) match \"\(shown)\"")
            }
            if first > 1 || last < results.total { lines[lines.count - 1] += " (\(first)-\(last))" }
        }
        for hit in results.hits {
            lines.append("")
            let rank = String(hit.rank).leftPadded(to: 3) + ". "
            let title = hit.title.rendered(open: color ? "\u{1B}[1;33m" : "", close: color ? "\u{1B}[0;1m" : "")
            let wrappedTitle = wrap(title, width: width - 5)
            for (index, line) in wrappedTitle.enumerated() {
                lines.append((index == 0 ? rank : "     ") + bold(line))
            }
            var meta: [String] = []
            if let date = hit.article.date { meta.append(date) }
            if !hit.article.countries.isEmpty {
                let countries = hit.article.countries.prefix(4).joined(separator: ", ")
                meta.append(
                    hit.article.countries.count > 4 ? countries + " +\(hit.article.countries.count - 4)" : countries)
            }
            if hit.collapsed > 0 { meta.append("+\(hit.collapsed) near-identical") }
            meta.append(hit.article.id)
            lines.append(contentsOf: wrap(meta.joined(separator: " · "), width: width - 5).map { "     " + dim($0) })
            let snippet = hit.snippet.rendered(open: color ? "\u{1B}[1;33m" : "", close: color ? "\u{1B}[0m" : "")
            lines.append(contentsOf: wrap(snippet, width: width - 5).map { "     " + $0 })
        }
        if let facets = results.facets {
            lines.append(contentsOf: renderFacets(facets))
        }
        return lines.joined(separator: "\n")
    }

    /// A count as people read it: `1,276`; `10,000+` for a lower bound.
    static func count(_ value: Int, exact: Bool) -> String {
        var digits = String(value.magnitude)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return (value < 0 ? "-" : "") + digits + (exact ? "" : "+")
    }

    func renderFacets(_ facets: [Facet: [FacetCount]]) -> [String] {
        var lines: [String] = []
        for facet in Facet.allCases {
            guard let values = facets[facet], !values.isEmpty else { continue }
            lines.append("")
            lines.append(bold(facet.field.plural.prefix(1).uppercased() + facet.field.plural.dropFirst()))
            // Dates in order, the latest shown; other values most frequent first.
            let dated = facet.field.inValueOrder
            let limit = dated ? 24 : 15
            let shownValues = dated ? Array(values.suffix(limit)) : Array(values.prefix(limit))
            let items = shownValues.map { "\($0.label ?? $0.value) \($0.count)" }
            var text = items.joined(separator: " · ")
            if values.count > limit { text += " · (\(values.count - limit) more)" }
            lines.append(contentsOf: wrap(text, width: width - 2).map { "  " + $0 })
        }
        return lines
    }

    /// Wraps at spaces; escape sequences do not count towards the width.
    func wrap(_ text: String, width: Int) -> [String] {
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
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
