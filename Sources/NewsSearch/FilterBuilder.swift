import Foundation
import NewsEnrich
import NewsModel
import Xapian

/// What the values of filter fields are written as and mean: country names,
/// aliases and codes become codes; topic labels become topic ids; facet
/// values that are codes get readable labels.
struct FieldResolver: Sendable {
    let gazetteer: Gazetteer
    let topics: TopicLexicon

    init(gazetteer: Gazetteer = .bundled, topics: TopicLexicon = .bundled) {
        self.gazetteer = gazetteer
        self.topics = topics
    }

    /// The value `field` indexes for `value` as written, or nil when the
    /// field has a closed list of values (countries, topics) without it.
    func resolve(_ field: String, _ value: String) -> String? {
        switch field {
        case Schema.country.name: gazetteer.country(named: value)?.code.lowercased()
        case Schema.topic.name: topicID(value)
        default: value.lowercased()
        }
    }

    /// Why `value` is not one of `field`'s values.
    func unknown(_ field: String, _ value: String) -> String {
        switch field {
        case Schema.country.name: "no country is called \"\(value)\""
        case Schema.topic.name: "no topic \"\(value)\" (topics: \(topics.topics.joined(separator: ", ")))"
        default: "no \(field) \"\(value)\""
        }
    }

    /// A readable name for a facet value that is a code (countries, topics).
    func label(facet: String, value: String) -> String? {
        switch facet {
        case Schema.country.name: gazetteer.country(code: value)?.name
        case Schema.topic.name: topics.entries.first { $0.id == value }?.label
        default: nil
        }
    }

    /// A topic's id from its id or label, in any case.
    func topicID(_ value: String) -> String? {
        let key = TextNormalizer.fold(value).lowercased().trimmingCharacters(in: .whitespaces)
        return topics.entries.first { $0.id == key || TextNormalizer.fold($0.label).lowercased() == key }?.id
    }
}

/// The filters of one search as Xapian queries: one per filter field given
/// (its values ORed) and one for the date range, each under its filter's
/// name so that a facet's disjunctive count can leave out the one that
/// narrows it (``Schema/FacetField/filter``).
struct Filters {
    private(set) var parts: [(name: String, query: Query)] = []

    mutating func add(_ name: String, _ query: Query) { parts.append((name, query)) }

    /// Every filter but `name`'s (nil: all of them) in one query, or nil for none.
    func combined(except name: String? = nil) throws(XapianError) -> Query? {
        let kept = parts.filter { $0.name != name }.map(\.query)
        switch kept.count {
        case 0: return nil
        case 1: return kept[0]
        default: return try Query(.and, kept)
        }
    }

    /// Whether the filter called `name` is set.
    func isFiltered(_ name: String) -> Bool { parts.contains { $0.name == name } }
}

/// Turns ``SearchFilters`` into ``Filters``, checking every value: an
/// unknown country or topic, or a date that is not one, names its parameter.
struct FilterBuilder {
    let resolver: FieldResolver

    func filters(_ filters: SearchFilters) throws(SearchError) -> Filters {
        var result = Filters()
        do {
            for field in Schema.filterFields {
                var terms: [Query] = []
                for value in filters[field] {
                    guard let resolved = resolver.resolve(field.name, value) else {
                        throw SearchError.invalidParameter(
                            name: field.name, message: resolver.unknown(field.name, value))
                    }
                    terms.append(try Query(term: Schema.term(field, resolved)))
                }
                guard !terms.isEmpty else { continue }
                result.add(field.name, terms.count == 1 ? terms[0] : try Query(.or, terms))
            }
            let from = try filters.from.map { value throws(SearchError) in try Self.day(value, name: "from", end: false)
            }
            let to = try filters.to.map { value throws(SearchError) in try Self.day(value, name: "to", end: true) }
            if let from, let to, from > to {
                // A span that ends before it starts holds no article.
                result.add(Schema.dateFilter, try Query.matchNothing())
            } else if from != nil || to != nil {
                result.add(Schema.dateFilter, try Query(valueRange: Schema.Slot.date, from: from, to: to))
            }
            if let since = filters.arrivedSince {
                guard Self.isStamp(since) else {
                    throw SearchError.invalidParameter(
                        name: "since",
                        message: "\"\(since)\" is not a day (YYYY-MM-DD) or a time (2026-12-07T05:46:22Z)")
                }
                result.add("arrived", try Query(valueRange: Schema.Slot.arrived, from: since, to: nil))
            }
        } catch let error as SearchError {
            throw error
        } catch {
            throw SearchError.wrap(error, path: "")
        }
        return result
    }

    /// Whether `text` is a lower bound for arrival stamps: a day
    /// (`YYYY-MM-DD`), or a day and a time (what stamps hold, or a part of it).
    static func isStamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let digit = { (i: Int) in bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        guard bytes.count >= 10, bytes.count <= 40, !bytes.contains(0), [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy(digit),
            bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-")
        else { return false }
        return bytes.count == 10 || (bytes[10] == UInt8(ascii: "T") && bytes[11...].allSatisfy { $0 < 0x80 })
    }

    /// `YYYYMMDD` of a `YYYY-MM-DD`, `YYYY-MM` or `YYYY` date: its first day,
    /// or its last with `end`. A day is 01 to 31 in any month.
    static func day(_ text: String, name: String, end: Bool) throws(SearchError) -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let digits = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        guard digits, (1...3).contains(parts.count), parts[0].count == 4,
            parts.dropFirst().allSatisfy({ $0.count == 2 }),
            let year = Int(parts[0])
        else {
            throw .invalidParameter(name: name, message: "\"\(text)\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        }
        let month = parts.count > 1 ? Int(parts[1])! : (end ? 12 : 1)
        guard (1...12).contains(month) else {
            throw .invalidParameter(name: name, message: "\"\(text)\" has no month \(month)")
        }
        let lastDay = CivilDate.daysIn(month: month, year: year)
        let day = parts.count > 2 ? Int(parts[2])! : (end ? lastDay : 1)
        // Days past the month's end (2023-02-30) are kept as written: bounds
        // compare as YYYYMMDD text, so 20230230 falls between February 28
        // and March 1, as the writer meant.
        guard (1...31).contains(day) else {
            throw .invalidParameter(name: name, message: "\"\(text)\" has no day \(day)")
        }
        return String(year).leftPadded(4) + String(month).leftPadded(2) + String(day).leftPadded(2)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
