// SPDX-License-Identifier: GPL-2.0+
/*
 * vcam-fuzz - random and boundary ioctls on /dev/vcam and the vcam capture
 * nodes, from several processes and threads at once, for a bounded time.
 *
 *   vcam-fuzz [--seed N] [--duration SEC] [--procs N] [--threads N] [-v]
 *
 * Every worker thread draws its operations from its own PRNG, seeded from
 * --seed (printed at start, so a failing run can be replayed; thread timing
 * still differs between runs). Operations: open/close/dup of /dev/vcam and
 * /dev/videoN, every VCAM_IOC_* and the main VIDIOC_* ioctls with
 * structure-aware boundary values, mutated bytes and bad pointers (NULL,
 * unmapped, read-only, straddling a guard page, kernel addresses), unknown
 * ioctl numbers and wrong sizes, bad file descriptors, mmap, read, poll,
 * fork()ed children that inherit the files and die (exit or SIGKILL), and
 * signals that interrupt blocking calls.
 *
 * Pointers handed to the kernel only ever point into a private reservation
 * (a read-write head and a PROT_NONE tail far larger than any length), so
 * whatever the kernel writes, and wherever a USERPTR buffer ends, it cannot
 * touch the fuzzer's own memory.
 *
 * The supervisor stops the workers after --duration seconds with SIGKILL and
 * fails when one does not die (stuck in the kernel) or makes no progress for
 * 30 s; it prints the call counts. Exit status: 0 ok, 1 failure, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/videodev2.h>

#include "../../include/uapi/linux/vcam.h"
#include "../../tools/dmabuf-alloc.h"

#define MAX_PROCS	16
#define MAX_THREADS	16
#define NR_FDS		24
#define NR_DMABUFS	4
#define DMABUF_SIZE	(1u << 20)
/* Read-write head of the reservation, shared out between the threads. */
#define ARENA_RW	(16u << 20)
/* PROT_NONE tail: longer than any u32 length, so nothing reaches past it. */
#define ARENA_TOTAL	(ARENA_RW + (1ull << 32) + (1u << 20))
#define STUCK_S		30

enum fd_kind { FD_NONE, FD_VCAM, FD_VIDEO };

enum op {
	OP_OPEN_VCAM, OP_OPEN_VIDEO, OP_CLOSE, OP_DUP, OP_CREATE, OP_QUEUE,
	OP_DEQUEUE, OP_STATUS_WAIT, OP_QUERYCAP_STATS, OP_VCAM_RAW,
	OP_V4L2, OP_V4L2_RAW, OP_RANDOM_IOCTL, OP_BAD_FD, OP_MMAP, OP_READ,
	OP_POLL, OP_FORK, OP_STREAM, OP_EXPORT, NR_OPS
};

static const char *const op_names[NR_OPS] = {
	"open-vcam", "open-video", "close", "dup", "create", "queue",
	"dequeue", "status/wait", "querycap/stats", "vcam-raw", "v4l2",
	"v4l2-raw", "random-ioctl", "bad-fd", "mmap", "read", "poll", "fork",
	"stream", "export",
};

/* Counters shared by all worker processes (MAP_SHARED). */
struct shared {
	atomic_ullong ops[NR_OPS];
	atomic_ullong calls;		/* syscalls issued */
	atomic_ullong ok;		/* of which succeeded */
	atomic_ullong created;		/* cameras created */
	atomic_ullong queued;		/* frames queued */
	atomic_ullong dqbufs;		/* capture buffers dequeued */
	atomic_ullong errnos[134];
	atomic_ullong beat[MAX_PROCS][MAX_THREADS];
};

struct fd_slot {
	int fd;
	enum fd_kind kind;
	uint32_t length;	/* FD_VCAM with a camera: its sizeimage */
	uint32_t nr;		/* and its number of slots */
};

struct worker {
	unsigned int proc;
	pthread_mutex_t lock;		/* the fd table */
	struct fd_slot fds[NR_FDS];
	struct dmabuf dmabufs[NR_DMABUFS];
	unsigned int nr_dmabufs;
	int other_fds[3];		/* not DMA-BUFs: /dev/null, a pipe */
	uint8_t *arena;
	uint8_t *ro_page;		/* read-only, inside the arena head */
	uint8_t *none_page;		/* PROT_NONE, inside the arena head */
	size_t slice;
};

struct thread {
	struct worker *w;
	unsigned int idx;
	uint64_t rng;
	uint8_t *buf;			/* this thread's slice of the arena */
	pthread_t tid;
};

static struct shared *sh;
static unsigned int nthreads = 4;
static bool verbose;
static volatile sig_atomic_t stopping;

/* ---- PRNG (xorshift64*) ---------------------------------------------- */

static uint64_t rnd(struct thread *t)
{
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 0x2545F4914F6CDD1Dull;
}

static uint32_t below(struct thread *t, uint32_t n)
{
	return n ? (uint32_t)(rnd(t) % n) : 0;
}

static bool chance(struct thread *t, uint32_t one_in)
{
	return below(t, one_in) == 0;
}

/* A boundary-heavy 32-bit value. */
static uint32_t edge32(struct thread *t)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 255, 256,
		4095, 4096, 4097, 8190, 8191, 8192, 8193, 16384, 65535, 65536,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 640, 480, 320,
		240, 1280, 720, 1920, 1080, 3840, 2160,
	};

	switch (below(t, 4)) {
	case 0:
		return (uint32_t)rnd(t);
	case 1:
		return below(t, 100);
	default:
		return v[below(t, sizeof(v) / sizeof(v[0]))];
	}
}

static void fill_random(struct thread *t, void *p, size_t n)
{
	uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)rnd(t);
}

/* Flip a few bytes of a structure. */
static void mutate(struct thread *t, void *p, size_t n)
{
	uint8_t *b = p;
	unsigned int k = 1 + below(t, 4);

	while (k--)
		b[below(t, (uint32_t)n)] = (uint8_t)rnd(t);
}

static void count(int ret, int err)
{
	atomic_fetch_add(&sh->calls, 1);
	if (ret >= 0)
		atomic_fetch_add(&sh->ok, 1);
	else if (err > 0 && err < 134)
		atomic_fetch_add(&sh->errnos[err], 1);
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r = ioctl(fd, req, arg);

	count(r, errno);
	return r;
}

/*
 * A user pointer: mostly @good (inside the arena), sometimes NULL, unmapped,
 * read-only, straddling into the PROT_NONE page, or a kernel address.
 */
static void *uptr(struct thread *t, void *good, size_t len)
{
	struct worker *w = t->w;

	if (!chance(t, 6))
		return good;
	switch (below(t, 6)) {
	case 0:
		return NULL;
	case 1:
		return w->arena + ARENA_RW + (1u << 20);	/* PROT_NONE */
	case 2:
		return w->ro_page;
	case 3:
		return w->none_page - (len ? below(t, (uint32_t)len) + 1 : 1);
	case 4:
		return (void *)0xffffffff81000000ul;
	default:
		return (void *)(uintptr_t)below(t, 4096);
	}
}

/* ---- the fd table ------------------------------------------------------ */

static int pick_fd(struct thread *t, enum fd_kind kind)
{
	struct worker *w = t->w;
	int fds[NR_FDS], n = 0;

	pthread_mutex_lock(&w->lock);
	for (int i = 0; i < NR_FDS; i++)
		if (w->fds[i].kind != FD_NONE &&
		    (kind == FD_NONE || w->fds[i].kind == kind))
			fds[n++] = w->fds[i].fd;
	pthread_mutex_unlock(&w->lock);
	return n ? fds[below(t, (uint32_t)n)] : -1;
}

static void add_fd(struct thread *t, int fd, enum fd_kind kind)
{
	struct worker *w = t->w;
	int i;

	if (fd < 0)
		return;
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < NR_FDS; i++)
		if (w->fds[i].kind == FD_NONE)
			break;
	if (i == NR_FDS) {
		/* full: replace a random entry, closing its file */
		i = (int)below(t, NR_FDS);
		close(w->fds[i].fd);
	}
	w->fds[i].fd = fd;
	w->fds[i].kind = kind;
	w->fds[i].length = 0;
	w->fds[i].nr = 0;
	pthread_mutex_unlock(&w->lock);
}

/* Remember the camera created on @fd, for well-formed QUEUE requests. */
static void set_cam(struct thread *t, int fd, uint32_t length, uint32_t nr)
{
	struct worker *w = t->w;

	pthread_mutex_lock(&w->lock);
	for (int i = 0; i < NR_FDS; i++)
		if (w->fds[i].kind == FD_VCAM && w->fds[i].fd == fd) {
			w->fds[i].length = length;
			w->fds[i].nr = nr;
		}
	pthread_mutex_unlock(&w->lock);
}

/* A /dev/vcam fd that has a camera; false if there is none. */
static bool pick_cam(struct thread *t, int *fd, uint32_t *length, uint32_t *nr)
{
	struct worker *w = t->w;
	int idx[NR_FDS], n = 0;

	pthread_mutex_lock(&w->lock);
	for (int i = 0; i < NR_FDS; i++)
		if (w->fds[i].kind == FD_VCAM && w->fds[i].length)
			idx[n++] = i;
	if (n) {
		int i = idx[below(t, (uint32_t)n)];

		*fd = w->fds[i].fd;
		*length = w->fds[i].length;
		*nr = w->fds[i].nr;
	}
	pthread_mutex_unlock(&w->lock);
	return n;
}

static void close_random(struct thread *t)
{
	struct worker *w = t->w;
	int i = (int)below(t, NR_FDS);

	pthread_mutex_lock(&w->lock);
	if (w->fds[i].kind != FD_NONE) {
		count(close(w->fds[i].fd), errno);
		w->fds[i].kind = FD_NONE;
		w->fds[i].fd = -1;
	}
	pthread_mutex_unlock(&w->lock);
}

/* An fd for a QUEUE request: a DMA-BUF, another file, or a bad number. */
static int queue_fd(struct thread *t)
{
	struct worker *w = t->w;

	switch (below(t, 8)) {
	case 0:
		return -1;
	case 1:
		return (int)edge32(t);
	case 2:
		return w->other_fds[below(t, 3)];
	case 3:
		return pick_fd(t, FD_NONE);
	default:
		return w->nr_dmabufs ?
		       w->dmabufs[below(t, w->nr_dmabufs)].fd : -1;
	}
}

/* ---- operations ---------------------------------------------------------- */

static void op_open_vcam(struct thread *t)
{
	int flags = O_RDWR | O_CLOEXEC | (chance(t, 2) ? O_NONBLOCK : 0);
	int fd;

	if (chance(t, 16))
		flags = (int)(rnd(t) & (O_RDONLY | O_WRONLY | O_RDWR | O_NONBLOCK)) |
			O_CLOEXEC;
	fd = open("/dev/vcam", flags);
	count(fd, errno);
	add_fd(t, fd, FD_VCAM);
}

/* Open a capture node; other drivers' nodes are closed again at once. */
static void op_open_video(struct thread *t)
{
	struct v4l2_capability cap;
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/dev/video%u", below(t, 64));
	fd = open(path, O_RDWR | O_CLOEXEC | (chance(t, 3) ? 0 : O_NONBLOCK));
	count(fd, errno);
	if (fd < 0)
		return;
	memset(&cap, 0, sizeof(cap));
	if (xioctl(fd, VIDIOC_QUERYCAP, &cap) < 0 ||
	    strcmp((char *)cap.driver, "vcam")) {
		close(fd);
		return;
	}
	add_fd(t, fd, FD_VIDEO);
}

static void op_dup(struct thread *t)
{
	struct worker *w = t->w;
	int i = (int)below(t, NR_FDS), fd = -1;
	enum fd_kind kind = FD_NONE;

	pthread_mutex_lock(&w->lock);
	if (w->fds[i].kind != FD_NONE) {
		fd = w->fds[i].fd;
		kind = w->fds[i].kind;
	}
	pthread_mutex_unlock(&w->lock);
	if (fd < 0)
		return;
	fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	count(fd, errno);
	add_fd(t, fd, kind);
}

static const uint32_t fourccs[] = {
	V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_MJPEG,
	V4L2_PIX_FMT_RGB24, 0, 0xffffffff,
};

static void op_create(struct thread *t)
{
	struct vcam_ioc_create *c = (void *)t->buf;
	char *label = (char *)t->buf + 512;
	struct vcam_frame *frames = (void *)(t->buf + 1024);
	int fd = pick_fd(t, FD_VCAM);
	bool sane = chance(t, 2);

	if (fd < 0)
		return;
	memset(c, 0, sizeof(*c));
	if (sane) {
		static const uint32_t sizes[][2] = {
			{ 2, 2 }, { 64, 48 }, { 320, 240 }, { 640, 480 },
			{ 2, 8192 }, { 8192, 2 }, { 1280, 720 },
		};
		uint32_t s = below(t, 7);

		c->width = sizes[s][0];
		c->height = sizes[s][1];
		c->pixelformat = fourccs[below(t, 3)];
		c->nr_frames = 2 + below(t, 31);
		if (chance(t, 4) && c->pixelformat != V4L2_PIX_FMT_MJPEG)
			c->bytesperline = c->width * 2 + below(t, 64) * 2;
		if (chance(t, 3)) {
			c->fps_numerator = 1 + below(t, 1000);
			c->fps_denominator = 1;
		}
		/* 0 (the module's default) to 4 capture nodes */
		c->nr_readers = below(t, 5);
		if (chance(t, 2))
			c->flags |= VCAM_CREATE_EXPORT;
	} else {
		c->width = edge32(t);
		c->height = edge32(t);
		c->pixelformat = fourccs[below(t, 6)];
		c->colorspace = chance(t, 2) ? below(t, 14) : edge32(t);
		c->bytesperline = chance(t, 2) ? 0 : edge32(t);
		c->flags = chance(t, 2) ? 0 : edge32(t) & 0x1f;
		c->device_nr = chance(t, 2) ? 0 : edge32(t);
		c->nr_frames = edge32(t);
		c->fps_numerator = edge32(t);
		c->fps_denominator = edge32(t);
		c->nr_readers = chance(t, 2) ? below(t, VCAM_MAX_READERS + 2) :
					       edge32(t);
		c->output_nr = chance(t, 4) ? edge32(t) : 0;
		if (chance(t, 8))
			c->reserved[below(t, 4)] = edge32(t);
	}
	if (chance(t, 3)) {
		size_t n = chance(t, 2) ? below(t, 40) : 1 + below(t, 30);

		for (size_t i = 0; i < n; i++)
			label[i] = (char)(chance(t, 10) ? rnd(t) : 'a' + below(t, 26));
		label[n] = '\0';
		c->device_name = (uintptr_t)uptr(t, label, n + 1);
	}
	if (chance(t, 10)) {
		/* mutate anything but the pointers: they stay in the arena */
		uint64_t name = c->device_name;

		mutate(t, c, sizeof(*c));
		c->device_name = name;
	}
	c->frames = (uintptr_t)uptr(t, frames, 32 * sizeof(*frames));
	if (xioctl(fd, VCAM_IOC_CREATE, uptr(t, c, sizeof(*c))) == 0) {
		atomic_fetch_add(&sh->created, 1);
		/* success means .frames was the good pointer */
		set_cam(t, fd, frames[0].length, c->nr_frames);
	}
}

/* A QUEUE request that is right but for the slot's state, mostly. */
static void op_queue_sane(struct thread *t)
{
	struct vcam_ioc_queue q = { 0 };
	struct worker *w = t->w;
	uint32_t length, nr;
	int fd;

	if (!w->nr_dmabufs || !pick_cam(t, &fd, &length, &nr))
		return;
	q.fd = w->dmabufs[below(t, w->nr_dmabufs)].fd;
	q.index = below(t, nr);
	q.length = length;
	if (length > DMABUF_SIZE)	/* MJPEG may be shorter, raw fails */
		q.length = 1 + below(t, DMABUF_SIZE);
	if (chance(t, 4))
		q.offset = below(t, DMABUF_SIZE - q.length + 1) & ~3u;
	if (xioctl(fd, VCAM_IOC_QUEUE, &q) == 0)
		atomic_fetch_add(&sh->queued, 1);
	if (chance(t, 2)) {
		struct vcam_ioc_dequeue dq = { 0 };

		xioctl(fd, VCAM_IOC_DEQUEUE, &dq);
	}
}

static void op_queue(struct thread *t)
{
	struct vcam_ioc_queue *q = (void *)t->buf;
	int fd = pick_fd(t, FD_VCAM);

	if (chance(t, 2)) {
		op_queue_sane(t);
		return;
	}
	if (fd < 0)
		return;
	memset(q, 0, sizeof(*q));
	q->fd = queue_fd(t);
	q->index = chance(t, 4) ? edge32(t) : below(t, 33);
	switch (below(t, 4)) {
	case 0:
		q->length = edge32(t);
		break;
	default: {
		/* sizeimage of the common sizes: often exactly right */
		static const uint32_t len[] = {
			2 * 2 * 2, 64 * 48 * 2, 64 * 48 * 3 / 2, 320 * 240 * 2,
			320 * 240 * 3 / 2, 640 * 480 * 2, 640 * 480 * 3 / 2,
			65536, 1000,
		};

		q->length = len[below(t, 9)];
	}
	}
	q->offset = chance(t, 3) ? edge32(t) : 0;
	q->timestamp = chance(t, 2) ? 0 : rnd(t);
	if (chance(t, 10))
		q->flags = chance(t, 2) ? VCAM_QUEUE_EXPORTED : edge32(t);
	if (chance(t, 10))
		q->cookie = chance(t, 2) ? below(t, 64) : edge32(t);
	if (chance(t, 10))
		q->reserved[below(t, 2)] = edge32(t);
	if (xioctl(fd, VCAM_IOC_QUEUE, uptr(t, q, sizeof(*q))) == 0)
		atomic_fetch_add(&sh->queued, 1);
}

static void op_dequeue(struct thread *t)
{
	struct vcam_ioc_dequeue *dq = (void *)t->buf;
	int fd = pick_fd(t, FD_VCAM);

	if (fd < 0)
		return;
	memset(dq, 0, sizeof(*dq));
	if (chance(t, 8))
		mutate(t, dq, sizeof(*dq));
	xioctl(fd, VCAM_IOC_DEQUEUE, uptr(t, dq, sizeof(*dq)));
}

static void op_status_wait(struct thread *t)
{
	struct vcam_ioc_wait *wt = (void *)t->buf;
	int fd = pick_fd(t, FD_VCAM);

	if (fd < 0)
		return;
	if (chance(t, 2)) {
		xioctl(fd, VCAM_IOC_STATUS, uptr(t, t->buf, 8));
		return;
	}
	memset(wt, 0, sizeof(*wt));
	wt->mask = chance(t, 4) ? rnd(t) : 1 + below(t, 7);
	/* 0 waits forever: the watchdog's signal interrupts it */
	wt->timeout_ms = chance(t, 8) ? edge32(t) : below(t, 20);
	if (chance(t, 10))
		wt->reserved[below(t, 3)] = edge32(t);
	xioctl(fd, VCAM_IOC_WAIT, uptr(t, wt, sizeof(*wt)));
}

static void op_querycap_stats(struct thread *t)
{
	int fd = pick_fd(t, FD_VCAM);

	if (fd < 0)
		return;
	static const unsigned long cmds[] = {
		VCAM_IOC_QUERYCAP, VCAM_IOC_STATS, VCAM_IOC_NODES,
	};

	xioctl(fd, cmds[below(t, 3)],
	       uptr(t, t->buf, sizeof(struct vcam_ioc_stats)));
}

/* A random command number of @type: any nr, direction and size. */
static unsigned long raw_cmd(struct thread *t, unsigned int type,
			     unsigned int max_nr)
{
	unsigned int dir = below(t, 4), size = below(t, 4) ? below(t, 256) :
					  below(t, 1u << 14);

	return ((unsigned long)dir << _IOC_DIRSHIFT) |
	       ((unsigned long)size << _IOC_SIZESHIFT) |
	       (type << _IOC_TYPESHIFT) | (below(t, max_nr) << _IOC_NRSHIFT);
}

/* A buffer of random bytes (some arguments are read, so fill it). */
static void *raw_arg(struct thread *t)
{
	fill_random(t, t->buf, 1024);
	return uptr(t, t->buf, 1024);
}

static void op_vcam_raw(struct thread *t)
{
	static const unsigned long cmds[] = {
		VCAM_IOC_CREATE, VCAM_IOC_QUEUE, VCAM_IOC_DEQUEUE,
		VCAM_IOC_STATUS, VCAM_IOC_WAIT, VCAM_IOC_QUERYCAP,
		VCAM_IOC_STATS, VCAM_IOC_NODES, VCAM_IOC_EXPORT_ACQUIRE,
		VCAM_IOC_EXPORT_RELEASE,
	};
	int fd = pick_fd(t, chance(t, 4) ? FD_NONE : FD_VCAM);
	unsigned long cmd;
	void *arg;

	if (fd < 0)
		return;
	cmd = chance(t, 2) ? raw_cmd(t, VCAM_IOC_TYPE, 64) :
			     cmds[below(t, sizeof(cmds) / sizeof(cmds[0]))];
	if (chance(t, 3))	/* the right number with a wrong size or dir */
		cmd ^= 1ul << (_IOC_SIZESHIFT + below(t, _IOC_SIZEBITS +
						      _IOC_DIRBITS));
	arg = raw_arg(t);
	/* CREATE writes through .frames: keep it in the arena */
	((struct vcam_ioc_create *)t->buf)->frames = (uintptr_t)(t->buf + 1024);
	xioctl(fd, cmd, arg);
}

/*
 * V4L2 ioctls whose argument embeds a user pointer that the core writes
 * through (arrays of planes, controls, EDID): with random bytes that pointer
 * could name the fuzzer's own memory. They are fuzzed structurally above.
 */
static bool v4l2_array_cmd(unsigned long cmd)
{
	static const unsigned int nrs[] = {
		_IOC_NR(VIDIOC_QUERYBUF), _IOC_NR(VIDIOC_QBUF),
		_IOC_NR(VIDIOC_DQBUF), _IOC_NR(VIDIOC_PREPARE_BUF),
		_IOC_NR(VIDIOC_G_EXT_CTRLS), _IOC_NR(VIDIOC_S_EXT_CTRLS),
		_IOC_NR(VIDIOC_TRY_EXT_CTRLS), _IOC_NR(VIDIOC_G_EDID),
		_IOC_NR(VIDIOC_S_EDID),
	};

	if (_IOC_TYPE(cmd) != 'V')
		return false;
	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		if (_IOC_NR(cmd) == nrs[i])
			return true;
	return false;
}

/* Generic file ioctls that act on the inode (e.g. freeze /dev, set flags). */
static bool vfs_cmd(unsigned long cmd)
{
	static const unsigned long vfs[] = {
		FIOCLEX, FIONCLEX, FIONBIO, FIOASYNC, FIOQSIZE, FIFREEZE,
		FITHAW, FS_IOC_FIEMAP, FIGETBSZ, FICLONE, FICLONERANGE,
		FIDEDUPERANGE, FS_IOC_GETFLAGS, FS_IOC_SETFLAGS,
		FS_IOC_FSGETXATTR, FS_IOC_FSSETXATTR, FS_IOC32_GETFLAGS,
		FS_IOC32_SETFLAGS, FIONREAD, FS_IOC_GETVERSION,
		FS_IOC_SETVERSION,
	};

	for (size_t i = 0; i < sizeof(vfs) / sizeof(vfs[0]); i++)
		if (cmd == vfs[i])
			return true;
	/* 'f' and 'X' and 0x94 (btrfs/generic fs) are not ours */
	return _IOC_TYPE(cmd) == 'f' || _IOC_TYPE(cmd) == 'X' ||
	       _IOC_TYPE(cmd) == 0x94 || _IOC_TYPE(cmd) == 0x15 ||
	       _IOC_TYPE(cmd) == 'T';
}

static void op_random_ioctl(struct thread *t)
{
	int fd = pick_fd(t, FD_NONE);
	unsigned long cmd;

	if (fd < 0)
		return;
	do
		cmd = chance(t, 2) ? (uint32_t)rnd(t) :
				     raw_cmd(t, below(t, 256), 256);
	while (vfs_cmd(cmd) || v4l2_array_cmd(cmd));
	xioctl(fd, cmd, raw_arg(t));
}

static void op_bad_fd(struct thread *t)
{
	static const int bad[] = { -1, -100, 1000, 4095, 1 << 20, 0x7fffffff };
	unsigned long cmd = chance(t, 2) ? VCAM_IOC_QUEUE : VIDIOC_QUERYCAP;
	int fd = bad[below(t, 6)];

	if (chance(t, 3))
		fd = t->w->other_fds[below(t, 3)];	/* not ours: ENOTTY */
	memset(t->buf, 0, 256);
	xioctl(fd, cmd, t->buf);
}

static uint32_t buf_type(struct thread *t)
{
	return chance(t, 6) ? edge32(t) & 0xff : V4L2_BUF_TYPE_VIDEO_CAPTURE;
}

static uint32_t mem_type(struct thread *t)
{
	static const uint32_t m[] = {
		V4L2_MEMORY_MMAP, V4L2_MEMORY_USERPTR, V4L2_MEMORY_DMABUF,
		V4L2_MEMORY_MMAP, 0, 5,
	};

	return m[below(t, 6)];
}

/*
 * A USERPTR length that ends at most 1 MiB into the PROT_NONE tail when the
 * pointer is in the arena. Before 6.2, videobuf2 pinned user pages with
 * FOLL_FORCE, which pins PROT_NONE private pages too: a 4 GiB length then
 * populated gigabytes of the tail and the worker met the OOM killer.
 */
static uint32_t clamp_to_arena(struct worker *w, unsigned long ptr, uint32_t len)
{
	unsigned long lo = (unsigned long)w->arena;
	unsigned long end = lo + ARENA_RW + (1u << 20);

	if (ptr < lo || ptr >= end || len <= end - ptr)
		return len;
	return (uint32_t)(end - ptr);
}

/* A struct v4l2_buffer for QBUF/QUERYBUF/DQBUF/PREPARE_BUF. */
static void fill_v4l2_buffer(struct thread *t, struct v4l2_buffer *b)
{
	struct worker *w = t->w;

	memset(b, 0, sizeof(*b));
	b->type = buf_type(t);
	b->memory = mem_type(t);
	b->index = chance(t, 5) ? edge32(t) : below(t, 8);
	switch (b->memory) {
	case V4L2_MEMORY_USERPTR:
		/* inside this thread's slice, or anywhere before the tail */
		b->m.userptr = (unsigned long)uptr(t, t->buf + 4096, 0);
		b->length = chance(t, 2) ? (uint32_t)(w->slice - 4096) : edge32(t);
		break;
	case V4L2_MEMORY_DMABUF:
		b->m.fd = queue_fd(t);
		b->length = chance(t, 2) ? DMABUF_SIZE : edge32(t);
		break;
	default:
		if (chance(t, 4))
			b->m.offset = edge32(t);
	}
	if (chance(t, 8))
		b->flags = edge32(t);
	if (chance(t, 8))
		b->bytesused = edge32(t);
	if (chance(t, 10)) {
		/* not the pointer: USERPTR pages must stay in the arena */
		unsigned long m = b->m.userptr;

		mutate(t, b, sizeof(*b));
		b->m.userptr = m;
	}
	if (b->memory == V4L2_MEMORY_USERPTR)	/* after mutate(): it may change both */
		b->length = clamp_to_arena(w, b->m.userptr, b->length);
	if (b->type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE ||
	    b->type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE) {
		b->m.planes = uptr(t, t->buf + 2048, 512);
		b->length = below(t, 12);
	}
}

static void op_v4l2(struct thread *t)
{
	int fd = pick_fd(t, FD_VIDEO);
	void *p = t->buf;

	if (fd < 0)
		return;
	memset(p, 0, 1024);
	switch (below(t, 20)) {
	case 0:
		xioctl(fd, VIDIOC_QUERYCAP, uptr(t, p, 104));
		break;
	case 1: {
		struct v4l2_fmtdesc *f = p;

		f->index = below(t, 3);
		f->type = buf_type(t);
		xioctl(fd, VIDIOC_ENUM_FMT, uptr(t, f, sizeof(*f)));
		break;
	}
	case 2:
	case 3: {
		static const unsigned long cmds[] = {
			VIDIOC_G_FMT, VIDIOC_S_FMT, VIDIOC_TRY_FMT,
		};
		struct v4l2_format *f = p;

		f->type = buf_type(t);
		f->fmt.pix.width = edge32(t);
		f->fmt.pix.height = edge32(t);
		f->fmt.pix.pixelformat = fourccs[below(t, 6)];
		f->fmt.pix.bytesperline = edge32(t);
		f->fmt.pix.sizeimage = edge32(t);
		f->fmt.pix.field = below(t, 12);
		if (chance(t, 6))
			mutate(t, f, sizeof(*f));
		xioctl(fd, cmds[below(t, 3)], uptr(t, f, sizeof(*f)));
		break;
	}
	case 4: {
		struct v4l2_streamparm *sp = p;

		sp->type = buf_type(t);
		sp->parm.capture.timeperframe.numerator = edge32(t);
		sp->parm.capture.timeperframe.denominator = edge32(t);
		sp->parm.capture.readbuffers = edge32(t);
		xioctl(fd, chance(t, 2) ? VIDIOC_G_PARM : VIDIOC_S_PARM,
		       uptr(t, sp, sizeof(*sp)));
		break;
	}
	case 5: {
		struct v4l2_input *in = p;

		in->index = chance(t, 2) ? 0 : edge32(t);
		xioctl(fd, VIDIOC_ENUMINPUT, uptr(t, in, sizeof(*in)));
		*(uint32_t *)t->buf = chance(t, 2) ? 0 : edge32(t);
		xioctl(fd, chance(t, 2) ? VIDIOC_G_INPUT : VIDIOC_S_INPUT,
		       uptr(t, t->buf, 4));
		break;
	}
	case 6: {
		struct v4l2_frmsizeenum *fs = p;

		fs->index = chance(t, 2) ? 0 : edge32(t);
		fs->pixel_format = fourccs[below(t, 6)];
		xioctl(fd, VIDIOC_ENUM_FRAMESIZES, uptr(t, fs, sizeof(*fs)));
		break;
	}
	case 7: {
		struct v4l2_frmivalenum *fi = p;

		fi->index = chance(t, 2) ? 0 : edge32(t);
		fi->pixel_format = fourccs[below(t, 6)];
		fi->width = edge32(t);
		fi->height = edge32(t);
		xioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, uptr(t, fi, sizeof(*fi)));
		break;
	}
	case 8:
	case 9: {
		struct v4l2_requestbuffers *rb = p;

		rb->count = chance(t, 4) ? edge32(t) : below(t, 40);
		rb->type = buf_type(t);
		rb->memory = mem_type(t);
		if (chance(t, 8))
			mutate(t, rb, sizeof(*rb));
		xioctl(fd, VIDIOC_REQBUFS, uptr(t, rb, sizeof(*rb)));
		break;
	}
	case 10: {
		struct v4l2_create_buffers *cb = p;

		cb->count = chance(t, 4) ? edge32(t) : below(t, 8);
		cb->memory = mem_type(t);
		cb->format.type = buf_type(t);
		if (chance(t, 2))
			xioctl(fd, VIDIOC_G_FMT, &cb->format);
		if (chance(t, 3))
			cb->format.fmt.pix.sizeimage = edge32(t);
		xioctl(fd, VIDIOC_CREATE_BUFS, uptr(t, cb, sizeof(*cb)));
		break;
	}
	case 11:
	case 12: {
		static const unsigned long cmds[] = {
			VIDIOC_QUERYBUF, VIDIOC_QBUF, VIDIOC_DQBUF,
			VIDIOC_PREPARE_BUF, VIDIOC_QBUF,
		};
		struct v4l2_buffer *b = p;
		unsigned long cmd = cmds[below(t, 5)];

		fill_v4l2_buffer(t, b);
		if (xioctl(fd, cmd, uptr(t, b, sizeof(*b))) == 0 &&
		    cmd == VIDIOC_DQBUF)
			atomic_fetch_add(&sh->dqbufs, 1);
		break;
	}
	case 13: {
		int type = (int)buf_type(t);

		*(int *)p = type;
		xioctl(fd, chance(t, 2) ? VIDIOC_STREAMON : VIDIOC_STREAMOFF,
		       uptr(t, p, 4));
		break;
	}
	case 14: {
		struct v4l2_exportbuffer *eb = p;

		eb->type = buf_type(t);
		eb->index = below(t, 8);
		eb->flags = chance(t, 2) ? O_CLOEXEC : edge32(t);
		if (xioctl(fd, VIDIOC_EXPBUF, uptr(t, eb, sizeof(*eb))) == 0 &&
		    eb->fd > 2) {
			/* a DMA-BUF of our capture buffer: queue it back */
			struct vcam_ioc_queue q = {
				.fd = eb->fd, .index = below(t, 4),
				.length = edge32(t),
			};
			int vfd = pick_fd(t, FD_VCAM);

			if (vfd >= 0)
				xioctl(vfd, VCAM_IOC_QUEUE, &q);
			close(eb->fd);
		}
		break;
	}
	case 15: {
		struct v4l2_queryctrl *qc = p;

		qc->id = chance(t, 2) ? V4L2_CTRL_FLAG_NEXT_CTRL : edge32(t);
		xioctl(fd, VIDIOC_QUERYCTRL, uptr(t, qc, sizeof(*qc)));
		break;
	}
	case 16: {
		struct v4l2_control *ct = p;

		ct->id = edge32(t);
		ct->value = (int32_t)edge32(t);
		xioctl(fd, chance(t, 2) ? VIDIOC_G_CTRL : VIDIOC_S_CTRL,
		       uptr(t, ct, sizeof(*ct)));
		break;
	}
	case 17: {
		struct v4l2_event_subscription *es = p;

		es->type = chance(t, 2) ? V4L2_EVENT_CTRL : edge32(t);
		xioctl(fd, chance(t, 2) ? VIDIOC_SUBSCRIBE_EVENT :
					  VIDIOC_DQEVENT,
		       uptr(t, es, sizeof(struct v4l2_event)));
		break;
	}
	case 18: {
		struct v4l2_selection *s = p;

		s->type = buf_type(t);
		s->target = edge32(t);
		xioctl(fd, chance(t, 2) ? VIDIOC_G_SELECTION : VIDIOC_S_SELECTION,
		       uptr(t, s, sizeof(*s)));
		break;
	}
	default:
		xioctl(fd, chance(t, 2) ? VIDIOC_LOG_STATUS : VIDIOC_G_PRIORITY,
		       uptr(t, p, 4));
		break;
	}
}

static void op_v4l2_raw(struct thread *t)
{
	int fd = pick_fd(t, FD_VIDEO);
	unsigned long cmd;

	if (fd < 0)
		return;
	do
		cmd = raw_cmd(t, 'V', 256);
	while (v4l2_array_cmd(cmd));
	xioctl(fd, cmd, raw_arg(t));
}

static void op_mmap(struct thread *t)
{
	int fd = pick_fd(t, FD_VIDEO);
	size_t len = chance(t, 2) ? 4096u * (1 + below(t, 256)) : edge32(t);
	off_t off = chance(t, 2) ? (off_t)4096 * below(t, 64) : (off_t)edge32(t);
	void *m;

	if (fd < 0 || !len)
		return;
	m = mmap(NULL, len, chance(t, 2) ? PROT_READ : PROT_READ | PROT_WRITE,
		 chance(t, 8) ? MAP_PRIVATE : MAP_SHARED, fd, off);
	count(m == MAP_FAILED ? -1 : 0, errno);
	if (m != MAP_FAILED)
		munmap(m, len);
}

static void op_read(struct thread *t)
{
	int fd = pick_fd(t, chance(t, 4) ? FD_NONE : FD_VIDEO);
	size_t len = chance(t, 2) ? 640 * 480 * 2 : edge32(t);
	ssize_t n;

	if (fd < 0)
		return;
	if (len > t->w->slice)		/* may reach into the PROT_NONE tail */
		len = t->w->slice + below(t, 1u << 20);
	n = read(fd, uptr(t, t->buf, len), len);
	count(n < 0 ? -1 : 0, errno);
}

static void op_poll(struct thread *t)
{
	struct pollfd pfd[4];
	int n = 1 + (int)below(t, 4);

	for (int i = 0; i < n; i++) {
		pfd[i].fd = pick_fd(t, FD_NONE);
		pfd[i].events = (short)(chance(t, 2) ? POLLIN | POLLPRI : rnd(t));
	}
	count(poll(pfd, (nfds_t)n, (int)below(t, 20)), errno);
}

/*
 * A child that inherits every file, uses some of them and dies: the files
 * (and cameras) are then shared by two processes for a while.
 */
static void op_fork(struct thread *t)
{
	int fd = pick_fd(t, FD_NONE);
	pid_t pid = fork();

	count(pid, errno);
	if (pid == 0) {
		unsigned int n = below(t, 20);

		alarm(1);	/* a blocking DEQUEUE/DQBUF ends with the child */

		while (n--) {
			memset(t->buf, 0, 256);
			if (fd >= 0)
				ioctl(fd, chance(t, 2) ? VCAM_IOC_DEQUEUE :
					  VIDIOC_DQBUF, t->buf);
		}
		if (chance(t, 2))
			raise(SIGKILL);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/*
 * A well-formed consumer sequence on a random node, so that streaming,
 * delivery and zero-copy paths run under the fuzzing around them.
 */
static void op_stream(struct thread *t)
{
	struct v4l2_requestbuffers rb = {
		.count = 2 + below(t, 3), .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = chance(t, 3) ? V4L2_MEMORY_DMABUF : V4L2_MEMORY_MMAP,
	};
	int fd = pick_fd(t, FD_VIDEO), type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };

	if (fd < 0 || xioctl(fd, VIDIOC_G_FMT, &f) < 0 ||
	    f.fmt.pix.sizeimage > DMABUF_SIZE)
		rb.memory = V4L2_MEMORY_MMAP;
	if (fd < 0 || xioctl(fd, VIDIOC_REQBUFS, &rb) < 0)
		return;
	for (uint32_t i = 0; i < rb.count; i++) {
		struct v4l2_buffer b = {
			.index = i, .type = rb.type, .memory = rb.memory,
		};

		if (rb.memory == V4L2_MEMORY_DMABUF && t->w->nr_dmabufs) {
			b.m.fd = t->w->dmabufs[i % t->w->nr_dmabufs].fd;
			b.length = DMABUF_SIZE;
		}
		xioctl(fd, VIDIOC_QBUF, &b);
	}
	xioctl(fd, VIDIOC_STREAMON, &type);
	for (unsigned int i = below(t, 6); i; i--) {
		struct v4l2_buffer b = { .type = rb.type, .memory = rb.memory };
		struct pollfd pfd = { .fd = fd, .events = POLLIN };

		poll(&pfd, 1, 50);
		if (xioctl(fd, VIDIOC_DQBUF, &b) == 0) {
			atomic_fetch_add(&sh->dqbufs, 1);
			if (rb.memory == V4L2_MEMORY_DMABUF && t->w->nr_dmabufs) {
				b.m.fd = t->w->dmabufs[b.index % t->w->nr_dmabufs].fd;
				b.length = DMABUF_SIZE;
			}
			xioctl(fd, VIDIOC_QBUF, &b);
		}
	}
	if (chance(t, 2))
		xioctl(fd, VIDIOC_STREAMOFF, &type);
}

/*
 * Export mode as a producer uses it, and misuses it: borrow a buffer, map
 * it, write it, then queue it, give it back or forget it; with stale,
 * guessed or mutated cookies and indexes. A borrowed fd is mapped and
 * written only inside this call, so a revoked buffer is written after the
 * consumer freed it too.
 */
static void op_export(struct thread *t)
{
	struct vcam_ioc_acquire *a = (void *)t->buf;
	struct vcam_ioc_release rel = { 0 };
	struct vcam_ioc_queue q = { .fd = -1, .flags = VCAM_QUEUE_EXPORTED };
	uint32_t length, nr;
	void *map = MAP_FAILED;
	int fd;

	if (!pick_cam(t, &fd, &length, &nr))
		return;
	memset(a, 0, sizeof(*a));
	a->flags = chance(t, 3) ? VCAM_ACQUIRE_NEW_FD : 0;
	if (chance(t, 20))
		a->flags = edge32(t);
	if (xioctl(fd, VCAM_IOC_EXPORT_ACQUIRE, uptr(t, a, sizeof(*a))) < 0) {
		/* a guessed loan */
		rel.index = below(t, 33);
		rel.cookie = below(t, 64);
		xioctl(fd, VCAM_IOC_EXPORT_RELEASE, &rel);
		return;
	}
	if (a->fd >= 0) {
		map = mmap(NULL, a->length, PROT_READ | PROT_WRITE, MAP_SHARED,
			   a->fd, 0);
		if (chance(t, 4))
			sched_yield();	/* let the consumer go meanwhile */
		if (map != MAP_FAILED) {
			memset(map, (int)rnd(t), a->length);
			munmap(map, a->length);
		}
		close(a->fd);
	}
	q.index = chance(t, 8) ? below(t, 33) : a->index;
	q.cookie = chance(t, 8) ? a->cookie + 1 : a->cookie;
	q.length = chance(t, 8) ? edge32(t) : length;
	switch (below(t, 3)) {
	case 0:
		if (xioctl(fd, VCAM_IOC_QUEUE, &q) == 0)
			atomic_fetch_add(&sh->queued, 1);
		break;
	case 1:
		rel.index = q.index;
		rel.cookie = q.cookie;
		xioctl(fd, VCAM_IOC_EXPORT_RELEASE, &rel);
		break;
	default:
		break;	/* forgotten: the stream's end takes it back */
	}
}

static void do_op(struct thread *t, enum op op)
{
	atomic_fetch_add(&sh->ops[op], 1);
	switch (op) {
	case OP_OPEN_VCAM: op_open_vcam(t); break;
	case OP_OPEN_VIDEO: op_open_video(t); break;
	case OP_CLOSE: close_random(t); break;
	case OP_DUP: op_dup(t); break;
	case OP_CREATE: op_create(t); break;
	case OP_QUEUE: op_queue(t); break;
	case OP_DEQUEUE: op_dequeue(t); break;
	case OP_STATUS_WAIT: op_status_wait(t); break;
	case OP_QUERYCAP_STATS: op_querycap_stats(t); break;
	case OP_VCAM_RAW: op_vcam_raw(t); break;
	case OP_V4L2: op_v4l2(t); break;
	case OP_V4L2_RAW: op_v4l2_raw(t); break;
	case OP_RANDOM_IOCTL: op_random_ioctl(t); break;
	case OP_BAD_FD: op_bad_fd(t); break;
	case OP_MMAP: op_mmap(t); break;
	case OP_READ: op_read(t); break;
	case OP_POLL: op_poll(t); break;
	case OP_FORK: op_fork(t); break;
	case OP_STREAM: op_stream(t); break;
	case OP_EXPORT: op_export(t); break;
	default: break;
	}
}

/* Relative frequencies of the operations. */
static const unsigned int op_weight[NR_OPS] = {
	[OP_OPEN_VCAM] = 6, [OP_OPEN_VIDEO] = 6, [OP_CLOSE] = 6, [OP_DUP] = 2,
	[OP_CREATE] = 12, [OP_QUEUE] = 14, [OP_DEQUEUE] = 6,
	[OP_STATUS_WAIT] = 4, [OP_QUERYCAP_STATS] = 3, [OP_VCAM_RAW] = 6,
	[OP_V4L2] = 24, [OP_V4L2_RAW] = 4, [OP_RANDOM_IOCTL] = 4,
	[OP_BAD_FD] = 2, [OP_MMAP] = 3, [OP_READ] = 3, [OP_POLL] = 2,
	[OP_FORK] = 1, [OP_STREAM] = 4, [OP_EXPORT] = 6,
};

static enum op pick_op(struct thread *t)
{
	unsigned int total = 0, r;

	for (int i = 0; i < NR_OPS; i++)
		total += op_weight[i];
	r = below(t, total);
	for (int i = 0; i < NR_OPS; i++) {
		if (r < op_weight[i])
			return (enum op)i;
		r -= op_weight[i];
	}
	return OP_CLOSE;
}

static void *thread_main(void *arg)
{
	struct thread *t = arg;

	while (!stopping) {
		do_op(t, pick_op(t));
		atomic_fetch_add(&sh->beat[t->w->proc][t->idx], 1);
	}
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* One worker process: its arena, DMA-BUFs and threads. */
static int worker_main(unsigned int proc, uint64_t seed)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct thread th[MAX_THREADS];
	struct dmabuf_allocator alloc = { .dev_fd = -1 };
	struct worker w = { .proc = proc };
	int pipefd[2];

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: interrupts waits */
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	pthread_mutex_init(&w.lock, NULL);
	for (int i = 0; i < NR_FDS; i++)
		w.fds[i].fd = -1;

	w.arena = mmap(NULL, ARENA_TOTAL, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (w.arena == MAP_FAILED ||
	    mprotect(w.arena, ARENA_RW, PROT_READ | PROT_WRITE)) {
		perror("vcam-fuzz: arena");
		return 1;
	}
	/* the last two pages of the head: read-only, then PROT_NONE */
	w.ro_page = w.arena + ARENA_RW - 2 * 4096;
	w.none_page = w.arena + ARENA_RW - 4096;
	memset(w.ro_page, 0x5a, 4096);
	mprotect(w.ro_page, 4096, PROT_READ);
	mprotect(w.none_page, 4096, PROT_NONE);
	w.slice = (ARENA_RW - 2 * 4096) / nthreads & ~4095ul;

	w.other_fds[0] = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (pipe2(pipefd, O_CLOEXEC) == 0) {
		w.other_fds[1] = pipefd[0];
		w.other_fds[2] = pipefd[1];
	}
	if (dmabuf_allocator_open(&alloc, DMABUF_AUTO, NULL, 0) == 0) {
		for (unsigned int i = 0; i < NR_DMABUFS; i++)
			if (dmabuf_alloc(&alloc, DMABUF_SIZE, &w.dmabufs[i]) == 0)
				w.nr_dmabufs++;
	}
	if (!w.nr_dmabufs)
		fprintf(stderr, "vcam-fuzz: worker %u: no DMA-BUFs (QUEUE stays shallow)\n",
			proc);

	for (unsigned int i = 0; i < nthreads; i++) {
		th[i].w = &w;
		th[i].idx = i;
		th[i].rng = seed ^ (0x9E3779B97F4A7C15ull * (proc * MAX_THREADS + i + 1));
		if (!th[i].rng)
			th[i].rng = 1;
		th[i].buf = w.arena + i * w.slice;
		if (pthread_create(&th[i].tid, NULL, thread_main, &th[i])) {
			fprintf(stderr, "vcam-fuzz: pthread_create failed\n");
			return 1;
		}
	}
	/* Interrupt blocking calls now and then (DEQUEUE, WAIT forever, DQBUF). */
	while (!stopping) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		for (unsigned int i = 0; i < nthreads; i++)
			pthread_kill(th[i].tid, SIGUSR1);
	}
	for (unsigned int i = 0; i < nthreads; i++) {
		pthread_kill(th[i].tid, SIGUSR1);
		pthread_join(th[i].tid, NULL);
	}
	return 0;
}

/* ---- supervisor ---------------------------------------------------------- */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Print the kernel stacks of a stuck process's threads. */
static void dump_stacks(pid_t pid)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd),
		 "for s in /proc/%d/task/*/stack; do echo \"# $s\"; sed 's/^/#   /' \"$s\"; done",
		 (int)pid);
	fflush(stdout);
	if (system(cmd) < 0)
		perror("vcam-fuzz: system");
}

static bool reap(pid_t *pids, unsigned int n, uint64_t deadline_ms)
{
	unsigned int left = n;

	while (left && now_ms() < deadline_ms) {
		left = 0;
		for (unsigned int i = 0; i < n; i++) {
			if (!pids[i])
				continue;
			if (waitpid(pids[i], NULL, WNOHANG) == pids[i])
				pids[i] = 0;
			else
				left++;
		}
		if (left)
			usleep(50 * 1000);
	}
	return !left;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vcam-fuzz [--seed N] [--duration SEC] [--procs N] [--threads N] [-v]\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ 0 }
	};
	uint64_t seed = 0, last_beat[MAX_PROCS][MAX_THREADS] = { { 0 } };
	uint64_t last_move[MAX_PROCS][MAX_THREADS], start, end;
	unsigned int procs = 3, duration = 30;
	bool have_seed = false, ok = true;
	pid_t pids[MAX_PROCS];
	int opt;

	while ((opt = getopt_long(argc, argv, "s:d:p:t:v", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'd':
			duration = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'p':
			procs = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 't':
			nthreads = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc || !procs || procs > MAX_PROCS || !nthreads ||
	    nthreads > MAX_THREADS || !duration) {
		usage();
		return 2;
	}
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec ^
		       (uint64_t)getpid() << 32;
	}
	printf("vcam-fuzz: seed=%llu procs=%u threads=%u duration=%us (replay: --seed %llu)\n",
	       (unsigned long long)seed, procs, nthreads, duration,
	       (unsigned long long)seed);
	fflush(stdout);

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("vcam-fuzz: mmap");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	for (unsigned int p = 0; p < procs; p++) {
		pids[p] = fork();
		if (pids[p] < 0) {
			perror("vcam-fuzz: fork");
			return 1;
		}
		if (pids[p] == 0)
			_exit(worker_main(p, seed));
	}

	start = now_ms();
	end = start + duration * 1000ull;
	for (unsigned int p = 0; p < procs; p++)
		for (unsigned int i = 0; i < nthreads; i++)
			last_move[p][i] = start;
	while (ok && now_ms() < end) {
		uint64_t now;

		usleep(500 * 1000);
		now = now_ms();
		for (unsigned int p = 0; p < procs && ok; p++) {
			int status;

			if (waitpid(pids[p], &status, WNOHANG) == pids[p]) {
				printf("vcam-fuzz: worker %u ended early (status 0x%x)\n",
				       p, status);
				pids[p] = 0;
				ok = false;
				break;
			}
			for (unsigned int i = 0; i < nthreads; i++) {
				uint64_t b = atomic_load(&sh->beat[p][i]);

				if (b != last_beat[p][i]) {
					last_beat[p][i] = b;
					last_move[p][i] = now;
				} else if (now - last_move[p][i] > STUCK_S * 1000) {
					printf("vcam-fuzz: worker %u thread %u made no progress for %d s:\n",
					       p, i, STUCK_S);
					dump_stacks(pids[p]);
					ok = false;
					break;
				}
			}
		}
		if (verbose)
			printf("# %llus: %llu calls\n",
			       (unsigned long long)(now - start) / 1000,
			       (unsigned long long)atomic_load(&sh->calls));
	}

	/* Stop: SIGKILL is the hardest ending for the files the workers hold. */
	for (unsigned int p = 0; p < procs; p++)
		if (pids[p])
			kill(pids[p], SIGKILL);
	if (!reap(pids, procs, now_ms() + STUCK_S * 1000)) {
		for (unsigned int p = 0; p < procs; p++)
			if (pids[p]) {
				printf("vcam-fuzz: worker %u (pid %d) did not die within %d s of SIGKILL:\n",
				       p, (int)pids[p], STUCK_S);
				dump_stacks(pids[p]);
			}
		ok = false;
	}

	printf("vcam-fuzz: %llu calls (%llu succeeded) in %.1f s: %llu cameras created, %llu frames queued, %llu capture buffers dequeued\n",
	       (unsigned long long)sh->calls, (unsigned long long)sh->ok,
	       (double)(now_ms() - start) / 1000.0,
	       (unsigned long long)sh->created, (unsigned long long)sh->queued,
	       (unsigned long long)sh->dqbufs);
	printf("vcam-fuzz: operations:");
	for (int i = 0; i < NR_OPS; i++)
		printf(" %s=%llu", op_names[i], (unsigned long long)sh->ops[i]);
	printf("\nvcam-fuzz: errnos:");
	for (int e = 1; e < 134; e++)
		if (sh->errnos[e])
			printf(" %s=%llu", strerrorname_np(e),
			       (unsigned long long)sh->errnos[e]);
	printf("\n");
	if (!ok)
		printf("vcam-fuzz: FAILED (seed %llu)\n", (unsigned long long)seed);
	return ok ? 0 : 1;
}
