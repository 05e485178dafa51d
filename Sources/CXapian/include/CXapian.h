/*
 * CXapian: a plain C API over Xapian 1.4 (libxapian30), for Swift.
 *
 * Conventions, followed by every function in this header:
 *
 *  - Every function that can reach Xapian returns a cxapian_status_t and takes
 *    a last parameter `cxapian_error_t **error`. On CXAPIAN_OK, *error is left
 *    untouched. On failure, if `error` is not NULL, *error is set to a newly
 *    allocated error that the caller frees with cxapian_error_free(). Passing
 *    NULL discards the details but the status is still returned.
 *  - No C++ exception ever leaves a function of this header: each body runs
 *    inside one guard that maps Xapian's error classes to status codes
 *    (most specific class first) and anything else to CXAPIAN_UNKNOWN.
 *  - Objects are opaque handles. A function named cxapian_X_new or
 *    cxapian_X_open hands out a handle that the caller frees with
 *    cxapian_X_free. On failure the out-parameter is set to NULL.
 *    The free functions accept NULL and never fail.
 *  - Strings cross as (pointer, length) pairs of UTF-8 bytes, which may hold
 *    NUL bytes (Xapian's values and document data are binary). A string
 *    returned through `char **out, size_t *out_len` is allocated with malloc,
 *    NUL-terminated for convenience, and freed with cxapian_string_free().
 *    On failure *out is NULL and *out_len is 0.
 *  - Handles are not thread-safe, exactly like the Xapian objects behind
 *    them: use one handle from one thread at a time. Different handles may be
 *    used from different threads at once, even on the same database path.
 */
#ifndef CXAPIAN_H
#define CXAPIAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MARK: - Status and errors */

/* Status codes. Each names the Xapian error class it stands for; a subclass
 * that has no code of its own maps to its nearest base class that has one. */
typedef enum {
    CXAPIAN_OK = 0,
    CXAPIAN_DATABASE_NOT_FOUND = 1,   /* Xapian::DatabaseNotFoundError */
    CXAPIAN_DATABASE_OPENING = 2,     /* Xapian::DatabaseOpeningError */
    CXAPIAN_DATABASE_LOCKED = 3,      /* Xapian::DatabaseLockError */
    CXAPIAN_DATABASE_CORRUPT = 4,     /* Xapian::DatabaseCorruptError */
    CXAPIAN_DATABASE_MODIFIED = 5,    /* Xapian::DatabaseModifiedError */
    CXAPIAN_DATABASE_VERSION = 6,     /* Xapian::DatabaseVersionError */
    CXAPIAN_QUERY_PARSER = 7,         /* Xapian::QueryParserError */
    CXAPIAN_INVALID_ARGUMENT = 8,     /* Xapian::InvalidArgumentError */
    CXAPIAN_RANGE = 9,                /* Xapian::RangeError */
    CXAPIAN_NETWORK = 10,             /* Xapian::NetworkError */
    CXAPIAN_NETWORK_TIMEOUT = 11,     /* Xapian::NetworkTimeoutError */
    CXAPIAN_FEATURE_UNAVAILABLE = 12, /* Xapian::FeatureUnavailableError */
    CXAPIAN_DATABASE_CREATE = 13,     /* Xapian::DatabaseCreateError */
    CXAPIAN_DATABASE_CLOSED = 14,     /* Xapian::DatabaseClosedError */
    CXAPIAN_DATABASE = 15,            /* Xapian::DatabaseError (other) */
    CXAPIAN_DOC_NOT_FOUND = 16,       /* Xapian::DocNotFoundError */
    CXAPIAN_INVALID_OPERATION = 17,   /* Xapian::InvalidOperationError */
    CXAPIAN_UNIMPLEMENTED = 18,       /* Xapian::UnimplementedError */
    CXAPIAN_WILDCARD = 19,            /* Xapian::WildcardError */
    CXAPIAN_SERIALISATION = 20,       /* Xapian::SerialisationError */
    CXAPIAN_INTERNAL = 21,            /* Xapian::InternalError, Xapian::AssertionError */
    CXAPIAN_XAPIAN = 22,              /* any other Xapian::Error */
    CXAPIAN_OUT_OF_MEMORY = 23,       /* std::bad_alloc */
    CXAPIAN_UNKNOWN = 24              /* any other C++ exception */
} cxapian_status_t;

/* The details of a failure. Every field is owned by the error. */
typedef struct cxapian_error {
    cxapian_status_t status;
    char *type;    /* Xapian's class name, e.g. "DatabaseLockError"; or "std::bad_alloc" */
    char *message; /* Xapian's get_msg(), or what() */
    char *context; /* Xapian's get_context() plus get_error_string(), may be "" */
} cxapian_error_t;

/* Frees an error set by any function of this header. Accepts NULL. */
void cxapian_error_free(cxapian_error_t *error);

/* Frees a string returned by any function of this header. Accepts NULL. */
void cxapian_string_free(char *string);

/* The linked Xapian library's version, e.g. "1.4.22". Static storage. */
const char *cxapian_version_string(void);

/* Testing aid: the next guarded call made on the calling thread throws,
 * before doing anything, the Xapian exception that `status` stands for
 * (std::bad_alloc for CXAPIAN_OUT_OF_MEMORY, a std::runtime_error for
 * CXAPIAN_UNKNOWN), so that tests can prove every entry point maps every
 * exception. CXAPIAN_OK disarms. Costs one thread-local read per call. */
void cxapian_testing_inject_exception(cxapian_status_t status);

/* MARK: - Handles */

typedef struct cxapian_database cxapian_database_t;   /* Database or WritableDatabase */
typedef struct cxapian_document cxapian_document_t;
typedef struct cxapian_stem cxapian_stem_t;
typedef struct cxapian_word_pairs cxapian_word_pairs_t;
typedef struct cxapian_stopper cxapian_stopper_t;
typedef struct cxapian_termgenerator cxapian_termgenerator_t;
typedef struct cxapian_queryparser cxapian_queryparser_t;
typedef struct cxapian_query cxapian_query_t;
typedef struct cxapian_enquire cxapian_enquire_t;
typedef struct cxapian_mset cxapian_mset_t;
typedef struct cxapian_rset cxapian_rset_t;
typedef struct cxapian_eset cxapian_eset_t;
typedef struct cxapian_matchspy cxapian_matchspy_t;
typedef struct cxapian_termiterator cxapian_termiterator_t;
typedef struct cxapian_matchset cxapian_matchset_t;
typedef struct cxapian_facet_job cxapian_facet_job_t;

/* MARK: - Term iterators
 *
 * One iterator type serves every list of terms this API hands out. What the
 * `frequency` of each item means depends on where the iterator came from, and
 * is documented at that function: term frequency, within-document frequency
 * (wdf), or a facet count. */

/* Advances to the next item. On success *has_item is 1 and *term (freed with
 * cxapian_string_free) and *frequency describe it, or *has_item is 0 at the
 * end (with *term NULL). */
cxapian_status_t cxapian_termiterator_next(cxapian_termiterator_t *it, int *has_item, char **term,
                                           size_t *term_len, uint32_t *frequency,
                                           cxapian_error_t **error);
void cxapian_termiterator_free(cxapian_termiterator_t *it);

/* MARK: - Database (read-only) */

/* Database open flags (Xapian::DB_*); combine with |. */
enum {
    CXAPIAN_DB_CREATE_OR_OPEN = 0x00,
    CXAPIAN_DB_CREATE_OR_OVERWRITE = 0x01,
    CXAPIAN_DB_CREATE = 0x02,
    CXAPIAN_DB_OPEN = 0x03,
    CXAPIAN_DB_NO_SYNC = 0x04,
    CXAPIAN_DB_FULL_SYNC = 0x08,
    CXAPIAN_DB_DANGEROUS = 0x10,
    CXAPIAN_DB_NO_TERMLIST = 0x20,
    CXAPIAN_DB_RETRY_LOCK = 0x40,
    CXAPIAN_DB_BACKEND_GLASS = 0x100,
    CXAPIAN_DB_BACKEND_CHERT = 0x200,
    CXAPIAN_DB_BACKEND_STUB = 0x300,
    CXAPIAN_DB_BACKEND_INMEMORY = 0x400
};

/* Opens a database read-only: a glass database folder, a stub database file,
 * or (flags CXAPIAN_DB_BACKEND_INMEMORY) a new empty in-memory database.
 * Errors: DATABASE_NOT_FOUND, DATABASE_OPENING, DATABASE_VERSION, DATABASE_CORRUPT. */
cxapian_status_t cxapian_database_open(const char *path, int flags, cxapian_database_t **out,
                                       cxapian_error_t **error);

/* A database with no shards; add shards with cxapian_database_add_database. */
cxapian_status_t cxapian_database_new_empty(cxapian_database_t **out, cxapian_error_t **error);

/* Opens a database served by xapian-tcpsrv at host:port. Timeouts are in
 * milliseconds (0: Xapian's defaults of 10 s). Errors: NETWORK, NETWORK_TIMEOUT. */
cxapian_status_t cxapian_database_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                              unsigned connect_timeout_ms, cxapian_database_t **out,
                                              cxapian_error_t **error);

/* Adds every shard of `shard` to `db`, so that `db` searches them together
 * (Xapian::Database::add_database). `shard` stays owned by the caller. */
cxapian_status_t cxapian_database_add_database(cxapian_database_t *db, cxapian_database_t *shard,
                                               cxapian_error_t **error);

/* Re-reads the latest committed revision. *changed is 1 if it moved on. */
cxapian_status_t cxapian_database_reopen(cxapian_database_t *db, int *changed, cxapian_error_t **error);

/* Closes the database; later calls on it fail with DATABASE_CLOSED. For a
 * writable database, uncommitted changes are discarded (Xapian commits them
 * if no transaction is active; call commit first to be sure). */
cxapian_status_t cxapian_database_close(cxapian_database_t *db, cxapian_error_t **error);

/* Frees the handle. For a writable database Xapian's destructor commits and
 * swallows errors: commit or close explicitly before. Accepts NULL. */
void cxapian_database_free(cxapian_database_t *db);

cxapian_status_t cxapian_database_get_doccount(cxapian_database_t *db, uint32_t *out, cxapian_error_t **error);
cxapian_status_t cxapian_database_get_lastdocid(cxapian_database_t *db, uint32_t *out, cxapian_error_t **error);
cxapian_status_t cxapian_database_get_avlength(cxapian_database_t *db, double *out, cxapian_error_t **error);
cxapian_status_t cxapian_database_get_doclength(cxapian_database_t *db, uint32_t docid, uint32_t *out,
                                                cxapian_error_t **error);
/* Number of documents indexed by `term` (0 if none). */
cxapian_status_t cxapian_database_get_termfreq(cxapian_database_t *db, const char *term, size_t term_len,
                                               uint32_t *out, cxapian_error_t **error);
/* The first document holding `term` (0: none), e.g. the one with a unique id term. */
cxapian_status_t cxapian_database_first_posting(cxapian_database_t *db, const char *term, size_t term_len,
                                               uint32_t *out, cxapian_error_t **error);
/* Total number of occurrences of `term` (sum of wdf). */
cxapian_status_t cxapian_database_get_collection_freq(cxapian_database_t *db, const char *term,
                                                      size_t term_len, uint32_t *out, cxapian_error_t **error);
/* Number of documents with a value in `slot`. */
cxapian_status_t cxapian_database_get_value_freq(cxapian_database_t *db, uint32_t slot, uint32_t *out,
                                                 cxapian_error_t **error);
cxapian_status_t cxapian_database_has_positions(cxapian_database_t *db, int *out, cxapian_error_t **error);
/* The UUID as a string ("" for a database of several shards). */
cxapian_status_t cxapian_database_get_uuid(cxapian_database_t *db, char **out, size_t *out_len,
                                           cxapian_error_t **error);
/* A bound on the values in `slot` (the upper if `upper` is nonzero, else the
 * lower): every value lies within, but deletions do not tighten it; "" when
 * no document has a value there. */
cxapian_status_t cxapian_database_get_value_bound(cxapian_database_t *db, uint32_t slot, int upper, char **out,
                                                  size_t *out_len, cxapian_error_t **error);
/* User metadata for `key` ("" if unset). */
cxapian_status_t cxapian_database_get_metadata(cxapian_database_t *db, const char *key, size_t key_len,
                                               char **out, size_t *out_len, cxapian_error_t **error);
/* Iterates the metadata keys starting with `prefix`; frequency is 0. */
cxapian_status_t cxapian_database_metadata_keys(cxapian_database_t *db, const char *prefix, size_t prefix_len,
                                                cxapian_termiterator_t **out, cxapian_error_t **error);
/* Iterates every term starting with `prefix` in sorted order; frequency is
 * the term frequency. */
cxapian_status_t cxapian_database_allterms(cxapian_database_t *db, const char *prefix, size_t prefix_len,
                                           cxapian_termiterator_t **out, cxapian_error_t **error);
/* Iterates the synonyms stored for `term`; frequency is 0. */
cxapian_status_t cxapian_database_synonyms(cxapian_database_t *db, const char *term, size_t term_len,
                                           cxapian_termiterator_t **out, cxapian_error_t **error);
/* Iterates every word of the spelling data, with its frequency (summed
 * over shards). */
cxapian_status_t cxapian_database_spellings(cxapian_database_t *db, cxapian_termiterator_t **out,
                                            cxapian_error_t **error);
/* A spelling correction for `word` within `max_edit_distance` edits, or ""
 * if there is none (or the word is already spelled as indexed). */
cxapian_status_t cxapian_database_get_spelling_suggestion(cxapian_database_t *db, const char *word,
                                                          size_t word_len, unsigned max_edit_distance,
                                                          char **out, size_t *out_len, cxapian_error_t **error);
/* Reads document `docid`. Errors: DOC_NOT_FOUND. Free with cxapian_document_free. */
cxapian_status_t cxapian_database_get_document(cxapian_database_t *db, uint32_t docid,
                                               cxapian_document_t **out, cxapian_error_t **error);

/* Compaction flags (Xapian::DBCOMPACT_*, Xapian::Compactor levels). */
enum {
    CXAPIAN_COMPACT_STANDARD = 0,
    CXAPIAN_COMPACT_FULL = 1,
    CXAPIAN_COMPACT_FULLER = 2,
    CXAPIAN_COMPACT_NO_RENUMBER = 4,
    CXAPIAN_COMPACT_MULTIPASS = 8,
    CXAPIAN_COMPACT_SINGLE_FILE = 16
};

/* Writes a compacted copy of `db` (all of its shards merged) to `output`, a
 * new folder; if `output` is an existing stub database file, the compacted
 * database is written beside it and the stub is switched to it atomically. */
cxapian_status_t cxapian_database_compact(cxapian_database_t *db, const char *output, unsigned flags,
                                          cxapian_error_t **error);

/* MARK: - WritableDatabase
 *
 * A writable database is a cxapian_database_t too: every read function above
 * works on it. The functions below fail with INVALID_OPERATION when given a
 * read-only handle. */

/* Opens a database for writing. `flags` holds one action (CXAPIAN_DB_CREATE,
 * _OPEN, _CREATE_OR_OPEN, _CREATE_OR_OVERWRITE) plus options. Errors:
 * DATABASE_LOCKED (another writer holds it), DATABASE_CREATE,
 * DATABASE_NOT_FOUND, DATABASE_OPENING. */
cxapian_status_t cxapian_writable_database_open(const char *path, int flags, cxapian_database_t **out,
                                                cxapian_error_t **error);
/* 1 if the handle is writable. Never fails. */
int cxapian_database_is_writable(const cxapian_database_t *db);

cxapian_status_t cxapian_database_add_document(cxapian_database_t *db, cxapian_document_t *doc, uint32_t *docid,
                                               cxapian_error_t **error);
/* Replaces document `docid` (adding it if absent). */
cxapian_status_t cxapian_database_replace_document(cxapian_database_t *db, uint32_t docid,
                                                   cxapian_document_t *doc, cxapian_error_t **error);
/* Replaces the documents indexed by `unique_term` with `doc` (adding it if
 * none). Xapian does not add the term to `doc`: the caller must. *docid is
 * the id used. */
cxapian_status_t cxapian_database_replace_document_by_term(cxapian_database_t *db, const char *unique_term,
                                                           size_t term_len, cxapian_document_t *doc,
                                                           uint32_t *docid, cxapian_error_t **error);
cxapian_status_t cxapian_database_delete_document(cxapian_database_t *db, uint32_t docid,
                                                  cxapian_error_t **error);
/* Deletes every document indexed by `unique_term` (none is not an error). */
cxapian_status_t cxapian_database_delete_document_by_term(cxapian_database_t *db, const char *unique_term,
                                                          size_t term_len, cxapian_error_t **error);
cxapian_status_t cxapian_database_commit(cxapian_database_t *db, cxapian_error_t **error);
/* Transactions: changes between begin and commit become visible together.
 * `flushed` 1 commits pending changes first and makes the transaction's
 * commit durable. */
cxapian_status_t cxapian_database_begin_transaction(cxapian_database_t *db, int flushed,
                                                    cxapian_error_t **error);
cxapian_status_t cxapian_database_commit_transaction(cxapian_database_t *db, cxapian_error_t **error);
cxapian_status_t cxapian_database_cancel_transaction(cxapian_database_t *db, cxapian_error_t **error);
cxapian_status_t cxapian_database_set_metadata(cxapian_database_t *db, const char *key, size_t key_len,
                                               const char *value, size_t value_len, cxapian_error_t **error);
cxapian_status_t cxapian_database_add_spelling(cxapian_database_t *db, const char *word, size_t word_len,
                                               uint32_t freqinc, cxapian_error_t **error);
cxapian_status_t cxapian_database_remove_spelling(cxapian_database_t *db, const char *word, size_t word_len,
                                                  uint32_t freqdec, cxapian_error_t **error);
cxapian_status_t cxapian_database_add_synonym(cxapian_database_t *db, const char *term, size_t term_len,
                                              const char *synonym, size_t synonym_len, cxapian_error_t **error);
cxapian_status_t cxapian_database_remove_synonym(cxapian_database_t *db, const char *term, size_t term_len,
                                                 const char *synonym, size_t synonym_len, cxapian_error_t **error);
cxapian_status_t cxapian_database_clear_synonyms(cxapian_database_t *db, const char *term, size_t term_len,
                                                 cxapian_error_t **error);

/* MARK: - Document */

cxapian_status_t cxapian_document_new(cxapian_document_t **out, cxapian_error_t **error);
void cxapian_document_free(cxapian_document_t *doc);
/* The document's id in the database it was read from (0 for a new one). */
cxapian_status_t cxapian_document_get_docid(cxapian_document_t *doc, uint32_t *out, cxapian_error_t **error);
cxapian_status_t cxapian_document_get_data(cxapian_document_t *doc, char **out, size_t *out_len,
                                           cxapian_error_t **error);
cxapian_status_t cxapian_document_set_data(cxapian_document_t *doc, const char *data, size_t data_len,
                                           cxapian_error_t **error);
/* The value in `slot` ("" if none). */
cxapian_status_t cxapian_document_get_value(cxapian_document_t *doc, uint32_t slot, char **out, size_t *out_len,
                                            cxapian_error_t **error);
cxapian_status_t cxapian_document_add_value(cxapian_document_t *doc, uint32_t slot, const char *value,
                                            size_t value_len, cxapian_error_t **error);
cxapian_status_t cxapian_document_remove_value(cxapian_document_t *doc, uint32_t slot, cxapian_error_t **error);
cxapian_status_t cxapian_document_clear_values(cxapian_document_t *doc, cxapian_error_t **error);
cxapian_status_t cxapian_document_values_count(cxapian_document_t *doc, uint32_t *out, cxapian_error_t **error);
/* Adds `term` with `wdfinc` to its wdf, and no position. */
cxapian_status_t cxapian_document_add_term(cxapian_document_t *doc, const char *term, size_t term_len,
                                           uint32_t wdfinc, cxapian_error_t **error);
cxapian_status_t cxapian_document_add_posting(cxapian_document_t *doc, const char *term, size_t term_len,
                                              uint32_t position, uint32_t wdfinc, cxapian_error_t **error);
/* Adds a term with wdf 0 (a filter term that does not affect weights). */
cxapian_status_t cxapian_document_add_boolean_term(cxapian_document_t *doc, const char *term, size_t term_len,
                                                   cxapian_error_t **error);
/* Word pairs, for phrases without positions: for every two adjacent
 * positions of the document's unprefixed terms (terms not starting with a
 * capital letter), a term `prefix` + first + " " + second with wdf 0, for
 * each term at the one and each at the other, so that the term exists
 * exactly where the two-word phrase of those terms matches; none where
 * either word is one `pairs` skips. Call after all text is indexed. Pairs
 * over 240 key bytes are left out. *out_count (may be NULL): how many
 * distinct pair terms were added. */
cxapian_status_t cxapian_document_add_word_pairs(cxapian_document_t *doc, cxapian_word_pairs_t *pairs,
                                                 uint32_t *out_count, cxapian_error_t **error);
/* Errors: INVALID_ARGUMENT if the document lacks the term. */
cxapian_status_t cxapian_document_remove_term(cxapian_document_t *doc, const char *term, size_t term_len,
                                              cxapian_error_t **error);
cxapian_status_t cxapian_document_clear_terms(cxapian_document_t *doc, cxapian_error_t **error);
cxapian_status_t cxapian_document_termlist_count(cxapian_document_t *doc, uint32_t *out, cxapian_error_t **error);
/* Iterates the document's terms in sorted order; frequency is the wdf. */
cxapian_status_t cxapian_document_termlist(cxapian_document_t *doc, cxapian_termiterator_t **out,
                                           cxapian_error_t **error);

/* Multi-valued slots: stores `count` strings in one value slot, packed so
 * that cxapian_value_list_unpack and the multi-value match spy read them
 * back. The packing is: for each string, its length as a little-endian
 * base-128 varint, then its bytes. */
cxapian_status_t cxapian_document_add_value_list(cxapian_document_t *doc, uint32_t slot, const char *const *values,
                                                 const size_t *lengths, size_t count, cxapian_error_t **error);
/* Unpacks a value written by cxapian_document_add_value_list; frequency is 0.
 * Errors: SERIALISATION if `packed` is not such a list. */
cxapian_status_t cxapian_value_list_unpack(const char *packed, size_t packed_len, cxapian_termiterator_t **out,
                                           cxapian_error_t **error);

/* Xapian::sortable_serialise: a byte string whose byte order is the numeric
 * order, for NumberRangeProcessor and sorting. */
cxapian_status_t cxapian_sortable_serialise(double value, char **out, size_t *out_len, cxapian_error_t **error);
cxapian_status_t cxapian_sortable_unserialise(const char *value, size_t value_len, double *out,
                                              cxapian_error_t **error);

/* MARK: - Stem and Stopper */

/* A stemmer for `language` ("english", "en", "none", ...).
 * Errors: INVALID_ARGUMENT for an unknown language. */
cxapian_status_t cxapian_stem_new(const char *language, cxapian_stem_t **out, cxapian_error_t **error);
/* The same stemmer remembering up to `capacity` words it has stemmed (then
 * starting afresh): snippets stem every word of every hit's text, and a
 * collection's vocabulary repeats. Like any stemmer, for one thread at a time. */
cxapian_status_t cxapian_stem_new_cached(const char *language, size_t capacity, cxapian_stem_t **out,
                                         cxapian_error_t **error);
/* A stemmer for marking the words of a text whose stems are among `count`
 * stems (the "Z" terms of a query, without the Z), as Xapian's snippets do
 * without SNIPPET_BACKGROUND_MODEL (which looks every word's stem up):
 * for each word it gives `base`'s stem when that may be one of them, and an
 * empty string when it cannot be (no term is "Z" alone). For English, whose
 * stems keep a word's first two bytes (all of a shorter stem), apart from
 * "dying", "lying" and "tying", a word is stemmed only when it begins as one
 * of the stems does; other languages stem every word. The stems are given as
 * one buffer, `ends[i]` the end of stem i in it. Shares `base`'s cache: for
 * the same one thread at a time. */
cxapian_status_t cxapian_stem_new_restricted(cxapian_stem_t *base, const char *stems, const size_t *ends,
                                             size_t count, cxapian_stem_t **out, cxapian_error_t **error);
void cxapian_stem_free(cxapian_stem_t *stem);
cxapian_status_t cxapian_stem_word(cxapian_stem_t *stem, const char *word, size_t word_len, char **out,
                                   size_t *out_len, cxapian_error_t **error);
/* Space-separated list of the languages Xapian can stem. */
cxapian_status_t cxapian_stem_languages(char **out, size_t *out_len, cxapian_error_t **error);

/* A Xapian::SimpleStopper. */
cxapian_status_t cxapian_stopper_new(cxapian_stopper_t **out, cxapian_error_t **error);
void cxapian_stopper_free(cxapian_stopper_t *stopper);
cxapian_status_t cxapian_stopper_add(cxapian_stopper_t *stopper, const char *word, size_t word_len,
                                     cxapian_error_t **error);
cxapian_status_t cxapian_stopper_is_stopword(cxapian_stopper_t *stopper, const char *word, size_t word_len,
                                             int *out, cxapian_error_t **error);

/* MARK: - TermGenerator */

enum {
    CXAPIAN_STEM_NONE = 0,
    CXAPIAN_STEM_SOME = 1,
    CXAPIAN_STEM_ALL = 2,
    CXAPIAN_STEM_ALL_Z = 3,
    CXAPIAN_STEM_SOME_FULL_POS = 4
};
enum {
    CXAPIAN_TG_FLAG_SPELLING = 128,
    CXAPIAN_TG_FLAG_CJK_NGRAM = 2048
};
enum {
    CXAPIAN_STOP_NONE = 0,
    CXAPIAN_STOP_ALL = 1,
    CXAPIAN_STOP_STEMMED = 2
};

cxapian_status_t cxapian_termgenerator_new(cxapian_termgenerator_t **out, cxapian_error_t **error);
void cxapian_termgenerator_free(cxapian_termgenerator_t *tg);
/* The stemmer is copied. */
cxapian_status_t cxapian_termgenerator_set_stemmer(cxapian_termgenerator_t *tg, cxapian_stem_t *stem,
                                                   cxapian_error_t **error);
cxapian_status_t cxapian_termgenerator_set_stemming_strategy(cxapian_termgenerator_t *tg, int strategy,
                                                             cxapian_error_t **error);
/* The stopper is NOT copied: it must outlive the term generator (or be
 * replaced). NULL removes it. */
cxapian_status_t cxapian_termgenerator_set_stopper(cxapian_termgenerator_t *tg, cxapian_stopper_t *stopper,
                                                   cxapian_error_t **error);
cxapian_status_t cxapian_termgenerator_set_stopper_strategy(cxapian_termgenerator_t *tg, int strategy,
                                                            cxapian_error_t **error);
/* Flags: CXAPIAN_TG_FLAG_*. FLAG_SPELLING needs set_database. */
cxapian_status_t cxapian_termgenerator_set_flags(cxapian_termgenerator_t *tg, int flags, cxapian_error_t **error);
/* The database that receives spelling data. It must be writable and outlive
 * the term generator's use of it. */
cxapian_status_t cxapian_termgenerator_set_database(cxapian_termgenerator_t *tg, cxapian_database_t *db,
                                                    cxapian_error_t **error);
cxapian_status_t cxapian_termgenerator_set_max_word_length(cxapian_termgenerator_t *tg, unsigned length,
                                                           cxapian_error_t **error);
/* The document that receives terms. The document shares its contents with
 * `doc`: terms added appear in `doc`. Also resets the term position to 0. */
cxapian_status_t cxapian_termgenerator_set_document(cxapian_termgenerator_t *tg, cxapian_document_t *doc,
                                                    cxapian_error_t **error);
/* Indexes `text` (with positions), each term's wdf raised by `wdf_inc`,
 * each term prefixed with `prefix` (may be empty). */
cxapian_status_t cxapian_termgenerator_index_text(cxapian_termgenerator_t *tg, const char *text, size_t text_len,
                                                  uint32_t wdf_inc, const char *prefix, size_t prefix_len,
                                                  cxapian_error_t **error);
cxapian_status_t cxapian_termgenerator_index_text_without_positions(cxapian_termgenerator_t *tg, const char *text,
                                                                    size_t text_len, uint32_t wdf_inc,
                                                                    const char *prefix, size_t prefix_len,
                                                                    cxapian_error_t **error);
/* Leaves a gap in term positions, so phrases do not match across it. */
cxapian_status_t cxapian_termgenerator_increase_termpos(cxapian_termgenerator_t *tg, uint32_t delta,
                                                        cxapian_error_t **error);
cxapian_status_t cxapian_termgenerator_get_termpos(cxapian_termgenerator_t *tg, uint32_t *out,
                                                   cxapian_error_t **error);
cxapian_status_t cxapian_termgenerator_set_termpos(cxapian_termgenerator_t *tg, uint32_t termpos,
                                                   cxapian_error_t **error);

/* MARK: - Query */

/* Query operators (Xapian::Query::op). */
enum {
    CXAPIAN_OP_AND = 0,
    CXAPIAN_OP_OR = 1,
    CXAPIAN_OP_AND_NOT = 2,
    CXAPIAN_OP_XOR = 3,
    CXAPIAN_OP_AND_MAYBE = 4,
    CXAPIAN_OP_FILTER = 5,
    CXAPIAN_OP_NEAR = 6,
    CXAPIAN_OP_PHRASE = 7,
    CXAPIAN_OP_VALUE_RANGE = 8,
    CXAPIAN_OP_SCALE_WEIGHT = 9,
    CXAPIAN_OP_ELITE_SET = 10,
    CXAPIAN_OP_VALUE_GE = 11,
    CXAPIAN_OP_VALUE_LE = 12,
    CXAPIAN_OP_SYNONYM = 13,
    CXAPIAN_OP_MAX = 14,
    CXAPIAN_OP_WILDCARD = 15,
    CXAPIAN_OP_INVALID = 99
};

/* Wildcard expansion limits (Xapian::Query::WILDCARD_LIMIT_*). */
enum {
    CXAPIAN_WILDCARD_LIMIT_ERROR = 0,
    CXAPIAN_WILDCARD_LIMIT_FIRST = 1,
    CXAPIAN_WILDCARD_LIMIT_MOST_FREQUENT = 2
};

void cxapian_query_free(cxapian_query_t *query);
/* Matches documents indexed by `term`. `position` 0 means none. */
cxapian_status_t cxapian_query_new_term(const char *term, size_t term_len, uint32_t wqf, uint32_t position,
                                        cxapian_query_t **out, cxapian_error_t **error);
/* Matches every document. */
cxapian_status_t cxapian_query_new_match_all(cxapian_query_t **out, cxapian_error_t **error);
/* Matches no document. */
cxapian_status_t cxapian_query_new_match_nothing(cxapian_query_t **out, cxapian_error_t **error);
/* Combines `count` subqueries with `op`. `parameter` is the window for
 * OP_NEAR/OP_PHRASE and the set size for OP_ELITE_SET (0: the default).
 * The subqueries stay owned by the caller. Errors: INVALID_ARGUMENT for an
 * operator that does not combine subqueries. */
cxapian_status_t cxapian_query_new_combine(int op, cxapian_query_t *const *subqueries, size_t count,
                                           uint32_t parameter, cxapian_query_t **out, cxapian_error_t **error);
/* OP_SCALE_WEIGHT: `subquery`'s weights multiplied by `factor` (>= 0). */
cxapian_status_t cxapian_query_new_scale_weight(cxapian_query_t *subquery, double factor, cxapian_query_t **out,
                                                cxapian_error_t **error);
/* OP_VALUE_RANGE (begin..end), OP_VALUE_GE (begin) or OP_VALUE_LE (end) on
 * `slot`, comparing bytes. */
cxapian_status_t cxapian_query_new_value_range(int op, uint32_t slot, const char *begin, size_t begin_len,
                                               const char *end, size_t end_len, cxapian_query_t **out,
                                               cxapian_error_t **error);
/* OP_WILDCARD: every term starting with `pattern`, at most `max_expansion`
 * terms (0: unlimited) chosen by `limit_behaviour` (CXAPIAN_WILDCARD_LIMIT_*). */
cxapian_status_t cxapian_query_new_wildcard(const char *pattern, size_t pattern_len, uint32_t max_expansion,
                                            int limit_behaviour, cxapian_query_t **out, cxapian_error_t **error);
/* `query` with each word of every phrase widened to the words of `db` that
 * share its stem (at most `max_variants` per word, the word first), so that
 * "interest rates" also matches "interest rate". Xapian 1.4 does not stem
 * phrases under STEM_SOME. Other parts of the query are kept as they are. */
cxapian_status_t cxapian_query_stem_phrases(cxapian_query_t *query, cxapian_database_t *db, cxapian_stem_t *stem,
                                            uint32_t max_variants, cxapian_query_t **out, cxapian_error_t **error);
/* How word pairs are written and read: their term prefix, and the words
 * (stop words) that are in no pair. Free with cxapian_word_pairs_free. */
cxapian_status_t cxapian_word_pairs_new(const char *prefix, size_t prefix_len, cxapian_word_pairs_t **out,
                                        cxapian_error_t **error);
void cxapian_word_pairs_free(cxapian_word_pairs_t *pairs);
/* Leaves `word` out of every pair. */
cxapian_status_t cxapian_word_pairs_skip(cxapian_word_pairs_t *pairs, const char *word, size_t word_len,
                                         cxapian_error_t **error);
/* `query` with every tight phrase of unprefixed words (each a term, or an
 * OR of terms as cxapian_query_stem_phrases makes) also filtered by the word
 * pairs that cxapian_document_add_word_pairs indexed: for two words, the AND
 * of the words filtered by the OR of their pairs, which matches and weighs
 * exactly as the phrase does (Xapian 1.4 weighs a phrase as the AND of its
 * parts) without reading a position; for more, the phrase filtered by the
 * pairs of its neighbouring words, so that positions are read only where
 * every pair is. Neighbours with a skipped word, or with over `max_pairs`
 * pairs, add no filter; a phrase with no filter is left as it is.
 * `weightless` (for counting with boolean weights, where only the matches
 * count): a two-word phrase becomes the OR of its pairs alone, which has
 * the same matches (an article with a pair has both its words).
 * *out_changed: 1 when some phrase was rewritten (else *out is a copy). */
cxapian_status_t cxapian_query_phrase_pairs(cxapian_query_t *query, cxapian_word_pairs_t *pairs, uint32_t max_pairs,
                                            int weightless, cxapian_query_t **out, int *out_changed,
                                            cxapian_error_t **error);
/* A weight-only query (Xapian::ValueMapPostingSource) giving each document
 * the weight its value in `slot` maps to, `default_weight` when no key is
 * its value. The `count` keys are concatenated in `keys`, with their byte
 * lengths in `key_lengths`. Runs on the stock remote server. */
cxapian_status_t cxapian_query_new_value_map(uint32_t slot, const char *keys, const size_t *key_lengths,
                                            const double *weights, size_t count, double default_weight,
                                            cxapian_query_t **out, cxapian_error_t **error);
/* Xapian's description of the query, e.g. "Query((a OR b))". */
cxapian_status_t cxapian_query_get_description(cxapian_query_t *query, char **out, size_t *out_len,
                                               cxapian_error_t **error);
cxapian_status_t cxapian_query_is_empty(cxapian_query_t *query, int *out, cxapian_error_t **error);
/* Iterates the distinct terms of the query; frequency is 0. */
cxapian_status_t cxapian_query_terms(cxapian_query_t *query, cxapian_termiterator_t **out, cxapian_error_t **error);

/* MARK: - QueryParser */

/* Parse flags (Xapian::QueryParser::FLAG_*). */
enum {
    CXAPIAN_QP_FLAG_BOOLEAN = 1,
    CXAPIAN_QP_FLAG_PHRASE = 2,
    CXAPIAN_QP_FLAG_LOVEHATE = 4,
    CXAPIAN_QP_FLAG_BOOLEAN_ANY_CASE = 8,
    CXAPIAN_QP_FLAG_WILDCARD = 16,
    CXAPIAN_QP_FLAG_PURE_NOT = 32,
    CXAPIAN_QP_FLAG_PARTIAL = 64,
    CXAPIAN_QP_FLAG_SPELLING_CORRECTION = 128,
    CXAPIAN_QP_FLAG_SYNONYM = 256,
    CXAPIAN_QP_FLAG_AUTO_SYNONYMS = 512,
    CXAPIAN_QP_FLAG_AUTO_MULTIWORD_SYNONYMS = 1024,
    CXAPIAN_QP_FLAG_CJK_NGRAM = 2048,
    CXAPIAN_QP_FLAG_ACCUMULATE = 65536,
    CXAPIAN_QP_FLAG_NO_POSITIONS = 0x20000,
    CXAPIAN_QP_FLAG_DEFAULT = 7
};
/* Range processor flags (Xapian::RP_*). */
enum {
    CXAPIAN_RP_SUFFIX = 1,
    CXAPIAN_RP_REPEATED = 2,
    CXAPIAN_RP_DATE_PREFER_MDY = 4
};

cxapian_status_t cxapian_queryparser_new(cxapian_queryparser_t **out, cxapian_error_t **error);
void cxapian_queryparser_free(cxapian_queryparser_t *qp);
cxapian_status_t cxapian_queryparser_set_stemmer(cxapian_queryparser_t *qp, cxapian_stem_t *stem,
                                                 cxapian_error_t **error);
cxapian_status_t cxapian_queryparser_set_stemming_strategy(cxapian_queryparser_t *qp, int strategy,
                                                           cxapian_error_t **error);
/* The stopper is NOT copied: it must outlive the parser. NULL removes it. */
cxapian_status_t cxapian_queryparser_set_stopper(cxapian_queryparser_t *qp, cxapian_stopper_t *stopper,
                                                 cxapian_error_t **error);
/* OP_OR (Xapian's default) or OP_AND, also OP_NEAR, OP_PHRASE, OP_ELITE_SET,
 * OP_SYNONYM, OP_MAX. Errors: INVALID_ARGUMENT for others. */
cxapian_status_t cxapian_queryparser_set_default_op(cxapian_queryparser_t *qp, int op, cxapian_error_t **error);
/* The database used for wildcards, spelling correction and synonyms. It
 * must outlive the parser's use of it. */
cxapian_status_t cxapian_queryparser_set_database(cxapian_queryparser_t *qp, cxapian_database_t *db,
                                                  cxapian_error_t **error);
/* Limits wildcard and partial expansion (flags: which of FLAG_WILDCARD,
 * FLAG_PARTIAL it applies to). Past the limit, LIMIT_ERROR makes the search
 * fail with WILDCARD. */
cxapian_status_t cxapian_queryparser_set_max_expansion(cxapian_queryparser_t *qp, uint32_t max_expansion,
                                                       int limit_behaviour, unsigned flags,
                                                       cxapian_error_t **error);
/* `field:` in a query searches the free text indexed with `prefix`. */
cxapian_status_t cxapian_queryparser_add_prefix(cxapian_queryparser_t *qp, const char *field, size_t field_len,
                                                const char *prefix, size_t prefix_len, cxapian_error_t **error);
/* `field:value` filters on the term `prefix` + value. Terms of fields that
 * share a non-empty `grouping` are ORed together; NULL grouping means the
 * field's own name, so values of one field are ORed and fields are ANDed.
 * `exclusive` 0 lets a field own several prefixes. */
cxapian_status_t cxapian_queryparser_add_boolean_prefix(cxapian_queryparser_t *qp, const char *field,
                                                        size_t field_len, const char *prefix, size_t prefix_len,
                                                        const char *grouping, size_t grouping_len,
                                                        cxapian_error_t **error);
/* Ranges `[prefix]A..B` on value `slot` holding YYYYMMDD dates. A two-digit
 * year below `epoch_year` (e.g. 1970) goes to the next century. */
cxapian_status_t cxapian_queryparser_add_date_range(cxapian_queryparser_t *qp, uint32_t slot, const char *str,
                                                    size_t str_len, unsigned flags, int epoch_year,
                                                    cxapian_error_t **error);
/* Ranges on value `slot` holding sortable_serialise()d numbers. */
cxapian_status_t cxapian_queryparser_add_number_range(cxapian_queryparser_t *qp, uint32_t slot, const char *str,
                                                      size_t str_len, unsigned flags, cxapian_error_t **error);
/* Ranges on value `slot` compared as plain strings. */
cxapian_status_t cxapian_queryparser_add_string_range(cxapian_queryparser_t *qp, uint32_t slot, const char *str,
                                                      size_t str_len, unsigned flags, cxapian_error_t **error);
/* Parses `query`. `default_prefix` (may be empty) applies to unprefixed terms.
 * Errors: QUERY_PARSER with Xapian's message for malformed queries. */
cxapian_status_t cxapian_queryparser_parse_query(cxapian_queryparser_t *qp, const char *query, size_t query_len,
                                                 unsigned flags, const char *default_prefix,
                                                 size_t default_prefix_len, cxapian_query_t **out,
                                                 cxapian_error_t **error);
/* After a parse with FLAG_SPELLING_CORRECTION: the query string with its
 * misspelled words corrected, or "" if nothing was corrected. */
cxapian_status_t cxapian_queryparser_get_corrected_query_string(cxapian_queryparser_t *qp, char **out,
                                                                size_t *out_len, cxapian_error_t **error);
/* After a parse: the words dropped as stop words; frequency is 0. */
cxapian_status_t cxapian_queryparser_stoplist(cxapian_queryparser_t *qp, cxapian_termiterator_t **out,
                                              cxapian_error_t **error);
/* After a parse: the words that stemmed to `term`; frequency is 0. */
cxapian_status_t cxapian_queryparser_unstem(cxapian_queryparser_t *qp, const char *term, size_t term_len,
                                            cxapian_termiterator_t **out, cxapian_error_t **error);

/* MARK: - Match spies (facet counting) */

/* Xapian::ValueCountMatchSpy: counts the documents of each value in `slot`. */
cxapian_status_t cxapian_matchspy_new_value_count(uint32_t slot, cxapian_matchspy_t **out,
                                                  cxapian_error_t **error);
/* Counts, for each distinct string in the value lists stored in `slot` by
 * cxapian_document_add_value_list, the documents that carry it: a document
 * with three values counts once for each, a value repeated in one document
 * counts once. */
cxapian_status_t cxapian_matchspy_new_multi_value_count(uint32_t slot, cxapian_matchspy_t **out,
                                                        cxapian_error_t **error);
/* Frees the spy. It must not be freed while an enquire still holds it. */
void cxapian_matchspy_free(cxapian_matchspy_t *spy);
/* Number of documents the spy has seen. */
cxapian_status_t cxapian_matchspy_get_total(cxapian_matchspy_t *spy, uint32_t *out, cxapian_error_t **error);
/* Iterates the values seen, sorted by value; frequency is the count. */
cxapian_status_t cxapian_matchspy_values(cxapian_matchspy_t *spy, cxapian_termiterator_t **out,
                                         cxapian_error_t **error);
/* Iterates the `max_values` most frequent values, most frequent first (ties
 * by value); frequency is the count. */
cxapian_status_t cxapian_matchspy_top_values(cxapian_matchspy_t *spy, uint32_t max_values,
                                             cxapian_termiterator_t **out, cxapian_error_t **error);
/* Counts the values of the packed lists in `slot` (as the multi-value spy
 * does) over every match of `query`, and the matches, on the local database
 * dbs[0]. With db_count > 1 and at least `parallel_from` possible matches,
 * the documents are split into db_count stretches of ids counted side by side
 * on as many threads, thread i on dbs[i]: each handle must be a separate
 * Database object of the same database, used by no other thread meanwhile.
 * With `use_columns`, a handle whose sub-databases all have facet columns at
 * their exact revision (see cxapian_database_set_facet_columns) counts from
 * them instead of the slot, with the same result; *out_columns (if not NULL)
 * is how many handles did. If out_set is not NULL, *out_set is the set of
 * matches (see cxapian_matchset_restrict) when every handle is one database
 * at the same revision, else NULL. Sorted by value; frequency is the count.
 * Local databases only. */
cxapian_status_t cxapian_count_multi_values(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                            uint32_t slot, uint32_t parallel_from, int use_columns,
                                            cxapian_termiterator_t **out, uint32_t *out_matches,
                                            uint32_t *out_columns, cxapian_matchset_t **out_set,
                                            cxapian_error_t **error);
/* Counts the matches of `query` with at least `check_at_least` of them
 * checked, on the local database dbs[0], split between the handles as
 * cxapian_count_multi_values splits its count. *out_exact is 1 when
 * *out_count is every match, else 0 and *out_count is `check_at_least` (there
 * are at least that many). With out_set, as cxapian_count_multi_values, when
 * the count is exact and every match was seen. */
cxapian_status_t cxapian_count_matches(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                       uint32_t check_at_least, uint32_t parallel_from, uint32_t *out_count,
                                       int *out_exact, cxapian_matchset_t **out_set, cxapian_error_t **error);
/* Ranks `query` over the handles dbs[0..n) of one local database, each
 * through its own enquire (enquires[i] over dbs[i], all set up alike:
 * weighting, sort, no collapse), on threads: handle i ranks the i-th stretch
 * of document ids (within each sub-database) and keeps its top `max_items`,
 * and the stretches' hits are merged in the order `order` names: 0 by
 * weight, 1 by sort value ascending then weight, 2 by sort value descending
 * then weight (equal ones by document id). The merged top `max_items` are
 * out_parts[k] (which part) and out_items[k] (its index in that part's MSet)
 * for k < *out_size; out_msets[i] is part i's MSet (the caller frees each
 * that is not NULL), whose items the merge names. With `counted` (a
 * weightless form of `query`), each handle then counts the matches of its
 * stretch (unless its ranking saw them all), checking `check_at_least` of
 * them: *out_exact is 1 and *out_count every match when each stretch's
 * ranking saw all its matches or fewer than `check_at_least` match in all,
 * else 0 and *out_count is `check_at_least`. When the handles are not one database at one
 * revision (or n is 1), dbs[0] ranks the whole and dbs[1] counts the whole
 * meanwhile. The queries are copied first: the caller keeps using its own.
 * Each enquire's query is replaced. Local databases only. */
cxapian_status_t cxapian_enquire_get_mset_split(cxapian_enquire_t **enquires, cxapian_database_t **dbs, size_t n,
                                                cxapian_query_t *query, uint32_t max_items, int order,
                                                cxapian_query_t *counted, uint32_t check_at_least,
                                                cxapian_mset_t **out_msets, uint32_t *out_parts,
                                                uint32_t *out_items, uint32_t *out_size, uint32_t *out_count,
                                                int *out_exact, cxapian_error_t **error);
/* Starts what cxapian_count_multi_values counts (without a match set), over
 * the handles dbs[0..db_count) of one local database, on a thread of its own
 * (which splits the count as cxapian_count_multi_values does), so that the
 * caller can rank on another handle meanwhile. The handles must not be used
 * by anything else until cxapian_count_multi_values_finish. The query is
 * copied first: the caller keeps using its own. */
cxapian_status_t cxapian_count_multi_values_start(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                                  uint32_t slot, uint32_t parallel_from, int use_columns,
                                                  cxapian_facet_job_t **out, cxapian_error_t **error);
/* Waits for the count `job` started, and frees it (also when it failed,
 * which is reported here): *out, *out_matches and *out_columns (may be
 * NULL) as cxapian_count_multi_values. */
cxapian_status_t cxapian_count_multi_values_finish(cxapian_facet_job_t *job, cxapian_termiterator_t **out,
                                                   uint32_t *out_matches, uint32_t *out_columns,
                                                   cxapian_error_t **error);
/* A query that ranks as `query` and matches exactly the documents of `set`,
 * which must be the matches of `query` on the handle it is run on: each
 * phrase that every match must contain becomes the AND of its parts (Xapian
 * weights a phrase as that AND), filtered by the set, so that no position is
 * read again. *out is NULL when `query` has no such phrase (nothing to gain). */
cxapian_status_t cxapian_matchset_restrict(cxapian_matchset_t *set, cxapian_query_t *query, cxapian_query_t **out,
                                           cxapian_error_t **error);
/* *out is 1 when `query` has a phrase that every match must contain (one
 * cxapian_matchset_restrict would turn into an AND), else 0. */
cxapian_status_t cxapian_query_has_required_phrase(cxapian_query_t *query, int *out, cxapian_error_t **error);
/* Settles ahead the phrases of `query` (and of `counted`, a weightless
 * form of it with the same phrases; may be NULL) that not every match must
 * contain: those under OR, XOR or MAX, whose matches the matcher would
 * otherwise find by reading positions in every pass. Each such phrase (alone,
 * or filtered by its word pairs) is matched once, weightless, on the local
 * database dbs[0] (split between the handles as cxapian_count_matches splits
 * its count), and becomes the AND of its parts (which Xapian weights as the
 * phrase) filtered by the documents found. The same phrase in both queries is
 * matched once. A phrase is matched only where every match of the whole
 * must be: within `within` (may be NULL: the filter the caller will apply to
 * both queries) and within the other subqueries of each AND or FILTER above
 * it, so that `opec takeover` reads the long name's positions only where
 * "takeover" is. *out and *out_counted are NULL when there is nothing to
 * settle, or when the handles are not one database at one revision (a
 * sharded index). The settled queries are only valid on that database at
 * that revision, and only within `within`. Local databases only. */
cxapian_status_t cxapian_query_settle_phrases(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                              cxapian_query_t *counted, cxapian_query_t *within,
                                              uint32_t parallel_from,
                                              cxapian_query_t **out, cxapian_query_t **out_counted,
                                              cxapian_error_t **error);
/* The number of documents in the set. */
uint32_t cxapian_matchset_size(cxapian_matchset_t *set);
void cxapian_matchset_free(cxapian_matchset_t *set);
/* Names the facet column file of each sub-database of `db` (files[i] for the
 * i-th database of its stub, in order), for cxapian_count_multi_values. A
 * file that is missing, or was made at another revision, is not used. */
cxapian_status_t cxapian_database_set_facet_columns(cxapian_database_t *db, const char *const *files,
                                                   size_t count, cxapian_error_t **error);
/* Writes the facet column of the values packed in `slot` of the glass
 * database at `path` to the file "dossier-facets" in its directory, made at
 * its latest committed revision; *out_values (if not NULL) is the number of
 * distinct packed values. */
cxapian_status_t cxapian_facet_column_write(const char *path, size_t path_len, uint32_t slot, uint32_t *out_values,
                                            cxapian_error_t **error);
/* Xapian's name for the spy class (e.g. "Xapian::ValueCountMatchSpy"). */
cxapian_status_t cxapian_matchspy_get_description(cxapian_matchspy_t *spy, char **out, size_t *out_len,
                                                  cxapian_error_t **error);

/* MARK: - RSet */

cxapian_status_t cxapian_rset_new(cxapian_rset_t **out, cxapian_error_t **error);
void cxapian_rset_free(cxapian_rset_t *rset);
cxapian_status_t cxapian_rset_add_document(cxapian_rset_t *rset, uint32_t docid, cxapian_error_t **error);
cxapian_status_t cxapian_rset_size(cxapian_rset_t *rset, uint32_t *out, cxapian_error_t **error);

/* MARK: - Enquire */

/* Sort orders for cxapian_enquire_set_docid_order. */
enum {
    CXAPIAN_DOCID_ASCENDING = 1,
    CXAPIAN_DOCID_DESCENDING = 0,
    CXAPIAN_DOCID_DONT_CARE = 2
};

/* A search session over `db`, which must outlive it. */
cxapian_status_t cxapian_enquire_new(cxapian_database_t *db, cxapian_enquire_t **out, cxapian_error_t **error);
void cxapian_enquire_free(cxapian_enquire_t *enquire);
/* The query is copied. `query_len` is the query length for weighting (0:
 * the number of terms in the query). */
cxapian_status_t cxapian_enquire_set_query(cxapian_enquire_t *enquire, cxapian_query_t *query, uint32_t query_len,
                                           cxapian_error_t **error);
/* Xapian::BM25Weight(k1, k2, k3, b, min_normlen); Xapian's defaults are
 * 1, 0, 1, 0.5, 0.5. */
cxapian_status_t cxapian_enquire_set_weighting_bm25(cxapian_enquire_t *enquire, double k1, double k2, double k3,
                                                    double b, double min_normlen, cxapian_error_t **error);
/* Xapian::BoolWeight: every match weighs 0 (for pure filtering). */
cxapian_status_t cxapian_enquire_set_weighting_bool(cxapian_enquire_t *enquire, cxapian_error_t **error);
cxapian_status_t cxapian_enquire_set_sort_by_relevance(cxapian_enquire_t *enquire, cxapian_error_t **error);
/* Sorts by the value in `slot` compared as bytes; `reverse` 1 for
 * descending order. */
cxapian_status_t cxapian_enquire_set_sort_by_value(cxapian_enquire_t *enquire, uint32_t slot, int reverse,
                                                   cxapian_error_t **error);
cxapian_status_t cxapian_enquire_set_sort_by_value_then_relevance(cxapian_enquire_t *enquire, uint32_t slot,
                                                                  int reverse, cxapian_error_t **error);
cxapian_status_t cxapian_enquire_set_sort_by_relevance_then_value(cxapian_enquire_t *enquire, uint32_t slot,
                                                                  int reverse, cxapian_error_t **error);
cxapian_status_t cxapian_enquire_set_docid_order(cxapian_enquire_t *enquire, int order, cxapian_error_t **error);
/* Keeps at most `collapse_max` hits for each value in `slot`; the others
 * are counted in the kept hit's collapse count. */
cxapian_status_t cxapian_enquire_set_collapse_key(cxapian_enquire_t *enquire, uint32_t slot, uint32_t collapse_max,
                                                  cxapian_error_t **error);
/* Drops hits below `percent` of the best, or below `weight`. */
cxapian_status_t cxapian_enquire_set_cutoff(cxapian_enquire_t *enquire, int percent, double weight,
                                            cxapian_error_t **error);
/* Registers a match spy. The spy is not copied: it must outlive the enquire
 * or be removed with cxapian_enquire_clear_matchspies first. */
cxapian_status_t cxapian_enquire_add_matchspy(cxapian_enquire_t *enquire, cxapian_matchspy_t *spy,
                                              cxapian_error_t **error);
cxapian_status_t cxapian_enquire_clear_matchspies(cxapian_enquire_t *enquire, cxapian_error_t **error);
/* Runs the query: hits `first` .. `first + max_items - 1`, examining at least
 * `check_at_least` documents (the document count makes the bounds and the
 * match spies exact). `rset` may be NULL. */
cxapian_status_t cxapian_enquire_get_mset(cxapian_enquire_t *enquire, uint32_t first, uint32_t max_items,
                                          uint32_t check_at_least, cxapian_rset_t *rset, cxapian_mset_t **out,
                                          cxapian_error_t **error);

/* The first `max_items` matches numbered after the document `after`, for an
 * enquire over ONE database (a match decider sees each database's own document
 * numbers), in the order set; with ascending document order and no weights,
 * a way to page through every match without Xapian keeping an entry for each
 * match skipped, as an offset does. A local database only: a remote server
 * cannot run the decider. */
cxapian_status_t cxapian_enquire_get_mset_after(cxapian_enquire_t *enquire, uint32_t after, uint32_t max_items,
                                                cxapian_mset_t **out, cxapian_error_t **error);

/* Expand-set flags. */
enum {
    CXAPIAN_ESET_INCLUDE_QUERY_TERMS = 1, /* Xapian::Enquire::INCLUDE_QUERY_TERMS */
    CXAPIAN_ESET_USE_EXACT_TERMFREQ = 2,  /* Xapian::Enquire::USE_EXACT_TERMFREQ */
    CXAPIAN_ESET_UNPREFIXED_ONLY = 0x100  /* only terms that start with no capital letter */
};

/* The `max_items` terms that best describe the documents of `rset` (for
 * "more like this"). If `prefix_len` > 0, only terms starting with `prefix`
 * are considered. */
cxapian_status_t cxapian_enquire_get_eset(cxapian_enquire_t *enquire, uint32_t max_items, cxapian_rset_t *rset,
                                          unsigned flags, const char *prefix, size_t prefix_len,
                                          cxapian_eset_t **out, cxapian_error_t **error);
/* Iterates the query terms that match document `docid`, in query order;
 * frequency is 0. */
cxapian_status_t cxapian_enquire_matching_terms(cxapian_enquire_t *enquire, uint32_t docid,
                                                cxapian_termiterator_t **out, cxapian_error_t **error);

/* MARK: - MSet */

/* One hit of an MSet. */
typedef struct cxapian_hit {
    uint32_t docid;
    uint32_t rank;           /* 0-based, counted from the start of the whole result list */
    double weight;
    int percent;
    uint32_t collapse_count; /* lower bound on the hits collapsed into this one */
} cxapian_hit_t;

void cxapian_mset_free(cxapian_mset_t *mset);
cxapian_status_t cxapian_mset_size(cxapian_mset_t *mset, uint32_t *out, cxapian_error_t **error);
cxapian_status_t cxapian_mset_get_firstitem(cxapian_mset_t *mset, uint32_t *out, cxapian_error_t **error);
/* Bounds on the total number of matches; all three are equal when exact. */
cxapian_status_t cxapian_mset_get_matches(cxapian_mset_t *mset, uint32_t *lower, uint32_t *estimated,
                                          uint32_t *upper, cxapian_error_t **error);
cxapian_status_t cxapian_mset_get_max_possible(cxapian_mset_t *mset, double *out, cxapian_error_t **error);
cxapian_status_t cxapian_mset_get_max_attained(cxapian_mset_t *mset, double *out, cxapian_error_t **error);
/* The term frequency of `term` as seen by this search. */
cxapian_status_t cxapian_mset_get_termfreq(cxapian_mset_t *mset, const char *term, size_t term_len, uint32_t *out,
                                           cxapian_error_t **error);
/* Hit `index` (0 .. size-1). Errors: RANGE for an index out of bounds. */
cxapian_status_t cxapian_mset_get_hit(cxapian_mset_t *mset, uint32_t index, cxapian_hit_t *out,
                                      cxapian_error_t **error);
/* The document of hit `index`. Free with cxapian_document_free. */
cxapian_status_t cxapian_mset_get_document(cxapian_mset_t *mset, uint32_t index, cxapian_document_t **out,
                                           cxapian_error_t **error);
/* The collapse key of hit `index` ("" if no collapse key was set). */
cxapian_status_t cxapian_mset_get_collapse_key(cxapian_mset_t *mset, uint32_t index, char **out, size_t *out_len,
                                               cxapian_error_t **error);
/* Fetches the documents of all hits in one go (worth it for remote shards).
 * Safe on any page (Xapian 1.4.22's MSet::fetch() crashes past the first). */
cxapian_status_t cxapian_mset_fetch(cxapian_mset_t *mset, cxapian_error_t **error);

/* Snippet flags (Xapian::MSet::SNIPPET_*). */
enum {
    CXAPIAN_SNIPPET_BACKGROUND_MODEL = 1,
    CXAPIAN_SNIPPET_EXHAUSTIVE = 2,
    CXAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH = 4,
    CXAPIAN_SNIPPET_CJK_NGRAM = 2048
};

/* A passage of `text` of about `length` bytes that best matches the query,
 * with `&`, `<` and `>` escaped and query terms wrapped in `hi_start` and
 * `hi_end` (inserted raw); `omit` marks text cut at either end. `stem` (may
 * be NULL) must be the query parser's, for stemmed terms to be highlighted. */
cxapian_status_t cxapian_mset_snippet(cxapian_mset_t *mset, const char *text, size_t text_len, size_t length,
                                      cxapian_stem_t *stem, unsigned flags, const char *hi_start,
                                      const char *hi_end, const char *omit, char **out, size_t *out_len,
                                      cxapian_error_t **error);

/* MARK: - ESet */

void cxapian_eset_free(cxapian_eset_t *eset);
cxapian_status_t cxapian_eset_size(cxapian_eset_t *eset, uint32_t *out, cxapian_error_t **error);
/* Term `index` (0 .. size-1) and its weight. Errors: RANGE out of bounds. */
cxapian_status_t cxapian_eset_get(cxapian_eset_t *eset, uint32_t index, char **term, size_t *term_len,
                                  double *weight, cxapian_error_t **error);

#ifdef __cplusplus
}
#endif

#endif /* CXAPIAN_H */
