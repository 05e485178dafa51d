// Query rewriting and posting sources that Xapian 1.4 lacks: stemmed phrases
// and a recency weight read from a date value.
#include "cxapian-private.h"

#include <cmath>
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

// Weight from a `YYYYMMDD` value: `max_weight` for `reference` (and later),
// halving every `half_life` days before it; 0 without a date.
class DateDecaySource : public Xapian::ValuePostingSource {
    long reference_days;
    double half_life;
    double max_weight;

  public:
    DateDecaySource(Xapian::valueno slot, long reference_days_, double half_life_, double max_weight_)
        : Xapian::ValuePostingSource(slot), reference_days(reference_days_), half_life(half_life_),
          max_weight(max_weight_) {}

    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static long days_from_civil(long y, unsigned m, unsigned d) {
        y -= m <= 2;
        const long era = (y >= 0 ? y : y - 399) / 400;
        const unsigned yoe = static_cast<unsigned>(y - era * 400);
        const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + static_cast<long>(doe) - 719468;
    }

    static bool parse(const std::string &v, long &days) {
        if (v.size() != 8) return false;
        for (char c : v)
            if (c < '0' || c > '9') return false;
        long y = std::stol(v.substr(0, 4));
        unsigned m = static_cast<unsigned>(std::stoul(v.substr(4, 2)));
        unsigned d = static_cast<unsigned>(std::stoul(v.substr(6, 2)));
        if (m < 1 || m > 12 || d < 1 || d > 31) return false;
        days = days_from_civil(y, m, d);
        return true;
    }

    double get_weight() const override {
        long days;
        if (!parse(get_value(), days)) return 0;
        double age = static_cast<double>(reference_days - days);
        if (age <= 0) return max_weight;
        return max_weight * std::exp2(-age / half_life);
    }

    void init(const Xapian::Database &db) override {
        Xapian::ValuePostingSource::init(db);
        set_maxweight(max_weight);
    }

    DateDecaySource *clone() const override {
        return new DateDecaySource(get_slot(), reference_days, half_life, max_weight);
    }

    std::string name() const override { return "dossier.DateDecaySource"; }

    std::string get_description() const override {
        return "DateDecaySource(slot " + std::to_string(get_slot()) + ", half-life " + std::to_string(half_life) +
               " days, max " + std::to_string(max_weight) + ")";
    }
};

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

cxapian_status_t cxapian_query_new_date_decay(uint32_t slot, const char *reference, size_t reference_len,
                                              double half_life_days, double max_weight, cxapian_query_t **out,
                                              cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        long days;
        if (!DateDecaySource::parse(str(reference, reference_len), days))
            throw Xapian::InvalidArgumentError("date decay: the reference date must be YYYYMMDD");
        if (!(half_life_days > 0)) throw Xapian::InvalidArgumentError("date decay: the half-life must be positive");
        if (!(max_weight >= 0)) throw Xapian::InvalidArgumentError("date decay: the weight must not be negative");
        auto *source = new DateDecaySource(slot, days, half_life_days, max_weight);
        *out = new cxapian_query{Xapian::Query(source->release())};
    });
}

} // extern "C"
