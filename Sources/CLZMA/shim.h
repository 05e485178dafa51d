// liblzma, for .xz input, from Debian's liblzma-dev.
#include <lzma.h>
