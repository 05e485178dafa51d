// Errors, strings, term iterators and the testing hook shared by every
// other file of the shim.
#include "cxapian-private.h"

namespace {

thread_local cxapian_status_t injected = CXAPIAN_OK;

// A Xapian error class of no known kind, standing for classes a later Xapian
// may add; only the testing hook throws it.
class UnlistedError : public Xapian::RuntimeError {
  public:
    explicit UnlistedError(const std::string &msg) : Xapian::RuntimeError(msg, "", "UnlistedError", nullptr) {}
};

char *dup_cstring(const std::string &s) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p) throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

} // namespace

namespace cxapian {

void out_string(const std::string &s, char **out, size_t *out_len) {
    require(out, "out");
    *out = dup_cstring(s);
    if (out_len) *out_len = s.size();
}

cxapian_termiterator *snapshot(Xapian::TermIterator it, Xapian::TermIterator end, freq_kind kind) {
    auto list = std::make_unique<cxapian_termiterator>();
    for (; it != end; ++it) {
        uint32_t freq = 0;
        if (kind == freq_kind::termfreq) freq = it.get_termfreq();
        if (kind == freq_kind::wdf) freq = it.get_wdf();
        list->items.emplace_back(*it, freq);
    }
    return list.release();
}

void throw_if_injected() {
    cxapian_status_t status = injected;
    if (status == CXAPIAN_OK) return;
    injected = CXAPIAN_OK;
    const std::string msg = "injected by cxapian_testing_inject_exception";
    switch (status) {
    case CXAPIAN_DATABASE_NOT_FOUND: throw Xapian::DatabaseNotFoundError(msg);
    case CXAPIAN_DATABASE_OPENING: throw Xapian::DatabaseOpeningError(msg);
    case CXAPIAN_DATABASE_LOCKED: throw Xapian::DatabaseLockError(msg);
    case CXAPIAN_DATABASE_CORRUPT: throw Xapian::DatabaseCorruptError(msg);
    case CXAPIAN_DATABASE_MODIFIED: throw Xapian::DatabaseModifiedError(msg);
    case CXAPIAN_DATABASE_VERSION: throw Xapian::DatabaseVersionError(msg);
    case CXAPIAN_QUERY_PARSER: throw Xapian::QueryParserError(msg);
    case CXAPIAN_INVALID_ARGUMENT: throw Xapian::InvalidArgumentError(msg);
    case CXAPIAN_RANGE: throw Xapian::RangeError(msg);
    case CXAPIAN_NETWORK: throw Xapian::NetworkError(msg);
    case CXAPIAN_NETWORK_TIMEOUT: throw Xapian::NetworkTimeoutError(msg);
    case CXAPIAN_FEATURE_UNAVAILABLE: throw Xapian::FeatureUnavailableError(msg);
    case CXAPIAN_DATABASE_CREATE: throw Xapian::DatabaseCreateError(msg);
    case CXAPIAN_DATABASE_CLOSED: throw Xapian::DatabaseClosedError(msg);
    case CXAPIAN_DATABASE: throw Xapian::DatabaseError(msg);
    case CXAPIAN_DOC_NOT_FOUND: throw Xapian::DocNotFoundError(msg);
    case CXAPIAN_INVALID_OPERATION: throw Xapian::InvalidOperationError(msg);
    case CXAPIAN_UNIMPLEMENTED: throw Xapian::UnimplementedError(msg);
    case CXAPIAN_WILDCARD: throw Xapian::WildcardError(msg);
    case CXAPIAN_SERIALISATION: throw Xapian::SerialisationError(msg);
    case CXAPIAN_INTERNAL: throw Xapian::InternalError(msg);
    case CXAPIAN_XAPIAN: throw UnlistedError(msg);
    case CXAPIAN_OUT_OF_MEMORY: throw std::bad_alloc();
    case CXAPIAN_UNKNOWN: throw std::runtime_error(msg);
    default: throw std::runtime_error(msg);
    }
}

cxapian_status_t set_error(cxapian_error_t **error, cxapian_status_t status, const char *type,
                           const std::string &message, const std::string &context) {
    if (!error) return status;
    *error = nullptr;
    auto *e = static_cast<cxapian_error_t *>(std::calloc(1, sizeof(cxapian_error_t)));
    if (!e) return status;
    e->status = status;
    try {
        e->type = dup_cstring(type);
        e->message = dup_cstring(message);
        e->context = dup_cstring(context);
    } catch (...) {
        cxapian_error_free(e);
        return status;
    }
    *error = e;
    return status;
}

cxapian_status_t set_xapian_error(cxapian_error_t **error, cxapian_status_t status, const Xapian::Error &e) {
    std::string context = e.get_context();
    const char *detail = e.get_error_string();
    if (detail && *detail) {
        if (!context.empty()) context += "; ";
        context += detail;
    }
    return set_error(error, status, e.get_type(), e.get_msg(), context);
}

} // namespace cxapian

using namespace cxapian;

extern "C" {

void cxapian_error_free(cxapian_error_t *error) {
    if (!error) return;
    std::free(error->type);
    std::free(error->message);
    std::free(error->context);
    std::free(error);
}

void cxapian_string_free(char *string) { std::free(string); }

const char *cxapian_version_string(void) { return Xapian::version_string(); }

void cxapian_testing_inject_exception(cxapian_status_t status) { injected = status; }

cxapian_status_t cxapian_termiterator_next(cxapian_termiterator_t *it, int *has_item, char **term,
                                           size_t *term_len, uint32_t *frequency, cxapian_error_t **error) {
    if (term) *term = nullptr;
    if (term_len) *term_len = 0;
    return guard(error, [&] {
        require(it, "iterator");
        require(has_item, "has_item");
        if (it->next >= it->items.size()) {
            *has_item = 0;
            return;
        }
        const auto &item = it->items[it->next];
        out_string(item.first, term, term_len);
        if (frequency) *frequency = item.second;
        ++it->next;
        *has_item = 1;
    });
}

void cxapian_termiterator_free(cxapian_termiterator_t *it) { delete it; }

} // extern "C"
