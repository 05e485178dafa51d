// libxml2's HTML parser (saved pages) and XML parser (feeds), from Debian's libxml2-dev.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, so encoding.h would include <unicode/ucnv.h>,
// whose declarations clash with the ICU copy inside Foundation (_FoundationICU)
// in any Swift file importing both. Only the ICU members at the end of
// xmlCharEncodingHandler depend on it, and Dossier never touches that struct's
// fields, so leave them out of this view.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
