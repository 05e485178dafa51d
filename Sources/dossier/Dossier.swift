import ArgumentParser

@main
struct Dossier: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dossier",
        abstract: "Full-text search over an archive of news and risk-intelligence reporting.",
        subcommands: [
            IngestCommand.self, IndexCommand.self, SearchCommand.self, ShowCommand.self, SimilarCommand.self,
            FacetsCommand.self, StatsCommand.self, ServeCommand.self, ConnectCommand.self,
        ]
    )
}
