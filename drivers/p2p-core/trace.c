// SPDX-License-Identifier: GPL-2.0
/* The tracepoints of drivers/p2p-core/trace.h are defined here. */
#define CREATE_TRACE_POINTS
#include "trace.h"

/* For the KUnit suites' probes when they are a module. */
#if IS_MODULE(CONFIG_P2P_TOPOLOGY_KUNIT_TEST)
EXPORT_TRACEPOINT_SYMBOL_GPL(p2p_route);
EXPORT_TRACEPOINT_SYMBOL_GPL(p2p_invalidate);
#endif
