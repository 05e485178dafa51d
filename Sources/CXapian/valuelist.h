// The packing of several strings into one value slot, shared by documents
// (which write it) and the multi-value match spy (which reads it).
#ifndef CXAPIAN_VALUELIST_H
#define CXAPIAN_VALUELIST_H

#include <string>
#include <vector>

namespace cxapian {

// Appends `s` as a little-endian base-128 length followed by its bytes.
void pack_value(std::string &packed, const std::string &s);

// Calls `visit(const char *data, size_t len)` for each packed string.
// Throws Xapian::SerialisationError if `packed` is malformed.
template <typename Visit> void unpack_values(const std::string &packed, Visit &&visit);

} // namespace cxapian

#include <xapian/error.h>

template <typename Visit> void cxapian::unpack_values(const std::string &packed, Visit &&visit) {
    const char *p = packed.data();
    const char *end = p + packed.size();
    while (p != end) {
        size_t len = 0;
        unsigned shift = 0;
        for (;;) {
            if (p == end || shift > 56) throw Xapian::SerialisationError("bad length in packed value list");
            unsigned char byte = static_cast<unsigned char>(*p++);
            len |= static_cast<size_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) break;
            shift += 7;
        }
        if (static_cast<size_t>(end - p) < len) throw Xapian::SerialisationError("truncated packed value list");
        visit(p, len);
        p += len;
    }
}

#endif
