import ArgumentParser
import Foundation
import NewsSearch

extension TimelineDimension: ExpressibleByArgument {}
extension TimelineInterval: ExpressibleByArgument {}

/// How `dossier timeline` prints.
enum TimelineFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Articles per month, week or year for each of the top countries (or topics, categories) of a search.",
        discussion: """
            Counts every matching article, near-identical ones included, as `dossier facets` does: a \
            line's months add up to the month facet with its value as a filter. Articles without a \
            date are in no bucket; the table's last rows count them and every article of each line.

            Examples:
              dossier timeline coup
              dossier timeline coup --series Mali --series Niger --interval year
              dossier timeline --by topic --country Mali --interval week --format csv
              dossier timeline sanctions --format json | jq '.series[0]'
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "The query (none: every article).")
    var query: String = ""

    @OptionGroup var filter: FilterOptions

    @Option(name: .long, help: "What a line is a value of: country, topic or category.")
    var by: TimelineDimension = .country

    @Option(name: .long, help: "A bucket: month, week (ISO 8601, 2020-W07) or year.")
    var interval: TimelineInterval = .month

    @Option(
        name: .long,
        help:
            "A value of --by to draw, as its filter takes it (repeatable; default: the --by filter's values, else the top values)."
    )
    var series: [String] = []

    @Option(name: .long, help: "How many of the top values to draw when no --series is named (1-20).")
    var top: Int = TimelineRequest.defaultTop

    @Option(name: .long, help: "table, csv (a row per bucket) or json (the shape of GET /api/timeline).")
    var format: TimelineFormat = .table

    func validate() throws {
        let range = TimelineRequest.topRange
        guard range.contains(top) else {
            throw ValidationError("--top must be from \(range.lowerBound) to \(range.upperBound), not \(top)")
        }
    }

    func run() throws {
        let searcher = try openSearcher(options, command: "timeline")
        let timeline: Timeline
        do {
            timeline = try searcher.timeline(
                TimelineRequest(
                    query: query, filters: filter.filters, by: by, interval: interval, series: series, top: top))
        } catch {
            throw fail("timeline", error.description, error.exitStatus)
        }
        switch format {
        case .json: FileHandle.standardOutput.write(Data(timeline.jsonBytes(pretty: true)) + Data("\n".utf8))
        case .csv: FileHandle.standardOutput.write(Data(TimelineCommand.csv(timeline).utf8))
        case .table: print(TimelineCommand.table(timeline))
        }
    }

    /// A row per bucket (`bucket,from,to`, then a column per series, headed
    /// by its value), lines ending in CRLF as RFC 4180 has them.
    static func csv(_ timeline: Timeline) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { ",\"\r\n".contains($0) })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var rows = [([timeline.interval.rawValue, "from", "to"] + timeline.series.map(\.value)).map(field)]
        for (index, bucket) in timeline.buckets.enumerated() {
            let span = timeline.spans[index]
            rows.append([bucket, span.from, span.to] + timeline.series.map { String($0.counts[index]) })
        }
        return rows.map { $0.joined(separator: ",") + "\r\n" }.joined()
    }

    /// An aligned table: a row per bucket, a column per series (headed by
    /// its label), then the undated articles and every article of each series.
    static func table(_ timeline: Timeline) -> String {
        guard !timeline.series.isEmpty else {
            return timeline.query.isEmpty ? "No article matches." : "No article matches \"\(timeline.query)\"."
        }
        var rows = [[timeline.interval.rawValue] + timeline.series.map { $0.label ?? $0.value }]
        for (index, bucket) in timeline.buckets.enumerated() {
            rows.append([bucket] + timeline.series.map { String($0.counts[index]) })
        }
        rows.append(["undated"] + timeline.series.map { String($0.undated) })
        rows.append(["total"] + timeline.series.map { String($0.total) })
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines: [String] = []
        if let corrected = timeline.correctedQuery { lines.append("Counting \"\(corrected)\" instead.") }
        for row in rows {
            let cells = row.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + padding : padding + text
            }
            lines.append(cells.joined(separator: "  "))
        }
        return lines.joined(separator: "\n")
    }
}
