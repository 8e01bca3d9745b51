// SPDX-License-Identifier: GPL-2.0+
/*
 * frame-watch - a consumer that keeps watching a capture node for a while and
 * logs every frame, for tests of producers that come and go.
 *
 *   frame-watch DEVICE SECONDS
 *
 * Streams DEVICE with 4 MMAP buffers. Prints one line per event on stdout,
 * times in CLOCK_REALTIME seconds (comparable with `date +%s.%N`):
 *   T open WxH FOURCC     streaming started
 *   T frame SEQ HASH      a frame (HASH: FNV-1a of its bytesused bytes)
 *   T gone REASON         the node failed or vanished; it is reopened
 * When the node is missing or fails, it is retried every 20 ms. Exits 0
 * after SECONDS, 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>

#define NBUF 4

struct stream {
	int fd;
	unsigned int n;
	void *mem[NBUF];
	size_t len[NBUF];
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L };

	nanosleep(&ts, NULL);
}

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void stream_close(struct stream *s)
{
	unsigned int i;

	for (i = 0; i < s->n; i++)
		munmap(s->mem[i], s->len[i]);
	s->n = 0;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Opens and starts streaming; returns 0, or an errno-style reason in *why. */
static int stream_open(struct stream *s, const char *dev, const char **why)
{
	struct v4l2_requestbuffers req = { .count = NBUF,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP };
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	unsigned int i;

	s->n = 0;
	s->fd = open(dev, O_RDWR | O_NONBLOCK);
	if (s->fd < 0) {
		*why = "open";
		return -1;
	}
	if (ioctl(s->fd, VIDIOC_G_FMT, &fmt) || ioctl(s->fd, VIDIOC_REQBUFS, &req) ||
	    req.count < 1) {
		*why = "setup";
		goto fail;
	}
	for (i = 0; i < req.count && i < NBUF; i++) {
		struct v4l2_buffer b = { .index = i, .type = req.type, .memory = req.memory };

		if (ioctl(s->fd, VIDIOC_QUERYBUF, &b)) {
			*why = "querybuf";
			goto fail;
		}
		s->mem[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, s->fd, b.m.offset);
		if (s->mem[i] == MAP_FAILED) {
			*why = "mmap";
			goto fail;
		}
		s->len[i] = b.length;
		s->n = i + 1;
		if (ioctl(s->fd, VIDIOC_QBUF, &b)) {
			*why = "qbuf";
			goto fail;
		}
	}
	if (ioctl(s->fd, VIDIOC_STREAMON, &type)) {
		*why = "streamon";
		goto fail;
	}
	printf("%.3f open %ux%u %.4s\n", now(), fmt.fmt.pix.width, fmt.fmt.pix.height,
	       (char *)&fmt.fmt.pix.pixelformat);
	return 0;
fail:
	stream_close(s);
	return -1;
}

/* Waits for and logs one frame; returns 0, 1 on no frame yet, -1 when the stream failed. */
static int stream_frame(struct stream *s, const char **why)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP };
	int r = poll(&p, 1, 200);

	if (r == 0)
		return 1;
	if (r < 0) {
		*why = "poll";
		return errno == EINTR ? 1 : -1;
	}
	if (ioctl(s->fd, VIDIOC_DQBUF, &b)) {
		if (errno == EAGAIN)
			return 1;
		*why = "dqbuf";
		return -1;
	}
	if (b.index >= s->n || b.bytesused > s->len[b.index]) {
		*why = "bad buffer";
		return -1;
	}
	printf("%.3f frame %u %016llx\n", now(), b.sequence,
	       (unsigned long long)fnv1a(s->mem[b.index], b.bytesused));
	if (ioctl(s->fd, VIDIOC_QBUF, &b)) {
		*why = "qbuf";
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct stream s = { .fd = -1 };
	const char *why = "";
	double end;
	int open_ok = 0;

	if (argc != 3 || atof(argv[2]) <= 0) {
		fprintf(stderr, "usage: frame-watch DEVICE SECONDS\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	end = now() + atof(argv[2]);
	while (now() < end) {
		if (!open_ok) {
			open_ok = stream_open(&s, argv[1], &why) == 0;
			if (!open_ok)
				sleep_ms(20);
			continue;
		}
		if (stream_frame(&s, &why) < 0) {
			printf("%.3f gone %s: %s\n", now(), why, strerror(errno));
			stream_close(&s);
			open_ok = 0;
		}
	}
	stream_close(&s);
	return 0;
}
