import CXapian

/// A stemmer (Xapian::Stem): reduces words to a common root, so that
/// "sanctions" and "sanctioned" match.
public final class Stem {
    let handle: OpaquePointer

    /// The stemmer for `language`: a name or ISO code Xapian knows
    /// ("english", "en", ...), or "none".
    ///
    /// - Throws: `.invalidArgument` for an unknown language.
    public init(language: String) throws(XapianError) {
        handle = try makeHandle { cxapian_stem_new(language, $0, $1) }
    }

    /// A stemmer for `language` that remembers up to `cache` words it has
    /// stemmed (then starts afresh): for stemming the same vocabulary over
    /// and over, as snippets do. One thread at a time, like any stemmer.
    ///
    /// - Throws: `.invalidArgument` for an unknown language.
    public init(language: String, cache: Int) throws(XapianError) {
        handle = try makeHandle { cxapian_stem_new_cached(language, max(0, cache), $0, $1) }
    }

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        cxapian_stem_free(handle)
    }

    /// A stemmer for marking the words of a text whose stems are among
    /// `stems` (a query's "Z" terms without the Z), as
    /// ``MSet/snippet(_:length:stemmer:flags:highlight:omit:)`` does without
    /// `.backgroundModel` (which looks every stem up): it gives this
    /// stemmer's stem for each word whose stem may be one of them, and an
    /// empty string for a word whose stem cannot be. For English it tells
    /// them apart by the word's first two bytes, without stemming most
    /// words; other languages stem every word. It shares this stemmer's
    /// cache, so it is for the same one thread at a time.
    public func restricted(to stems: some Sequence<String>) throws(XapianError) -> Stem {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for stem in stems {
            bytes.append(contentsOf: stem.utf8)
            ends.append(bytes.count)
        }
        let base = handle
        let restricted = try bytes.withUnsafeBufferPointer { buffer throws(XapianError) in
            try ends.withUnsafeBufferPointer { ends throws(XapianError) in
                try makeHandle {
                    cxapian_stem_new_restricted(
                        base, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                        ends.baseAddress, ends.count, $0, $1)
                }
            }
        }
        return Stem(handle: restricted)
    }

    /// The stem of `word`.
    public func callAsFunction(_ word: String) throws(XapianError) -> String {
        try stringResult { cxapian_stem_word(handle, word, word.utf8.count, $0, $1, $2) }
    }

    /// The languages Xapian can stem.
    public static func availableLanguages() throws(XapianError) -> [String] {
        try stringResult { cxapian_stem_languages($0, $1, $2) }.split(separator: " ").map(String.init)
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension Stem: @unchecked Sendable {}

/// A list of stop words (Xapian::SimpleStopper): words too common to be
/// worth indexing or searching, such as "the".
public final class Stopper {
    let handle: OpaquePointer

    public init<Words: Sequence<String>>(words: Words) throws(XapianError) {
        handle = try makeHandle { cxapian_stopper_new($0, $1) }
        for word in words { try add(word) }
    }

    public convenience init() throws(XapianError) {
        try self.init(words: [String]())
    }

    deinit {
        cxapian_stopper_free(handle)
    }

    public func add(_ word: String) throws(XapianError) {
        try check { cxapian_stopper_add(handle, word, word.utf8.count, $0) }
    }

    /// Whether `word` is a stop word.
    public func contains(_ word: String) throws(XapianError) -> Bool {
        var result: Int32 = 0
        try check { cxapian_stopper_is_stopword(handle, word, word.utf8.count, &result, $0) }
        return result != 0
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension Stopper: @unchecked Sendable {}

/// Which words get stemmed (Xapian's `stem_strategy`), for both
/// ``TermGenerator`` and ``QueryParser``.
public enum StemmingStrategy: Int32, Sendable {
    /// No stemming.
    case none = 0
    /// Index stems with a `Z` prefix beside unstemmed words; the query parser
    /// stems words that do not start with a capital letter, except in phrases.
    case some = 1
    /// Stem every word, with no `Z` prefix.
    case all = 2
    /// Stem every word, with a `Z` prefix.
    case allZ = 3
    /// Like `.some`, and also stem words in phrases and near groups.
    case someFullPositions = 4
}

/// Word pairs, so that phrases are matched without reading positions: the
/// term prefix they are indexed under, and the words left out of every
/// pair (stop words, which would make most of them). Written by
/// ``Document/addWordPairs(_:)`` and read by ``Query/withWordPairs(_:maxPairs:)``,
/// which must agree on both.
public final class WordPairs {
    let handle: OpaquePointer

    public init<Words: Sequence<String>>(prefix: String, skipping words: Words) throws(XapianError) {
        handle = try makeHandle { cxapian_word_pairs_new(prefix, prefix.utf8.count, $0, $1) }
        for word in words { try check { cxapian_word_pairs_skip(handle, word, word.utf8.count, $0) } }
    }

    deinit {
        cxapian_word_pairs_free(handle)
    }
}

@available(*, unavailable, message: "Xapian objects are not thread-safe")
extension WordPairs: @unchecked Sendable {}
