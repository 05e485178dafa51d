// Document, value lists and sortable serialisation.
#include "cxapian-private.h"
#include "valuelist.h"

#include <algorithm>
#include <set>

using namespace cxapian;

namespace {

Xapian::Document &doc_of(cxapian_document_t *doc) {
    require(doc, "document");
    return doc->doc;
}

// The bytes `term` takes in a Xapian key: a NUL byte counts twice.
size_t key_size(const std::string &term) {
    return term.size() + static_cast<size_t>(std::count(term.begin(), term.end(), '\0'));
}

} // namespace

void cxapian::pack_value(std::string &packed, const std::string &s) {
    size_t len = s.size();
    while (len >= 0x80) {
        packed.push_back(static_cast<char>((len & 0x7f) | 0x80));
        len >>= 7;
    }
    packed.push_back(static_cast<char>(len));
    packed += s;
}

extern "C" {

cxapian_status_t cxapian_document_new(cxapian_document_t **out, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        *out = new cxapian_document();
    });
}

void cxapian_document_free(cxapian_document_t *doc) { delete doc; }

cxapian_status_t cxapian_document_get_docid(cxapian_document_t *doc, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = doc_of(doc).get_docid();
    });
}

cxapian_status_t cxapian_document_get_data(cxapian_document_t *doc, char **out, size_t *out_len,
                                           cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(doc_of(doc).get_data(), out, out_len); });
}

cxapian_status_t cxapian_document_set_data(cxapian_document_t *doc, const char *data, size_t data_len,
                                           cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).set_data(str(data, data_len)); });
}

cxapian_status_t cxapian_document_get_value(cxapian_document_t *doc, uint32_t slot, char **out, size_t *out_len,
                                            cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(doc_of(doc).get_value(slot), out, out_len); });
}

cxapian_status_t cxapian_document_add_value(cxapian_document_t *doc, uint32_t slot, const char *value,
                                            size_t value_len, cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).add_value(slot, str(value, value_len)); });
}

cxapian_status_t cxapian_document_remove_value(cxapian_document_t *doc, uint32_t slot, cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).remove_value(slot); });
}

cxapian_status_t cxapian_document_clear_values(cxapian_document_t *doc, cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).clear_values(); });
}

cxapian_status_t cxapian_document_values_count(cxapian_document_t *doc, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = doc_of(doc).values_count();
    });
}

cxapian_status_t cxapian_document_add_term(cxapian_document_t *doc, const char *term, size_t term_len,
                                           uint32_t wdfinc, cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).add_term(str(term, term_len), wdfinc); });
}

cxapian_status_t cxapian_document_add_posting(cxapian_document_t *doc, const char *term, size_t term_len,
                                              uint32_t position, uint32_t wdfinc, cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).add_posting(str(term, term_len), position, wdfinc); });
}

cxapian_status_t cxapian_document_add_boolean_term(cxapian_document_t *doc, const char *term, size_t term_len,
                                                   cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).add_boolean_term(str(term, term_len)); });
}

cxapian_status_t cxapian_document_add_word_pairs(cxapian_document_t *doc, cxapian_word_pairs_t *pairs,
                                                 uint32_t *out_count, cxapian_error_t **error) {
    if (out_count) *out_count = 0;
    return guard(error, [&] {
        Xapian::Document &d = doc_of(doc);
        require(pairs, "word pairs");
        const std::string &head = pairs->prefix;
        // Every position of every unprefixed term (Xapian's prefixes are
        // capital letters; the term generator writes words in lower case).
        std::vector<std::string> words;
        std::vector<std::pair<Xapian::termpos, uint32_t>> at;
        for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
            std::string term = *t;
            if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z') || pairs->skips(term)) continue;
            auto p = t.positionlist_begin();
            if (p == t.positionlist_end()) continue;
            uint32_t index = static_cast<uint32_t>(words.size());
            words.push_back(std::move(term));
            for (; p != t.positionlist_end(); ++p) at.emplace_back(*p, index);
        }
        std::sort(at.begin(), at.end());
        // Each term at a position with each term at the next one: what a
        // two-word phrase of them would match there.
        std::set<std::pair<uint32_t, uint32_t>> found;
        size_t group = 0;
        while (group < at.size()) {
            size_t end = group;
            while (end < at.size() && at[end].first == at[group].first) ++end;
            size_t next_end = end;
            while (next_end < at.size() && at[next_end].first == at[group].first + 1) ++next_end;
            for (size_t i = group; i < end; ++i)
                for (size_t j = end; j < next_end; ++j) found.emplace(at[i].second, at[j].second);
            group = end;
        }
        uint32_t added = 0;
        std::string term;
        for (auto &pair : found) {
            term = head;
            term += words[pair.first];
            term += ' ';
            term += words[pair.second];
            if (key_size(term) > 240) continue;
            d.add_term(term, 0);
            ++added;
        }
        if (out_count) *out_count = added;
    });
}

cxapian_status_t cxapian_document_remove_term(cxapian_document_t *doc, const char *term, size_t term_len,
                                              cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).remove_term(str(term, term_len)); });
}

cxapian_status_t cxapian_document_clear_terms(cxapian_document_t *doc, cxapian_error_t **error) {
    return guard(error, [&] { doc_of(doc).clear_terms(); });
}

cxapian_status_t cxapian_document_termlist_count(cxapian_document_t *doc, uint32_t *out, cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = doc_of(doc).termlist_count();
    });
}

cxapian_status_t cxapian_document_termlist(cxapian_document_t *doc, cxapian_termiterator_t **out,
                                           cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        Xapian::Document &d = doc_of(doc);
        *out = snapshot(d.termlist_begin(), d.termlist_end(), freq_kind::wdf);
    });
}

cxapian_status_t cxapian_document_add_value_list(cxapian_document_t *doc, uint32_t slot, const char *const *values,
                                                 const size_t *lengths, size_t count, cxapian_error_t **error) {
    return guard(error, [&] {
        Xapian::Document &d = doc_of(doc);
        if (count) {
            require(values, "values");
            require(lengths, "lengths");
        }
        std::string packed;
        for (size_t i = 0; i < count; ++i) pack_value(packed, str(values[i], lengths[i]));
        // An empty value removes the slot's value (and, unlike remove_value,
        // is no error when there is none).
        d.add_value(slot, packed);
    });
}

cxapian_status_t cxapian_value_list_unpack(const char *packed, size_t packed_len, cxapian_termiterator_t **out,
                                           cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] {
        require(out, "out");
        auto list = std::make_unique<cxapian_termiterator>();
        unpack_values(str(packed, packed_len),
                      [&](const char *p, size_t len) { list->items.emplace_back(std::string(p, len), 0); });
        *out = list.release();
    });
}

cxapian_status_t cxapian_sortable_serialise(double value, char **out, size_t *out_len, cxapian_error_t **error) {
    if (out) *out = nullptr;
    return guard(error, [&] { out_string(Xapian::sortable_serialise(value), out, out_len); });
}

cxapian_status_t cxapian_sortable_unserialise(const char *value, size_t value_len, double *out,
                                              cxapian_error_t **error) {
    return guard(error, [&] {
        require(out, "out");
        *out = Xapian::sortable_unserialise(str(value, value_len));
    });
}

} // extern "C"
