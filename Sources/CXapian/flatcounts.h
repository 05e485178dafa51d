// Counts of short byte strings for the multi-value match spy: an
// open-addressing table whose keys (up to 16 bytes: a tag and a country code,
// a topic or a month) are held inline, so that counting a value is a hash of
// two words and a probe, with no allocation. Longer keys go to a map.
#ifndef CXAPIAN_FLATCOUNTS_H
#define CXAPIAN_FLATCOUNTS_H

#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cxapian {

class FlatCounts {
  public:
    FlatCounts() : slots(64), mask(63) {}

    // Counts `p[0..len)` once per `document` (a number that changes from one
    // document to the next, never 0): a value repeated within a document
    // counts once.
    void add_once(const char *p, size_t len, uint32_t document) {
        Entry *e = find(p, len);
        if (!e) {
            auto &v = longer[std::string(p, len)];
            if (v.second != document) {
                v.second = document;
                ++v.first;
            }
            return;
        }
        if (e->document != document) {
            e->document = document;
            ++e->count;
        }
    }

    // Adds `n` to the count of `key`.
    void add(const std::string &key, uint64_t n) {
        Entry *e = find(key.data(), key.size());
        if (e) {
            e->count += n;
        } else {
            longer[key].first += n;
        }
    }

    // Calls `f(const std::string &value, uint64_t count)` for every value.
    template <typename F> void each(F &&f) const {
        for (const Entry &e : slots) {
            if (e.len == 0) continue;
            char bytes[16];
            std::memcpy(bytes, e.key, 16);
            f(std::string(bytes, e.len), e.count);
        }
        for (const auto &kv : longer) f(kv.first, kv.second.first);
    }

  private:
    struct Entry {
        uint64_t key[2] = {0, 0};
        uint64_t count = 0;
        uint32_t len = 0; // 0: an empty slot (the empty string lives in `longer`)
        uint32_t document = 0;
    };
    std::vector<Entry> slots;
    size_t mask;
    size_t used = 0;
    std::unordered_map<std::string, std::pair<uint64_t, uint32_t>> longer;

    // Every byte of the key reaches the low bits the table's mask keeps
    // (MurmurHash3's 64-bit finaliser over both words).
    static size_t hash(const uint64_t key[2], size_t len) {
        uint64_t h = key[0] ^ (key[1] * 0x9E3779B97F4A7C15ull) ^ (static_cast<uint64_t>(len) << 56);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 33;
        return static_cast<size_t>(h);
    }

    // The entry of `p[0..len)`, added with a count of 0 if new; null for keys
    // the table does not hold inline.
    Entry *find(const char *p, size_t len) {
        if (len == 0 || len > 16) return nullptr;
        uint64_t key[2] = {0, 0};
        std::memcpy(key, p, len);
        for (size_t i = hash(key, len) & mask;; i = (i + 1) & mask) {
            Entry &e = slots[i];
            if (e.len == len && e.key[0] == key[0] && e.key[1] == key[1]) return &e;
            if (e.len != 0) continue;
            e.key[0] = key[0];
            e.key[1] = key[1];
            e.len = static_cast<uint32_t>(len);
            if (++used * 2 <= slots.size()) return &e;
            grow();
            return find(p, len);
        }
    }

    void grow() {
        std::vector<Entry> old(slots.size() * 2);
        old.swap(slots);
        mask = slots.size() - 1;
        for (const Entry &e : old) {
            if (e.len == 0) continue;
            size_t i = hash(e.key, e.len) & mask;
            while (slots[i].len != 0) i = (i + 1) & mask;
            slots[i] = e;
        }
    }
};

} // namespace cxapian

#endif
