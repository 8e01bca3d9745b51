// SPDX-License-Identifier: GPL-2.0+
/*
 * cap-reader - a minimal V4L2 MMAP capture consumer that measures
 * end-to-end latency: for each captured frame it decodes the counter record
 * (kmod/tools/vcam-counter.h) and takes CLOCK_MONOTONIC now - embedded
 * timestamp. It also counts new, repeated, unstamped and lost frames
 * (sequence gaps) and, as a second opinion, now - v4l2_buffer.timestamp.
 *
 * usage: cap-reader -d /dev/videoN [-s WxH -f yuyv|nv12] [-b nbufs] [-t sec]
 * Exit status: 0 when at least one stamped frame arrived, 3 when the device
 * refused streaming with EBUSY (another reader streams), 1 otherwise.
 */
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench-common.h"
#include "vcam-counter.h"

#define MAX_BUFS 32

struct samples {
	uint64_t *v;
	size_t n, cap;
};

static void samples_add(struct samples *s, uint64_t x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			exit(1);
	}
	s->v[s->n++] = x;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Percentile @p (0..100) in ms, or -1 without samples. */
static double pct_ms(struct samples *s, double p)
{
	size_t i;

	if (!s->n)
		return -1;
	i = (size_t)(p / 100.0 * (s->n - 1) + 0.5);
	return s->v[i] / 1e6;
}

static int fail(const char *what)
{
	int busy = errno == EBUSY;

	fprintf(stderr, "cap-reader: %s: %s\n", what, strerror(errno));
	return busy ? 3 : 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: cap-reader -d DEV [-s WxH -f yuyv|nv12] [-b n] [-t sec]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dev = NULL;
	unsigned int w = 0, h = 0, nbufs = 4;
	uint32_t fourcc = 0;
	double secs = 0;
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct v4l2_requestbuffers req = { 0 };
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	void *maps[MAX_BUFS];
	struct samples lat = { 0 }, blat = { 0 };
	uint64_t buffers = 0, fresh = 0, repeats = 0, unstamped = 0, lost = 0;
	uint64_t total = 0, last_seq = 0, win_start, start, last = 0;
	int have_seq = 0, yuyv, fd, c;

	while ((c = getopt(argc, argv, "d:s:f:b:t:")) != -1) {
		switch (c) {
		case 'd': dev = optarg; break;
		case 's': if (parse_size(optarg, &w, &h)) usage(); break;
		case 'f': if (!(fourcc = parse_fourcc(optarg))) usage(); break;
		case 'b': nbufs = atoi(optarg); break;
		case 't': secs = atof(optarg); break;
		default: usage();
		}
	}
	if (!dev || nbufs < 1 || nbufs > MAX_BUFS)
		usage();

	fd = open(dev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return fail(dev);
	if (ioctl(fd, VIDIOC_G_FMT, &fmt))
		return fail("G_FMT");
	if (w && fourcc) {
		fmt.fmt.pix.width = w;
		fmt.fmt.pix.height = h;
		fmt.fmt.pix.pixelformat = fourcc;
		fmt.fmt.pix.bytesperline = 0;
		fmt.fmt.pix.field = V4L2_FIELD_NONE;
		if (ioctl(fd, VIDIOC_S_FMT, &fmt))
			return fail("S_FMT");
	}
	w = fmt.fmt.pix.width;
	h = fmt.fmt.pix.height;
	yuyv = fmt.fmt.pix.pixelformat == V4L2_PIX_FMT_YUYV;
	if (!yuyv && fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_NV12) {
		fprintf(stderr, "cap-reader: format is neither YUYV nor NV12\n");
		return 1;
	}

	req.count = nbufs;
	req.type = type;
	req.memory = V4L2_MEMORY_MMAP;
	if (ioctl(fd, VIDIOC_REQBUFS, &req))
		return fail("REQBUFS");
	if (req.count < 1 || req.count > MAX_BUFS) {
		fprintf(stderr, "cap-reader: REQBUFS gave %u buffers\n", req.count);
		return 1;
	}
	for (unsigned int i = 0; i < req.count; i++) {
		struct v4l2_buffer b = { .type = type, .memory = V4L2_MEMORY_MMAP,
					 .index = i };

		if (ioctl(fd, VIDIOC_QUERYBUF, &b))
			return fail("QUERYBUF");
		maps[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, fd,
			       b.m.offset);
		if (maps[i] == MAP_FAILED) {
			fprintf(stderr, "cap-reader: buffer %u of %u: offset %u length %u\n",
				i, req.count, b.m.offset, b.length);
			return fail("mmap");
		}
		if (ioctl(fd, VIDIOC_QBUF, &b))
			return fail("QBUF");
	}
	if (ioctl(fd, VIDIOC_STREAMON, &type))
		return fail("STREAMON");

	bench_install_signals();
	start = win_start = now_ns();
	while (!bench_stop) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct v4l2_buffer b = { .type = type, .memory = V4L2_MEMORY_MMAP };
		struct vcam_counter cnt;
		uint64_t t;

		if (bench_reset) {
			bench_reset = 0;
			buffers = fresh = repeats = unstamped = lost = 0;
			lat.n = blat.n = 0;
			win_start = now_ns();
		}
		if (secs > 0 && now_ns() - start >= secs * 1e9)
			break;
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		if (ioctl(fd, VIDIOC_DQBUF, &b)) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return fail("DQBUF");
		}
		t = now_ns();
		buffers++;
		total++;
		if (b.flags & V4L2_BUF_FLAG_ERROR) {
			unstamped++;
		} else if (vcam_counter_read_raw(maps[b.index], w, h,
						  fmt.fmt.pix.bytesperline, yuyv,
						  &cnt)) {
			unstamped++;
		} else if (have_seq && cnt.seq == last_seq) {
			repeats++;
		} else {
			if (have_seq && cnt.seq > last_seq)
				lost += cnt.seq - last_seq - 1;
			have_seq = 1;
			last_seq = cnt.seq;
			fresh++;
			samples_add(&lat, t - cnt.ts_ns);
			if ((b.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) ==
			    V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC) {
				uint64_t bt = b.timestamp.tv_sec * 1000000000ull +
					      b.timestamp.tv_usec * 1000ull;

				if (bt && bt <= t)
					samples_add(&blat, t - bt);
			}
		}
		if (ioctl(fd, VIDIOC_QBUF, &b))
			return fail("QBUF");
		bench_progress(&last, total);
	}
	ioctl(fd, VIDIOC_STREAMOFF, &type);

	qsort(lat.v, lat.n, sizeof(*lat.v), cmp_u64);
	qsort(blat.v, blat.n, sizeof(*blat.v), cmp_u64);
	printf("RESULT {\"buffers\": %llu, \"fresh\": %llu, \"repeats\": %llu, "
	       "\"unstamped\": %llu, \"lost\": %llu, \"seconds\": %.3f, "
	       "\"lat_n\": %zu, \"lat_p50_ms\": %.3f, \"lat_p99_ms\": %.3f, "
	       "\"lat_max_ms\": %.3f, \"buflat_p50_ms\": %.3f, "
	       "\"buflat_p99_ms\": %.3f, \"nbufs\": %u}\n",
	       (unsigned long long)buffers, (unsigned long long)fresh,
	       (unsigned long long)repeats, (unsigned long long)unstamped,
	       (unsigned long long)lost, (now_ns() - win_start) / 1e9, lat.n,
	       pct_ms(&lat, 50), pct_ms(&lat, 99), pct_ms(&lat, 100),
	       pct_ms(&blat, 50), pct_ms(&blat, 99), req.count);
	return have_seq ? 0 : 1;
}
