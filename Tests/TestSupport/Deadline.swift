import Foundation

/// The outcome of ``withDeadline(_:_:)``: what the body returned or threw,
/// or nil if it was still running at the deadline.
public typealias DeadlineOutcome<T: Sendable> = Result<T, any Error>?

/// Runs `body` on a thread of its own and waits at most `seconds` for it, so
/// that a test of something that used to hang fails instead of stalling the
/// whole run. Returns nil if `body` had not returned by then (its thread is
/// left running: the test has failed anyway).
public func withDeadline<T: Sendable>(_ seconds: TimeInterval, _ body: @escaping @Sendable () throws -> T)
    -> DeadlineOutcome<T>
{
    let box = OutcomeBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.set(Result { try body() })
        done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return box.get()
}

private final class OutcomeBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) { lock.withLock { outcome = value } }
    func get() -> Result<T, any Error>? { lock.withLock { outcome } }
}
