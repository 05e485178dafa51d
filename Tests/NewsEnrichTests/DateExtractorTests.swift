import NewsEnrich
import Testing

@Suite("Dates")
struct DateExtractorTests {
    let dates = DateExtractor(latestYear: 2026)

    @Test(
        "source dates are normalised",
        arguments: [
            ("2022-01-24", "2022-01-24"), ("2022-01-24T10:00:00Z", "2022-01-24"),
            ("2022-01-24T23:30:00-05:00", "2022-01-24"), ("Mon, 24 Jan 2022 10:00:00 +0000", "2022-01-24"),
            ("Mon, 24 Jan 22 10:00:00 GMT", "2022-01-24"), ("January 24, 2022", "2022-01-24"),
            ("24 January 2022", "2022-01-24"), ("Jan. 24, 2022", "2022-01-24"),
            ("24-FEB-1987 15:01:01.79", "1987-02-24"),
            (" 29 February 2020 ", "2020-02-29"),
        ])
    func normalise(source: String, expected: String) {
        #expect(dates.normalize(source) == expected)
    }

    @Test(
        "unreadable source dates are nil",
        arguments: [
            "", "soon", "2022", "January 2022", "31 February 2022",
            "2022-13-01", "29 February 2021",
        ])
    func unreadable(source: String) {
        #expect(dates.normalize(source) == nil)
    }

    @Test(
        "full dates in the text",
        arguments: [
            "Troops moved in on 24 Jan 2022.", "Troops moved in on January 24, 2022.",
            "Troops moved in on 2022-01-24.", "Troops moved in on Monday 24 January 2022.",
            "Troops moved in on Monday, January 24, 2022, at dawn.", "Troops moved in on the 24th of January 2022.",
        ])
    func fullDates(body: String) {
        #expect(dates.extract(title: "", body: body) == "2022-01-24")
    }

    @Test("the latest date reported as having happened wins")
    func latest() {
        let body = "Fighting began on 3 March 2021. Talks failed on 12 April 2021. A truce was signed on 2 April 2021."
        #expect(dates.extract(title: "", body: body) == "2021-04-12")
    }

    @Test(
        "dates in a future context are skipped",
        arguments: [
            "Schools will remain closed on 25 January 2022.",
            "The government, which is set to be inaugurated on Friday 25 September 2020, met.",
            "Leaders set a new 22 September 2020 deadline.",
            "The party has called for a rally on Tuesday 15 September 2020.",
            "Elections are scheduled for 12 March 2023.", "The vote is due on 9 May 2023.",
        ])
    func future(body: String) {
        #expect(dates.extract(title: "", body: body) == nil)
    }

    @Test("a past date beside a future one")
    func pastAndFuture() {
        let body = "On 24 January 2022 the army took power. Schools will remain closed on 25 January."
        #expect(dates.extract(title: "", body: body) == "2022-01-24")
    }

    @Test(
        "a year alone or a month and year alone is not a date",
        arguments: [
            "In 1992, war broke out.", "In February 1992 a referendum was held.", "Elections in 2023 were promised.",
            "Nothing happened.", "The 2100 – 0500 curfew holds.",
        ])
    func notDates(body: String) {
        #expect(dates.extract(title: "", body: body) == nil)
    }

    @Test("a weekday decides the year among the article's anchors")
    func weekdayWithAnchor() {
        let body = "In December 2021 he was promoted. On Monday 24 January, the army ousted the president."
        #expect(dates.extract(title: "", body: body) == "2022-01-24")
    }

    @Test("a weekday decides the year among the years the article mentions")
    func weekdayWithYears() {
        // 16 September fell on a Wednesday in 2015 and 2020; only 2020 is mentioned.
        let body = "Since 2020 the junta has ruled. On Wednesday 16 September, leaders met in Accra."
        #expect(dates.extract(title: "", body: body) == "2020-09-16")
        let wrongDay = "Since 2020 the junta has ruled. On Thursday 16 September, leaders met in Accra."
        #expect(dates.extract(title: "", body: wrongDay) == nil)
    }

    @Test("a date without a year takes the year nearest to the article's anchors")
    func nearestAnchor() {
        let myanmar =
            "In December 2021 and early January the conflict escalated. In April 2021 a plan was agreed. "
            + "On 10 January Suu Kyi was sentenced."
        #expect(dates.extract(title: "", body: myanmar) == "2022-01-10")
        let belarus = "On 9 August 2020 the polls opened. On September 8 the EU released a statement."
        #expect(dates.extract(title: "", body: belarus) == "2020-09-08")
    }

    @Test("an anchor in a future context does not decide a year; a far anchor does not either")
    func weakAnchors() {
        #expect(dates.extract(title: "", body: "The plant will open in June 1988. On March 6 it was announced.") == nil)
        #expect(dates.extract(title: "", body: "The firm was founded in June 1985. On March 20 it reported.") == nil)
    }

    @Test("without anything in the article, the neighbours decide; without neighbours, nil")
    func neighbours() {
        let body = "On Monday 21 September, the junta named a president, to be inaugurated on Friday 25 September."
        #expect(dates.extract(title: "", body: body) == nil)
        #expect(dates.extract(title: "", body: body, neighbours: ["2020-08-12"]) == "2020-09-21")
        #expect(
            dates.extract(title: "", body: "On 12 September talks began.", neighbours: ["2020-09-08"]) == "2020-09-12")
        #expect(dates.extract(title: "", body: "On 12 September talks began.", neighbours: ["2020-03-08"]) == nil)
    }

    @Test("a range counts its last day")
    func ranges() {
        #expect(dates.extract(title: "", body: "On 23 – 24 January 2022 a curfew applied.") == "2022-01-24")
        #expect(dates.extract(title: "", body: "Internet was cut on August 9-11, 2020.") == "2020-08-11")
    }

    @Test("a date in the title counts")
    func title() {
        #expect(dates.extract(title: "Burkina Faso Mutiny (24 Jan 2022)", body: "Gunfire was heard.") == "2022-01-24")
    }

    @Test("month words that are ordinary words are not months")
    func ordinaryWords() {
        #expect(dates.extract(title: "", body: "Officials may 5 times review it; they march 3 miles.") == nil)
    }
}
