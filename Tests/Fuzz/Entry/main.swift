// The libFuzzer program (built only by tools/fuzz.sh): the target is chosen
// by DOSSIER_FUZZ_TARGET, one of FuzzTarget's names; the arguments are
// libFuzzer's own (-runs=N, corpus folders, ...).
import CLibFuzzer
import Foundation
import Fuzzing

/// libFuzzer's entry point, named as its runtime expects.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let target = FuzzTarget.fromEnvironment
    do {
        try target.run(input)
    } catch {
        // libFuzzer keeps the input that got here as a crash file.
        fatalError("broken promise (\(target.promise)): \(error)")
    }
    return 0
}

_ = FuzzTarget.fromEnvironment
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
