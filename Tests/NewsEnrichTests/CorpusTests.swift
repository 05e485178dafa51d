import Foundation
import NewsEnrich
import NewsIngest
import NewsModel
import Testing

/// What enrichment must make of one post of the bundled corpus, decided by reading the pages.
struct CorpusExpectation: CustomTestStringConvertible, Sendable {
    let file: String
    let index: Int
    let title: String
    let categories: [String]
    let primary: String
    let date: String?
    /// Topics that must be among the article's.
    let topics: [String]

    var testDescription: String { "\(file.prefix(3)) #\(index + 1) \(title.prefix(40))" }
}

@Suite("Bundled corpus")
struct CorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../corpus").standardizedFileURL

    static let expectations: [CorpusExpectation] = [
        CorpusExpectation(
            file: "000_fe398ebefa3f3554.txt", index: 0, title: "Burkina Faso Coup", categories: [], primary: "BF",
            date: "2022-01-25", topics: ["coup"]),
        CorpusExpectation(
            file: "000_fe398ebefa3f3554.txt", index: 1, title: "Burkina Faso Mutiny (24 Jan 2022)", categories: [],
            primary: "BF", date: "2022-01-24", topics: ["coup", "protests"]),
        CorpusExpectation(
            file: "000_fe398ebefa3f3554.txt", index: 2, title: "Chile Elects Gabriel Boric as its New President",
            categories: [], primary: "CL", date: "2021-12-19", topics: ["elections"]),
        CorpusExpectation(
            file: "000_fe398ebefa3f3554.txt", index: 3, title: "Myanmar: Stability up in the Air", categories: [],
            primary: "MM", date: "2022-01-10", topics: ["human-rights", "sanctions", "humanitarian"]),
        CorpusExpectation(
            file: "000_fe398ebefa3f3554.txt", index: 4, title: "Bosnia Teetering on the Precipice of War",
            categories: [], primary: "BA", date: nil, topics: ["armed-conflict"]),
        CorpusExpectation(
            file: "001_a7a3c38c380da34f.txt", index: 0,
            title: "Russia and burkina Faso Strengthen Ties Through Military Collaboration", categories: [],
            primary: "BF", date: nil, topics: ["military-cooperation", "diplomacy"]),
        CorpusExpectation(
            file: "002_3c4f3d760049849b.txt", index: 0,
            title: "Mali Announces Transitional Leadership, Partly Meeting Conditions set by ECOWAS",
            categories: ["Mali"], primary: "ML", date: "2020-09-21", topics: ["coup", "diplomacy", "sanctions"]),
        CorpusExpectation(
            file: "002_3c4f3d760049849b.txt", index: 1, title: "Cabo Delgado’s insurgency: SADC’s moment to shine?",
            categories: [], primary: "MZ", date: "2020-08-12", topics: ["terrorism"]),
        CorpusExpectation(
            file: "002_3c4f3d760049849b.txt", index: 2, title: "New Mali Deadline Set as ECOWAS’ Frustrations Grow",
            categories: ["Mali"], primary: "ML", date: "2020-09-17", topics: ["coup", "diplomacy", "sanctions"]),
        CorpusExpectation(
            file: "002_3c4f3d760049849b.txt", index: 3,
            title: "Mali Coup Leaders Transitional Proposal Suffers Setback",
            categories: ["Mali"], primary: "ML", date: "2020-09-13", topics: ["coup", "diplomacy"]),
        CorpusExpectation(
            file: "002_3c4f3d760049849b.txt", index: 4,
            title: "The Belarus Crisis and its Implications for Eastern European Security and Businesses",
            categories: [], primary: "BY", date: "2020-09-08", topics: ["protests", "elections", "human-rights"]),
        CorpusExpectation(
            file: "003_a238865922345f6c.txt", index: 0,
            title: "The leaders of Mali, Burkina Faso, and Niger have announced plans to…", categories: [],
            primary: "ML", date: nil, topics: ["terrorism"]),
    ]

    /// The articles of one corpus file, read and enriched.
    static func articles(_ file: String) throws -> [Article] {
        let path = corpus.appendingPathComponent(file).path
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let read = TextReader().read(bytes, path: path)
        return Enricher().enrich(read.articles)
    }

    @Test("the four pages hold 12 articles")
    func count() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter {
            $0.hasSuffix(".txt")
        }.sorted()
        #expect(files.count == 4)
        #expect(try files.map { try Self.articles($0).count } == [5, 1, 5, 1])
    }

    @Test("title, categories, primary country, date and topics", arguments: expectations)
    func article(expected: CorpusExpectation) throws {
        let articles = try Self.articles(expected.file)
        let article = try #require(articles.count > expected.index ? articles[expected.index] : nil)
        #expect(article.title == expected.title)
        #expect(article.categories == expected.categories)
        #expect(article.primaryCountry == expected.primary)
        #expect(article.countryCodes.first == expected.primary)
        #expect(article.date == expected.date)
        #expect(article.provenance.date == (expected.date == nil ? nil : .inferred))
        for topic in expected.topics {
            #expect(article.topics.contains(topic), "\(topic) not in \(article.topics)")
        }
    }

    @Test("ids are stable across runs and distinct within the corpus")
    func ids() throws {
        let files = ["000_fe398ebefa3f3554.txt", "001_a7a3c38c380da34f.txt", "002_3c4f3d760049849b.txt"]
        let first = try files.flatMap { try Self.articles($0).map(\.id) }
        let second = try files.flatMap { try Self.articles($0).map(\.id) }
        #expect(first == second)
        #expect(Set(first).count == first.count)
    }
}
