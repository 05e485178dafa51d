// Match spies: Xapian's ValueCountMatchSpy, and a spy for multi-valued slots.
#include "cxapian-private.h"

#include "facetcolumn.h"
#include "flatcounts.h"
#include "valuelist.h"

#include <algorithm>
#include <exception>
#include <unordered_map>
#include <map>
#include <thread>

using namespace cxapian;

namespace {

// Xapian::ValueCountMatchSpy with a uniform way to read its counts.
class ValueCountSpy : public Xapian::ValueCountMatchSpy, public cxapian_spy_results {
  public:
    explicit ValueCountSpy(Xapian::valueno slot) : Xapian::ValueCountMatchSpy(slot) {}

    Xapian::doccount total() const override { return get_total(); }

    std::vector<std::pair<std::string, Xapian::doccount>> values() const override {
        std::vector<std::pair<std::string, Xapian::doccount>> result;
        for (auto it = values_begin(); it != values_end(); ++it) result.emplace_back(*it, it.get_termfreq());
        return result;
    }
};

std::string encode_count(Xapian::doccount n) {
    std::string s;
    pack_value(s, std::to_string(n));
    return s;
}

// Counts each distinct value of the packed lists in one slot. Serialisable,
// so a remote server that registers it (the stock xapian-tcpsrv does not)
// can run it; local shards need nothing more.
class MultiValueCountSpy : public Xapian::MatchSpy, public cxapian_spy_results {
    Xapian::valueno slot;
    Xapian::doccount seen = 0;
    uint32_t document = 0; // numbers the documents this spy has seen, for FlatCounts::add_once
    FlatCounts counts;
    std::vector<Xapian::docid> *ids = nullptr; // if not null, gets the id of each match

  public:
    explicit MultiValueCountSpy(Xapian::valueno slot_, std::vector<Xapian::docid> *ids_ = nullptr)
        : slot(slot_), ids(ids_) {}

    void operator()(const Xapian::Document &doc, double) override {
        ++seen;
        if (ids) ids->push_back(doc.get_docid());
        const std::string packed = doc.get_value(slot);
        if (++document == 0) document = 1;
        unpack_values(packed, [&](const char *p, size_t len) { counts.add_once(p, len, document); });
    }

    Xapian::MatchSpy *clone() const override { return new MultiValueCountSpy(slot); }
    std::string name() const override { return "CXapian::MultiValueCountMatchSpy"; }
    std::string serialise() const override { return encode_count(slot); }

    Xapian::MatchSpy *unserialise(const std::string &serialised, const Xapian::Registry &) const override {
        Xapian::valueno s = 0;
        unpack_values(serialised, [&](const char *p, size_t len) { s = std::stoul(std::string(p, len)); });
        return new MultiValueCountSpy(s);
    }

    std::string serialise_results() const override {
        std::string out = encode_count(seen);
        counts.each([&](const std::string &value, uint64_t count) {
            pack_value(out, value);
            pack_value(out, std::to_string(count));
        });
        return out;
    }

    void merge_results(const std::string &serialised) override {
        std::vector<std::string> parts;
        unpack_values(serialised, [&](const char *p, size_t len) { parts.emplace_back(p, len); });
        if (parts.empty() || parts.size() % 2 == 0) throw Xapian::SerialisationError("bad match spy results");
        seen += std::stoul(parts[0]);
        for (size_t i = 1; i + 1 < parts.size(); i += 2) counts.add(parts[i], std::stoull(parts[i + 1]));
    }

    std::string get_description() const override {
        return "CXapian::MultiValueCountMatchSpy(" + std::to_string(slot) + ")";
    }

    Xapian::doccount total() const override { return seen; }

    // Adds this spy's counts into `into`.
    void add_to(std::unordered_map<std::string, Xapian::doccount> &into) const {
        counts.each([&](const std::string &value, uint64_t count) { into[value] += count; });
    }

    std::vector<std::pair<std::string, Xapian::doccount>> values() const override {
        std::vector<std::pair<std::string, Xapian::doccount>> out;
        counts.each([&](const std::string &value, uint64_t count) { out.emplace_back(value, count); });
        std::sort(out.begin(), out.end());
        return out;
    }
};

// The documents with ids in [first, last], weightless: as the filter of a
// query, it restricts matching to that stretch of the database, so that
// threads can count parts of one database side by side. Local only (it is
// not registered with any remote server, and needs none).
class DocidRangeSource : public Xapian::PostingSource {
    Xapian::docid first, last, current = 0;

  public:
    DocidRangeSource(Xapian::docid first_, Xapian::docid last_) : first(first_), last(last_) {}

    void init(const Xapian::Database &) override { current = 0; }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return last - first + 1; }
    Xapian::doccount get_termfreq_max() const override { return last - first + 1; }
    void next(double) override { current = current == 0 ? first : current + 1; }
    void skip_to(Xapian::docid did, double) override {
        if (current == 0) current = first;
        if (did > current) current = did;
    }
    bool check(Xapian::docid did, double) override {
        current = std::max(did, first);
        return true;
    }
    bool at_end() const override { return current > last; }
    Xapian::docid get_docid() const override { return current; }
    double get_weight() const override { return 0; }
    DocidRangeSource *clone() const override { return new DocidRangeSource(first, last); }
    std::string get_description() const override {
        return "DocidRangeSource(" + std::to_string(first) + ".." + std::to_string(last) + ")";
    }
};

// Counts the packed values of each match from the facet column of one
// database: an array read and an increment per value. Local only, never
// serialised. (Xapian hands a spy each document with its id in its own
// sub-database, so a spy can only serve one: shards are counted one by one.)
class ColumnCountSpy : public Xapian::MatchSpy {
    const FacetColumn &column;
    std::vector<Xapian::doccount> counts; // by code
    Xapian::doccount seen = 0;
    std::vector<Xapian::docid> *ids; // if not null, gets the id of each match

  public:
    ColumnCountSpy(const FacetColumn &column_, std::vector<Xapian::docid> *ids_)
        : column(column_), counts(column_.dictionary.size(), 0), ids(ids_) {}

    void operator()(const Xapian::Document &doc, double) override { count(doc.get_docid()); }

    // Counts match `did` (also for a walk of posting lists, without the matcher).
    void count(Xapian::docid did) {
        ++seen;
        if (ids) ids->push_back(did);
        // Cannot happen at the column's own revision; fail rather than miscount.
        if (did == 0 || did > column.last) throw Xapian::DatabaseCorruptError("facet column is shorter than its database");
        for (uint32_t i = column.end(did - 1), end = column.end(did); i < end; ++i) ++counts[column.code(i)];
    }

    Xapian::MatchSpy *clone() const override { return new ColumnCountSpy(column, nullptr); }
    std::string name() const override { return "CXapian::ColumnCountSpy"; }

    Xapian::doccount total() const { return seen; }

    void add_to(std::unordered_map<std::string, Xapian::doccount> &into) const {
        for (size_t code = 0; code < counts.size(); ++code)
            if (counts[code]) into[column.dictionary[code]] += counts[code];
    }
};

// Records the id of each match (a weightless pass over one database).
class IdSpy : public Xapian::MatchSpy {
    std::vector<Xapian::docid> &ids;

  public:
    explicit IdSpy(std::vector<Xapian::docid> &ids_) : ids(ids_) {}
    void operator()(const Xapian::Document &doc, double) override { ids.push_back(doc.get_docid()); }
};

// The parts' ids (each part a later stretch of ids than the one before) as one sorted list.
std::shared_ptr<const std::vector<Xapian::docid>> merged_ids(std::vector<std::vector<Xapian::docid>> &parts) {
    auto ids = std::make_shared<std::vector<Xapian::docid>>();
    size_t size = 0;
    for (auto &part : parts) size += part.size();
    ids->reserve(size);
    for (auto &part : parts) ids->insert(ids->end(), part.begin(), part.end());
    if (!std::is_sorted(ids->begin(), ids->end())) std::sort(ids->begin(), ids->end());
    return ids;
}

// The parts' ids as one set.
cxapian_matchset *match_set(std::vector<std::vector<Xapian::docid>> &parts) {
    auto set = std::make_unique<cxapian_matchset>();
    set->ids = merged_ids(parts);
    return set.release();
}

// The documents of a sorted list of ids, weightless. Local only.
class DocidSetSource : public Xapian::PostingSource {
    std::shared_ptr<const std::vector<Xapian::docid>> ids;
    size_t at = 0;
    bool started = false;

  public:
    explicit DocidSetSource(std::shared_ptr<const std::vector<Xapian::docid>> ids_) : ids(std::move(ids_)) {}

    void init(const Xapian::Database &) override {
        at = 0;
        started = false;
    }
    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(ids->size()); }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids->size()); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids->size()); }
    void next(double) override {
        if (started) ++at;
        started = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started = true;
        at = static_cast<size_t>(std::lower_bound(ids->begin() + at, ids->end(), did) - ids->begin());
    }
    bool at_end() const override { return started && at >= ids->size(); }
    Xapian::docid get_docid() const override { return (*ids)[at]; }
    double get_weight() const override { return 0; }
    DocidSetSource *clone() const override { return new DocidSetSource(ids); }
    std::string get_description() const override {
        return "DocidSetSource(" + std::to_string(ids->size()) + " documents)";
    }
    // Serialised (as the gaps between ids, 7 bits a byte) only to hand a
    // query to another thread of this process: see Split.
    std::string name() const override { return "CXapian::DocidSetSource"; }
    std::string serialise() const override {
        std::string out;
        Xapian::docid previous = 0;
        for (Xapian::docid id : *ids) {
            Xapian::docid gap = id - previous;
            previous = id;
            while (gap >= 0x80) {
                out.push_back(static_cast<char>(0x80 | (gap & 0x7f)));
                gap >>= 7;
            }
            out.push_back(static_cast<char>(gap));
        }
        return out;
    }
    DocidSetSource *unserialise(const std::string &bytes) const override {
        auto out = std::make_shared<std::vector<Xapian::docid>>();
        Xapian::docid previous = 0, gap = 0;
        unsigned shift = 0;
        for (unsigned char byte : bytes) {
            if (shift >= 32) throw Xapian::SerialisationError("DocidSetSource: bad id");
            gap |= Xapian::docid(byte & 0x7f) << shift;
            if (byte & 0x80) {
                shift += 7;
                continue;
            }
            previous += gap;
            out->push_back(previous);
            gap = 0;
            shift = 0;
        }
        if (shift != 0) throw Xapian::SerialisationError("DocidSetSource: truncated");
        return new DocidSetSource(std::move(out));
    }
};

// What a thread of this process needs to unserialise a query Split hands it:
// Xapian's own classes and the document set.
Xapian::Registry local_registry() {
    Xapian::Registry registry;
    DocidSetSource prototype(std::make_shared<std::vector<Xapian::docid>>());
    registry.register_posting_source(prototype);
    return registry;
}

// How many leading subqueries of an `op` query of `n` every match of it
// matches: all of AND and FILTER, the first of AND_MAYBE and AND_NOT, and
// none of anything else.
size_t required_subqueries(Xapian::Query::op op, size_t n) {
    switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
        return n;
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_AND_NOT:
        return std::min<size_t>(1, n);
    default:
        return 0;
    }
}

// The AND of a phrase's parts: how Xapian 1.4 weights the phrase.
Xapian::Query and_of_parts(const Xapian::Query &phrase) {
    std::vector<Xapian::Query> parts;
    for (size_t i = 0; i < phrase.get_num_subqueries(); ++i) parts.push_back(phrase.get_subquery(i));
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

// Xapian's bounds on the matches of `query` on `db` from term frequencies
// alone (a weightless MSet of no documents).
std::pair<Xapian::doccount, Xapian::doccount> weightless_bounds(const Xapian::Database &db,
                                                                const Xapian::Query &query) {
    Xapian::Enquire probe(db);
    probe.set_query(query);
    probe.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet bounds = probe.get_mset(0, 0, Xapian::doccount(0));
    return {bounds.get_matches_lower_bound(), bounds.get_matches_upper_bound()};
}

// `query` with each phrase that every match must contain made the AND of its
// subqueries (Xapian 1.4 weights a phrase as that AND). Only operators whose
// every match matches the subquery are walked into: AND and FILTER (all
// subqueries), AND_MAYBE and AND_NOT (the first).
Xapian::Query relax_phrases(const Xapian::Query &query, bool &changed) {
    const auto op = query.get_type();
    const size_t n = query.get_num_subqueries();
    if (op == Xapian::Query::OP_PHRASE) {
        changed = true;
        return and_of_parts(query);
    }
    const size_t walk = required_subqueries(op, n);
    if (walk == 0) return query;
    bool sub_changed = false;
    std::vector<Xapian::Query> subs;
    for (size_t i = 0; i < n; ++i)
        subs.push_back(i < walk ? relax_phrases(query.get_subquery(i), sub_changed) : query.get_subquery(i));
    if (!sub_changed) return query;
    changed = true;
    return Xapian::Query(op, subs.begin(), subs.end());
}

// A weightless count of the matches of `query` on `db`, checking at least
// `check` of them; with `collect`, the ids of those seen.
struct MatchCount {
    Xapian::doccount lower = 0;
    bool exact = false; // `lower` is every match
    bool every = true;  // every match was seen (ids complete)
    std::vector<Xapian::docid> ids;
};

MatchCount count_one(Xapian::Database &db, const Xapian::Query &query, Xapian::doccount check, bool collect) {
    MatchCount out;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    IdSpy spy(out.ids);
    if (collect) enquire.add_matchspy(&spy);
    Xapian::MSet mset = enquire.get_mset(0, 0, check);
    out.lower = mset.get_matches_lower_bound();
    // Fewer matches than it had to check: the matcher saw them all.
    out.exact = out.lower == mset.get_matches_upper_bound() || out.lower < check;
    out.every = collect && out.ids.size() == out.lower;
    return out;
}

// The matches of a query of terms and boolean operators, found by walking
// the terms' posting lists directly, without Xapian's matcher: what a facet
// pass over a local database with a facet column needs (every match's id,
// no weight). Xapian's matcher costs about 100 ns a match even weightless,
// and its spies get a Document object made for each; a posting list walks
// at a fraction of that. Queries with anything else (phrases, value ranges,
// wildcards, posting sources, weight-dependent operators) are not walked:
// `Walk::of` returns null and the matcher counts them.
class Walk {
  public:
    virtual ~Walk() = default;
    // The first match at or after `did` (0: none). Calls come with `did`
    // never decreasing.
    virtual Xapian::docid skip_to(Xapian::docid did) = 0;

    static std::unique_ptr<Walk> of(const Xapian::Query &query, const Xapian::Database &db);
};

class TermWalk : public Walk {
    Xapian::PostingIterator it, end;

  public:
    TermWalk(const Xapian::Database &db, const std::string &term)
        : it(db.postlist_begin(term)), end(db.postlist_end(term)) {}
    Xapian::docid skip_to(Xapian::docid did) override {
        if (it == end) return 0;
        if (*it < did) it.skip_to(did);
        return it == end ? 0 : *it;
    }
};

class NothingWalk : public Walk {
  public:
    Xapian::docid skip_to(Xapian::docid) override { return 0; }
};

class AndWalk : public Walk {
    std::vector<std::unique_ptr<Walk>> parts;

  public:
    explicit AndWalk(std::vector<std::unique_ptr<Walk>> parts_) : parts(std::move(parts_)) {}
    Xapian::docid skip_to(Xapian::docid did) override {
        // Leapfrog: a candidate is a match once every part agrees on it.
        size_t agreed = 0;
        for (size_t i = 0; agreed < parts.size(); i = (i + 1) % parts.size()) {
            const Xapian::docid found = parts[i]->skip_to(did);
            if (found == 0) return 0;
            if (found == did) {
                ++agreed;
            } else {
                did = found;
                agreed = 1;
            }
        }
        return did;
    }
};

// Parts walked side by side (OR, XOR).
class MergeWalk : public Walk {
    std::vector<std::unique_ptr<Walk>> parts;
    std::vector<Xapian::docid> at; // each part's current match; 0: none yet
    std::vector<bool> ended;

  protected:
    // Moves every part to its first match at or after `did`: the lowest of
    // them (0: none), and in `in` how many parts are at it.
    Xapian::docid advance(Xapian::docid did, size_t &in) {
        Xapian::docid best = 0;
        in = 0;
        for (size_t i = 0; i < parts.size(); ++i) {
            if (ended[i]) continue;
            if (at[i] < did) {
                at[i] = parts[i]->skip_to(did);
                if (at[i] == 0) {
                    ended[i] = true;
                    continue;
                }
            }
            if (best == 0 || at[i] < best) {
                best = at[i];
                in = 1;
            } else if (at[i] == best) {
                ++in;
            }
        }
        return best;
    }

  public:
    explicit MergeWalk(std::vector<std::unique_ptr<Walk>> parts_)
        : parts(std::move(parts_)), at(parts.size(), 0), ended(parts.size(), false) {}
};

class OrWalk : public MergeWalk {
  public:
    using MergeWalk::MergeWalk;
    Xapian::docid skip_to(Xapian::docid did) override {
        size_t in;
        return advance(did, in);
    }
};

class XorWalk : public MergeWalk {
  public:
    using MergeWalk::MergeWalk;
    Xapian::docid skip_to(Xapian::docid did) override {
        // A match is in an odd number of the parts.
        while (true) {
            size_t in;
            const Xapian::docid best = advance(did, in);
            if (best == 0 || in % 2 == 1) return best;
            did = best + 1;
        }
    }
};

class AndNotWalk : public Walk {
    std::unique_ptr<Walk> left, right;
    Xapian::docid right_at = 0;
    bool right_ended = false;

  public:
    AndNotWalk(std::unique_ptr<Walk> left_, std::unique_ptr<Walk> right_)
        : left(std::move(left_)), right(std::move(right_)) {}
    Xapian::docid skip_to(Xapian::docid did) override {
        while (true) {
            const Xapian::docid found = left->skip_to(did);
            if (found == 0) return 0;
            if (!right_ended && right_at < found) {
                right_at = right->skip_to(found);
                if (right_at == 0) right_ended = true;
            }
            if (right_ended || right_at != found) return found;
            did = found + 1;
        }
    }
};

std::unique_ptr<Walk> Walk::of(const Xapian::Query &query, const Xapian::Database &db) {
    const auto op = query.get_type();
    const size_t n = query.get_num_subqueries();
    auto parts = [&](size_t from, size_t to, std::vector<std::unique_ptr<Walk>> &out) {
        for (size_t i = from; i < to; ++i) {
            auto part = of(query.get_subquery(i), db);
            if (!part) return false;
            out.push_back(std::move(part));
        }
        return true;
    };
    std::vector<std::unique_ptr<Walk>> walks;
    switch (op) {
    case Xapian::Query::LEAF_TERM: {
        auto it = query.get_terms_begin();
        if (it == query.get_terms_end()) return nullptr;
        return std::make_unique<TermWalk>(db, *it);
    }
    case Xapian::Query::LEAF_MATCH_ALL:
        return std::make_unique<TermWalk>(db, std::string());
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return std::make_unique<NothingWalk>();
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
        if (n == 0 || !parts(0, n, walks)) return nullptr;
        return walks.size() == 1 ? std::move(walks[0]) : std::make_unique<AndWalk>(std::move(walks));
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
        if (n == 0 || !parts(0, n, walks)) return nullptr;
        return walks.size() == 1 ? std::move(walks[0]) : std::make_unique<OrWalk>(std::move(walks));
    case Xapian::Query::OP_XOR:
        if (n == 0 || !parts(0, n, walks)) return nullptr;
        return walks.size() == 1 ? std::move(walks[0]) : std::make_unique<XorWalk>(std::move(walks));
    case Xapian::Query::OP_AND_NOT: {
        if (n == 0 || !parts(0, n, walks)) return nullptr;
        if (walks.size() == 1) return std::move(walks[0]);
        auto left = std::move(walks[0]);
        std::vector<std::unique_ptr<Walk>> rest;
        for (size_t i = 1; i < walks.size(); ++i) rest.push_back(std::move(walks[i]));
        std::unique_ptr<Walk> right =
            rest.size() == 1 ? std::move(rest[0]) : std::make_unique<OrWalk>(std::move(rest));
        return std::make_unique<AndNotWalk>(std::move(left), std::move(right));
    }
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
        // The matches of the first subquery (the others only weigh).
        if (n == 0 || !parts(0, 1, walks)) return nullptr;
        return std::move(walks[0]);
    default:
        return nullptr;
    }
}

// One thread's share of a count: the matches of `query` among the documents
// whose ids within their own sub-database of `db` are first..last, counted
// from `columns` (one per sub-database) when given, else by a
// MultiValueCountSpy on `slot`.
struct CountPart {
    std::unordered_map<std::string, Xapian::doccount> counts;
    Xapian::doccount matches = 0;
};

void count_part(Xapian::Database &db, const Xapian::Query &query, const Xapian::Query &unrestricted,
                Xapian::docid first, Xapian::docid upto, Xapian::valueno slot,
                const std::vector<std::shared_ptr<const FacetColumn>> &columns, CountPart &out,
                std::vector<Xapian::docid> *ids) {
    if (!columns.empty()) {
        for (size_t k = 0; k < columns.size(); ++k) {
            Xapian::Database sub(db.internal[k].get());
            const FacetColumn &column = *columns[k];
            // Walked from the posting lists when the query allows it.
            if (auto walk = Walk::of(unrestricted, sub)) {
                ColumnCountSpy tally(column, ids);
                // (Stops at the column's last id: did + 1 cannot overflow.)
                const Xapian::docid last = std::min(upto, column.last);
                for (Xapian::docid did = walk->skip_to(std::max<Xapian::docid>(first, 1)); did != 0 && did <= upto;
                     did = did == last ? 0 : walk->skip_to(did + 1))
                    tally.count(did);
                out.matches += tally.total();
                tally.add_to(out.counts);
                continue;
            }
            Xapian::Enquire enquire(sub);
            enquire.set_query(query);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            ColumnCountSpy spy(column, ids);
            enquire.add_matchspy(&spy);
            enquire.get_mset(0, 0, sub.get_doccount());
            out.matches += spy.total();
            spy.add_to(out.counts);
        }
    } else {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        MultiValueCountSpy spy(slot, ids);
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, db.get_doccount());
        out.matches = spy.total();
        spy.add_to(out.counts);
    }
}

// How a weightless pass over every match of a query is shared between
// threads: `threads` handles (dbs[0..threads)), thread i taking the i-th
// stretch of document ids. One thread when few documents may match: threads
// would cost more than they save.
struct Split {
    Xapian::Query query;
    size_t threads;
    Xapian::docid last;
    // Xapian's bounds on the matches from term frequencies alone.
    std::pair<Xapian::doccount, Xapian::doccount> estimate;
    // Each thread builds its own copy of the query from this (Query objects
    // share reference-counted internals, which threads must not share).
    std::string serialised;

    // `bounded`: `estimate` is wanted whatever the number of threads;
    // otherwise it is probed only to decide them (then, with one handle or
    // fewer documents than `parallel_from`, it is not probed and is
    // {0, the document count}).
    Split(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *q, uint32_t parallel_from, bool bounded) {
        require(dbs, "databases");
        require(q, "query");
        if (db_count == 0) throw Xapian::InvalidArgumentError("count: no database");
        for (size_t i = 0; i < db_count; ++i) require(dbs[i], "database");
        query = q->query;
        Xapian::Database &main = *dbs[0]->db;
        const Xapian::doccount documents = main.get_doccount();
        if (bounded || (db_count > 1 && documents >= parallel_from)) {
            estimate = weightless_bounds(main, query);
        } else {
            estimate = {0, documents};
        }
        threads = db_count > 1 && estimate.second >= parallel_from ? db_count : 1;
        if (threads > 1) serialised = query.serialise();
        last = last_id(main);
    }

    // The highest id within any one sub-database of `db` (ids interleave across them).
    static Xapian::docid last_id(const Xapian::Database &db) {
        const size_t subs = std::max<size_t>(1, db.internal.size());
        return static_cast<Xapian::docid>((db.get_lastdocid() + subs - 1) / subs);
    }

    // The stretch of ids first..upto (within each sub-database) that part i
    // of `parts` takes of the ids 1..last.
    static std::pair<Xapian::docid, Xapian::docid> stretch(size_t i, size_t parts, Xapian::docid last) {
        const Xapian::docid step = last / parts + 1;
        const Xapian::docid first = static_cast<Xapian::docid>(i * step + 1);
        const Xapian::docid upto = i + 1 == parts ? last : static_cast<Xapian::docid>((i + 1) * step);
        return {first, upto};
    }

    // `query` restricted to the ids first..upto within each sub-database (a
    // posting source runs in each on its own ids, so every document falls in
    // one stretch).
    static Xapian::Query restricted(const Xapian::Query &query, std::pair<Xapian::docid, Xapian::docid> ids) {
        return Xapian::Query(Xapian::Query::OP_FILTER, query,
                             Xapian::Query((new DocidRangeSource(ids.first, ids.second))->release()));
    }

    // Whether every handle sees one and the same database at the same
    // revision, so that the ids each part sees make one set for dbs[0].
    static bool one_database(cxapian_database_t **dbs, size_t threads) {
        std::string uuid;
        Xapian::rev revision = 0;
        for (size_t i = 0; i < threads; ++i) {
            const Xapian::Database &db = *dbs[i]->db;
            if (db.internal.size() != 1) return false;
            try {
                if (i == 0) {
                    uuid = db.get_uuid();
                    revision = db.get_revision();
                } else if (db.get_uuid() != uuid || db.get_revision() != revision) {
                    return false;
                }
            } catch (const Xapian::Error &) {
                return false;
            }
        }
        return true;
    }

    // Calls body(i, handle, query, unrestricted, first, upto) for each part,
    // on threads when more than one: `query` is the part's (restricted to ids
    // first...upto within each sub-database), `unrestricted` the part's own
    // copy of the whole query. Rethrows the first part's failure.
    template <typename Body> void run(cxapian_database_t **dbs, Body &&body) const {
        std::vector<std::exception_ptr> failures(threads);
        auto part = [&](size_t i) {
            try {
                if (threads == 1) {
                    body(i, *dbs[i]->db, query, query, Xapian::docid(1), Xapian::docid(-1));
                    return;
                }
                const auto ids = stretch(i, threads, last);
                Xapian::Query own = Xapian::Query::unserialise(serialised, local_registry());
                body(i, *dbs[i]->db, restricted(own, ids), own, ids.first, ids.second);
            } catch (...) {
                failures[i] = std::current_exception();
            }
        };
        if (threads == 1) {
            part(0);
        } else {
            std::vector<std::thread> workers;
            for (size_t i = 0; i < threads; ++i) workers.emplace_back(part, i);
            for (auto &worker : workers) worker.join();
        }
        for (auto &failure : failures)
            if (failure) std::rethrow_exception(failure);
    }
};

// Phrases matched ahead of the passes that would each read their positions
// again (see cxapian_query_settle_phrases).
class PhraseSettler {
    cxapian_database_t **dbs;
    size_t db_count;
    uint32_t parallel_from;
    // The matches of each phrase settled so far, by its serialised query.
    std::map<std::string, std::shared_ptr<const std::vector<Xapian::docid>>> settled;

    // The phrase of `query`: a phrase, or a phrase filtered (by its word pairs).
    static bool phrase_of(const Xapian::Query &query, Xapian::Query &phrase) {
        auto op = query.get_type();
        if (op == Xapian::Query::OP_PHRASE) {
            phrase = query;
            return true;
        }
        if (op == Xapian::Query::OP_FILTER && query.get_num_subqueries() == 2 &&
            query.get_subquery(0).get_type() == Xapian::Query::OP_PHRASE) {
            phrase = query.get_subquery(0);
            return true;
        }
        return false;
    }

    // Whether the handles are one database at one revision (asked once).
    int one_database = -1;

    // Every match of `query`, weightless, split between the handles; null
    // when they are not one database at one revision.
    std::shared_ptr<const std::vector<Xapian::docid>> matches(const Xapian::Query &query) {
        if (one_database < 0) one_database = Split::one_database(dbs, db_count) ? 1 : 0;
        if (!one_database) return nullptr;
        std::string key = query.serialise();
        auto found = settled.find(key);
        if (found != settled.end()) return found->second;
        cxapian_query whole{query};
        const Split split(dbs, db_count, &whole, parallel_from, false);
        const Xapian::doccount all = std::max<Xapian::doccount>(1, dbs[0]->db->get_doccount());
        std::vector<std::vector<Xapian::docid>> parts(split.threads);
        split.run(dbs, [&](size_t i, Xapian::Database &db, const Xapian::Query &part, const Xapian::Query &,
                           Xapian::docid, Xapian::docid) { parts[i] = count_one(db, part, all, true).ids; });
        auto ids = merged_ids(parts);
        settled.emplace(std::move(key), ids);
        return ids;
    }

  public:
    PhraseSettler(cxapian_database_t **dbs_, size_t db_count_, uint32_t parallel_from_)
        : dbs(dbs_), db_count(db_count_), parallel_from(parallel_from_) {}

    // `query` with its phrases settled where `required` is false (not every
    // match of the whole need match them). Operators whose every match
    // matches a subquery (AND, FILTER; the first of AND_MAYBE and AND_NOT)
    // pass `required` on; OR, XOR and MAX (which weigh a match as the sum or
    // the greatest of their subqueries' weights, so that the AND weighs as
    // the phrase did) clear it. Anything else is left alone: SYNONYM, whose
    // weight depends on a phrase's wdf (not an AND's), and the right side of
    // AND_MAYBE and AND_NOT, whose phrases are checked only where the left
    // matches.
    //
    // `context`: queries every document that `query` decides anything for
    // matches: the caller's filter, and the other subqueries of each AND and
    // FILTER on the way down. Outside them an AND above fails whatever the
    // phrase does, so the phrase is matched within them only, and the
    // settled form equals it wherever it counts.
    Xapian::Query settle(const Xapian::Query &query, bool required, const std::vector<Xapian::Query> &context,
                         bool &changed) {
        Xapian::Query phrase;
        if (!required && phrase_of(query, phrase)) {
            std::vector<Xapian::Query> within{query};
            within.insert(within.end(), context.begin(), context.end());
            auto ids = matches(within.size() == 1 ? query
                                                  : Xapian::Query(Xapian::Query::OP_FILTER, within.begin(),
                                                                  within.end()));
            if (!ids) return query;
            changed = true;
            return Xapian::Query(Xapian::Query::OP_FILTER, and_of_parts(phrase),
                                 Xapian::Query((new DocidSetSource(std::move(ids)))->release()));
        }
        const auto op = query.get_type();
        const size_t n = query.get_num_subqueries();
        size_t walk = required_subqueries(op, n);
        bool inner = required;
        if (op == Xapian::Query::OP_OR || op == Xapian::Query::OP_XOR || op == Xapian::Query::OP_MAX) {
            walk = n;
            inner = false;
        }
        if (walk == 0) return query;
        // Under AND and FILTER each subquery's context gains the others.
        const bool conjunction = op == Xapian::Query::OP_AND || op == Xapian::Query::OP_FILTER;
        bool sub_changed = false;
        std::vector<Xapian::Query> subs;
        for (size_t i = 0; i < n; ++i) {
            if (i >= walk) {
                subs.push_back(query.get_subquery(i));
                continue;
            }
            std::vector<Xapian::Query> narrower = context;
            if (conjunction)
                for (size_t j = 0; j < n; ++j)
                    if (j != i) narrower.push_back(query.get_subquery(j));
            subs.push_back(settle(query.get_subquery(i), inner, narrower, sub_changed));
        }
        if (!sub_changed) return query;
        changed = true;
        return Xapian::Query(op, subs.begin(), subs.end());
    }
};

template <typename Spy> void make_spy(uint32_t slot, cxapian_matchspy_t **out) {
    require(out, "out");
    auto spy = std::make_unique<Spy>(slot);
    auto handle = std::make_unique<cxapian_matchspy>();
    handle->results = spy.get();
    handle->spy = spy.release();
    *out = handle.release();
}

cxapian_termiterator *list_of(std::vector<std::pair<std::string, Xapian::doccount>> values) {
    auto list = std::make_unique<cxapian_termiterator>();
    list->items.reserve(values.size());
    for (auto &kv : values) list->items.emplace_back(std::move(kv.first), kv.second);
    return list.release();
}

// What cxapian_count_multi_values counts: the values packed in `slot`
// among the matches of `query`, split between the handles (see Split).
struct ValueCounts {
    std::vector<std::pair<std::string, Xapian::doccount>> values;  // sorted by value
    Xapian::doccount matches = 0;
    uint32_t columns = 0;  // handles that counted from facet columns
};

ValueCounts count_values(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query, uint32_t slot,
                         uint32_t parallel_from, int use_columns, cxapian_matchset_t **out_set) {
    const Split split(dbs, db_count, query, parallel_from, false);
    // Each handle counts from its columns if every sub-database it sees has one.
    std::vector<std::vector<std::shared_ptr<const FacetColumn>>> columns(split.threads);
    ValueCounts found;
    for (size_t i = 0; i < split.threads && use_columns; ++i) {
        columns[i] = facet_columns_for(*dbs[i]->db, dbs[i]->column_files, slot);
        if (!columns[i].empty()) ++found.columns;
    }
    std::vector<CountPart> parts(split.threads);
    const bool collect = out_set && Split::one_database(dbs, split.threads);
    std::vector<std::vector<Xapian::docid>> ids(split.threads);
    split.run(dbs, [&](size_t i, Xapian::Database &db, const Xapian::Query &part, const Xapian::Query &whole,
                       Xapian::docid first, Xapian::docid upto) {
        count_part(db, part, whole, first, upto, slot, columns[i], parts[i], collect ? &ids[i] : nullptr);
    });
    if (collect) *out_set = match_set(ids);
    std::unordered_map<std::string, Xapian::doccount> merged;
    for (auto &part : parts) {
        found.matches += part.matches;
        for (auto &kv : part.counts) merged[kv.first] += kv.second;
    }
    found.values.assign(merged.begin(), merged.end());
    std::sort(found.values.begin(), found.values.end());
    return found;
}

} // namespace

extern "C" {

cxapian_status_t cxapian_matchspy_new_value_count(uint32_t slot, cxapian_matchspy_t **out,
                                                  cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { make_spy<ValueCountSpy>(slot, out); });
}

cxapian_status_t cxapian_matchspy_new_multi_value_count(uint32_t slot, cxapian_matchspy_t **out,
                                                        cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { make_spy<MultiValueCountSpy>(slot, out); });
}

cxapian_status_t cxapian_count_multi_values(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                            uint32_t slot, uint32_t parallel_from, int use_columns,
                                            cxapian_termiterator_t **out, uint32_t *out_matches,
                                            uint32_t *out_columns, cxapian_matchset_t **out_set,
                                            cxapian_error_t **error) {
    if (out) *out = nullptr;
    if (out_set) *out_set = nullptr;
    return guard(error, [&] {
        require(out, "out");
        require(out_matches, "matches");
        const ValueCounts found = count_values(dbs, db_count, query, slot, parallel_from, use_columns, out_set);
        *out = list_of(found.values);
        *out_matches = found.matches;
        if (out_columns) *out_columns = found.columns;
    });
}

cxapian_status_t cxapian_count_matches(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                       uint32_t check_at_least, uint32_t parallel_from, uint32_t *out_count,
                                       int *out_exact, cxapian_matchset_t **out_set, cxapian_error_t **error) {
    if (out_set) *out_set = nullptr;
    return guard(error, [&] {
        require(out_count, "count");
        require(out_exact, "exact");
        const Split split(dbs, db_count, query, parallel_from, true);
        // Xapian's bounds from term frequencies alone are often exact already.
        if (split.estimate.first == split.estimate.second) {
            *out_count = split.estimate.first;
            *out_exact = 1;
            return;
        }
        // Each part checks its share: enough when the parts find the
        // matches together, or each finds its share (then there are at least
        // check_at_least). Otherwise one more pass checks on one thread.
        const Xapian::doccount share =
            static_cast<Xapian::doccount>((uint64_t(check_at_least) + split.threads - 1) / split.threads);
        const bool collect = out_set && Split::one_database(dbs, split.threads);
        std::vector<MatchCount> parts(split.threads);
        split.run(dbs, [&](size_t i, Xapian::Database &db, const Xapian::Query &part, const Xapian::Query &,
                           Xapian::docid, Xapian::docid) { parts[i] = count_one(db, part, share, collect); });
        MatchCount all;
        all.exact = true;
        for (auto &part : parts) {
            all.lower += part.lower;
            all.exact = all.exact && part.exact;
            all.every = all.every && part.every;
        }
        if (!all.exact && all.lower < check_at_least && split.threads > 1) {
            parts.assign(1, count_one(*dbs[0]->db, split.query, check_at_least, collect));
            all.lower = parts[0].lower;
            all.exact = parts[0].exact;
            all.every = parts[0].every;
        }
        // The set only when the spies saw every match (an exact count from
        // the bounds alone may come with fewer seen).
        if (collect && all.exact && all.every) {
            std::vector<std::vector<Xapian::docid>> ids;
            for (auto &part : parts) ids.push_back(std::move(part.ids));
            *out_set = match_set(ids);
        }
        *out_count = all.exact ? all.lower : std::min(all.lower, check_at_least);
        *out_exact = all.exact ? 1 : 0;
    });
}

cxapian_status_t cxapian_enquire_get_mset_split(cxapian_enquire_t **enquires, cxapian_database_t **dbs, size_t n,
                                                cxapian_query_t *query, uint32_t max_items, int order,
                                                cxapian_query_t *counted, uint32_t check_at_least,
                                                cxapian_mset_t **out_msets, uint32_t *out_parts,
                                                uint32_t *out_items, uint32_t *out_size, uint32_t *out_count,
                                                int *out_exact, cxapian_error_t **error) {
    for (size_t i = 0; out_msets && i < n; ++i) out_msets[i] = nullptr;
    return guard(error, [&] {
        require(enquires, "enquires");
        require(dbs, "databases");
        require(query, "query");
        require(out_msets, "msets");
        require(out_parts, "parts");
        require(out_items, "items");
        require(out_size, "size");
        if (counted) {
            require(out_count, "count");
            require(out_exact, "exact");
        }
        if (n == 0) throw Xapian::InvalidArgumentError("split ranking: no enquire");
        if (order < 0 || order > 2) throw Xapian::InvalidArgumentError("split ranking: order must be 0, 1 or 2");
        for (size_t i = 0; i < n; ++i) {
            require(enquires[i], "enquire");
            require(dbs[i], "database");
        }
        // Split only over handles of one database at one revision;
        // otherwise the first ranks the whole and the second counts.
        const bool split = n > 1 && Split::one_database(dbs, n);
        const Xapian::docid last = Split::last_id(*dbs[0]->db);
        const std::string ranked = query->query.serialise();
        const std::string whole = counted ? counted->query.serialise() : std::string();
        std::vector<Xapian::MSet> msets(n);
        std::vector<MatchCount> counts(n);
        std::vector<int> ranks(n, 0), counts_here(n, 0);
        std::vector<std::exception_ptr> failures(n);
        // Part i's work on handle i (each thread on copies of the queries).
        auto part = [&](size_t i) {
            try {
                const bool ranking = split || i == 0;
                const bool counting = counted && (split || i == (n > 1 ? 1 : 0));
                const auto ids = split ? Split::stretch(i, n, last) : std::make_pair(Xapian::docid(1), last);
                if (ranking) {
                    Xapian::Query own = Xapian::Query::unserialise(ranked, local_registry());
                    Xapian::Enquire &enquire = enquires[i]->enquire;
                    enquire.set_query(split ? Split::restricted(own, ids) : own);
                    msets[i] = enquire.get_mset(0, max_items, max_items);
                    ranks[i] = 1;
                }
                // A stretch whose ranking saw every match needs no count.
                if (counting && ranking && msets[i].get_matches_lower_bound() == msets[i].get_matches_upper_bound()) {
                    counts[i].lower = msets[i].get_matches_lower_bound();
                    counts[i].exact = true;
                    counts_here[i] = 3;
                } else if (counting) {
                    Xapian::Database &db = *dbs[i]->db;
                    Xapian::Query own = Xapian::Query::unserialise(whole, local_registry());
                    // Xapian's bounds from term frequencies alone are often exact already.
                    const auto bounds = weightless_bounds(db, own);
                    if (bounds.first == bounds.second) {
                        counts[i].lower = bounds.first;
                        counts[i].exact = true;
                        counts_here[i] = 2;
                    } else {
                        counts[i] = count_one(db, split ? Split::restricted(own, ids) : own, check_at_least, false);
                        counts_here[i] = 1;
                    }
                }
            } catch (...) {
                failures[i] = std::current_exception();
            }
        };
        {
            std::vector<std::thread> workers;
            for (size_t i = 1; i < n && (split || (counted && i == 1)); ++i) workers.emplace_back(part, i);
            part(0);
            for (auto &worker : workers) worker.join();
        }
        for (auto &failure : failures)
            if (failure) std::rethrow_exception(failure);

        // The page: the parts' hits merged in the order each was ranked in.
        struct Item {
            uint32_t part, index;
            double weight;
            Xapian::docid did;
            std::string key;
        };
        std::vector<Item> items;
        for (size_t i = 0; i < n; ++i) {
            if (!ranks[i]) continue;
            uint32_t index = 0;
            for (auto it = msets[i].begin(); it != msets[i].end(); ++it, ++index)
                items.push_back({uint32_t(i), index, it.get_weight(), *it, order ? it.get_sort_key() : std::string()});
        }
        std::sort(items.begin(), items.end(), [order](const Item &a, const Item &b) {
            if (order && a.key != b.key) return order == 1 ? a.key < b.key : a.key > b.key;
            if (a.weight != b.weight) return a.weight > b.weight;
            return a.did < b.did;
        });
        if (items.size() > max_items) items.resize(max_items);
        for (size_t k = 0; k < items.size(); ++k) {
            out_parts[k] = items[k].part;
            out_items[k] = items[k].index;
        }
        *out_size = static_cast<uint32_t>(items.size());

        if (counted) {
            // Bounds from term frequencies, exact: the same on every handle.
            bool from_bounds = false;
            for (size_t i = 0; i < n; ++i)
                if (counts_here[i] == 2) {
                    *out_count = counts[i].lower;
                    *out_exact = 1;
                    from_bounds = true;
                    break;
                }
            if (!from_bounds) {
                // Every stretch's ranking saw all its matches: exact, as the
                // bounds of one ranking that saw them all. Otherwise, as one
                // count checking check_at_least: exact when fewer match, else
                // check_at_least (a part not exact has that many of its own).
                Xapian::doccount sum = 0;
                bool exact = true, seen = true;
                for (size_t i = 0; i < n; ++i) {
                    if (!counts_here[i]) continue;
                    sum += counts[i].lower;
                    exact = exact && counts[i].exact;
                    seen = seen && counts_here[i] == 3;
                }
                exact = seen || (exact && sum < check_at_least);
                *out_count = exact ? sum : check_at_least;
                *out_exact = exact ? 1 : 0;
            }
        }
        for (size_t i = 0; i < n; ++i) {
            if (!ranks[i]) continue;
            auto handle = std::make_unique<cxapian_mset>();
            handle->mset = std::move(msets[i]);
            out_msets[i] = handle.release();
        }
    });
}

} // extern "C"

// Work done on a thread of its own on a copy of a query (Query objects
// share reference-counted internals that two threads must not touch at
// once): start() copies the query and runs body(copy) there, keeping its
// result or its failure; wait() joins, and rethrows the failure.
template <typename Result> struct ThreadJob {
    std::thread worker;
    Result result{};
    std::exception_ptr failure;

    template <typename Body> void start(const Xapian::Query &query, Body body) {
        worker = std::thread([this, serialised = query.serialise(), body = std::move(body)]() mutable {
            try {
                result = body(Xapian::Query::unserialise(serialised, local_registry()));
            } catch (...) {
                failure = std::current_exception();
            }
        });
    }

    void join() {
        if (worker.joinable()) worker.join();
    }

    const Result &wait() {
        join();
        if (failure) std::rethrow_exception(failure);
        return result;
    }
};

// A facet count running on a thread of its own (cxapian_count_multi_values_start).
struct cxapian_facet_job : ThreadJob<ValueCounts> {};

extern "C" {

cxapian_status_t cxapian_count_multi_values_start(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                                  uint32_t slot, uint32_t parallel_from, int use_columns,
                                                  cxapian_facet_job_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(dbs, "databases");
        require(query, "query");
        require(out, "out");
        if (db_count == 0) throw Xapian::InvalidArgumentError("count: no database");
        for (size_t i = 0; i < db_count; ++i) require(dbs[i], "database");
        auto job = std::make_unique<cxapian_facet_job>();
        std::vector<cxapian_database_t *> handles(dbs, dbs + db_count);
        job->start(query->query, [handles = std::move(handles), slot, parallel_from,
                                  use_columns](const Xapian::Query &copy) mutable {
            cxapian_query own{copy};
            return count_values(handles.data(), handles.size(), &own, slot, parallel_from, use_columns, nullptr);
        });
        *out = job.release();
    });
}

cxapian_status_t cxapian_count_multi_values_finish(cxapian_facet_job_t *job, cxapian_termiterator_t **out,
                                                   uint32_t *out_matches, uint32_t *out_columns,
                                                   cxapian_error_t **error) {
    if (out) *out = nullptr;
    std::unique_ptr<cxapian_facet_job> owned(job);
    if (owned) owned->join();
    return guard(error, [&] {
        require(owned.get(), "facet job");
        require(out, "out");
        require(out_matches, "matches");
        const ValueCounts &found = owned->wait();
        *out = list_of(found.values);
        *out_matches = found.matches;
        if (out_columns) *out_columns = found.columns;
    });
}

cxapian_status_t cxapian_query_settle_phrases(cxapian_database_t **dbs, size_t db_count, cxapian_query_t *query,
                                              cxapian_query_t *counted, cxapian_query_t *within,
                                              uint32_t parallel_from, cxapian_query_t **out,
                                              cxapian_query_t **out_counted, cxapian_error_t **error) {
    if (out) *out = nullptr;
    if (out_counted) *out_counted = nullptr;
    return guard(error, [&] {
        require(dbs, "databases");
        require(query, "query");
        require(out, "out");
        if (db_count == 0) throw Xapian::InvalidArgumentError("settle: no database");
        for (size_t i = 0; i < db_count; ++i) require(dbs[i], "database");
        PhraseSettler settler(dbs, db_count, parallel_from);
        std::vector<Xapian::Query> context;
        if (within) context.push_back(within->query);
        bool changed = false;
        Xapian::Query settled = settler.settle(query->query, true, context, changed);
        if (!changed) return;
        auto ranked = std::make_unique<cxapian_query>(cxapian_query{std::move(settled)});
        if (counted && out_counted) {
            bool counted_changed = false;
            Xapian::Query weightless = settler.settle(counted->query, true, context, counted_changed);
            *out_counted = new cxapian_query{std::move(weightless)};
        }
        *out = ranked.release();
    });
}

cxapian_status_t cxapian_matchset_restrict(cxapian_matchset_t *set, cxapian_query_t *query, cxapian_query_t **out,
                                           cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(set, "match set");
        require(query, "query");
        require(out, "out");
        bool changed = false;
        Xapian::Query relaxed = relax_phrases(query->query, changed);
        if (!changed) return;
        Xapian::Query restricted(Xapian::Query::OP_FILTER, relaxed,
                                 Xapian::Query((new DocidSetSource(set->ids))->release()));
        *out = new cxapian_query{std::move(restricted)};
    });
}

cxapian_status_t cxapian_query_has_required_phrase(cxapian_query_t *query, int *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(query, "query");
        require(out, "out");
        bool changed = false;
        relax_phrases(query->query, changed);
        *out = changed ? 1 : 0;
    });
}

uint32_t cxapian_matchset_size(cxapian_matchset_t *set) {
    return set ? static_cast<uint32_t>(set->ids->size()) : 0;
}

void cxapian_matchset_free(cxapian_matchset_t *set) { delete set; }

cxapian_status_t cxapian_database_set_facet_columns(cxapian_database_t *db, const char *const *files,
                                                   size_t count, cxapian_error_t **error) {
    return guard(error, [&] {
        require(db, "database");
        if (count) require(files, "files");
        std::vector<std::string> names;
        for (size_t i = 0; i < count; ++i) {
            require(files[i], "file");
            names.emplace_back(files[i]);
        }
        db->column_files = std::move(names);
    });
}

cxapian_status_t cxapian_facet_column_write(const char *path, size_t path_len, uint32_t slot, uint32_t *out_values,
                                            cxapian_error_t **error) {
    return guard(error, [&] {
        require(path, "path");
        const std::string dir(path, path_len);
        Xapian::Database db(dir);
        auto column = FacetColumn::build(db, slot);
        column->write(dir + "/" + facet_column_name());
        if (out_values) *out_values = static_cast<uint32_t>(column->dictionary.size());
    });
}

void cxapian_matchspy_free(cxapian_matchspy_t *spy) { delete spy; }

cxapian_status_t cxapian_matchspy_get_total(cxapian_matchspy_t *spy, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(spy, "match spy");
        require(out, "out");
        *out = spy->results->total();
    });
}

cxapian_status_t cxapian_matchspy_values(cxapian_matchspy_t *spy, cxapian_termiterator_t **out,
                                         cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(spy, "match spy");
        require(out, "out");
        *out = list_of(spy->results->values());
    });
}

cxapian_status_t cxapian_matchspy_top_values(cxapian_matchspy_t *spy, uint32_t max_values,
                                             cxapian_termiterator_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(spy, "match spy");
        require(out, "out");
        auto values = spy->results->values();
        // Most frequent first; ties in value order.
        std::sort(values.begin(), values.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        if (values.size() > max_values) values.resize(max_values);
        *out = list_of(std::move(values));
    });
}

cxapian_status_t cxapian_matchspy_get_description(cxapian_matchspy_t *spy, char **out, size_t *out_len,
                                                  cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(spy, "match spy");
        out_string(spy->spy->get_description(), out, out_len);
    });
}

} // extern "C"
