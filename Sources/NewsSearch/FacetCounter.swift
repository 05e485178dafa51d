import NewsModel
import Xapian

/// Counts facet values over every match of a query, exactly: one
/// count-only pass without weights or collapsing, in which Xapian's own
/// `ValueCountMatchSpy` counts each facet slot (``Schema/FacetSlot``), plus
/// one pass per filtered facet without that facet's own filter (disjunctive
/// counts, so that choosing Mali still shows how many Niger would add).
/// Over remote shards only stock Xapian classes run; a local index takes a
/// faster path to the same counts (``Schema/Slot/facets``: one value read
/// per document, one spy).
final class FacetCounter {
    let database: Database
    let resolver: FieldResolver
    /// Count with Xapian's own spies (remote shards), not the local fast path.
    let stock: Bool
    /// The local fast path's handles on the database, one per thread that
    /// counts (the first is `database`); see ``MultiValueCountMatchSpy/count(_:slot:databases:parallelFrom:columns:)``.
    let counting: [Database]
    /// Count passes on the local fast path so far, and how many of their
    /// handles counted from facet columns (``FacetColumn``), for tests.
    private(set) var passes = (local: 0, handles: 0, fromColumns: 0)
    /// Whether the local fast path may count from facet columns (tests turn it off to compare).
    var usesColumns = true

    init(database: Database, resolver: FieldResolver, stock: Bool, counting: [Database]) {
        self.database = database
        self.resolver = resolver
        self.stock = stock
        self.counting = counting
    }

    /// Starts the pass over every match of `matching` that
    /// ``count(_:matching:filters:started:)`` needs, on the counting handles
    /// but the first (``database``), on a thread of its own, so that the
    /// first can rank meanwhile; nil where it cannot (remote shards, one
    /// handle). Nothing else may use those handles until it is given to
    /// ``count(_:matching:filters:started:)``.
    func start(_ matching: Query) throws -> PendingValueCount? {
        guard !stock, counting.count > 1 else { return nil }
        return try MultiValueCountMatchSpy.startCount(
            matching, slot: Schema.Slot.facets, databases: Array(counting.dropFirst()), columns: usesColumns)
    }

    /// Facet counts over `matching` (`base` narrowed by every one of
    /// `filters`), the exact number of its matches (near-identical articles
    /// count separately), and, on a local index of one database, the set of
    /// them (``MatchSet``) for ranking `matching` on ``database``, unless
    /// the pass over them was `started` (``start(_:)``; then no set).
    func count(_ base: Query, matching: Query, filters: Filters, started: PendingValueCount? = nil) throws -> (
        facets: [Facet: [FacetCount]], total: Int, matches: MatchSet?
    ) {
        var counted: [Facet: [FacetCount]] = [:]
        let all: (counts: [UInt32: [ValueCount]], total: Int, matches: MatchSet?)
        if let started {
            let found = try started.finish()
            record(handles: counting.count - 1, fromColumns: found.fromColumns)
            all = (bySlot(found.values), found.matches, nil)
        } else {
            all = try values(matching, collecting: true)
        }
        for facet in Facet.allCases where !filters.isFiltered(facet.field.filter) {
            counted[facet] = counts(facet, all.counts, singles: !stock)
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
            for facet in group.facets { counted[facet] = counts(facet, found.counts, singles: !stock) }
        }
        return (counted, all.total, all.matches)
    }

    /// The values of every facet slot among the matches of `query`, with
    /// counts (multi-valued slots give combinations), and the exact number
    /// of matches.
    private func values(_ query: Query, collecting: Bool = false) throws -> (
        counts: [UInt32: [ValueCount]], total: Int, matches: MatchSet?
    ) {
        var counts: [UInt32: [ValueCount]] = [:]
        if stock {
            let enquire = try Enquire(database: database)
            try enquire.setQuery(query)
            try enquire.setWeighting(.boolean)
            let spies = try Schema.facetSlots.map { slot throws(XapianError) in
                (slot.slot, try ValueCountMatchSpy(slot: slot.slot))
            }
            for (_, spy) in spies { try enquire.add(spy) }
            let mset = try enquire.mset(limit: 0, checkAtLeast: try database.documentCount)
            for (slot, spy) in spies { counts[slot] = try spy.values() }
            return (counts, try mset.matches().estimated, nil)
        }
        let (values, matches, fromColumns, matchSet) = try MultiValueCountMatchSpy.count(
            query, slot: Schema.Slot.facets, databases: counting, columns: usesColumns, collecting: collecting)
        record(handles: counting.count, fromColumns: fromColumns)
        return (bySlot(values), matches, matchSet)
    }

    private func record(handles: Int, fromColumns: Int) {
        passes.local += 1
        passes.handles += handles
        passes.fromColumns += fromColumns
    }

    /// The local fast path's tagged values (``Schema/Slot/facets``) by the
    /// facet slot each stands for, untagged.
    private func bySlot(_ values: [ValueCount]) -> [UInt32: [ValueCount]] {
        var counts: [UInt32: [ValueCount]] = [:]
        for item in values {
            guard let tag = item.value.utf8.first,
                let slot = Schema.facetSlots.first(where: { $0.tag == tag })
            else { continue }
            counts[slot.slot, default: []].append(ValueCount(value: String(item.value.dropFirst()), count: item.count))
        }
        return counts
    }

    /// The values of `facet` among `all`: each combination split into its
    /// values, whose counts add up; dates in order, others most frequent first.
    /// `singles`: every value in `all` is one value, listed once (the
    /// local fast path's), not a combination.
    private func counts(_ facet: Facet, _ all: [UInt32: [ValueCount]], singles: Bool) -> [FacetCount] {
        let field = facet.field
        var values: [ValueCount]
        if singles && field.prefixLength == nil {
            values = all[field.slot] ?? []
        } else {
            var tally: [Substring: Int] = [:]
            for item in all[field.slot] ?? [] {
                for part in item.value.split(separator: Schema.facetSeparator) {
                    tally[field.value(ofStored: part), default: 0] += item.count
                }
            }
            values = tally.map { ValueCount(value: String($0.key), count: $0.value) }
        }
        if field.inValueOrder {
            values.sort { $0.value < $1.value }
        } else {
            values.sort { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        }
        return values.map {
            FacetCount(value: $0.value, count: $0.count, label: resolver.label(facet: facet.rawValue, value: $0.value))
        }
    }
}
