import Foundation
import NewsModel

/// Reads plain-text files: saved blog archive pages holding many posts, or
/// a single article.
///
/// An archive page is split at each title line followed (after blank lines)
/// by a "Posted on … in <Category>" line; the layout residue "title_rule" is
/// dropped, and so is the page furniture before the first post ("Category
/// Archives: X", a site name). A file with no such markers is one article;
/// without a title line, its title is its first heading-like line, else its
/// first sentence shortened to about 12 words.
///
/// Paragraphs are separated by blank lines in the body; a line broken in the
/// middle of a sentence is joined to the one before; table separator rows
/// (`---|---|`) are dropped; section headings stay as paragraphs of their own.
public struct TextReader: ArticleReader {
    /// Headings too generic to be a title ("What's Next?", "Conclusion").
    static let genericHeadings: Set<String> = [
        "what's happening", "what is happening", "why it's important", "why it matters", "what's next",
        "what is next", "beyond the headlines", "background", "context", "conclusion", "the conclusion",
        "introduction", "summary", "key takeaways", "analysis", "overview", "outlook", "update",
        "in brief", "details",
    ]

    public init() {}

    public func read(_ data: [UInt8], path: String) -> ReadResult {
        guard let text = String(validating: data, as: UTF8.self) else {
            return ReadResult(problems: [
                IngestProblem(
                    location: SourceLocation(path: path, line: TextReader.firstInvalidUTF8Line(data)),
                    reason: "invalid UTF-8")
            ])
        }
        let lines = TextReader.lines(of: text)
        let starts = TextReader.postStarts(lines)
        if starts.isEmpty {
            return single(lines, path: path)
        }
        var result = ReadResult()
        for (n, start) in starts.enumerated() {
            let end = n + 1 < starts.count ? starts[n + 1].title : lines.count
            let bodyLines = Array(lines[(start.marker + 1)..<end])
            let body = TextReader.paragraphs(bodyLines)
            let location = SourceLocation(path: path, line: start.title + 1)
            if body.isEmpty {
                result.problems.append(IngestProblem(location: location, reason: "post has no text"))
                continue
            }
            let (date, category) = TextReader.parseMarker(lines[start.marker])
            result.articles.append(
                RawArticle(
                    title: lines[start.title], body: body, date: date, categories: category.map { [$0] } ?? [],
                    location: location))
        }
        return result
    }

    // MARK: - One article a file

    private func single(_ lines: [String], path: String) -> ReadResult {
        var first = 0
        while first < lines.count && (lines[first].isEmpty || TextReader.isFurniture(lines[first])) { first += 1 }
        guard first < lines.count else {
            return ReadResult(problems: [
                IngestProblem(location: SourceLocation(path: path, line: 1), reason: "empty article")
            ])
        }
        // A title line: heading-like and followed by a blank line or a longer paragraph.
        var title: String?
        var bodyStart = first
        if TextReader.isHeadingLike(lines[first]) && !TextReader.isGeneric(lines[first]) {
            title = lines[first]
            bodyStart = first + 1
        }
        let body = TextReader.paragraphs(Array(lines[bodyStart...]))
        if title == nil {
            title = TextReader.derivedTitle(lines: Array(lines[first...]), body: body)
        }
        guard !body.isEmpty else {
            return ReadResult(problems: [
                IngestProblem(location: SourceLocation(path: path, line: first + 1), reason: "empty article")
            ])
        }
        return ReadResult(articles: [
            RawArticle(title: title, body: body, location: SourceLocation(path: path, line: first + 1))
        ])
    }

    /// The first heading-like line that is not generic, else the first sentence
    /// of the body shortened to about 12 words.
    static func derivedTitle(lines: [String], body: String) -> String? {
        if let heading = lines.first(where: { isHeadingLike($0) && !isGeneric($0) }) { return heading }
        // The first sentence of the first paragraph that is not a heading.
        let paragraphs = body.components(separatedBy: "\n\n")
        let text = paragraphs.first { !isHeadingLike($0) } ?? paragraphs.first ?? ""
        var sentence = ""
        for (index, c) in zip(text.indices, text) {
            sentence.append(c)
            if ".!?".contains(c) {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " { break }
            }
        }
        return shortened(sentence.trimmingCharacters(in: .whitespaces), words: 12)
    }

    /// At most `words` words; an ellipsis marks a cut.
    static func shortened(_ text: String, words: Int) -> String? {
        let all = text.split(separator: " ")
        guard !all.isEmpty else { return nil }
        if all.count <= words { return all.joined(separator: " ") }
        var kept = all.prefix(words).joined(separator: " ")
        while let last = kept.last, ",;:-–—".contains(last) { kept.removeLast() }
        return kept + "…"
    }

    // MARK: - Archive pages

    struct PostStart {
        /// Line index of the title.
        let title: Int
        /// Line index of the "Posted on" line.
        let marker: Int
    }

    /// The posts of a page: a non-empty title line, then blank lines, then a
    /// "Posted on" line.
    static func postStarts(_ lines: [String]) -> [PostStart] {
        var starts: [PostStart] = []
        for (index, line) in lines.enumerated() where isMarker(line) {
            var title = index - 1
            while title >= 0 && lines[title].isEmpty { title -= 1 }
            guard title >= 0, !isMarker(lines[title]), !isFurniture(lines[title]) else { continue }
            if let last = starts.last, title <= last.marker { continue }
            starts.append(PostStart(title: title, marker: index))
        }
        return starts
    }

    static func isMarker(_ line: String) -> Bool {
        line.hasPrefix("Posted on ") && line.contains(" in ")
    }

    /// The date (nil if the page left it out) and category of a "Posted on
    /// [date] in <Category> [title_rule]" line.
    static func parseMarker(_ line: String) -> (date: String?, category: String?) {
        var rest = line.dropFirst("Posted on".count)
        if rest.hasSuffix("title_rule") { rest = rest.dropLast("title_rule".count) }
        let text = rest.trimmingCharacters(in: .whitespaces)
        let date: Substring
        let category: Substring
        if text.hasPrefix("in ") {
            date = ""
            category = text.dropFirst(3)
        } else if let range = text.range(of: " in ", options: .backwards) {
            date = text[..<range.lowerBound]
            category = text[range.upperBound...]
        } else {
            return (text.isEmpty ? nil : text, nil)
        }
        let trimmedDate = date.trimmingCharacters(in: .whitespaces)
        let trimmedCategory = category.trimmingCharacters(in: .whitespaces)
        return (trimmedDate.isEmpty ? nil : trimmedDate, trimmedCategory.isEmpty ? nil : trimmedCategory)
    }

    /// Lines that belong to the page, not to an article.
    static func isFurniture(_ line: String) -> Bool {
        line.hasPrefix("Category Archives:") || line.hasPrefix("Tag Archives:") || line.hasPrefix("Archives:")
            || line == "title_rule"
    }

    // MARK: - Paragraphs

    /// Lines with line endings normalised and trailing white space removed.
    static func lines(of text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The body: paragraphs separated by one blank line.
    static func paragraphs(_ lines: [String]) -> String {
        var paragraphs: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { paragraphs.append(current) }
            current = ""
        }
        for line in lines {
            if line.isEmpty || line == "title_rule" {
                flush()
                continue
            }
            if isTableSeparator(line) { continue }
            if !current.isEmpty && continues(current, with: line) {
                current += " " + line
            } else {
                flush()
                current = line
            }
        }
        flush()
        return paragraphs.joined(separator: "\n\n")
    }

    /// Whether `next` carries on the sentence `previous` broke off.
    static func continues(_ previous: String, with next: String) -> Bool {
        guard let last = previous.last, let first = next.first else { return false }
        if ".!?:\"”’)|".contains(last) { return false }
        if next.hasPrefix("- ") || next.hasPrefix("• ") || next.contains(" | ") { return false }
        return last == "," || last == ";" || first.isLowercase
    }

    static func isTableSeparator(_ line: String) -> Bool {
        line.contains("-") && line.allSatisfy { "-|: ".contains($0) }
    }

    /// Short, with no sentence-ending full stop: a title or section heading.
    static func isHeadingLike(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard (1...20).contains(words.count), line.count <= 160 else { return false }
        if line.hasSuffix(".") || line.hasSuffix(",") || line.hasSuffix(";") || line.contains(" | ") { return false }
        if line.hasPrefix("- ") || line.hasPrefix("• ") { return false }
        return line.first?.isUppercase == true || line.first?.isNumber == true
    }

    static func isGeneric(_ line: String) -> Bool {
        let key = line.lowercased().replacingOccurrences(of: "’", with: "'")
            .trimmingCharacters(in: CharacterSet(charactersIn: "?!:. "))
        return genericHeadings.contains(key)
    }

    static func firstInvalidUTF8Line(_ data: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in data.enumerated() where byte == 0x0A {
            if String(validating: data[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
