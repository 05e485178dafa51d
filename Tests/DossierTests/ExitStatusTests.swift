import Foundation
import NewsModel
import TestSupport
import Testing

/// The command line's conventions (issue 13): one exit-status scheme,
/// --version, examples in --help, a suggestion for a mistyped command, JSON
/// errors with --json, duplicates counted unless --verbose, --strict.
@Suite("dossier: exit statuses and conventions")
struct ExitStatusTests {
    let dir = TemporaryDirectory()

    init() throws {
        // Two readable articles, one empty line-object (rejected) and an exact duplicate.
        try dir.write(
            """
            {"id": "a1", "title": "Coup in Niger", "body": "Soldiers detained the president in Niamey."}
            {"id": "a2", "title": "Sanctions on Mali", "body": "The bloc imposed sanctions on Mali."}
            {"id": "a3", "title": "Coup in Niger", "body": "Soldiers detained the president in Niamey."}
            """, to: "clean/wire.jsonl")
        try dir.write(
            """
            {"id": "b1", "title": "Elections in Senegal", "body": "Voters in Dakar chose a president."}
            {"id": "b2", "title": " ", "body": ""}
            """, to: "dirty/wire.jsonl")
    }

    @Test("0 done; 1 done with inputs skipped; 2 a bad command, option, value or query; 3 failed")
    func scheme() throws {
        let index = dir.path("index")
        #expect(try Command.dossier(["index", "--corpus", dir.path("clean"), "--index", index, "--quiet"]).status == 0)
        let skipped = try Command.dossier(["ingest", dir.path("dirty"), "--index", index, "--quiet"])
        #expect(skipped.status == 1, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("wire.jsonl:2"), "the skipped line is named FILE:LINE")
        #expect(try Command.dossier(["show", "b1", "--index", index]).status == 0, "the good article went in")
        let strict = try Command.dossier(["ingest", dir.path("dirty"), "--index", index, "--quiet", "--strict"])
        #expect(strict.status == 3)
        // Usage: each kind of thing typed wrong is 2.
        for arguments in [
            ["search", "coup", "--limit", "0x"], ["search", "coup", "--limit", "100000"], ["search", "mali AND"],
            ["search", "coup", "--country", "Atlantis"], ["serch", "coup"], ["search", "--no-such-option"],
        ] {
            let result = try Command.dossier(arguments + ["--index", index])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
        // Failed: the work could not be done.
        #expect(try Command.dossier(["search", "coup", "--index", dir.path("none")]).status == 3)
        #expect(try Command.dossier(["stats", "--index", dir.path("none")]).status == 3)
        #expect(try Command.dossier(["show", "nope", "--index", index]).status == 1, "not there: 1")
        let help = try Command.dossier(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit status: 0 done; 1 done, but"))
    }

    @Test("--version prints the version; every command's --help has examples")
    func versionAndHelp() throws {
        let version = try Command.dossier(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == DossierVersion.current)
        for command in ["index", "ingest", "search", "show", "similar", "facets", "stats", "serve", "connect"] {
            let help = try Command.dossier([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Example"), "\(command) --help has examples")
            #expect(help.stdout.contains("dossier \(command) "), "\(command): examples use the command")
        }
    }

    @Test("a mistyped command gets the nearest one; with --json errors are JSON")
    func suggestionsAndJSON() throws {
        let typo = try Command.dossier(["serch", "coup"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("unknown command 'serch'; did you mean 'search'?"), "\(typo.stderr)")
        let far = try Command.dossier(["frobnicate"])
        #expect(far.status == 2 && !far.stderr.contains("did you mean"))
        let missing = try Command.dossier(["search", "coup", "--json", "--index", dir.path("none")])
        #expect(missing.status == 3)
        let line = try #require(missing.stderr.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["command"] as? String == "search")
        #expect(error["status"] as? Int == 3)
        #expect((error["message"] as? String)?.contains("no index at") == true)
        let usage = try Command.dossier(["search", "coup", "--json", "--limit", "x", "--index", dir.path("none")])
        #expect(usage.status == 2)
        let usageObject = try JSONSerialization.jsonObject(with: Data(usage.stderr.utf8)) as? [String: Any]
        #expect((usageObject?["error"] as? [String: Any])?["status"] as? Int == 2, "\(usage.stderr)")
    }

    @Test("duplicates are counted in the summary and listed only with --verbose")
    func duplicates() throws {
        let quietRun = try Command.dossier([
            "index", "--corpus", dir.path("clean"), "--index", dir.path("i1"), "--quiet",
        ])
        #expect(quietRun.status == 0)
        #expect(quietRun.stdout.contains("1 duplicates skipped"), "\(quietRun.stdout)")
        #expect(!quietRun.stderr.contains("same text as"), "\(quietRun.stderr)")
        let verbose = try Command.dossier([
            "index", "--corpus", dir.path("clean"), "--index", dir.path("i2"), "--quiet", "--verbose",
        ])
        #expect(verbose.stderr.contains("same text as a1"), "\(verbose.stderr)")
        #expect(verbose.stderr.contains("clean/wire.jsonl:3: \"Coup in Niger\""), "named FILE:LINE: \(verbose.stderr)")
    }

    @Test("a source date that cannot be read is named with FILE:LINE and the field; a broken JSON line says where")
    func unreadable() throws {
        try dir.write(
            """
            {"id": "d1", "title": "Troops move", "date": "yesterday", "body": "On Monday 3 March 2024 troops moved."}
            {"id": "d2", "title": "Talks", "date": "06/05/2024", "body": "Talks went on."}
            {"id": "d3", "title": "Fine", "date": "2024-05-06", "body": "A plain day."}
            {"id": "d4", "title": "T", "body": "B",, "x": 1}
            """, to: "dates/wire.jsonl")
        let result = try Command.dossier(["ingest", dir.path("dates"), "--index", dir.path("dated"), "--quiet"])
        #expect(result.status == 1, "the broken line is skipped: \(result.stderr)")
        let file = dir.path("dates/wire.jsonl")
        #expect(
            result.stderr.contains(
                "\(file):1: field \"date\": \"yesterday\" cannot be read (YYYY-MM-DD, or a day, a month's name and a year); "
                    + "the article is kept, dated 2024-03-03 from its text instead"), "\(result.stderr)")
        #expect(result.stderr.contains("\(file):2: field \"date\": \"06/05/2024\" is ambiguous"), "\(result.stderr)")
        #expect(!result.stderr.contains("\(file):3:"), "a readable date says nothing")
        #expect(result.stderr.contains("\(file):4: malformed JSON at column 40:"), "\(result.stderr)")
        #expect(result.stderr.contains("2 unreadable fields left out"), "\(result.stderr)")
        let shown = try Command.dossier(["show", "d1", "--index", dir.path("dated"), "--json"])
        #expect(shown.stdout.contains(#""date" : "2024-03-03""#), "\(shown.stdout)")
        // --infer-only ignores source dates, so it reports none.
        let inferred = try Command.dossier(["ingest", dir.path("dates"), "--dry-run", "--infer-only"])
        #expect(!inferred.stderr.contains("field \"date\""), "\(inferred.stderr)")
    }
}
