import Foundation
import NewsModel

/// Reads JSON Lines in the interchange form, one article a line:
/// `{"id", "title", "body", "date": "YYYY-MM-DD" or null, "countries": [names],
/// "categories": [names], "source", "url"}`; only a title or a body is required.
///
/// Each bad line (invalid UTF-8, malformed JSON, not an object, no title and
/// no body, too long) is reported with its line number and skipped.
public struct JSONLinesReader: ArticleReader {
    /// The longest line accepted, in bytes.
    public var maxLineBytes: Int

    public init(maxLineBytes: Int = 8 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// One line of the interchange form. Unknown keys are ignored; `id` may be
    /// a string or a number.
    struct Line: Decodable {
        var id: String?
        var title: String?
        var body: String?
        var date: String?
        var countries: [String]?
        var categories: [String]?
        var source: String?
        var url: String?

        enum CodingKeys: String, CodingKey { case id, title, body, date, countries, categories, source, url }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? c.decodeIfPresent(String.self, forKey: .id) {
                id = text
            } else if let number = try? c.decodeIfPresent(Int64.self, forKey: .id) {
                id = String(number)
            } else if c.contains(.id), try !c.decodeNil(forKey: .id) {
                throw DecodingError.typeMismatch(
                    String.self,
                    .init(codingPath: [CodingKeys.id], debugDescription: "\"id\" must be a string or a number"))
            }
            title = try c.decodeIfPresent(String.self, forKey: .title)
            body = try c.decodeIfPresent(String.self, forKey: .body)
            date = try c.decodeIfPresent(String.self, forKey: .date)
            countries = try c.decodeIfPresent([String].self, forKey: .countries)
            categories = try c.decodeIfPresent([String].self, forKey: .categories)
            source = try c.decodeIfPresent(String.self, forKey: .source)
            url = try c.decodeIfPresent(String.self, forKey: .url)
        }
    }

    /// Where on the line `json` breaks and how, as Foundation's parser says
    /// ("at column 38: invalid value, after `…"B",`"), or "" if it cannot tell.
    static func whereBroken(_ json: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: json)
            return ""
        } catch {
            let said = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            guard let range = said.range(of: #"character (\d+)"#, options: .regularExpression),
                let offset = Int(said[range].dropFirst("character ".count))
            else { return said.isEmpty ? "" : ": " + said }
            let what = said[..<range.lowerBound].replacingOccurrences(of: " around ", with: "")
                .trimmingCharacters(in: .whitespaces)
            let before = String(decoding: json.prefix(offset).suffix(20), as: UTF8.self)
            let column = String(decoding: json.prefix(offset), as: UTF8.self).count + 1
            return " at column \(column): \(what.prefix(1).lowercased() + what.dropFirst()), after `\(before)`"
        }
    }

    public func read(_ data: [UInt8], path: String) -> ReadResult {
        var result = ReadResult()
        let decoder = JSONDecoder()
        var lineNumber = 0
        var start = 0
        data.withUnsafeBufferPointer { buffer in
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                lineNumber += 1
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                switch parse(line, decoder: decoder, location: SourceLocation(path: path, line: lineNumber)) {
                case .article(let article): result.articles.append(article)
                case .problem(let problem): result.problems.append(problem)
                case .blank: break
                }
                start = end + 1
            }
        }
        return result
    }

    enum Parsed {
        case article(RawArticle)
        case problem(IngestProblem)
        case blank
    }

    func parse(_ line: UnsafeBufferPointer<UInt8>, decoder: JSONDecoder, location: SourceLocation) -> Parsed {
        func problem(_ reason: String) -> Parsed { .problem(IngestProblem(location: location, reason: reason)) }
        var bytes = line[...]
        while let last = bytes.last, last == 0x0D || last == 0x20 || last == 0x09 { bytes = bytes.dropLast() }
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes = bytes.dropFirst() }
        if bytes.isEmpty { return .blank }
        if bytes.count > maxLineBytes { return problem("line too long (over \(maxLineBytes) bytes)") }
        guard String(validating: bytes, as: UTF8.self) != nil else { return problem("invalid UTF-8") }
        guard bytes.first == UInt8(ascii: "{") else { return problem("not a JSON object") }
        let decoded: Line
        do {
            decoded = try decoder.decode(Line.self, from: Data(bytes))
        } catch DecodingError.dataCorrupted {
            return problem("malformed JSON" + JSONLinesReader.whereBroken(Data(bytes)))
        } catch let DecodingError.typeMismatch(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return problem("wrong type for \"\(key)\": \(context.debugDescription)")
        } catch {
            return problem("malformed JSON: \(error)")
        }
        let title = decoded.title?.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = decoded.body?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if (title ?? "").isEmpty && body.isEmpty { return problem("empty article: no title and no body") }
        return .article(
            RawArticle(
                id: decoded.id.flatMap { $0.isEmpty ? nil : $0 }, title: (title ?? "").isEmpty ? nil : title,
                body: body, date: decoded.date, countries: decoded.countries ?? [],
                categories: decoded.categories ?? [], url: decoded.url, source: decoded.source, location: location))
    }
}
