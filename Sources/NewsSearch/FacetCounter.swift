import NewsModel
import Xapian

/// Counts facet values over every match of a query, exactly: one
/// count-only pass without weights or collapsing that reads the one tagged
/// value list per document (``Schema/Slot/facets``), plus one pass per
/// filtered facet without that facet's own filter (disjunctive counts, so
/// that choosing Mali still shows how many Niger would add).
struct FacetCounter {
    let database: Database
    let resolver: FieldResolver

    /// Facet counts over `matching` (`base` narrowed by every one of
    /// `filters`), and the exact number of its matches (near-identical
    /// articles count separately).
    func count(_ base: Query, matching: Query, filters: Filters) throws -> (facets: [Facet: [FacetCount]], total: Int) {
        var counted: [Facet: [FacetCount]] = [:]
        let all = try values(matching)
        for facet in Facet.allCases where !filters.isFiltered(facet.field.filter) {
            counted[facet] = counts(facet, all.counts)
        }
        // Facets narrowed by the same filter (year and month by the dates) share a pass.
        var groups: [(filter: String, facets: [Facet])] = []
        for facet in Facet.allCases where filters.isFiltered(facet.field.filter) {
            if let index = groups.firstIndex(where: { $0.filter == facet.field.filter }) {
                groups[index].facets.append(facet)
            } else {
                groups.append((facet.field.filter, [facet]))
            }
        }
        for group in groups {
            var others = base
            if let filter = try filters.combined(except: group.filter) { others = try others.filtered(by: filter) }
            let found = try values(others)
            for facet in group.facets { counted[facet] = counts(facet, found.counts) }
        }
        return (counted, all.total)
    }

    /// Every tagged facet value among the matches of `query`, with counts,
    /// and the exact number of matches.
    private func values(_ query: Query) throws -> (counts: [ValueCount], total: Int) {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        try enquire.setWeighting(.boolean)
        let spy = try MultiValueCountMatchSpy(slot: Schema.Slot.facets)
        try enquire.add(spy)
        let mset = try enquire.mset(limit: 0, checkAtLeast: try database.documentCount)
        return (try spy.values(), try mset.matches().estimated)
    }

    /// The values of `facet` among `all`: dates in order, others most frequent first.
    private func counts(_ facet: Facet, _ all: [ValueCount]) -> [FacetCount] {
        let tag = facet.field.tag
        var values: [ValueCount] = all.compactMap { item in
            guard item.value.utf8.first == tag, item.value.utf8.count > 1 else { return nil }
            return ValueCount(value: String(item.value.dropFirst()), count: item.count)
        }
        if facet.field.inValueOrder {
            values.sort { $0.value < $1.value }
        } else {
            values.sort { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        }
        return values.map {
            FacetCount(value: $0.value, count: $0.count, label: resolver.label(facet: facet.rawValue, value: $0.value))
        }
    }
}
