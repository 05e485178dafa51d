// Query rewriting that Xapian 1.4 lacks: stemmed phrases.
#include "cxapian-private.h"

#include <algorithm>
#include <set>

using namespace cxapian;

namespace {

// The term prefix of a term: its leading capital letters (Xapian's convention).
size_t prefix_length(const std::string &term) {
    size_t n = 0;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') ++n;
    return n;
}

// Whether a query of operator `op` can be made again from its subqueries
// alone. Operators with a parameter the 1.4 API does not expose (NEAR's
// window, ELITE_SET's size, SCALE_WEIGHT's factor) cannot; phrases are
// handled apart (the parser's are tight: their window is their length).
bool rebuildable(Xapian::Query::op op) {
    switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        return true;
    default:
        return false;
    }
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

// stem_variants, remembered by a read-only handle (whose vocabulary stays
// put until it reopens) and worked out afresh for a writable one.
std::vector<std::string> remembered_variants(const std::string &term, cxapian_database &handle,
                                             const Xapian::Stem &stem, unsigned max_variants) {
    if (handle.writable) return stem_variants(term, *handle.db, stem, max_variants);
    std::string key = stem.get_description() + '\0' + std::to_string(max_variants) + '\0' + term;
    {
        std::lock_guard<std::mutex> lock(handle.variants_mutex);
        auto found = handle.variants.find(key);
        if (found != handle.variants.end()) return found->second;
    }
    auto variants = stem_variants(term, *handle.db, stem, max_variants);
    std::lock_guard<std::mutex> lock(handle.variants_mutex);
    if (handle.variants.size() >= 10000) handle.variants.clear();
    handle.variants.emplace(std::move(key), variants);
    return variants;
}

Xapian::Query rewrite(const Xapian::Query &query, bool in_phrase, cxapian_database &db,
                      const Xapian::Stem &stem, unsigned max_variants, bool &changed) {
    auto op = query.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        if (!in_phrase) return query;
        auto it = query.get_terms_begin();
        if (it == query.get_terms_end()) return query;
        auto variants = remembered_variants(*it, db, stem, max_variants);
        if (variants.size() == 1) return query;
        changed = true;
        std::vector<Xapian::Query> leaves;
        for (auto &v : variants) leaves.emplace_back(v);
        return Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end());
    }
    size_t n = query.get_num_subqueries();
    if (n == 0) return query;
    bool phrase = op == Xapian::Query::OP_PHRASE;
    if (!phrase && !rebuildable(op)) return query;
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

// The words a phrase's part stands for: an unprefixed term, or an OR of
// them (a word widened to its stem's forms). Empty for anything else.
std::vector<std::string> part_words(const Xapian::Query &part) {
    std::vector<std::string> words;
    auto leaf = [&](const Xapian::Query &q) {
        if (q.get_type() != Xapian::Query::LEAF_TERM) return false;
        auto it = q.get_terms_begin();
        if (it == q.get_terms_end()) return false;
        std::string term = *it;
        if (term.empty() || prefix_length(term) != 0) return false;
        words.push_back(std::move(term));
        return true;
    };
    if (part.get_type() == Xapian::Query::OP_OR) {
        for (size_t i = 0; i < part.get_num_subqueries(); ++i)
            if (!leaf(part.get_subquery(i))) return {};
    } else if (!leaf(part)) {
        return {};
    }
    return words;
}

// The filter of two neighbouring parts of a phrase: the OR of their pairs.
// False when the index has no pairs of them to filter by.
bool pair_filter(const std::vector<std::string> &first, const std::vector<std::string> &second,
                 const cxapian_word_pairs &pairs, unsigned max_pairs, Xapian::Query &out) {
    if (first.size() * second.size() > max_pairs) return false;
    for (auto &word : first)
        if (pairs.skips(word)) return false;
    for (auto &word : second)
        if (pairs.skips(word)) return false;
    std::vector<Xapian::Query> terms;
    for (auto &a : first)
        for (auto &b : second) {
            std::string pair = pairs.prefix + a + " " + b;
            // The indexer leaves such a pair out.
            if (pair.size() + static_cast<size_t>(std::count(pair.begin(), pair.end(), '\0')) > 240) return false;
            terms.emplace_back(pair);
        }
    out = terms.size() == 1 ? terms[0] : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    return true;
}

Xapian::Query with_pairs(const Xapian::Query &query, const cxapian_word_pairs &pairs, unsigned max_pairs,
                         bool weightless, bool &changed) {
    auto op = query.get_type();
    size_t n = query.get_num_subqueries();
    if (n == 0) return query;
    if (op == Xapian::Query::OP_PHRASE) {
        // (The parser's phrases are tight: their window is their length.)
        std::vector<std::vector<std::string>> words;
        for (size_t i = 0; i < n; ++i) {
            words.push_back(part_words(query.get_subquery(i)));
            if (words.back().empty()) return query;
        }
        std::vector<Xapian::Query> filters;
        for (size_t i = 0; i + 1 < n; ++i) {
            Xapian::Query filter;
            if (pair_filter(words[i], words[i + 1], pairs, max_pairs, filter)) filters.push_back(filter);
        }
        if (filters.empty()) return query;
        changed = true;
        Xapian::Query filter =
            filters.size() == 1 ? filters[0] : Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
        if (n > 2) return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
        // Two words: the pair is the phrase (an article with the pair has
        // both words). Xapian weighs a phrase as this AND.
        if (weightless) return filter;
        Xapian::Query both(Xapian::Query::OP_AND, query.get_subquery(0), query.get_subquery(1));
        return Xapian::Query(Xapian::Query::OP_FILTER, both, filter);
    }
    if (!rebuildable(op)) return query;
    bool sub_changed = false;
    std::vector<Xapian::Query> subs;
    subs.reserve(n);
    for (size_t i = 0; i < n; ++i) subs.push_back(with_pairs(query.get_subquery(i), pairs, max_pairs, weightless, sub_changed));
    if (!sub_changed) return query;
    changed = true;
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
        Xapian::Query result = rewrite(query->query, false, *db, stem->stem, max_variants, changed);
        *out = new cxapian_query{std::move(result)};
    });
}

cxapian_status_t cxapian_word_pairs_new(const char *prefix, size_t prefix_len, cxapian_word_pairs_t **out,
                                        cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        *out = new cxapian_word_pairs{str(prefix, prefix_len), {}};
    });
}

void cxapian_word_pairs_free(cxapian_word_pairs_t *pairs) { delete pairs; }

cxapian_status_t cxapian_word_pairs_skip(cxapian_word_pairs_t *pairs, const char *word, size_t word_len,
                                         cxapian_error_t **error) {
    return guard(error, [&] {
        require(pairs, "word pairs");
        pairs->skipped.insert(str(word, word_len));
    });
}

cxapian_status_t cxapian_query_phrase_pairs(cxapian_query_t *query, cxapian_word_pairs_t *pairs, uint32_t max_pairs,
                                            int weightless, cxapian_query_t **out, int *out_changed,
                                            cxapian_error_t **error) {
    if (out) *out = nullptr;
    if (out_changed) *out_changed = 0;
    return guard(error, [&] {
        require(query, "query");
        require(pairs, "word pairs");
        require(out, "out");
        bool changed = false;
        Xapian::Query result = with_pairs(query->query, *pairs, max_pairs, weightless != 0, changed);
        *out = new cxapian_query{std::move(result)};
        if (out_changed) *out_changed = changed ? 1 : 0;
    });
}

} // extern "C"
