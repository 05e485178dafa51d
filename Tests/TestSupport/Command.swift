import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// Whether the command ran past its time limit and was killed (its
    /// status is then 128 + SIGKILL).
    public let timedOut: Bool
}

/// Runs programs with posix_spawn and waitpid. (Foundation's
/// `Process.waitUntilExit` can hang under the concurrent test runner.)
public enum Command {
    /// The folder holding the test bundle, where SwiftPM also puts the
    /// package's executables.
    public static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The built `dossier` executable.
    public static var dossier: String { productsDirectory.appendingPathComponent("dossier").path }

    /// Spawns `executable` in a process group of its own, with standard
    /// input from /dev/null and output to the given files (or /dev/null).
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        stdout: String = "/dev/null", stderr: String = "/dev/null"
    ) throws -> pid_t {
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Nothing else is inherited: tests run side by side in this process,
        // and a child holding a copy of another test's descriptor (a Xapian
        // database's lock file among them) would keep its lock alive. Closed
        // first, before the child opens its files, so that the copies live
        // as briefly as they can. (glibc 2.34's
        // posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc
        // module does not import.)
        if let closeFrom = Command.addCloseFrom { _ = closeFrom(&actions, 3) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        return pid
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addCloseFrom: AddCloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: AddCloseFrom.self)
    }

    /// Waits for `pid` and returns its exit status (128 + signal if killed).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Waits at most `timeout` seconds for `pid` and returns its exit status,
    /// or nil if it was still running: its process group (``spawn(_:_:environment:stdout:stderr:)``
    /// gives it one of its own) is then killed with SIGKILL and reaped.
    public static func wait(_ pid: pid_t, timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 1000
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if result < 0 && errno != EINTR { return wait(pid) }
            if Date() >= deadline { break }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        kill(-pid, SIGKILL)
        _ = wait(pid)
        return nil
    }

    /// Runs `executable` to completion and returns what it printed. A
    /// command still running after `timeout` seconds is killed, with
    /// ``CommandResult/timedOut`` set, so that a hang fails a test instead of
    /// stalling the run.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        timeout: TimeInterval = 600
    ) throws -> CommandResult {
        let scratch = TemporaryDirectory()
        let out = scratch.path("stdout")
        let err = scratch.path("stderr")
        let pid = try spawn(executable, arguments, environment: environment, stdout: out, stderr: err)
        let status = wait(pid, timeout: timeout)
        return CommandResult(
            status: status ?? 128 + SIGKILL,
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", timedOut: status == nil)
    }

    /// Runs the built `dossier` with `arguments`, killing it after `timeout` seconds.
    public static func dossier(
        _ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 600
    ) throws -> CommandResult {
        try run(dossier, arguments, environment: environment, timeout: timeout)
    }
}
