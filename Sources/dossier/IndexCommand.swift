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
            reported and skipped (FILE:LINE and the reason); exit status 1 if anything was rejected, 3 with \
            --strict. Exact duplicates are counted in the summary and listed with --verbose.

            Examples:
              dossier index                              # ./corpus into ./index
              dossier index --corpus ~/archive --index /srv/dossier/index
              dossier index --shards 2                   # two shards for xapian-tcpsrv
              dossier index --strict --quiet             # for cron: any skipped input fails (3)
            """
    )

    @OptionGroup var options: IndexOptions

    @Option(name: .long, help: "The corpus folder to index (default: ./corpus).")
    var corpus: String = "corpus"

    @Option(name: .long, help: "Shards built at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Keep the shards as one sharded index rather than compacting them into one.")
    var keepShards = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Build N shard databases (articles routed by id hash) to serve with xapian-tcpsrv, each "
                + "with a stub INDEX/shards/K; 1: one database. Default: as many shards as the index has.",
            valueName: "N"))
    var shards: Int?

    @Flag(name: .long, help: "No progress output; only the summary.")
    var quiet = false

    @OptionGroup var skips: SkipOptions

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64") }
        if let shards, !(1...64).contains(shards) {
            throw ValidationError("--shards must be between 1 and 64")
        }
    }

    func run() throws {
        let start = Date()
        var configuration = IndexConfiguration(
            path: options.path, jobs: shards ?? jobs, keepShards: keepShards || (shards ?? 1) > 1,
            flushThreshold: IndexCommand.flushThreshold,
            reportsTimings: ProcessInfo.processInfo.environment["DOSSIER_TIMINGS"] != nil)
        configuration.keepsServedShards = shards == nil && !keepShards
        let jobs = IndexJobs(configuration: configuration)
        let progress = Progress(quiet: quiet, inputs: jobs.pipeline.inputs([corpus]))
        progress.listsDuplicates = skips.verbose
        let report: IndexReport
        do {
            report = try jobs.rebuild(corpus: corpus) { progress.show($0, command: "index") }
            progress.finish()
        } catch let error as IndexError {
            throw fail("index", error.description, .failed)
        } catch let error as IndexJobError {
            progress.finish()
            var status = ExitStatus.failed
            if case .emptyCorpus = error { status = .usage }
            throw fail("index", "\(error.description); the index was left as it was", status)
        }
        let result = report.rebuilt!  // a rebuild that returns has built an index
        let seconds = Date().timeIntervalSince(start)
        var line = "indexed \(result.articles) articles from \(corpus) into \(options.path)"
        line +=
            " in \(String(format: "%.2f", seconds)) s (\(Int(Double(result.articles) / max(seconds, 0.001))) articles/s)"
        line += ", \(report.rejected) rejected"
        if !report.notes.isEmpty {
            line += ", \(report.notes.count) unreadable field\(report.notes.count == 1 ? "" : "s") left out"
        }
        if !report.duplicates.isEmpty { line += ", \(report.duplicates.count) duplicates skipped" }
        line += "; index \(String(format: "%.1f", Double(result.bytes) / 1_048_576)) MB"
        if result.shards > 1 { line += " in \(result.shards) shards" }
        print(line)
        for watched in watchLines(index: options.path, stamp: report.stamp) { print(watched) }
        try skips.check(rejected: report.rejected)
    }

    /// Xapian's own variable, honoured as each shard's flush budget when set
    /// (the library reads no environment: the budget is passed in).
    static var flushThreshold: Int? {
        ProcessInfo.processInfo.environment["XAPIAN_FLUSH_THRESHOLD"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    }
}
