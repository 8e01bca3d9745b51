// SPDX-License-Identifier: GPL-2.0+
/*
 * vcam-stress - lifetime stress and permission probes for the guest tests.
 *
 *   vcam-stress cycles N [--threads T] [--seed S]
 *	N create/destroy cycles spread over T threads (one camera per thread
 *	at a time), each one of: create+close; create, queue, dequeue, close;
 *	a consumer thread blocked in VIDIOC_DQBUF while the producer closes
 *	(it must fail within 5 s) and an opener thread racing open()/close()
 *	of the node against the unregistration; a consumer that closes while a
 *	producer thread feeds (the producer must keep getting its slots back).
 *   vcam-stress kill N [--seed S]
 *	N rounds of a producer process (tight QUEUE/DEQUEUE loop) and a
 *	consumer process (blocking DQBUF/QBUF) killed with SIGKILL in a random
 *	order at a random moment; a consumer whose producer died must end by
 *	itself, a producer whose consumer died must keep going.
 *   vcam-stress hold [--count K] [--size WxH] [--frames N] [--time S]
 *	create K cameras (one file each), print "camera I: /dev/videoN" or
 *	"camera I: ERRNONAME", then "held K" and keep them until SIGTERM,
 *	SIGINT or S seconds (default 60).
 *   vcam-stress budget /dev/videoN
 *	the capture buffers stay within max_camera_bytes: with USERPTR
 *	(nothing is allocated) REQBUFS grants min(32, budget / sizeimage)
 *	buffers, VIDIOC_CREATE_BUFS of buffers larger than the budget fails,
 *	CREATE_BUFS counts the real buffer sizes, and once MMAP buffers fill
 *	the budget no further buffer is granted.
 *   vcam-stress intrude /dev/videoN
 *	as a user who does not own that camera: /dev/vcam ioctls without a
 *	camera must fail with ENODEV, and the capture node must not let us
 *	change the format or frame rate or take over or stop the stream of
 *	another consumer (EBUSY). Prints one line per check.
 *
 * Exit status: 0 ok, 1 a check failed, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "../../include/uapi/linux/vcam.h"
#include "../../tools/dmabuf-alloc.h"

#define MAX_SLOTS	4
#define CAP		V4L2_BUF_TYPE_VIDEO_CAPTURE

static uint64_t seed;
static atomic_int failures;
static struct dmabuf_allocator alloc = { .dev_fd = -1 };

static void __attribute__((format(printf, 1, 2))) failf(const char *fmt, ...)
{
	va_list ap;

	atomic_fetch_add(&failures, 1);
	printf("vcam-stress: FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

static uint32_t below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(rnd(s) % n);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- producer ------------------------------------------------------ */

struct prod {
	int fd;
	uint32_t nr, length, devnr;
	uint32_t nr_readers, reader_nr[VCAM_MAX_READERS];
	bool export;			/* render into borrowed consumer buffers */
	uint64_t exported;
	struct dmabuf *bufs;	/* nr DMA-BUFs of at least length bytes */
	bool busy[MAX_SLOTS];
	uint64_t queued, dequeued;
};

static const uint32_t formats[] = {
	V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_MJPEG,
};

/* Create a 64x48 camera with @readers capture nodes; 0 or -errno. */
static int prod_create(struct prod *p, uint32_t fourcc, uint32_t nr,
		       uint32_t readers, bool export, struct dmabuf *bufs)
{
	struct vcam_frame frames[MAX_SLOTS];
	struct vcam_ioc_create c = {
		.width = 64, .height = 48, .pixelformat = fourcc,
		.nr_frames = nr, .frames = (uintptr_t)frames,
		.nr_readers = readers,
		.flags = export ? VCAM_CREATE_EXPORT : 0,
	};
	struct vcam_ioc_nodes n;

	memset(p, 0, sizeof(*p));
	p->fd = open("/dev/vcam", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (p->fd < 0)
		return -errno;
	if (ioctl(p->fd, VCAM_IOC_CREATE, &c) < 0) {
		int e = errno;

		close(p->fd);
		p->fd = -1;
		return -e;
	}
	if (ioctl(p->fd, VCAM_IOC_NODES, &n) < 0) {
		int e = errno;

		close(p->fd);
		p->fd = -1;
		return -e;
	}
	p->nr = nr;
	p->length = fourcc == V4L2_PIX_FMT_MJPEG ? 1000 : frames[0].length;
	p->devnr = c.device_nr;
	p->nr_readers = n.nr_readers;
	p->export = export;
	memcpy(p->reader_nr, n.reader_nr, sizeof(p->reader_nr));
	p->bufs = bufs;
	return 0;
}

/*
 * Export mode: borrow a consumer's buffer, write it through a fresh mapping
 * and queue it. 1 when it did, 0 when nothing could be borrowed, -errno.
 */
static int prod_export_step(struct prod *p)
{
	struct vcam_ioc_acquire a = { .flags = VCAM_ACQUIRE_NEW_FD };
	struct vcam_ioc_queue q = { .fd = -1, .flags = VCAM_QUEUE_EXPORTED };
	void *map;

	if (ioctl(p->fd, VCAM_IOC_EXPORT_ACQUIRE, &a) < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	map = mmap(NULL, a.length, PROT_READ | PROT_WRITE, MAP_SHARED, a.fd, 0);
	close(a.fd);
	if (map == MAP_FAILED)
		return -errno;
	memset(map, 0x80, p->length);
	munmap(map, a.length);
	q.index = a.index;
	q.cookie = a.cookie;
	q.length = p->length;
	if (ioctl(p->fd, VCAM_IOC_QUEUE, &q) < 0)
		return errno == ESTALE || errno == EINTR ? 0 : -errno;
	p->exported++;
	p->queued++;
	return 1;
}

/* Take back what is done, queue one frame into a free slot; -errno on error. */
static int prod_step(struct prod *p)
{
	struct vcam_ioc_dequeue dq;
	struct vcam_ioc_queue q = { .length = p->length };

	for (;;) {
		memset(&dq, 0, sizeof(dq));
		if (ioctl(p->fd, VCAM_IOC_DEQUEUE, &dq) < 0)
			break;
		if (dq.index >= p->nr || !p->busy[dq.index])
			return -EPROTO;
		p->busy[dq.index] = false;
		p->dequeued++;
	}
	if (errno != EAGAIN && errno != EINTR)
		return -errno;
	if (p->export) {
		int r = prod_export_step(p);

		if (r)
			return r < 0 ? r : 0;
	}
	for (q.index = 0; q.index < p->nr; q.index++)
		if (!p->busy[q.index])
			break;
	if (q.index == p->nr)
		return 0;		/* all in flight: fine, try again */
	q.fd = p->bufs[q.index].fd;
	if (ioctl(p->fd, VCAM_IOC_QUEUE, &q) < 0)
		return errno == EINTR ? 0 : -errno;
	p->busy[q.index] = true;
	p->queued++;
	return 0;
}

static void prod_close(struct prod *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

/* ---- consumer ------------------------------------------------------ */

/* Open /dev/video@nr, MMAP @n buffers, queue them, STREAMON. fd or -errno. */
static int cons_start(uint32_t nr, uint32_t n, int flags)
{
	struct v4l2_requestbuffers rb = {
		.count = n, .type = CAP, .memory = V4L2_MEMORY_MMAP,
	};
	int type = CAP, fd, e;
	char dev[32];

	snprintf(dev, sizeof(dev), "/dev/video%u", nr);
	fd = open(dev, O_RDWR | O_CLOEXEC | flags);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, VIDIOC_REQBUFS, &rb) < 0)
		goto err;
	for (uint32_t i = 0; i < rb.count; i++) {
		struct v4l2_buffer b = {
			.index = i, .type = CAP, .memory = V4L2_MEMORY_MMAP,
		};

		if (ioctl(fd, VIDIOC_QBUF, &b) < 0)
			goto err;
	}
	if (ioctl(fd, VIDIOC_STREAMON, &type) < 0)
		goto err;
	return fd;
err:
	e = errno;
	close(fd);
	return -e;
}

/* DQBUF and QBUF one buffer; 0 or -errno. */
static int cons_step(int fd)
{
	struct v4l2_buffer b = { .type = CAP, .memory = V4L2_MEMORY_MMAP };

	if (ioctl(fd, VIDIOC_DQBUF, &b) < 0)
		return -errno;
	if (ioctl(fd, VIDIOC_QBUF, &b) < 0)
		return -errno;
	return 0;
}

/* ---- cycles ---------------------------------------------------------- */

struct cycler {
	unsigned int idx, n;
	uint64_t rng;
	struct dmabuf bufs[MAX_SLOTS];
	pthread_t tid;
	unsigned int done[4];
};

struct blocked_consumer {
	int fd;
	int err;		/* how its DQBUF loop ended */
	atomic_bool started, ended;
};

static void *blocked_consumer_main(void *arg)
{
	struct blocked_consumer *bc = arg;
	int r;

	atomic_store(&bc->started, true);
	while (!(r = cons_step(bc->fd)))
		;
	bc->err = -r;
	atomic_store(&bc->ended, true);
	return NULL;
}

struct opener {
	uint32_t devnr;
	atomic_bool stop;
	unsigned long opens;
};

/* open/QUERYCAP/close as fast as possible while the node goes away. */
static void *opener_main(void *arg)
{
	struct opener *o = arg;
	char dev[32];

	snprintf(dev, sizeof(dev), "/dev/video%u", o->devnr);
	while (!atomic_load(&o->stop)) {
		struct v4l2_capability cap;
		int fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);

		if (fd < 0) {
			if (errno != ENOENT && errno != ENODEV && errno != ENXIO)
				failf("open %s while it goes away: %s", dev,
				      strerrorname_np(errno));
			break;
		}
		o->opens++;
		if (ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0 && errno != ENODEV)
			failf("QUERYCAP on %s while it goes away: %s", dev,
			      strerrorname_np(errno));
		close(fd);
	}
	return NULL;
}

static bool wait_flag(atomic_bool *flag, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (!atomic_load(flag)) {
		if (now_ms() > end)
			return false;
		sleep_ms(1);
	}
	return true;
}

/*
 * Variant 2: the producer closes under a blocked consumer on every capture
 * node and an opener of one of them.
 */
static void cycle_producer_goes(struct cycler *c, struct prod *p)
{
	struct blocked_consumer bc[VCAM_MAX_READERS];
	struct opener o = {
		.devnr = p->reader_nr[below(&c->rng, p->nr_readers)],
	};
	pthread_t ct[VCAM_MAX_READERS], ot;
	bool with_opener = below(&c->rng, 2);
	uint32_t n = 0;

	prod_step(p);
	for (; n < p->nr_readers; n++) {
		memset(&bc[n], 0, sizeof(bc[n]));
		bc[n].fd = cons_start(p->reader_nr[n], 2 + below(&c->rng, 3), 0);
		if (bc[n].fd < 0) {
			failf("consumer of /dev/video%u: %s", p->reader_nr[n],
			      strerrorname_np(-bc[n].fd));
			break;
		}
		pthread_create(&ct[n], NULL, blocked_consumer_main, &bc[n]);
	}
	if (with_opener)
		pthread_create(&ot, NULL, opener_main, &o);
	for (uint32_t k = 0; k < n; k++)
		wait_flag(&bc[k].started, 2000);
	for (unsigned int i = below(&c->rng, 5); i; i--) {
		prod_step(p);
		sleep_ms(below(&c->rng, 3));
	}
	prod_close(p);
	for (uint32_t k = 0; k < n; k++) {
		if (!wait_flag(&bc[k].ended, 5000)) {
			failf("consumer still in VIDIOC_DQBUF 5 s after its producer closed (/dev/video%u)",
			      p->reader_nr[k]);
			/* unblock it for the join: closing does not, a signal does */
			pthread_kill(ct[k], SIGUSR1);
		} else if (bc[k].err != EIO && bc[k].err != ENODEV &&
			   bc[k].err != EPIPE && bc[k].err != EINVAL) {
			failf("consumer DQBUF after the producer closed: %s",
			      strerrorname_np(bc[k].err));
		}
		pthread_join(ct[k], NULL);
		close(bc[k].fd);
	}
	if (with_opener) {
		atomic_store(&o.stop, true);
		pthread_join(ot, NULL);
	}
}

struct feeder {
	struct prod *p;
	atomic_bool stop;
	int err;
};

static void *feeder_main(void *arg)
{
	struct feeder *f = arg;

	while (!atomic_load(&f->stop) && !f->err) {
		f->err = -prod_step(f->p);
		sleep_ms(1);
	}
	return NULL;
}

/* Variant 3: the consumer closes while a producer thread feeds. */
static void cycle_consumer_goes(struct cycler *c, struct prod *p)
{
	struct feeder f = { .p = p };
	uint64_t before, end;
	pthread_t ft;
	int fd;

	pthread_create(&ft, NULL, feeder_main, &f);
	fd = cons_start(p->devnr, 2 + below(&c->rng, 3), O_NONBLOCK);
	if (fd < 0) {
		failf("consumer of /dev/video%u: %s", p->devnr,
		      strerrorname_np(-fd));
	} else {
		for (unsigned int i = below(&c->rng, 4); i; i--) {
			struct pollfd pfd = { .fd = fd, .events = POLLIN };

			poll(&pfd, 1, 100);
			cons_step(fd);
		}
		close(fd);
	}
	/* the producer keeps getting its slots back */
	before = p->dequeued;
	end = now_ms() + 5000;
	while (p->dequeued < before + p->nr + 2 && !f.err && now_ms() < end)
		sleep_ms(2);
	atomic_store(&f.stop, true);
	pthread_join(ft, NULL);
	if (f.err)
		failf("producer after its consumer closed: %s",
		      strerrorname_np(f.err));
	else if (p->dequeued < before + p->nr + 2)
		failf("producer got %llu slots back in 5 s after its consumer closed",
		      (unsigned long long)(p->dequeued - before));
	prod_close(p);
}

static void *cycler_main(void *arg)
{
	struct cycler *c = arg;

	for (unsigned int i = 0; i < c->n && !atomic_load(&failures); i++) {
		unsigned int v = below(&c->rng, 10);
		struct prod p;
		int r;

		v = v < 4 ? 0 : v < 6 ? 1 : v < 8 ? 2 : 3;
		r = prod_create(&p, formats[below(&c->rng, 3)],
				2 + below(&c->rng, MAX_SLOTS - 1),
				1 + below(&c->rng, 3), below(&c->rng, 2), c->bufs);
		if (r) {
			failf("cycle %u: CREATE: %s", i, strerrorname_np(-r));
			break;
		}
		switch (v) {
		case 0:
			prod_close(&p);
			break;
		case 1:
			for (unsigned int k = 1 + below(&c->rng, 8); k; k--) {
				r = prod_step(&p);
				if (r)
					failf("cycle %u: QUEUE/DEQUEUE: %s", i,
					      strerrorname_np(-r));
			}
			prod_close(&p);
			break;
		case 2:
			cycle_producer_goes(c, &p);
			break;
		default:
			cycle_consumer_goes(c, &p);
			break;
		}
		c->done[v]++;
	}
	return NULL;
}

static int alloc_bufs(struct dmabuf *bufs, unsigned int n, size_t size)
{
	char why[256];
	int r;

	if (alloc.dev_fd < 0 &&
	    dmabuf_allocator_open(&alloc, DMABUF_AUTO, why, sizeof(why))) {
		printf("vcam-stress: no DMA-BUF source: %s\n", why);
		return -1;
	}
	for (unsigned int i = 0; i < n; i++) {
		r = dmabuf_alloc(&alloc, size, &bufs[i]);
		if (r) {
			printf("vcam-stress: DMA-BUF of %zu bytes: %s\n", size,
			       strerror(-r));
			return -1;
		}
	}
	return 0;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static int cmd_cycles(unsigned int n, unsigned int threads)
{
	struct cycler *c = calloc(threads, sizeof(*c));
	struct sigaction sa = { .sa_handler = on_usr1 };
	unsigned int done[4] = { 0 };
	uint64_t t0 = now_ms();

	if (!c)
		return 1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: ends a stuck DQBUF */
	for (unsigned int t = 0; t < threads; t++) {
		c[t].idx = t;
		c[t].n = n / threads + (t < n % threads);
		c[t].rng = seed ^ (0x9E3779B97F4A7C15ull * (t + 1));
		/* 64x48: YUYV 6144, NV12 4608 bytes; MJPEG queues 1000 */
		if (alloc_bufs(c[t].bufs, MAX_SLOTS, 64 * 48 * 2))
			return 1;
		pthread_create(&c[t].tid, NULL, cycler_main, &c[t]);
	}
	for (unsigned int t = 0; t < threads; t++) {
		pthread_join(c[t].tid, NULL);
		for (int v = 0; v < 4; v++)
			done[v] += c[t].done[v];
	}
	printf("vcam-stress: cycles: %u done in %.1f s (%u create/close, %u with frames, %u producer closed under a blocked consumer, %u consumer closed under a feeding producer)\n",
	       done[0] + done[1] + done[2] + done[3],
	       (double)(now_ms() - t0) / 1000.0, done[0], done[1], done[2],
	       done[3]);
	return atomic_load(&failures) ? 1 : 0;
}

/* ---- kill ------------------------------------------------------------ */

struct kill_shared {
	atomic_uint devnr;		/* +1, 0 = not yet */
	atomic_uint devnr2;		/* the camera's second capture node */
	atomic_ullong queued;
	atomic_ullong dqbufs;
	atomic_ullong dqbufs2;		/* the bystander on the second node */
	atomic_int cons_err;
};

static void producer_child(struct kill_shared *ks, struct dmabuf *bufs,
			   uint32_t fourcc, bool export)
{
	struct prod p;
	int r = prod_create(&p, fourcc, MAX_SLOTS, 2, export, bufs);

	if (r) {
		printf("vcam-stress: producer child: CREATE: %s\n",
		       strerrorname_np(-r));
		_exit(1);
	}
	atomic_store(&ks->devnr2, p.reader_nr[1]);
	atomic_store(&ks->devnr, p.devnr + 1);
	for (;;) {
		r = prod_step(&p);
		if (r) {
			printf("vcam-stress: producer child: %s\n",
			       strerrorname_np(-r));
			_exit(1);
		}
		atomic_store(&ks->queued, p.queued);
	}
}

static void consumer_child(struct kill_shared *ks, uint32_t devnr,
			   uint32_t nbufs, atomic_ullong *dqbufs)
{
	int fd = cons_start(devnr, nbufs, 0), r;

	if (fd < 0) {
		atomic_store(&ks->cons_err, -fd);
		_exit(3);
	}
	while (!(r = cons_step(fd)))
		atomic_fetch_add(dqbufs, 1);
	atomic_store(&ks->cons_err, -r);
	_exit(2);	/* ended by an error: what a consumer of a dead camera does */
}

/* Wait for @pid to end within @ms; false (and it is killed) if it does not. */
static bool reap_within(pid_t pid, unsigned int ms, int *status)
{
	uint64_t end = now_ms() + ms;

	while (now_ms() < end) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return true;
		sleep_ms(5);
	}
	fflush(stdout);
	{
		char cmd[96];

		snprintf(cmd, sizeof(cmd),
			 "sed 's/^/#   /' /proc/%d/stack 2>/dev/null", (int)pid);
		if (system(cmd) < 0)
			perror("system");
	}
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return false;
}

static bool wait_value(atomic_ullong *v, uint64_t above, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (atomic_load(v) <= above) {
		if (now_ms() > end)
			return false;
		sleep_ms(1);
	}
	return true;
}

static int cmd_kill(unsigned int rounds)
{
	struct kill_shared *ks = mmap(NULL, sizeof(*ks), PROT_READ | PROT_WRITE,
				      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct dmabuf bufs[MAX_SLOTS];
	unsigned int how[4] = { 0 };
	uint64_t rng = seed | 1, t0 = now_ms();

	if (ks == MAP_FAILED || alloc_bufs(bufs, MAX_SLOTS, 64 * 48 * 2))
		return 1;
	for (unsigned int i = 0; i < rounds && !atomic_load(&failures); i++) {
		unsigned int order = below(&rng, 4);
		pid_t prod, cons, other;
		uint64_t q, d2;
		int st;

		memset(ks, 0, sizeof(*ks));
		prod = fork();
		if (prod == 0)
			producer_child(ks, bufs, formats[below(&rng, 3)],
				       below(&rng, 2));
		if (!wait_value(&ks->queued, 0, 10000)) {
			failf("round %u: the producer did not start", i);
			reap_within(prod, 0, &st);
			break;
		}
		cons = fork();
		if (cons == 0)
			consumer_child(ks, atomic_load(&ks->devnr) - 1,
				       2 + below(&rng, 4), &ks->dqbufs);
		/* a bystander on the camera's other node */
		other = fork();
		if (other == 0)
			consumer_child(ks, atomic_load(&ks->devnr2),
				       2 + below(&rng, 4), &ks->dqbufs2);
		if (!wait_value(&ks->dqbufs, below(&rng, 3), 10000)) {
			failf("round %u: the consumer got no frame in 10 s (error %s)",
			      i, strerrorname_np(atomic_load(&ks->cons_err)));
			reap_within(cons, 0, &st);
			reap_within(other, 0, &st);
			reap_within(prod, 0, &st);
			break;
		}
		sleep_ms(below(&rng, 20));
		switch (order) {
		case 0:		/* producer killed mid-QUEUE; consumer must end */
			kill(prod, SIGKILL);
			if (!reap_within(cons, 10000, &st))
				failf("round %u: consumer still running 10 s after its producer was killed",
				      i);
			else if (!WIFEXITED(st) || WEXITSTATUS(st) != 2)
				failf("round %u: consumer of a killed producer ended with status 0x%x",
				      i, st);
			break;
		case 1:		/* consumer killed mid-DQBUF; producer goes on */
			kill(cons, SIGKILL);
			if (!reap_within(cons, 10000, &st))
				failf("round %u: consumer did not die within 10 s of SIGKILL",
				      i);
			q = atomic_load(&ks->queued);
			d2 = atomic_load(&ks->dqbufs2);
			if (!wait_value(&ks->queued, q + 2 * MAX_SLOTS, 5000))
				failf("round %u: producer stalled after its consumer was killed",
				      i);
			if (!wait_value(&ks->dqbufs2, d2 + 2, 5000))
				failf("round %u: the other node's consumer stalled after the first was killed",
				      i);
			kill(prod, SIGKILL);
			break;
		case 2:		/* both at once */
			kill(prod, SIGKILL);
			kill(cons, SIGKILL);
			break;
		default:	/* consumer first, producer right after */
			kill(cons, SIGKILL);
			kill(prod, SIGKILL);
			break;
		}
		how[order]++;
		if (!reap_within(prod, 10000, &st))
			failf("round %u: producer did not die within 10 s of SIGKILL", i);
		if (order >= 2 && !reap_within(cons, 10000, &st))
			failf("round %u: consumer did not die within 10 s of SIGKILL", i);
		/* the bystander ends by itself once the producer is gone */
		if (!reap_within(other, 10000, &st))
			failf("round %u: the other node's consumer still running 10 s after its producer died",
			      i);
	}
	printf("vcam-stress: kill: %u rounds in %.1f s (%u producer killed first, %u consumer killed first, %u both at once, %u consumer then producer)\n",
	       how[0] + how[1] + how[2] + how[3],
	       (double)(now_ms() - t0) / 1000.0, how[0], how[1], how[2], how[3]);
	return atomic_load(&failures) ? 1 : 0;
}

/* ---- hold ------------------------------------------------------------ */

static volatile sig_atomic_t got_term;

static void on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

static int cmd_hold(unsigned int count, uint32_t w, uint32_t h,
		    uint32_t frames, unsigned int secs)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct vcam_frame fr[32];
	unsigned int held = 0;
	uint64_t end;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (unsigned int i = 0; i < count; i++) {
		struct vcam_ioc_create c = {
			.width = w, .height = h, .pixelformat = V4L2_PIX_FMT_YUYV,
			.nr_frames = frames, .frames = (uintptr_t)fr,
		};
		int fd = open("/dev/vcam", O_RDWR | O_CLOEXEC);

		if (fd < 0) {
			printf("camera %u: open %s\n", i, strerrorname_np(errno));
			continue;
		}
		if (ioctl(fd, VCAM_IOC_CREATE, &c) < 0) {
			printf("camera %u: %s\n", i, strerrorname_np(errno));
			close(fd);
			continue;
		}
		printf("camera %u: /dev/video%u\n", i, c.device_nr);
		held++;		/* the fd stays open: the camera lives */
	}
	printf("held %u\n", held);
	fflush(stdout);
	end = now_ms() + secs * 1000ull;
	while (!got_term && now_ms() < end)
		sleep_ms(50);
	return 0;
}

/* ---- intrude ----------------------------------------------------------- */

static int checks_failed;

static void check(bool ok, const char *what, const char *detail)
{
	printf("%s %s%s%s\n", ok ? "ok" : "FAIL", what, detail ? ": " : "",
	       detail ? detail : "");
	if (!ok)
		checks_failed++;
}

static void expect_errno(int r, int want, const char *what)
{
	char d[64];

	snprintf(d, sizeof(d), "%s", r < 0 ? strerrorname_np(errno) : "success");
	check(r < 0 && errno == want, what, d);
}

static int cmd_intrude(const char *dev)
{
	struct vcam_ioc_queue q = { .length = 4096 };
	struct vcam_ioc_dequeue dq = { 0 };
	struct vcam_ioc_wait wt = { .mask = VCAM_STATUS_STREAMING, .timeout_ms = 10 };
	struct vcam_ioc_stats st;
	struct v4l2_format f0 = { .type = CAP }, f;
	struct v4l2_streamparm p0 = { .type = CAP }, p;
	struct v4l2_requestbuffers rb = { .count = 2, .type = CAP,
					  .memory = V4L2_MEMORY_MMAP };
	uint64_t status;
	char d[160];
	int type = CAP, vfd, fd;

	/* /dev/vcam: a file without a camera names no camera at all */
	fd = open("/dev/vcam", O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		check(false, "open /dev/vcam", strerrorname_np(errno));
		return 1;
	}
	for (q.index = 0; q.index < 4; q.index++)
		expect_errno(ioctl(fd, VCAM_IOC_QUEUE, &q), ENODEV,
			     "QUEUE without an own camera");
	expect_errno(ioctl(fd, VCAM_IOC_DEQUEUE, &dq), ENODEV,
		     "DEQUEUE without an own camera");
	expect_errno(ioctl(fd, VCAM_IOC_STATUS, &status), ENODEV,
		     "STATUS without an own camera");
	expect_errno(ioctl(fd, VCAM_IOC_WAIT, &wt), ENODEV,
		     "WAIT without an own camera");
	expect_errno(ioctl(fd, VCAM_IOC_STATS, &st), ENODEV,
		     "STATS without an own camera");
	close(fd);

	vfd = open(dev, O_RDWR | O_NONBLOCK);
	if (vfd < 0) {
		check(false, "open the capture node", strerrorname_np(errno));
		return 1;
	}
	check(!ioctl(vfd, VIDIOC_G_FMT, &f0), "G_FMT", NULL);
	check(!ioctl(vfd, VIDIOC_G_PARM, &p0), "G_PARM", NULL);

	f = f0;
	f.fmt.pix.width = f0.fmt.pix.width * 2;
	f.fmt.pix.height = f0.fmt.pix.height / 2 & ~1u;
	f.fmt.pix.pixelformat = f0.fmt.pix.pixelformat == V4L2_PIX_FMT_NV12 ?
				V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_NV12;
	ioctl(vfd, VIDIOC_S_FMT, &f);
	memset(&f, 0, sizeof(f));
	f.type = CAP;
	ioctl(vfd, VIDIOC_G_FMT, &f);
	snprintf(d, sizeof(d), "%ux%u %.4s -> %ux%u %.4s", f0.fmt.pix.width,
		 f0.fmt.pix.height, (char *)&f0.fmt.pix.pixelformat,
		 f.fmt.pix.width, f.fmt.pix.height, (char *)&f.fmt.pix.pixelformat);
	check(!memcmp(&f.fmt.pix, &f0.fmt.pix, sizeof(f.fmt.pix)),
	      "S_FMT of another size and format leaves the camera's format", d);

	p = p0;
	p.parm.capture.timeperframe.numerator = 1;
	p.parm.capture.timeperframe.denominator =
		p0.parm.capture.timeperframe.denominator == 5 ? 7 : 5;
	ioctl(vfd, VIDIOC_S_PARM, &p);
	memset(&p, 0, sizeof(p));
	p.type = CAP;
	ioctl(vfd, VIDIOC_G_PARM, &p);
	snprintf(d, sizeof(d), "%u/%u -> %u/%u",
		 p0.parm.capture.timeperframe.numerator,
		 p0.parm.capture.timeperframe.denominator,
		 p.parm.capture.timeperframe.numerator,
		 p.parm.capture.timeperframe.denominator);
	check(p.parm.capture.timeperframe.numerator ==
	      p0.parm.capture.timeperframe.numerator &&
	      p.parm.capture.timeperframe.denominator ==
	      p0.parm.capture.timeperframe.denominator,
	      "S_PARM leaves the camera's frame interval", d);

	/* another consumer streams: its queue is not ours to take or stop */
	expect_errno(ioctl(vfd, VIDIOC_REQBUFS, &rb), EBUSY,
		     "REQBUFS while another consumer streams");
	rb.count = 0;
	expect_errno(ioctl(vfd, VIDIOC_REQBUFS, &rb), EBUSY,
		     "REQBUFS(0) while another consumer streams");
	expect_errno(ioctl(vfd, VIDIOC_STREAMOFF, &type), EBUSY,
		     "STREAMOFF while another consumer streams");
	{
		struct v4l2_buffer b = { .type = CAP, .memory = V4L2_MEMORY_MMAP };

		expect_errno(ioctl(vfd, VIDIOC_DQBUF, &b), EBUSY,
			     "DQBUF of another consumer's buffer");
		expect_errno(ioctl(vfd, VIDIOC_QBUF, &b), EBUSY,
			     "QBUF into another consumer's queue");
	}
	{
		char buf[64];
		ssize_t n = read(vfd, buf, sizeof(buf));

		expect_errno((int)n, EBUSY, "read() while another consumer streams");
	}
	close(vfd);
	return checks_failed ? 1 : 0;
}

/* ---- budget ------------------------------------------------------------ */

static int create_bufs(int fd, uint32_t memory, uint32_t size, uint32_t count,
		       uint32_t *got)
{
	struct v4l2_create_buffers cb = {
		.count = count, .memory = memory, .format.type = CAP,
	};

	if (ioctl(fd, VIDIOC_G_FMT, &cb.format) < 0)
		return -errno;
	cb.format.fmt.pix.sizeimage = size;
	if (ioctl(fd, VIDIOC_CREATE_BUFS, &cb) < 0)
		return -errno;
	*got = cb.count;
	return 0;
}

static int cmd_budget(const char *dev)
{
	struct v4l2_requestbuffers rb = { .count = 32, .type = CAP,
					  .memory = V4L2_MEMORY_USERPTR };
	struct v4l2_format f = { .type = CAP };
	struct vcam_ioc_querycap qc = { 0 };
	uint64_t budget, want;
	uint32_t size, got = 0;
	char d[128];
	int fd, vfd, r;

	fd = open("/dev/vcam", O_RDWR);
	if (fd < 0 || ioctl(fd, VCAM_IOC_QUERYCAP, &qc) < 0) {
		check(false, "VCAM_IOC_QUERYCAP", strerrorname_np(errno));
		return 1;
	}
	close(fd);
	budget = qc.max_camera_bytes;
	vfd = open(dev, O_RDWR | O_NONBLOCK);
	if (vfd < 0 || ioctl(vfd, VIDIOC_G_FMT, &f) < 0) {
		check(false, dev, strerrorname_np(errno));
		return 1;
	}
	size = f.fmt.pix.sizeimage;

	want = budget / size < 32 ? budget / size : 32;
	r = ioctl(vfd, VIDIOC_REQBUFS, &rb);
	snprintf(d, sizeof(d), "%s, %u buffers of %u bytes (budget %llu: %llu)",
		 r < 0 ? strerrorname_np(errno) : "ok", rb.count, size,
		 (unsigned long long)budget, (unsigned long long)want);
	check(!r && rb.count == want, "REQBUFS 32 grants what the budget allows", d);
	rb.count = 0;
	ioctl(vfd, VIDIOC_REQBUFS, &rb);

	if (budget < UINT32_MAX - 4096) {
		r = create_bufs(vfd, V4L2_MEMORY_USERPTR, (uint32_t)budget + 4096, 1, &got);
		snprintf(d, sizeof(d), "%s", r ? strerrorname_np(-r) : "created");
		check(r == -ENOMEM, "CREATE_BUFS of one buffer larger than the budget fails", d);
	}
	if (budget / 2 >= size && budget / 2 < UINT32_MAX) {
		r = create_bufs(vfd, V4L2_MEMORY_USERPTR, (uint32_t)(budget / 2), 32, &got);
		snprintf(d, sizeof(d), "%s, %u buffers", r ? strerrorname_np(-r) : "ok", got);
		check(!r && got == 2, "CREATE_BUFS 32 of half the budget grants 2", d);
	}
	rb.count = 0;
	ioctl(vfd, VIDIOC_REQBUFS, &rb);

	/* what the driver allocates counts: MMAP buffers use the budget up */
	rb.count = 32;
	rb.memory = V4L2_MEMORY_MMAP;
	r = ioctl(vfd, VIDIOC_REQBUFS, &rb);
	snprintf(d, sizeof(d), "%s, %u buffers of %u bytes (budget %llu: %llu)",
		 r < 0 ? strerrorname_np(errno) : "ok", rb.count, size,
		 (unsigned long long)budget, (unsigned long long)want);
	check(!r && rb.count == want, "REQBUFS 32 MMAP allocates what the budget allows", d);
	r = create_bufs(vfd, V4L2_MEMORY_MMAP, size, 1, &got);
	snprintf(d, sizeof(d), "%s", r ? strerrorname_np(-r) : "created");
	check(r == -ENOMEM, "CREATE_BUFS beyond a used-up budget fails", d);
	rb.count = 0;
	ioctl(vfd, VIDIOC_REQBUFS, &rb);
	close(vfd);
	return checks_failed ? 1 : 0;
}

/* ---- main ---------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr,
		"usage: vcam-stress cycles N [--threads T] [--seed S]\n"
		"       vcam-stress kill N [--seed S]\n"
		"       vcam-stress hold [--count K] [--size WxH] [--frames N] [--time S]\n"
		"       vcam-stress budget /dev/videoN\n"
		"       vcam-stress intrude /dev/videoN\n");
}

int main(int argc, char **argv)
{
	unsigned int threads = 2, count = 1, frames = 2, secs = 60;
	uint32_t w = 64, h = 48;
	bool have_seed = false;
	int r;

	if (argc < 2) {
		usage();
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--threads") && v)
			threads = (unsigned int)strtoul(v, NULL, 0);
		else if (!strcmp(a, "--seed") && v) {
			seed = strtoull(v, NULL, 0);
			have_seed = true;
		} else if (!strcmp(a, "--count") && v)
			count = (unsigned int)strtoul(v, NULL, 0);
		else if (!strcmp(a, "--frames") && v)
			frames = (unsigned int)strtoul(v, NULL, 0);
		else if (!strcmp(a, "--time") && v)
			secs = (unsigned int)strtoul(v, NULL, 0);
		else if (!strcmp(a, "--size") && v) {
			if (sscanf(v, "%ux%u", &w, &h) != 2) {
				usage();
				return 2;
			}
		} else if (i == 2 && a[0] != '-')
			continue;
		else {
			usage();
			return 2;
		}
		i++;
	}
	if (!have_seed)
		seed = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
	if (!seed)
		seed = 1;

	if (!strcmp(argv[1], "cycles") && argc >= 3) {
		if (!threads || threads > 8) {
			usage();
			return 2;
		}
		printf("vcam-stress: seed=%llu (replay: --seed %llu)\n",
		       (unsigned long long)seed, (unsigned long long)seed);
		r = cmd_cycles((unsigned int)strtoul(argv[2], NULL, 0), threads);
	} else if (!strcmp(argv[1], "kill") && argc >= 3) {
		printf("vcam-stress: seed=%llu (replay: --seed %llu)\n",
		       (unsigned long long)seed, (unsigned long long)seed);
		r = cmd_kill((unsigned int)strtoul(argv[2], NULL, 0));
	} else if (!strcmp(argv[1], "hold")) {
		r = cmd_hold(count, w, h, frames, secs);
	} else if (!strcmp(argv[1], "budget") && argc == 3) {
		r = cmd_budget(argv[2]);
	} else if (!strcmp(argv[1], "intrude") && argc == 3) {
		r = cmd_intrude(argv[2]);
	} else {
		usage();
		return 2;
	}
	return r;
}
