// Stem, Stopper and TermGenerator.
#include "cxapian-private.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

using namespace cxapian;

static_assert(int(CXAPIAN_STEM_NONE) == int(Xapian::TermGenerator::STEM_NONE), "stem strategy");
static_assert(int(CXAPIAN_STEM_SOME) == int(Xapian::TermGenerator::STEM_SOME), "stem strategy");
static_assert(int(CXAPIAN_STEM_ALL) == int(Xapian::TermGenerator::STEM_ALL), "stem strategy");
static_assert(int(CXAPIAN_STEM_ALL_Z) == int(Xapian::TermGenerator::STEM_ALL_Z), "stem strategy");
static_assert(int(CXAPIAN_STEM_SOME_FULL_POS) == int(Xapian::TermGenerator::STEM_SOME_FULL_POS), "stem strategy");
static_assert(int(CXAPIAN_TG_FLAG_SPELLING) == int(Xapian::TermGenerator::FLAG_SPELLING), "termgenerator flag");
static_assert(int(CXAPIAN_TG_FLAG_CJK_NGRAM) == int(Xapian::TermGenerator::FLAG_CJK_NGRAM), "termgenerator flag");
static_assert(int(CXAPIAN_STOP_NONE) == int(Xapian::TermGenerator::STOP_NONE), "stop strategy");
static_assert(int(CXAPIAN_STOP_ALL) == int(Xapian::TermGenerator::STOP_ALL), "stop strategy");
static_assert(int(CXAPIAN_STOP_STEMMED) == int(Xapian::TermGenerator::STOP_STEMMED), "stop strategy");

namespace {

Xapian::TermGenerator &tg_of(cxapian_termgenerator_t *tg) {
    require(tg, "term generator");
    return tg->tg;
}

/// A stemmer that remembers the stems it has computed.
class CachingStem : public Xapian::StemImplementation {
    Xapian::Stem inner;
    std::unordered_map<std::string, std::string> stems;
    size_t capacity;

  public:
    CachingStem(const std::string &language, size_t capacity) : inner(language), capacity(capacity) {}

    std::string operator()(const std::string &word) override {
        auto found = stems.find(word);
        if (found != stems.end()) return found->second;
        std::string stem = inner(word);
        if (stems.size() >= capacity) stems.clear();
        if (capacity > 0) stems.emplace(word, stem);
        return stem;
    }

    std::string get_description() const override { return "cached " + inner.get_description(); }
};

/// Stems only the words whose stem may be one of a query's stems; see
/// cxapian_stem_new_restricted. For Porter2 English (Xapian's "english"),
/// checked over the 110,526 distinct words of four news and science
/// collections (tools/check-stem-prefix.py).
class RestrictedStem : public Xapian::StemImplementation {
    Xapian::Stem base;
    /// The first two bytes of each stem (all of a shorter one), each once.
    std::vector<std::string> beginnings;
    bool english;

    bool may_match(const std::string &word) const {
        for (const auto &beginning : beginnings)
            if (word.compare(0, beginning.size(), beginning) == 0) return true;
        // Porter2's exceptions whose stems begin otherwise ("die", "lie", "tie").
        return word == "dying" || word == "lying" || word == "tying";
    }

  public:
    RestrictedStem(const Xapian::Stem &base, const std::vector<std::string> &stems) : base(base) {
        english = base.get_description().find("Stem(english)") != std::string::npos;
        for (const auto &stem : stems) {
            std::string beginning = stem.substr(0, 2);
            if (std::find(beginnings.begin(), beginnings.end(), beginning) == beginnings.end())
                beginnings.push_back(beginning);
        }
    }

    std::string operator()(const std::string &word) override {
        if (!english || may_match(word)) return base(word);
        return std::string();
    }

    std::string get_description() const override { return "restricted " + base.get_description(); }
};

} // namespace

extern "C" {

// MARK: - Stem

cxapian_status_t cxapian_stem_new(const char *language, cxapian_stem_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(language, "language");
        require(out, "out");
        auto handle = std::make_unique<cxapian_stem>();
        handle->stem = Xapian::Stem(std::string(language));
        *out = handle.release();
    });
}

cxapian_status_t cxapian_stem_new_cached(const char *language, size_t capacity, cxapian_stem_t **out,
                                         cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(language, "language");
        require(out, "out");
        auto handle = std::make_unique<cxapian_stem>();
        handle->stem = Xapian::Stem(new CachingStem(std::string(language), capacity));
        *out = handle.release();
    });
}

cxapian_status_t cxapian_stem_new_restricted(cxapian_stem_t *base, const char *stems, const size_t *ends,
                                             size_t count, cxapian_stem_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(base, "stemmer");
        require(out, "out");
        if (count) {
            require(stems, "stems");
            require(ends, "ends");
        }
        std::vector<std::string> list;
        size_t start = 0;
        for (size_t i = 0; i < count; ++i) {
            if (ends[i] < start) throw Xapian::InvalidArgumentError("stem ends must not decrease");
            list.emplace_back(stems + start, ends[i] - start);
            start = ends[i];
        }
        auto handle = std::make_unique<cxapian_stem>();
        handle->stem = Xapian::Stem(new RestrictedStem(base->stem, list));
        *out = handle.release();
    });
}

void cxapian_stem_free(cxapian_stem_t *stem) { delete stem; }

cxapian_status_t cxapian_stem_word(cxapian_stem_t *stem, const char *word, size_t word_len, char **out,
                                   size_t *out_len, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(stem, "stemmer");
        out_string(stem->stem(str(word, word_len)), out, out_len);
    });
}

cxapian_status_t cxapian_stem_languages(char **out, size_t *out_len, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(Xapian::Stem::get_available_languages(), out, out_len); });
}

// MARK: - Stopper

cxapian_status_t cxapian_stopper_new(cxapian_stopper_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        *out = new cxapian_stopper();
    });
}

void cxapian_stopper_free(cxapian_stopper_t *stopper) { delete stopper; }

cxapian_status_t cxapian_stopper_add(cxapian_stopper_t *stopper, const char *word, size_t word_len,
                                     cxapian_error_t **error) {
    return guard(error, [&] {
        require(stopper, "stopper");
        stopper->stopper.add(str(word, word_len));
    });
}

cxapian_status_t cxapian_stopper_is_stopword(cxapian_stopper_t *stopper, const char *word, size_t word_len,
                                             int *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(stopper, "stopper");
        require(out, "out");
        *out = stopper->stopper(str(word, word_len)) ? 1 : 0;
    });
}

// MARK: - TermGenerator

cxapian_status_t cxapian_termgenerator_new(cxapian_termgenerator_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        *out = new cxapian_termgenerator();
    });
}

void cxapian_termgenerator_free(cxapian_termgenerator_t *tg) { delete tg; }

cxapian_status_t cxapian_termgenerator_set_stemmer(cxapian_termgenerator_t *tg, cxapian_stem_t *stem,
                                                   cxapian_error_t **error) {
    return guard(error, [&] {
        require(stem, "stemmer");
        tg_of(tg).set_stemmer(stem->stem);
    });
}

cxapian_status_t cxapian_termgenerator_set_stemming_strategy(cxapian_termgenerator_t *tg, int strategy,
                                                             cxapian_error_t **error) {
    return guard(error, [&] {
        if (strategy < CXAPIAN_STEM_NONE || strategy > CXAPIAN_STEM_SOME_FULL_POS)
            throw Xapian::InvalidArgumentError("unknown stemming strategy " + std::to_string(strategy));
        tg_of(tg).set_stemming_strategy(static_cast<Xapian::TermGenerator::stem_strategy>(strategy));
    });
}

cxapian_status_t cxapian_termgenerator_set_stopper(cxapian_termgenerator_t *tg, cxapian_stopper_t *stopper,
                                                   cxapian_error_t **error) {
    return guard(error, [&] { tg_of(tg).set_stopper(stopper ? &stopper->stopper : nullptr); });
}

cxapian_status_t cxapian_termgenerator_set_stopper_strategy(cxapian_termgenerator_t *tg, int strategy,
                                                            cxapian_error_t **error) {
    return guard(error, [&] {
        if (strategy < CXAPIAN_STOP_NONE || strategy > CXAPIAN_STOP_STEMMED)
            throw Xapian::InvalidArgumentError("unknown stopper strategy " + std::to_string(strategy));
        tg_of(tg).set_stopper_strategy(static_cast<Xapian::TermGenerator::stop_strategy>(strategy));
    });
}

cxapian_status_t cxapian_termgenerator_set_flags(cxapian_termgenerator_t *tg, int flags, cxapian_error_t **error) {
    return guard(error, [&] { tg_of(tg).set_flags(static_cast<Xapian::TermGenerator::flags>(flags)); });
}

cxapian_status_t cxapian_termgenerator_set_database(cxapian_termgenerator_t *tg, cxapian_database_t *db,
                                                    cxapian_error_t **error) {
    return guard(error, [&] {
        require(db, "database");
        tg_of(tg).set_database(db->writable_db());
    });
}

cxapian_status_t cxapian_termgenerator_set_max_word_length(cxapian_termgenerator_t *tg, unsigned length,
                                                           cxapian_error_t **error) {
    return guard(error, [&] { tg_of(tg).set_max_word_length(length); });
}

cxapian_status_t cxapian_termgenerator_set_document(cxapian_termgenerator_t *tg, cxapian_document_t *doc,
                                                    cxapian_error_t **error) {
    return guard(error, [&] {
        require(doc, "document");
        tg_of(tg).set_document(doc->doc);
        tg_of(tg).set_termpos(0);
    });
}

cxapian_status_t cxapian_termgenerator_index_text(cxapian_termgenerator_t *tg, const char *text, size_t text_len,
                                                  uint32_t wdf_inc, const char *prefix, size_t prefix_len,
                                                  cxapian_error_t **error) {
    return guard(error, [&] { tg_of(tg).index_text(str(text, text_len), wdf_inc, str(prefix, prefix_len)); });
}

cxapian_status_t cxapian_termgenerator_index_text_without_positions(cxapian_termgenerator_t *tg, const char *text,
                                                                    size_t text_len, uint32_t wdf_inc,
                                                                    const char *prefix, size_t prefix_len,
                                                                    cxapian_error_t **error) {
    return guard(error, [&] {
        tg_of(tg).index_text_without_positions(str(text, text_len), wdf_inc, str(prefix, prefix_len));
    });
}

cxapian_status_t cxapian_termgenerator_increase_termpos(cxapian_termgenerator_t *tg, uint32_t delta,
                                                        cxapian_error_t **error) {
    return guard(error, [&] { tg_of(tg).increase_termpos(delta); });
}

cxapian_status_t cxapian_termgenerator_get_termpos(cxapian_termgenerator_t *tg, uint32_t *out,
                                                   cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = tg_of(tg).get_termpos();
    });
}

cxapian_status_t cxapian_termgenerator_set_termpos(cxapian_termgenerator_t *tg, uint32_t termpos,
                                                   cxapian_error_t **error) {
    return guard(error, [&] { tg_of(tg).set_termpos(termpos); });
}

} // extern "C"
