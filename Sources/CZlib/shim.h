#ifndef WORKBENCH_CZLIB_SHIM_H
#define WORKBENCH_CZLIB_SHIM_H
#include <zlib.h>
#endif
