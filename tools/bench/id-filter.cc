// What restricting a match to a stretch of document ids costs Xapian's
// matcher (how Dossier splits a ranking over the cores): for each query, the
// best of five get_mset(0, 20) with BM25 (k1 1.2, b 0.75) on the whole index,
// filtered to every id (the filter's own cost), and filtered to each half of
// the ids. Queries are parsed as tools/bench/reference-search.py parses them.
// Built and run by tools/bench/split-costs.sh.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace {

// Every id in first..last, weightless (as Dossier's DocidRangeSource).
class Stretch : public Xapian::PostingSource {
    Xapian::docid first, last, at = 0;

  public:
    Stretch(Xapian::docid first_, Xapian::docid last_) : first(first_), last(last_) {}
    void init(const Xapian::Database &) override { at = 0; }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return last - first + 1; }
    Xapian::doccount get_termfreq_max() const override { return last - first + 1; }
    void next(double) override { at = at == 0 ? first : at + 1; }
    void skip_to(Xapian::docid did, double) override { at = std::max({at, did, first}); }
    bool check(Xapian::docid did, double) override {
        at = std::max(did, first);
        return true;
    }
    bool at_end() const override { return at > last; }
    Xapian::docid get_docid() const override { return at; }
    Stretch *clone() const override { return new Stretch(first, last); }
};

double best_ms(const Xapian::Database &db, const Xapian::Query &query) {
    double best = 1e9;
    for (int round = 0; round < 5; ++round) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
        auto start = std::chrono::steady_clock::now();
        enquire.get_mset(0, 20, 20);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

Xapian::Query within(const Xapian::Query &query, Xapian::docid first, Xapian::docid last) {
    return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query((new Stretch(first, last))->release()));
}

} // namespace

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: id-filter INDEX QUERY...\n");
        return 2;
    }
    Xapian::Database db(argv[1]);
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    parser.set_default_op(Xapian::Query::OP_AND);
    const Xapian::docid last = db.get_lastdocid(), middle = last / 2;
    std::printf("%-28s %10s %10s %10s %10s %10s %12s\n", "query", "postings", "whole ms", "filtered", "half 1",
                "half 2", "filter ns");
    for (int i = 2; i < argc; ++i) {
        Xapian::Query query = parser.parse_query(argv[i]);
        const double whole = best_ms(db, query), filtered = best_ms(db, within(query, 1, last));
        const double first = best_ms(db, within(query, 1, middle)), second = best_ms(db, within(query, middle + 1, last));
        // A one-word query: the filter's cost per posting of its word.
        Xapian::doccount postings = 0;
        if (query.get_length() == 1) postings = db.get_termfreq(*query.get_terms_begin());
        std::printf("%-28s %10u %10.2f %10.2f %10.2f %10.2f", argv[i], postings, whole, filtered, first, second);
        if (postings) std::printf(" %12.1f", (filtered - whole) * 1e6 / postings);
        std::printf("\n");
    }
    return 0;
}
