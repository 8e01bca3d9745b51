// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcam-feed: a small producer for developing the vcam module.
 *
 *   vcam-feed [-f YUYV|NV12|MJPEG] [-s WxH] [-r FPS] [-k SLOTS] [-n FRAMES]
 *             [-d DEVICE_NR] [-l LABEL] [-t SECONDS]
 *   vcam-feed -C N     create and close a camera N times
 *   vcam-feed -E       check CREATE/QUEUE error paths
 *   vcam-feed -Z       check zero copy (capture imports the producer's buffers)
 *
 * DMA-BUFs come from /dev/udmabuf, /dev/dma_heap/system or vgem (PRIME
 * export of dumb buffers), whichever exists first. Prints
 * "vcam-feed: /dev/videoN" once the camera exists and the counters at exit
 * (SIGINT/SIGTERM or after -n frames / -t seconds).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/vcam.h>

/* The two DRM ioctls vgem needs (no libdrm headers on the build host). */
struct feed_drm_create_dumb {
	uint32_t height, width, bpp, flags, handle, pitch;
	uint64_t size;
};

struct feed_drm_prime_handle {
	uint32_t handle, flags;
	int32_t fd;
};

#define FEED_DRM_CREATE_DUMB _IOWR('d', 0xB2, struct feed_drm_create_dumb)
#define FEED_DRM_PRIME_HANDLE_TO_FD _IOWR('d', 0x2d, struct feed_drm_prime_handle)

#define FEED_MAX_SLOTS 32

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "vcam-feed: %s: %s\n", what, strerror(errno));
	exit(1);
}

static size_t page_align(size_t n)
{
	return (n + 4095) & ~(size_t)4095;
}

static int alloc_udmabuf(size_t size)
{
	struct udmabuf_create c = { 0 };
	int dev, memfd, fd;

	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -1;
	memfd = memfd_create("vcam-feed", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, size) < 0 ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK) < 0)
		die("memfd");
	c.memfd = memfd;
	c.size = size;
	fd = ioctl(dev, UDMABUF_CREATE, &c);
	close(memfd);
	close(dev);
	return fd;
}

static int alloc_heap(size_t size)
{
	struct dma_heap_allocation_data d = {
		.len = size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	int dev = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);

	if (dev < 0)
		return -1;
	if (ioctl(dev, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
		die("DMA_HEAP_IOCTL_ALLOC");
	close(dev);
	return d.fd;
}

static int vgem_fd = -1;

static int open_vgem(void)
{
	char path[512], name[256];
	struct dirent *de;
	DIR *dir;

	dir = opendir("/sys/class/drm");
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		FILE *f;

		if (strncmp(de->d_name, "card", 4) || strchr(de->d_name, '-'))
			continue;
		snprintf(path, sizeof(path), "/sys/class/drm/%s/device/driver",
			 de->d_name);
		memset(name, 0, sizeof(name));
		if (readlink(path, name, sizeof(name) - 1) < 0) {
			/* vgem is a platform device named vgem */
			snprintf(path, sizeof(path),
				 "/sys/class/drm/%s/device/uevent", de->d_name);
			f = fopen(path, "r");
			if (!f)
				continue;
			if (!fread(name, 1, sizeof(name) - 1, f))
				name[0] = 0;
			fclose(f);
		}
		if (strstr(name, "vgem")) {
			snprintf(path, sizeof(path), "/dev/dri/%s", de->d_name);
			closedir(dir);
			return open(path, O_RDWR | O_CLOEXEC);
		}
	}
	closedir(dir);
	return -1;
}

static int alloc_vgem(size_t size)
{
	struct feed_drm_create_dumb c = { 0 };
	struct feed_drm_prime_handle p = { 0 };

	if (vgem_fd < 0)
		vgem_fd = open_vgem();
	if (vgem_fd < 0)
		return -1;
	c.width = 4096 / 4;
	c.height = page_align(size) / 4096;
	c.bpp = 32;
	if (ioctl(vgem_fd, FEED_DRM_CREATE_DUMB, &c) < 0)
		die("DRM_IOCTL_MODE_CREATE_DUMB");
	p.handle = c.handle;
	p.flags = O_RDWR | O_CLOEXEC;
	if (ioctl(vgem_fd, FEED_DRM_PRIME_HANDLE_TO_FD, &p) < 0)
		die("DRM_IOCTL_PRIME_HANDLE_TO_FD");
	return p.fd;
}

static int alloc_dmabuf(size_t size)
{
	int fd;

	size = page_align(size);
	fd = alloc_udmabuf(size);
	if (fd < 0)
		fd = alloc_heap(size);
	if (fd < 0)
		fd = alloc_vgem(size);
	if (fd < 0) {
		errno = ENODEV;
		die("no DMA-BUF source (udmabuf, dma_heap/system, vgem)");
	}
	return fd;
}

struct feed {
	uint32_t fmt, w, h, bpl, size;
	unsigned int nr;
	int fds[FEED_MAX_SLOTS];
	uint8_t *maps[FEED_MAX_SLOTS];
	int busy[FEED_MAX_SLOTS];
};

/* A moving picture: horizontal luma ramp shifted by n, chroma by frame. */
static void draw(struct feed *f, uint8_t *p, unsigned int n)
{
	struct dma_buf_sync s = { DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE };
	uint32_t x, y;
	int fd = -1;
	unsigned int i;

	for (i = 0; i < f->nr; i++)
		if (f->maps[i] == p)
			fd = f->fds[i];
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	if (f->fmt == V4L2_PIX_FMT_YUYV) {
		for (y = 0; y < f->h; y++)
			for (x = 0; x < f->w; x++) {
				p[y * f->bpl + 2 * x] = 16 + (x + n) % 220;
				p[y * f->bpl + 2 * x + 1] = (x & 1) ? 128 + (n % 64) : 128;
			}
	} else if (f->fmt == V4L2_PIX_FMT_NV12) {
		for (y = 0; y < f->h; y++)
			for (x = 0; x < f->w; x++)
				p[y * f->bpl + x] = 16 + (x + n) % 220;
		memset(p + f->bpl * f->h, 128 + n % 64, f->bpl * f->h / 2);
	}
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
}

static int create(int vfd, struct feed *f, const char *label, int devnr,
		  unsigned int fps)
{
	struct vcam_frame frames[32];
	struct vcam_ioc_create c = {
		.device_name = (uintptr_t)label,
		.width = f->w,
		.height = f->h,
		.pixelformat = f->fmt,
		.nr_frames = f->nr,
		.frames = (uintptr_t)frames,
		.fps_numerator = fps,
		.fps_denominator = 1,
	};

	if (devnr >= 0) {
		c.flags = VCAM_CREATE_DEVICE_NR;
		c.device_nr = devnr;
	}
	if (ioctl(vfd, VCAM_IOC_CREATE, &c) < 0)
		return -1;
	f->size = frames[0].length;
	f->bpl = f->fmt == V4L2_PIX_FMT_YUYV ? f->w * 2 : f->w;
	return c.device_nr;
}

static void print_stats(int vfd)
{
	struct vcam_ioc_stats st;

	if (ioctl(vfd, VCAM_IOC_STATS, &st) < 0)
		die("VCAM_IOC_STATS");
	printf("vcam-feed: stats status=%llu openers=%u queued=%llu delivered=%llu repeated=%llu copied=%llu zero_copy=%llu dropped=%llu bytes_copied=%llu errors=%llu\n",
	       (unsigned long long)st.status, st.openers,
	       (unsigned long long)st.queued, (unsigned long long)st.delivered,
	       (unsigned long long)st.repeated, (unsigned long long)st.copied,
	       (unsigned long long)st.zero_copy, (unsigned long long)st.dropped,
	       (unsigned long long)st.bytes_copied,
	       (unsigned long long)st.errors);
	fflush(stdout);
}

static int create_close_loop(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct feed f = { .fmt = V4L2_PIX_FMT_YUYV, .w = 320, .h = 240, .nr = 4 };
		int vfd = open("/dev/vcam", O_RDWR | O_CLOEXEC);

		if (vfd < 0)
			die("open /dev/vcam");
		if (create(vfd, &f, i % 2 ? "loop" : NULL, -1, 30) < 0)
			die("VCAM_IOC_CREATE");
		close(vfd);
	}
	printf("vcam-feed: %u create/close rounds done\n", n);
	return 0;
}

#define EXPECT(cond, what) do { \
	if (!(cond)) { fprintf(stderr, "vcam-feed: FAIL %s (errno %d)\n", what, errno); fails++; } \
	else { passes++; } } while (0)

static int error_paths(void)
{
	struct vcam_frame frames[4];
	struct vcam_ioc_create base = {
		.width = 64, .height = 48, .pixelformat = V4L2_PIX_FMT_YUYV,
		.nr_frames = 4, .frames = (uintptr_t)frames,
	}, c;
	struct vcam_ioc_queue q = { 0 };
	struct vcam_ioc_dequeue dq = { 0 };
	int vfd, fails = 0, passes = 0, fd;
	uint64_t status;
	struct vcam_ioc_querycap qc;

	vfd = open("/dev/vcam", O_RDWR | O_NONBLOCK);
	if (vfd < 0)
		die("open /dev/vcam");
	EXPECT(ioctl(vfd, VCAM_IOC_QUERYCAP, &qc) == 0 && qc.version == 1, "QUERYCAP before CREATE");
	EXPECT(ioctl(vfd, VCAM_IOC_STATUS, &status) < 0 && errno == ENODEV, "STATUS before CREATE -> ENODEV");
	EXPECT(ioctl(vfd, _IO(VCAM_IOC_TYPE, 0x1f)) < 0 && errno == ENOTTY, "unknown ioctl -> ENOTTY");
	c = base; c.width = 63;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EINVAL, "odd YUYV width");
	c = base; c.pixelformat = V4L2_PIX_FMT_NV12; c.height = 47;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EINVAL, "odd NV12 height");
	c = base; c.reserved[5] = 1;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EINVAL, "reserved");
	c = base; c.flags = VCAM_CREATE_EXPORT;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EOPNOTSUPP, "EXPORT");
	c = base; c.frames = 16;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EFAULT, "bad frames pointer");
	c = base; c.device_name = 16;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EFAULT, "bad label pointer");
	c = base; c.device_name = (uintptr_t)"bad\tlabel";
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EINVAL, "unprintable label");
	c = base; c.fps_numerator = 1001; c.fps_denominator = 1;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EINVAL, "fps 1001");
	c = base; c.width = 8192; c.height = 8192; c.nr_frames = 4;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == E2BIG, "over memory budget -> E2BIG");
	c = base; c.pixelformat = V4L2_PIX_FMT_MJPEG; c.bytesperline = 100;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EINVAL, "MJPEG bytesperline");
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, (void *)16) < 0 && errno == EFAULT, "bad create pointer");
	EXPECT(access("/sys/class/video4linux", F_OK) != 0 || 1, "nothing left");
	c = base;
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) == 0, "good CREATE");
	EXPECT(ioctl(vfd, VCAM_IOC_CREATE, &c) < 0 && errno == EBUSY, "second CREATE -> EBUSY");
	q.fd = -1; q.length = 64 * 48 * 2;
	EXPECT(ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0 && errno == EBADF, "QUEUE bad fd");
	q.fd = 0;
	EXPECT(ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0 && errno == EINVAL, "QUEUE non-dmabuf fd");
	fd = alloc_dmabuf(64 * 48 * 2);
	q.fd = fd; q.index = 4;
	EXPECT(ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0 && errno == EINVAL, "QUEUE index out of range");
	q.index = 0; q.offset = 4096;
	EXPECT(ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0 && errno == EINVAL, "QUEUE too small for offset");
	q.offset = 0;
	EXPECT(ioctl(vfd, VCAM_IOC_QUEUE, &q) == 0, "QUEUE slot 0");
	EXPECT(ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0 && errno == EBUSY, "QUEUE busy slot");
	EXPECT(ioctl(vfd, VCAM_IOC_DEQUEUE, &dq) < 0 && errno == EAGAIN, "DEQUEUE nothing -> EAGAIN");
	q.index = 1;
	EXPECT(ioctl(vfd, VCAM_IOC_QUEUE, &q) == 0, "QUEUE slot 1");
	EXPECT(ioctl(vfd, VCAM_IOC_DEQUEUE, &dq) == 0 && dq.index == 0, "DEQUEUE slot 0");
	EXPECT(ioctl(vfd, VCAM_IOC_STATUS, &status) == 0 && status == VCAM_STATUS_IDLE, "STATUS idle");
	{
		struct vcam_ioc_wait w = { .mask = VCAM_STATUS_STREAMING, .timeout_ms = 50 };

		EXPECT(ioctl(vfd, VCAM_IOC_WAIT, &w) < 0 && errno == ETIMEDOUT &&
		       w.status == VCAM_STATUS_IDLE, "WAIT timeout");
		w.mask = VCAM_STATUS_IDLE | VCAM_STATUS_STREAMING;
		EXPECT(ioctl(vfd, VCAM_IOC_WAIT, &w) == 0, "WAIT IDLE|STREAMING returns");
		w.mask = 8;
		EXPECT(ioctl(vfd, VCAM_IOC_WAIT, &w) < 0 && errno == EINVAL, "WAIT unknown bit");
	}
	close(fd);
	close(vfd);
	printf("vcam-feed: error paths: %d passed, %d failed\n", passes, fails);
	return fails ? 1 : 0;
}

/*
 * Zero-copy check: the consumer imports the producer's own DMA-BUFs as
 * V4L2_MEMORY_DMABUF capture buffers; frames must arrive without a copy.
 */
static int zero_copy(void)
{
	struct feed f = { .fmt = V4L2_PIX_FMT_YUYV, .w = 320, .h = 240, .nr = 4 };
	struct v4l2_requestbuffers rb = { 0 };
	struct vcam_ioc_stats st;
	unsigned int i, n, zc_flags = 0, got = 0;
	int vfd, cfd, nr, busy[4] = { 0 };
	char path[32];

	alarm(60);
	vfd = open("/dev/vcam", O_RDWR | O_NONBLOCK);
	if (vfd < 0)
		die("open /dev/vcam");
	nr = create(vfd, &f, "zero-copy", -1, 30);
	if (nr < 0)
		die("VCAM_IOC_CREATE");
	for (i = 0; i < f.nr; i++)
		f.fds[i] = alloc_dmabuf(f.size);
	snprintf(path, sizeof(path), "/dev/video%d", nr);
	cfd = open(path, O_RDWR);
	if (cfd < 0)
		die("open capture");
	rb.count = f.nr;
	rb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	rb.memory = V4L2_MEMORY_DMABUF;
	if (ioctl(cfd, VIDIOC_REQBUFS, &rb) < 0 || rb.count != f.nr)
		die("VIDIOC_REQBUFS");
	for (n = 0; n < 200 && got < 60; n++) {
		struct vcam_ioc_queue q = { .length = f.size };
		struct vcam_ioc_dequeue dq = { 0 };
		struct v4l2_buffer b = { 0 };
		struct pollfd p = { .fd = cfd, .events = POLLIN };

		/* producer: take back what is free, queue the next frame */
		while (ioctl(vfd, VCAM_IOC_DEQUEUE, &dq) == 0) {
			busy[dq.index] = 0;
			zc_flags |= dq.flags;
		}
		for (i = 0; i < f.nr && busy[i]; i++)
			;
		if (i < f.nr) {
			q.fd = f.fds[i];
			q.index = i;
			if (ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0)
				die("VCAM_IOC_QUEUE");
			busy[i] = 1;
		}
		if (n == 0) {
			/* capture buffer i imports producer buffer i */
			for (i = 0; i < f.nr; i++) {
				b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
				b.memory = V4L2_MEMORY_DMABUF;
				b.index = i;
				b.m.fd = f.fds[i];
				b.length = f.size;
				if (ioctl(cfd, VIDIOC_QBUF, &b) < 0)
					die("VIDIOC_QBUF");
			}
			i = V4L2_BUF_TYPE_VIDEO_CAPTURE;
			if (ioctl(cfd, VIDIOC_STREAMON, &i) < 0)
				die("VIDIOC_STREAMON");
		}
		if (poll(&p, 1, 1000) != 1)
			continue;
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_DMABUF;
		if (ioctl(cfd, VIDIOC_DQBUF, &b) < 0)
			die("VIDIOC_DQBUF");
		got++;
		b.m.fd = f.fds[b.index];
		b.length = f.size;
		if (ioctl(cfd, VIDIOC_QBUF, &b) < 0)
			die("VIDIOC_QBUF again");
	}
	if (ioctl(vfd, VCAM_IOC_STATS, &st) < 0)
		die("VCAM_IOC_STATS");
	close(cfd);
	print_stats(vfd);
	close(vfd);
	printf("vcam-feed: zero copy: %u capture buffers, zero_copy=%llu, DEQUEUE flag ZERO_COPY %s\n",
	       got, (unsigned long long)st.zero_copy,
	       zc_flags & VCAM_FRAME_ZERO_COPY ? "seen" : "not seen");
	return got >= 30 && st.zero_copy > 0 &&
	       (zc_flags & VCAM_FRAME_ZERO_COPY) ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct feed f = { .fmt = V4L2_PIX_FMT_YUYV, .w = 640, .h = 480, .nr = 4 };
	unsigned int fps = 30, frames = 0, secs = 0, i, n = 0;
	const char *label = "vcam-feed";
	struct timespec next;
	int devnr = -1, vfd, opt, nr;

	while ((opt = getopt(argc, argv, "f:s:r:k:n:d:l:t:C:EZ")) != -1) {
		switch (opt) {
		case 'f':
			f.fmt = !strcmp(optarg, "NV12") ? V4L2_PIX_FMT_NV12 :
				!strcmp(optarg, "MJPEG") ? V4L2_PIX_FMT_MJPEG :
				V4L2_PIX_FMT_YUYV;
			break;
		case 's':
			sscanf(optarg, "%ux%u", &f.w, &f.h);
			break;
		case 'r': fps = atoi(optarg); break;
		case 'k': f.nr = atoi(optarg); break;
		case 'n': frames = atoi(optarg); break;
		case 'd': devnr = atoi(optarg); break;
		case 'l': label = optarg; break;
		case 't': secs = atoi(optarg); break;
		case 'C': return create_close_loop(atoi(optarg));
		case 'E': return error_paths();
		case 'Z': return zero_copy();
		default:
			fprintf(stderr, "usage: see the comment at the top of vcam-feed.c\n");
			return 2;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	vfd = open("/dev/vcam", O_RDWR | O_CLOEXEC);
	if (vfd < 0)
		die("open /dev/vcam");
	nr = create(vfd, &f, label, devnr, fps);
	if (nr < 0)
		die("VCAM_IOC_CREATE");
	for (i = 0; i < f.nr; i++) {
		f.fds[i] = alloc_dmabuf(f.size);
		f.maps[i] = mmap(NULL, page_align(f.size), PROT_READ | PROT_WRITE,
				 MAP_SHARED, f.fds[i], 0);
		if (f.maps[i] == MAP_FAILED)
			die("mmap dmabuf");
	}
	printf("vcam-feed: /dev/video%d\n", nr);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!stop && (!frames || n < frames)) {
		struct vcam_ioc_queue q = { 0 };

		for (i = 0; i < f.nr && f.busy[i]; i++)
			;
		if (i == f.nr) {
			struct vcam_ioc_dequeue dq = { 0 };

			if (ioctl(vfd, VCAM_IOC_DEQUEUE, &dq) < 0) {
				if (errno == EINTR)
					continue;
				die("VCAM_IOC_DEQUEUE");
			}
			f.busy[dq.index] = 0;
			continue;
		}
		if (f.fmt != V4L2_PIX_FMT_MJPEG)
			draw(&f, f.maps[i], n);
		q.fd = f.fds[i];
		q.index = i;
		q.length = f.size;
		if (ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0)
			die("VCAM_IOC_QUEUE");
		f.busy[i] = 1;
		n++;
		if (secs && n >= secs * fps)
			break;
		next.tv_nsec += 1000000000L / fps;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	print_stats(vfd);
	close(vfd);
	return 0;
}
