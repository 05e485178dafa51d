/// A news or risk-intelligence article, as it is indexed and shown.
public struct Article: Sendable, Codable, Hashable {
    /// A stable identifier: ingesting the same article again replaces it.
    public var id: String
    public var title: String
    /// The text, paragraphs separated by blank lines.
    public var body: String
    /// Where the article came from: a file path or a source name.
    public var source: String

    public init(id: String, title: String, body: String, source: String) {
        self.id = id
        self.title = title
        self.body = body
        self.source = source
    }
}
