// Internal to the CXapian target: the structs behind the opaque handles, the
// exception guard every entry point runs in, and string helpers.
#ifndef CXAPIAN_PRIVATE_H
#define CXAPIAN_PRIVATE_H

#include "CXapian.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct cxapian_database {
    // A Xapian::WritableDatabase when writable, else a Xapian::Database.
    std::unique_ptr<Xapian::Database> db;
    bool writable = false;
    // The facet column file of each sub-database (see facetcolumn.h); empty: none.
    std::vector<std::string> column_files;
    // A read-only handle's stemmed forms of phrase words (see phrase.cc), as
    // of the revision it reads: emptied when it reopens onto another.
    std::mutex variants_mutex;
    std::unordered_map<std::string, std::vector<std::string>> variants;

    // The writable view; throws InvalidOperationError for a read-only handle.
    Xapian::WritableDatabase &writable_db() const {
        if (!writable) throw Xapian::InvalidOperationError("database was opened read-only");
        return static_cast<Xapian::WritableDatabase &>(*db);
    }
};
struct cxapian_document {
    Xapian::Document doc;
};
struct cxapian_stem {
    Xapian::Stem stem;
};
struct cxapian_stopper {
    Xapian::SimpleStopper stopper;
};
struct cxapian_termgenerator {
    Xapian::TermGenerator tg;
};
struct cxapian_queryparser {
    Xapian::QueryParser qp;
};
struct cxapian_query {
    Xapian::Query query;
};
struct cxapian_word_pairs {
    std::string prefix;
    std::unordered_set<std::string> skipped;
    bool skips(const std::string &word) const { return skipped.count(word) != 0; }
};
struct cxapian_enquire {
    Xapian::Enquire enquire;
};
struct cxapian_mset {
    Xapian::MSet mset;
};
struct cxapian_rset {
    Xapian::RSet rset;
};
struct cxapian_eset {
    Xapian::ESet eset;
};
// Facet counts read back from a spy: a sorted list of (value, count) pairs.
class cxapian_spy_results {
  public:
    virtual ~cxapian_spy_results() = default;
    virtual Xapian::doccount total() const = 0;
    virtual std::vector<std::pair<std::string, Xapian::doccount>> values() const = 0;
};
struct cxapian_matchspy {
    Xapian::MatchSpy *spy;                // owned
    const cxapian_spy_results *results;   // a view of `spy`
    ~cxapian_matchspy() { delete spy; }
};

// The ids of every match of a query, in order, within the one database that
// a handle at `uuid` and `revision` sees (see cxapian_count_multi_values).
struct cxapian_matchset {
    std::shared_ptr<const std::vector<Xapian::docid>> ids;
};

// A list of terms snapshotted from a Xapian::TermIterator (or built by hand),
// each with a frequency whose meaning depends on the source.
struct cxapian_termiterator {
    std::vector<std::pair<std::string, uint32_t>> items;
    size_t next = 0;
};

namespace cxapian {

// Copies `s` into a malloc'd, NUL-terminated buffer.
void out_string(const std::string &s, char **out, size_t *out_len);

// Builds a std::string from a (pointer, length) pair; NULL means "".
inline std::string str(const char *p, size_t len) { return p ? std::string(p, len) : std::string(); }

// Drains a Xapian term iterator range into a new cxapian_termiterator.
enum class freq_kind { none, termfreq, wdf };
cxapian_termiterator *snapshot(Xapian::TermIterator begin, Xapian::TermIterator end, freq_kind kind);

// Throws the exception that the armed injection stands for, if any.
void throw_if_injected();

cxapian_status_t set_error(cxapian_error_t **error, cxapian_status_t status, const char *type,
                           const std::string &message, const std::string &context);
cxapian_status_t set_xapian_error(cxapian_error_t **error, cxapian_status_t status, const Xapian::Error &e);

// Runs `body` and turns every exception into a status. Specific Xapian
// classes are caught before their bases (DatabaseNotFoundError before
// DatabaseOpeningError, NetworkTimeoutError before NetworkError, ...).
template <typename Body> cxapian_status_t guard(cxapian_error_t **error, Body &&body) noexcept {
    try {
        try {
            throw_if_injected();
            body();
            return CXAPIAN_OK;
        } catch (const Xapian::DatabaseNotFoundError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_NOT_FOUND, e);
        } catch (const Xapian::DatabaseVersionError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_VERSION, e);
        } catch (const Xapian::DatabaseOpeningError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_OPENING, e);
        } catch (const Xapian::DatabaseLockError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_LOCKED, e);
        } catch (const Xapian::DatabaseCorruptError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_CORRUPT, e);
        } catch (const Xapian::DatabaseModifiedError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_MODIFIED, e);
        } catch (const Xapian::DatabaseCreateError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_CREATE, e);
        } catch (const Xapian::DatabaseClosedError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE_CLOSED, e);
        } catch (const Xapian::DatabaseError &e) {
            return set_xapian_error(error, CXAPIAN_DATABASE, e);
        } catch (const Xapian::QueryParserError &e) {
            return set_xapian_error(error, CXAPIAN_QUERY_PARSER, e);
        } catch (const Xapian::InvalidArgumentError &e) {
            return set_xapian_error(error, CXAPIAN_INVALID_ARGUMENT, e);
        } catch (const Xapian::InvalidOperationError &e) {
            return set_xapian_error(error, CXAPIAN_INVALID_OPERATION, e);
        } catch (const Xapian::UnimplementedError &e) {
            return set_xapian_error(error, CXAPIAN_UNIMPLEMENTED, e);
        } catch (const Xapian::RangeError &e) {
            return set_xapian_error(error, CXAPIAN_RANGE, e);
        } catch (const Xapian::NetworkTimeoutError &e) {
            return set_xapian_error(error, CXAPIAN_NETWORK_TIMEOUT, e);
        } catch (const Xapian::NetworkError &e) {
            return set_xapian_error(error, CXAPIAN_NETWORK, e);
        } catch (const Xapian::FeatureUnavailableError &e) {
            return set_xapian_error(error, CXAPIAN_FEATURE_UNAVAILABLE, e);
        } catch (const Xapian::DocNotFoundError &e) {
            return set_xapian_error(error, CXAPIAN_DOC_NOT_FOUND, e);
        } catch (const Xapian::WildcardError &e) {
            return set_xapian_error(error, CXAPIAN_WILDCARD, e);
        } catch (const Xapian::SerialisationError &e) {
            return set_xapian_error(error, CXAPIAN_SERIALISATION, e);
        } catch (const Xapian::InternalError &e) {
            return set_xapian_error(error, CXAPIAN_INTERNAL, e);
        } catch (const Xapian::AssertionError &e) {
            return set_xapian_error(error, CXAPIAN_INTERNAL, e);
        } catch (const Xapian::Error &e) {
            return set_xapian_error(error, CXAPIAN_XAPIAN, e);
        } catch (const std::bad_alloc &) {
            return set_error(error, CXAPIAN_OUT_OF_MEMORY, "std::bad_alloc", "out of memory", "");
        } catch (const std::exception &e) {
            return set_error(error, CXAPIAN_UNKNOWN, "std::exception", e.what(), "");
        } catch (...) {
            return set_error(error, CXAPIAN_UNKNOWN, "unknown", "unknown C++ exception", "");
        }
    } catch (...) {
        // Building the error itself failed (out of memory): report the status
        // without details rather than let anything escape.
        if (error) *error = nullptr;
        return CXAPIAN_OUT_OF_MEMORY;
    }
}

// Validates a required pointer argument.
inline void require(const void *p, const char *what) {
    if (!p) throw Xapian::InvalidArgumentError(std::string(what) + " must not be NULL");
}

} // namespace cxapian

#endif
