// SPDX-License-Identifier: GPL-2.0+
/*
 * vcam-faults - allocation failures injected into the driver's paths.
 *
 *   vcam-faults [-v] nth OP-SET
 *   vcam-faults [-v] random ROUNDS
 *   vcam-faults [-v] init VCAM.KO
 *   vcam-faults [-v] delivery
 *
 * Needs a kernel with CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and
 * FAULT_INJECTION_DEBUG_FS (the debug kernel). The caller (guest test
 * 33-faults) configures /sys/kernel/debug/failslab and fail_page_alloc:
 * which code must be on the failing allocation's stack (the stack-trace
 * filter), and for "random" the probability, interval and times with
 * task-filter on. This program only ever arms its own task.
 *
 * nth: systematic. For every operation of OP-SET ("producer": /dev/vcam
 * open, CREATE of each format and with several readers, PLACEHOLDER, QUEUE,
 * capture-node open, EXPBUF, mmap, STREAMON, and in export mode
 * EXPORT_ACQUIRE and QUEUE of the borrowed buffer; "buffers": REQBUFS,
 * CREATE_BUFS, USERPTR and DMABUF QBUF, read())
 * it fails the 1st, 2nd, ... allocation the operation makes
 * (/proc/thread-self/fail-nth) until the operation runs through without
 * reaching the armed one. After each injected failure the call must have
 * returned 0 (the failure was absorbed) or -ENOMEM, the same call must then
 * succeed on the same objects, and a fresh camera must deliver a queued
 * frame to a V4L2 consumer. Prints one line per operation with its fault
 * points.
 *
 * random: ROUNDS whole producer + consumer sessions (every other one in
 * export mode, with a loan queued when one is free) with
 * /proc/self/make-it-fail set, so that the configured probability, interval
 * and times decide which allocations fail. Every call must succeed or fail
 * with ENOMEM (a session ends at its first failure); after each round a
 * fresh session without faults must work.
 *
 * init: the module's own initialisation. With vcam unloaded (and the
 * caller's stack filter on the kernel's do_init_module()), it loads VCAM.KO
 * with finit_module() failing the 1st, 2nd, ... allocation until the load
 * runs through; every failed load must end in ENOMEM and leave nothing
 * behind (the next load works). vcam stays loaded at the end.
 *
 * delivery: the copy of a frame into a capture buffer runs in a kworker,
 * not in this task, so it cannot be scoped to the task: the caller sets
 * failslab to probability 100 with task-filter off, times 0 and vcam's code
 * required on the stack; this program then sets times to 1 right before
 * queueing a new frame (640x480 YUYV: vmap needs a fresh vmap area), until
 * one delivery fails. The consumer must get that buffer with
 * V4L2_BUF_FLAG_ERROR, STATS must count the error, and the following frames
 * must arrive intact.
 *
 * All modes end by checking that no camera is left and that the next camera gets
 * id 0 again (no id leaked). Exit status: 0 pass, 1 failure, 2 usage or
 * setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/videodev2.h>

#include "../../include/uapi/linux/vcam.h"
#include "../../tools/dmabuf-alloc.h"

#define W		64
#define H		48
#define NR_SLOTS	3
#define NR_BUFS		3
#define MAX_NTH		2000
#define PATTERN		0x5a

static bool verbose;
/* The cameras' size: small, but for the delivery phase (see run_delivery()). */
static uint32_t g_w = W, g_h = H;
static struct dmabuf_allocator g_alloc;
static struct vcam_ioc_querycap g_cap;

static void msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

#define FAILF(...) do { printf("FAIL: "); msg(__VA_ARGS__); return -1; } while (0)

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- fault injection on this task ------------------------------------ */

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int fail_nth_fd = -1;

static int fault_arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fail_nth_fd, buf, len, 0) != len) {
		printf("FAIL: write %u to /proc/thread-self/fail-nth: %s\n", n, strerror(errno));
		exit(2);
	}
	return 0;
}

/* Disarm; true if the armed failure was injected. */
static bool fault_disarm(void)
{
	char buf[16] = "";
	ssize_t r = pread(fail_nth_fd, buf, sizeof(buf) - 1, 0);

	if (r <= 0) {
		printf("FAIL: read /proc/thread-self/fail-nth: %s\n", strerror(errno));
		exit(2);
	}
	fault_arm(0);
	return atoi(buf) == 0;
}

static void make_it_fail(bool on)
{
	int r = write_str("/proc/self/make-it-fail", on ? "1" : "0");

	if (r) {
		printf("FAIL: write /proc/self/make-it-fail: %s\n", strerror(-r));
		exit(2);
	}
}

/* ---- a camera and a consumer ----------------------------------------- */

struct ctx {
	int vfd;			/* /dev/vcam */
	struct vcam_ioc_create req;
	struct vcam_frame frames[NR_SLOTS];
	char label[32];
	int video;			/* /dev/videoN */
	char dev[32];
	struct dmabuf bufs[NR_SLOTS];
	bool have_bufs;
	void *map;			/* capture buffer 0, mmap()ed */
	size_t maplen;
	int expfd;			/* EXPBUF result */
	unsigned int nbufs;		/* capture buffers after REQBUFS */
	unsigned int memory;
	void *user[NR_BUFS];		/* USERPTR memory */
	uint32_t create_flags;		/* CREATE: VCAM_CREATE_* */
	uint32_t fps;			/* CREATE: frames a second; 0: 100 */
	struct vcam_ioc_acquire acq;	/* EXPORT_ACQUIRE result */
};

static void ctx_init(struct ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->vfd = c->video = c->expfd = c->acq.fd = -1;
}

static void ctx_free(struct ctx *c)
{
	unsigned int i;

	if (c->map)
		munmap(c->map, c->maplen);
	if (c->expfd >= 0)
		close(c->expfd);
	if (c->acq.fd >= 0)
		close(c->acq.fd);
	if (c->video >= 0)
		close(c->video);
	if (c->vfd >= 0)
		close(c->vfd);
	if (c->have_bufs)
		for (i = 0; i < NR_SLOTS; i++)
			dmabuf_free(&g_alloc, &c->bufs[i]);
	for (i = 0; i < NR_BUFS; i++)
		free(c->user[i]);
	ctx_init(c);
}

static uint32_t sizeimage(uint32_t fourcc)
{
	switch (fourcc) {
	case V4L2_PIX_FMT_YUYV:
		return g_w * g_h * 2;
	case V4L2_PIX_FMT_NV12:
		return g_w * g_h * 3 / 2;
	default:
		return 0;	/* MJPEG: the driver says */
	}
}

static void ctx_req(struct ctx *c, uint32_t fourcc, uint32_t readers)
{
	memset(&c->req, 0, sizeof(c->req));
	snprintf(c->label, sizeof(c->label), "vcam faults");
	c->req.device_name = (uintptr_t)c->label;
	c->req.width = g_w;
	c->req.height = g_h;
	c->req.pixelformat = fourcc;
	c->req.nr_frames = NR_SLOTS;
	c->req.frames = (uintptr_t)c->frames;
	c->req.fps_numerator = c->fps ? c->fps : 100;
	c->req.fps_denominator = 1;
	c->req.nr_readers = readers;
	c->req.flags = c->create_flags;
}

static int op_open_vcam(struct ctx *c)
{
	c->vfd = open("/dev/vcam", O_RDWR | O_CLOEXEC);
	return c->vfd < 0 ? -errno : 0;
}

static int op_create(struct ctx *c)
{
	if (ioctl(c->vfd, VCAM_IOC_CREATE, &c->req) < 0)
		return -errno;
	snprintf(c->dev, sizeof(c->dev), "/dev/video%u", c->req.device_nr);
	return 0;
}

static int op_open_video(struct ctx *c)
{
	c->video = open(c->dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	return c->video < 0 ? -errno : 0;
}

static int alloc_slots(struct ctx *c)
{
	unsigned int i;
	int r;

	for (i = 0; i < NR_SLOTS; i++) {
		r = dmabuf_alloc(&g_alloc, c->frames[i].length, &c->bufs[i]);
		if (r) {
			while (i--)
				dmabuf_free(&g_alloc, &c->bufs[i]);
			return r;
		}
		memset(c->bufs[i].map, PATTERN, c->bufs[i].size);
	}
	c->have_bufs = true;
	return 0;
}

static int op_queue(struct ctx *c)
{
	struct vcam_ioc_queue q = {
		.fd = c->bufs[0].fd, .index = 0,
		.length = sizeimage(c->req.pixelformat) ? : 64,
	};

	return ioctl(c->vfd, VCAM_IOC_QUEUE, &q) < 0 ? -errno : 0;
}

static int reqbufs(struct ctx *c, unsigned int memory, unsigned int count)
{
	struct v4l2_requestbuffers rb = {
		.count = count, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = memory,
	};

	if (ioctl(c->video, VIDIOC_REQBUFS, &rb) < 0)
		return -errno;
	c->nbufs = rb.count;
	c->memory = memory;
	return 0;
}

static int op_reqbufs_mmap(struct ctx *c)
{
	return reqbufs(c, V4L2_MEMORY_MMAP, NR_BUFS);
}

static int op_create_bufs(struct ctx *c)
{
	struct v4l2_create_buffers cb = {
		.count = NR_BUFS, .memory = V4L2_MEMORY_MMAP,
		.format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
	};

	if (ioctl(c->video, VIDIOC_G_FMT, &cb.format) < 0)
		return -errno;
	if (ioctl(c->video, VIDIOC_CREATE_BUFS, &cb) < 0)
		return -errno;
	c->nbufs = cb.index + cb.count;
	c->memory = V4L2_MEMORY_MMAP;
	return 0;
}

static int qbuf(struct ctx *c, unsigned int i)
{
	struct v4l2_buffer b = {
		.index = i, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = c->memory,
	};

	if (c->memory == V4L2_MEMORY_USERPTR) {
		b.m.userptr = (uintptr_t)c->user[i];
		b.length = 2 * W * H * 2;
	} else if (c->memory == V4L2_MEMORY_DMABUF) {
		b.m.fd = c->bufs[i % NR_SLOTS].fd;
		b.length = c->bufs[i % NR_SLOTS].size;
	}
	return ioctl(c->video, VIDIOC_QBUF, &b) < 0 ? -errno : 0;
}

static int op_qbuf_userptr(struct ctx *c)
{
	return qbuf(c, 0);
}

static int op_qbuf_dmabuf(struct ctx *c)
{
	return qbuf(c, 0);
}

static int op_streamon(struct ctx *c)
{
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

	return ioctl(c->video, VIDIOC_STREAMON, &type) < 0 ? -errno : 0;
}

static int op_expbuf(struct ctx *c)
{
	struct v4l2_exportbuffer eb = {
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .index = 0, .flags = O_RDONLY,
	};

	if (ioctl(c->video, VIDIOC_EXPBUF, &eb) < 0)
		return -errno;
	c->expfd = eb.fd;
	return 0;
}

static int op_mmap(struct ctx *c)
{
	struct v4l2_buffer b = {
		.index = 0, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP,
	};
	void *p;

	if (ioctl(c->video, VIDIOC_QUERYBUF, &b) < 0)
		return -errno;
	p = mmap(NULL, b.length, PROT_READ, MAP_SHARED, c->video, b.m.offset);
	if (p == MAP_FAILED)
		return -errno;
	/* Touch it: the driver's pages are mapped at the first fault. */
	if (*(volatile uint8_t *)p == 0xff && verbose)
		msg("#   first byte 0xff");
	c->map = p;
	c->maplen = b.length;
	return 0;
}

static int op_read(struct ctx *c)
{
	static uint8_t buf[W * H * 2];
	ssize_t r = read(c->video, buf, sizeof(buf));

	/* Non-blocking: EAGAIN once the read buffers are set up. */
	if (r < 0 && errno != EAGAIN)
		return -errno;
	return 0;
}

static int op_placeholder(struct ctx *c)
{
	static uint8_t frame[W * H * 2];
	struct vcam_ioc_placeholder p = {
		.data = (uintptr_t)frame, .length = sizeof(frame),
		.pixelformat = V4L2_PIX_FMT_YUYV, .width = W, .height = H,
	};

	memset(frame, PATTERN, sizeof(frame));
	return ioctl(c->vfd, VCAM_IOC_PLACEHOLDER, &p) < 0 ? -errno : 0;
}

static int op_acquire(struct ctx *c)
{
	struct vcam_ioc_acquire a = { .fd = -1 };

	if (ioctl(c->vfd, VCAM_IOC_EXPORT_ACQUIRE, &a) < 0)
		return -errno;
	if (a.fd < 0)
		return -EPROTO;	/* the first loan of a buffer in a stream has an fd */
	c->acq = a;
	return 0;
}

static int op_queue_exported(struct ctx *c)
{
	struct vcam_ioc_queue q = {
		.fd = -1, .index = c->acq.index, .flags = VCAM_QUEUE_EXPORTED,
		.length = sizeimage(c->req.pixelformat) ? : 64, .cookie = c->acq.cookie,
	};

	return ioctl(c->vfd, VCAM_IOC_QUEUE, &q) < 0 ? -errno : 0;
}

/* ---- setups: everything an operation needs, without faults ------------ */

static int setup_none(struct ctx *c)
{
	(void)c;
	return 0;
}

static int setup_vcam(struct ctx *c)
{
	return op_open_vcam(c);
}

static int setup_camera(struct ctx *c)
{
	int r = op_open_vcam(c);

	if (!r) {
		ctx_req(c, V4L2_PIX_FMT_YUYV, 0);
		r = op_create(c);
	}
	return r ? r : alloc_slots(c);
}

static int setup_video(struct ctx *c)
{
	int r = setup_camera(c);

	return r ? r : op_open_video(c);
}

static int setup_mmap_bufs(struct ctx *c)
{
	int r = setup_video(c);

	return r ? r : op_reqbufs_mmap(c);
}

static int setup_queued(struct ctx *c)
{
	unsigned int i;
	int r = setup_mmap_bufs(c);

	for (i = 0; !r && i < c->nbufs; i++)
		r = qbuf(c, i);
	return r;
}

/*
 * Export mode: a consumer streams MMAP buffers, all queued. At 1 frame a
 * second the placeholder takes one of them at a time, so the others stay
 * free to lend for the operation and its repetition.
 */
static int setup_export_streaming(struct ctx *c)
{
	unsigned int i;
	int r;

	c->create_flags = VCAM_CREATE_EXPORT;
	c->fps = 1;
	r = setup_mmap_bufs(c);
	for (i = 0; !r && i < c->nbufs; i++)
		r = qbuf(c, i);
	return r ? r : op_streamon(c);
}

static int setup_acquired(struct ctx *c)
{
	int r = setup_export_streaming(c);

	return r ? r : op_acquire(c);
}

static int setup_userptr(struct ctx *c)
{
	unsigned int i;
	int r = setup_video(c);

	for (i = 0; !r && i < NR_BUFS; i++) {
		c->user[i] = aligned_alloc(4096, 2 * W * H * 2);
		if (!c->user[i])
			return -ENOMEM;
	}
	return r ? r : reqbufs(c, V4L2_MEMORY_USERPTR, NR_BUFS);
}

static int setup_dmabuf(struct ctx *c)
{
	int r = setup_video(c);

	return r ? r : reqbufs(c, V4L2_MEMORY_DMABUF, NR_BUFS);
}

/* ---- is the device still usable? -------------------------------------- */

/* Wait for a filled capture buffer and check it holds the queued frame. */
static int dq_check(struct ctx *c, const char *what)
{
	struct pollfd pfd = { .fd = c->video, .events = POLLIN };
	struct v4l2_buffer b;
	int tries;

	for (tries = 0; tries < 10; tries++) {
		if (poll(&pfd, 1, 5000) <= 0)
			FAILF("%s: no capture buffer within 5 s", what);
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		if (ioctl(c->video, VIDIOC_DQBUF, &b) < 0)
			FAILF("%s: VIDIOC_DQBUF: %s", what, strerrorname_np(errno));
		if (b.flags & V4L2_BUF_FLAG_ERROR)
			FAILF("%s: capture buffer completed with an error", what);
		if (b.index == 0 && c->map && ((uint8_t *)c->map)[0] == PATTERN)
			return 0;
		if (b.index != 0 || !c->map) {
			/* Not the mapped one: requeue and wait for buffer 0. */
			if (qbuf(c, b.index))
				FAILF("%s: VIDIOC_QBUF: %s", what, strerrorname_np(errno));
			continue;
		}
		if (qbuf(c, b.index))
			FAILF("%s: VIDIOC_QBUF: %s", what, strerrorname_np(errno));
	}
	FAILF("%s: the queued frame never reached capture buffer 0", what);
}

/* A camera made from scratch delivers a queued frame. */
static int fresh_session(const char *what)
{
	struct ctx c;
	unsigned int i;
	int r;

	ctx_init(&c);
	r = setup_mmap_bufs(&c);
	if (!r)
		r = op_mmap(&c);
	for (i = 0; !r && i < c.nbufs; i++)
		r = qbuf(&c, i);
	if (!r)
		r = op_queue(&c);
	if (!r)
		r = op_streamon(&c);
	if (r) {
		ctx_free(&c);
		FAILF("%s: afterwards a fresh camera does not work: %s", what,
		      strerrorname_np(-r));
	}
	r = dq_check(&c, what);
	ctx_free(&c);
	return r;
}

/* ---- the systematic loop ---------------------------------------------- */

struct op {
	const char *name;
	int (*setup)(struct ctx *c);
	int (*run)(struct ctx *c);
	uint32_t fourcc;	/* CREATE: the format */
	uint32_t readers;	/* CREATE: nr_readers */
	uint32_t need_cap;	/* skipped unless QUERYCAP has it */
	unsigned int min_points;	/* at least this many faults reached */
	int also_errno;		/* accepted besides ENOMEM, for the reason below */
	const char *why;
};

#define OP(n, s, r, ...) { .name = n, .setup = s, .run = r, __VA_ARGS__ }

/*
 * video_register_device() ignores a failed dev_set_name(), and device_add()
 * then refuses the nameless device with EINVAL: the driver core's answer to
 * an allocation failure, passed on unchanged.
 */
#define CREATE_ERRNO .also_errno = EINVAL,					\
	.why = "device_add() of a device whose name could not be allocated"

static const struct op producer_ops[] = {
	OP("open /dev/vcam", setup_none, op_open_vcam, .min_points = 1),
	OP("CREATE YUYV", setup_vcam, op_create, .fourcc = V4L2_PIX_FMT_YUYV,
	   .min_points = 3, CREATE_ERRNO),
	OP("CREATE NV12", setup_vcam, op_create, .fourcc = V4L2_PIX_FMT_NV12,
	   .min_points = 3, CREATE_ERRNO),
	OP("CREATE MJPEG", setup_vcam, op_create, .fourcc = V4L2_PIX_FMT_MJPEG,
	   .min_points = 4, CREATE_ERRNO),
	OP("CREATE 2 readers", setup_vcam, op_create, .fourcc = V4L2_PIX_FMT_YUYV,
	   .readers = 2, .need_cap = VCAM_CAP_READERS, .min_points = 3, CREATE_ERRNO),
	OP("PLACEHOLDER", setup_camera, op_placeholder, .need_cap = VCAM_CAP_PLACEHOLDER),
	OP("QUEUE", setup_camera, op_queue),
	OP("open /dev/videoN", setup_camera, op_open_video, .min_points = 1),
	OP("VIDIOC_EXPBUF", setup_mmap_bufs, op_expbuf, .min_points = 1),
	OP("mmap", setup_mmap_bufs, op_mmap),
	OP("VIDIOC_STREAMON", setup_queued, op_streamon),
	OP("EXPORT_ACQUIRE", setup_export_streaming, op_acquire,
	   .need_cap = VCAM_CAP_EXPORT, .min_points = 1),
	OP("QUEUE exported", setup_acquired, op_queue_exported,
	   .need_cap = VCAM_CAP_EXPORT, .min_points = 1),
	{ .name = NULL }
};

static const struct op buffer_ops[] = {
	OP("VIDIOC_REQBUFS MMAP", setup_video, op_reqbufs_mmap, .min_points = 2),
	OP("VIDIOC_CREATE_BUFS", setup_video, op_create_bufs, .min_points = 2),
	OP("VIDIOC_QBUF USERPTR", setup_userptr, op_qbuf_userptr, .min_points = 1),
	OP("VIDIOC_QBUF DMABUF", setup_dmabuf, op_qbuf_dmabuf, .min_points = 1),
	OP("read()", setup_video, op_read, .min_points = 2),
	{ .name = NULL }
};

/*
 * After an injected failure: the same call on the same objects succeeds
 * (the failure left nothing half done), then a fresh camera works.
 */
static int check_after(const struct op *op, struct ctx *c, int r, unsigned int n)
{
	char what[96];
	int again;

	snprintf(what, sizeof(what), "%s, allocation %u failed", op->name, n);
	if (r && r != -ENOMEM && (!op->also_errno || r != -op->also_errno))
		FAILF("%s: returned %s, expected ENOMEM%s%s or success", what, strerrorname_np(-r),
		      op->also_errno ? " or " : "",
		      op->also_errno ? strerrorname_np(op->also_errno) : "");
	if (r) {
		again = op->run(c);
		if (again)
			FAILF("%s: the same call without a fault then failed: %s", what,
			      strerrorname_np(-again));
	}
	return fresh_session(what);
}

static int run_op(const struct op *op)
{
	unsigned int n, enomem = 0, absorbed = 0, also = 0;
	struct ctx c;
	int r, setup;

	if (op->need_cap && !(g_cap.caps & op->need_cap)) {
		msg("# %-22s not offered by this driver (capability 0x%x)", op->name, op->need_cap);
		return 0;
	}
	for (n = 1; n <= MAX_NTH; n++) {
		ctx_init(&c);
		setup = op->setup(&c);
		if (setup) {
			ctx_free(&c);
			FAILF("%s: setup without faults failed: %s", op->name, strerrorname_np(-setup));
		}
		if (op->fourcc)
			ctx_req(&c, op->fourcc, op->readers);
		fault_arm(n);
		r = op->run(&c);
		if (!fault_disarm()) {
			/* Ran through without reaching allocation n: all seen. */
			if (r) {
				ctx_free(&c);
				FAILF("%s: failed without a fault: %s", op->name, strerrorname_np(-r));
			}
			ctx_free(&c);
			break;
		}
		if (verbose)
			msg("#   %s: allocation %u failed -> %s", op->name, n,
			    r ? strerrorname_np(-r) : "success");
		if (r == -ENOMEM)
			enomem++;
		else if (r)
			also++;
		else
			absorbed++;
		if (check_after(op, &c, r, n)) {
			ctx_free(&c);
			return -1;
		}
		ctx_free(&c);
	}
	if (n > MAX_NTH)
		FAILF("%s: still reaching new fault points after %u", op->name, MAX_NTH);
	msg("# %-22s %3u fault points: %u ENOMEM, %u absorbed; usable after each",
	    op->name, n - 1, enomem, absorbed);
	if (also)
		msg("# %-22s %3u %s from %s", "", also, strerrorname_np(op->also_errno), op->why);
	if (n - 1 < op->min_points)
		FAILF("%s: only %u fault points reached, expected at least %u (is the stack filter right?)",
		      op->name, n - 1, op->min_points);
	return 0;
}

/* ---- the random rounds ------------------------------------------------ */

/* One whole session; returns 0 or the first failure's -errno (*create: in CREATE). */
static int session(struct ctx *c, unsigned int round, bool *create)
{
	unsigned int i;
	int r;

	*create = false;
	/* Every other round in export mode, where the driver offers it. */
	if ((g_cap.caps & VCAM_CAP_EXPORT) && round % 2)
		c->create_flags = VCAM_CREATE_EXPORT;
	r = op_open_vcam(c);
	if (!r) {
		ctx_req(c, round % 3 == 2 ? V4L2_PIX_FMT_MJPEG :
			   round % 3 ? V4L2_PIX_FMT_NV12 : V4L2_PIX_FMT_YUYV, 0);
		r = op_create(c);
		*create = r != 0;
	}
	if (!r)
		r = alloc_slots(c);
	if (!r)
		r = op_open_video(c);
	if (!r)
		r = op_reqbufs_mmap(c);
	if (!r)
		r = op_mmap(c);
	for (i = 0; !r && i < c->nbufs; i++)
		r = qbuf(c, i);
	if (!r)
		r = op_streamon(c);
	if (!r)
		r = op_expbuf(c);
	/* A loan, rendered into and queued; none free (EAGAIN) is no failure. */
	if (!r && c->create_flags) {
		r = op_acquire(c);
		if (!r)
			r = op_queue_exported(c);
		else if (r == -EAGAIN)
			r = 0;
	}
	for (i = 0; !r && i < 2 * NR_SLOTS; i++) {
		struct vcam_ioc_queue q = {
			.fd = c->bufs[i % NR_SLOTS].fd, .index = i % NR_SLOTS,
			.length = sizeimage(c->req.pixelformat) ? : 64,
		};
		struct vcam_ioc_dequeue dq = { 0 };

		if (ioctl(c->vfd, VCAM_IOC_QUEUE, &q) < 0 && errno != EBUSY)
			r = -errno;
		else if (ioctl(c->vfd, VCAM_IOC_DEQUEUE, &dq) < 0 && errno != EAGAIN)
			r = -errno;
	}
	return r;
}

static int run_random(unsigned int rounds)
{
	unsigned int i, failed = 0;
	bool create;
	struct ctx c;
	int r;

	for (i = 0; i < rounds; i++) {
		ctx_init(&c);
		make_it_fail(true);
		r = session(&c, i, &create);
		make_it_fail(false);
		ctx_free(&c);
		/* EINVAL from CREATE: see CREATE_ERRNO. */
		if (r && r != -ENOMEM && !(create && r == -EINVAL))
			FAILF("round %u: a call failed with %s, expected ENOMEM or success",
			      i, strerrorname_np(-r));
		if (r)
			failed++;
		if (verbose)
			msg("#   round %u: %s", i, r ? strerrorname_np(-r) : "ran through");
		if (fresh_session("after a random round"))
			return -1;
	}
	msg("# random: %u of %u sessions ended by an injected ENOMEM; usable after each",
	    failed, rounds);
	return 0;
}

/* ---- module initialisation -------------------------------------------- */

static int load(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0) {
		printf("FAIL: open %s: %s\n", ko, strerror(errno));
		exit(2);
	}
	r = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return r;
}

static int unload(void)
{
	return syscall(SYS_delete_module, "vcam", O_NONBLOCK) ? -errno : 0;
}

static int run_init(const char *ko)
{
	unsigned int n, failed = 0, absorbed = 0;
	bool fired;
	int r;

	for (n = 1; n <= MAX_NTH; n++) {
		fault_arm(n);
		r = load(ko);
		fired = fault_disarm();
		if (!fired) {
			if (r)
				FAILF("loading %s failed without a fault: %s", ko, strerrorname_np(-r));
			break;
		}
		if (verbose)
			msg("#   load: allocation %u failed -> %s", n, r ? strerrorname_np(-r) : "loaded");
		if (r && r != -ENOMEM)
			FAILF("load with allocation %u failed: %s, expected ENOMEM or success", n,
			      strerrorname_np(-r));
		if (r) {
			failed++;
			continue;
		}
		absorbed++;
		r = unload();
		if (r)
			FAILF("unloading vcam after load %u: %s", n, strerrorname_np(-r));
	}
	if (n > MAX_NTH)
		FAILF("module load: still reaching new fault points after %u", MAX_NTH);
	msg("# %-22s %3u fault points: %u ENOMEM, %u absorbed; loads after each", "module load",
	    n - 1, failed, absorbed);
	if (n - 1 < 2)
		FAILF("module load: only %u fault points reached (is the stack filter right?)", n - 1);
	return 0;
}

/* ---- a failed delivery ------------------------------------------------ */

#define FAILSLAB_TIMES "/sys/kernel/debug/failslab/times"

static int read_times(void)
{
	char buf[32] = "";
	int fd = open(FAILSLAB_TIMES, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return r > 0 ? atoi(buf) : -1;
}

/* DQBUF within @ms: 1 with an error buffer, 0 a good one, <0 -errno. */
static int dq_one(struct ctx *c, int ms, bool *pattern)
{
	struct pollfd pfd = { .fd = c->video, .events = POLLIN };
	struct v4l2_buffer b = {
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP,
	};
	int err;

	if (poll(&pfd, 1, ms) <= 0)
		return -ETIMEDOUT;
	if (ioctl(c->video, VIDIOC_DQBUF, &b) < 0)
		return -errno;
	err = !!(b.flags & V4L2_BUF_FLAG_ERROR);
	*pattern = b.index == 0 && ((uint8_t *)c->map)[0] == PATTERN;
	if (qbuf(c, b.index))
		return -errno;
	return err;
}

static int queue_frame(struct ctx *c, unsigned int k)
{
	struct vcam_ioc_queue q = {
		.fd = c->bufs[k % NR_SLOTS].fd, .index = k % NR_SLOTS,
		.length = sizeimage(V4L2_PIX_FMT_YUYV),
	};
	struct vcam_ioc_dequeue dq = { 0 };

	while (!ioctl(c->vfd, VCAM_IOC_DEQUEUE, &dq))
		;
	return ioctl(c->vfd, VCAM_IOC_QUEUE, &q) < 0 ? -errno : 0;
}

static int run_delivery(void)
{
	struct vcam_ioc_stats st = { 0 };
	unsigned int k, i, attempts, errors = 0, good = 0;
	bool pattern;
	struct ctx c;
	int r;

	g_w = 640;
	g_h = 480;
	ctx_init(&c);
	r = setup_mmap_bufs(&c);
	if (!r)
		r = op_mmap(&c);
	for (i = 0; !r && i < c.nbufs; i++)
		r = qbuf(&c, i);
	if (!r && fcntl(c.vfd, F_SETFL, O_NONBLOCK))
		r = -errno;
	if (!r)
		r = queue_frame(&c, 0);
	if (!r)
		r = op_streamon(&c);
	if (r) {
		ctx_free(&c);
		FAILF("delivery: setting up a streaming camera: %s", strerrorname_np(-r));
	}
	for (k = 1, attempts = 0; !errors && attempts < 20; attempts++, k++) {
		if (write_str(FAILSLAB_TIMES, "1"))
			FAILF("delivery: cannot arm %s", FAILSLAB_TIMES);
		r = queue_frame(&c, k);
		if (r)
			break;
		/* The copy of the new frame, and the repeats after it. */
		for (i = 0; i < 6 && !errors; i++) {
			r = dq_one(&c, 3000, &pattern);
			if (r < 0)
				break;
			errors += r;
		}
		if (r < 0)
			break;
		/* An allocation failed that was not the delivery's own (absorbed). */
		if (!errors && read_times() != 0)
			continue;
	}
	write_str(FAILSLAB_TIMES, "0");
	if (r < 0) {
		ctx_free(&c);
		FAILF("delivery: %s while waiting for capture buffers", strerrorname_np(-r));
	}
	if (!errors) {
		ctx_free(&c);
		FAILF("delivery: no failed delivery in %u attempts", attempts);
	}
	if (ioctl(c.vfd, VCAM_IOC_STATS, &st) < 0 || !st.errors) {
		ctx_free(&c);
		FAILF("delivery: STATS does not count the failed delivery (errors %llu)",
		      (unsigned long long)st.errors);
	}
	/* Without faults: new frames arrive intact again. */
	for (i = 0; i < 12 && good < 3; i++) {
		if (!(i % 3) && queue_frame(&c, ++k))
			break;
		r = dq_one(&c, 3000, &pattern);
		if (r)
			break;
		good += pattern;
	}
	ctx_free(&c);
	g_w = W;
	g_h = H;
	if (good < 3)
		FAILF("delivery: after the failed delivery the frames do not arrive intact (%s)",
		      r < 0 ? strerrorname_np(-r) : r ? "error buffers" : "wrong content");
	msg("# %-22s failed after %u attempt(s): an error buffer, STATS errors %llu; frames intact after",
	    "frame delivery", attempts, (unsigned long long)st.errors);
	return 0;
}

/* ---- the end: nothing left ------------------------------------------- */

static int nothing_left(void)
{
	struct v4l2_capability cap;
	struct ctx c;
	char buf[512] = "";
	int fd, t, r;
	ssize_t len;

	for (t = 0; t < 200; t++) {
		fd = open("/sys/class/misc/vcam/cameras", O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			FAILF("open /sys/class/misc/vcam/cameras: %s", strerror(errno));
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len == 0)
			break;
		sleep_ms(10);
	}
	if (len != 0)
		FAILF("cameras left after the test: %s", buf);
	/* The lowest free id is 0 unless one leaked. */
	ctx_init(&c);
	r = setup_video(&c);
	if (!r && ioctl(c.video, VIDIOC_QUERYCAP, &cap) < 0)
		r = -errno;
	if (r) {
		ctx_free(&c);
		FAILF("a camera after the test: %s", strerrorname_np(-r));
	}
	ctx_free(&c);
	if (strcmp((char *)cap.bus_info, "platform:vcam-0"))
		FAILF("the first camera after the test is %s, not vcam-0: a camera id leaked",
		      cap.bus_info);
	return 0;
}

int main(int argc, char **argv)
{
	const struct op *ops = NULL, *op;
	char why[128] = "";
	int fd, r, argi = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argi < argc && !strcmp(argv[argi], "-v")) {
		verbose = true;
		argi++;
	}
	if (!(argc - argi == 1 && !strcmp(argv[argi], "delivery")) &&
	    (argc - argi != 2 || (strcmp(argv[argi], "nth") && strcmp(argv[argi], "random") &&
				  strcmp(argv[argi], "init")))) {
		fprintf(stderr, "usage: vcam-faults [-v] nth producer|buffers\n"
				"       vcam-faults [-v] random ROUNDS\n"
				"       vcam-faults [-v] init VCAM.KO\n"
				"       vcam-faults [-v] delivery\n");
		return 2;
	}
	if (!strcmp(argv[argi], "nth")) {
		if (!strcmp(argv[argi + 1], "producer"))
			ops = producer_ops;
		else if (!strcmp(argv[argi + 1], "buffers"))
			ops = buffer_ops;
		else {
			fprintf(stderr, "vcam-faults: unknown operation set '%s' (producer or buffers)\n",
				argv[argi + 1]);
			return 2;
		}
	}
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fail_nth_fd < 0) {
		printf("FAIL: /proc/thread-self/fail-nth: %s (kernel without CONFIG_FAULT_INJECTION?)\n",
		       strerror(errno));
		return 2;
	}
	r = dmabuf_allocator_open(&g_alloc, DMABUF_AUTO, why, sizeof(why));
	if (r) {
		printf("FAIL: no DMA-BUF source: %s\n", why);
		return 2;
	}
	if (!strcmp(argv[argi], "init") && run_init(argv[argi + 1]))
		return 1;
	fd = open("/dev/vcam", O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, VCAM_IOC_QUERYCAP, &g_cap) < 0) {
		printf("FAIL: /dev/vcam QUERYCAP: %s\n", strerror(errno));
		return 2;
	}
	close(fd);

	if (ops) {
		for (op = ops; op->name; op++)
			if (run_op(op))
				return 1;
	} else if (!strcmp(argv[argi], "delivery")) {
		if (run_delivery())
			return 1;
	} else if (!strcmp(argv[argi], "random")) {
		char *end;
		unsigned long rounds = strtoul(argv[argi + 1], &end, 10);

		if (*end || !rounds || rounds > 100000) {
			fprintf(stderr, "vcam-faults: ROUNDS must be a number from 1 to 100000\n");
			return 2;
		}
		if (run_random(rounds))
			return 1;
	}
	if (nothing_left())
		return 1;
	dmabuf_allocator_close(&g_alloc);
	return 0;
}
