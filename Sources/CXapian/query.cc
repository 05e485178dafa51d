// Query and QueryParser.
#include "cxapian-private.h"

using namespace cxapian;

static_assert(int(CXAPIAN_OP_AND) == int(Xapian::Query::OP_AND), "op");
static_assert(int(CXAPIAN_OP_OR) == int(Xapian::Query::OP_OR), "op");
static_assert(int(CXAPIAN_OP_AND_NOT) == int(Xapian::Query::OP_AND_NOT), "op");
static_assert(int(CXAPIAN_OP_XOR) == int(Xapian::Query::OP_XOR), "op");
static_assert(int(CXAPIAN_OP_AND_MAYBE) == int(Xapian::Query::OP_AND_MAYBE), "op");
static_assert(int(CXAPIAN_OP_FILTER) == int(Xapian::Query::OP_FILTER), "op");
static_assert(int(CXAPIAN_OP_NEAR) == int(Xapian::Query::OP_NEAR), "op");
static_assert(int(CXAPIAN_OP_PHRASE) == int(Xapian::Query::OP_PHRASE), "op");
static_assert(int(CXAPIAN_OP_VALUE_RANGE) == int(Xapian::Query::OP_VALUE_RANGE), "op");
static_assert(int(CXAPIAN_OP_SCALE_WEIGHT) == int(Xapian::Query::OP_SCALE_WEIGHT), "op");
static_assert(int(CXAPIAN_OP_ELITE_SET) == int(Xapian::Query::OP_ELITE_SET), "op");
static_assert(int(CXAPIAN_OP_VALUE_GE) == int(Xapian::Query::OP_VALUE_GE), "op");
static_assert(int(CXAPIAN_OP_VALUE_LE) == int(Xapian::Query::OP_VALUE_LE), "op");
static_assert(int(CXAPIAN_OP_SYNONYM) == int(Xapian::Query::OP_SYNONYM), "op");
static_assert(int(CXAPIAN_OP_MAX) == int(Xapian::Query::OP_MAX), "op");
static_assert(int(CXAPIAN_OP_WILDCARD) == int(Xapian::Query::OP_WILDCARD), "op");
static_assert(int(CXAPIAN_OP_INVALID) == int(Xapian::Query::OP_INVALID), "op");
static_assert(int(CXAPIAN_WILDCARD_LIMIT_ERROR) == int(Xapian::Query::WILDCARD_LIMIT_ERROR), "wildcard limit");
static_assert(int(CXAPIAN_WILDCARD_LIMIT_FIRST) == int(Xapian::Query::WILDCARD_LIMIT_FIRST), "wildcard limit");
static_assert(int(CXAPIAN_WILDCARD_LIMIT_MOST_FREQUENT) == int(Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT), "wildcard limit");
static_assert(int(CXAPIAN_QP_FLAG_BOOLEAN) == int(Xapian::QueryParser::FLAG_BOOLEAN), "flag");
static_assert(int(CXAPIAN_QP_FLAG_PHRASE) == int(Xapian::QueryParser::FLAG_PHRASE), "flag");
static_assert(int(CXAPIAN_QP_FLAG_LOVEHATE) == int(Xapian::QueryParser::FLAG_LOVEHATE), "flag");
static_assert(int(CXAPIAN_QP_FLAG_BOOLEAN_ANY_CASE) == int(Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE), "flag");
static_assert(int(CXAPIAN_QP_FLAG_WILDCARD) == int(Xapian::QueryParser::FLAG_WILDCARD), "flag");
static_assert(int(CXAPIAN_QP_FLAG_PURE_NOT) == int(Xapian::QueryParser::FLAG_PURE_NOT), "flag");
static_assert(int(CXAPIAN_QP_FLAG_PARTIAL) == int(Xapian::QueryParser::FLAG_PARTIAL), "flag");
static_assert(int(CXAPIAN_QP_FLAG_SPELLING_CORRECTION) == int(Xapian::QueryParser::FLAG_SPELLING_CORRECTION), "flag");
static_assert(int(CXAPIAN_QP_FLAG_SYNONYM) == int(Xapian::QueryParser::FLAG_SYNONYM), "flag");
static_assert(int(CXAPIAN_QP_FLAG_AUTO_SYNONYMS) == int(Xapian::QueryParser::FLAG_AUTO_SYNONYMS), "flag");
static_assert(int(CXAPIAN_QP_FLAG_AUTO_MULTIWORD_SYNONYMS) == int(Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS), "flag");
static_assert(int(CXAPIAN_QP_FLAG_CJK_NGRAM) == int(Xapian::QueryParser::FLAG_CJK_NGRAM), "flag");
static_assert(int(CXAPIAN_QP_FLAG_ACCUMULATE) == int(Xapian::QueryParser::FLAG_ACCUMULATE), "flag");
static_assert(int(CXAPIAN_QP_FLAG_NO_POSITIONS) == int(Xapian::QueryParser::FLAG_NO_POSITIONS), "flag");
static_assert(int(CXAPIAN_QP_FLAG_DEFAULT) == int(Xapian::QueryParser::FLAG_DEFAULT), "flag");
static_assert(int(CXAPIAN_RP_SUFFIX) == int(Xapian::RP_SUFFIX), "range flag");
static_assert(int(CXAPIAN_RP_REPEATED) == int(Xapian::RP_REPEATED), "range flag");
static_assert(int(CXAPIAN_RP_DATE_PREFER_MDY) == int(Xapian::RP_DATE_PREFER_MDY), "range flag");

namespace {

Xapian::QueryParser &qp_of(cxapian_queryparser_t *qp) {
    require(qp, "query parser");
    return qp->qp;
}

void out_query(Xapian::Query query, cxapian_query_t **out) {
    require(out, "out");
    *out = new cxapian_query{std::move(query)};
}

} // namespace

extern "C" {

// MARK: - Query

void cxapian_query_free(cxapian_query_t *query) { delete query; }

cxapian_status_t cxapian_query_new_term(const char *term, size_t term_len, uint32_t wqf, uint32_t position,
                                        cxapian_query_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_query(Xapian::Query(str(term, term_len), wqf, position), out); });
}

cxapian_status_t cxapian_query_new_match_all(cxapian_query_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    // A query of its own, not a copy of Xapian::Query::MatchAll: copies
    // share that one static object, whose reference count is not atomic, so
    // copies made on two threads at once (two searches, or the threads of
    // one count) would corrupt it.
    return guard(error, [&] { out_query(Xapian::Query(std::string()), out); });
}

cxapian_status_t cxapian_query_new_match_nothing(cxapian_query_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_query(Xapian::Query::MatchNothing, out); });
}

cxapian_status_t cxapian_query_new_combine(int op, cxapian_query_t *const *subqueries, size_t count,
                                           uint32_t parameter, cxapian_query_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        switch (op) {
        case CXAPIAN_OP_AND: case CXAPIAN_OP_OR: case CXAPIAN_OP_AND_NOT: case CXAPIAN_OP_XOR:
        case CXAPIAN_OP_AND_MAYBE: case CXAPIAN_OP_FILTER: case CXAPIAN_OP_NEAR: case CXAPIAN_OP_PHRASE:
        case CXAPIAN_OP_ELITE_SET: case CXAPIAN_OP_SYNONYM: case CXAPIAN_OP_MAX:
            break;
        default:
            throw Xapian::InvalidArgumentError("operator " + std::to_string(op) + " does not combine subqueries");
        }
        if (count) require(subqueries, "subqueries");
        std::vector<Xapian::Query> subs;
        subs.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            require(subqueries[i], "subquery");
            subs.push_back(subqueries[i]->query);
        }
        out_query(Xapian::Query(static_cast<Xapian::Query::op>(op), subs.begin(), subs.end(), parameter), out);
    });
}

cxapian_status_t cxapian_query_new_scale_weight(cxapian_query_t *subquery, double factor, cxapian_query_t **out,
                                                cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(subquery, "subquery");
        out_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, subquery->query, factor), out);
    });
}

cxapian_status_t cxapian_query_new_value_range(int op, uint32_t slot, const char *begin, size_t begin_len,
                                               const char *end, size_t end_len, cxapian_query_t **out,
                                               cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        switch (op) {
        case CXAPIAN_OP_VALUE_RANGE:
            out_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, str(begin, begin_len), str(end, end_len)),
                      out);
            break;
        case CXAPIAN_OP_VALUE_GE:
            out_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, str(begin, begin_len)), out);
            break;
        case CXAPIAN_OP_VALUE_LE:
            out_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, str(end, end_len)), out);
            break;
        default:
            throw Xapian::InvalidArgumentError("operator " + std::to_string(op) + " is not a value range");
        }
    });
}

cxapian_status_t cxapian_query_new_wildcard(const char *pattern, size_t pattern_len, uint32_t max_expansion,
                                            int limit_behaviour, cxapian_query_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        out_query(Xapian::Query(Xapian::Query::OP_WILDCARD, str(pattern, pattern_len), max_expansion,
                                limit_behaviour),
                  out);
    });
}

cxapian_status_t cxapian_query_new_value_map(uint32_t slot, const char *keys, const size_t *key_lengths,
                                            const double *weights, size_t count, double default_weight,
                                            cxapian_query_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        if (count > 0) {
            require(keys, "keys");
            require(key_lengths, "key lengths");
            require(weights, "weights");
        }
        if (!(default_weight >= 0)) throw Xapian::InvalidArgumentError("value map: weights must not be negative");
        auto source = std::make_unique<Xapian::ValueMapPostingSource>(slot);
        size_t offset = 0;
        for (size_t i = 0; i < count; ++i) {
            if (!(weights[i] >= 0)) throw Xapian::InvalidArgumentError("value map: weights must not be negative");
            source->add_mapping(std::string(keys + offset, key_lengths[i]), weights[i]);
            offset += key_lengths[i];
        }
        source->set_default_weight(default_weight);
        out_query(Xapian::Query(source.release()->release()), out);
    });
}

cxapian_status_t cxapian_query_get_description(cxapian_query_t *query, char **out, size_t *out_len,
                                               cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(query, "query");
        out_string(query->query.get_description(), out, out_len);
    });
}

cxapian_status_t cxapian_query_is_empty(cxapian_query_t *query, int *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(query, "query");
        require(out, "out");
        *out = query->query.empty() ? 1 : 0;
    });
}

cxapian_status_t cxapian_query_terms(cxapian_query_t *query, cxapian_termiterator_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(query, "query");
        require(out, "out");
        *out = snapshot(query->query.get_unique_terms_begin(), query->query.get_terms_end(), freq_kind::none);
    });
}

// MARK: - QueryParser

cxapian_status_t cxapian_queryparser_new(cxapian_queryparser_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        *out = new cxapian_queryparser();
    });
}

void cxapian_queryparser_free(cxapian_queryparser_t *qp) { delete qp; }

cxapian_status_t cxapian_queryparser_set_stemmer(cxapian_queryparser_t *qp, cxapian_stem_t *stem,
                                                 cxapian_error_t **error) {
    return guard(error, [&] {
        require(stem, "stemmer");
        qp_of(qp).set_stemmer(stem->stem);
    });
}

cxapian_status_t cxapian_queryparser_set_stemming_strategy(cxapian_queryparser_t *qp, int strategy,
                                                           cxapian_error_t **error) {
    return guard(error, [&] {
        if (strategy < CXAPIAN_STEM_NONE || strategy > CXAPIAN_STEM_SOME_FULL_POS)
            throw Xapian::InvalidArgumentError("unknown stemming strategy " + std::to_string(strategy));
        qp_of(qp).set_stemming_strategy(static_cast<Xapian::QueryParser::stem_strategy>(strategy));
    });
}

cxapian_status_t cxapian_queryparser_set_stopper(cxapian_queryparser_t *qp, cxapian_stopper_t *stopper,
                                                 cxapian_error_t **error) {
    return guard(error, [&] { qp_of(qp).set_stopper(stopper ? &stopper->stopper : nullptr); });
}

cxapian_status_t cxapian_queryparser_set_default_op(cxapian_queryparser_t *qp, int op, cxapian_error_t **error) {
    return guard(error, [&] {
        switch (op) {
        case CXAPIAN_OP_AND: case CXAPIAN_OP_OR: case CXAPIAN_OP_NEAR: case CXAPIAN_OP_PHRASE:
        case CXAPIAN_OP_ELITE_SET: case CXAPIAN_OP_SYNONYM: case CXAPIAN_OP_MAX:
            qp_of(qp).set_default_op(static_cast<Xapian::Query::op>(op));
            break;
        default:
            throw Xapian::InvalidArgumentError("operator " + std::to_string(op) + " cannot be the default operator");
        }
    });
}

cxapian_status_t cxapian_queryparser_set_database(cxapian_queryparser_t *qp, cxapian_database_t *db,
                                                  cxapian_error_t **error) {
    return guard(error, [&] {
        require(db, "database");
        qp_of(qp).set_database(*db->db);
    });
}

cxapian_status_t cxapian_queryparser_set_max_expansion(cxapian_queryparser_t *qp, uint32_t max_expansion,
                                                       int limit_behaviour, unsigned flags,
                                                       cxapian_error_t **error) {
    return guard(error, [&] { qp_of(qp).set_max_expansion(max_expansion, limit_behaviour, flags); });
}

cxapian_status_t cxapian_queryparser_add_prefix(cxapian_queryparser_t *qp, const char *field, size_t field_len,
                                                const char *prefix, size_t prefix_len, cxapian_error_t **error) {
    return guard(error, [&] { qp_of(qp).add_prefix(str(field, field_len), str(prefix, prefix_len)); });
}

cxapian_status_t cxapian_queryparser_add_boolean_prefix(cxapian_queryparser_t *qp, const char *field,
                                                        size_t field_len, const char *prefix, size_t prefix_len,
                                                        const char *grouping, size_t grouping_len,
                                                        cxapian_error_t **error) {
    return guard(error, [&] {
        if (grouping) {
            std::string group = str(grouping, grouping_len);
            qp_of(qp).add_boolean_prefix(str(field, field_len), str(prefix, prefix_len), &group);
        } else {
            qp_of(qp).add_boolean_prefix(str(field, field_len), str(prefix, prefix_len));
        }
    });
}

cxapian_status_t cxapian_queryparser_add_date_range(cxapian_queryparser_t *qp, uint32_t slot, const char *str_,
                                                    size_t str_len, unsigned flags, int epoch_year,
                                                    cxapian_error_t **error) {
    return guard(error, [&] {
        auto &parser = qp_of(qp);
        parser.add_rangeprocessor(
            (new Xapian::DateRangeProcessor(slot, str(str_, str_len), flags, epoch_year))->release());
    });
}

cxapian_status_t cxapian_queryparser_add_number_range(cxapian_queryparser_t *qp, uint32_t slot, const char *str_,
                                                      size_t str_len, unsigned flags, cxapian_error_t **error) {
    return guard(error, [&] {
        auto &parser = qp_of(qp);
        parser.add_rangeprocessor((new Xapian::NumberRangeProcessor(slot, str(str_, str_len), flags))->release());
    });
}

cxapian_status_t cxapian_queryparser_add_string_range(cxapian_queryparser_t *qp, uint32_t slot, const char *str_,
                                                      size_t str_len, unsigned flags, cxapian_error_t **error) {
    return guard(error, [&] {
        auto &parser = qp_of(qp);
        parser.add_rangeprocessor((new Xapian::RangeProcessor(slot, str(str_, str_len), flags))->release());
    });
}

cxapian_status_t cxapian_queryparser_parse_query(cxapian_queryparser_t *qp, const char *query, size_t query_len,
                                                 unsigned flags, const char *default_prefix,
                                                 size_t default_prefix_len, cxapian_query_t **out,
                                                 cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        Xapian::Query parsed =
            qp_of(qp).parse_query(str(query, query_len), flags, str(default_prefix, default_prefix_len));
        out_query(std::move(parsed), out);
    });
}

cxapian_status_t cxapian_queryparser_get_corrected_query_string(cxapian_queryparser_t *qp, char **out,
                                                                size_t *out_len, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(qp_of(qp).get_corrected_query_string(), out, out_len); });
}

cxapian_status_t cxapian_queryparser_stoplist(cxapian_queryparser_t *qp, cxapian_termiterator_t **out,
                                              cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto &parser = qp_of(qp);
        *out = snapshot(parser.stoplist_begin(), parser.stoplist_end(), freq_kind::none);
    });
}

cxapian_status_t cxapian_queryparser_unstem(cxapian_queryparser_t *qp, const char *term, size_t term_len,
                                            cxapian_termiterator_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto &parser = qp_of(qp);
        std::string t = str(term, term_len);
        *out = snapshot(parser.unstem_begin(t), parser.unstem_end(t), freq_kind::none);
    });
}

} // extern "C"
