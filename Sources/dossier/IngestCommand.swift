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
            and skipped; the rest goes in. Exit status: 0, or 1 if anything was rejected (3 with --strict). \
            Exact duplicates are counted in the summary and listed with --verbose.

            Examples:
              dossier ingest export.jsonl.xz              # a JSON Lines export, compressed
              dossier ingest ~/saved-pages/               # every file under a folder
              curl -s https://example.org/feed.xml | dossier ingest -
              dossier ingest --dry-run --json new.html    # what would go in, as JSON
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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The corpus whose journal keeps articles from outside it, so that rebuilds keep them (default: the corpus the index was built from).",
            valueName: "folder"))
    var corpus: String?

    @OptionGroup var skips: SkipOptions

    func validate() throws {
        if json && !dryRun { throw ValidationError("--json goes with --dry-run") }
        if raw && !dryRun { throw ValidationError("--raw goes with --dry-run") }
        if prune && dryRun { throw ValidationError("--prune cannot go with --dry-run") }
        guard maxFileSize > 0 else { throw ValidationError("--max-file-size must be positive") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
    }

    func run() throws {
        let enricher = Enricher(options: Enricher.Options(inferOnly: inferOnly))
        let loader = InputLoader(maxBytes: maxFileSize << 20, format: format)
        if dryRun { return try printArticles(IngestPipeline.reading(loader: loader, enricher: enricher)) }
        var jobs = IndexJobs(
            configuration: IndexConfiguration(path: options.path), loader: loader, enricher: enricher,
            batchSize: batchSize)
        // Articles from outside the corpus are kept in its journal, so that rebuilds keep them.
        jobs.journal = (corpus ?? LiveIndex.corpus(of: options.path)).flatMap { IngestJournal(corpus: $0) }
        let progress = Progress(quiet: quiet, inputs: jobs.pipeline.inputs(paths))
        progress.listsDuplicates = skips.verbose
        let report: IndexReport
        do {
            report = try jobs.ingest(paths, prune: prune) { progress.show($0, command: "ingest") }
            progress.finish()
        } catch let error as IndexError {
            throw fail("ingest", error.description, .failed)
        } catch IndexJobError.interrupted(let error) {
            progress.finish()
            printError("ingest", error.description)
            throw fail(
                "ingest", "the batch being written was not committed; earlier batches stay in the index", .failed)
        }
        var line = "read \(report.articles + report.duplicates.count) articles from \(inputs(report.inputs)): "
        line += "\(report.added) added, \(report.replaced) replaced"
        if report.queued > 0 {
            line += ", \(report.queued) queued in the journal for the rebuild that holds the index (it will index them)"
        }
        if prune { line += ", \(report.pruned) pruned" }
        line += ", \(duplicates(report.duplicates.count)), \(report.rejected) rejected"
        if !report.notes.isEmpty {
            line += ", \(report.notes.count) unreadable field\(report.notes.count == 1 ? "" : "s") left out"
        }
        FileHandle.standardError.write(Data("dossier ingest: \(line)\n".utf8))
        for watched in watchLines(index: options.path, stamp: report.stamp) {
            FileHandle.standardError.write(Data("dossier ingest: \(watched)\n".utf8))
        }
        try skips.check(rejected: report.rejected)
    }

    /// `--dry-run`: prints every article instead of writing it.
    private func printArticles(_ pipeline: IngestPipeline) throws {
        var pipeline = pipeline
        if raw { pipeline.enrich = { raws in raws.map { IngestCommand.unenriched($0) } } }
        let output = ArticlePrinter(json: json)
        let messages = Progress(quiet: true, inputs: [])
        messages.listsDuplicates = skips.verbose
        let summary = try pipeline.run(paths) { event in
            if case .article(let article, _) = event {
                output.print(article)
            } else {
                // Flushing first keeps stdout and stderr in order on a terminal.
                messages.show(event, command: "ingest", flush: output.flush)
            }
        }
        output.flush()
        var line = "read \(summary.articles + summary.duplicates) articles from \(inputs(summary.inputs)): "
        line += "\(summary.articles) printed, \(duplicates(summary.duplicates)), \(summary.rejected) rejected"
        if summary.notes > 0 { line += ", \(summary.notes) unreadable field\(summary.notes == 1 ? "" : "s") left out" }
        FileHandle.standardError.write(Data("dossier ingest: \(line)\n".utf8))
        try skips.check(rejected: summary.rejected)
    }

    private func inputs(_ count: Int) -> String { "\(count) input\(count == 1 ? "" : "s")" }
    private func duplicates(_ count: Int) -> String { "\(count) duplicate\(count == 1 ? "" : "s")" }

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
