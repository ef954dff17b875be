#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The isolation invariant on this machine: see isolation.c.
exec /guest/isolation
