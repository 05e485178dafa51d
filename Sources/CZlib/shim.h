// zlib, for .gz input, from Debian's zlib1g-dev.
#include <zlib.h>
