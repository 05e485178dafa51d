import ArgumentParser
import Foundation
import NewsEnrich
import NewsIndex
import NewsIngest
import NewsModel

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build the index anew from a corpus folder.",
        discussion: """
            Reads every file under the corpus folder (archive pages, JSON Lines, HTML pages, feeds), enriches \
            the articles and builds a new index beside the live one, then switches to it atomically: searches \
            go on throughout, and a failed or interrupted rebuild leaves the live index as it was. Bad input is \
            reported and skipped; exit status 1 if anything was rejected.
            """
    )

    @OptionGroup var options: IndexOptions

    @Option(name: .long, help: "The corpus folder to index (default: ./corpus).")
    var corpus: String = "corpus"

    @Option(name: .long, help: "Shards built at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Keep the shards as one sharded index rather than compacting them into one.")
    var keepShards = false

    @Flag(name: .long, help: "No progress output; only the summary.")
    var quiet = false

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
    }

    func run() throws {
        let start = Date()
        let enricher = Enricher()
        let pipeline = IngestPipeline(enrich: { enricher.enrich($0) })
        let configuration = IndexConfiguration(path: options.path, jobs: jobs, keepShards: keepShards)
        let builder: IndexBuilder
        do {
            builder = try IndexBuilder(
                configuration: configuration, corpus: URL(fileURLWithPath: corpus).standardizedFileURL.path)
        } catch {
            printError("index", error.description)
            throw ExitCode(1)
        }
        let progress = Progress(quiet: quiet, inputs: pipeline.inputs([corpus]))
        let summary: IngestSummary
        let result: RebuildSummary
        do {
            summary = try pipeline.run([corpus]) { event in
                switch event {
                case .input(let path, let articles, let bytesRead, let size):
                    progress.input(path: path, articles: articles, bytesRead: bytesRead, size: size)
                case .article(let article, let file):
                    try builder.add(article, file: file)
                    progress.article()
                case .duplicate(let article, let firstID, _):
                    progress.finish()
                    printError("index", "\(article.source): \"\(article.title)\": same text as \(firstID), skipped")
                case .problem(let problem):
                    progress.finish()
                    printError("index", problem.description)
                }
            }
            progress.finish()
            if summary.inputs == 0 {
                builder.cancel()
                printError("index", "nothing to index in \(corpus); the index was left as it was")
                throw ExitCode(2)
            }
            result = try builder.finish()
        } catch let error as IndexError {
            progress.finish()
            printError("index", "\(error.description); the index was left as it was")
            throw ExitCode(1)
        }
        let seconds = Date().timeIntervalSince(start)
        var line = "indexed \(result.articles) articles from \(corpus) into \(options.path)"
        line +=
            " in \(String(format: "%.2f", seconds)) s (\(Int(Double(result.articles) / max(seconds, 0.001))) articles/s)"
        line += ", \(summary.rejected) rejected"
        if summary.duplicates > 0 { line += ", \(summary.duplicates) duplicates skipped" }
        line += "; index \(String(format: "%.1f", Double(result.bytes) / 1_048_576)) MB"
        if result.shards > 1 { line += " in \(result.shards) shards" }
        print(line)
        if summary.rejected > 0 { throw ExitCode(1) }
    }
}
