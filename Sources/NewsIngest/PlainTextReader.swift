import Foundation
import NewsModel

/// Reads plain-text files into articles: one article per file (the walking
/// skeleton; archive pages with several posts come later).
public struct PlainTextReader: Sendable {
    public init() {}

    /// The article in `url`. Its id is the file name without extension.
    public func article(at url: URL) throws -> Article {
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let titleIndex = lines.firstIndex { !$0.isEmpty && !$0.hasPrefix("Category Archives:") }
        let title = titleIndex.map { lines[$0] } ?? url.deletingPathExtension().lastPathComponent
        let bodyLines = titleIndex.map { Array(lines[($0 + 1)...]) } ?? lines
        let body = bodyLines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return Article(
            id: url.deletingPathExtension().lastPathComponent, title: title, body: body, source: url.path)
    }

    /// Every `.txt` file under `folder`, sorted by path.
    public func files(in folder: URL) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: folder.path])
        }
        return enumerator.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "txt" }
            .sorted { $0.path < $1.path }
    }
}
