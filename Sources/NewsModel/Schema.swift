/// How articles map to Xapian terms, values and data: the one table every
/// layer that reads or writes an index agrees on.
///
/// Prefixes follow Xapian's and Omega's conventions: `S` for the title
/// (subject), `Q` for the unique id.
public enum Schema {
    /// Bumped whenever terms, values or stored data change meaning; an index
    /// of another version must be rebuilt.
    public static let version = 1

    /// Title words, searchable as `title:`.
    public static let titlePrefix = "S"
    /// The unique id term: `Q` + article id.
    public static let idPrefix = "Q"
    /// How much more a title word weighs than a body word.
    public static let titleWeight = 5

    /// The unique id term of an article.
    public static func idTerm(_ id: String) -> String { idPrefix + id }
}
