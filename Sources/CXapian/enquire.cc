// Enquire, MSet, RSet and ESet.
#include "cxapian-private.h"

using namespace cxapian;

static_assert(int(CXAPIAN_DOCID_ASCENDING) == int(Xapian::Enquire::ASCENDING), "docid order");
static_assert(int(CXAPIAN_DOCID_DESCENDING) == int(Xapian::Enquire::DESCENDING), "docid order");
static_assert(int(CXAPIAN_DOCID_DONT_CARE) == int(Xapian::Enquire::DONT_CARE), "docid order");
static_assert(int(CXAPIAN_ESET_INCLUDE_QUERY_TERMS) == int(Xapian::Enquire::INCLUDE_QUERY_TERMS), "eset flag");
static_assert(int(CXAPIAN_ESET_USE_EXACT_TERMFREQ) == int(Xapian::Enquire::USE_EXACT_TERMFREQ), "eset flag");
static_assert(int(CXAPIAN_SNIPPET_BACKGROUND_MODEL) == int(Xapian::MSet::SNIPPET_BACKGROUND_MODEL), "snippet flag");
static_assert(int(CXAPIAN_SNIPPET_EXHAUSTIVE) == int(Xapian::MSet::SNIPPET_EXHAUSTIVE), "snippet flag");
static_assert(int(CXAPIAN_SNIPPET_EMPTY_WITHOUT_MATCH) == int(Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH), "snippet flag");
static_assert(int(CXAPIAN_SNIPPET_CJK_NGRAM) == int(Xapian::MSet::SNIPPET_CJK_NGRAM), "snippet flag");

namespace {

Xapian::Enquire &enquire_of(cxapian_enquire_t *enquire) {
    require(enquire, "enquire");
    return enquire->enquire;
}

Xapian::MSet &mset_of(cxapian_mset_t *mset) {
    require(mset, "mset");
    return mset->mset;
}

Xapian::MSetIterator hit_at(Xapian::MSet &mset, uint32_t index) {
    if (index >= mset.size())
        throw Xapian::RangeError("hit " + std::to_string(index) + " is out of range (size " +
                                 std::to_string(mset.size()) + ")");
    return mset[index];
}

// Accepts terms with a given prefix and, optionally, only unprefixed terms
// (Xapian's convention: prefixes are capital letters).
class TermFilter : public Xapian::ExpandDecider {
    std::string prefix;
    bool unprefixed_only;

  public:
    TermFilter(std::string prefix_, bool unprefixed_only_)
        : prefix(std::move(prefix_)), unprefixed_only(unprefixed_only_) {}

    bool operator()(const std::string &term) const override {
        if (term.compare(0, prefix.size(), prefix) != 0) return false;
        if (unprefixed_only && term.size() > prefix.size()) {
            unsigned char c = static_cast<unsigned char>(term[prefix.size()]);
            if (c >= 'A' && c <= 'Z') return false;
        }
        return true;
    }
};

// Accepts the documents numbered after `last` (of the one database matched).
class AfterDocument : public Xapian::MatchDecider {
    Xapian::docid last;

  public:
    explicit AfterDocument(Xapian::docid last_) : last(last_) {}
    bool operator()(const Xapian::Document &doc) const override { return doc.get_docid() > last; }
};

} // namespace

extern "C" {

// MARK: - Enquire

cxapian_status_t cxapian_enquire_new(cxapian_database_t *db, cxapian_enquire_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(db, "database");
        require(out, "out");
        *out = new cxapian_enquire{Xapian::Enquire(*db->db)};
    });
}

void cxapian_enquire_free(cxapian_enquire_t *enquire) { delete enquire; }

cxapian_status_t cxapian_enquire_set_query(cxapian_enquire_t *enquire, cxapian_query_t *query, uint32_t query_len,
                                           cxapian_error_t **error) {
    return guard(error, [&] {
        require(query, "query");
        enquire_of(enquire).set_query(query->query, query_len);
    });
}

cxapian_status_t cxapian_enquire_set_weighting_bm25(cxapian_enquire_t *enquire, double k1, double k2, double k3,
                                                    double b, double min_normlen, cxapian_error_t **error) {
    return guard(error, [&] {
        enquire_of(enquire).set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    });
}

cxapian_status_t cxapian_enquire_set_weighting_bool(cxapian_enquire_t *enquire, cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).set_weighting_scheme(Xapian::BoolWeight()); });
}

cxapian_status_t cxapian_enquire_set_sort_by_relevance(cxapian_enquire_t *enquire, cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).set_sort_by_relevance(); });
}

cxapian_status_t cxapian_enquire_set_sort_by_value(cxapian_enquire_t *enquire, uint32_t slot, int reverse,
                                                   cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).set_sort_by_value(slot, reverse != 0); });
}

cxapian_status_t cxapian_enquire_set_sort_by_value_then_relevance(cxapian_enquire_t *enquire, uint32_t slot,
                                                                  int reverse, cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).set_sort_by_value_then_relevance(slot, reverse != 0); });
}

cxapian_status_t cxapian_enquire_set_sort_by_relevance_then_value(cxapian_enquire_t *enquire, uint32_t slot,
                                                                  int reverse, cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).set_sort_by_relevance_then_value(slot, reverse != 0); });
}

cxapian_status_t cxapian_enquire_set_docid_order(cxapian_enquire_t *enquire, int order, cxapian_error_t **error) {
    return guard(error, [&] {
        if (order < CXAPIAN_DOCID_DESCENDING || order > CXAPIAN_DOCID_DONT_CARE)
            throw Xapian::InvalidArgumentError("unknown docid order " + std::to_string(order));
        enquire_of(enquire).set_docid_order(static_cast<Xapian::Enquire::docid_order>(order));
    });
}

cxapian_status_t cxapian_enquire_set_collapse_key(cxapian_enquire_t *enquire, uint32_t slot, uint32_t collapse_max,
                                                  cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).set_collapse_key(slot, collapse_max); });
}

cxapian_status_t cxapian_enquire_set_cutoff(cxapian_enquire_t *enquire, int percent, double weight,
                                            cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).set_cutoff(percent, weight); });
}

cxapian_status_t cxapian_enquire_add_matchspy(cxapian_enquire_t *enquire, cxapian_matchspy_t *spy,
                                              cxapian_error_t **error) {
    return guard(error, [&] {
        require(spy, "match spy");
        enquire_of(enquire).add_matchspy(spy->spy);
    });
}

cxapian_status_t cxapian_enquire_clear_matchspies(cxapian_enquire_t *enquire, cxapian_error_t **error) {
    return guard(error, [&] { enquire_of(enquire).clear_matchspies(); });
}

cxapian_status_t cxapian_enquire_get_mset(cxapian_enquire_t *enquire, uint32_t first, uint32_t max_items,
                                          uint32_t check_at_least, cxapian_rset_t *rset, cxapian_mset_t **out,
                                          cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto handle = std::make_unique<cxapian_mset>();
        handle->mset = enquire_of(enquire).get_mset(first, max_items, check_at_least, rset ? &rset->rset : nullptr);
        *out = handle.release();
    });
}

cxapian_status_t cxapian_enquire_get_mset_after(cxapian_enquire_t *enquire, uint32_t after, uint32_t max_items,
                                                cxapian_mset_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        AfterDocument decider(after);
        auto handle = std::make_unique<cxapian_mset>();
        handle->mset = enquire_of(enquire).get_mset(0, max_items, 0, nullptr, &decider);
        *out = handle.release();
    });
}

cxapian_status_t cxapian_enquire_get_eset(cxapian_enquire_t *enquire, uint32_t max_items, cxapian_rset_t *rset,
                                          unsigned flags, const char *prefix, size_t prefix_len,
                                          cxapian_eset_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(rset, "rset");
        require(out, "out");
        TermFilter filter(str(prefix, prefix_len), (flags & CXAPIAN_ESET_UNPREFIXED_ONLY) != 0);
        int xapian_flags = static_cast<int>(flags & (CXAPIAN_ESET_INCLUDE_QUERY_TERMS | CXAPIAN_ESET_USE_EXACT_TERMFREQ));
        auto handle = std::make_unique<cxapian_eset>();
        handle->eset = enquire_of(enquire).get_eset(max_items, rset->rset, xapian_flags, &filter);
        *out = handle.release();
    });
}

cxapian_status_t cxapian_enquire_matching_terms(cxapian_enquire_t *enquire, uint32_t docid,
                                                cxapian_termiterator_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto &e = enquire_of(enquire);
        *out = snapshot(e.get_matching_terms_begin(docid), e.get_matching_terms_end(docid), freq_kind::none);
    });
}

// MARK: - RSet

cxapian_status_t cxapian_rset_new(cxapian_rset_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        *out = new cxapian_rset();
    });
}

void cxapian_rset_free(cxapian_rset_t *rset) { delete rset; }

cxapian_status_t cxapian_rset_add_document(cxapian_rset_t *rset, uint32_t docid, cxapian_error_t **error) {
    return guard(error, [&] {
        require(rset, "rset");
        rset->rset.add_document(docid);
    });
}

cxapian_status_t cxapian_rset_size(cxapian_rset_t *rset, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(rset, "rset");
        require(out, "out");
        *out = rset->rset.size();
    });
}

// MARK: - MSet

void cxapian_mset_free(cxapian_mset_t *mset) { delete mset; }

cxapian_status_t cxapian_mset_size(cxapian_mset_t *mset, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = mset_of(mset).size();
    });
}

cxapian_status_t cxapian_mset_get_firstitem(cxapian_mset_t *mset, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = mset_of(mset).get_firstitem();
    });
}

cxapian_status_t cxapian_mset_get_matches(cxapian_mset_t *mset, uint32_t *lower, uint32_t *estimated,
                                          uint32_t *upper, cxapian_error_t **error) {
    return guard(error, [&] {
        auto &m = mset_of(mset);
        if (lower) *lower = m.get_matches_lower_bound();
        if (estimated) *estimated = m.get_matches_estimated();
        if (upper) *upper = m.get_matches_upper_bound();
    });
}

cxapian_status_t cxapian_mset_get_max_possible(cxapian_mset_t *mset, double *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = mset_of(mset).get_max_possible();
    });
}

cxapian_status_t cxapian_mset_get_max_attained(cxapian_mset_t *mset, double *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = mset_of(mset).get_max_attained();
    });
}

cxapian_status_t cxapian_mset_get_termfreq(cxapian_mset_t *mset, const char *term, size_t term_len, uint32_t *out,
                                           cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = mset_of(mset).get_termfreq(str(term, term_len));
    });
}

cxapian_status_t cxapian_mset_get_hit(cxapian_mset_t *mset, uint32_t index, cxapian_hit_t *out,
                                      cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        auto it = hit_at(mset_of(mset), index);
        out->docid = *it;
        out->rank = it.get_rank();
        out->weight = it.get_weight();
        out->percent = it.get_percent();
        out->collapse_count = it.get_collapse_count();
    });
}

cxapian_status_t cxapian_mset_get_document(cxapian_mset_t *mset, uint32_t index, cxapian_document_t **out,
                                           cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto it = hit_at(mset_of(mset), index);
        auto handle = std::make_unique<cxapian_document>();
        handle->doc = it.get_document();
        *out = handle.release();
    });
}

cxapian_status_t cxapian_mset_get_collapse_key(cxapian_mset_t *mset, uint32_t index, char **out, size_t *out_len,
                                               cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(hit_at(mset_of(mset), index).get_collapse_key(), out, out_len); });
}

cxapian_status_t cxapian_mset_fetch(cxapian_mset_t *mset, cxapian_error_t **error) {
    return guard(error, [&] {
        // Not MSet::fetch(): in Xapian 1.4.22 it dereferences a null pointer
        // when the MSet does not start at the first hit (offset > 0).
        auto &m = mset_of(mset);
        if (!m.empty()) m.fetch(m.begin(), m.end());
    });
}

cxapian_status_t cxapian_mset_snippet(cxapian_mset_t *mset, const char *text, size_t text_len, size_t length,
                                      cxapian_stem_t *stem, unsigned flags, const char *hi_start,
                                      const char *hi_end, const char *omit, char **out, size_t *out_len,
                                      cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        Xapian::Stem stemmer = stem ? stem->stem : Xapian::Stem();
        std::string s = mset_of(mset).snippet(str(text, text_len), length, stemmer, flags,
                                              hi_start ? hi_start : "", hi_end ? hi_end : "", omit ? omit : "");
        out_string(s, out, out_len);
    });
}

// MARK: - ESet

void cxapian_eset_free(cxapian_eset_t *eset) { delete eset; }

cxapian_status_t cxapian_eset_size(cxapian_eset_t *eset, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(eset, "eset");
        require(out, "out");
        *out = eset->eset.size();
    });
}

cxapian_status_t cxapian_eset_get(cxapian_eset_t *eset, uint32_t index, char **term, size_t *term_len,
                                  double *weight, cxapian_error_t **error) {
    if (term) *term = nullptr;
    return guard(error, [&] {
        require(eset, "eset");
        if (index >= eset->eset.size())
            throw Xapian::RangeError("term " + std::to_string(index) + " is out of range (size " +
                                     std::to_string(eset->eset.size()) + ")");
        Xapian::ESetIterator it = eset->eset[index];
        out_string(*it, term, term_len);
        if (weight) *weight = it.get_weight();
    });
}

} // extern "C"
