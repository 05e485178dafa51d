import ArgumentParser
import Foundation
import NewsEnrich
import NewsIndex
import NewsIngest
import NewsModel

extension InputFormat: ExpressibleByArgument {}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read articles from files, folders or standard input, enrich them, and add them to the index.",
        discussion: """
            Reads saved archive pages (.txt), JSON Lines exports (.jsonl, also .xz or .gz), HTML pages and \
            RSS or Atom feeds. Countries, dates and topics missing from the source are inferred. Articles \
            already in the index (same id) are replaced. Bad input is reported with its file, line and reason, \
            and skipped; the rest goes in. Exit status: 0, or 1 if anything was rejected.
            """
    )

    @OptionGroup var options: IndexOptions

    @Argument(help: "Files, folders (read recursively) or - for standard input.")
    var paths: [String]

    @Flag(name: .long, help: "Write nothing; print each article instead.")
    var dryRun = false

    @Flag(name: .long, help: "With --dry-run: one JSON object per article.")
    var json = false

    @Flag(name: .long, help: "Ignore the countries, date and categories the source gives; infer them (for evaluation).")
    var inferOnly = false

    @Flag(name: .long, help: "With --dry-run: print what the readers found, without enrichment (for benchmarks).")
    var raw = false

    @Option(name: .long, help: "Read every input as this format: text, jsonl, html or feed (default: recognise each).")
    var format: InputFormat?

    @Option(name: .long, help: "The largest input read whole, in MiB, after decompression.")
    var maxFileSize = 64

    @Option(name: .long, help: "Articles written per index transaction.")
    var batchSize = 1000

    @Flag(name: .long, help: "Also remove the articles whose source file, under the given folders, is gone.")
    var prune = false

    @Flag(name: .long, help: "No progress output; only the summary.")
    var quiet = false

    func validate() throws {
        if json && !dryRun { throw ValidationError("--json goes with --dry-run") }
        if raw && !dryRun { throw ValidationError("--raw goes with --dry-run") }
        if prune && dryRun { throw ValidationError("--prune cannot go with --dry-run") }
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() throws {
        let enricher = Enricher(options: Enricher.Options(inferOnly: inferOnly))
        let enrich: @Sendable ([RawArticle]) -> [Article]
        if raw {
            enrich = { raws in raws.map { IngestCommand.unenriched($0) } }
        } else {
            enrich = { raws in enricher.enrich(raws) }
        }
        let pipeline = IngestPipeline(loader: InputLoader(maxBytes: maxFileSize << 20, format: format), enrich: enrich)
        let output = ArticlePrinter(json: json)
        let progress = Progress(quiet: quiet || dryRun, inputs: pipeline.inputs(paths))
        var writer: IndexWriter?
        if !dryRun {
            do {
                writer = try IndexWriter(configuration: IndexConfiguration(path: options.path))
            } catch {
                printError("ingest", error.description)
                throw ExitCode(1)
            }
        }
        var batch: [(article: Article, file: String?)] = []
        func flush() throws {
            guard let writer, !batch.isEmpty else { return }
            try writer.add(batch)
            batch.removeAll(keepingCapacity: true)
        }
        let summary: IngestSummary
        do {
            summary = try pipeline.run(paths) { event in
                switch event {
                case .input(let path, let articles, let bytesRead, let size):
                    progress.input(path: path, articles: articles, bytesRead: bytesRead, size: size)
                case .article(let article, let file):
                    progress.article()
                    if dryRun {
                        output.print(article)
                    } else {
                        batch.append((article, file))
                        if batch.count >= batchSize { try flush() }
                    }
                case .duplicate(let article, let firstID, let firstSource):
                    progress.finish()
                    output.flush()  // keep stdout and stderr in order on a terminal
                    printError(
                        "ingest",
                        "\(article.source): \"\(article.title)\": same text as \(firstID) (\(firstSource)), skipped")
                case .problem(let problem):
                    progress.finish()
                    output.flush()
                    printError("ingest", problem.description)
                }
            }
            try flush()
            if prune, let writer {
                let folders = paths.filter { $0 != "-" }.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                try writer.prune(under: folders)
            }
            try writer?.close()
            progress.finish()
            output.flush()
        } catch let error as IndexError {
            progress.finish()
            printError("ingest", error.description)
            printError("ingest", "the batch being written was not committed; earlier batches stay in the index")
            throw ExitCode(1)
        }
        let update = writer?.update ?? IndexUpdate()
        var line =
            "read \(summary.articles + summary.duplicates) articles from \(summary.inputs) input\(summary.inputs == 1 ? "" : "s"): "
        line += dryRun ? "\(summary.articles) printed" : "\(update.added) added, \(update.replaced) replaced"
        if prune { line += ", \(update.pruned) pruned" }
        line += ", \(summary.duplicates) duplicate\(summary.duplicates == 1 ? "" : "s"), \(summary.rejected) rejected"
        FileHandle.standardError.write(Data("dossier ingest: \(line)\n".utf8))
        if summary.rejected > 0 { throw ExitCode(1) }
    }

    /// An article as read, with nothing inferred (for `--raw`).
    static func unenriched(_ raw: RawArticle) -> Article {
        Article(
            id: raw.id ?? "", title: raw.title ?? "", body: raw.body, date: raw.date, countries: raw.countries,
            categories: raw.categories, source: raw.source ?? raw.location.path, url: raw.url)
    }
}

/// Prints articles for `--dry-run`: one JSON object a line, or one readable
/// line each, through a buffer flushed every 64 KiB and at the end.
final class ArticlePrinter {
    let json: Bool
    private var buffer = Data()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(json: Bool) {
        self.json = json
    }

    func print(_ article: Article) {
        if json {
            buffer.append((try? encoder.encode(article)) ?? Data("{}".utf8))
        } else {
            let codes = article.countryCodes.isEmpty ? "--" : article.countryCodes.prefix(3).joined(separator: ",")
            buffer.append(Data("\(article.date ?? "----------")  \(codes)  \(article.title)".utf8))
        }
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
