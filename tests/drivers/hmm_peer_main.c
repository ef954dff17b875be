// SPDX-License-Identifier: GPL-2.0
/*
 * hmm_peer.ko: the test drivers of the HMM peer-alias path, a stand-in GPU
 * (ivshmem, hmm_peer_gpu.c) and a stand-in RDMA device (edu,
 * hmm_peer_rdma.c), driven by tests/guest/hmm_peer.c.
 */
#include <linux/module.h>

#include "hmm_peer.h"

static int __init hmm_peer_init(void)
{
	int ret;

	ret = hmm_peer_gpu_register();
	if (ret)
		return ret;
	ret = hmm_peer_rdma_register();
	if (ret)
		hmm_peer_gpu_unregister();
	return ret;
}

static void __exit hmm_peer_exit(void)
{
	hmm_peer_rdma_unregister();
	hmm_peer_gpu_unregister();
}

module_init(hmm_peer_init);
module_exit(hmm_peer_exit);
MODULE_DESCRIPTION("Test drivers of the HMM peer-alias path: a stand-in GPU and RDMA device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(P2P_TOPOLOGY);
