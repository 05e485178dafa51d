import Foundation
import NewsModel

#if canImport(Glibc)
    import Glibc
#endif

/// The archive of what was ingested from outside the corpus (through
/// `POST /api/articles`, or `dossier ingest` of a file elsewhere), so that a
/// rebuild from the corpus keeps it: `CORPUS/.dossier-journal.jsonl`, JSON
/// Lines in the interchange form, appended and synced before an ingest is
/// acknowledged. Rebuilds read it after the corpus (its articles replace
/// corpus articles with the same id). The corpus walk skips it, being hidden.
public struct IngestJournal: Sendable {
    /// The journal's file name in the corpus folder.
    public static let fileName = ".dossier-journal.jsonl"

    public let path: String

    /// The journal of the corpus folder `corpus`; nil if `corpus` is not a
    /// folder (a corpus of one file has no journal).
    public init?(corpus: String) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        path = URL(fileURLWithPath: corpus).standardizedFileURL.path + "/" + IngestJournal.fileName
    }

    /// The line that brings `article` back: what the source gave (an inferred
    /// date or country is left for the rebuild's enrichment to infer again).
    static func line(_ article: Article, _ encoder: JSONEncoder) -> Data {
        struct Line: Encodable {
            let id: String
            let title: String
            let body: String
            let date: String?
            let countries: [String]
            let categories: [String]
            let source: String
            let url: String?
        }
        let line = Line(
            id: article.id, title: article.title, body: article.body,
            date: article.provenance.date == .source ? article.date : nil,
            countries: article.provenance.countries == .source ? article.countries : [],
            categories: article.categories, source: article.source, url: article.url)
        return ((try? encoder.encode(line)) ?? Data()) + Data("\n".utf8)
    }

    /// Appends `articles` and syncs them to disk before returning, under the
    /// journal's lock (a rebuild reading it at its end holds the lock until
    /// it has switched to the new index, so an append waits for that).
    public func append(_ articles: [Article]) throws {
        guard !articles.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Data()
        for article in articles { bytes += IngestJournal.line(article, encoder) }
        try locked {
            let existed = FileManager.default.fileExists(atPath: path)
            // Never through a symbolic link planted in the corpus folder.
            let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else { throw IndexError.io("cannot open \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let size = lseek(fd, 0, SEEK_END)
            // A line a crash cut short is ended first, so that this one stays whole.
            var last: UInt8 = 0x0A
            if size > 0 { _ = pread(fd, &last, 1, size - 1) }
            if last != 0x0A { bytes.insert(0x0A, at: 0) }
            var done = 0
            while done < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    let reason = String(cString: strerror(errno))
                    ftruncate(fd, size)  // no part of a line left behind
                    throw IndexError.io("cannot append to \(path): \(reason)")
                }
                done += written
            }
            guard fsync(fd) == 0 else {
                let reason = String(cString: strerror(errno))
                ftruncate(fd, size)
                throw IndexError.io("cannot sync \(path): \(reason)")
            }
            if !existed { IngestJournal.syncFolder(of: path) }
        }
    }

    /// Takes the articles with these ids out of the journal, so that a
    /// rebuild does not bring back what was deleted (a corpus file still
    /// holding one does bring it back). The journal is copied without their
    /// lines, synced, and put in place of the old one by a rename: a crash
    /// leaves the old journal or the new one, whole. Lines that cannot be
    /// read (one a crash cut short) are kept as they were. Call it holding
    /// ``locked(_:)``.
    /// - Returns: how many lines were taken out.
    @discardableResult
    public func remove(ids: Set<String>) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        guard let input = fopen(path, "re") else {
            if errno == ENOENT { return 0 }
            throw IndexError.io("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(input) }
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw IndexError.io("cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        var renamed = false
        defer {
            close(fd)
            if !renamed { unlink(temporary) }
        }
        var removed = 0
        var pending = Data()
        func drain(_ force: Bool) throws {
            guard force || pending.count >= 1 << 20 else { return }
            var done = 0
            while done < pending.count {
                let written = pending.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw IndexError.io("cannot write \(temporary): \(String(cString: strerror(errno)))")
                }
                done += written
            }
            pending.removeAll(keepingCapacity: true)
        }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while true {
            let length = getline(&line, &capacity, input)
            guard length >= 0, let line else { break }
            let bytes = Data(bytes: line, count: length)
            if let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any],
                let id = IngestJournal.id(object["id"]), ids.contains(id)
            {
                removed += 1
                continue
            }
            pending.append(bytes)
            try drain(false)
        }
        guard ferror(input) == 0 else { throw IndexError.io("cannot read \(path)") }
        guard removed > 0 else { return 0 }
        try drain(true)
        guard fsync(fd) == 0 else {
            throw IndexError.io("cannot sync \(temporary): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            throw IndexError.io("cannot replace \(path): \(String(cString: strerror(errno)))")
        }
        renamed = true
        IngestJournal.syncFolder(of: path)
        return removed
    }

    /// An id as a journal line holds it: a string, or a number written as one.
    static func id(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }

    /// Runs `body` holding the journal's lock: an exclusive `flock` on the
    /// corpus folder itself, so that it works before the journal exists and
    /// on a corpus the process cannot write.
    public func locked<T>(_ body: () throws -> T) throws -> T {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexError.io("cannot open \(folder): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw IndexError.io("cannot lock \(folder): \(String(cString: strerror(errno)))")
            }
        }
        defer { while flock(fd, LOCK_UN) != 0 && errno == EINTR {} }
        return try body()
    }

    /// Syncs the folder holding `path`, so that a new file's name survives a crash.
    static func syncFolder(of path: String) {
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        guard folder >= 0 else { return }
        fsync(folder)
        close(folder)
    }

}
