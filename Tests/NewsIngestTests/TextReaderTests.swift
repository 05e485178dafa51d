import Foundation
import NewsIngest
import NewsModel
import Testing

/// The bundled sample archive, read from the repository.
enum Corpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpus")

    static func read(_ name: String) throws -> ReadResult {
        let url = folder.appendingPathComponent(name)
        return TextReader().read([UInt8](try Data(contentsOf: url)), path: url.path)
    }
}

@Suite("TextReader")
struct TextReaderTests {
    @Test("the bundled corpus yields its 12 posts and articles with their titles and categories")
    func corpus() throws {
        let expected: [(file: String, titles: [String], categories: [[String]])] = [
            (
                "000_fe398ebefa3f3554.txt",
                [
                    "Burkina Faso Coup", "Burkina Faso Mutiny (24 Jan 2022)",
                    "Chile Elects Gabriel Boric as its New President", "Myanmar: Stability up in the Air",
                    "Bosnia Teetering on the Precipice of War",
                ],
                Array(repeating: ["Uncategorized"], count: 5)
            ),
            (
                "001_a7a3c38c380da34f.txt", ["Russia and burkina Faso Strengthen Ties Through Military Collaboration"],
                [[]]
            ),
            (
                "002_3c4f3d760049849b.txt",
                [
                    "Mali Announces Transitional Leadership, Partly Meeting Conditions set by ECOWAS",
                    "Cabo Delgado’s insurgency: SADC’s moment to shine?",
                    "New Mali Deadline Set as ECOWAS’ Frustrations Grow",
                    "Mali Coup Leaders Transitional Proposal Suffers Setback",
                    "The Belarus Crisis and its Implications for Eastern European Security and Businesses",
                ],
                [["Mali"], ["Uncategorized"], ["Mali"], ["Mali"], ["Uncategorized"]]
            ),
            (
                "003_a238865922345f6c.txt", ["The leaders of Mali, Burkina Faso, and Niger have announced plans to…"],
                [[]]
            ),
        ]
        var total = 0
        for file in expected {
            let result = try Corpus.read(file.file)
            #expect(result.problems.isEmpty, "\(file.file): \(result.problems)")
            #expect(result.articles.map(\.title) == file.titles.map { Optional($0) }, "\(file.file)")
            #expect(result.articles.map(\.categories) == file.categories, "\(file.file)")
            total += result.articles.count
        }
        #expect(total == 12)
    }

    @Test("posts keep their paragraphs and drop page furniture and layout residue")
    func postBodies() throws {
        let result = try Corpus.read("000_fe398ebefa3f3554.txt")
        let coup = try #require(result.articles.first)
        #expect(coup.location.line == 3)
        #expect(coup.body.hasPrefix("During the afternoon hours on Monday 24 January"))
        #expect(coup.body.contains("\n\nMPSR & Damiba\n\n"), "a section heading is its own paragraph")
        for article in result.articles {
            #expect(!article.body.contains("title_rule"))
            #expect(!article.body.contains("Category Archives"))
            #expect(!article.body.contains("Posted on"))
        }
        #expect(result.articles[1].location.line == 32)
        #expect(
            !result.articles[0].body.contains("Burkina Faso Mutiny (24 Jan 2022)"), "a post ends where the next begins")
    }

    @Test("a line broken mid-sentence is joined; table separator rows are dropped")
    func lineJoining() throws {
        let single = try Corpus.read("003_a238865922345f6c.txt").articles[0]
        #expect(single.body.contains("during a summit in Bamako, Mali, where Capt. Ibrahim Traoré"))
        let table = try Corpus.read("001_a7a3c38c380da34f.txt").articles[0]
        #expect(!table.body.contains("---|"))
        #expect(table.body.contains("Niger | Increased collaboration with Western allies |"))
    }

    func read(_ text: String) -> ReadResult { TextReader().read(Array(text.utf8), path: "test.txt") }

    @Test("a dated marker gives the date and the category")
    func datedMarker() {
        let result = read(
            "Site Name\n\nCoup in Niger\n\nPosted on July 26, 2023 in Sahel title_rule\n\nSoldiers detained the president.\n"
        )
        #expect(result.articles.count == 1)
        #expect(result.articles[0].title == "Coup in Niger")
        #expect(result.articles[0].date == "July 26, 2023")
        #expect(result.articles[0].categories == ["Sahel"])
        #expect(result.articles[0].body == "Soldiers detained the president.")
    }

    @Test("a file without markers is one article titled by its title line")
    func singleWithTitle() {
        let result = read("Sanctions on Mali\r\n\r\nECOWAS imposed sanctions.\r\nBorders were closed.\r\n")
        #expect(result.articles.map(\.title) == ["Sanctions on Mali"])
        #expect(result.articles[0].body == "ECOWAS imposed sanctions.\n\nBorders were closed.")
    }

    @Test("without a title line, the title is the first sentence shortened to about 12 words")
    func derivedTitle() {
        let result = read(
            "Soldiers seized the state broadcaster in Niamey on Wednesday night and announced that the president had been removed. More followed."
        )
        #expect(
            result.articles[0].title
                == "Soldiers seized the state broadcaster in Niamey on Wednesday night and announced…")
    }

    @Test("generic headings are not titles", arguments: ["What's Happening?", "Background", "Conclusion"])
    func genericHeading(heading: String) {
        let result = read("\(heading)\nThe junta closed the border.\n")
        #expect(result.articles[0].title == "The junta closed the border.")
    }

    @Test("invalid UTF-8 is reported with its line, and nothing is read")
    func invalidUTF8() {
        var bytes = Array("Title\n\nGood line.\n".utf8)
        bytes += [0x42, 0xFF, 0x0A]
        let result = TextReader().read(bytes, path: "bad.txt")
        #expect(result.articles.isEmpty)
        #expect(
            result.problems == [
                IngestProblem(location: SourceLocation(path: "bad.txt", line: 4), reason: "invalid UTF-8")
            ])
    }

    @Test("an empty file or a post without text is reported")
    func empty() {
        #expect(read("\n\n  \n").problems.map(\.reason) == ["empty article"])
        let page = read("A\n\nPosted on in X title_rule\n\nB\n\nPosted on in Y title_rule\n\nText of B.\n")
        #expect(page.articles.map(\.title) == ["B"])
        #expect(page.problems.map(\.reason) == ["post has no text"])
        #expect(page.problems.map(\.location.line) == [1])
    }
}
