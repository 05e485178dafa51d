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
#include <memory>
#include <string>
#include <vector>

namespace cxapian {

struct FacetColumn {
    Xapian::valueno slot = 0;
    std::string uuid;
    Xapian::rev revision = 0;
    // Document ids 1...last have entries.
    Xapian::docid last = 0;
    // The distinct packed values, numbered by their position.
    std::vector<std::string> dictionary;
    // The codes of document d are codes[ends[d - 1] ..< ends[d]]; ends[0] == 0.
    std::vector<uint32_t> ends;
    std::vector<uint32_t> codes;

    // Reads every value of `slot` in `db` (one glass database).
    static std::shared_ptr<const FacetColumn> build(const Xapian::Database &db, Xapian::valueno slot);

    // Reads a column file; null when it is missing or malformed.
    static std::shared_ptr<const FacetColumn> load(const std::string &file);

    // Writes the column to `file` through a temporary file renamed over it.
    void write(const std::string &file) const;
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
