// SPDX-License-Identifier: GPL-2.0
/* The tracepoints of drivers/p2p-core/trace.h are defined here. */
#define CREATE_TRACE_POINTS
#include "trace.h"

/* For probes in modules, such as the KUnit suites built as one. */
EXPORT_TRACEPOINT_SYMBOL_GPL(p2p_route);
EXPORT_TRACEPOINT_SYMBOL_GPL(p2p_invalidate);
