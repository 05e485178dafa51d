import TestSupport
import Testing
import Xapian

@Suite("Document")
struct DocumentTests {
    @Test("data and values hold arbitrary bytes")
    func binaryData() throws {
        let document = try Document()
        let bytes: [UInt8] = [0, 1, 2, 255, 0, 10]
        try document.setData(bytes)
        #expect(try document.data() == bytes)
        try document.addValue(bytes, slot: 7)
        #expect(try document.value(7) == bytes)
        #expect(try document.value(8) == [])
        try document.addValue("Mali", slot: 1)
        #expect(try document.stringValue(1) == "Mali")
        #expect(try document.valueCount == 2)
        try document.removeValue(7)
        #expect(try document.valueCount == 1)
        try document.clearValues()
        #expect(try document.valueCount == 0)
    }

    @Test("value lists round-trip, including empty and long strings")
    func valueLists() throws {
        let document = try Document()
        let long = String(repeating: "é", count: 300)  // 600 bytes: a two-byte length
        let values = ["ML", "", "Côte d'Ivoire", long]
        try document.addValues(values, slot: 2)
        #expect(try document.values(2) == values)
        try document.addValues([], slot: 2)
        #expect(try document.values(2) == [])
        #expect(try document.valueCount == 0)
    }

    @Test("a value that is not a list is a serialisation error")
    func malformedList() {
        expectXapianError(.serialisation) { _ = try unpackValueList([5, 65]) }
        expectXapianError(.serialisation) { _ = try unpackValueList([0x80]) }
    }

    @Test("terms, postings and boolean terms with their wdf")
    func terms() throws {
        let document = try Document()
        try document.add(term: "mali", wdfIncrement: 2)
        try document.add(posting: "niger", position: 3)
        try document.add(posting: "niger", position: 9)
        try document.add(booleanTerm: "XCml")
        #expect(
            try document.terms() == [
                TermListItem(term: "XCml", frequency: 0), TermListItem(term: "mali", frequency: 2),
                TermListItem(term: "niger", frequency: 2),
            ])
        #expect(try document.termCount == 3)
        try document.remove(term: "mali")
        #expect(try document.terms().map(\.term) == ["XCml", "niger"])
        try document.clearTerms()
        #expect(try document.termCount == 0)
    }

    @Test("a document read back keeps its id, data, values and terms")
    func readBack() throws {
        let writer = try WritableDatabase.inMemory()
        let document = try Document()
        try document.setData("payload")
        try document.addValue("20220124", slot: 0)
        try document.add(booleanTerm: "Qa1")
        let id = try writer.add(document)
        let read = try writer.document(id)
        #expect(try read.documentID == id)
        #expect(try read.dataString() == "payload")
        #expect(try read.stringValue(0) == "20220124")
        #expect(try read.terms().map(\.term) == ["Qa1"])
    }

    @Test("sortable serialisation keeps numeric order")
    func sortable() throws {
        let numbers: [Double] = [-1000, -1.5, 0, 0.25, 3, 42, 1e9]
        let encoded = try numbers.map { try sortableSerialise($0) }
        #expect(encoded == encoded.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(try encoded.map { try sortableUnserialise($0) } == numbers)
    }
}
