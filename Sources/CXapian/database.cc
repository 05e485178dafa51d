// Database and WritableDatabase.
#include "cxapian-private.h"
#include <utility>

using namespace cxapian;

namespace {

Xapian::Database &db_of(cxapian_database_t *db) {
    require(db, "database");
    return *db->db;
}

Xapian::WritableDatabase &writable_of(cxapian_database_t *db) {
    require(db, "database");
    return db->writable_db();
}

} // namespace

extern "C" {

cxapian_status_t cxapian_database_open(const char *path, int flags, cxapian_database_t **out,
                                       cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(path, "path");
        require(out, "out");
        auto handle = std::make_unique<cxapian_database>();
        handle->db = std::make_unique<Xapian::Database>(std::string(path), flags);
        *out = handle.release();
    });
}

cxapian_status_t cxapian_database_new_empty(cxapian_database_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto handle = std::make_unique<cxapian_database>();
        handle->db = std::make_unique<Xapian::Database>();
        *out = handle.release();
    });
}

cxapian_status_t cxapian_database_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                                              unsigned connect_timeout_ms, cxapian_database_t **out,
                                              cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(host, "host");
        require(out, "out");
        auto handle = std::make_unique<cxapian_database>();
        handle->db = std::make_unique<Xapian::Database>(Xapian::Remote::open(
            std::string(host), port, timeout_ms ? timeout_ms : 10000, connect_timeout_ms ? connect_timeout_ms : 10000));
        *out = handle.release();
    });
}

cxapian_status_t cxapian_database_add_database(cxapian_database_t *db, cxapian_database_t *shard,
                                               cxapian_error_t **error) {
    return guard(error, [&] {
        require(shard, "shard");
        Xapian::Database &combined = db_of(db);
        if (db->writable) throw Xapian::InvalidOperationError("cannot add shards to a writable database");
        combined.add_database(*shard->db);
    });
}

cxapian_status_t cxapian_database_reopen(cxapian_database_t *db, int *changed, cxapian_error_t **error) {
    return guard(error, [&] {
        bool moved = db_of(db).reopen();
        if (moved) {
            std::lock_guard<std::mutex> lock(db->variants_mutex);
            db->variants.clear();
        }
        if (changed) *changed = moved ? 1 : 0;
    });
}

cxapian_status_t cxapian_database_close(cxapian_database_t *db, cxapian_error_t **error) {
    return guard(error, [&] { db_of(db).close(); });
}

void cxapian_database_free(cxapian_database_t *db) {
    // Xapian's destructors do not throw (WritableDatabase's swallows commit
    // errors), but be certain nothing escapes.
    try {
        delete db;
    } catch (...) {
    }
}

cxapian_status_t cxapian_database_get_doccount(cxapian_database_t *db, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).get_doccount();
    });
}

cxapian_status_t cxapian_database_get_lastdocid(cxapian_database_t *db, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).get_lastdocid();
    });
}

cxapian_status_t cxapian_database_get_avlength(cxapian_database_t *db, double *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).get_avlength();
    });
}

cxapian_status_t cxapian_database_get_doclength(cxapian_database_t *db, uint32_t docid, uint32_t *out,
                                                cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).get_doclength(docid);
    });
}

cxapian_status_t cxapian_database_get_termfreq(cxapian_database_t *db, const char *term, size_t term_len,
                                               uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).get_termfreq(str(term, term_len));
    });
}

cxapian_status_t cxapian_database_first_posting(cxapian_database_t *db, const char *term, size_t term_len,
                                               uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        Xapian::Database &d = db_of(db);
        std::string t = str(term, term_len);
        Xapian::PostingIterator it = d.postlist_begin(t);
        *out = it == d.postlist_end(t) ? 0 : *it;
    });
}

cxapian_status_t cxapian_database_get_collection_freq(cxapian_database_t *db, const char *term,
                                                      size_t term_len, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).get_collection_freq(str(term, term_len));
    });
}

cxapian_status_t cxapian_database_get_value_freq(cxapian_database_t *db, uint32_t slot, uint32_t *out,
                                                 cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).get_value_freq(slot);
    });
}

cxapian_status_t cxapian_database_has_positions(cxapian_database_t *db, int *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = db_of(db).has_positions() ? 1 : 0;
    });
}

cxapian_status_t cxapian_database_get_uuid(cxapian_database_t *db, char **out, size_t *out_len,
                                           cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(db_of(db).get_uuid(), out, out_len); });
}

cxapian_status_t cxapian_database_get_value_bound(cxapian_database_t *db, uint32_t slot, int upper, char **out,
                                                  size_t *out_len, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        auto &database = db_of(db);
        out_string(upper ? database.get_value_upper_bound(slot) : database.get_value_lower_bound(slot), out,
                   out_len);
    });
}

cxapian_status_t cxapian_database_get_metadata(cxapian_database_t *db, const char *key, size_t key_len,
                                               char **out, size_t *out_len, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(db_of(db).get_metadata(str(key, key_len)), out, out_len); });
}

/// Copies the terms `range(database, key)` gives (a begin and end iterator)
/// into a new term iterator in `*out`: the shape of every term listing of a
/// database, keyed by a prefix or a term.
extern "C++" template <typename Range>
static cxapian_status_t list_terms(cxapian_database_t *db, const char *key, size_t key_len,
                                   cxapian_termiterator_t **out, cxapian_error_t **error, freq_kind kind,
                                   Range range) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto [begin, end] = range(db_of(db), str(key, key_len));
        *out = snapshot(begin, end, kind);
    });
}

cxapian_status_t cxapian_database_metadata_keys(cxapian_database_t *db, const char *prefix, size_t prefix_len,
                                                cxapian_termiterator_t **out, cxapian_error_t **error) {
    return list_terms(db, prefix, prefix_len, out, error, freq_kind::none,
                      [](Xapian::Database &d, const std::string &p) {
                          return std::make_pair(d.metadata_keys_begin(p), d.metadata_keys_end(p));
                      });
}

cxapian_status_t cxapian_database_allterms(cxapian_database_t *db, const char *prefix, size_t prefix_len,
                                           cxapian_termiterator_t **out, cxapian_error_t **error) {
    return list_terms(db, prefix, prefix_len, out, error, freq_kind::termfreq,
                      [](Xapian::Database &d, const std::string &p) {
                          return std::make_pair(d.allterms_begin(p), d.allterms_end(p));
                      });
}

cxapian_status_t cxapian_database_synonyms(cxapian_database_t *db, const char *term, size_t term_len,
                                           cxapian_termiterator_t **out, cxapian_error_t **error) {
    return list_terms(db, term, term_len, out, error, freq_kind::none,
                      [](Xapian::Database &d, const std::string &t) {
                          return std::make_pair(d.synonyms_begin(t), d.synonyms_end(t));
                      });
}

cxapian_status_t cxapian_database_spellings(cxapian_database_t *db, cxapian_termiterator_t **out,
                                            cxapian_error_t **error) {
    return list_terms(db, "", 0, out, error, freq_kind::termfreq, [](Xapian::Database &d, const std::string &) {
        return std::make_pair(d.spellings_begin(), d.spellings_end());
    });
}

cxapian_status_t cxapian_database_get_spelling_suggestion(cxapian_database_t *db, const char *word,
                                                          size_t word_len, unsigned max_edit_distance,
                                                          char **out, size_t *out_len, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        out_string(db_of(db).get_spelling_suggestion(str(word, word_len), max_edit_distance), out, out_len);
    });
}

cxapian_status_t cxapian_database_get_document(cxapian_database_t *db, uint32_t docid,
                                               cxapian_document_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto handle = std::make_unique<cxapian_document>();
        handle->doc = db_of(db).get_document(docid);
        *out = handle.release();
    });
}

cxapian_status_t cxapian_database_compact(cxapian_database_t *db, const char *output, unsigned flags,
                                          cxapian_error_t **error) {
    return guard(error, [&] {
        require(output, "output");
        db_of(db).compact(std::string(output), flags);
    });
}

// MARK: - WritableDatabase

cxapian_status_t cxapian_writable_database_open(const char *path, int flags, cxapian_database_t **out,
                                                cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(path, "path");
        require(out, "out");
        auto handle = std::make_unique<cxapian_database>();
        handle->db = std::make_unique<Xapian::WritableDatabase>(std::string(path), flags);
        handle->writable = true;
        *out = handle.release();
    });
}

int cxapian_database_is_writable(const cxapian_database_t *db) { return db && db->writable ? 1 : 0; }

cxapian_status_t cxapian_database_add_document(cxapian_database_t *db, cxapian_document_t *doc, uint32_t *docid,
                                               cxapian_error_t **error) {
    return guard(error, [&] {
        require(doc, "document");
        Xapian::docid id = writable_of(db).add_document(doc->doc);
        if (docid) *docid = id;
    });
}

cxapian_status_t cxapian_database_replace_document(cxapian_database_t *db, uint32_t docid,
                                                   cxapian_document_t *doc, cxapian_error_t **error) {
    return guard(error, [&] {
        require(doc, "document");
        writable_of(db).replace_document(docid, doc->doc);
    });
}

cxapian_status_t cxapian_database_replace_document_by_term(cxapian_database_t *db, const char *unique_term,
                                                           size_t term_len, cxapian_document_t *doc,
                                                           uint32_t *docid, cxapian_error_t **error) {
    return guard(error, [&] {
        require(doc, "document");
        Xapian::docid id = writable_of(db).replace_document(str(unique_term, term_len), doc->doc);
        if (docid) *docid = id;
    });
}

cxapian_status_t cxapian_database_delete_document(cxapian_database_t *db, uint32_t docid,
                                                  cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).delete_document(docid);
    });
}

cxapian_status_t cxapian_database_delete_document_by_term(cxapian_database_t *db, const char *unique_term,
                                                          size_t term_len, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).delete_document(str(unique_term, term_len));
    });
}

cxapian_status_t cxapian_database_commit(cxapian_database_t *db, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).commit();
    });
}

cxapian_status_t cxapian_database_begin_transaction(cxapian_database_t *db, int flushed,
                                                    cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).begin_transaction(flushed != 0);
    });
}

cxapian_status_t cxapian_database_commit_transaction(cxapian_database_t *db, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).commit_transaction();
    });
}

cxapian_status_t cxapian_database_cancel_transaction(cxapian_database_t *db, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).cancel_transaction();
    });
}

cxapian_status_t cxapian_database_set_metadata(cxapian_database_t *db, const char *key, size_t key_len,
                                               const char *value, size_t value_len, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).set_metadata(str(key, key_len), str(value, value_len));
    });
}

cxapian_status_t cxapian_database_add_spelling(cxapian_database_t *db, const char *word, size_t word_len,
                                               uint32_t freqinc, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).add_spelling(str(word, word_len), freqinc);
    });
}

cxapian_status_t cxapian_database_remove_spelling(cxapian_database_t *db, const char *word, size_t word_len,
                                                  uint32_t freqdec, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).remove_spelling(str(word, word_len), freqdec);
    });
}

cxapian_status_t cxapian_database_add_synonym(cxapian_database_t *db, const char *term, size_t term_len,
                                              const char *synonym, size_t synonym_len, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).add_synonym(str(term, term_len), str(synonym, synonym_len));
    });
}

cxapian_status_t cxapian_database_remove_synonym(cxapian_database_t *db, const char *term, size_t term_len,
                                                 const char *synonym, size_t synonym_len, cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).remove_synonym(str(term, term_len), str(synonym, synonym_len));
    });
}

cxapian_status_t cxapian_database_clear_synonyms(cxapian_database_t *db, const char *term, size_t term_len,
                                                 cxapian_error_t **error) {
    return guard(error, [&] {
        writable_of(db).clear_synonyms(str(term, term_len));
    });
}

} // extern "C"
