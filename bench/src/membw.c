// SPDX-License-Identifier: GPL-2.0+
/*
 * membw - the physical limit: how many frames per second one copy of a
 * frame allows, measured in the machine (VM) the benchmark runs in.
 *
 *   user:   glibc memcpy() between two resident buffers (what a userspace
 *           producer or GStreamer does when it copies a frame);
 *   kernel: pwrite() of the frame into a memfd page that is already
 *           allocated (one copy_from_user, what write()-style drivers do)
 *           and pread() back (copy_to_user).
 *
 * usage: membw [-t sec-per-test] BYTES...
 * Prints one "RESULT {json}" line per size.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench-common.h"

static double per_copy_ns(int kind, uint8_t *a, uint8_t *b, size_t n,
			  int mfd, double secs)
{
	uint64_t start = now_ns(), end = start + secs * 1e9, t;
	unsigned long iters = 0;

	do {
		for (int i = 0; i < 4; i++) {
			switch (kind) {
			case 0:
				memcpy(b, a, n);
				/* keep the compiler from dropping the copy */
				__asm__ volatile("" : : "r"(b) : "memory");
				break;
			case 1:
				if (pwrite(mfd, a, n, 0) != (ssize_t)n)
					return -1;
				break;
			case 2:
				if (pread(mfd, b, n, 0) != (ssize_t)n)
					return -1;
				break;
			}
		}
		iters += 4;
		t = now_ns();
	} while (t < end);
	return (double)(t - start) / iters;
}

int main(int argc, char **argv)
{
	double secs = 0.5;
	int c;

	while ((c = getopt(argc, argv, "t:")) != -1) {
		if (c == 't')
			secs = atof(optarg);
		else
			return 2;
	}
	for (int i = optind; i < argc; i++) {
		size_t n = strtoull(argv[i], NULL, 0);
		uint8_t *a = aligned_alloc(4096, (n + 4095) & ~4095ul);
		uint8_t *b = aligned_alloc(4096, (n + 4095) & ~4095ul);
		int mfd = memfd_create("membw", 0);
		double ns[3];

		if (!a || !b || mfd < 0 || pwrite(mfd, a, n, 0) != (ssize_t)n)
			return 1;
		memset(a, 0x5a, n);
		memset(b, 0xa5, n);
		for (int k = 0; k < 3; k++)
			ns[k] = per_copy_ns(k, a, b, n, mfd, secs);
		printf("RESULT {\"bytes\": %zu, \"user_memcpy_ms\": %.4f, "
		       "\"user_memcpy_gbs\": %.3f, \"user_memcpy_fps\": %.1f, "
		       "\"kernel_copy_from_user_ms\": %.4f, "
		       "\"kernel_copy_from_user_fps\": %.1f, "
		       "\"kernel_copy_to_user_ms\": %.4f, "
		       "\"kernel_copy_to_user_fps\": %.1f}\n",
		       n, ns[0] / 1e6, n / ns[0], 1e9 / ns[0], ns[1] / 1e6,
		       1e9 / ns[1], ns[2] / 1e6, 1e9 / ns[2]);
		fflush(stdout);
		close(mfd);
		free(a);
		free(b);
	}
	return 0;
}
