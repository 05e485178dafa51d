import ArgumentParser
import Foundation
import NewsModel
import NewsSearch

/// Opens the searcher, or exits 3 with a message naming the problem.
func openSearcher(_ options: IndexOptions, command: String) throws -> Searcher {
    do {
        return try Searcher(path: options.path, ranking: .fromEnvironment, remote: options.remoteOptions)
    } catch {
        throw fail(command, error.description, .failed)
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print one article: its fields and whole text.",
        discussion: """
            Examples:
              dossier show reuters-1234
              dossier show --json reuters-1234 | jq .countries
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "The article id (as search results show it).")
    var id: String

    @Flag(name: .long, help: "Print the article as JSON (the interchange form).")
    var json = false

    func run() throws {
        let searcher = try openSearcher(options, command: "show")
        let found: Article?
        do {
            found = try searcher.article(id: id)
        } catch {
            throw fail("show", error.description, error.exitStatus)
        }
        guard let article = found else {
            throw fail("show", "no article with id \(id)", .partial)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(article) + Data("\n".utf8))
            return
        }
        var lines = [article.title, String(repeating: "=", count: min(80, max(3, article.title.count)))]
        func field(_ name: String, _ value: String?) {
            if let value, !value.isEmpty {
                lines.append("\(name.padding(toLength: 11, withPad: " ", startingAt: 0))\(value)")
            }
        }
        field("id", article.id)
        field("date", article.date)
        field("countries", article.countries.joined(separator: ", "))
        field("categories", article.categories.joined(separator: ", "))
        field("topics", article.topics.joined(separator: ", "))
        field("source", article.source)
        field("url", article.url)
        lines.append("")
        let renderer = TerminalRenderer(color: false)
        for paragraph in article.body.split(separator: "\n", omittingEmptySubsequences: true) {
            lines.append(contentsOf: renderer.wrap(String(paragraph), width: 78))
            lines.append("")
        }
        print(lines.joined(separator: "\n"))
    }
}

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Articles like the one with ID (relevance feedback on its most telling words).",
        discussion: """
            Examples:
              dossier similar reuters-1234
              dossier similar reuters-1234 --country Niger --limit 5
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "The article id.")
    var id: String

    @OptionGroup var filter: FilterOptions
    @OptionGroup var result: ResultOptions

    func run() throws {
        let searcher = try openSearcher(options, command: "similar")
        let request = SearchRequest(
            query: "", filters: filter.filters, limit: result.limit, offset: result.offset, facets: result.facets,
            snippetLength: result.snippetLength)
        let found: SearchResults?
        do {
            found = try searcher.similar(to: id, request: request)
        } catch {
            throw fail("similar", error.description, error.exitStatus)
        }
        guard let results = found else {
            throw fail("similar", "no article with id \(id)", .partial)
        }
        if result.json {
            FileHandle.standardOutput.write(SearchJSON(results).data(pretty: true) + Data("\n".utf8))
        } else {
            print(
                TerminalRenderer(color: result.color.enabled).render(results, heading: "like \(id), most alike first"))
        }
    }
}

struct FacetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facets",
        abstract: "Count articles per country, category, topic, year and month (with filters: among those).",
        discussion: """
            Examples:
              dossier facets
              dossier facets --query coup --from 2020
              dossier facets --country Mali --json | jq .facets.topic
            """)

    @OptionGroup var options: IndexOptions
    @OptionGroup var filter: FilterOptions

    @Option(name: .long, help: "Only count articles matching this query.")
    var query: String = ""

    @Flag(name: .long, help: "Print the search JSON shape (its \"facets\" object holds the counts).")
    var json = false

    func run() throws {
        let searcher = try openSearcher(options, command: "facets")
        let results: SearchResults
        do {
            results = try searcher.facets(filter.filters, query: query)
        } catch {
            throw fail("facets", error.description, error.exitStatus)
        }
        if json {
            FileHandle.standardOutput.write(SearchJSON(results).data(pretty: true) + Data("\n".utf8))
        } else {
            let renderer = TerminalRenderer(color: ColorChoice.auto.enabled)
            var lines = ["\(results.total) article\(results.total == 1 ? "" : "s")"]
            lines.append(contentsOf: renderer.renderFacets(results.facets ?? [:]))
            print(lines.joined(separator: "\n"))
        }
    }
}
