import Foundation
import NewsIndex
import NewsModel
import TestSupport
import Testing
import Xapian

@testable import NewsSearch

/// Facet columns as the index keeps them: written by every rebuild and
/// ingest, read by searches, and never the reason for a wrong count.
@Suite("Facet columns in the index")
struct FacetColumnIndexTests {
    let dir = TemporaryDirectory()
    var index: String { dir.path("index") }

    /// Every facet's counts for `query` over all matches, and how many of
    /// the count passes used facet columns (of how many).
    func facets(_ query: String = "", filters: SearchFilters = SearchFilters(), columns: Bool = true) throws -> (
        counts: [Facet: [String: Int]], columns: Int, passes: Int
    ) {
        let searcher = try Searcher(path: index)
        searcher.facetCounter.usesColumns = columns
        let results = try searcher.search(
            SearchRequest(query: query, filters: filters, limit: 0, facets: true, collapse: false))
        var counts: [Facet: [String: Int]] = [:]
        for (facet, values) in results.facets ?? [:] {
            counts[facet] = Dictionary(uniqueKeysWithValues: values.map { ($0.value, $0.count) })
        }
        let passes = searcher.facetCounter.passes
        return (counts, passes.fromColumns, passes.local)
    }

    /// The live databases' column files.
    func columnFiles() throws -> [String] {
        try #require(facetColumnFiles(folder: index))
    }

    @Test("a rebuild writes each database's column, and searches count from it, the same counts as the slot")
    func rebuildWritesColumns() throws {
        for keepShards in [false, true] {
            try rebuild(index, searchArchive, jobs: 2, keepShards: keepShards)
            let files = try columnFiles()
            #expect(files.count == (keepShards ? 2 : 1))
            for file in files { #expect(FileManager.default.fileExists(atPath: file), "\(file)") }
            for (query, filters) in [
                ("", SearchFilters()), ("coup", SearchFilters()), ("", SearchFilters(countries: ["Niger"])),
            ] {
                let fast = try facets(query, filters: filters)
                #expect(fast.passes > 0 && fast.columns == fast.passes, "\(query) \(filters)")
                // The same search counted from the value slot.
                let slow = try facets(query, filters: filters, columns: false)
                #expect(slow.columns == 0 && slow.passes == fast.passes)
                #expect(slow.counts == fast.counts, "\(query) \(filters), keepShards \(keepShards)")
            }
        }
    }

    @Test("an ingest rewrites the column at the new revision: the new article is counted, from the column")
    func ingestRewritesColumn() throws {
        try rebuild(index, searchArchive)
        let before = try facets()
        #expect(before.counts[.country]?["TD"] == nil)
        let writer = try IndexWriter(configuration: IndexConfiguration(path: index))
        try writer.add([
            (
                Article(
                    id: "td1", title: "Coup attempt in Chad", body: "Soldiers attacked the presidency in N'Djamena.",
                    date: "2024-01-09", countryCodes: ["TD", "NE"], categories: ["Coups"], source: "wire"), nil
            )
        ])
        // Between the batch's commit and the writer's close, the column is a
        // revision behind: searches count from the slot, and see the article.
        let during = try facets()
        #expect(during.columns == 0)
        #expect(during.counts[.country]?["TD"] == 1)
        try writer.close()
        let after = try facets()
        #expect(after.columns == after.passes && after.passes > 0)
        #expect(after.counts == during.counts)
        #expect(after.counts[.country]?["NE"] == (before.counts[.country]?["NE"] ?? 0) + 1)
    }
}
