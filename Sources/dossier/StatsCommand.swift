import ArgumentParser
import Foundation
import NewsIndex
import NewsModel

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show the index's counts, size, schema version, last update and facet cardinalities.",
        discussion: """
            Examples:
              dossier stats
              dossier stats --json --index /srv/dossier/index
            """
    )

    @OptionGroup var options: IndexOptions

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() throws {
        let stats: IndexStats
        do {
            stats = try IndexStats(path: options.path)
        } catch {
            throw fail("stats", error.description, .failed)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(stats), as: UTF8.self))
            return
        }
        let mb = String(format: "%.1f", Double(stats.bytes) / 1_048_576)
        var lines = [
            "index:          \(stats.path)",
            "articles:       \(stats.articles)",
            "size:           \(mb) MB in \(stats.shards) shard\(stats.shards == 1 ? "" : "s")",
            "schema version: \(stats.schemaVersion.map(String.init) ?? "unknown")"
                + (stats.schemaVersion == Schema.version
                    ? "" : " (this dossier needs \(Schema.version): rebuild)"),
            "built:          \(stats.built ?? "unknown")" + (stats.corpus.map { " from \($0)" } ?? ""),
            "last update:    \(stats.updated ?? "unknown")",
            "dates:          \(stats.firstDate ?? "none") to \(stats.lastDate ?? "none"), \(stats.undated) undated",
        ]
        lines.append(
            "facets:         "
                + IndexStats.countedFields.map { "\(stats.facets[$0.name] ?? 0) \($0.plural)" }.joined(separator: ", "))
        print(lines.joined(separator: "\n"))
    }
}
