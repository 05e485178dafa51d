// Query rewriting that Xapian 1.4 lacks: stemmed phrases.
#include "cxapian-private.h"

#include <set>

using namespace cxapian;

namespace {

// The term prefix of a term: its leading capital letters (Xapian's convention).
size_t prefix_length(const std::string &term) {
    size_t n = 0;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') ++n;
    return n;
}

// The terms of `db` that stem like the word of `term` (same prefix), the term
// itself first; at most `max_variants` terms, scanning a bounded stretch of
// the vocabulary.
std::vector<std::string> stem_variants(const std::string &term, const Xapian::Database &db,
                                       const Xapian::Stem &stem, unsigned max_variants) {
    std::vector<std::string> out{term};
    size_t p = prefix_length(term);
    std::string word = term.substr(p);
    if (word.size() < 3 || max_variants <= 1) return out;
    std::string stemmed = stem(word);
    // A stem differs from its words in the last letter at most ("happi",
    // "rate" from "rating"): scan the words that share all but that letter.
    size_t shared = std::max<size_t>(2, std::min(stemmed.size(), word.size()) - 1);
    std::string start = term.substr(0, p) + word.substr(0, shared);
    unsigned scanned = 0;
    for (auto it = db.allterms_begin(start); it != db.allterms_end(start); ++it) {
        if (++scanned > 20000) break;
        std::string candidate = *it;
        if (candidate == term) continue;
        if (stem(candidate.substr(p)) != stemmed) continue;
        out.push_back(candidate);
        if (out.size() >= max_variants) break;
    }
    return out;
}

Xapian::Query rewrite(const Xapian::Query &query, bool in_phrase, const Xapian::Database &db,
                      const Xapian::Stem &stem, unsigned max_variants, bool &changed) {
    auto op = query.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        if (!in_phrase) return query;
        auto it = query.get_terms_begin();
        if (it == query.get_terms_end()) return query;
        auto variants = stem_variants(*it, db, stem, max_variants);
        if (variants.size() == 1) return query;
        changed = true;
        std::vector<Xapian::Query> leaves;
        for (auto &v : variants) leaves.emplace_back(v);
        return Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end());
    }
    size_t n = query.get_num_subqueries();
    if (n == 0) return query;
    bool phrase = op == Xapian::Query::OP_PHRASE;
    switch (op) {
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        break;
    default:
        // Operators with a parameter the 1.4 API does not expose (NEAR's
        // window, ELITE_SET's size, SCALE_WEIGHT's factor) stay as they are.
        return query;
    }
    bool sub_changed = false;
    std::vector<Xapian::Query> subs;
    subs.reserve(n);
    for (size_t i = 0; i < n; ++i)
        subs.push_back(rewrite(query.get_subquery(i), phrase, db, stem, max_variants, sub_changed));
    if (!sub_changed) return query;
    changed = true;
    // A phrase's window defaults to its number of subqueries, as the parser's does.
    return Xapian::Query(op, subs.begin(), subs.end());
}

} // namespace

extern "C" {

cxapian_status_t cxapian_query_stem_phrases(cxapian_query_t *query, cxapian_database_t *db, cxapian_stem_t *stem,
                                            uint32_t max_variants, cxapian_query_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(query, "query");
        require(db, "database");
        require(stem, "stemmer");
        require(out, "out");
        bool changed = false;
        Xapian::Query result = rewrite(query->query, false, *db->db, stem->stem, max_variants, changed);
        *out = new cxapian_query{std::move(result)};
    });
}

} // extern "C"
