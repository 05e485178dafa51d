/// A trie over token hashes: finds the longest known phrase starting at a token.
///
/// Phrases are cut into tokens by the same scanner as the text, so folding
/// (case, accents, apostrophes, hyphens) is identical on both sides. A comma
/// inside a phrase ("Washington, D.C.") is an edge of its own; any other
/// punctuation that a name never spans (a sentence end, a bracket, a dash)
/// stops the walk.
struct PhraseTrie: Sendable {
    private struct Edge: Hashable {
        var node: Int32
        var symbol: UInt64
    }

    /// The symbol for a comma between two tokens of a phrase.
    static let comma: UInt64 = 0x2c2c_2c2c_2c2c_2c2c

    private var edges: [Edge: Int32] = [:]
    /// For each node, the payload of the phrase ending there, or -1.
    private var payloads: [Int32] = [-1]
    /// The largest number of tokens in a phrase.
    private(set) var longest = 0

    /// The symbols of a phrase: its token hashes, with commas.
    static func symbols(of text: String) -> [UInt64] {
        let scanned = ScannedText(title: "", body: text)
        var symbols: [UInt64] = []
        for (index, token) in scanned.tokens.enumerated() {
            if index > 0 && token.gap.contains(.comma) { symbols.append(comma) }
            symbols.append(token.hash)
        }
        return symbols
    }

    /// Adds a phrase; returns its node's existing payload or the new one.
    @discardableResult
    mutating func insert(_ symbols: [UInt64], payload: (Int32) -> Int32) -> Int32 {
        var node: Int32 = 0
        for symbol in symbols {
            let edge = Edge(node: node, symbol: symbol)
            if let next = edges[edge] {
                node = next
            } else {
                let next = Int32(payloads.count)
                payloads.append(-1)
                edges[edge] = next
                node = next
            }
        }
        let tokens = symbols.filter { $0 != PhraseTrie.comma }.count
        longest = max(longest, tokens)
        let value = payload(payloads[Int(node)])
        payloads[Int(node)] = value
        return value
    }

    /// The payload of an exact phrase.
    func lookup(_ symbols: [UInt64]) -> Int32? {
        var node: Int32 = 0
        for symbol in symbols {
            guard let next = edges[Edge(node: node, symbol: symbol)] else { return nil }
            node = next
        }
        let payload = payloads[Int(node)]
        return payload >= 0 ? payload : nil
    }

    /// The longest phrase starting at token `start`: its end (exclusive) and payload.
    @inline(__always)
    func longestMatch(in tokens: [Token], at start: Int, key: (Int) -> UInt64) -> (end: Int, payload: Int32)? {
        var node: Int32 = 0
        var best: (end: Int, payload: Int32)?
        var index = start
        while index < tokens.count {
            if index > start {
                let gap = tokens[index].gap
                if !gap.isDisjoint(with: .phraseBreak) { break }
                if gap.contains(.comma) {
                    guard let next = edges[Edge(node: node, symbol: PhraseTrie.comma)] else { break }
                    node = next
                }
            }
            guard let next = edges[Edge(node: node, symbol: key(index))] else { break }
            node = next
            index += 1
            let payload = payloads[Int(node)]
            if payload >= 0 { best = (index, payload) }
        }
        return best
    }
}
