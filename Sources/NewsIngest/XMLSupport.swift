import CLibXML2

// Small helpers over libxml2's tree, shared by the HTML and feed readers. Every
// pointer here belongs to a document that the caller frees (with `xmlFreeDoc`)
// once it has copied what it needs into Swift values.

/// A node of a libxml2 tree (element, text, CDATA, entity reference...).
typealias XMLNodePointer = UnsafeMutablePointer<xmlNode>

/// libxml2's one-time global initialisation, run before the first parse.
enum LibXML2 {
    /// Evaluated once, thread-safely, on first use.
    private static let initialised: Void = xmlInitParser()

    /// Makes sure `xmlInitParser()` has run.
    static func initialise() {
        _ = initialised
    }

    /// libxml2's deallocator, for the strings it returns. (The `xmlFree` global
    /// is a mutable C variable, which Swift 6 will not read from concurrent code;
    /// `xmlMemGet` hands out the same function.)
    private static let deallocator: xmlFreeFunc = {
        var free: xmlFreeFunc?
        xmlMemGet(&free, nil, nil, nil)
        return free!
    }()

    /// Frees `pointer`, which libxml2 allocated (`xmlGetProp`, `xmlNodeGetContent`...).
    static func free(_ pointer: UnsafeMutablePointer<xmlChar>) {
        deallocator(pointer)
    }

    /// Runs `body` over the bytes of `data` as a C buffer with its length, or
    /// returns nil without calling it when `data` is empty or too large for libxml2.
    ///
    /// libxml2 reports some errors (bytes invalid in the declared encoding) to its
    /// error handler even when a parser is told not to (`..._NOERROR`), and the
    /// default handler prints them on standard error. While `body` runs, such
    /// reports are dropped: the handler is libxml2's per-thread one (this thread's
    /// alone), set for the duration of this synchronous call and then restored.
    static func withBuffer<Result>(
        _ data: [UInt8], _ body: (UnsafePointer<CChar>, Int32) -> Result?
    ) -> Result? {
        guard !data.isEmpty, data.count < Int(Int32.max) else { return nil }
        let handler = __xmlStructuredError()!
        let handlerContext = __xmlStructuredErrorContext()!
        let (savedHandler, savedContext) = (handler.pointee, handlerContext.pointee)
        xmlSetStructuredErrorFunc(nil) { _, _ in }
        defer { xmlSetStructuredErrorFunc(savedContext, savedHandler) }
        return data.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                body(chars.baseAddress!, Int32(chars.count))
            }
        }
    }
}

/// Whether `node` is an element.
func isElement(_ node: XMLNodePointer) -> Bool {
    node.pointee.type == XML_ELEMENT_NODE
}

/// The local name of `node` (without any namespace prefix), or "" if it has none.
func localName(_ node: XMLNodePointer) -> String {
    guard let name = node.pointee.name else { return "" }
    return String(cString: name)
}

/// The namespace URI of `node`, if it is in one.
func namespaceURI(_ node: XMLNodePointer) -> String? {
    guard let ns = node.pointee.ns, let href = ns.pointee.href else { return nil }
    return String(cString: href)
}

/// The value of the attribute `name` of `node` (entities decoded), if present.
func attribute(_ node: XMLNodePointer, _ name: String) -> String? {
    guard let value = xmlGetProp(node, name) else { return nil }
    defer { LibXML2.free(value) }
    return String(cString: value)
}

/// The element children of `node`, in order.
func childElements(_ node: XMLNodePointer) -> [XMLNodePointer] {
    var result: [XMLNodePointer] = []
    var child = node.pointee.children
    while let current = child {
        if isElement(current) { result.append(current) }
        child = current.pointee.next
    }
    return result
}

/// Whether `node` is `ancestor` or lies inside it.
func isInside(_ node: XMLNodePointer, _ ancestor: XMLNodePointer) -> Bool {
    var current: XMLNodePointer? = node
    while let candidate = current {
        if candidate == ancestor { return true }
        current = candidate.pointee.parent
    }
    return false
}

/// Visits the subtree at `root` in document order without recursion (saved pages
/// can nest thousands of unclosed elements deep).
///
/// `enter` is called for every node and says whether to visit its children;
/// `leave` is called for every node once its children are done (at once if they
/// were skipped). Only elements, documents and fragments are descended into: an
/// entity reference's "children" are its entity declaration, not part of the tree.
func walkTree(
    from root: XMLNodePointer, enter: (XMLNodePointer) -> Bool, leave: (XMLNodePointer) -> Void = { _ in }
) {
    var node = root
    descending: while true {
        if enter(node), canHaveChildren(node), let child = node.pointee.children {
            node = child
            continue descending
        }
        while true {
            leave(node)
            if node == root { return }
            if let next = node.pointee.next {
                node = next
                continue descending
            }
            guard let parent = node.pointee.parent else { return }
            node = parent
        }
    }
}

private func canHaveChildren(_ node: XMLNodePointer) -> Bool {
    switch node.pointee.type {
    case XML_ELEMENT_NODE, XML_DOCUMENT_NODE, XML_HTML_DOCUMENT_NODE, XML_DOCUMENT_FRAG_NODE: true
    default: false
    }
}

/// The text that a text, CDATA or entity-reference node contributes, or nil for
/// any other kind of node.
///
/// An entity reference contributes the replacement text of an internal entity
/// declared in the document's DTD. External entities (`<!ENTITY e SYSTEM "...">`)
/// are never loaded and contribute nothing: the parsers never substitute
/// entities (no `XML_PARSE_NOENT`), so no file or URL named by a document is read.
func characterData(_ node: XMLNodePointer) -> String? {
    switch node.pointee.type {
    case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
        guard let content = node.pointee.content else { return "" }
        return String(cString: content)
    case XML_ENTITY_REF_NODE:
        guard let name = node.pointee.name, let entity = xmlGetDocEntity(node.pointee.doc, name),
            entity.pointee.etype == XML_INTERNAL_GENERAL_ENTITY, let content = entity.pointee.content
        else { return "" }
        return String(cString: content)
    default:
        return nil
    }
}

/// All the character data inside `node`, concatenated as it is (CDATA included).
func textContent(_ node: XMLNodePointer) -> String {
    var text = ""
    walkTree(from: node) { current in
        if let data = characterData(current) { text += data }
        return true
    }
    return text
}

/// `text` with every run of whitespace made one space, and none at either end.
func collapsingWhitespace<Text: StringProtocol>(_ text: Text) -> String {
    var result = String.UnicodeScalarView()
    var spacePending = false
    for scalar in text.unicodeScalars {
        if isWhitespace(scalar) {
            spacePending = !result.isEmpty
        } else {
            if spacePending { result.append(" ") }
            spacePending = false
            result.append(scalar)
        }
    }
    return String(result)
}

/// Whether `scalar` is Unicode white space (no-break spaces included), looking
/// ASCII up without the Unicode tables: pages are mostly ASCII, and this is hot.
private func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20, 0x09...0x0D: true
    case 0..<0x80: false
    default: scalar.properties.isWhitespace
    }
}

/// `text` with whitespace collapsed, or nil if nothing is left.
func nonEmptyCollapsed<Text: StringProtocol>(_ text: Text?) -> String? {
    guard let text else { return nil }
    let collapsed = collapsingWhitespace(text)
    return collapsed.isEmpty ? nil : collapsed
}

/// `values` with whitespace collapsed, empty ones dropped, and only the first of
/// those equal apart from letter case kept, in order.
func distinctValues(_ values: [String]) -> [String] {
    var seen: Set<String> = []
    var result: [String] = []
    for value in values {
        guard let value = nonEmptyCollapsed(value) else { continue }
        if seen.insert(value.lowercased()).inserted { result.append(value) }
    }
    return result
}
