// SPDX-License-Identifier: GPL-2.0+
/*
 * v4l2-read - capture frames with read() (V4L2_CAP_READWRITE), which
 * v4l2-ctl cannot do.
 *
 *   v4l2-read DEVICE COUNT OUTFILE
 *
 * Writes COUNT frames of the current format to OUTFILE, each exactly as
 * read() returned it. Waits at most 5 s for every frame. Exit status: 0 ok,
 * 1 error, 2 usage, 3 the device does not support read().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/videodev2.h>

int main(int argc, char **argv)
{
	struct v4l2_capability cap = { 0 };
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	long count;
	FILE *out;
	char *buf;
	int fd;

	if (argc != 4 || (count = strtol(argv[2], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: v4l2-read DEVICE COUNT OUTFILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "v4l2-read: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0 ||
	    ioctl(fd, VIDIOC_G_FMT, &fmt) < 0) {
		fprintf(stderr, "v4l2-read: QUERYCAP/G_FMT: %s\n", strerror(errno));
		return 1;
	}
	if (!(cap.device_caps & V4L2_CAP_READWRITE)) {
		fprintf(stderr, "v4l2-read: %s does not support read()\n", argv[1]);
		return 3;
	}
	buf = malloc(fmt.fmt.pix.sizeimage);
	out = fopen(argv[3], "wb");
	if (!buf || !out) {
		fprintf(stderr, "v4l2-read: %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	for (long i = 0; i < count; i++) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 5000) != 1) {
			fprintf(stderr, "v4l2-read: no frame within 5 s (frame %ld)\n", i);
			return 1;
		}
		n = read(fd, buf, fmt.fmt.pix.sizeimage);
		if (n < 0 && errno == EAGAIN) {
			i--;
			continue;
		}
		if (n <= 0) {
			fprintf(stderr, "v4l2-read: read: %s\n",
				n < 0 ? strerror(errno) : "end of file");
			return 1;
		}
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n) {
			fprintf(stderr, "v4l2-read: write: %s\n", strerror(errno));
			return 1;
		}
	}
	if (fclose(out)) {
		fprintf(stderr, "v4l2-read: %s: %s\n", argv[3], strerror(errno));
		return 1;
	}
	close(fd);
	free(buf);
	return 0;
}
