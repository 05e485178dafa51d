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
        let reader = PlainTextReader()
        let folder = URL(fileURLWithPath: corpus)
        let files: [URL]
        do {
            files = try reader.files(in: folder)
        } catch {
            printError("index", "cannot read the corpus folder \(corpus)")
            throw ExitCode(2)
        }
        var articles = [Article]()
        var rejected = 0
        for file in files {
            do {
                articles.append(try reader.article(at: file))
            } catch {
                printError("index", "\(file.path): skipped: \(error.localizedDescription)")
                rejected += 1
            }
        }
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
                + (rejected > 0 ? " (\(rejected) rejected)" : ""))
        if rejected > 0 { throw ExitCode(1) }
    }
}
