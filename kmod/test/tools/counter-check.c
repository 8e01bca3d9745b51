// SPDX-License-Identifier: GPL-2.0+
/*
 * counter-check - verify frames of vcamctl's counter pattern.
 *
 *   counter-check --size WxH --format YUYV|NV12|MJPEG [options] [FILE|-]
 *
 * Reads captured frames (raw frames of exactly one image each, or a stream
 * of concatenated JPEGs) and checks the stamps described in
 * tools/vcam-counter.h: sequence numbers never go backwards, timestamps grow
 * with them, and after the first stamped frame every frame carries a stamp.
 * Frames before the first stamp are "blank" (the camera shows black until
 * the producer's first frame). Prints one summary line; exits 0 when all
 * checks pass, 1 when one fails, 2 on usage errors.
 *
 * Options:
 *   --bytesperline N   line stride of raw frames (default: tight)
 *   --min-frames N     fail unless at least N frames were read (default 1)
 *   --min-distinct N   fail unless N different sequence numbers were seen
 *   --max-repeats N    fail if more than N frames repeat the previous seq
 *   --max-lost N       fail if more than N sequence numbers were skipped
 *   --max-blank N      fail if more than N leading frames lack a stamp
 *   --min-fps F        fail if the distinct frames came at less than F per
 *                      second of the producer's clock (their stamps): a
 *                      consumer that misses frames falls below the rate
 *
 * The summary ends with that rate ("F fps"; 0 with fewer than two distinct
 * frames).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/videodev2.h>

#include "../../tools/patterns.h"
#include "../../tools/vcam-counter.h"

struct limits {
	uint64_t min_frames, min_distinct;
	uint64_t max_repeats, max_lost, max_blank;
	double min_fps;
};

struct result {
	uint64_t frames, stamped, blank, bad, repeats, lost, reordered,
		 distinct, ts_errors;
	uint64_t first_seq, last_seq, first_ts, last_ts;
	bool have_seq;
	uint64_t first_bad;	/* frame number of the first failure */
	const char *first_bad_why;
};

static void note_bad(struct result *r, const char *why)
{
	if (!r->first_bad_why) {
		r->first_bad = r->frames;
		r->first_bad_why = why;
	}
}

static void account(struct result *r, const struct vcam_counter *c, bool ok)
{
	r->frames++;
	if (!ok) {
		if (r->have_seq) {
			r->bad++;
			note_bad(r, "frame without a valid stamp after stamped frames");
		} else {
			r->blank++;
		}
		return;
	}
	r->stamped++;
	if (!r->have_seq) {
		r->have_seq = true;
		r->first_seq = c->seq;
		r->first_ts = c->ts_ns;
		r->distinct = 1;
	} else if (c->seq == r->last_seq) {
		r->repeats++;
		if (c->ts_ns != r->last_ts) {
			r->ts_errors++;
			note_bad(r, "same sequence number with a different timestamp");
		}
		return;
	} else if (c->seq < r->last_seq) {
		r->reordered++;
		note_bad(r, "sequence number went backwards");
	} else {
		r->lost += c->seq - r->last_seq - 1;
		r->distinct++;
		if (c->ts_ns <= r->last_ts) {
			r->ts_errors++;
			note_bad(r, "timestamp did not grow with the sequence number");
		}
	}
	r->last_seq = c->seq;
	r->last_ts = c->ts_ns;
}

static int check_raw(FILE *in, const struct frame_format *f, struct result *r)
{
	uint8_t *frame = malloc(f->sizeimage);
	bool yuyv = f->fourcc == V4L2_PIX_FMT_YUYV;
	size_t n;

	if (!frame)
		return -1;
	while ((n = fread(frame, 1, f->sizeimage, in)) == f->sizeimage) {
		struct vcam_counter c;
		bool ok = !vcam_counter_read_raw(frame, f->width, f->height,
						 f->bytesperline, yuyv, &c);

		account(r, &c, ok);
	}
	free(frame);
	if (n) {
		fprintf(stderr, "counter-check: trailing %zu bytes (not a whole frame of %zu)\n",
			n, f->sizeimage);
		note_bad(r, "truncated last frame");
		r->bad++;
	}
	return 0;
}

static uint8_t *slurp(FILE *in, size_t *len)
{
	size_t cap = 1 << 20, n;
	uint8_t *buf = NULL, *nbuf;

	*len = 0;
	do {
		if (!buf || *len == cap) {
			cap = buf ? cap * 2 : cap;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				return NULL;
			}
			buf = nbuf;
		}
		n = fread(buf + *len, 1, cap - *len, in);
		*len += n;
	} while (n);
	return buf;
}

/* End of the JPEG starting at @p (just past EOI), or 0 if malformed. */
static size_t jpeg_length(const uint8_t *p, size_t len)
{
	size_t pos = 2;

	while (pos + 2 <= len) {
		uint8_t m;
		size_t seg;

		if (p[pos] != 0xff)
			return 0;
		m = p[pos + 1];
		if (m == 0xff) {
			pos++;
			continue;
		}
		if (m == 0xd9)
			return pos + 2;
		if (pos + 4 > len)
			return 0;
		seg = (size_t)p[pos + 2] << 8 | p[pos + 3];
		pos += 2 + seg;
		if (m != 0xda)
			continue;
		/* entropy-coded data: runs to the next marker that is not
		 * a stuffed 0xFF00 or a restart marker */
		while (pos + 1 < len) {
			if (p[pos] == 0xff && p[pos + 1] != 0 &&
			    !(p[pos + 1] >= 0xd0 && p[pos + 1] <= 0xd7) &&
			    p[pos + 1] != 0xff)
				break;
			pos++;
		}
	}
	return 0;
}

static int check_mjpeg(FILE *in, struct result *r)
{
	size_t len, pos = 0;
	uint8_t *buf = slurp(in, &len);

	if (!buf)
		return -1;
	while (pos + 4 <= len) {
		struct vcam_counter c;
		size_t n;

		if (buf[pos] != 0xff || buf[pos + 1] != 0xd8) {
			pos++;		/* padding between frames */
			continue;
		}
		n = jpeg_length(buf + pos, len - pos);
		if (!n) {
			r->frames++;
			r->bad++;
			note_bad(r, "malformed JPEG");
			break;
		}
		account(r, &c, !vcam_counter_read_jpeg(buf + pos, n, &c));
		pos += n;
	}
	free(buf);
	return 0;
}

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return *s && *s != '-' && !*end && !errno;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "bytesperline", required_argument, NULL, 'b' },
		{ "min-frames", required_argument, NULL, 'm' },
		{ "min-distinct", required_argument, NULL, 'd' },
		{ "max-repeats", required_argument, NULL, 'r' },
		{ "max-lost", required_argument, NULL, 'l' },
		{ "max-blank", required_argument, NULL, 'k' },
		{ "min-fps", required_argument, NULL, 'F' },
		{ 0 }
	};
	struct limits lim = { .min_frames = 1, .max_repeats = UINT64_MAX,
			      .max_lost = UINT64_MAX, .max_blank = UINT64_MAX };
	struct frame_format f = { 0 };
	struct result r = { 0 };
	uint64_t v;
	FILE *in = stdin;
	int opt, fail = 0;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		bool ok = true;

		switch (opt) {
		case 's':
			ok = sscanf(optarg, "%ux%u", &f.width, &f.height) == 2;
			break;
		case 'f':
			if (!strcasecmp(optarg, "YUYV"))
				f.fourcc = V4L2_PIX_FMT_YUYV;
			else if (!strcasecmp(optarg, "NV12"))
				f.fourcc = V4L2_PIX_FMT_NV12;
			else if (!strcasecmp(optarg, "MJPEG"))
				f.fourcc = V4L2_PIX_FMT_MJPEG;
			else
				ok = false;
			break;
		case 'b':
			ok = parse_u64(optarg, &v) && v <= UINT32_MAX;
			f.bytesperline = (unsigned int)v;
			break;
		case 'm':
			ok = parse_u64(optarg, &lim.min_frames);
			break;
		case 'd':
			ok = parse_u64(optarg, &lim.min_distinct);
			break;
		case 'r':
			ok = parse_u64(optarg, &lim.max_repeats);
			break;
		case 'l':
			ok = parse_u64(optarg, &lim.max_lost);
			break;
		case 'k':
			ok = parse_u64(optarg, &lim.max_blank);
			break;
		case 'F': {
			char *end;

			lim.min_fps = strtod(optarg, &end);
			ok = *optarg && !*end && lim.min_fps >= 0;
			break;
		}
		default:
			ok = false;
		}
		if (!ok) {
			fprintf(stderr, "usage: counter-check --size WxH --format YUYV|NV12|MJPEG "
				"[--bytesperline N] [--min-frames N] [--min-distinct N] "
				"[--max-repeats N] [--max-lost N] [--max-blank N] [--min-fps F] "
				"[FILE|-]\n");
			return 2;
		}
	}
	if (!f.fourcc || !f.width || !f.height) {
		fprintf(stderr, "counter-check: --size and --format are required\n");
		return 2;
	}
	if (!frame_format_fill(&f) && f.fourcc != V4L2_PIX_FMT_MJPEG) {
		fprintf(stderr, "counter-check: bad frame geometry\n");
		return 2;
	}
	if (optind < argc && strcmp(argv[optind], "-")) {
		in = fopen(argv[optind], "rb");
		if (!in) {
			fprintf(stderr, "counter-check: %s: %s\n", argv[optind],
				strerror(errno));
			return 1;
		}
	}
	if ((f.fourcc == V4L2_PIX_FMT_MJPEG ? check_mjpeg(in, &r) :
	     check_raw(in, &f, &r))) {
		fprintf(stderr, "counter-check: out of memory\n");
		return 1;
	}

	double fps = r.distinct > 1 && r.last_ts > r.first_ts ?
		     (double)(r.distinct - 1) * 1e9 / (double)(r.last_ts - r.first_ts) : 0;

	printf("counter-check: %llu frames, %llu stamped, seq %llu..%llu, %llu distinct, "
	       "%llu repeated, %llu lost, %llu reordered, %llu blank, %llu bad, %.1f fps\n",
	       (unsigned long long)r.frames, (unsigned long long)r.stamped,
	       (unsigned long long)r.first_seq, (unsigned long long)r.last_seq,
	       (unsigned long long)r.distinct, (unsigned long long)r.repeats,
	       (unsigned long long)r.lost, (unsigned long long)r.reordered,
	       (unsigned long long)r.blank, (unsigned long long)r.bad, fps);
	if (r.first_bad_why) {
		printf("counter-check: FAIL: frame %llu: %s\n",
		       (unsigned long long)r.first_bad, r.first_bad_why);
		fail = 1;
	}
#define LIMIT(cond, ...) do { if (cond) { printf("counter-check: FAIL: " __VA_ARGS__); fail = 1; } } while (0)
	LIMIT(r.frames < lim.min_frames, "%llu frames, expected at least %llu\n",
	      (unsigned long long)r.frames, (unsigned long long)lim.min_frames);
	LIMIT(!r.stamped, "no frame carries a counter stamp\n");
	LIMIT(r.distinct < lim.min_distinct, "%llu distinct frames, expected at least %llu\n",
	      (unsigned long long)r.distinct, (unsigned long long)lim.min_distinct);
	LIMIT(r.repeats > lim.max_repeats, "%llu repeated frames, at most %llu allowed\n",
	      (unsigned long long)r.repeats, (unsigned long long)lim.max_repeats);
	LIMIT(r.lost > lim.max_lost, "%llu lost frames, at most %llu allowed\n",
	      (unsigned long long)r.lost, (unsigned long long)lim.max_lost);
	LIMIT(fps < lim.min_fps, "%.1f distinct frames per second, expected at least %.1f\n",
	      fps, lim.min_fps);
	LIMIT(r.blank > lim.max_blank, "%llu leading blank frames, at most %llu allowed\n",
	      (unsigned long long)r.blank, (unsigned long long)lim.max_blank);
#undef LIMIT
	return fail;
}
