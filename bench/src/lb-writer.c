// SPDX-License-Identifier: GPL-2.0+
/*
 * lb-writer - the best case producer for v4l2loopback: write() of
 * pre-rendered frames, each stamped with the vcam counter record
 * (kmod/tools/vcam-counter.h) so that latency is measured as for vcam.
 *
 * usage: lb-writer -d /dev/videoN -s WxH [-f yuyv|nv12] [-r fps] [-t sec]
 *	-r 0 (default) writes unthrottled; -t 0 runs until SIGTERM.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bench-common.h"
#include "vcam-counter.h"

#define NR_VARIANTS 2

static void usage(void)
{
	fprintf(stderr, "usage: lb-writer -d DEV -s WxH [-f yuyv|nv12] [-r fps] [-t sec]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dev = NULL;
	unsigned int w = 0, h = 0, bpl;
	uint32_t fourcc = V4L2_PIX_FMT_YUYV;
	double fps = 0, secs = 0;
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };
	uint8_t *frames[NR_VARIANTS];
	uint64_t seq = 0, written = 0, errors = 0, start, next, last = 0;
	size_t size;
	int fd, c;

	while ((c = getopt(argc, argv, "d:s:f:r:t:")) != -1) {
		switch (c) {
		case 'd': dev = optarg; break;
		case 's': if (parse_size(optarg, &w, &h)) usage(); break;
		case 'f': if (!(fourcc = parse_fourcc(optarg))) usage(); break;
		case 'r': fps = atof(optarg); break;
		case 't': secs = atof(optarg); break;
		default: usage();
		}
	}
	if (!dev || !w)
		usage();
	raw_layout(fourcc, w, h, &bpl, &size);

	fd = open(dev, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "lb-writer: %s: %s\n", dev, strerror(errno));
		return 1;
	}
	fmt.fmt.pix.width = w;
	fmt.fmt.pix.height = h;
	fmt.fmt.pix.pixelformat = fourcc;
	fmt.fmt.pix.field = V4L2_FIELD_NONE;
	fmt.fmt.pix.bytesperline = bpl;
	fmt.fmt.pix.sizeimage = size;
	if (ioctl(fd, VIDIOC_S_FMT, &fmt)) {
		fprintf(stderr, "lb-writer: S_FMT: %s\n", strerror(errno));
		return 1;
	}
	if (fmt.fmt.pix.width != w || fmt.fmt.pix.height != h ||
	    fmt.fmt.pix.pixelformat != fourcc || fmt.fmt.pix.sizeimage < size) {
		fprintf(stderr, "lb-writer: device chose %ux%u sizeimage %u\n",
			fmt.fmt.pix.width, fmt.fmt.pix.height, fmt.fmt.pix.sizeimage);
		return 1;
	}
	if (fmt.fmt.pix.bytesperline)
		bpl = fmt.fmt.pix.bytesperline;
	size = fmt.fmt.pix.sizeimage;
	for (int i = 0; i < NR_VARIANTS; i++) {
		frames[i] = aligned_alloc(4096, (size + 4095) & ~4095ul);
		if (!frames[i])
			return 1;
		render_frame(frames[i], fourcc, w, h, bpl, i);
	}

	bench_install_signals();
	start = next = now_ns();
	while (!bench_stop) {
		uint8_t *f = frames[seq % NR_VARIANTS];
		struct vcam_counter cnt = { .seq = seq, .ts_ns = now_ns() };
		ssize_t n;

		vcam_counter_stamp_raw(f, w, h, bpl,
				       fourcc == V4L2_PIX_FMT_YUYV, &cnt);
		n = write(fd, f, size);
		if (n != (ssize_t)size) {
			if (n < 0 && errno == EINTR)
				continue;
			if (++errors == 1)
				fprintf(stderr, "lb-writer: write: %s\n",
					n < 0 ? strerror(errno) : "short");
			if (errors > 100)
				break;
		} else {
			written++;
		}
		seq++;
		bench_progress(&last, written);
		if (secs > 0 && now_ns() - start >= secs * 1e9)
			break;
		if (fps > 0) {
			next += 1e9 / fps;
			sleep_until_ns(next);
		}
	}
	printf("RESULT {\"frames\": %llu, \"errors\": %llu, \"seconds\": %.3f, "
	       "\"frame_bytes\": %zu}\n", (unsigned long long)written,
	       (unsigned long long)errors, (now_ns() - start) / 1e9, size);
	return written ? 0 : 1;
}
