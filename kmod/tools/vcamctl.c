// SPDX-License-Identifier: GPL-2.0+
/*
 * vcamctl - create, list and feed vcam virtual cameras.
 *
 *   vcamctl create [options]     create a camera and feed it until SIGINT
 *   vcamctl list                 list the vcam capture devices
 *   vcamctl info /dev/videoN     V4L2 capabilities, format and frame rate
 *   vcamctl caps                 what the vcam module supports
 *
 * Exit status: 0 success, 1 runtime error, 2 usage error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
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
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "../include/uapi/linux/vcam.h"
#include "dmabuf-alloc.h"
#include "patterns.h"

#define VCAM_DEV "/dev/vcam"
#define EXIT_USAGE 2
#define DEFAULT_FRAMES 4

static const char *prog = "vcamctl";
static volatile sig_atomic_t stop_requested;

static void __attribute__((format(printf, 1, 2))) err_msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fprintf(out,
"usage: vcamctl create [--label NAME] [--size WxH] [--format YUYV|NV12|MJPEG]\n"
"                      [--fps N[/D]] [--frames N] [--device-nr N] [--readers R]\n"
"                      [--pattern bars|counter|black|file:PATH] [--count N]\n"
"                      [--alloc udmabuf|heap|vgem|auto] [--unthrottled] [--export]\n"
"                      [--quiet]\n"
"       vcamctl list\n"
"       vcamctl info /dev/videoN\n"
"       vcamctl caps\n"
"\n"
"create: make a camera and feed it until SIGINT/SIGTERM or --count frames.\n"
"  The device line is printed once the first frame is queued.\n"
"  --label NAME      name shown to applications (default \"vcam N\")\n"
"  --size WxH        frame size (default 1280x720)\n"
"  --format F        YUYV, NV12 or MJPEG (default YUYV)\n"
"  --fps N[/D]       frame rate (default 30)\n"
"  --frames N        output slots, i.e. DMA-BUFs in rotation (default %d)\n"
"  --device-nr N     register (the first capture node) as /dev/videoN\n"
"  --readers R       R capture nodes, one per application streaming at once\n"
"                    (default: the module's readers parameter); each extra\n"
"                    node is announced as 'reader K: /dev/videoN \"LABEL #K\"'\n"
"  --pattern P       bars (default), counter (stamps seq + time, see\n"
"                    vcam-counter.h), black, or file:PATH (raw frames of\n"
"                    exactly one image size each, looped; one .jpg for MJPEG)\n"
"  --count N         stop after N frames\n"
"  --alloc A         DMA-BUF source (default auto: udmabuf, heap, vgem)\n"
"  --unthrottled     queue as fast as slots come back, ignoring --fps\n"
"  --export          export mode: render straight into the buffers of\n"
"                    consumers that stream MMAP buffers (no copy), falling\n"
"                    back to the own slots when none is free\n"
"  --quiet           print only the device line and errors\n",
		DEFAULT_FRAMES);
}

/* ---- /dev/vcam ----------------------------------------------------- */

static int open_vcam(int flags)
{
	int fd = open(VCAM_DEV, O_RDWR | O_CLOEXEC | flags);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		err_msg("%s: No such file (is the vcam module loaded? sudo modprobe vcam)",
			VCAM_DEV);
	else if (errno == EACCES || errno == EPERM)
		err_msg("%s: Permission denied (join the video group: sudo usermod -aG video $USER, "
			"then log in again; the udev rule 60-vcam.rules gives the group access)",
			VCAM_DEV);
	else
		err_msg("%s: %s", VCAM_DEV, strerror(errno));
	return -1;
}

static int query_caps(int fd, struct vcam_ioc_querycap *cap)
{
	memset(cap, 0, sizeof(*cap));
	if (ioctl(fd, VCAM_IOC_QUERYCAP, cap) < 0) {
		err_msg("VCAM_IOC_QUERYCAP: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static const char *fourcc_str(uint32_t f, char buf[5])
{
	for (int i = 0; i < 4; i++) {
		char c = (char)(f >> (8 * i));

		buf[i] = c >= 32 && c < 127 ? c : '?';
	}
	buf[4] = '\0';
	return buf;
}

static int parse_fourcc(const char *s, uint32_t *out)
{
	static const struct {
		const char *name;
		uint32_t fourcc;
	} names[] = {
		{ "YUYV", V4L2_PIX_FMT_YUYV }, { "YUY2", V4L2_PIX_FMT_YUYV },
		{ "NV12", V4L2_PIX_FMT_NV12 }, { "MJPEG", V4L2_PIX_FMT_MJPEG },
		{ "MJPG", V4L2_PIX_FMT_MJPEG }, { "JPEG", V4L2_PIX_FMT_MJPEG },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(s, names[i].name)) {
			*out = names[i].fourcc;
			return 0;
		}
	return -1;
}

static bool parse_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static bool parse_pair(const char *s, char sep, uint32_t *a, uint32_t *b,
		       bool b_optional)
{
	char buf[64], *p;

	if (strlen(s) >= sizeof(buf))
		return false;
	strcpy(buf, s);
	p = strchr(buf, sep);
	if (!p) {
		if (!b_optional)
			return false;
		*b = 1;
		return parse_u32(buf, a);
	}
	*p++ = '\0';
	return parse_u32(buf, a) && parse_u32(p, b);
}

/* ---- create -------------------------------------------------------- */

struct create_opts {
	const char *label;
	uint32_t width, height, fourcc;
	uint32_t fps_num, fps_den;
	uint32_t nr_frames;
	bool have_device_nr;
	uint32_t device_nr;
	uint32_t nr_readers;
	struct pattern pattern;
	uint64_t count;
	enum dmabuf_kind alloc;
	bool unthrottled;
	bool export;
	bool quiet;
};

/* A consumer's buffer borrowed in export mode, as this process maps it. */
struct loan_map {
	uint32_t cookie;	/* its stream; 0: not mapped */
	struct dmabuf buf;	/* fd and mapping */
	bool painted;
};

#define LOAN_BUFS 32
static struct loan_map loans[VCAM_MAX_READERS][LOAN_BUFS];
static uint64_t frames_exported;

static void loan_unmap(struct loan_map *lm)
{
	if (lm->buf.map && lm->buf.map != MAP_FAILED)
		munmap(lm->buf.map, lm->buf.size);
	if (lm->buf.fd >= 0)
		close(lm->buf.fd);
	memset(lm, 0, sizeof(*lm));
	lm->buf.fd = -1;
}

static void loans_init(void)
{
	for (int r = 0; r < VCAM_MAX_READERS; r++)
		for (int i = 0; i < LOAN_BUFS; i++) {
			memset(&loans[r][i], 0, sizeof(loans[r][i]));
			loans[r][i].buf.fd = -1;
		}
}

/* Forget every mapping of a stream other than @cookie on @reader. */
static void loans_forget_stale(uint32_t reader, uint32_t cookie)
{
	for (int i = 0; i < LOAN_BUFS; i++)
		if (loans[reader][i].cookie && loans[reader][i].cookie != cookie)
			loan_unmap(&loans[reader][i]);
}

/*
 * Export mode: borrow a consumer's buffer. Returns its mapping (NULL when
 * nothing can be borrowed now: the caller uses its own slot) and fills @a;
 * -1 in @err on a real error.
 */
static struct loan_map *loan_acquire(int vfd, struct vcam_ioc_acquire *a,
				     int *err)
{
	struct loan_map *lm;

	*err = 0;
	for (int attempt = 0; attempt < 2; attempt++) {
		memset(a, 0, sizeof(*a));
		a->flags = attempt ? VCAM_ACQUIRE_NEW_FD : 0;
		if (ioctl(vfd, VCAM_IOC_EXPORT_ACQUIRE, a) < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return NULL;
			err_msg("VCAM_IOC_EXPORT_ACQUIRE: %s", strerror(errno));
			*err = -1;
			return NULL;
		}
		if (a->reader >= VCAM_MAX_READERS || a->index >= LOAN_BUFS) {
			err_msg("VCAM_IOC_EXPORT_ACQUIRE: buffer %u of reader %u is out of range",
				a->index, a->reader);
			*err = -1;
			return NULL;
		}
		loans_forget_stale(a->reader, a->cookie);
		lm = &loans[a->reader][a->index];
		if (a->fd >= 0) {
			loan_unmap(lm);
			lm->buf.fd = a->fd;
			lm->buf.size = a->length;
			lm->buf.map = mmap(NULL, a->length, PROT_READ | PROT_WRITE,
					   MAP_SHARED, a->fd, 0);
			if (lm->buf.map == MAP_FAILED) {
				err_msg("mapping a borrowed buffer: %s", strerror(errno));
				loan_unmap(lm);
				*err = -1;
				return NULL;
			}
			lm->cookie = a->cookie;
			return lm;
		}
		if (lm->cookie == a->cookie && lm->buf.map)
			return lm;
		/* not mapped here (should not happen): give it back, ask again */
		struct vcam_ioc_release rel = { .index = a->index, .cookie = a->cookie };

		ioctl(vfd, VCAM_IOC_EXPORT_RELEASE, &rel);
	}
	return NULL;
}

struct slot {
	struct dmabuf buf;
	uint32_t length;
	bool queued;
	bool painted;
};

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);	/* no SA_RESTART: waits return EINTR */
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Check the request against the module's limits; print what is valid. */
static int validate_create(const struct create_opts *o,
			   const struct vcam_ioc_querycap *cap)
{
	char fcc[5];
	bool known = false;
	bool raw = o->fourcc != V4L2_PIX_FMT_MJPEG;

	for (uint32_t i = 0; i < cap->nr_formats && i < VCAM_MAX_FORMATS; i++)
		known |= cap->formats[i] == o->fourcc;
	if (!known) {
		err_msg("--format %s: not supported by this vcam module (see vcamctl caps)",
			fourcc_str(o->fourcc, fcc));
		return -1;
	}
	if (o->width < cap->min_width || o->width > cap->max_width ||
	    o->height < cap->min_height || o->height > cap->max_height ||
	    (raw && (o->width % 2 || (o->fourcc == V4L2_PIX_FMT_NV12 &&
				      o->height % 2)))) {
		err_msg("--size %ux%u: valid sizes are %ux%u to %ux%u%s",
			o->width, o->height, cap->min_width, cap->min_height,
			cap->max_width, cap->max_height,
			o->fourcc == V4L2_PIX_FMT_NV12 ? ", both even for NV12" :
			raw ? ", even width for YUYV" : "");
		return -1;
	}
	if (!o->fps_num || !o->fps_den ||
	    o->fps_num > (uint64_t)cap->max_fps * o->fps_den ||
	    o->fps_num < o->fps_den) {
		err_msg("--fps %u/%u: valid frame rates are 1 to %u frames per second",
			o->fps_num, o->fps_den, cap->max_fps);
		return -1;
	}
	if (o->nr_frames < cap->min_frames || o->nr_frames > cap->max_frames) {
		err_msg("--frames %u: valid range is %u to %u",
			o->nr_frames, cap->min_frames, cap->max_frames);
		return -1;
	}
	if (o->export && !(cap->caps & VCAM_CAP_EXPORT)) {
		err_msg("--export: this vcam module has no export mode (update it)");
		return -1;
	}
	if (o->nr_readers > 1 && !(cap->caps & VCAM_CAP_READERS)) {
		err_msg("--readers %u: this vcam module offers one capture node per camera (update it)",
			o->nr_readers);
		return -1;
	}
	if (o->nr_readers > 1 && o->nr_readers > cap->max_readers) {
		err_msg("--readers %u: valid range is 1 to %u", o->nr_readers,
			cap->max_readers);
		return -1;
	}
	return 0;
}

static void explain_create_error(int err, const struct create_opts *o,
				 const struct vcam_ioc_querycap *cap)
{
	switch (err) {
	case ENFILE:
		if (o->have_device_nr) {
			err_msg("VCAM_IOC_CREATE: /dev/video%u is already taken (choose another --device-nr)",
				o->device_nr);
			return;
		}
		break;
	case EMFILE:
	case EUSERS:
	case EDQUOT:
		err_msg("VCAM_IOC_CREATE: %s (one user may own %u cameras at once)",
			strerror(err), cap->max_cameras);
		return;
	case ENOMEM:
	case E2BIG:
	case EFBIG:
		err_msg("VCAM_IOC_CREATE: %s (frame size x --frames must stay within %llu bytes)",
			strerror(err), (unsigned long long)cap->max_camera_bytes);
		return;
	case EINVAL:
		err_msg("VCAM_IOC_CREATE: %s (label: at most %d printable characters; see vcamctl caps for limits)",
			strerror(err), VCAM_LABEL_MAX - 1);
		return;
	}
	err_msg("VCAM_IOC_CREATE: %s", strerror(err));
}

static void read_sysfs_line(const char *path, char *buf, size_t len)
{
	FILE *fp = fopen(path, "r");

	buf[0] = '\0';
	if (!fp)
		return;
	if (fgets(buf, (int)len, fp))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(fp);
}

/*
 * After the device line, one line per further capture node:
 * "vcamctl: reader K: /dev/videoN "NAME"" (K counted from 1, like the
 * " #K" suffix of the node's name). Modules without VCAM_IOC_NODES have one.
 */
static int append_reader_lines(int vfd, char *line, size_t size)
{
	struct vcam_ioc_nodes n;
	char path[64], name[64];

	memset(&n, 0, sizeof(n));
	if (ioctl(vfd, VCAM_IOC_NODES, &n) < 0) {
		if (errno == ENOTTY)
			return 0;
		err_msg("VCAM_IOC_NODES: %s", strerror(errno));
		return -1;
	}
	for (uint32_t i = 1; i < n.nr_readers && i < VCAM_MAX_READERS; i++) {
		size_t used = strlen(line);

		snprintf(path, sizeof(path), "/sys/class/video4linux/video%u/name",
			 n.reader_nr[i]);
		read_sysfs_line(path, name, sizeof(name));
		snprintf(line + used, size - used,
			 "%s: reader %u: /dev/video%u \"%s\"\n", prog, i + 1,
			 n.reader_nr[i], name);
	}
	return 0;
}

/* Wait until the frame's time has come (unless unthrottled). */
static bool pace(const struct create_opts *o, uint64_t next)
{
	struct timespec ts = {
		.tv_sec = (time_t)(next / 1000000000ull),
		.tv_nsec = (long)(next % 1000000000ull),
	};

	if (o->unthrottled)
		return true;
	return clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != EINTR;
}

/*
 * Export mode: render the next frame into a borrowed consumer buffer and
 * queue it. Returns 1 when it did, 0 when nothing could be borrowed (use a
 * slot), -1 on error.
 */
static int feed_exported(int vfd, struct create_opts *o,
			 const struct frame_format *ff, uint64_t *seq,
			 uint64_t *next, uint64_t period)
{
	struct vcam_ioc_acquire a;
	struct loan_map *lm;
	uint64_t ts;
	size_t len;
	int err;

	if (!pace(o, *next))
		return 1;
	lm = loan_acquire(vfd, &a, &err);
	if (!lm)
		return err;
	ts = now_ns();
	if (dmabuf_begin_write(&lm->buf)) {
		err_msg("DMA_BUF_IOCTL_SYNC on a borrowed buffer: %s", strerror(errno));
		return -1;
	}
	len = pattern_render(&o->pattern, ff, lm->buf.map, a.length, *seq, ts,
			     !lm->painted);
	dmabuf_end_write(&lm->buf);
	if (!len) {
		err_msg("frame %llu does not fit in a borrowed buffer of %u bytes",
			(unsigned long long)*seq, a.length);
		return -1;
	}
	lm->painted = true;

	struct vcam_ioc_queue q = {
		.fd = -1,
		.index = a.index,
		.length = (uint32_t)len,
		.flags = VCAM_QUEUE_EXPORTED,
		.timestamp = ts,
		.cookie = a.cookie,
	};
	if (ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0) {
		if (errno == ESTALE) {
			/* the consumer stopped meanwhile: its buffers are gone */
			loans_forget_stale(a.reader, 0);
			return 0;
		}
		err_msg("VCAM_IOC_QUEUE of a borrowed buffer: %s", strerror(errno));
		return -1;
	}
	frames_exported++;
	(*seq)++;
	*next += period;
	ts = now_ns();
	if (ts > *next + 4 * period)
		*next = ts;
	return 1;
}

/*
 * Feed frames until stopped. @announce is printed (and flushed) once the
 * first frame is queued, so whoever waits for it finds a live picture.
 */
static int feed_loop(int vfd, struct create_opts *o, struct slot *slots,
		     const struct frame_format *ff, const char *announce)
{
	uint64_t period = (uint64_t)o->fps_den * 1000000000ull / o->fps_num;
	uint64_t seq = 0, next = now_ns();

	while (!stop_requested && (!o->count || seq < o->count)) {
		struct vcam_ioc_dequeue dq;
		struct slot *s = NULL;

		if (o->export) {
			int r = feed_exported(vfd, o, ff, &seq, &next, period);

			if (r < 0)
				return -1;
			if (r > 0) {
				if (seq == 1) {
					fputs(announce, stdout);
					fflush(stdout);
				}
				continue;
			}
		}

		/* take back every slot the camera released */
		for (;;) {
			memset(&dq, 0, sizeof(dq));
			if (ioctl(vfd, VCAM_IOC_DEQUEUE, &dq) < 0)
				break;
			if (dq.index < o->nr_frames)
				slots[dq.index].queued = false;
		}
		if (errno != EAGAIN && errno != EINTR) {
			err_msg("VCAM_IOC_DEQUEUE: %s", strerror(errno));
			return -1;
		}
		for (uint32_t i = 0; i < o->nr_frames && !s; i++)
			if (!slots[i].queued)
				s = &slots[i];
		if (!s) {
			struct pollfd pfd = { .fd = vfd, .events = POLLIN };

			if (poll(&pfd, 1, 1000) < 0 && errno != EINTR) {
				err_msg("poll %s: %s", VCAM_DEV, strerror(errno));
				return -1;
			}
			continue;
		}

		if (!pace(o, next))
			continue;

		uint64_t ts = now_ns();
		size_t len;
		int r;

		r = dmabuf_begin_write(&s->buf);
		if (r) {
			err_msg("DMA_BUF_IOCTL_SYNC start: %s", strerror(-r));
			return -1;
		}
		len = pattern_render(&o->pattern, ff, s->buf.map, s->length,
				     seq, ts, !s->painted);
		dmabuf_end_write(&s->buf);
		if (!len) {
			err_msg("frame %llu does not fit in %u bytes",
				(unsigned long long)seq, s->length);
			return -1;
		}
		s->painted = true;

		struct vcam_ioc_queue q = {
			.fd = s->buf.fd,
			.index = (uint32_t)(s - slots),
			.length = (uint32_t)len,
			.timestamp = ts,
		};
		if (ioctl(vfd, VCAM_IOC_QUEUE, &q) < 0) {
			if (errno == EINTR)
				continue;
			err_msg("VCAM_IOC_QUEUE slot %u: %s", q.index,
				strerror(errno));
			return -1;
		}
		s->queued = true;
		if (!seq) {
			fputs(announce, stdout);
			fflush(stdout);
		}
		seq++;
		next += period;
		/* after a stall, restart the clock instead of bursting */
		ts = now_ns();
		if (ts > next + 4 * period)
			next = ts;
	}
	return 0;
}

static void print_stats(int vfd)
{
	struct vcam_ioc_stats st = { 0 };

	if (ioctl(vfd, VCAM_IOC_STATS, &st) < 0) {
		err_msg("VCAM_IOC_STATS: %s", strerror(errno));
		return;
	}
	fprintf(stderr,
		"%s: queued %llu, delivered %llu, repeated %llu, copied %llu, "
		"zero-copy %llu, dropped %llu, errors %llu, bytes copied %llu "
		"(repeats %llu), exported %llu (rendered in place: %llu)\n", prog,
		(unsigned long long)st.queued, (unsigned long long)st.delivered,
		(unsigned long long)st.repeated, (unsigned long long)st.copied,
		(unsigned long long)st.zero_copy, (unsigned long long)st.dropped,
		(unsigned long long)st.errors,
		(unsigned long long)st.bytes_copied,
		(unsigned long long)st.repeat_bytes_copied,
		(unsigned long long)st.exported,
		(unsigned long long)frames_exported);
}

static int run_create(struct create_opts *o)
{
	struct vcam_ioc_querycap cap;
	struct dmabuf_allocator alloc = { .dev_fd = -1 };
	struct vcam_frame *frames = NULL;
	struct slot *slots = NULL;
	struct frame_format ff = { 0 };
	char why[512], name[64], fcc[5], line[256 + 80 * VCAM_MAX_READERS];
	int vfd, ret = EXIT_FAILURE;

	vfd = open_vcam(O_NONBLOCK);
	if (vfd < 0)
		return EXIT_FAILURE;
	if (query_caps(vfd, &cap))
		goto out;
	if (validate_create(o, &cap)) {
		ret = EXIT_USAGE;
		goto out;
	}

	if (dmabuf_allocator_open(&alloc, o->alloc, why, sizeof(why))) {
		err_msg("no DMA-BUF source: %s", why);
		goto out;
	}

	frames = calloc(o->nr_frames, sizeof(*frames));
	slots = calloc(o->nr_frames, sizeof(*slots));
	if (!frames || !slots) {
		err_msg("out of memory");
		goto out;
	}
	for (uint32_t i = 0; i < o->nr_frames; i++)
		slots[i].buf.fd = slots[i].buf.memfd = -1;

	struct vcam_ioc_create c = {
		.device_name = (uintptr_t)o->label,
		.width = o->width,
		.height = o->height,
		.pixelformat = o->fourcc,
		.flags = (o->have_device_nr ? VCAM_CREATE_DEVICE_NR : 0) |
			 (o->export ? VCAM_CREATE_EXPORT : 0),
		.device_nr = o->have_device_nr ? o->device_nr : 0,
		.nr_frames = o->nr_frames,
		.frames = (uintptr_t)frames,
		.fps_numerator = o->fps_num,
		.fps_denominator = o->fps_den,
		.nr_readers = o->nr_readers,
	};
	if (ioctl(vfd, VCAM_IOC_CREATE, &c) < 0) {
		int err = errno;

		explain_create_error(err, o, &cap);
		ret = err == EINVAL ? EXIT_USAGE : EXIT_FAILURE;
		goto out;
	}

	ff.fourcc = o->fourcc;
	ff.width = o->width;
	ff.height = o->height;
	frame_format_fill(&ff);
	if (o->fourcc == V4L2_PIX_FMT_MJPEG)
		ff.sizeimage = frames[0].length;
	else if (ff.sizeimage != frames[0].length) {
		err_msg("the driver reports %u bytes per frame, expected %zu",
			frames[0].length, ff.sizeimage);
		goto out;
	}
	if (pattern_prepare(&o->pattern, &ff, why, sizeof(why))) {
		err_msg("--pattern: %s", why);
		ret = EXIT_USAGE;
		goto out;
	}

	for (uint32_t i = 0; i < o->nr_frames; i++) {
		struct slot *s = &slots[frames[i].index < o->nr_frames ?
					frames[i].index : i];
		int r;

		s->length = frames[i].length;
		r = dmabuf_alloc(&alloc, s->length, &s->buf);
		if (r) {
			err_msg("allocating a %u-byte DMA-BUF from %s: %s",
				s->length, dmabuf_kind_name(alloc.kind),
				strerror(-r));
			goto out;
		}
	}

	snprintf(why, sizeof(why), "/sys/class/video4linux/video%u/name",
		 c.device_nr);
	read_sysfs_line(why, name, sizeof(name));
	snprintf(line, sizeof(line),
		 "%s: /dev/video%u \"%s\" %ux%u %s %u/%u frames=%u alloc=%s\n",
		 prog, c.device_nr, name[0] ? name : (o->label ? o->label : ""),
		 o->width, o->height,
		 o->fourcc == V4L2_PIX_FMT_MJPEG ? "MJPEG" : fourcc_str(o->fourcc, fcc),
		 o->fps_num, o->fps_den, o->nr_frames,
		 dmabuf_kind_name(alloc.kind));
	if (append_reader_lines(vfd, line, sizeof(line)))
		goto out;

	loans_init();
	if (!feed_loop(vfd, o, slots, &ff, line))
		ret = EXIT_SUCCESS;
	if (!o->quiet)
		print_stats(vfd);
out:
	for (int r = 0; r < VCAM_MAX_READERS; r++)
		for (int i = 0; i < LOAN_BUFS; i++)
			if (loans[r][i].cookie)
				loan_unmap(&loans[r][i]);
	if (slots)
		for (uint32_t i = 0; i < o->nr_frames; i++)
			if (slots[i].buf.fd >= 0)
				dmabuf_free(&alloc, &slots[i].buf);
	free(slots);
	free(frames);
	pattern_release(&o->pattern);
	dmabuf_allocator_close(&alloc);
	close(vfd);
	return ret;
}

static int cmd_create(int argc, char **argv)
{
	enum { OPT_UNTHROTTLED = 256, OPT_DEVICE_NR, OPT_READERS, OPT_EXPORT };
	static const struct option longopts[] = {
		{ "label", required_argument, NULL, 'l' },
		{ "size", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "fps", required_argument, NULL, 'r' },
		{ "frames", required_argument, NULL, 'n' },
		{ "device-nr", required_argument, NULL, OPT_DEVICE_NR },
		{ "readers", required_argument, NULL, OPT_READERS },
		{ "pattern", required_argument, NULL, 'p' },
		{ "count", required_argument, NULL, 'c' },
		{ "alloc", required_argument, NULL, 'a' },
		{ "unthrottled", no_argument, NULL, OPT_UNTHROTTLED },
		{ "export", no_argument, NULL, OPT_EXPORT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct create_opts o = {
		.width = 1280, .height = 720, .fourcc = V4L2_PIX_FMT_YUYV,
		.fps_num = 30, .fps_den = 1, .nr_frames = DEFAULT_FRAMES,
		.alloc = DMABUF_AUTO,
	};
	uint32_t count;
	int opt, k;

	pattern_parse("bars", &o.pattern);
	while ((opt = getopt_long(argc, argv, "l:s:f:r:n:p:c:a:qh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'l':
			if (strlen(optarg) >= VCAM_LABEL_MAX) {
				err_msg("--label: at most %d characters",
					VCAM_LABEL_MAX - 1);
				return EXIT_USAGE;
			}
			for (const char *p = optarg; *p; p++)
				if (*p < 32 || *p > 126) {
					err_msg("--label: printable ASCII characters only");
					return EXIT_USAGE;
				}
			o.label = optarg;
			break;
		case 's':
			if (!parse_pair(optarg, 'x', &o.width, &o.height, false)) {
				err_msg("--size %s: expected WIDTHxHEIGHT, e.g. 1280x720",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'f':
			if (parse_fourcc(optarg, &o.fourcc)) {
				err_msg("--format %s: expected YUYV, NV12 or MJPEG",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			if (!parse_pair(optarg, '/', &o.fps_num, &o.fps_den, true) ||
			    !o.fps_num || !o.fps_den) {
				err_msg("--fps %s: expected a frame rate such as 30 or 30000/1001",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			if (!parse_u32(optarg, &o.nr_frames)) {
				err_msg("--frames %s: expected a number", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_DEVICE_NR:
			if (!parse_u32(optarg, &o.device_nr)) {
				err_msg("--device-nr %s: expected a number", optarg);
				return EXIT_USAGE;
			}
			o.have_device_nr = true;
			break;
		case OPT_READERS:
			if (!parse_u32(optarg, &o.nr_readers) || !o.nr_readers) {
				err_msg("--readers %s: expected a number of capture nodes, 1 or more",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'p':
			if (pattern_parse(optarg, &o.pattern)) {
				err_msg("--pattern %s: expected bars, counter, black or file:PATH",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			if (!parse_u32(optarg, &count) || !count) {
				err_msg("--count %s: expected a positive number", optarg);
				return EXIT_USAGE;
			}
			o.count = count;
			break;
		case 'a':
			k = dmabuf_kind_parse(optarg);
			if (k < 0) {
				err_msg("--alloc %s: expected udmabuf, heap, vgem or auto",
					optarg);
				return EXIT_USAGE;
			}
			o.alloc = (enum dmabuf_kind)k;
			break;
		case OPT_UNTHROTTLED:
			o.unthrottled = true;
			break;
		case OPT_EXPORT:
			o.export = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		err_msg("create: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	install_signals();
	return run_create(&o);
}

/* ---- caps ---------------------------------------------------------- */

static int cmd_caps(void)
{
	static const char *const cap_names[] = {
		"dmabuf-import", "zero-copy", "stats", "wait-timeout", "export",
		"readers", "output", "placeholder",
	};
	struct vcam_ioc_querycap cap;
	char fcc[5];
	int fd = open_vcam(0);

	if (fd < 0)
		return EXIT_FAILURE;
	if (query_caps(fd, &cap)) {
		close(fd);
		return EXIT_FAILURE;
	}
	close(fd);
	printf("api version:      %u\n", cap.version);
	printf("capabilities:     0x%08x", cap.caps);
	for (unsigned int i = 0; i < 32; i++)
		if (cap.caps & (1U << i))
			printf(" %s", i < sizeof(cap_names) / sizeof(cap_names[0]) ?
			       cap_names[i] : "?");
	printf("\nformats:         ");
	for (uint32_t i = 0; i < cap.nr_formats && i < VCAM_MAX_FORMATS; i++)
		printf(" %s", fourcc_str(cap.formats[i], fcc));
	printf("\nframe size:       %ux%u to %ux%u\n", cap.min_width,
	       cap.min_height, cap.max_width, cap.max_height);
	printf("frames per camera: %u to %u\n", cap.min_frames, cap.max_frames);
	printf("frame rate:       1 to %u fps\n", cap.max_fps);
	printf("cameras per user: %u\n", cap.max_cameras);
	if (cap.caps & VCAM_CAP_READERS)
		printf("readers:          1 to %u per camera (default %u)\n",
		       cap.max_readers, cap.default_readers);
	printf("bytes per camera: %llu\n", (unsigned long long)cap.max_camera_bytes);
	return EXIT_SUCCESS;
}

/* ---- list / info --------------------------------------------------- */

struct node_info {
	struct v4l2_capability cap;
	struct v4l2_format fmt;
	struct v4l2_streamparm parm;
	bool have_fmt, have_parm;
};

static int query_node(const char *dev, struct node_info *ni, bool verbose)
{
	int fd = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	memset(ni, 0, sizeof(*ni));
	if (fd < 0) {
		if (verbose)
			err_msg("%s: %s%s", dev, strerror(errno),
				errno == EACCES ? " (join the video group)" : "");
		return -1;
	}
	if (ioctl(fd, VIDIOC_QUERYCAP, &ni->cap) < 0) {
		if (verbose)
			err_msg("%s: VIDIOC_QUERYCAP: %s", dev, strerror(errno));
		close(fd);
		return -1;
	}
	ni->fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	ni->have_fmt = !ioctl(fd, VIDIOC_G_FMT, &ni->fmt);
	ni->parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	ni->have_parm = !ioctl(fd, VIDIOC_G_PARM, &ni->parm) &&
			ni->parm.parm.capture.timeperframe.numerator;
	close(fd);
	return 0;
}

static void format_summary(const struct node_info *ni, char *buf, size_t len)
{
	const struct v4l2_pix_format *pix = &ni->fmt.fmt.pix;
	const struct v4l2_fract *tpf = &ni->parm.parm.capture.timeperframe;
	char fcc[5];
	int n;

	if (!ni->have_fmt) {
		snprintf(buf, len, "?");
		return;
	}
	n = snprintf(buf, len, "%ux%u %s", pix->width, pix->height,
		     fourcc_str(pix->pixelformat, fcc));
	if (ni->have_parm && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " %u/%u fps",
			 tpf->denominator, tpf->numerator);
}

/* Is /sys/class/video4linux/<name> a vcam node? Checks the sysfs driver. */
static bool sysfs_is_vcam(const char *name)
{
	char path[300], target[PATH_MAX];
	const char *paths[] = { "device/driver", "device/device/driver" };

	for (size_t i = 0; i < 2; i++) {
		ssize_t n;

		snprintf(path, sizeof(path), "/sys/class/video4linux/%s/%s",
			 name, paths[i]);
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		const char *base = strrchr(target, '/');

		if (!strcmp(base ? base + 1 : target, "vcam"))
			return true;
	}
	return false;
}

/* Owner of a camera from /sys/class/misc/vcam/cameras: "<id> videoN <uid> <label>". */
static void read_owner(const char *name, char *buf, size_t len)
{
	FILE *fp = fopen("/sys/class/misc/vcam/cameras", "r");
	char line[256], node[64];
	unsigned int uid;
	int id;

	buf[0] = '\0';
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "%d %63s %u", &id, node, &uid) == 3 &&
		    !strcmp(node, name)) {
			snprintf(buf, len, "%u", uid);
			break;
		}
	fclose(fp);
}

static int cmp_video(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return atoi(x + 5) - atoi(y + 5);
}

static int cmd_list(void)
{
	DIR *dir = opendir("/sys/class/video4linux");
	struct dirent *de;
	char *names[256];
	int n = 0, found = 0;

	if (!dir) {
		if (errno != ENOENT) {
			err_msg("/sys/class/video4linux: %s", strerror(errno));
			return EXIT_FAILURE;
		}
		fprintf(stderr, "%s: no vcam cameras%s\n", prog,
			access(VCAM_DEV, F_OK) ? " (is the vcam module loaded? sudo modprobe vcam)" : "");
		return EXIT_SUCCESS;
	}
	while ((de = readdir(dir)) && n < 256)
		if (!strncmp(de->d_name, "video", 5))
			names[n++] = strdup(de->d_name);
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), cmp_video);

	for (int i = 0; i < n; i++) {
		char dev[300], path[300], label[64], fmt[64], uid[32];
		struct node_info ni;
		bool vcam = sysfs_is_vcam(names[i]);

		snprintf(dev, sizeof(dev), "/dev/%s", names[i]);
		if (!query_node(dev, &ni, false))
			vcam |= !strcmp((char *)ni.cap.driver, "vcam");
		else
			ni.have_fmt = false;
		if (!vcam) {
			free(names[i]);
			continue;
		}
		snprintf(path, sizeof(path), "/sys/class/video4linux/%s/name",
			 names[i]);
		read_sysfs_line(path, label, sizeof(label));
		format_summary(&ni, fmt, sizeof(fmt));
		read_owner(names[i], uid, sizeof(uid));
		printf("%s\t\"%s\"\t%s", dev, label, fmt);
		if (uid[0])
			printf("\tuid %s", uid);
		printf("\n");
		found++;
		free(names[i]);
	}
	if (!found)
		fprintf(stderr, "%s: no vcam cameras%s\n", prog,
			access(VCAM_DEV, F_OK) ? " (is the vcam module loaded? sudo modprobe vcam)" : "");
	return EXIT_SUCCESS;
}

static int cmd_info(const char *dev)
{
	struct node_info ni;
	const struct v4l2_pix_format *pix = &ni.fmt.fmt.pix;
	char fcc[5];

	if (query_node(dev, &ni, true))
		return EXIT_FAILURE;
	printf("device:       %s\n", dev);
	printf("driver:       %s\n", ni.cap.driver);
	printf("card:         %s\n", ni.cap.card);
	printf("bus info:     %s\n", ni.cap.bus_info);
	printf("version:      %u.%u.%u\n", ni.cap.version >> 16,
	       (ni.cap.version >> 8) & 0xff, ni.cap.version & 0xff);
	printf("capabilities: 0x%08x\n", ni.cap.capabilities);
	printf("device caps:  0x%08x%s%s%s\n", ni.cap.device_caps,
	       ni.cap.device_caps & V4L2_CAP_VIDEO_CAPTURE ? " capture" : "",
	       ni.cap.device_caps & V4L2_CAP_STREAMING ? " streaming" : "",
	       ni.cap.device_caps & V4L2_CAP_READWRITE ? " read/write" : "");
	if (ni.have_fmt) {
		printf("format:       %ux%u %s, %u bytes per line, %u bytes per image, colorspace %u\n",
		       pix->width, pix->height,
		       fourcc_str(pix->pixelformat, fcc), pix->bytesperline,
		       pix->sizeimage, pix->colorspace);
	}
	if (ni.have_parm)
		printf("frame rate:   %u/%u fps\n",
		       ni.parm.parm.capture.timeperframe.denominator,
		       ni.parm.parm.capture.timeperframe.numerator);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_SUCCESS;
	}
	if (!strcmp(argv[1], "create"))
		return cmd_create(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list") && argc == 2)
		return cmd_list();
	if (!strcmp(argv[1], "caps") && argc == 2)
		return cmd_caps();
	if (!strcmp(argv[1], "info") && argc == 3)
		return cmd_info(argv[2]);
	err_msg("unknown command or wrong arguments: %s", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
