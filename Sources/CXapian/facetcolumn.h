// Facet columns: the packed facet values of one glass database (one value
// slot, see valuelist.h) kept beside it as a file of small integer codes per
// document, so that counting facets over a query's matches reads an array
// instead of Xapian's value chunks.
//
// A column is a cache, never the truth: it records the UUID and revision of
// the database it was made from, and is only used for a database handle at
// exactly that UUID and revision. Anything else (no file, an older file, a
// remote shard, a replica that got no file) counts from the value slot as
// before, with the same answers.
#ifndef CXAPIAN_FACETCOLUMN_H
#define CXAPIAN_FACETCOLUMN_H

#include <xapian.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace cxapian {

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "facet column files hold little-endian integers, read in place"
#endif

struct FacetColumn {
    Xapian::valueno slot = 0;
    std::string uuid;
    Xapian::rev revision = 0;
    // Document ids 1...last have entries.
    Xapian::docid last = 0;
    // The distinct packed values, numbered by their position.
    std::vector<std::string> dictionary;

    FacetColumn() = default;
    FacetColumn(const FacetColumn &) = delete; // its arrays may point into itself
    FacetColumn &operator=(const FacetColumn &) = delete;

    // The codes of document d are code(i) for i in end(d - 1) ..< end(d); end(0) == 0.
    uint32_t end(Xapian::docid d) const { return get(ends_, d); }
    uint32_t code(size_t i) const { return get(codes_, i); }
    size_t code_count() const { return code_count_; }

    // Reads every value of `slot` in `db` (one glass database).
    static std::shared_ptr<const FacetColumn> build(const Xapian::Database &db, Xapian::valueno slot);

    // Reads a column file; null when it is missing or malformed. Its arrays
    // are used where they lie in the file's bytes, not copied out.
    static std::shared_ptr<const FacetColumn> load(const std::string &file);

    // Writes the column to `file` through a temporary file renamed over it.
    void write(const std::string &file) const;

  private:
    // The arrays: 32-bit little-endian integers, at any alignment.
    const unsigned char *ends_ = nullptr;
    const unsigned char *codes_ = nullptr;
    size_t code_count_ = 0;
    // What they point into: a built column's vectors, or a loaded file
    // mapped read-only (column files are replaced by renaming a new file
    // over them, never rewritten in place, so a mapping stays whole).
    std::vector<uint32_t> built_ends_, built_codes_;
    std::shared_ptr<const void> mapping_;

    static uint32_t get(const unsigned char *array, size_t i) {
        uint32_t v;
        std::memcpy(&v, array + 4 * i, 4);
        return v;
    }
};

// The name of the column file inside a database's directory.
inline const char *facet_column_name() { return "dossier-facets"; }

// The column of each sub-database of `db`, given each one's column file
// (`files[i]` for `db.internal[i]`), for `slot`: empty unless every
// sub-database has a column made at exactly its UUID and revision. Columns are
// shared between handles through a process-wide cache keyed by file.
std::vector<std::shared_ptr<const FacetColumn>> facet_columns_for(const Xapian::Database &db,
                                                                  const std::vector<std::string> &files,
                                                                  Xapian::valueno slot);

} // namespace cxapian

#endif
