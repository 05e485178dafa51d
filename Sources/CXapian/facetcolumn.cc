// Facet columns: building, writing, reading and caching (see facetcolumn.h).
#include "facetcolumn.h"

#include "valuelist.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cxapian {

namespace {

// File layout, all integers 32-bit little-endian (the machines Dossier runs on):
//   "DXFCOL01", slot, revision, last, uuid length, uuid bytes,
//   dictionary size, then each entry's length and bytes,
//   ends (last + 1 of them), code count, codes,
//   and the byte count of everything before it, as a check on truncation.
const char magic[8] = {'D', 'X', 'F', 'C', 'O', 'L', '0', '1'};

void put32(std::string &out, uint32_t v) {
    char b[4] = {char(v & 0xff), char((v >> 8) & 0xff), char((v >> 16) & 0xff), char((v >> 24) & 0xff)};
    out.append(b, 4);
}

void put_array(std::string &out, const std::vector<uint32_t> &values) {
    for (uint32_t v : values) put32(out, v);
}

struct Reader {
    const std::string &bytes;
    size_t at = 0;
    bool ok = true;

    uint32_t get32() {
        if (bytes.size() - at < 4) {
            ok = false;
            return 0;
        }
        const unsigned char *p = reinterpret_cast<const unsigned char *>(bytes.data() + at);
        at += 4;
        return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    }

    std::string get_string(uint32_t len) {
        if (bytes.size() - at < len) {
            ok = false;
            return {};
        }
        std::string s = bytes.substr(at, len);
        at += len;
        return s;
    }

    bool get_array(std::vector<uint32_t> &into, uint32_t count) {
        if ((bytes.size() - at) / 4 < count) return ok = false;
        into.resize(count);
        for (uint32_t i = 0; i < count; ++i) into[i] = get32();
        return ok;
    }
};

bool read_file(const std::string &file, std::string &out) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ::close(fd);
        return false;
    }
    out.resize(static_cast<size_t>(st.st_size));
    size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::read(fd, &out[done], out.size() - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    out.resize(done);
    return true;
}

// What the cache knows of one column file: the column last read from it and
// the file's identity then, so that an unchanged file that did not fit is not
// read again for every count.
struct CacheEntry {
    std::shared_ptr<const FacetColumn> column;
    struct timespec mtime = {0, 0};
    off_t size = -1;
    ino_t inode = 0;
};

std::mutex cache_mutex;
std::map<std::string, CacheEntry> cache;

bool fits(const FacetColumn &column, const std::string &uuid, Xapian::rev revision, Xapian::valueno slot) {
    return column.uuid == uuid && column.revision == revision && column.slot == slot;
}

// The column in `file` for a database at `uuid` and `revision`, from the
// cache or read anew; null if the file has no such column.
std::shared_ptr<const FacetColumn> cached(const std::string &file, const std::string &uuid, Xapian::rev revision,
                                          Xapian::valueno slot) {
    std::lock_guard<std::mutex> lock(cache_mutex);
    CacheEntry &entry = cache[file];
    if (entry.column && fits(*entry.column, uuid, revision, slot)) return entry.column;
    struct stat st;
    if (::stat(file.c_str(), &st) != 0) {
        cache.erase(file);
        return nullptr;
    }
    if (st.st_size == entry.size && st.st_ino == entry.inode && st.st_mtim.tv_sec == entry.mtime.tv_sec &&
        st.st_mtim.tv_nsec == entry.mtime.tv_nsec)
        return nullptr; // read before, and it did not fit
    entry.size = st.st_size;
    entry.inode = st.st_ino;
    entry.mtime = st.st_mtim;
    entry.column = FacetColumn::load(file);
    if (entry.column && fits(*entry.column, uuid, revision, slot)) return entry.column;
    return nullptr;
}

} // namespace

std::shared_ptr<const FacetColumn> FacetColumn::build(const Xapian::Database &db, Xapian::valueno slot) {
    auto column = std::make_shared<FacetColumn>();
    column->slot = slot;
    column->uuid = db.get_uuid();
    column->revision = db.get_revision();
    column->last = db.get_lastdocid();
    column->ends.assign(size_t(column->last) + 1, 0);
    std::unordered_map<std::string, uint32_t> codes;
    Xapian::docid filled = 0; // ends[0...filled] are set
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        Xapian::docid did = it.get_docid();
        if (did > column->last) break;
        const uint32_t start = static_cast<uint32_t>(column->codes.size());
        while (filled + 1 < did) column->ends[++filled] = start;
        unpack_values(*it, [&](const char *p, size_t len) {
            auto found = codes.try_emplace(std::string(p, len), static_cast<uint32_t>(column->dictionary.size()));
            if (found.second) column->dictionary.push_back(found.first->first);
            const uint32_t code = found.first->second;
            // A value repeated within a document counts once.
            for (size_t i = start; i < column->codes.size(); ++i)
                if (column->codes[i] == code) return;
            column->codes.push_back(code);
        });
        column->ends[++filled] = static_cast<uint32_t>(column->codes.size());
    }
    while (filled < column->last) column->ends[++filled] = static_cast<uint32_t>(column->codes.size());
    return column;
}

void FacetColumn::write(const std::string &file) const {
    std::string out(magic, sizeof magic);
    put32(out, slot);
    put32(out, revision);
    put32(out, last);
    put32(out, static_cast<uint32_t>(uuid.size()));
    out += uuid;
    put32(out, static_cast<uint32_t>(dictionary.size()));
    for (const std::string &value : dictionary) {
        put32(out, static_cast<uint32_t>(value.size()));
        out += value;
    }
    put_array(out, ends);
    put32(out, static_cast<uint32_t>(codes.size()));
    put_array(out, codes);
    put32(out, static_cast<uint32_t>(out.size()));

    // One writer holds the index while columns are written, so a fixed
    // temporary name is safe; one left by a killed writer is overwritten.
    const std::string temporary = file + ".tmp";
    int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw Xapian::DatabaseError("cannot write " + temporary, errno);
    size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::write(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int saved = errno;
            ::close(fd);
            ::unlink(temporary.c_str());
            throw Xapian::DatabaseError("cannot write " + temporary, saved);
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temporary.c_str(), file.c_str()) != 0) {
        int saved = errno;
        ::unlink(temporary.c_str());
        throw Xapian::DatabaseError("cannot write " + file, saved);
    }
}

std::shared_ptr<const FacetColumn> FacetColumn::load(const std::string &file) {
    std::string bytes;
    if (!read_file(file, bytes) || bytes.size() < sizeof magic + 4 || std::memcmp(bytes.data(), magic, sizeof magic))
        return nullptr;
    Reader r{bytes};
    r.at = sizeof magic;
    auto column = std::make_shared<FacetColumn>();
    column->slot = r.get32();
    column->revision = r.get32();
    column->last = r.get32();
    column->uuid = r.get_string(r.get32());
    const uint32_t entries = r.get32();
    if (!r.ok || entries > bytes.size() / 4) return nullptr;
    column->dictionary.reserve(entries);
    for (uint32_t i = 0; i < entries && r.ok; ++i) column->dictionary.push_back(r.get_string(r.get32()));
    if (!r.ok || column->last == UINT32_MAX || !r.get_array(column->ends, column->last + 1)) return nullptr;
    if (!r.get_array(column->codes, r.get32())) return nullptr;
    const uint32_t length = r.get32();
    if (!r.ok || r.at != bytes.size() || length != bytes.size() - 4) return nullptr;
    // Every stretch in range and in order, every code in the dictionary.
    if (column->ends[0] != 0 || column->ends.back() != column->codes.size()) return nullptr;
    for (size_t d = 1; d < column->ends.size(); ++d)
        if (column->ends[d] < column->ends[d - 1]) return nullptr;
    for (uint32_t code : column->codes)
        if (code >= entries) return nullptr;
    return column;
}

std::vector<std::shared_ptr<const FacetColumn>> facet_columns_for(const Xapian::Database &db,
                                                                  const std::vector<std::string> &files,
                                                                  Xapian::valueno slot) {
    std::vector<std::shared_ptr<const FacetColumn>> columns;
    if (files.empty() || files.size() != db.internal.size()) return columns;
    for (size_t i = 0; i < files.size(); ++i) {
        std::string uuid;
        Xapian::rev revision;
        try {
            // The sub-database exactly as this handle sees it (shared, not reopened).
            Xapian::Database sub(db.internal[i].get());
            revision = sub.get_revision();
            uuid = sub.get_uuid();
        } catch (const Xapian::Error &) {
            return {}; // not a local glass database (a remote shard, an inmemory one)
        }
        auto column = cached(files[i], uuid, revision, slot);
        if (!column) return {};
        columns.push_back(std::move(column));
    }
    return columns;
}

} // namespace cxapian
