// SPDX-License-Identifier: GPL-2.0+
/*
 * vcam_selftest - checks the /dev/vcam uAPI against include/uapi/linux/vcam.h.
 *
 * Run as root with the vcam module loaded and a DMA-BUF source available
 * (udmabuf, the system dma-heap, or vgem: `modprobe vgem` on 6.1).
 *
 *   vcam_selftest [-v] [TEST-NAME-SUBSTRING...]
 *
 * Every test runs in its own child process under a timeout, so a hang or a
 * crash fails that test only, and every file the test opened (and with it
 * its cameras) is gone before the next one starts. Output is kselftest
 * style ("ok N name" / "not ok N name # reason") and ends with
 * "N passed, N failed, N skipped"; the exit status is 1 if any test failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "../../include/uapi/linux/vcam.h"
#include "../../tools/dmabuf-alloc.h"
#include "../../tools/vcam-counter.h"

#define PASS 0
#define FAIL 1
#define SKIP 77
#define TEST_TIMEOUT_S 90
#define MAX_SLOTS 32

static bool verbose;
static struct vcam_ioc_querycap g_cap;
static struct dmabuf_allocator g_alloc;

/* ---- reporting ------------------------------------------------------ */

static void __attribute__((format(printf, 2, 3)))
fail_at(int line, const char *fmt, ...)
{
	va_list ap;

	printf("#   line %d: ", line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void __attribute__((format(printf, 1, 2))) info(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	printf("#   ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fail_at(__LINE__, __VA_ARGS__);				\
		return FAIL;						\
	}								\
} while (0)

/* Run an ioctl expected to fail with @err. */
#define EXPECT_ERR(fd, req, arg, err, what) do {			\
	int _r = ioctl(fd, req, arg), _e = errno;			\
	CHECK(_r < 0 && _e == (err), "%s: expected %s, got %s", what,	\
	      strerrorname_np(err), _r < 0 ? strerrorname_np(_e) : "success"); \
} while (0)

#define EXPECT_OK(fd, req, arg, what) do {				\
	int _r = ioctl(fd, req, arg), _e = errno;			\
	CHECK(_r == 0, "%s: expected success, got %s", what,		\
	      strerrorname_np(_e));					\
} while (0)

/* Propagate the result of a helper returning PASS/FAIL. */
#define TRY(expr) do { int _t = (expr); if (_t != PASS) return _t; } while (0)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- the producer side ---------------------------------------------- */

struct cam {
	int fd;
	struct vcam_ioc_create req;
	struct vcam_frame frames[MAX_SLOTS];
	struct dmabuf bufs[MAX_SLOTS];
	bool busy[MAX_SLOTS];
	uint32_t nr;
	uint64_t seq;
	uint32_t seen_flags;	/* OR of dequeued flags */
	uint64_t dequeued;
	char dev[32];
};

static int vcam_open(void)
{
	int fd = open("/dev/vcam", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		printf("#   open /dev/vcam: %s\n", strerror(errno));
	return fd;
}

static void cam_init_req(struct cam *cam, uint32_t w, uint32_t h,
			 uint32_t fourcc, uint32_t nr)
{
	memset(&cam->req, 0, sizeof(cam->req));
	cam->req.width = w;
	cam->req.height = h;
	cam->req.pixelformat = fourcc;
	cam->req.nr_frames = nr;
	cam->req.frames = (uintptr_t)cam->frames;
	cam->req.device_name = (uintptr_t)"vcam selftest";
	cam->req.fps_numerator = 60;
	cam->req.fps_denominator = 1;
	cam->nr = nr;
}

/* CREATE with cam->req already set up; allocates the DMA-BUFs. */
static int cam_create_req(struct cam *cam)
{
	if (ioctl(cam->fd, VCAM_IOC_CREATE, &cam->req) < 0)
		return -errno;
	snprintf(cam->dev, sizeof(cam->dev), "/dev/video%u", cam->req.device_nr);
	for (uint32_t i = 0; i < cam->nr; i++) {
		int r = dmabuf_alloc(&g_alloc, cam->frames[i].length,
				     &cam->bufs[i]);

		if (r) {
			printf("#   dmabuf_alloc(%u): %s\n", cam->frames[i].length,
			       strerror(-r));
			return r;
		}
		memset(cam->bufs[i].map, 0x80, cam->bufs[i].size);
	}
	return 0;
}

static int cam_create(struct cam *cam, uint32_t w, uint32_t h,
		      uint32_t fourcc, uint32_t nr)
{
	memset(cam, 0, sizeof(*cam));
	cam->fd = vcam_open();
	if (cam->fd < 0)
		return -ENODEV;
	cam_init_req(cam, w, h, fourcc, nr);
	return cam_create_req(cam);
}

static void cam_close(struct cam *cam)
{
	for (uint32_t i = 0; i < cam->nr; i++)
		if (cam->bufs[i].map && cam->bufs[i].map != MAP_FAILED)
			dmabuf_free(&g_alloc, &cam->bufs[i]);
	if (cam->fd >= 0)
		close(cam->fd);
	cam->fd = -1;
}

static int cam_queue_raw(struct cam *cam, int fd, uint32_t index,
			 uint32_t length, uint32_t offset, uint64_t ts)
{
	struct vcam_ioc_queue q = {
		.fd = fd, .index = index, .length = length, .offset = offset,
		.timestamp = ts,
	};

	return ioctl(cam->fd, VCAM_IOC_QUEUE, &q) < 0 ? -errno : 0;
}

static bool is_raw(uint32_t fourcc)
{
	return fourcc != V4L2_PIX_FMT_MJPEG;
}

/* Stamp the counter into slot @i (raw formats only). */
static void cam_stamp(struct cam *cam, uint32_t i, uint64_t seq, uint64_t ts)
{
	struct vcam_counter c = { .seq = seq, .ts_ns = ts };
	uint32_t fourcc = cam->req.pixelformat;
	uint32_t bpl = cam->req.bytesperline;

	if (!is_raw(fourcc))
		return;
	if (!bpl)
		bpl = fourcc == V4L2_PIX_FMT_YUYV ? cam->req.width * 2 :
						     cam->req.width;
	dmabuf_begin_write(&cam->bufs[i]);
	vcam_counter_stamp_raw(cam->bufs[i].map, cam->req.width,
			       cam->req.height, bpl,
			       fourcc == V4L2_PIX_FMT_YUYV, &c);
	dmabuf_end_write(&cam->bufs[i]);
}

/* Dequeue everything that is ready (non-blocking). Returns 0 or -errno. */
static int cam_drain(struct cam *cam)
{
	for (;;) {
		struct vcam_ioc_dequeue dq = { 0 };

		if (ioctl(cam->fd, VCAM_IOC_DEQUEUE, &dq) < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (dq.index >= cam->nr || !cam->busy[dq.index]) {
			printf("#   DEQUEUE returned slot %u, not queued\n", dq.index);
			return -EPROTO;
		}
		cam->busy[dq.index] = false;
		cam->seen_flags |= dq.flags;
		cam->dequeued++;
	}
}

/*
 * Queue the next frame into a free slot, waiting at most @wait_ms for one
 * to come back. Returns 0, -ETIMEDOUT (the producer stalled) or -errno.
 */
static int cam_pump_one(struct cam *cam, int wait_ms)
{
	uint32_t i;
	int r;

	for (;;) {
		r = cam_drain(cam);
		if (r)
			return r;
		for (i = 0; i < cam->nr && cam->busy[i]; i++)
			;
		if (i < cam->nr)
			break;
		struct pollfd pfd = { .fd = cam->fd, .events = POLLIN };

		r = poll(&pfd, 1, wait_ms);
		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0)
			return -errno;
	}
	uint64_t ts = now_ns();
	uint32_t len = is_raw(cam->req.pixelformat) ? cam->frames[i].length : 64;

	cam_stamp(cam, i, cam->seq, ts);
	r = cam_queue_raw(cam, cam->bufs[i].fd, i, len, 0, ts);
	if (r)
		return r;
	cam->busy[i] = true;
	cam->seq++;
	return cam_drain(cam);
}

/* The camera still works: push enough frames to cycle every slot. */
static int cam_works(struct cam *cam, int line)
{
	for (uint32_t n = 0; n < cam->nr + 2; n++) {
		int r = cam_pump_one(cam, 2000);

		if (r) {
			fail_at(line, "camera no longer works after the call: frame %u: %s",
				n, strerrorname_np(-r));
			return FAIL;
		}
	}
	return PASS;
}
#define CAM_WORKS(cam) TRY(cam_works(cam, __LINE__))

static uint64_t cam_status(struct cam *cam)
{
	uint64_t st = 0;

	if (ioctl(cam->fd, VCAM_IOC_STATUS, &st) < 0)
		return UINT64_MAX;
	return st;
}

static bool path_exists(const char *p)
{
	struct stat st;

	return !stat(p, &st);
}

/* Wait until @path disappears (device nodes go away asynchronously). */
static bool wait_gone(const char *path, int ms)
{
	for (int t = 0; t < ms; t += 10) {
		if (!path_exists(path))
			return true;
		sleep_ms(10);
	}
	return !path_exists(path);
}

/* ---- a V4L2 MMAP consumer ------------------------------------------- */

struct consumer {
	int fd;
	uint32_t n;
	void *map[8];
	size_t len[8];
};

static int consumer_start(struct consumer *c, const char *dev, uint32_t nbufs)
{
	struct v4l2_requestbuffers rb = {
		.count = nbufs, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_MMAP,
	};
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

	memset(c, 0, sizeof(*c));
	c->fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (c->fd < 0)
		return -errno;
	if (ioctl(c->fd, VIDIOC_REQBUFS, &rb) < 0)
		return -errno;
	c->n = rb.count < 8 ? rb.count : 8;
	for (uint32_t i = 0; i < c->n; i++) {
		struct v4l2_buffer b = {
			.index = i, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_MMAP,
		};

		if (ioctl(c->fd, VIDIOC_QUERYBUF, &b) < 0)
			return -errno;
		c->len[i] = b.length;
		c->map[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, c->fd,
				 b.m.offset);
		if (c->map[i] == MAP_FAILED)
			return -errno;
		if (ioctl(c->fd, VIDIOC_QBUF, &b) < 0)
			return -errno;
	}
	if (ioctl(c->fd, VIDIOC_STREAMON, &type) < 0)
		return -errno;
	return 0;
}

/* Wait up to @ms for a buffer; returns 0, -ETIMEDOUT or -errno. */
static int consumer_dqbuf(struct consumer *c, int ms, struct v4l2_buffer *b)
{
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	int r = poll(&pfd, 1, ms);

	if (r == 0)
		return -ETIMEDOUT;
	if (r < 0)
		return -errno;
	memset(b, 0, sizeof(*b));
	b->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	b->memory = V4L2_MEMORY_MMAP;
	if (ioctl(c->fd, VIDIOC_DQBUF, b) < 0)
		return -errno;
	return 0;
}

static int consumer_qbuf(struct consumer *c, struct v4l2_buffer *b)
{
	return ioctl(c->fd, VIDIOC_QBUF, b) < 0 ? -errno : 0;
}

/*
 * Child process body: stream @frames frames from @dev, checking the counter
 * stamps (@w x @h YUYV) never go backwards. Writes 'S' to @pipefd once
 * streaming and 'F' after 5 frames. @mode: 0 = exit after @frames,
 * 1 = STREAMOFF after @frames, write 'O' and wait for the pipe to close,
 * 2 = stream until killed.
 */
static int consumer_child(const char *dev, uint32_t w, uint32_t h, int frames,
			  int mode, int pipefd)
{
	struct consumer c;
	uint64_t last_seq = 0;
	int got = 0, r, type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	char ch;

	r = consumer_start(&c, dev, 4);
	if (r) {
		printf("#   consumer: start: %s\n", strerrorname_np(-r));
		return 2;
	}
	ch = 'S';
	if (write(pipefd, &ch, 1) != 1)
		return 2;
	while (mode == 2 || got < frames) {
		struct v4l2_buffer b;
		struct vcam_counter ct;

		r = consumer_dqbuf(&c, 5000, &b);
		if (r) {
			printf("#   consumer: DQBUF after %d frames: %s\n", got,
			       strerrorname_np(-r));
			return 3;
		}
		if (!(b.flags & V4L2_BUF_FLAG_ERROR) &&
		    !vcam_counter_read_raw(c.map[b.index], w, h, w * 2, 1, &ct)) {
			if (ct.seq < last_seq) {
				printf("#   consumer: seq went back %llu -> %llu\n",
				       (unsigned long long)last_seq,
				       (unsigned long long)ct.seq);
				return 4;
			}
			last_seq = ct.seq;
		}
		if (++got == 5) {
			ch = 'F';
			if (write(pipefd, &ch, 1) != 1)
				return 2;
		}
		r = consumer_qbuf(&c, &b);
		if (r) {
			printf("#   consumer: QBUF: %s\n", strerrorname_np(-r));
			return 3;
		}
	}
	if (mode == 1) {
		if (ioctl(c.fd, VIDIOC_STREAMOFF, &type) < 0)
			return 5;
		ch = 'O';
		if (write(pipefd, &ch, 1) != 1)
			return 2;
		while (read(pipefd, &ch, 1) > 0)	/* hold the fh open */
			;
	}
	return 0;
}

struct child {
	pid_t pid;
	int pipe;	/* parent's end */
};

static int spawn_consumer(struct child *ch, const char *dev, uint32_t w,
			  uint32_t h, int frames, int mode)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	fflush(stdout);
	ch->pid = fork();
	if (ch->pid < 0)
		return -errno;
	if (!ch->pid) {
		close(sv[0]);
		alarm(60);
		_exit(consumer_child(dev, w, h, frames, mode, sv[1]));
	}
	close(sv[1]);
	ch->pipe = sv[0];
	return 0;
}

/* Has the child written @want? Non-blocking check. */
static bool child_said(struct child *ch, char want)
{
	struct pollfd pfd = { .fd = ch->pipe, .events = POLLIN };
	char c;

	while (poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLIN)) {
		if (read(ch->pipe, &c, 1) != 1)
			return false;
		if (c == want)
			return true;
	}
	return false;
}

/* Wait for the child to exit, at most @ms; returns its status or -1. */
static int child_wait(struct child *ch, int ms)
{
	int status;

	for (int t = 0; t <= ms; t += 10) {
		pid_t p = waitpid(ch->pid, &status, WNOHANG);

		if (p == ch->pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) :
						   128 + WTERMSIG(status);
		sleep_ms(10);
	}
	kill(ch->pid, SIGKILL);
	waitpid(ch->pid, &status, 0);
	return -1;
}

/*
 * Feed frames (every @gap_ms) until the child says @want, at most
 * @timeout_ms. Returns PASS or FAIL.
 */
static int pump_until(struct cam *cam, struct child *ch, char want,
		      int gap_ms, int timeout_ms, int line)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000ull;

	while (now_ns() < end) {
		int r = cam_pump_one(cam, 2000);

		if (r) {
			fail_at(line, "producer stalled or failed while a consumer runs: %s",
				strerrorname_np(-r));
			return FAIL;
		}
		if (child_said(ch, want))
			return PASS;
		sleep_ms(gap_ms);
	}
	fail_at(line, "consumer did not report '%c' within %d ms", want,
		timeout_ms);
	return FAIL;
}

/* ---- tests ---------------------------------------------------------- */

static const uint32_t all_formats[] = {
	V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_MJPEG,
};

static const char *fmt_name(uint32_t f)
{
	return f == V4L2_PIX_FMT_YUYV ? "YUYV" : f == V4L2_PIX_FMT_NV12 ?
		"NV12" : "MJPEG";
}

static int test_querycap(void)
{
	struct vcam_ioc_querycap cap;
	int fd = vcam_open();
	bool have[3] = { false, false, false };

	CHECK(fd >= 0, "open /dev/vcam");
	memset(&cap, 0xa5, sizeof(cap));
	EXPECT_OK(fd, VCAM_IOC_QUERYCAP, &cap, "QUERYCAP before CREATE");
	CHECK(cap.version == VCAM_API_VERSION, "version %u, expected %u",
	      cap.version, VCAM_API_VERSION);
	CHECK(cap.caps & VCAM_CAP_DMABUF_IMPORT, "caps 0x%x lack DMABUF_IMPORT", cap.caps);
	CHECK(cap.caps & VCAM_CAP_STATS, "caps 0x%x lack STATS", cap.caps);
	CHECK(cap.caps & VCAM_CAP_WAIT_TIMEOUT, "caps 0x%x lack WAIT_TIMEOUT", cap.caps);
	CHECK(cap.caps & VCAM_CAP_READERS, "caps 0x%x lack READERS", cap.caps);
	CHECK(!(cap.caps & ~0xffU), "caps 0x%x has unknown bits", cap.caps);
	CHECK(cap.max_readers == VCAM_MAX_READERS, "max_readers %u, expected %u",
	      cap.max_readers, VCAM_MAX_READERS);
	CHECK(cap.default_readers >= 1 && cap.default_readers <= cap.max_readers,
	      "default_readers %u outside 1..%u", cap.default_readers,
	      cap.max_readers);
	CHECK(cap.min_width >= 1 && cap.min_width <= cap.max_width &&
	      cap.min_height >= 1 && cap.min_height <= cap.max_height,
	      "sizes %ux%u..%ux%u", cap.min_width, cap.min_height,
	      cap.max_width, cap.max_height);
	CHECK(cap.min_frames >= 1 && cap.min_frames <= cap.max_frames &&
	      cap.max_frames <= MAX_SLOTS, "frames %u..%u", cap.min_frames,
	      cap.max_frames);
	CHECK(cap.max_fps >= 30, "max_fps %u", cap.max_fps);
	CHECK(cap.nr_formats >= 3 && cap.nr_formats <= VCAM_MAX_FORMATS,
	      "nr_formats %u", cap.nr_formats);
	for (uint32_t i = 0; i < cap.nr_formats; i++)
		for (int k = 0; k < 3; k++)
			have[k] |= cap.formats[i] == all_formats[k];
	CHECK(have[0] && have[1] && have[2], "formats lack YUYV, NV12 or MJPEG");
	for (uint32_t i = cap.nr_formats; i < VCAM_MAX_FORMATS; i++)
		CHECK(!cap.formats[i], "formats[%u] = 0x%x beyond nr_formats", i,
		      cap.formats[i]);
	CHECK(cap.max_cameras >= 1, "max_cameras %u", cap.max_cameras);
	CHECK(cap.max_camera_bytes >= 640 * 480 * 2 * 2ull,
	      "max_camera_bytes %llu", (unsigned long long)cap.max_camera_bytes);
	for (int i = 0; i < 7; i++)
		CHECK(!cap.reserved[i], "reserved[%d] not zero", i);
	info("caps 0x%x, %ux%u..%ux%u, frames %u..%u, fps <= %u, cameras %u, bytes %llu",
	     cap.caps, cap.min_width, cap.min_height, cap.max_width,
	     cap.max_height, cap.min_frames, cap.max_frames, cap.max_fps,
	     cap.max_cameras, (unsigned long long)cap.max_camera_bytes);
	close(fd);
	return PASS;
}

static int check_node_format(struct cam *cam, uint32_t sizeimage)
{
	struct v4l2_capability vcap = { 0 };
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	int fd = open(cam->dev, O_RDWR | O_CLOEXEC);

	CHECK(fd >= 0, "open %s: %s", cam->dev, strerror(errno));
	EXPECT_OK(fd, VIDIOC_QUERYCAP, &vcap, "VIDIOC_QUERYCAP");
	CHECK(!strcmp((char *)vcap.driver, "vcam"), "driver \"%s\"", vcap.driver);
	CHECK(!strcmp((char *)vcap.card, "vcam selftest"), "card \"%s\"", vcap.card);
	CHECK(!strncmp((char *)vcap.bus_info, "platform:vcam-", 14),
	      "bus_info \"%s\"", vcap.bus_info);
	CHECK(vcap.device_caps & V4L2_CAP_VIDEO_CAPTURE, "no VIDEO_CAPTURE");
	EXPECT_OK(fd, VIDIOC_G_FMT, &fmt, "VIDIOC_G_FMT");
	CHECK(fmt.fmt.pix.width == cam->req.width &&
	      fmt.fmt.pix.height == cam->req.height &&
	      fmt.fmt.pix.pixelformat == cam->req.pixelformat,
	      "G_FMT %ux%u 0x%x", fmt.fmt.pix.width, fmt.fmt.pix.height,
	      fmt.fmt.pix.pixelformat);
	CHECK(fmt.fmt.pix.sizeimage == sizeimage || !is_raw(cam->req.pixelformat),
	      "G_FMT sizeimage %u, expected %u", fmt.fmt.pix.sizeimage, sizeimage);
	CHECK(cam->frames[0].length == fmt.fmt.pix.sizeimage,
	      "slot length %u != sizeimage %u", cam->frames[0].length,
	      fmt.fmt.pix.sizeimage);
	close(fd);
	return PASS;
}

static int test_create_formats(void)
{
	for (int k = 0; k < 3; k++) {
		uint32_t f = all_formats[k];
		uint32_t si = f == V4L2_PIX_FMT_YUYV ? 640 * 480 * 2 :
			      f == V4L2_PIX_FMT_NV12 ? 640 * 480 * 3 / 2 : 0;
		struct cam cam;
		int r = cam_create(&cam, 640, 480, f, 4);

		CHECK(!r, "CREATE 640x480 %s: %s", fmt_name(f), strerrorname_np(-r));
		CHECK(path_exists(cam.dev), "%s missing after CREATE", cam.dev);
		for (uint32_t i = 0; i < 4; i++) {
			CHECK(cam.frames[i].index == i, "frames[%u].index %u", i,
			      cam.frames[i].index);
			CHECK(cam.frames[i].length == cam.frames[0].length &&
			      cam.frames[i].length > 0, "frames[%u].length %u", i,
			      cam.frames[i].length);
		}
		if (si)
			CHECK(cam.frames[0].length == si, "%s slot length %u, expected %u",
			      fmt_name(f), cam.frames[0].length, si);
		TRY(check_node_format(&cam, si));
		CAM_WORKS(&cam);
		cam_close(&cam);
		CHECK(wait_gone(cam.dev, 2000), "%s still exists after close",
		      cam.dev);
	}
	return PASS;
}

static int test_create_defaults(void)
{
	struct v4l2_capability vcap = { 0 };
	struct v4l2_streamparm parm = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct cam cam;
	int fd, r;

	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	CHECK(cam.fd >= 0, "open");
	cam_init_req(&cam, 320, 240, V4L2_PIX_FMT_YUYV, 2);
	cam.req.device_name = 0;
	cam.req.fps_numerator = 0;
	cam.req.fps_denominator = 0;
	r = cam_create_req(&cam);
	CHECK(!r, "CREATE with defaults: %s", strerrorname_np(-r));
	fd = open(cam.dev, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open %s", cam.dev);
	EXPECT_OK(fd, VIDIOC_QUERYCAP, &vcap, "QUERYCAP");
	CHECK(!strncmp((char *)vcap.card, "vcam ", 5), "default label \"%s\"",
	      vcap.card);
	EXPECT_OK(fd, VIDIOC_G_PARM, &parm, "G_PARM");
	CHECK(parm.parm.capture.timeperframe.numerator * 30 ==
	      parm.parm.capture.timeperframe.denominator,
	      "default interval %u/%u, expected 1/30",
	      parm.parm.capture.timeperframe.numerator,
	      parm.parm.capture.timeperframe.denominator);
	close(fd);
	CAM_WORKS(&cam);
	cam_close(&cam);
	return PASS;
}

/* CREATE on @fd must fail with @err; nothing may be created. */
static int expect_create_fails(struct cam *cam, int err, const char *what,
			       int line)
{
	int r = ioctl(cam->fd, VCAM_IOC_CREATE, &cam->req) < 0 ? errno : 0;

	if (r != err) {
		fail_at(line, "CREATE %s: expected %s, got %s", what,
			strerrorname_np(err), r ? strerrorname_np(r) : "success");
		return FAIL;
	}
	return PASS;
}
#define EXPECT_CREATE_FAILS(cam, err, what) \
	TRY(expect_create_fails(cam, err, what, __LINE__))

/* After failed CREATEs the same file must still create a working camera. */
static int create_after_failures(struct cam *cam, int line)
{
	int r;

	cam_init_req(cam, 64, 48, V4L2_PIX_FMT_YUYV, 3);
	r = cam_create_req(cam);
	if (r) {
		fail_at(line, "valid CREATE after the failures: %s",
			strerrorname_np(-r));
		return FAIL;
	}
	return cam_works(cam, line);
}

static int test_create_bad_sizes(void)
{
	struct {
		uint32_t w, h, f;
	} bad[] = {
		{ 0, 480, V4L2_PIX_FMT_YUYV }, { 640, 0, V4L2_PIX_FMT_YUYV },
		{ 1, 480, V4L2_PIX_FMT_YUYV }, { 640, 1, V4L2_PIX_FMT_NV12 },
		{ 641, 480, V4L2_PIX_FMT_YUYV }, { 641, 480, V4L2_PIX_FMT_NV12 },
		{ 640, 481, V4L2_PIX_FMT_NV12 },
		{ g_cap.max_width + 2, 480, V4L2_PIX_FMT_YUYV },
		{ 640, g_cap.max_height + 2, V4L2_PIX_FMT_NV12 },
		{ g_cap.max_width + 16, 480, V4L2_PIX_FMT_MJPEG },
		{ 0xfffffffe, 0xfffffffe, V4L2_PIX_FMT_YUYV },
		{ g_cap.min_width - 1, 480, V4L2_PIX_FMT_MJPEG },
	};
	struct cam cam;
	char what[64];

	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	CHECK(cam.fd >= 0, "open");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cam_init_req(&cam, bad[i].w, bad[i].h, bad[i].f, 2);
		snprintf(what, sizeof(what), "%ux%u %s", bad[i].w, bad[i].h,
			 fmt_name(bad[i].f));
		EXPECT_CREATE_FAILS(&cam, EINVAL, what);
	}
	/* odd height is fine for YUYV; MJPEG takes odd sizes */
	TRY(create_after_failures(&cam, __LINE__));
	cam_close(&cam);

	struct cam ok;
	int r = cam_create(&ok, 66, 33, V4L2_PIX_FMT_YUYV, 2);

	CHECK(!r, "CREATE 66x33 YUYV: %s", strerrorname_np(-r));
	cam_close(&ok);
	r = cam_create(&ok, 33, 17, V4L2_PIX_FMT_MJPEG, 2);
	CHECK(!r, "CREATE 33x17 MJPEG: %s", strerrorname_np(-r));
	cam_close(&ok);
	r = cam_create(&ok, g_cap.min_width + (g_cap.min_width & 1),
		       g_cap.min_height + (g_cap.min_height & 1),
		       V4L2_PIX_FMT_NV12, 2);
	CHECK(!r, "CREATE at the minimum size: %s", strerrorname_np(-r));
	cam_close(&ok);
	return PASS;
}

static int test_create_bad_params(void)
{
	char long_label[VCAM_LABEL_MAX + 8];
	char ok_label[VCAM_LABEL_MAX];
	struct cam cam;

	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	CHECK(cam.fd >= 0, "open");

	cam_init_req(&cam, 64, 48, v4l2_fourcc('R', 'G', 'B', '3'), 2);
	EXPECT_CREATE_FAILS(&cam, EINVAL, "unknown format RGB3");
	cam_init_req(&cam, 64, 48, 0, 2);
	EXPECT_CREATE_FAILS(&cam, EINVAL, "format 0");

	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.fps_numerator = 0;
	cam.req.fps_denominator = 1;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "fps 0/1");
	cam.req.fps_numerator = 30;
	cam.req.fps_denominator = 0;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "fps 30/0");
	cam.req.fps_numerator = g_cap.max_fps + 1;
	cam.req.fps_denominator = 1;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "fps above max_fps");
	cam.req.fps_numerator = 1;
	cam.req.fps_denominator = 2;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "fps 1/2 (below 1)");

	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 0);
	EXPECT_CREATE_FAILS(&cam, EINVAL, "nr_frames 0");
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, g_cap.min_frames - 1);
	if (g_cap.min_frames > 1)
		EXPECT_CREATE_FAILS(&cam, EINVAL, "nr_frames below min_frames");
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.nr_frames = g_cap.max_frames + 1;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "nr_frames above max_frames");
	cam.req.nr_frames = 0xffffffff;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "nr_frames 0xffffffff");

	for (int i = 0; i < (int)(sizeof(cam.req.reserved) / sizeof(cam.req.reserved[0])); i++) {
		char what[32];

		cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
		cam.req.reserved[i] = 1;
		snprintf(what, sizeof(what), "reserved[%d] = 1", i);
		EXPECT_CREATE_FAILS(&cam, EINVAL, what);
	}
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.flags = 1U << 31;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "unknown flag bit 31");
	cam.req.flags = 1U << 4;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "unknown flag bit 4");

	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.device_nr = 5;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "device_nr without DEVICE_NR flag");

	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_MJPEG, 2);
	cam.req.bytesperline = 128;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "MJPEG with bytesperline");
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.bytesperline = 64 * 2 - 2;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "YUYV bytesperline below width * 2");
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_NV12, 2);
	cam.req.bytesperline = 63;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "NV12 bytesperline below width");

	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.colorspace = 0x7fffffff;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "colorspace 0x7fffffff");

	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.device_name = 1;
	EXPECT_CREATE_FAILS(&cam, EFAULT, "label pointer 0x1");
	cam.req.device_name = (uintptr_t)-4096;
	EXPECT_CREATE_FAILS(&cam, EFAULT, "label pointer in kernel space");
	memset(long_label, 'x', sizeof(long_label) - 1);
	long_label[sizeof(long_label) - 1] = '\0';
	cam.req.device_name = (uintptr_t)long_label;
	EXPECT_CREATE_FAILS(&cam, EINVAL, "label longer than VCAM_LABEL_MAX");
	long_label[VCAM_LABEL_MAX] = '\0';	/* 32 chars + NUL: one too many */
	EXPECT_CREATE_FAILS(&cam, EINVAL, "label of VCAM_LABEL_MAX characters");
	cam.req.device_name = (uintptr_t)"tab\there";
	EXPECT_CREATE_FAILS(&cam, EINVAL, "label with a tab");
	cam.req.device_name = (uintptr_t)"bell\a";
	EXPECT_CREATE_FAILS(&cam, EINVAL, "label with a control character");
	cam.req.device_name = (uintptr_t)"caf\xc3\xa9";
	EXPECT_CREATE_FAILS(&cam, EINVAL, "label with non-ASCII bytes");

	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.frames = 0;
	EXPECT_CREATE_FAILS(&cam, EFAULT, "frames pointer NULL");
	cam.req.frames = 1;
	EXPECT_CREATE_FAILS(&cam, EFAULT, "frames pointer 0x1");
	{
		/* frames array ending in an unmapped page */
		long pg = sysconf(_SC_PAGESIZE);
		uint8_t *p = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(p != MAP_FAILED, "mmap");
		munmap(p + pg, (size_t)pg);
		cam.req.frames = (uintptr_t)(p + pg - sizeof(struct vcam_frame));
		EXPECT_CREATE_FAILS(&cam, EFAULT, "frames array crossing into unmapped memory");
		munmap(p, (size_t)pg);
	}
	/* nothing was created by any of these: the file still creates one */
	TRY(create_after_failures(&cam, __LINE__));

	/* longest valid label */
	struct cam ok;

	memset(ok_label, 'L', sizeof(ok_label) - 1);
	ok_label[sizeof(ok_label) - 1] = '\0';
	memset(&ok, 0, sizeof(ok));
	ok.fd = vcam_open();
	cam_init_req(&ok, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	ok.req.device_name = (uintptr_t)ok_label;
	int r = cam_create_req(&ok);

	CHECK(!r, "CREATE with a %d-character label: %s", VCAM_LABEL_MAX - 1,
	      strerrorname_np(-r));
	cam_close(&ok);
	cam_close(&cam);
	return PASS;
}

static int test_create_twice(void)
{
	struct cam cam;
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	struct vcam_frame frames[2];
	struct vcam_ioc_create c = cam.req;

	c.frames = (uintptr_t)frames;
	c.device_nr = 0;
	EXPECT_ERR(cam.fd, VCAM_IOC_CREATE, &c, EBUSY, "second CREATE");
	CAM_WORKS(&cam);
	cam_close(&cam);
	return PASS;
}

static int test_before_create(void)
{
	struct vcam_ioc_queue q = { .fd = -1 };
	struct vcam_ioc_dequeue dq = { 0 };
	struct vcam_ioc_stats st;
	int fd = vcam_open();

	CHECK(fd >= 0, "open");
	EXPECT_ERR(fd, VCAM_IOC_QUEUE, &q, ENODEV, "QUEUE before CREATE");
	EXPECT_ERR(fd, VCAM_IOC_DEQUEUE, &dq, ENODEV, "DEQUEUE before CREATE");
	EXPECT_ERR(fd, VCAM_IOC_STATS, &st, ENODEV, "STATS before CREATE");
	close(fd);
	return PASS;
}

static int test_unknown_ioctl(void)
{
	struct cam cam;
	uint64_t buf[16] = { 0 };
	int fd = vcam_open();

	CHECK(fd >= 0, "open");
	EXPECT_ERR(fd, _IO(VCAM_IOC_TYPE, 0x1f), NULL, ENOTTY, "unknown nr 0x1f");
	EXPECT_ERR(fd, _IOR(VCAM_IOC_TYPE, 0x07, __u64), buf, ENOTTY, "unknown nr 0x07");
	EXPECT_ERR(fd, _IOWR('v', 0x00, struct vcam_ioc_create), buf, ENOTTY,
		   "RFC-era type 'v'");
	EXPECT_ERR(fd, VIDIOC_QUERYCAP, buf, ENOTTY, "VIDIOC_QUERYCAP on /dev/vcam");
	/* right number, wrong size */
	EXPECT_ERR(fd, _IOR(VCAM_IOC_TYPE, 0x05, __u32), buf, ENOTTY,
		   "QUERYCAP with a wrong size");
	close(fd);
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	EXPECT_ERR(cam.fd, _IOW(VCAM_IOC_TYPE, 0x01, __u64), buf, ENOTTY,
		   "QUEUE with a wrong size");
	CAM_WORKS(&cam);
	cam_close(&cam);
	return PASS;
}

static int test_queue_errors(void)
{
	struct cam cam;
	struct dmabuf small;
	int r = cam_create(&cam, 640, 480, V4L2_PIX_FMT_YUYV, 3);
	uint32_t si, nullfd, closedfd;

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	si = cam.frames[0].length;

#define EXPECT_QUEUE(fd_, idx, len, off, err, what) do {		\
	int _q = cam_queue_raw(&cam, fd_, idx, len, off, 0);		\
	CHECK(_q == -(err), "QUEUE %s: expected %s, got %s", what,	\
	      strerrorname_np(err), _q ? strerrorname_np(-_q) : "success"); \
} while (0)

	EXPECT_QUEUE(-1, 0, si, 0, EBADF, "fd -1");
	closedfd = (uint32_t)dup(cam.bufs[0].fd);
	close((int)closedfd);
	EXPECT_QUEUE((int)closedfd, 0, si, 0, EBADF, "closed fd");
	EXPECT_QUEUE(100000, 0, si, 0, EBADF, "fd 100000");
	nullfd = (uint32_t)open("/dev/null", O_RDWR | O_CLOEXEC);
	r = cam_queue_raw(&cam, (int)nullfd, 0, si, 0, 0);
	CHECK(r == -EBADF || r == -EINVAL,
	      "QUEUE /dev/null fd: expected EBADF (or EINVAL), got %s",
	      r ? strerrorname_np(-r) : "success");
	info("QUEUE with a non-DMA-BUF fd: %s", strerrorname_np(-r));
	close((int)nullfd);

	r = dmabuf_alloc(&g_alloc, 4096, &small);
	CHECK(!r, "alloc small: %s", strerror(-r));
	EXPECT_QUEUE(small.fd, 0, si, 0, EINVAL, "DMA-BUF smaller than sizeimage");
	dmabuf_free(&g_alloc, &small);

	EXPECT_QUEUE(cam.bufs[0].fd, 3, si, 0, EINVAL, "index == nr_frames");
	EXPECT_QUEUE(cam.bufs[0].fd, 0xffffffff, si, 0, EINVAL, "index 0xffffffff");
	EXPECT_QUEUE(cam.bufs[0].fd, 0, 0, 0, EINVAL, "length 0");
	EXPECT_QUEUE(cam.bufs[0].fd, 0, si - 1, 0, EINVAL, "raw length sizeimage - 1");
	EXPECT_QUEUE(cam.bufs[0].fd, 0, si + 1, 0, EINVAL, "length sizeimage + 1");
	EXPECT_QUEUE(cam.bufs[0].fd, 0, 0xffffffff, 0, EINVAL, "length 0xffffffff");
	EXPECT_QUEUE(cam.bufs[0].fd, 0, si, 4096, EINVAL, "offset past the end");
	EXPECT_QUEUE(cam.bufs[0].fd, 0, si, 0xfffff000, EINVAL, "offset overflowing");
	EXPECT_QUEUE(cam.bufs[0].fd, 0, si, 0xffffffff, EINVAL, "offset 0xffffffff");

	struct vcam_ioc_queue q = { .fd = cam.bufs[0].fd, .index = 0, .length = si };

	q.flags = 1U << 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EINVAL, "QUEUE unknown flag bit 1");
	q.flags = VCAM_QUEUE_EXPORTED;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EOPNOTSUPP,
		   "QUEUE exported on a camera without export mode");
	q.flags = 0;
	q.cookie = 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EINVAL, "QUEUE cookie without VCAM_QUEUE_EXPORTED");
	q.cookie = 0;
	for (int i = 0; i < (int)(sizeof(q.reserved) / sizeof(q.reserved[0])); i++) {
		q.reserved[i] = 0x10;
		EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EINVAL, "QUEUE reserved non-zero");
		q.reserved[i] = 0;
	}

	/* a busy slot */
	r = cam_queue_raw(&cam, cam.bufs[0].fd, 0, si, 0, 0);
	CHECK(!r, "QUEUE slot 0: %s", strerrorname_np(-r));
	cam.busy[0] = true;
	EXPECT_QUEUE(cam.bufs[1].fd, 0, si, 0, EBUSY, "slot 0 while queued");
	CAM_WORKS(&cam);

	/* a slot with a frame at an offset inside a bigger DMA-BUF */
	struct dmabuf big;

	r = dmabuf_alloc(&g_alloc, (size_t)si + 8192, &big);
	CHECK(!r, "alloc big: %s", strerror(-r));
	r = cam_drain(&cam);
	CHECK(!r, "drain: %s", strerrorname_np(-r));
	uint32_t i;

	for (i = 0; i < cam.nr && cam.busy[i]; i++)
		;
	CHECK(i < cam.nr, "no free slot");
	EXPECT_QUEUE(big.fd, i, si, 8192 + 1, EINVAL, "offset + length past the end");
	r = cam_queue_raw(&cam, big.fd, i, si, 8192, 0);
	CHECK(!r, "QUEUE at offset 8192 of a large DMA-BUF: %s",
	      strerrorname_np(-r));
	cam.busy[i] = true;
	dmabuf_free(&g_alloc, &big);	/* the driver holds its own reference */
	CAM_WORKS(&cam);
#undef EXPECT_QUEUE
	cam_close(&cam);
	return PASS;
}

static int test_queue_mjpeg_length(void)
{
	struct cam cam;
	int r = cam_create(&cam, 320, 240, V4L2_PIX_FMT_MJPEG, 3);
	uint32_t si;

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	si = cam.frames[0].length;
	CHECK(si > 0, "MJPEG sizeimage 0");
	r = cam_queue_raw(&cam, cam.bufs[0].fd, 0, 0, 0, 0);
	CHECK(r == -EINVAL, "MJPEG length 0: expected EINVAL, got %s",
	      r ? strerrorname_np(-r) : "success");
	r = cam_queue_raw(&cam, cam.bufs[0].fd, 0, si + 1, 0, 0);
	CHECK(r == -EINVAL, "MJPEG length sizeimage + 1: expected EINVAL, got %s",
	      r ? strerrorname_np(-r) : "success");
	r = cam_queue_raw(&cam, cam.bufs[0].fd, 0, 1, 0, 0);
	CHECK(!r, "MJPEG length 1: %s", strerrorname_np(-r));
	r = cam_queue_raw(&cam, cam.bufs[1].fd, 1, si, 0, 0);
	CHECK(!r, "MJPEG length sizeimage: %s", strerrorname_np(-r));
	cam.busy[0] = cam.busy[1] = true;

	struct vcam_ioc_dequeue dq = { 0 };

	EXPECT_OK(cam.fd, VCAM_IOC_DEQUEUE, &dq, "DEQUEUE");
	CHECK(dq.index == 0 && dq.length == 1, "dequeued slot %u length %u, expected 0/1",
	      dq.index, dq.length);
	cam.busy[0] = false;
	CAM_WORKS(&cam);
	cam_close(&cam);
	return PASS;
}

static int test_dequeue(void)
{
	struct cam cam;
	struct vcam_ioc_dequeue dq;
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 3);
	uint32_t si;
	uint64_t before, after;

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	si = cam.frames[0].length;
	memset(&dq, 0, sizeof(dq));
	EXPECT_ERR(cam.fd, VCAM_IOC_DEQUEUE, &dq, EAGAIN, "DEQUEUE with nothing queued");

	r = cam_queue_raw(&cam, cam.bufs[2].fd, 2, si, 0, 123456789);
	CHECK(!r, "QUEUE: %s", strerrorname_np(-r));
	memset(&dq, 0, sizeof(dq));
	EXPECT_ERR(cam.fd, VCAM_IOC_DEQUEUE, &dq, EAGAIN,
		   "DEQUEUE with only the current frame queued");
	struct pollfd pfd = { .fd = cam.fd, .events = POLLIN };

	CHECK(poll(&pfd, 1, 0) == 0 || !(pfd.revents & POLLIN),
	      "poll reports POLLIN with only the current frame queued");

	before = now_ns();
	r = cam_queue_raw(&cam, cam.bufs[0].fd, 0, si, 0, 0);
	after = now_ns();
	CHECK(!r, "QUEUE: %s", strerrorname_np(-r));
	pfd.revents = 0;
	CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN),
	      "poll lacks POLLIN after the current frame was replaced (revents 0x%x)",
	      pfd.revents);

	memset(&dq, 0, sizeof(dq));
	dq.reserved[0] = 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_DEQUEUE, &dq, EINVAL, "DEQUEUE reserved non-zero");
	memset(&dq, 0xff, sizeof(dq));
	memset(dq.reserved, 0, sizeof(dq.reserved));
	EXPECT_OK(cam.fd, VCAM_IOC_DEQUEUE, &dq, "DEQUEUE the replaced frame");
	CHECK(dq.index == 2, "dequeued slot %u, expected 2", dq.index);
	CHECK(dq.length == si, "dequeued length %u, expected %u", dq.length, si);
	CHECK(dq.timestamp == 123456789, "dequeued timestamp %llu, expected 123456789",
	      (unsigned long long)dq.timestamp);
	CHECK(!(dq.flags & (VCAM_FRAME_SHOWN | VCAM_FRAME_ZERO_COPY)),
	      "flags 0x%x without any consumer", dq.flags);
	CHECK(!(dq.flags & ~3U), "unknown flags 0x%x", dq.flags);
	for (int i = 0; i < 5; i++)
		CHECK(!dq.reserved[i], "reserved[%d] = 0x%x on output", i, dq.reserved[i]);

	r = cam_queue_raw(&cam, cam.bufs[1].fd, 1, si, 0, 0);
	CHECK(!r, "QUEUE: %s", strerrorname_np(-r));
	memset(&dq, 0, sizeof(dq));
	EXPECT_OK(cam.fd, VCAM_IOC_DEQUEUE, &dq, "DEQUEUE");
	CHECK(dq.index == 0, "dequeued slot %u, expected 0", dq.index);
	CHECK(dq.timestamp >= before && dq.timestamp <= after,
	      "stamped timestamp %llu outside the call [%llu, %llu]",
	      (unsigned long long)dq.timestamp, (unsigned long long)before,
	      (unsigned long long)after);
	memset(&dq, 0, sizeof(dq));
	EXPECT_ERR(cam.fd, VCAM_IOC_DEQUEUE, &dq, EAGAIN, "DEQUEUE when drained");

	/* blocking mode: a slot is ready, so DEQUEUE returns at once */
	cam.busy[1] = true;
	r = cam_queue_raw(&cam, cam.bufs[2].fd, 2, si, 0, 0);
	CHECK(!r, "QUEUE: %s", strerrorname_np(-r));
	cam.busy[2] = true;
	CHECK(!fcntl(cam.fd, F_SETFL, 0), "fcntl");
	alarm(5);
	memset(&dq, 0, sizeof(dq));
	EXPECT_OK(cam.fd, VCAM_IOC_DEQUEUE, &dq, "blocking DEQUEUE with a slot ready");
	alarm(TEST_TIMEOUT_S);
	CHECK(dq.index == 1, "dequeued slot %u, expected 1", dq.index);
	cam.busy[1] = false;
	CHECK(!fcntl(cam.fd, F_SETFL, O_NONBLOCK), "fcntl");
	CAM_WORKS(&cam);
	cam_close(&cam);
	return PASS;
}

static int test_status_wait(void)
{
	struct cam cam;
	struct vcam_ioc_wait w;
	uint64_t st, t0, ms;
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 3);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	st = cam_status(&cam);
	CHECK(st == VCAM_STATUS_IDLE, "status 0x%llx after CREATE, expected IDLE",
	      (unsigned long long)st);

	memset(&w, 0, sizeof(w));
	EXPECT_ERR(cam.fd, VCAM_IOC_WAIT, &w, EINVAL, "WAIT mask 0");
	w.mask = 1U << 4;
	EXPECT_ERR(cam.fd, VCAM_IOC_WAIT, &w, EINVAL, "WAIT unknown bit 4");
	w.mask = VCAM_STATUS_STREAMING | (1ull << 63);
	EXPECT_ERR(cam.fd, VCAM_IOC_WAIT, &w, EINVAL, "WAIT unknown bit 63");
	w.mask = VCAM_STATUS_IDLE;
	w.reserved[1] = 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_WAIT, &w, EINVAL, "WAIT reserved non-zero");

	memset(&w, 0, sizeof(w));
	w.mask = VCAM_STATUS_IDLE;
	w.timeout_ms = 5000;
	t0 = now_ns();
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT IDLE while idle");
	CHECK(w.status == VCAM_STATUS_IDLE, "WAIT status 0x%llx",
	      (unsigned long long)w.status);
	CHECK(now_ns() - t0 < 1000000000ull, "WAIT IDLE while idle took %llu ms",
	      (unsigned long long)(now_ns() - t0) / 1000000);

	memset(&w, 0, sizeof(w));
	w.mask = VCAM_STATUS_STREAMING;
	w.timeout_ms = 200;
	t0 = now_ns();
	EXPECT_ERR(cam.fd, VCAM_IOC_WAIT, &w, ETIMEDOUT, "WAIT STREAMING, nobody streams");
	ms = (now_ns() - t0) / 1000000;
	CHECK(ms >= 190 && ms < 3000, "WAIT with timeout 200 ms took %llu ms",
	      (unsigned long long)ms);
	CHECK(w.status == VCAM_STATUS_IDLE, "status 0x%llx filled on ETIMEDOUT",
	      (unsigned long long)w.status);

	/* OPEN follows the capture node's file handles */
	int vfd = open(cam.dev, O_RDWR | O_CLOEXEC);

	CHECK(vfd >= 0, "open %s", cam.dev);
	struct pollfd pfd = { .fd = cam.fd, .events = POLLPRI };

	CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLPRI),
	      "no POLLPRI after the status changed (revents 0x%x)", pfd.revents);
	memset(&w, 0, sizeof(w));
	w.mask = VCAM_STATUS_OPEN;
	w.timeout_ms = 2000;
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT OPEN with the node open");
	CHECK(w.status == (VCAM_STATUS_IDLE | VCAM_STATUS_OPEN),
	      "status 0x%llx with the node open, expected IDLE|OPEN",
	      (unsigned long long)w.status);
	struct vcam_ioc_stats stats;

	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &stats, "STATS");
	CHECK(stats.openers == 1, "stats.openers %u with one open", stats.openers);
	close(vfd);
	for (int t = 0; t < 100 && (cam_status(&cam) & VCAM_STATUS_OPEN); t++)
		sleep_ms(10);
	st = cam_status(&cam);
	CHECK(st == VCAM_STATUS_IDLE, "status 0x%llx after the close, expected IDLE",
	      (unsigned long long)st);
	CAM_WORKS(&cam);
	cam_close(&cam);
	return PASS;
}

static int test_stats(void)
{
	struct cam cam;
	struct vcam_ioc_stats st;
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_NV12, 3);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	memset(&st, 0xff, sizeof(st));
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	CHECK(st.queued == 0 && st.delivered == 0 && st.dropped == 0 &&
	      st.openers == 0, "fresh camera counters not zero");
	CHECK(st.status == VCAM_STATUS_IDLE, "stats.status 0x%llx",
	      (unsigned long long)st.status);
	CHECK(st.nr_readers == 1, "nr_readers %u", st.nr_readers);
	for (int i = 0; i < 3; i++)
		CHECK(!st.reserved[i], "reserved[%d]", i);
	for (int i = 0; i < 10; i++) {
		r = cam_pump_one(&cam, 2000);
		CHECK(!r, "pump: %s", strerrorname_np(-r));
	}
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	CHECK(st.queued == 10, "queued %llu, expected 10", (unsigned long long)st.queued);
	CHECK(st.dropped == 9, "dropped %llu after 10 frames nobody read, expected 9",
	      (unsigned long long)st.dropped);
	CHECK(st.delivered == 0 && st.copied == 0 && st.zero_copy == 0,
	      "deliveries without a consumer");
	cam_close(&cam);
	return PASS;
}

/* Find a /dev/videoN number that is free. */
static int free_video_nr(int from)
{
	char p[32];

	for (int n = from; n < 64; n++) {
		snprintf(p, sizeof(p), "/dev/video%d", n);
		if (!path_exists(p))
			return n;
	}
	return -1;
}

static int test_device_nr(void)
{
	struct cam a, b;
	int nr = free_video_nr(40), r;

	CHECK(nr >= 0, "no free video number");
	memset(&a, 0, sizeof(a));
	a.fd = vcam_open();
	cam_init_req(&a, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	a.req.flags = VCAM_CREATE_DEVICE_NR;
	a.req.device_nr = (uint32_t)nr;
	r = cam_create_req(&a);
	CHECK(!r, "CREATE device_nr %d: %s", nr, strerrorname_np(-r));
	CHECK(a.req.device_nr == (uint32_t)nr, "got /dev/video%u, asked for %d",
	      a.req.device_nr, nr);
	CHECK(path_exists(a.dev), "%s missing", a.dev);

	memset(&b, 0, sizeof(b));
	b.fd = vcam_open();
	cam_init_req(&b, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	b.req.flags = VCAM_CREATE_DEVICE_NR;
	b.req.device_nr = (uint32_t)nr;
	EXPECT_CREATE_FAILS(&b, ENFILE, "device_nr already taken");
	TRY(create_after_failures(&b, __LINE__));
	CHECK(b.req.device_nr != (uint32_t)nr, "second camera got the same number");
	CAM_WORKS(&a);
	cam_close(&a);
	CHECK(wait_gone(a.dev, 2000), "%s still present after close", a.dev);

	/* the number is free again */
	memset(&a, 0, sizeof(a));
	a.fd = vcam_open();
	cam_init_req(&a, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	a.req.flags = VCAM_CREATE_DEVICE_NR;
	a.req.device_nr = (uint32_t)nr;
	r = cam_create_req(&a);
	CHECK(!r, "CREATE device_nr %d again after close: %s", nr, strerrorname_np(-r));
	cam_close(&a);
	cam_close(&b);
	return PASS;
}

static int count_vcam_nodes(void)
{
	DIR *d = opendir("/sys/class/video4linux");
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char p[300], name[64] = "";
		FILE *f;

		if (strncmp(de->d_name, "video", 5))
			continue;
		snprintf(p, sizeof(p), "/sys/class/video4linux/%s/name", de->d_name);
		f = fopen(p, "r");
		if (f) {
			if (fgets(name, sizeof(name), f) &&
			    !strncmp(name, "vcam selftest", 13))
				n++;
			fclose(f);
		}
	}
	closedir(d);
	return n;
}

static int test_camera_limit(void)
{
	uint32_t max = g_cap.max_cameras;
	struct cam *cams;
	int r, err = 0;

	if (max > 64) {
		printf("#   max_cameras %u too large to exhaust\n", max);
		return SKIP;
	}
	cams = calloc(max + 1, sizeof(*cams));
	CHECK(cams, "calloc");
	for (uint32_t i = 0; i < max; i++) {
		r = cam_create(&cams[i], 64, 48, V4L2_PIX_FMT_YUYV, 2);
		CHECK(!r, "CREATE camera %u of %u: %s", i + 1, max, strerrorname_np(-r));
	}
	CHECK(count_vcam_nodes() == (int)max, "%d nodes for %u cameras",
	      count_vcam_nodes(), max);
	memset(&cams[max], 0, sizeof(cams[max]));
	cams[max].fd = vcam_open();
	cam_init_req(&cams[max], 64, 48, V4L2_PIX_FMT_YUYV, 2);
	r = ioctl(cams[max].fd, VCAM_IOC_CREATE, &cams[max].req);
	err = errno;
	CHECK(r < 0, "camera %u beyond max_cameras %u was created", max + 1, max);
	CHECK(err == EMFILE || err == EUSERS || err == ENOSPC || err == EDQUOT,
	      "over the limit: %s (expected a limit errno)", strerrorname_np(err));
	info("over the per-user limit: %s", strerrorname_np(err));
	CAM_WORKS(&cams[0]);
	for (uint32_t i = 0; i < max; i++)
		cam_close(&cams[i]);
	/* all freed on close: the limit is available again */
	for (int t = 0; t < 200 && count_vcam_nodes() > 0; t++)
		sleep_ms(10);
	CHECK(count_vcam_nodes() == 0, "%d nodes left after close", count_vcam_nodes());
	r = cam_create_req(&cams[max]);
	CHECK(!r, "CREATE on the refused file after the others closed: %s",
	      strerrorname_np(-r));
	cam_close(&cams[max]);
	free(cams);
	return PASS;
}

static int test_camera_bytes_limit(void)
{
	uint64_t max = g_cap.max_camera_bytes;
	struct cam cam;
	uint32_t w = g_cap.max_width, h = g_cap.max_height, n = g_cap.max_frames;

	if ((uint64_t)w * h * 2 * n <= max) {
		printf("#   max_camera_bytes %llu allows the largest camera\n",
		       (unsigned long long)max);
		return SKIP;
	}
	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	cam_init_req(&cam, w, h, V4L2_PIX_FMT_YUYV, n);
	int r = ioctl(cam.fd, VCAM_IOC_CREATE, &cam.req) < 0 ? errno : 0;

	CHECK(r, "CREATE %ux%u YUYV x %u (over max_camera_bytes %llu) succeeded",
	      w, h, n, (unsigned long long)max);
	CHECK(r == EINVAL || r == ENOMEM || r == E2BIG || r == EFBIG || r == ENOSPC,
	      "CREATE over max_camera_bytes: %s", strerrorname_np(r));
	info("over max_camera_bytes: %s", strerrorname_np(r));
	TRY(create_after_failures(&cam, __LINE__));
	cam_close(&cam);
	return PASS;
}

static int test_no_stall_without_consumer(void)
{
	struct cam cam;
	int r = cam_create(&cam, 320, 240, V4L2_PIX_FMT_YUYV, 2);
	uint64_t t0 = now_ns(), ms;

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	for (int i = 0; i < 1000; i++) {
		r = cam_pump_one(&cam, 1000);
		CHECK(!r, "cycle %d: %s", i, strerrorname_np(-r));
	}
	ms = (now_ns() - t0) / 1000000;
	CHECK(cam.dequeued >= 998, "only %llu frames came back",
	      (unsigned long long)cam.dequeued);
	CHECK(ms < 20000, "1000 cycles took %llu ms", (unsigned long long)ms);
	info("1000 queue/dequeue cycles in %llu ms", (unsigned long long)ms);
	cam_close(&cam);
	return PASS;
}

static int test_consumer_streams(void)
{
	struct cam cam;
	struct child ch;
	struct vcam_ioc_wait w = { .mask = VCAM_STATUS_STREAMING, .timeout_ms = 10000 };
	struct vcam_ioc_stats st;
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 4);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	CHECK(!spawn_consumer(&ch, cam.dev, 64, 48, 30, 0), "fork");
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT STREAMING while a consumer starts");
	CHECK(w.status & VCAM_STATUS_STREAMING, "WAIT returned status 0x%llx",
	      (unsigned long long)w.status);
	CHECK(!(w.status & VCAM_STATUS_IDLE), "IDLE and STREAMING both set");
	CHECK(w.status & VCAM_STATUS_OPEN, "STREAMING without OPEN");
	/* feed until the consumer exits */
	for (int t = 0; t < 3000; t++) {
		int status;

		r = cam_pump_one(&cam, 2000);
		CHECK(!r, "producer stalled: %s", strerrorname_np(-r));
		if (waitpid(ch.pid, &status, WNOHANG) == ch.pid) {
			ch.pid = 0;
			CHECK(WIFEXITED(status) && !WEXITSTATUS(status),
			      "consumer failed (status 0x%x)", status);
			break;
		}
		sleep_ms(10);
	}
	CHECK(!ch.pid, "consumer did not finish 30 frames");
	for (int i = 0; i < 4; i++) {
		r = cam_pump_one(&cam, 2000);
		CHECK(!r, "producer after the consumer left: %s", strerrorname_np(-r));
	}
	CHECK(cam.seen_flags & VCAM_FRAME_SHOWN,
	      "no dequeued frame carried VCAM_FRAME_SHOWN after a consumer captured");
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	CHECK(st.delivered >= 1 && st.delivered + st.repeated >= 30,
	      "delivered %llu repeated %llu for 30 captured buffers",
	      (unsigned long long)st.delivered, (unsigned long long)st.repeated);
	/* every new frame went out with or without a copy; repeats may be copied too */
	CHECK(st.copied + st.zero_copy >= st.delivered &&
	      st.copied + st.zero_copy <= st.delivered + st.repeated,
	      "copied %llu + zero_copy %llu outside [delivered %llu, delivered + repeated %llu]",
	      (unsigned long long)st.copied, (unsigned long long)st.zero_copy,
	      (unsigned long long)st.delivered,
	      (unsigned long long)(st.delivered + st.repeated));
	info("delivered %llu, repeated %llu, copied %llu, dropped %llu",
	     (unsigned long long)st.delivered, (unsigned long long)st.repeated,
	     (unsigned long long)st.copied, (unsigned long long)st.dropped);
	memset(&w, 0, sizeof(w));
	w.mask = VCAM_STATUS_IDLE;
	w.timeout_ms = 5000;
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT IDLE after the consumer exited");
	close(ch.pipe);
	cam_close(&cam);
	return PASS;
}

static int test_consumer_streamoff(void)
{
	struct cam cam;
	struct child ch;
	struct vcam_ioc_wait w = { .mask = VCAM_STATUS_IDLE, .timeout_ms = 5000 };
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 3);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	CHECK(!spawn_consumer(&ch, cam.dev, 64, 48, 10, 1), "fork");
	TRY(pump_until(&cam, &ch, 'O', 10, 30000, __LINE__));
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT IDLE after STREAMOFF");
	CHECK(w.status == (VCAM_STATUS_IDLE | VCAM_STATUS_OPEN),
	      "status 0x%llx after STREAMOFF with the fh open",
	      (unsigned long long)w.status);
	for (int i = 0; i < 300; i++) {
		r = cam_pump_one(&cam, 2000);
		CHECK(!r, "producer stalled after the consumer's STREAMOFF (frame %d): %s",
		      i, strerrorname_np(-r));
	}
	close(ch.pipe);
	r = child_wait(&ch, 5000);
	CHECK(r == 0, "consumer exit status %d", r);
	cam_close(&cam);
	return PASS;
}

static int test_consumer_killed(void)
{
	struct cam cam;
	struct child ch;
	struct vcam_ioc_wait w = { .mask = VCAM_STATUS_IDLE, .timeout_ms = 5000 };
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 3);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	CHECK(!spawn_consumer(&ch, cam.dev, 64, 48, 0, 2), "fork");
	TRY(pump_until(&cam, &ch, 'F', 10, 30000, __LINE__));
	kill(ch.pid, SIGKILL);
	r = child_wait(&ch, 5000);
	CHECK(r == 128 + SIGKILL, "consumer status %d", r);
	for (int i = 0; i < 300; i++) {
		r = cam_pump_one(&cam, 2000);
		CHECK(!r, "producer stalled after the consumer was killed (frame %d): %s",
		      i, strerrorname_np(-r));
	}
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT IDLE after the consumer was killed");
	CHECK(w.status == VCAM_STATUS_IDLE, "status 0x%llx after the kill",
	      (unsigned long long)w.status);
	close(ch.pipe);
	cam_close(&cam);
	return PASS;
}

/* The producer goes away while a consumer streams: the consumer gets errors. */
static int test_producer_gone(void)
{
	struct cam cam;
	struct consumer c;
	struct v4l2_buffer b;
	int r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 3);

	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	r = consumer_start(&c, cam.dev, 4);
	CHECK(!r, "consumer start: %s", strerrorname_np(-r));
	for (int got = 0; got < 3;) {
		r = cam_pump_one(&cam, 2000);
		CHECK(!r, "pump: %s", strerrorname_np(-r));
		r = consumer_dqbuf(&c, 50, &b);
		if (r == -ETIMEDOUT)
			continue;
		CHECK(!r, "DQBUF: %s", strerrorname_np(-r));
		CHECK(!consumer_qbuf(&c, &b), "QBUF");
		got++;
	}
	cam_close(&cam);	/* the producer goes away */

	uint64_t t0 = now_ns();
	int errs = 0;

	/* the consumer sees an error (or EOF-like POLLERR) within 3 s */
	while (now_ns() - t0 < 3000000000ull) {
		r = consumer_dqbuf(&c, 200, &b);
		if (r && r != -ETIMEDOUT && r != -EAGAIN) {
			errs++;
			break;
		}
		if (!r)
			consumer_qbuf(&c, &b);
	}
	CHECK(errs, "consumer kept streaming for 3 s after the producer closed");
	struct v4l2_capability vcap;

	r = ioctl(c.fd, VIDIOC_QUERYCAP, &vcap) < 0 ? errno : 0;
	CHECK(r == ENODEV, "QUERYCAP on the orphaned fh: %s, expected ENODEV",
	      r ? strerrorname_np(r) : "success");
	for (uint32_t i = 0; i < c.n; i++)
		munmap(c.map[i], c.len[i]);
	CHECK(!close(c.fd), "close of the orphaned fh");
	CHECK(wait_gone(cam.dev, 2000), "%s still present", cam.dev);
	return PASS;
}

static int test_create_close_cycles(void)
{
	uint64_t t0 = now_ns();

	for (int i = 0; i < 200; i++) {
		struct cam cam;
		int r;

		memset(&cam, 0, sizeof(cam));
		cam.fd = vcam_open();
		CHECK(cam.fd >= 0, "open %d", i);
		cam_init_req(&cam, 64, 48, all_formats[i % 3], 2);
		r = ioctl(cam.fd, VCAM_IOC_CREATE, &cam.req) < 0 ? errno : 0;
		CHECK(!r, "CREATE %d: %s", i, strerrorname_np(r));
		if (i % 10 == 0) {
			/* every tenth: a consumer holds the node open while
			 * the producer goes away */
			int vfd;

			snprintf(cam.dev, sizeof(cam.dev), "/dev/video%u",
				 cam.req.device_nr);
			vfd = open(cam.dev, O_RDWR);
			CHECK(vfd >= 0, "open %s: %s", cam.dev, strerror(errno));
			close(cam.fd);
			close(vfd);
		} else {
			close(cam.fd);
		}
	}
	info("200 create/close cycles in %llu ms",
	     (unsigned long long)(now_ns() - t0) / 1000000);
	for (int t = 0; t < 300 && count_vcam_nodes(); t++)
		sleep_ms(10);
	CHECK(!count_vcam_nodes(), "%d nodes left", count_vcam_nodes());
	return PASS;
}

static int test_zero_copy(void)
{
	struct cam cam;
	struct v4l2_requestbuffers rb = {
		.count = 2, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_DMABUF,
	};
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE, vfd, r;

	if (!(g_cap.caps & VCAM_CAP_ZERO_COPY)) {
		printf("#   module does not claim VCAM_CAP_ZERO_COPY\n");
		return SKIP;
	}
	r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 4);
	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	vfd = open(cam.dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	CHECK(vfd >= 0, "open");
	EXPECT_OK(vfd, VIDIOC_REQBUFS, &rb, "REQBUFS DMABUF");
	CHECK(rb.count >= 1, "no buffers");
	/* capture buffers are the producer's slots 0 and 1 */
	for (uint32_t i = 0; i < 2 && i < rb.count; i++) {
		struct v4l2_buffer b = {
			.index = i, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_DMABUF,
		};

		b.m.fd = cam.bufs[i].fd;
		EXPECT_OK(vfd, VIDIOC_QBUF, &b, "QBUF the producer's DMA-BUF");
	}
	EXPECT_OK(vfd, VIDIOC_STREAMON, &type, "STREAMON");
	/* queue slot 0's frame, then wait for a capture buffer */
	bool zc = false;

	for (int t = 0; t < 200 && !zc; t++) {
		struct v4l2_buffer b = {
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_DMABUF,
		};
		uint32_t i;

		cam_drain(&cam);
		for (i = 0; i < 2 && cam.busy[i]; i++)
			;
		if (i < 2) {
			cam_stamp(&cam, i, cam.seq++, now_ns());
			if (!cam_queue_raw(&cam, cam.bufs[i].fd, i,
					   cam.frames[i].length, 0, 0))
				cam.busy[i] = true;
		}
		struct pollfd pfd = { .fd = vfd, .events = POLLIN };

		if (poll(&pfd, 1, 50) == 1 && !ioctl(vfd, VIDIOC_DQBUF, &b)) {
			ioctl(vfd, VIDIOC_QBUF, &b);
		}
		cam_drain(&cam);
		zc = cam.seen_flags & VCAM_FRAME_ZERO_COPY;
	}
	struct vcam_ioc_stats st;

	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	info("zero copy: %llu, copied %llu, flags seen 0x%x",
	     (unsigned long long)st.zero_copy, (unsigned long long)st.copied,
	     cam.seen_flags);
	CHECK(zc || st.zero_copy, "no frame went without a copy (zero_copy %llu, copied %llu)",
	      (unsigned long long)st.zero_copy, (unsigned long long)st.copied);
	close(vfd);
	cam_close(&cam);
	return PASS;
}

/* ---- several capture nodes per camera ------------------------------- */

/* QUERYCAP of a capture node: its card name and device caps. */
static int node_querycap(uint32_t nr, struct v4l2_capability *vcap)
{
	char dev[32];
	int fd, r;

	snprintf(dev, sizeof(dev), "/dev/video%u", nr);
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = ioctl(fd, VIDIOC_QUERYCAP, vcap) < 0 ? -errno : 0;
	close(fd);
	return r;
}

static int test_readers_nodes(void)
{
	static const char long_label[] = "a label of thirty-one chars....";
	struct vcam_ioc_nodes n;
	struct vcam_ioc_stats st;
	struct v4l2_capability vcap, vcap0;
	char want[40];
	struct cam cam;
	int r;

	/* out of range */
	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	CHECK(cam.fd >= 0, "open");
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.nr_readers = VCAM_MAX_READERS + 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_CREATE, &cam.req, EINVAL, "CREATE with 9 readers");
	close(cam.fd);

	/* the default */
	r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	memset(&n, 0xa5, sizeof(n));
	EXPECT_OK(cam.fd, VCAM_IOC_NODES, &n, "NODES");
	CHECK(n.nr_readers == g_cap.default_readers,
	      "nr_readers 0 gave %u nodes, default_readers is %u", n.nr_readers,
	      g_cap.default_readers);
	cam_close(&cam);

	/* three, with a label that must be shortened for the suffix */
	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	CHECK(cam.fd >= 0, "open");
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	cam.req.nr_readers = 3;
	cam.req.device_name = (uintptr_t)long_label;
	r = cam_create_req(&cam);
	CHECK(!r, "CREATE with 3 readers: %s", strerrorname_np(-r));
	memset(&n, 0xa5, sizeof(n));
	EXPECT_OK(cam.fd, VCAM_IOC_NODES, &n, "NODES");
	CHECK(n.nr_readers == 3, "nr_readers %u", n.nr_readers);
	CHECK(n.output_nr == VCAM_NO_NODE, "output_nr %u without an output node",
	      n.output_nr);
	CHECK(n.reader_nr[0] == cam.req.device_nr, "reader_nr[0] %u, CREATE said %u",
	      n.reader_nr[0], cam.req.device_nr);
	for (int i = 3; i < VCAM_MAX_READERS; i++)
		CHECK(n.reader_nr[i] == VCAM_NO_NODE, "reader_nr[%d] = %u", i,
		      n.reader_nr[i]);
	for (int i = 0; i < 6; i++)
		CHECK(!n.reserved[i], "reserved[%d] = %u", i, n.reserved[i]);
	CHECK(n.reader_nr[0] != n.reader_nr[1] && n.reader_nr[1] != n.reader_nr[2] &&
	      n.reader_nr[0] != n.reader_nr[2], "node numbers not distinct");
	for (int i = 0; i < 3; i++) {
		r = node_querycap(n.reader_nr[i], &vcap);
		CHECK(!r, "QUERYCAP on /dev/video%u: %s", n.reader_nr[i],
		      strerrorname_np(-r));
		if (!i) {
			snprintf(want, sizeof(want), "%s", long_label);
			vcap0 = vcap;
		} else {
			snprintf(want, sizeof(want), "%.28s #%d", long_label, i + 1);
		}
		CHECK(!strcmp((char *)vcap.card, want), "node %d: card \"%s\", expected \"%s\"",
		      i, vcap.card, want);
		/* the V4L2 core adds EXT_PIX_FORMAT itself */
		CHECK((vcap.device_caps & ~V4L2_CAP_EXT_PIX_FORMAT) ==
		      (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING | V4L2_CAP_READWRITE),
		      "node %d: device_caps 0x%x", i, vcap.device_caps);
		CHECK(!strcmp((char *)vcap.bus_info, (char *)vcap0.bus_info),
		      "node %d: bus_info %s, the first node has %s", i,
		      vcap.bus_info, vcap0.bus_info);
	}
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	CHECK(st.nr_readers == 3 && st.readers_streaming == 0,
	      "stats: nr_readers %u, readers_streaming %u", st.nr_readers,
	      st.readers_streaming);
	CAM_WORKS(&cam);
	cam_close(&cam);
	for (int i = 0; i < 3; i++) {
		char dev[32];

		snprintf(dev, sizeof(dev), "/dev/video%u", n.reader_nr[i]);
		CHECK(wait_gone(dev, 2000), "%s still present after the producer closed", dev);
	}
	return PASS;
}

/* Count counter stamps newer than @last on @c for @ms; returns the count. */
static int consumer_collect(struct consumer *c, uint32_t w, uint32_t h,
			    int ms, uint64_t *last, int *errs)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000ull;
	int fresh = 0;

	while (now_ns() < end) {
		struct v4l2_buffer b;
		struct vcam_counter ct;
		int r = consumer_dqbuf(c, 50, &b);

		if (r == -ETIMEDOUT || r == -EAGAIN)
			continue;
		if (r) {
			(*errs)++;
			return fresh;
		}
		if (!(b.flags & V4L2_BUF_FLAG_ERROR) &&
		    !vcam_counter_read_raw(c->map[b.index], w, h, w * 2, 1, &ct)) {
			if (ct.seq < *last)
				(*errs)++;
			if (ct.seq > *last || !fresh)
				fresh++;
			*last = ct.seq;
		}
		if (consumer_qbuf(c, &b))
			(*errs)++;
	}
	return fresh;
}

/* Feed @frames frames, @gap_ms apart, while both consumers collect. */
static int feed_two(struct cam *cam, struct consumer *a, struct consumer *b,
		    int frames, uint64_t *la, uint64_t *lb, int *na, int *nb,
		    int *errs)
{
	for (int i = 0; i < frames; i++) {
		int r = cam_pump_one(cam, 2000);

		if (r)
			return r;
		if (a)
			*na += consumer_collect(a, 64, 48, 15, la, errs);
		if (b)
			*nb += consumer_collect(b, 64, 48, 15, lb, errs);
	}
	return 0;
}

static int test_readers_independent(void)
{
	struct consumer a, b;
	struct vcam_ioc_nodes n;
	struct vcam_ioc_stats st;
	struct v4l2_requestbuffers rb = {
		.count = 2, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_MMAP,
	};
	uint64_t la = 0, lb = 0;
	int na = 0, nb = 0, errs = 0, type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	char dev[2][32];
	struct cam cam;
	int r, fd;

	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	CHECK(cam.fd >= 0, "open");
	cam_init_req(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 4);
	cam.req.nr_readers = 2;
	r = cam_create_req(&cam);
	CHECK(!r, "CREATE with 2 readers: %s", strerrorname_np(-r));
	EXPECT_OK(cam.fd, VCAM_IOC_NODES, &n, "NODES");
	for (int i = 0; i < 2; i++)
		snprintf(dev[i], sizeof(dev[i]), "/dev/video%u", n.reader_nr[i]);

	r = consumer_start(&a, dev[0], 4);
	CHECK(!r, "consumer on %s: %s", dev[0], strerrorname_np(-r));
	r = consumer_start(&b, dev[1], 4);
	CHECK(!r, "second application on %s: %s (readers must not share one owner)",
	      dev[1], strerrorname_np(-r));
	/* each node still has one owner: a third handle gets EBUSY on node 1 */
	fd = open(dev[1], O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0, "open %s", dev[1]);
	EXPECT_ERR(fd, VIDIOC_REQBUFS, &rb, EBUSY, "REQBUFS by a second handle of a streaming node");
	close(fd);
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	CHECK(st.readers_streaming == 2, "readers_streaming %u with two streams",
	      st.readers_streaming);

	r = feed_two(&cam, &a, &b, 20, &la, &lb, &na, &nb, &errs);
	CHECK(!r, "producer stalled with two readers: %s", strerrorname_np(-r));
	CHECK(!errs, "%d consumer errors or frames out of order", errs);
	CHECK(na >= 15 && nb >= 15, "new frames seen: %d on node 0, %d on node 1 (of 20)",
	      na, nb);

	/* node 0 stops and frees its buffers: node 1 and the producer go on */
	CHECK(!ioctl(a.fd, VIDIOC_STREAMOFF, &type), "STREAMOFF node 0");
	rb.count = 0;
	CHECK(!ioctl(a.fd, VIDIOC_REQBUFS, &rb) || errno == EBUSY,
	      "REQBUFS(0) node 0: %s", strerror(errno));
	nb = 0;
	r = feed_two(&cam, NULL, &b, 20, &la, &lb, &na, &nb, &errs);
	CHECK(!r, "producer after node 0 stopped: %s", strerrorname_np(-r));
	CHECK(!errs && nb >= 15, "node 1 after node 0 stopped: %d new frames, %d errors",
	      nb, errs);
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	CHECK(st.readers_streaming == 1, "readers_streaming %u after one STREAMOFF",
	      st.readers_streaming);
	for (uint32_t i = 0; i < a.n; i++)
		munmap(a.map[i], a.len[i]);
	close(a.fd);

	/* node 1 stalls (never dequeues): the producer never waits */
	for (int i = 0; i < 40; i++) {
		r = cam_pump_one(&cam, 2000);
		CHECK(!r, "producer stalled behind a stalled reader: %s",
		      strerrorname_np(-r));
	}
	/* node 0 starts again while node 1 is stalled */
	la = 0;
	na = 0;
	r = consumer_start(&a, dev[0], 4);
	CHECK(!r, "restart on %s: %s", dev[0], strerrorname_np(-r));
	r = feed_two(&cam, &a, NULL, 20, &la, &lb, &na, &nb, &errs);
	CHECK(!r && !errs && na >= 15,
	      "node 0 restarted beside a stalled node 1: %d new frames, %d errors, %s",
	      na, errs, strerrorname_np(-r));
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	info("two readers: delivered %llu, repeated %llu, copied %llu, bytes %llu, repeat bytes %llu",
	     (unsigned long long)st.delivered, (unsigned long long)st.repeated,
	     (unsigned long long)st.copied, (unsigned long long)st.bytes_copied,
	     (unsigned long long)st.repeat_bytes_copied);
	CHECK(st.bytes_copied == st.copied * cam.frames[0].length,
	      "bytes_copied %llu for %llu copies of %u bytes",
	      (unsigned long long)st.bytes_copied, (unsigned long long)st.copied,
	      cam.frames[0].length);
	close(a.fd);
	close(b.fd);
	cam_close(&cam);
	return PASS;
}

/* Capture buffers of all nodes share the camera's memory budget. */
static int test_readers_budget(void)
{
	uint32_t w = 2048, h = 2048, frame = w * h * 2;
	uint32_t fit = (uint32_t)(g_cap.max_camera_bytes / frame);
	struct v4l2_requestbuffers rb = {
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP,
	};
	struct vcam_ioc_nodes n;
	char dev[2][32];
	int fd[2], r;
	struct cam cam;

	if (fit < 2 || fit > 32) {
		info("max_camera_bytes %llu: %u frames of 2048x2048 fit, test needs 2..32",
		     (unsigned long long)g_cap.max_camera_bytes, fit);
		return SKIP;
	}
	memset(&cam, 0, sizeof(cam));
	cam.fd = vcam_open();
	CHECK(cam.fd >= 0, "open");
	cam_init_req(&cam, w, h, V4L2_PIX_FMT_YUYV, 2);
	cam.req.nr_readers = 2;
	r = ioctl(cam.fd, VCAM_IOC_CREATE, &cam.req) < 0 ? -errno : 0;
	CHECK(!r, "CREATE 2048x2048 with 2 readers: %s", strerrorname_np(-r));
	EXPECT_OK(cam.fd, VCAM_IOC_NODES, &n, "NODES");
	for (int i = 0; i < 2; i++) {
		snprintf(dev[i], sizeof(dev[i]), "/dev/video%u", n.reader_nr[i]);
		fd[i] = open(dev[i], O_RDWR | O_CLOEXEC);
		CHECK(fd[i] >= 0, "open %s", dev[i]);
	}
	rb.count = 32;
	EXPECT_OK(fd[0], VIDIOC_REQBUFS, &rb, "REQBUFS 32 on node 0");
	CHECK(rb.count == fit, "node 0 got %u buffers, %u fit in the budget",
	      rb.count, fit);
	rb.count = 4;
	EXPECT_ERR(fd[1], VIDIOC_REQBUFS, &rb, ENOMEM,
		   "REQBUFS on node 1 with the budget used up by node 0");
	rb.count = 0;
	EXPECT_OK(fd[0], VIDIOC_REQBUFS, &rb, "REQBUFS(0) on node 0");
	rb.count = 4;
	EXPECT_OK(fd[1], VIDIOC_REQBUFS, &rb, "REQBUFS on node 1 after node 0 freed its buffers");
	CHECK(rb.count == (fit < 4 ? fit : 4), "node 1 got %u buffers", rb.count);
	close(fd[0]);
	close(fd[1]);
	cam_close(&cam);
	return PASS;
}

/* ---- export mode ------------------------------------------------------ */

/* A 64x48 YUYV camera with export mode and @readers nodes. */
static int export_cam(struct cam *cam, uint32_t readers)
{
	memset(cam, 0, sizeof(*cam));
	cam->fd = vcam_open();
	if (cam->fd < 0)
		return -ENODEV;
	cam_init_req(cam, 64, 48, V4L2_PIX_FMT_YUYV, 3);
	cam->req.flags = VCAM_CREATE_EXPORT;
	cam->req.nr_readers = readers;
	return cam_create_req(cam);
}

struct loan {
	struct vcam_ioc_acquire a;
	void *map;
};

/* Mappings of borrowed buffers, by reader and buffer index. */
typedef void *loan_maps[VCAM_MAX_READERS][32];

/* Borrow a buffer; map it when a new fd came. 0 or -errno. */
static int loan_get(struct cam *cam, struct loan *l, loan_maps all, uint32_t flags)
{
	void **maps;

	memset(&l->a, 0, sizeof(l->a));
	l->a.flags = flags;
	if (ioctl(cam->fd, VCAM_IOC_EXPORT_ACQUIRE, &l->a) < 0)
		return -errno;
	if (l->a.index >= 32 || l->a.reader >= VCAM_MAX_READERS)
		return -EPROTO;
	maps = all[l->a.reader];
	if (l->a.fd >= 0) {
		if (maps[l->a.index])
			munmap(maps[l->a.index], l->a.length);
		maps[l->a.index] = mmap(NULL, l->a.length, PROT_READ | PROT_WRITE,
					MAP_SHARED, l->a.fd, 0);
		close(l->a.fd);
		if (maps[l->a.index] == MAP_FAILED) {
			maps[l->a.index] = NULL;
			return -errno;
		}
	}
	l->map = maps[l->a.index];
	return l->map ? 0 : -ENOENT;
}

static int loan_queue(struct cam *cam, struct loan *l, uint64_t seq)
{
	struct vcam_counter c = { .seq = seq, .ts_ns = now_ns() };
	struct vcam_ioc_queue q = {
		.fd = -1, .index = l->a.index, .length = cam->frames[0].length,
		.flags = VCAM_QUEUE_EXPORTED, .cookie = l->a.cookie,
	};

	vcam_counter_stamp_raw(l->map, 64, 48, 128, 1, &c);
	return ioctl(cam->fd, VCAM_IOC_QUEUE, &q) < 0 ? -errno : 0;
}

static int test_export_errors(void)
{
	struct vcam_ioc_acquire a = { 0 };
	struct vcam_ioc_release rel = { 0 };
	struct vcam_ioc_queue q = { .fd = -1, .flags = VCAM_QUEUE_EXPORTED };
	struct cam cam;
	int r;

	CHECK(g_cap.caps & VCAM_CAP_EXPORT, "caps 0x%x lack EXPORT", g_cap.caps);
	r = cam_create(&cam, 64, 48, V4L2_PIX_FMT_YUYV, 2);
	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_ACQUIRE, &a, EOPNOTSUPP, "ACQUIRE without export mode");
	q.length = cam.frames[0].length;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EOPNOTSUPP, "QUEUE exported without export mode");
	cam_close(&cam);

	r = export_cam(&cam, 1);
	CHECK(!r, "CREATE with VCAM_CREATE_EXPORT: %s", strerrorname_np(-r));
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_ACQUIRE, &a, EAGAIN, "ACQUIRE with nobody streaming");
	a.flags = 2;
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_ACQUIRE, &a, EINVAL, "ACQUIRE flags 2");
	a.flags = 0;
	a.reserved[3] = 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_ACQUIRE, &a, EINVAL, "ACQUIRE reserved");
	rel.cookie = 12345;
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_RELEASE, &rel, ESTALE, "RELEASE of an unknown stream");
	rel.reserved[0] = 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_RELEASE, &rel, EINVAL, "RELEASE reserved");
	q.length = cam.frames[0].length;
	q.cookie = 12345;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, ESTALE, "QUEUE exported of an unknown stream");
	q.fd = 0;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EINVAL, "QUEUE exported with an fd");
	q.fd = -1;
	q.offset = 64;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EINVAL, "QUEUE exported with an offset");
	q.offset = 0;
	q.length = 1;
	EXPECT_ERR(cam.fd, VCAM_IOC_QUEUE, &q, EINVAL, "QUEUE exported with a short length");
	/* ordinary slots still work on an export camera */
	CAM_WORKS(&cam);
	cam_close(&cam);
	return PASS;
}

static int test_export_frames(void)
{
	loan_maps maps = { { 0 } };
	struct vcam_ioc_wait w = { .mask = VCAM_STATUS_EXPORT, .timeout_ms = 5000 };
	struct vcam_ioc_release rel = { 0 };
	struct vcam_ioc_stats st;
	struct consumer c;
	struct loan l, l2;
	int got = 0, r, type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	uint64_t seq = 1;
	uint32_t cookie;
	struct cam cam;

	r = export_cam(&cam, 1);
	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	r = consumer_start(&c, cam.dev, 4);
	CHECK(!r, "consumer: %s", strerrorname_np(-r));
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT for EXPORT");
	CHECK(w.status & VCAM_STATUS_EXPORT, "status 0x%llx", (unsigned long long)w.status);

	/* a loan comes with an fd once per buffer and stream */
	r = loan_get(&cam, &l, maps, 0);
	CHECK(!r, "ACQUIRE with an MMAP consumer: %s", strerrorname_np(-r));
	CHECK(l.a.fd >= 0 && l.a.cookie && l.a.length >= cam.frames[0].length && !l.a.reader,
	      "ACQUIRE: fd %d cookie %u length %u reader %u", l.a.fd, l.a.cookie,
	      l.a.length, l.a.reader);
	cookie = l.a.cookie;
	rel.index = l.a.index;
	rel.cookie = l.a.cookie;
	EXPECT_OK(cam.fd, VCAM_IOC_EXPORT_RELEASE, &rel, "RELEASE");
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_RELEASE, &rel, EINVAL, "RELEASE twice");

	/* frames rendered into the consumer's buffers arrive in them, in order */
	for (int t = 0; t < 300 && got < 20; t++) {
		struct v4l2_buffer b;
		struct vcam_counter ct;

		r = loan_get(&cam, &l, maps, 0);
		if (!r) {
			CHECK(l.a.cookie == cookie, "cookie changed within a stream");
			r = loan_queue(&cam, &l, seq);
			CHECK(!r, "QUEUE exported: %s", strerrorname_np(-r));
			seq++;
		} else {
			CHECK(r == -EAGAIN, "ACQUIRE: %s", strerrorname_np(-r));
		}
		r = consumer_dqbuf(&c, 20, &b);
		if (r == -ETIMEDOUT)
			continue;
		CHECK(!r, "DQBUF: %s", strerrorname_np(-r));
		if (!vcam_counter_read_raw(c.map[b.index], 64, 48, 128, 1, &ct) &&
		    ct.seq == seq - 1)
			got++;
		CHECK(!consumer_qbuf(&c, &b), "QBUF");
	}
	CHECK(got >= 10, "only %d frames rendered into the consumer's buffers came out", got);
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	info("export: exported %llu, zero copy %llu, copied %llu, bytes %llu, repeat bytes %llu",
	     (unsigned long long)st.exported, (unsigned long long)st.zero_copy,
	     (unsigned long long)st.copied, (unsigned long long)st.bytes_copied,
	     (unsigned long long)st.repeat_bytes_copied);
	CHECK(st.exported >= 10 && st.exported <= st.zero_copy,
	      "exported %llu, zero_copy %llu", (unsigned long long)st.exported,
	      (unsigned long long)st.zero_copy);
	CHECK(st.bytes_copied == 0, "%llu bytes copied for new frames in export mode",
	      (unsigned long long)st.bytes_copied);

	/* the consumer stops and frees its buffers under a loan */
	r = loan_get(&cam, &l2, maps, 0);
	CHECK(!r, "ACQUIRE before the consumer stops: %s", strerrorname_np(-r));
	CHECK(!ioctl(c.fd, VIDIOC_STREAMOFF, &type), "STREAMOFF");
	for (uint32_t i = 0; i < c.n; i++)
		munmap(c.map[i], c.len[i]);
	close(c.fd);
	memset(&w, 0, sizeof(w));
	w.mask = VCAM_STATUS_IDLE;
	w.timeout_ms = 5000;
	EXPECT_OK(cam.fd, VCAM_IOC_WAIT, &w, "WAIT IDLE");
	CHECK(!(w.status & VCAM_STATUS_EXPORT), "EXPORT still set after the consumer left");
	/* our mapping is still memory: write it, then queue it */
	memset(l2.map, 0x55, l2.a.length);
	r = loan_queue(&cam, &l2, seq);
	CHECK(r == -ESTALE, "QUEUE of a revoked buffer: %s, expected ESTALE",
	      r ? strerrorname_np(-r) : "success");
	rel.index = l2.a.index;
	rel.cookie = l2.a.cookie;
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_RELEASE, &rel, ESTALE, "RELEASE of a revoked buffer");
	EXPECT_ERR(cam.fd, VCAM_IOC_EXPORT_ACQUIRE, &l.a, EAGAIN, "ACQUIRE without a consumer");
	CAM_WORKS(&cam);
	for (int i = 0; i < 32; i++)
		if (maps[0][i])
			munmap(maps[0][i], l.a.length);
	cam_close(&cam);
	return PASS;
}

/* Two readers: the lender's node gets the frame in place, the other a copy. */
static int test_export_two_readers(void)
{
	loan_maps maps = { { 0 } };
	struct vcam_ioc_nodes n;
	struct vcam_ioc_stats st;
	struct consumer c[2];
	uint64_t last[2] = { 0, 0 };
	int fresh[2] = { 0, 0 }, errs = 0, r;
	uint32_t cookie[2] = { 0, 0 };
	uint64_t seq = 1;
	struct cam cam;
	char dev[32];

	r = export_cam(&cam, 2);
	CHECK(!r, "CREATE: %s", strerrorname_np(-r));
	EXPECT_OK(cam.fd, VCAM_IOC_NODES, &n, "NODES");
	for (int i = 0; i < 2; i++) {
		snprintf(dev, sizeof(dev), "/dev/video%u", n.reader_nr[i]);
		r = consumer_start(&c[i], dev, 4);
		CHECK(!r, "consumer on %s: %s", dev, strerrorname_np(-r));
	}
	for (int t = 0; t < 60; t++) {
		struct loan l;

		r = loan_get(&cam, &l, maps, 0);
		if (!r) {
			if (!cookie[l.a.reader])
				cookie[l.a.reader] = l.a.cookie;
			CHECK(cookie[l.a.reader] == l.a.cookie, "cookie of reader %u changed",
			      l.a.reader);
			CHECK(!loan_queue(&cam, &l, seq), "QUEUE exported");
			seq++;
		} else {
			CHECK(r == -EAGAIN, "ACQUIRE: %s", strerrorname_np(-r));
		}
		for (int i = 0; i < 2; i++)
			fresh[i] += consumer_collect(&c[i], 64, 48, 20, &last[i], &errs);
	}
	CHECK(cookie[0] && cookie[1] && cookie[0] != cookie[1],
	      "cookies %u and %u: both nodes must lend, each with its own", cookie[0],
	      cookie[1]);
	CHECK(!errs, "%d consumer errors or frames out of order", errs);
	CHECK(fresh[0] >= 15 && fresh[1] >= 15, "new frames: %d and %d", fresh[0], fresh[1]);
	EXPECT_OK(cam.fd, VCAM_IOC_STATS, &st, "STATS");
	info("two readers, export: exported %llu, copied %llu, delivered %llu",
	     (unsigned long long)st.exported, (unsigned long long)st.copied,
	     (unsigned long long)st.delivered);
	CHECK(st.exported && st.copied, "exported %llu, copied %llu: each frame is in place on one node, a copy on the other",
	      (unsigned long long)st.exported, (unsigned long long)st.copied);
	close(c[0].fd);
	close(c[1].fd);
	cam_close(&cam);
	return PASS;
}

/* ---- runner ---------------------------------------------------------- */

struct test {
	const char *name;
	int (*fn)(void);
};

static const struct test tests[] = {
	{ "querycap", test_querycap },
	{ "create_formats", test_create_formats },
	{ "create_defaults", test_create_defaults },
	{ "create_bad_sizes", test_create_bad_sizes },
	{ "create_bad_params", test_create_bad_params },
	{ "create_twice", test_create_twice },
	{ "before_create", test_before_create },
	{ "unknown_ioctl", test_unknown_ioctl },
	{ "queue_errors", test_queue_errors },
	{ "queue_mjpeg_length", test_queue_mjpeg_length },
	{ "dequeue", test_dequeue },
	{ "status_wait", test_status_wait },
	{ "stats", test_stats },
	{ "device_nr", test_device_nr },
	{ "camera_limit", test_camera_limit },
	{ "camera_bytes_limit", test_camera_bytes_limit },
	{ "no_stall_without_consumer", test_no_stall_without_consumer },
	{ "consumer_streams", test_consumer_streams },
	{ "consumer_streamoff", test_consumer_streamoff },
	{ "consumer_killed", test_consumer_killed },
	{ "producer_gone", test_producer_gone },
	{ "create_close_cycles", test_create_close_cycles },
	{ "zero_copy", test_zero_copy },
	{ "readers_nodes", test_readers_nodes },
	{ "readers_independent", test_readers_independent },
	{ "readers_budget", test_readers_budget },
	{ "export_errors", test_export_errors },
	{ "export_frames", test_export_frames },
	{ "export_two_readers", test_export_two_readers },
};

static bool selected(const char *name, int argc, char **argv)
{
	if (argc <= 0)
		return true;
	for (int i = 0; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	int pass = 0, fail = 0, skip = 0, n = 0, total = 0, fd;
	char why[512];

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "-v")) {
		verbose = true;
		argc--;
		argv++;
	}
	argc--;
	argv++;

	fd = vcam_open();
	if (fd < 0) {
		printf("Bail out! /dev/vcam unavailable (is vcam.ko loaded?)\n");
		return 1;
	}
	if (ioctl(fd, VCAM_IOC_QUERYCAP, &g_cap) < 0) {
		printf("Bail out! VCAM_IOC_QUERYCAP: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	if (dmabuf_allocator_open(&g_alloc, DMABUF_AUTO, why, sizeof(why))) {
		printf("Bail out! no DMA-BUF source: %s\n", why);
		return 1;
	}
	printf("# DMA-BUFs from %s\n", dmabuf_kind_name(g_alloc.kind));

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		total += selected(tests[i].name, argc, argv);
	printf("TAP version 13\n1..%d\n", total);

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int status, res;
		pid_t pid;

		if (!selected(tests[i].name, argc, argv))
			continue;
		n++;
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (!pid) {
			signal(SIGALRM, SIG_DFL);
			alarm(TEST_TIMEOUT_S);
			_exit(tests[i].fn());
		}
		if (waitpid(pid, &status, 0) != pid)
			status = -1;
		if (WIFEXITED(status))
			res = WEXITSTATUS(status);
		else
			res = -1;
		if (res == PASS) {
			printf("ok %d %s\n", n, tests[i].name);
			pass++;
		} else if (res == SKIP) {
			printf("ok %d %s # SKIP\n", n, tests[i].name);
			skip++;
		} else {
			if (WIFSIGNALED(status))
				printf("not ok %d %s # killed by signal %d%s\n", n,
				       tests[i].name, WTERMSIG(status),
				       WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
			else
				printf("not ok %d %s\n", n, tests[i].name);
			fail++;
		}
		/* cameras of the test child die with it; let nodes go */
		sleep_ms(50);
	}
	dmabuf_allocator_close(&g_alloc);
	printf("%d passed, %d failed, %d skipped\n", pass, fail, skip);
	return fail ? 1 : 0;
}
