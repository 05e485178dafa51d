// Facet columns: building, writing, reading and caching (see facetcolumn.h).
#include "facetcolumn.h"

#include "valuelist.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include <fcntl.h>
#include <sys/mman.h>
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

struct Reader {
    std::string_view bytes;
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
        std::string s(bytes.substr(at, len));
        at += len;
        return s;
    }

    // The start of an array of `count` integers, stepped over; null if the bytes are too few.
    const unsigned char *array(size_t count) {
        if ((bytes.size() - at) / 4 < count) {
            ok = false;
            return nullptr;
        }
        const unsigned char *start = reinterpret_cast<const unsigned char *>(bytes.data() + at);
        at += 4 * count;
        return start;
    }
};

// The bytes of `file`, mapped read-only and read ahead (a view that unmaps
// them when the last copy goes); null if it cannot be mapped.
std::shared_ptr<const void> map_file(const std::string &file, size_t &size) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        ::close(fd);
        return nullptr;
    }
    size = static_cast<size_t>(st.st_size);
    void *bytes = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (bytes == MAP_FAILED) return nullptr;
    return std::shared_ptr<const void>(bytes, [size](const void *p) { ::munmap(const_cast<void *>(p), size); });
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
    std::vector<uint32_t> &ends = column->built_ends_, &codes = column->built_codes_;
    ends.assign(size_t(column->last) + 1, 0);
    std::unordered_map<std::string, uint32_t> numbers; // value -> code
    Xapian::docid filled = 0; // ends[0...filled] are set
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        Xapian::docid did = it.get_docid();
        if (did > column->last) break;
        const uint32_t start = static_cast<uint32_t>(codes.size());
        while (filled + 1 < did) ends[++filled] = start;
        unpack_values(*it, [&](const char *p, size_t len) {
            auto found = numbers.try_emplace(std::string(p, len), static_cast<uint32_t>(column->dictionary.size()));
            if (found.second) column->dictionary.push_back(found.first->first);
            const uint32_t code = found.first->second;
            // A value repeated within a document counts once.
            for (size_t i = start; i < codes.size(); ++i)
                if (codes[i] == code) return;
            codes.push_back(code);
        });
        ends[++filled] = static_cast<uint32_t>(codes.size());
    }
    while (filled < column->last) ends[++filled] = static_cast<uint32_t>(codes.size());
    column->ends_ = reinterpret_cast<const unsigned char *>(ends.data());
    column->codes_ = reinterpret_cast<const unsigned char *>(codes.data());
    column->code_count_ = codes.size();
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
    for (Xapian::docid d = 0; d <= last; ++d) put32(out, end(d));
    put32(out, static_cast<uint32_t>(code_count_));
    for (size_t i = 0; i < code_count_; ++i) put32(out, code(i));
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
    auto column = std::make_shared<FacetColumn>();
    size_t size = 0;
    column->mapping_ = map_file(file, size);
    if (!column->mapping_) return nullptr;
    const std::string_view bytes(static_cast<const char *>(column->mapping_.get()), size);
    if (bytes.size() < sizeof magic + 4 || std::memcmp(bytes.data(), magic, sizeof magic)) return nullptr;
    Reader r{bytes};
    r.at = sizeof magic;
    column->slot = r.get32();
    column->revision = r.get32();
    column->last = r.get32();
    column->uuid = r.get_string(r.get32());
    const uint32_t entries = r.get32();
    if (!r.ok || entries > bytes.size() / 4) return nullptr;
    column->dictionary.reserve(entries);
    for (uint32_t i = 0; i < entries && r.ok; ++i) column->dictionary.push_back(r.get_string(r.get32()));
    if (!r.ok || column->last == UINT32_MAX) return nullptr;
    column->ends_ = r.array(size_t(column->last) + 1);
    column->code_count_ = r.get32();
    column->codes_ = r.array(column->code_count_);
    const uint32_t length = r.get32();
    if (!r.ok || r.at != bytes.size() || length != bytes.size() - 4) return nullptr;
    // Every stretch in range and in order, every code in the dictionary.
    if (column->end(0) != 0 || column->end(column->last) != column->code_count_) return nullptr;
    uint32_t previous = 0;
    for (Xapian::docid d = 1; d <= column->last; ++d) {
        const uint32_t end = column->end(d);
        if (end < previous) return nullptr;
        previous = end;
    }
    for (size_t i = 0; i < column->code_count_; ++i)
        if (column->code(i) >= entries) return nullptr;
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
