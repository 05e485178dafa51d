import Foundation
import TestSupport
import Testing
import Xapian

/// A tiny article for tests: title, body, countries (multi-valued), category and date.
struct Sample {
    let id: String
    let title: String
    let body: String
    let countries: [String]
    let category: String
    let date: String  // YYYYMMDD

    static let slotDate: ValueSlot = 0
    static let slotCategory: ValueSlot = 1
    static let slotCountries: ValueSlot = 2

    /// Builds a document the way an indexer would: stemmed text with
    /// positions, title weighted and prefixed, boolean filter terms, values.
    /// With the word pairs of its text, when `pairs` is given.
    func document(generator: TermGenerator, pairs: WordPairs? = nil) throws -> Document {
        let document = try Document()
        try generator.setDocument(document)
        try generator.indexText(title, weight: 5, prefix: "S")
        try generator.indexText(title)
        try generator.increaseTermPosition()
        try generator.indexText(body)
        if let pairs { try document.addWordPairs(pairs) }
        try document.add(booleanTerm: "Q" + id)
        for country in countries { try document.add(booleanTerm: "XC" + country.lowercased()) }
        try document.add(booleanTerm: "XK" + category.lowercased())
        try document.addValue(date, slot: Sample.slotDate)
        try document.addValue(category, slot: Sample.slotCategory)
        try document.addValues(countries, slot: Sample.slotCountries)
        try document.setData(id)
        return document
    }

    static func englishGenerator() throws -> TermGenerator {
        let generator = try TermGenerator()
        try generator.setStemmer(Stem(language: "english"))
        return generator
    }

    static let articles: [Sample] = [
        Sample(
            id: "a1", title: "Coup in Burkina Faso",
            body: "Soldiers ousted President Kaboré in Ouagadougou; the army suspended the constitution.",
            countries: ["BF"], category: "Coups", date: "20220124"),
        Sample(
            id: "a2", title: "Mali and Burkina Faso leave ECOWAS",
            body: "The military governments of Mali, Burkina Faso and Niger announced their withdrawal.",
            countries: ["ML", "BF", "NE"], category: "Diplomacy", date: "20240128"),
        Sample(
            id: "a3", title: "Sanctions on Niger",
            body: "ECOWAS imposed sanctions after the coup in Niamey. Sanctioned officials face travel bans.",
            countries: ["NE"], category: "Sanctions", date: "20230730"),
        Sample(
            id: "a4", title: "Elections in Senegal",
            body: "Voters in Dakar elected a new president after a delayed election.",
            countries: ["SN"], category: "Elections", date: "20240324"),
        Sample(
            id: "a5", title: "Alliance of Sahel States",
            body: "Mali, Burkina Faso and Niger formed a mutual defence alliance against armed groups.",
            countries: ["ML", "BF", "NE"], category: "Diplomacy", date: "20230916"),
        Sample(
            id: "a6", title: "Interest rates rise",
            body: "The central bank raised its interest rate again; markets expect further interest rate rises.",
            countries: [], category: "Economy", date: "20230105"),
    ]

    /// A database holding `articles` at `path`, committed.
    @discardableResult
    static func build(at path: String, articles: [Sample] = Sample.articles, pairs: WordPairs? = nil) throws
        -> WritableDatabase
    {
        let database = try WritableDatabase(path: path, action: .createOrOverwrite)
        let generator = try englishGenerator()
        for article in articles { try database.add(article.document(generator: generator, pairs: pairs)) }
        try database.commit()
        return database
    }
}

/// Runs `body` and returns the `XapianError` it throws, recording an issue
/// when it throws nothing or something else.
@discardableResult
func expectXapianError(
    _ code: XapianError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> XapianError? {
    do {
        try body()
        Issue.record("expected XapianError \(code), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as XapianError {
        #expect(error.code == code, "got \(error.code): \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected XapianError \(code), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// The document ids (stored data) of every hit, in order.
func ids(_ mset: MSet) throws -> [String] {
    try (0..<mset.count).map { try mset.document($0).dataString() }
}

/// A database at `path` holding one document of `text`, indexed with the
/// spelling flag so that its words become spelling data.
func spellingDatabase(at path: String, text: String) throws -> WritableDatabase {
    let writer = try WritableDatabase(path: path)
    let generator = try TermGenerator()
    try generator.setDatabase(writer)
    try generator.setFlags(.spelling)
    let document = try Document()
    try generator.setDocument(document)
    try generator.indexText(text)
    try writer.add(document)
    try writer.commit()
    return writer
}
