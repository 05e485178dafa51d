// libxml2's HTML parser (saved pages) and XML parser (feeds), from Debian's libxml2-dev.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
