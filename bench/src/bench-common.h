/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * bench-common.h - small helpers shared by the benchmark's C programs:
 * clocks, frame formats, pre-rendered frames and the progress protocol.
 *
 * Progress protocol (read by bench/guest-driver.py): every program prints
 *	@ <CLOCK_MONOTONIC ns> <count>
 * lines on stdout about every 250 ms (count = frames produced or captured so
 * far), and on SIGTERM/SIGINT or at the end one line
 *	RESULT {json}
 * SIGUSR1 resets the measurement window (latency samples, loss counters).
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/videodev2.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline void sleep_until_ns(uint64_t t)
{
	struct timespec ts = { .tv_sec = t / 1000000000ull,
			       .tv_nsec = t % 1000000000ull };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/* Parse "WxH"; 0 or -1. */
static inline int parse_size(const char *s, unsigned int *w, unsigned int *h)
{
	char *end;

	*w = strtoul(s, &end, 10);
	if (*end != 'x')
		return -1;
	*h = strtoul(end + 1, &end, 10);
	return (*end || !*w || !*h) ? -1 : 0;
}

/* "yuyv" or "nv12" to a fourcc; 0 if unknown. */
static inline uint32_t parse_fourcc(const char *s)
{
	if (!strcasecmp(s, "yuyv") || !strcasecmp(s, "yuy2"))
		return V4L2_PIX_FMT_YUYV;
	if (!strcasecmp(s, "nv12"))
		return V4L2_PIX_FMT_NV12;
	return 0;
}

/* Tightest stride and size of a raw frame. */
static inline void raw_layout(uint32_t fourcc, unsigned int w, unsigned int h,
			      unsigned int *bpl, size_t *size)
{
	if (fourcc == V4L2_PIX_FMT_YUYV) {
		*bpl = w * 2;
		*size = (size_t)w * 2 * h;
	} else {
		*bpl = w;
		*size = (size_t)w * h * 3 / 2;
	}
}

/*
 * Pre-render one frame: a luma ramp that differs per @variant, neutral
 * chroma. Done once at start-up; the hot loop only stamps the counter.
 */
static inline void render_frame(uint8_t *f, uint32_t fourcc, unsigned int w,
				unsigned int h, unsigned int bpl, int variant)
{
	for (unsigned int y = 0; y < h; y++) {
		uint8_t *line = f + (size_t)y * bpl;

		for (unsigned int x = 0; x < w; x++) {
			uint8_t luma = 16 + (x + y + variant * 37) % 220;

			if (fourcc == V4L2_PIX_FMT_YUYV) {
				line[2 * x] = luma;
				line[2 * x + 1] = 128;
			} else {
				line[x] = luma;
			}
		}
	}
	if (fourcc == V4L2_PIX_FMT_NV12)
		memset(f + (size_t)bpl * h, 128, (size_t)bpl * h / 2);
}

/* Signal flags: stop (TERM/INT) and window reset (USR1). */
static volatile sig_atomic_t bench_stop, bench_reset;

static void bench_on_signal(int sig)
{
	if (sig == SIGUSR1)
		bench_reset = 1;
	else
		bench_stop = 1;
}

static inline void bench_install_signals(void)
{
	struct sigaction sa = { .sa_handler = bench_on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
}

/* Progress line, at most every 250 ms. */
static inline void bench_progress(uint64_t *last, uint64_t count)
{
	uint64_t t = now_ns();

	if (t - *last >= 250000000ull) {
		printf("@ %llu %llu\n", (unsigned long long)t,
		       (unsigned long long)count);
		fflush(stdout);
		*last = t;
	}
}

#endif /* BENCH_COMMON_H */
