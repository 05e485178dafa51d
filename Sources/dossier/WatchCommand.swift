import ArgumentParser
import Foundation
import NewsModel
import NewsSearch

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Saved searches that report the articles new since they were last seen.",
        discussion: """
            A watch is a query and filters kept with the index (INDEX/watches.json). After every ingest and \
            rebuild, its new articles are those that match it and arrived since it was last seen: an article \
            re-ingested with the same title and text is not new again. `dossier ingest` and `dossier index` \
            end with a line per watch that gained articles.

            Examples:
              dossier watch add sahel-russia 'russia OR wagner' --country "Burkina Faso" --country Mali
              dossier watch list
              dossier watch show sahel-russia              # what is new, then marked as seen
              dossier watch show sahel-russia --since 2026-12-01 --json
              dossier watch remove sahel-russia
            """,
        subcommands: [WatchAdd.self, WatchList.self, WatchShow.self, WatchRemove.self])
}

/// Fails with the watch error's message: an unknown watch is 1, a bad name 2, the rest 3.
func fail(_ command: String, _ error: WatchError) -> ExitCode {
    switch error {
    case .unknown: fail(command, error.description, .partial)
    case .badName, .exists: fail(command, error.description, .usage)
    case .io: fail(command, error.description, .failed)
    }
}

struct WatchAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Save a search as a watch; what arrives from now on is new to it.")

    @OptionGroup var options: IndexOptions

    @Argument(help: "The watch's name: letters, digits, '-', '_' or '.'.")
    var name: String

    @Argument(help: "The query (empty: every article the filters let through).")
    var query: String = ""

    @OptionGroup var filter: FilterOptions

    func validate() throws {
        if let problem = Watch.problem(name: name) { throw ValidationError(problem) }
    }

    func run() throws {
        let searcher = try openSearcher(options, command: "watch add")
        let watch: Watch
        do {
            // What is in the index now has been seen: what arrives after it is new.
            watch = Watch(name: name, query: query, filters: filter.filters, seen: try searcher.latestArrival)
            try searcher.check(watch)
        } catch {
            throw fail("watch add", error.description, error.exitStatus)
        }
        do {
            try WatchStore(index: options.path).add(watch)
        } catch {
            throw fail("watch add", error)
        }
        print("watching \(name): \(watch.summary)")
    }
}

struct WatchList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the watches, each with how many new articles it has.")

    @OptionGroup var options: IndexOptions

    @Flag(name: .long, help: "Print JSON: the shape of GET /api/watches.")
    var json = false

    func run() throws {
        let watches: [Watch]
        do {
            watches = try WatchStore(index: options.path).list()
        } catch {
            throw fail("watch list", error)
        }
        let searcher = try openSearcher(options, command: "watch list")
        var counted: [WatchSummary] = []
        for watch in watches {
            do {
                let found = try searcher.new(for: watch, limit: 0, snippets: false)
                counted.append(WatchSummary(watch, new: found.total))
            } catch {
                throw fail("watch list", "watch \(watch.name): \(error.description)", error.exitStatus)
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(["watches": counted])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
            return
        }
        if watches.isEmpty {
            print("no watches (dossier watch add NAME QUERY saves one)")
            return
        }
        let width = watches.map(\.name.count).max() ?? 0
        for (watch, summary) in zip(watches, counted) {
            let new = "\(summary.new) new".padding(toLength: 8, withPad: " ", startingAt: 0)
            print(
                "\(watch.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(new)  \(watch.summary)"
            )
        }
    }
}

struct WatchShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a watch's new articles, newest arrival first, and mark them as seen.",
        discussion: """
            Without --since, the articles that arrived since the watch was last seen, which are then marked \
            as seen (unless --keep). With --since, those that arrived since that day or time; nothing is marked.
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "The watch's name.")
    var name: String

    @Option(name: .long, help: "Articles that arrived since this day (YYYY-MM-DD) or time (2026-12-07T05:46:22Z).")
    var since: String?

    @Flag(name: .long, help: "Do not mark the articles shown as seen.")
    var keep = false

    @Option(name: .long, help: "How many articles to show (0-1000).")
    var limit = 50

    @Flag(name: .long, help: "Print the search JSON shape.")
    var json = false

    func validate() throws {
        guard (0...1000).contains(limit) else { throw ValidationError("--limit must be between 0 and 1000") }
    }

    func run() throws {
        let store = WatchStore(index: options.path)
        let watch: Watch
        do {
            watch = try store.watch(name)
        } catch {
            throw fail("watch show", error)
        }
        let searcher = try openSearcher(options, command: "watch show")
        // Taken before the search: what arrives while it runs stays new.
        let now: String
        let results: SearchResults
        do {
            now = try searcher.latestArrival
            results = try searcher.new(for: watch, since: since, limit: limit)
        } catch {
            throw fail("watch show", error.description, error.exitStatus)
        }
        if json {
            FileHandle.standardOutput.write(SearchJSON(results).data(pretty: true) + Data("\n".utf8))
        } else {
            let heading = since.map { "new to \(name) since \($0)" } ?? "new to \(name) since it was last seen"
            print(TerminalRenderer(color: ColorChoice.auto.enabled).render(results, heading: heading))
        }
        if since == nil && !keep {
            do {
                try store.markSeen(name, at: now)
            } catch {
                throw fail("watch show", error)
            }
        }
    }
}

struct WatchRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a watch.")

    @OptionGroup var options: IndexOptions

    @Argument(help: "The watch's name.")
    var name: String

    func run() throws {
        do {
            try WatchStore(index: options.path).remove(name)
        } catch {
            throw fail("watch remove", error)
        }
        print("removed watch \(name)")
    }
}

/// The line per watch that gained articles in a write whose new articles
/// are stamped `stamp` (none when the index cannot be searched).
func watchLines(index: String, stamp: String?) -> [String] {
    guard let stamp, let searcher = try? Searcher(path: index) else { return [] }
    return searcher.gains(WatchStore(index: index), since: stamp).map(\.line)
}
