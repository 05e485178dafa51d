import ArgumentParser
import Foundation
import NewsIndex
import NewsIngest
import NewsModel

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build the index from a corpus folder."
    )

    @OptionGroup var options: IndexOptions

    @Option(name: .long, help: "The corpus folder to index (default: ./corpus).")
    var corpus: String = "corpus"

    func run() throws {
        let loader = InputLoader()
        let (files, missing) = loader.files(in: [corpus])
        var problems = missing
        var articles: [Article] = []
        for file in files {
            do {
                let input = try loader.load(file)
                let reader: any ArticleReader = input.format == .jsonl ? JSONLinesReader() : TextReader()
                let result = reader.read(input.data, path: input.path)
                problems += result.problems
                for (n, raw) in result.articles.enumerated() {
                    let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                    articles.append(
                        Article(
                            id: raw.id ?? (result.articles.count == 1 ? name : "\(name)-\(n + 1)"),
                            title: raw.title ?? name, body: raw.body, categories: raw.categories,
                            source: raw.source ?? file, url: raw.url))
                }
            } catch {
                problems.append(error)
            }
        }
        for problem in problems { printError("index", "\(problem)") }
        guard missing.isEmpty else { throw ExitCode(2) }
        let start = Date()
        let count: Int
        do {
            count = try Indexer(configuration: IndexConfiguration(path: options.path)).rebuild(articles)
        } catch {
            printError("index", "\(error)")
            throw ExitCode(1)
        }
        let seconds = Date().timeIntervalSince(start)
        print(
            "indexed \(count) articles from \(corpus) into \(options.path) in \(String(format: "%.2f", seconds)) s"
                + (problems.isEmpty ? "" : " (\(problems.count) rejected)"))
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
