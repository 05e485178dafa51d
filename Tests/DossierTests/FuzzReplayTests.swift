import Foundation
import Fuzzing
import Testing

/// Issue 14: every fuzz target's seeds, and every input a fuzzer once found
/// failing (Tests/Fuzz/Regressions/TARGET, kept by tools/fuzz.sh), run clean
/// through the same code the libFuzzer build drives.
@Suite("fuzz targets: seeds and past failures")
struct FuzzReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    static func inputs(_ target: FuzzTarget, in folder: String) -> [URL] {
        let directory = root.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { directory.appendingPathComponent($0) }
    }

    @Test("each target keeps its promise on its seeds and on every past failure", arguments: FuzzTarget.allCases)
    func replay(_ target: FuzzTarget) throws {
        let seeds = Self.inputs(target, in: "Seeds")
        #expect(!seeds.isEmpty, "no seeds for \(target.rawValue)")
        for file in seeds + Self.inputs(target, in: "Regressions") {
            let input = try [UInt8](Data(contentsOf: file))
            #expect(throws: Never.self, "\(file.lastPathComponent)") { try target.run(input) }
        }
    }

    @Test("the hostile inputs of issue 14 keep the promises: a 300-byte id is indexed, a bad limit is a 400")
    func hostileInputs() throws {
        // Before ids were hashed (Schema.idTerm), Xapian refused the term:
        // the readers' check fails on exactly that.
        let long = String(repeating: "x", count: 300)
        let line = #"{"id":"\#(long)","title":"Long id","body":"An article with a very long id."}"#
        #expect(throws: Never.self) { try FuzzTarget.jsonl.run(Array(line.utf8)) }
        #expect(throws: Never.self) { try FuzzTarget.params.run(Array("limit=100000".utf8)) }
    }
}
