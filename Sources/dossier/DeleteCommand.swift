import ArgumentParser
import Foundation
import NewsIndex

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Take articles out of the index by id, in one transaction.",
        discussion: """
            The articles are gone from search, facets, timelines and watches at once. They are also taken \
            out of the corpus's journal (what was ingested from outside the corpus), so a rebuild does not \
            bring them back; a rebuild from a corpus whose files still hold one does bring it back. \
            Exit status: 0, or 1 if an id was not in the index (the others are deleted).

            Examples:
              dossier delete reuters-1234
              dossier delete reuters-1234 reuters-1235 --index /srv/dossier/index
            """)

    @OptionGroup var options: IndexOptions

    @Argument(help: "The ids of the articles to delete (as search results show them).")
    var ids: [String]

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The corpus whose journal to take them out of (default: the corpus the index was built from).",
            valueName: "folder"))
    var corpus: String?

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give the id of at least one article") }
        if let empty = ids.firstIndex(where: { $0.isEmpty }) {
            throw ValidationError("id \(empty + 1) is empty")
        }
    }

    func run() throws {
        var jobs = IndexJobs(configuration: IndexConfiguration(path: options.path))
        jobs.journal = (corpus ?? LiveIndex.corpus(of: options.path)).flatMap { IngestJournal(corpus: $0) }
        let report: DeleteReport
        do {
            report = try jobs.delete(ids)
        } catch let error as IndexError {
            throw fail("delete", error.description, .failed)
        } catch {
            throw fail("delete", "\(error); the index was not changed", .failed)
        }
        var line = "deleted \(report.deleted.count) article\(report.deleted.count == 1 ? "" : "s")"
        if !report.deleted.isEmpty { line += " (\(report.deleted.joined(separator: ", ")))" }
        if report.journalLines > 0 {
            line += "; \(report.journalLines) line\(report.journalLines == 1 ? "" : "s") taken out of the journal"
        }
        FileHandle.standardError.write(Data("dossier delete: \(line)\n".utf8))
        if !report.missing.isEmpty {
            throw fail("delete", "no article with id \(report.missing.joined(separator: ", "))", .partial)
        }
    }
}
