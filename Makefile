# SPDX-License-Identifier: GPL-2.0
#
# p2p-topology: the two commands a newcomer needs are "make check" (set up,
# build, lint, boot every test topology, end with "N passed, N failed") and
# "make demo" (boot the default topology and show what the graph sees).
#
# Also: make kunit SUITE=glob   run chosen KUnit suites on the minimal machine
#       make lint               checkpatch, sparse, kernel-doc
#       make kernel             just build the test kernel
#       make bench              benchmarks on a non-debug kernel: a table,
#                               and build/bench/results.json
#       make check-kcsan        the project's KUnit suites and p2p_stress on a
#                               KCSAN kernel; fails on a data race in our code
#       make clean              remove build/ (the ccache stays)
#
# KERNEL_SRC=/path/to/linux-6.12 uses that tree instead of Debian's
# linux-source-6.12; JOBS=N sets build parallelism.

H := tests/harness

.PHONY: check check-kcsan demo bench kunit lint kernel deps clean

check:
	@$(H)/check.sh

check-kcsan:
	@$(H)/check-kcsan.sh

demo:
	@$(H)/demo.sh

bench:
	@$(H)/bench.sh

kunit:
	@$(H)/deps.sh
	@SUITE='$(SUITE)' $(H)/kunit.sh

lint:
	@$(H)/deps.sh
	@$(H)/build-kernel.sh
	@$(H)/lint.sh

kernel:
	@$(H)/deps.sh
	@$(H)/build-kernel.sh

deps:
	@$(H)/deps.sh

clean:
	rm -rf build
