import Foundation
import NewsModel

/// Publication dates: normalises what sources give and infers the rest from the text.
///
/// **Source dates** are normalised to `YYYY-MM-DD`: `2022-01-24`, ISO 8601 with a
/// time, RFC 822 ("Mon, 24 Jan 2022 10:00:00 +0000"), "January 24, 2022",
/// "24 January 2022", "24-JAN-1987".
///
/// **From the text**, the publication date is the latest date the article
/// reports as having happened. Dates are "24 Jan 2022", "January 24, 2022",
/// "2022-01-24", "Monday 24 January 2022", ranges ("23 – 24 January"), and
/// dates without a year, whose year is worked out, strongest evidence first:
///
/// 1. the year that puts the date nearest to a full date or a "Month YYYY" of the
///    same article ("In December 2021 and early January ... on 10 January" is
///    2022-01-10), within 60 days; with a weekday ("Monday 24 January"), only
///    years where the date falls on that weekday, within 400 days;
/// 2. with a weekday but no such anchor, the one year mentioned in the article
///    on which the date falls on that weekday;
/// 3. the dates of the neighbouring articles of the same input (archive pages
///    list posts newest first), with the same limits, only when nothing in the
///    article decides.
///
/// Dates in a future context are skipped, and are no anchors either: after
/// "will", "would", "can", "set to", "due", "expected", "scheduled", "planned",
/// "called for", "to be", "until", "by", "next", "ahead of" in the same clause,
/// or followed by "deadline". A year alone or a month and year alone is never
/// a publication date; what cannot be known is nil.
public struct DateExtractor: Sendable {
    /// The last year a weekday may place a date in (years after it are not plausible).
    public let latestYear: Int

    /// Creates an extractor; `latestYear` defaults to next year.
    public init(latestYear: Int? = nil) {
        if let latestYear {
            self.latestYear = latestYear
        } else {
            let now = Int(Date().timeIntervalSince1970 / 86_400)
            self.latestYear = CivilDate.components(now).year + 1
        }
    }

    static let earliestYear = 1900

    // MARK: - Public entry points

    /// A source's date as `YYYY-MM-DD`, or nil if it cannot be read.
    public func normalize(_ sourceDate: String) -> String? {
        normalizedDay(sourceDate).map(CivilDate.string)
    }

    /// The publication date of an article from its text alone, or nil.
    public func extract(title: String, body: String) -> String? {
        extract(title: title, body: body, neighbours: [])
    }

    /// The publication date of an article from its text, using the dates
    /// (`YYYY-MM-DD`) of the neighbouring articles of the same input only when
    /// the text leaves the year open.
    public func extract(title: String, body: String, neighbours: [String]) -> String? {
        let evidence = self.evidence(ScannedText(title: title, body: body))
        return evidence.resolve(neighbours: neighbours.compactMap(CivilDate.parse), latestYear: latestYear)
            .map(CivilDate.string)
    }

    func normalizedDay(_ sourceDate: String) -> Int? {
        let trimmed = sourceDate.trimmingCharacters(in: .whitespacesAndNewlines)
        if let day = CivilDate.parse(trimmed) { return day }
        let text = ScannedText(title: "", body: trimmed)
        for mention in mentions(in: text, source: true) {
            if let year = mention.year, let day = CivilDate.day(year: year, month: mention.month, day: mention.day) {
                return day
            }
        }
        return nil
    }

    // MARK: - Mentions

    /// A date found in the text.
    struct Mention {
        var month: Int
        var day: Int
        var year: Int?
        var weekday: Int?
        var future: Bool
        var token: Int
    }

    /// What the text says about dates.
    struct Evidence {
        /// Full dates and "Month YYYY" of the article, as day ranges.
        var anchors: [ClosedRange<Int>] = []
        /// Years mentioned alone ("in 2015").
        var years: Set<Int> = []
        var mentions: [Mention] = []

        /// The latest past date: from the text if it decides, else with the neighbours' dates.
        func resolve(neighbours: [Int], latestYear: Int) -> Int? {
            if let day = resolveAlone(latestYear: latestYear) { return day }
            guard !neighbours.isEmpty else { return nil }
            var latest: Int?
            for mention in mentions where !mention.future {
                guard let day = nearest(mention, to: neighbours.map { $0...$0 }, latestYear: latestYear) else {
                    continue
                }
                latest = max(latest ?? day, day)
            }
            return latest
        }

        /// The latest past date the article decides by itself.
        func resolveAlone(latestYear: Int) -> Int? {
            var anchors = self.anchors
            var resolved: [Int?] = Array(repeating: nil, count: mentions.count)
            // Full dates first; then weekdays that fit exactly one year mentioned.
            for (index, mention) in mentions.enumerated() {
                if let year = mention.year {
                    resolved[index] = CivilDate.day(year: year, month: mention.month, day: mention.day)
                }
            }
            if anchors.isEmpty {
                for (index, mention) in mentions.enumerated() where mention.year == nil && mention.weekday != nil {
                    let fits = years.sorted().compactMap { year -> Int? in
                        guard let day = CivilDate.day(year: year, month: mention.month, day: mention.day),
                            CivilDate.weekday(day) == mention.weekday
                        else { return nil }
                        return day
                    }
                    if fits.count == 1 {
                        resolved[index] = fits[0]
                        anchors.append(fits[0]...fits[0])
                    }
                }
            }
            if !anchors.isEmpty {
                for (index, mention) in mentions.enumerated() where resolved[index] == nil {
                    resolved[index] = nearest(mention, to: anchors, latestYear: latestYear)
                }
            }
            var latest: Int?
            for (index, mention) in mentions.enumerated() where !mention.future {
                if let day = resolved[index] { latest = max(latest ?? day, day) }
            }
            return latest
        }

        /// How far (in days) a year-less date may be from the anchor that decides its year:
        /// a weekday narrows the years down by itself, a day and month alone do not.
        static let limit = 60
        static let weekdayLimit = 400

        /// The day of a year-less mention nearest to one of `anchors`, if near enough.
        func nearest(_ mention: Mention, to anchors: [ClosedRange<Int>], latestYear: Int) -> Int? {
            var candidates: [Int] = []
            if let year = mention.year {
                return CivilDate.day(year: year, month: mention.month, day: mention.day)
            }
            if let weekday = mention.weekday {
                let years = anchors.map { CivilDate.components($0.lowerBound).year }
                let low = max(DateExtractor.earliestYear, (years.min() ?? latestYear) - 2)
                let high = min(latestYear, (years.max() ?? latestYear) + 2)
                guard low <= high else { return nil }
                for year in low...high {
                    if let day = CivilDate.day(year: year, month: mention.month, day: mention.day),
                        CivilDate.weekday(day) == weekday
                    {
                        candidates.append(day)
                    }
                }
            } else {
                var years = Set<Int>()
                for anchor in anchors {
                    let year = CivilDate.components(anchor.lowerBound).year
                    years.formUnion([year - 1, year, year + 1])
                    years.insert(CivilDate.components(anchor.upperBound).year + 1)
                }
                for year in years.sorted() {
                    if let day = CivilDate.day(year: year, month: mention.month, day: mention.day) {
                        candidates.append(day)
                    }
                }
            }
            var best: (day: Int, distance: Int)?
            for day in candidates {
                let distance =
                    anchors.map { anchor in
                        day < anchor.lowerBound ? anchor.lowerBound - day : max(0, day - anchor.upperBound)
                    }.min() ?? Int.max
                if best == nil || distance < best!.distance { best = (day, distance) }
            }
            guard let best else { return nil }
            if best.distance > (mention.weekday != nil ? Evidence.weekdayLimit : Evidence.limit) { return nil }
            return best.day
        }
    }

    func evidence(_ text: ScannedText) -> Evidence {
        var evidence = Evidence()
        let found = mentions(in: text, source: false, evidence: &evidence)
        evidence.mentions = found
        return evidence
    }

    private func mentions(in text: ScannedText, source: Bool) -> [Mention] {
        var evidence = Evidence()
        return mentions(in: text, source: source, evidence: &evidence)
    }

    private static func words(_ list: [String]) -> [UInt64: Int] {
        var map: [UInt64: Int] = [:]
        for (index, word) in list.enumerated() { map[FNV1a.hash(word)] = index }
        return map
    }

    static let months: [UInt64: Int] = {
        var map: [UInt64: Int] = [:]
        let names = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        for (index, name) in names.enumerated() { map[FNV1a.hash(name)] = index + 1 }
        let short = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        for (index, name) in short.enumerated() { map[FNV1a.hash(name)] = index + 1 }
        map[FNV1a.hash("sept")] = 9
        return map
    }()
    static let weekdays = words(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
    static let shortWeekdays = words(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    /// Words that put what follows in the same clause in the future.
    static let futureWords = Set(
        [
            "will", "shall", "would", "upcoming", "next", "scheduled", "slated", "planned", "plans", "planning",
            "plan", "deadline", "until", "till", "intends", "intend", "expected", "expects", "due", "forthcoming",
            "poised", "postponed", "postpone", "adjourned", "can", "might", "payable", "matures", "maturity",
        ].map { FNV1a.hash($0) })
    /// First words of two-word future cues, with their second word.
    static let futurePairs: [UInt64: Set<UInt64>] = [
        FNV1a.hash("set"): [FNV1a.hash("to"), FNV1a.hash("for")],
        FNV1a.hash("going"): [FNV1a.hash("to")],
        FNV1a.hash("called"): [FNV1a.hash("for")],
        FNV1a.hash("calls"): [FNV1a.hash("for")],
        FNV1a.hash("call"): [FNV1a.hash("for")],
        FNV1a.hash("ahead"): [FNV1a.hash("of")],
        FNV1a.hash("to"): [FNV1a.hash("be")],
    ]
    static let deadlineHash = FNV1a.hash("deadline")
    static let byHash = FNV1a.hash("by")
    static let ofHash = FNV1a.hash("of")
    static let theHash = FNV1a.hash("the")
    static let toHash = FNV1a.hash("to")
    static let andHash = FNV1a.hash("and")

    private func isCapitalised(_ token: Token, source: Bool) -> Bool {
        source || token.flags.contains(.firstUpper) || token.flags.contains(.capsContext)
    }

    private func month(_ tokens: [Token], _ index: Int, source: Bool) -> Int? {
        guard index < tokens.count, let month = DateExtractor.months[tokens[index].hash],
            isCapitalised(tokens[index], source: source)
        else { return nil }
        return month
    }

    private func dayNumber(_ tokens: [Token], _ index: Int) -> Int? {
        guard index < tokens.count else { return nil }
        let token = tokens[index]
        guard token.number >= 1 && token.number <= 31 else { return nil }
        if token.flags.contains(.ordinal) || (token.flags.contains(.digits) && token.count <= 2) {
            return Int(token.number)
        }
        return nil
    }

    private func yearNumber(_ tokens: [Token], _ index: Int, source: Bool) -> Int? {
        guard index < tokens.count, tokens[index].flags.contains(.digits) else { return nil }
        let token = tokens[index]
        if token.count == 4 && token.number >= DateExtractor.earliestYear && token.number <= 2099 {
            return Int(token.number)
        }
        if source && token.count == 2 && token.number >= 0 {
            return Int(token.number) < 50 ? 2000 + Int(token.number) : 1900 + Int(token.number)
        }
        return nil
    }

    /// Whether token `index` follows the one before it with nothing but space (and
    /// maybe a comma or full stop when `loose`).
    private func joined(_ tokens: [Token], _ index: Int, loose: Bool = false, source: Bool = false) -> Bool {
        guard index < tokens.count else { return false }
        var gap = tokens[index].gap.subtracting([.space, .newline])
        if loose { gap.subtract([.comma, .period, .sentence]) }
        if source { gap.subtract([.hyphen, .dash, .slash]) }  // "24-FEB-1987"
        return gap.isEmpty
    }

    private func mentions(in text: ScannedText, source: Bool, evidence: inout Evidence) -> [Mention] {
        let tokens = text.tokens
        var found: [Mention] = []
        var index = 0
        var used = [Bool](repeating: false, count: tokens.count)
        /// Records the days of one date expression spanning tokens `start..<end`;
        /// a weekday just before it applies when it names a single day.
        func record(_ days: [Int], month: Int, year: Int?, from start: Int, to end: Int) {
            let weekday = weekdayBefore(tokens, start, source: source)
            for day in days {
                found.append(
                    Mention(
                        month: month, day: day, year: year, weekday: days.count == 1 ? weekday : nil, future: false,
                        token: weekday != nil ? start - 1 : start))
            }
            for marked in start..<end { used[marked] = true }
        }
        while index < tokens.count {
            // ISO: 2022-01-24.
            if let year = yearNumber(tokens, index, source: false), index + 2 < tokens.count,
                tokens[index + 1].gap == .hyphen, tokens[index + 2].gap == .hyphen,
                tokens[index + 1].flags.contains(.digits), tokens[index + 2].flags.contains(.digits),
                tokens[index + 1].count == 2, tokens[index + 2].count == 2,
                CivilDate.day(year: year, month: Int(tokens[index + 1].number), day: Int(tokens[index + 2].number))
                    != nil
            {
                found.append(
                    Mention(
                        month: Int(tokens[index + 1].number), day: Int(tokens[index + 2].number), year: year,
                        weekday: nil, future: false, token: index))
                for marked in index...(index + 2) { used[marked] = true }
                index += 3
                continue
            }
            // 24 January [2022], 24th of January, 23 – 24 January.
            if let day = dayNumber(tokens, index) {
                var cursor = index + 1
                var days = [day]
                if cursor + 1 < tokens.count, let second = dayNumber(tokens, cursor),
                    tokens[cursor].gap.contains(.dash) || tokens[cursor].gap.contains(.hyphen)
                {
                    days.append(second)
                    cursor += 1
                }
                if cursor < tokens.count && tokens[cursor].hash == DateExtractor.ofHash && joined(tokens, cursor) {
                    cursor += 1
                }
                if let month = month(tokens, cursor, source: source), joined(tokens, cursor, source: source) {
                    var end = cursor + 1
                    var year: Int?
                    if let value = yearNumber(tokens, end, source: source),
                        joined(tokens, end, loose: true, source: source)
                    {
                        year = value
                        end += 1
                    }
                    record(days, month: month, year: year, from: index, to: end)
                    index = end
                    continue
                }
            }
            // January 24[, 2022], Jan. 24, August 9-11; or a month and year: December 2021.
            if let month = month(tokens, index, source: source) {
                if let day = dayNumber(tokens, index + 1), joined(tokens, index + 1, loose: true),
                    !tokens[index + 1].gap.contains(.sentence)
                {
                    var end = index + 2
                    var days = [day]
                    if let second = dayNumber(tokens, end),
                        tokens[end].gap.contains(.dash) || tokens[end].gap.contains(.hyphen)
                    {
                        days.append(second)
                        end += 1
                    }
                    var year: Int?
                    if let value = yearNumber(tokens, end, source: source), joined(tokens, end, loose: true),
                        !tokens[end].gap.contains(.sentence)
                    {
                        year = value
                        end += 1
                    }
                    record(days, month: month, year: year, from: index, to: end)
                    index = end
                    continue
                }
                if let year = yearNumber(tokens, index + 1, source: false), joined(tokens, index + 1, loose: true),
                    !tokens[index + 1].gap.contains(.sentence),
                    let first = CivilDate.day(year: year, month: month, day: 1)
                {
                    if !source && !isFuture(tokens, start: index, text: text) {
                        evidence.anchors.append(first...(first + CivilDate.daysIn(month: month, year: year) - 1))
                    }
                    used[index] = true
                    used[index + 1] = true
                    index += 2
                    continue
                }
            }
            index += 1
        }
        guard !source else { return found }
        for (index, token) in tokens.enumerated() where !used[index] && token.count == 4 {
            if let year = yearNumber(tokens, index, source: false), year <= latestYear,
                !isFuture(tokens, start: index, text: text)
            {
                evidence.years.insert(year)
            }
        }
        // Dates in a future context are neither publication dates nor anchors.
        let dated = found.map { mention in
            var mention = mention
            mention.future = isFuture(tokens, start: mention.token, text: text)
            return mention
        }
        for mention in dated where !mention.future {
            if let year = mention.year, let day = CivilDate.day(year: year, month: mention.month, day: mention.day) {
                evidence.anchors.append(day...day)
            }
        }
        return dated
    }

    /// The weekday right before a date ("Monday 24 January", "Monday, January 24").
    private func weekdayBefore(_ tokens: [Token], _ index: Int, source: Bool) -> Int? {
        guard index > 0, joined(tokens, index, loose: true), !tokens[index].gap.contains(.sentence) else { return nil }
        let previous = tokens[index - 1]
        guard isCapitalised(previous, source: source) else { return nil }
        if let weekday = DateExtractor.weekdays[previous.hash] { return weekday }
        if source, let weekday = DateExtractor.shortWeekdays[previous.hash] { return weekday }
        return nil
    }

    /// Whether the clause around a date puts it in the future.
    private func isFuture(_ tokens: [Token], start: Int, text: ScannedText) -> Bool {
        let clause = tokens[start].clause
        // A deadline: "a new 22 September deadline".
        var after = start
        while after < tokens.count && after < start + 6 && tokens[after].clause == clause {
            if tokens[after].hash == DateExtractor.deadlineHash { return true }
            after += 1
        }
        if start > 0 && tokens[start - 1].hash == DateExtractor.byHash && tokens[start - 1].clause == clause {
            return true
        }
        var index = start - 1
        while index >= 0 && index >= start - 20 && tokens[index].clause == clause {
            let hash = tokens[index].hash
            if DateExtractor.futureWords.contains(hash) { return true }
            if let seconds = DateExtractor.futurePairs[hash], index + 1 < start,
                seconds.contains(tokens[index + 1].hash)
            {
                return true
            }
            index -= 1
        }
        return false
    }
}
