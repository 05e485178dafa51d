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
            the articles and replaces the index with them. Bad input is reported and skipped; exit status 1 \
            if anything was rejected.
            """
    )

    @OptionGroup var options: IndexOptions

    @Option(name: .long, help: "The corpus folder to index (default: ./corpus).")
    var corpus: String = "corpus"

    func run() throws {
        let start = Date()
        let enricher = Enricher()
        let pipeline = IngestPipeline(enrich: { enricher.enrich($0) })
        var articles: [Article] = []
        let summary = pipeline.run([corpus]) { event in
            switch event {
            case .article(let article):
                articles.append(article)
            case .duplicate(let article, let first):
                printError("index", "\(article.source): \"\(article.title)\": same text as \(first.id), skipped")
            case .problem(let problem):
                printError("index", problem.description)
            }
        }
        if summary.inputs == 0 && summary.rejected > 0 { throw ExitCode(2) }
        let count: Int
        do {
            count = try Indexer(configuration: IndexConfiguration(path: options.path)).rebuild(articles)
        } catch {
            printError("index", error.description)
            throw ExitCode(1)
        }
        let seconds = Date().timeIntervalSince(start)
        print(
            "indexed \(count) articles from \(corpus) into \(options.path) in \(String(format: "%.2f", seconds)) s"
                + (summary.duplicates > 0 ? ", \(summary.duplicates) duplicates skipped" : "")
                + (summary.rejected > 0 ? ", \(summary.rejected) rejected" : ""))
        if summary.rejected > 0 { throw ExitCode(1) }
    }
}
