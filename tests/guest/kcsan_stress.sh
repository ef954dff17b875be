#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# KCSAN (make check-kcsan's kcsan.topo), once the machine is up: prints
# KCSAN's counters for the boot's suites, then runs p2p_stress again
# through KUnit's debugfs with KCSAN watching more accesses for longer
# (kcsan.skip_watch and kcsan.udelay_task below), and relays its cases. The
# harness judges the data-race reports on the console; here every round
# must pass, KCSAN must have set up watchpoints, and its parameters must
# read as before afterwards.
#
# p2p.kcsan_rounds=N sets the number of rounds (default 2, 10 s each),
# p2p.kcsan_watch=SKIP,DELAY the two parameters (default 500,500).
# Under QEMU's single-threaded TCG the other vCPU runs during a watch only
# when QEMU switches vCPUs inside it (at the timer ticks of either vCPU,
# about every 2 ms at HZ=250): a 500 us delay catches such a switch about
# six times as often as the default 80 us.
. /guest/ktap.inc

k=/sys/module/kcsan/parameters
suite=/sys/kernel/debug/kunit/p2p_stress
arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1; }
rounds=$(arg p2p.kcsan_rounds)
rounds=${rounds:-2}
watch=$(arg p2p.kcsan_watch)
skip_watch=${watch%%,*}
udelay_task=${watch#*,}
skip_watch=${skip_watch:-500}
udelay_task=${udelay_task:-500}
counters() {
	grep -E '^(setup_watchpoints|data_races|races_unknown_origin):' \
		/sys/kernel/debug/kcsan | tr '\n' ' '
}

echo "KTAP version 1"
echo "1..1"
echo "    # Subtest: guest_kcsan_stress"
echo "    1..$((rounds + 2))"
echo "    # KCSAN after the boot's suites: $(counters)"
before=$(counters)
params_before="$(cat $k/skip_watch) $(cat $k/udelay_task)"
echo "$skip_watch" > $k/skip_watch
echo "$udelay_task" > $k/udelay_task
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	echo 5 > /proc/sys/kernel/printk
	echo run > $suite/run
	echo 7 > /proc/sys/kernel/printk
	grep -E '^ +# stress_answers_belong_to_a_current_state: ' $suite/results |
		sed 's/^ */    /'
	! grep -qE '^ +not ok ' $suite/results &&
		grep -qE '^ +ok [0-9]+ stress_answers_belong_to_a_current_state$' $suite/results
	result $? "stress_round_$r" "skip_watch=$skip_watch udelay_task=$udelay_task"
done
echo "$params_before" | {
	read -r s u
	echo "$s" > $k/skip_watch
	echo "$u" > $k/udelay_task
}
after=$(counters)
echo "    # KCSAN after the stress rounds: $after"
[ "$after" != "$before" ]
result $? kcsan_watched_the_rounds
[ "$(cat $k/skip_watch) $(cat $k/udelay_task)" = "$params_before" ]
result $? kcsan_parameters_put_back "$params_before"
echo "ok 1 guest_kcsan_stress"
