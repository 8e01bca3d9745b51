// SPDX-License-Identifier: GPL-2.0+
/*
 * patterns.c - frames for vcamctl.
 *
 * Raw frames use Rec. 709 limited-range YCbCr (the camera's default
 * colorspace); MJPEG frames are baseline JFIF-style JPEGs (full-range
 * BT.601, 4:2:0) produced by a tiny DC-only encoder: every 8x8 block is
 * flat, which is all colour bars need. Generated JPEGs carry the counter
 * stamp in a COM segment right after SOI (see vcam-counter.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/videodev2.h>

#include "patterns.h"
#include "vcam-counter.h"

#define NR_BARS 8

struct ycbcr {
	uint8_t y, cb, cr;
};

/* white, yellow, cyan, green, magenta, red, blue, black (75% not needed) */
static const uint8_t bar_rgb[NR_BARS][3] = {
	{ 255, 255, 255 }, { 255, 255, 0 }, { 0, 255, 255 }, { 0, 255, 0 },
	{ 255, 0, 255 }, { 255, 0, 0 }, { 0, 0, 255 }, { 0, 0, 0 },
};

static uint8_t clamp8(double v)
{
	return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)(v + 0.5);
}

/* Rec. 709, limited range: for YUYV and NV12. */
static struct ycbcr bar_709(int i)
{
	double r = bar_rgb[i][0] / 255.0, g = bar_rgb[i][1] / 255.0,
	       b = bar_rgb[i][2] / 255.0;
	double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;

	return (struct ycbcr){
		clamp8(16 + 219 * y),
		clamp8(128 + 224 * (b - y) / 1.8556),
		clamp8(128 + 224 * (r - y) / 1.5748),
	};
}

/* BT.601, full range: JFIF. */
static struct ycbcr bar_601_full(int i)
{
	double r = bar_rgb[i][0], g = bar_rgb[i][1], b = bar_rgb[i][2];

	return (struct ycbcr){
		clamp8(0.299 * r + 0.587 * g + 0.114 * b),
		clamp8(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
		clamp8(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
	};
}

/* Bar under column @x when the bars are shifted left by @shift pixels. */
static int bar_at(unsigned int x, unsigned int width, unsigned int shift)
{
	return (int)((uint64_t)((x + shift) % width) * NR_BARS / width);
}

size_t frame_format_fill(struct frame_format *f)
{
	if (!f->width || !f->height)
		return 0;
	switch (f->fourcc) {
	case V4L2_PIX_FMT_YUYV:
		if (!f->bytesperline)
			f->bytesperline = f->width * 2;
		f->sizeimage = (size_t)f->bytesperline * f->height;
		break;
	case V4L2_PIX_FMT_NV12:
		if (!f->bytesperline)
			f->bytesperline = f->width;
		f->sizeimage = (size_t)f->bytesperline * f->height * 3 / 2;
		break;
	case V4L2_PIX_FMT_MJPEG:
		f->bytesperline = 0;
		break;
	default:
		return 0;
	}
	return f->sizeimage;
}

/* ---- raw frames ---------------------------------------------------- */

static void paint_raw(const struct frame_format *f, uint8_t *dst,
		      unsigned int shift, int black)
{
	unsigned int w = f->width, h = f->height, bpl = f->bytesperline;
	struct ycbcr bars[NR_BARS];

	for (int i = 0; i < NR_BARS; i++)
		bars[i] = black ? (struct ycbcr){ 16, 128, 128 } : bar_709(i);

	if (f->fourcc == V4L2_PIX_FMT_YUYV) {
		for (unsigned int x = 0; x + 1 < w; x += 2) {
			struct ycbcr c = bars[bar_at(x, w, shift)];
			uint8_t *p = dst + 2 * x;

			p[0] = c.y;
			p[1] = c.cb;
			p[2] = bars[bar_at(x + 1, w, shift)].y;
			p[3] = c.cr;
		}
		for (unsigned int y = 1; y < h; y++)
			memcpy(dst + (size_t)y * bpl, dst, (size_t)w * 2);
		return;
	}

	/* NV12: Y plane, then interleaved CbCr at half resolution */
	for (unsigned int x = 0; x < w; x++)
		dst[x] = bars[bar_at(x, w, shift)].y;
	for (unsigned int y = 1; y < h; y++)
		memcpy(dst + (size_t)y * bpl, dst, w);
	uint8_t *uv = dst + (size_t)bpl * h;

	for (unsigned int x = 0; x + 1 < w; x += 2) {
		struct ycbcr c = bars[bar_at(x, w, shift)];

		uv[x] = c.cb;
		uv[x + 1] = c.cr;
	}
	for (unsigned int y = 1; y < h / 2; y++)
		memcpy(uv + (size_t)y * bpl, uv, w);
}

/* ---- MJPEG: a DC-only baseline encoder ----------------------------- */

struct bitwriter {
	uint8_t *buf;
	size_t cap, len;
	uint32_t acc;
	int nbits;
	int overflow;
};

static void put_byte(struct bitwriter *bw, uint8_t b)
{
	if (bw->len >= bw->cap) {
		bw->overflow = 1;
		return;
	}
	bw->buf[bw->len++] = b;
}

static void put_bits(struct bitwriter *bw, uint32_t bits, int n)
{
	while (n--) {
		bw->acc = bw->acc << 1 | ((bits >> n) & 1);
		if (++bw->nbits == 8) {
			put_byte(bw, (uint8_t)bw->acc);
			if ((bw->acc & 0xff) == 0xff)
				put_byte(bw, 0);	/* byte stuffing */
			bw->acc = 0;
			bw->nbits = 0;
		}
	}
}

static void flush_bits(struct bitwriter *bw)
{
	while (bw->nbits)
		put_bits(bw, 1, 1);	/* pad with ones */
}

static void put_raw(struct bitwriter *bw, const uint8_t *p, size_t n)
{
	while (n--)
		put_byte(bw, *p++);
}

/*
 * Huffman tables: DC categories 0..11 all get 4-bit codes (code = category),
 * the AC table has the single symbol EOB (0x00) with the 1-bit code 0.
 */
static const uint8_t jpeg_headers_dqt_dht[] = {
	/* DQT: table 0, 8-bit, all ones */
	0xff, 0xdb, 0x00, 0x43, 0x00,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	/* DHT: DC table 0 */
	0xff, 0xc4, 0x00, 0x1f, 0x00,
	0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
	/* DHT: AC table 0 */
	0xff, 0xc4, 0x00, 0x14, 0x10,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x00,
};

static void encode_block(struct bitwriter *bw, int dc, int *pred)
{
	int diff = dc - *pred, mag = diff < 0 ? -diff : diff, cat = 0;

	*pred = dc;
	while (mag >> cat)
		cat++;
	put_bits(bw, (uint32_t)cat, 4);
	if (cat)
		put_bits(bw, (uint32_t)(diff < 0 ? diff + (1 << cat) - 1 : diff),
			 cat);
	put_bits(bw, 0, 1);	/* EOB */
}

/* DC coefficient of a flat 8x8 block of value @v (quantiser 1). */
static int flat_dc(uint8_t v)
{
	return 8 * ((int)v - 128);
}

/* Colour of the MCU column at @x: a bar, or black. */
static struct ycbcr jpeg_colour(const struct frame_format *f, unsigned int x,
				unsigned int shift, int black)
{
	if (black)
		return (struct ycbcr){ 0, 128, 128 };
	return bar_601_full(bar_at(x < f->width ? x : f->width - 1, f->width,
				   shift));
}

static size_t encode_jpeg(const struct frame_format *f, uint8_t *dst,
			  size_t cap, unsigned int shift, int black,
			  const struct vcam_counter *stamp)
{
	unsigned int w = f->width, h = f->height;
	unsigned int mcus_x = (w + 15) / 16, mcus_y = (h + 15) / 16;
	struct bitwriter bw = { .buf = dst, .cap = cap };
	uint8_t rec[VCAM_COUNTER_LEN];
	int pred[3] = { 0, 0, 0 };
	const uint8_t sof[] = {
		0xff, 0xc0, 0x00, 0x11, 8,
		(uint8_t)(h >> 8), (uint8_t)h, (uint8_t)(w >> 8), (uint8_t)w, 3,
		1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0,
	};
	const uint8_t sos[] = {
		0xff, 0xda, 0x00, 0x0c, 3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0,
	};
	const uint8_t com_hdr[] = { 0xff, 0xd8, 0xff, 0xfe, 0x00,
				    2 + VCAM_COUNTER_LEN };

	vcam_counter_encode(rec, stamp);
	put_raw(&bw, com_hdr, sizeof(com_hdr));
	put_raw(&bw, rec, sizeof(rec));
	put_raw(&bw, jpeg_headers_dqt_dht, sizeof(jpeg_headers_dqt_dht));
	put_raw(&bw, sof, sizeof(sof));
	put_raw(&bw, sos, sizeof(sos));

	for (unsigned int my = 0; my < mcus_y; my++) {
		for (unsigned int mx = 0; mx < mcus_x; mx++) {
			struct ycbcr c;

			for (int b = 0; b < 4; b++) {
				c = jpeg_colour(f, mx * 16 + (b & 1) * 8 + 4,
						shift, black);
				encode_block(&bw, flat_dc(c.y), &pred[0]);
			}
			c = jpeg_colour(f, mx * 16 + 8, shift, black);

			encode_block(&bw, flat_dc(c.cb), &pred[1]);
			encode_block(&bw, flat_dc(c.cr), &pred[2]);
		}
	}
	flush_bits(&bw);
	put_byte(&bw, 0xff);
	put_byte(&bw, 0xd9);
	return bw.overflow ? 0 : bw.len;
}

/* ---- the pattern interface ----------------------------------------- */

int pattern_parse(const char *spec, struct pattern *p)
{
	memset(p, 0, sizeof(*p));
	if (!strcmp(spec, "bars"))
		p->kind = PATTERN_BARS;
	else if (!strcmp(spec, "counter"))
		p->kind = PATTERN_COUNTER;
	else if (!strcmp(spec, "black"))
		p->kind = PATTERN_BLACK;
	else if (!strncmp(spec, "file:", 5) && spec[5]) {
		p->kind = PATTERN_FILE;
		p->path = spec + 5;
	} else {
		return -1;
	}
	return 0;
}

static int load_file(struct pattern *p, char *err, size_t err_len)
{
	FILE *fp = fopen(p->path, "rb");
	size_t cap = 1 << 20, len = 0, n;
	uint8_t *buf = NULL;

	if (!fp) {
		snprintf(err, err_len, "%s: %s", p->path, strerror(errno));
		return -1;
	}
	do {
		uint8_t *nbuf;

		if (!buf || len == cap) {
			cap = buf ? cap * 2 : cap;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				snprintf(err, err_len, "%s: out of memory",
					 p->path);
				goto fail;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n);
	if (ferror(fp)) {
		snprintf(err, err_len, "%s: read error", p->path);
		goto fail;
	}
	fclose(fp);
	p->data = buf;
	p->data_len = len;
	return 0;
fail:
	free(buf);
	fclose(fp);
	return -1;
}

int pattern_prepare(struct pattern *p, const struct frame_format *f,
		    char *err, size_t err_len)
{
	int mjpeg = f->fourcc == V4L2_PIX_FMT_MJPEG;

	if (p->kind == PATTERN_COUNTER && !mjpeg &&
	    (size_t)f->width * f->height < VCAM_COUNTER_LEN * VCAM_COUNTER_COPIES) {
		snprintf(err, err_len,
			 "--pattern counter needs width * height >= %d",
			 VCAM_COUNTER_LEN * VCAM_COUNTER_COPIES);
		return -1;
	}
	if (p->kind != PATTERN_FILE)
		return 0;
	if (load_file(p, err, err_len))
		return -1;
	if (mjpeg) {
		if (p->data_len < 4 || p->data[0] != 0xff || p->data[1] != 0xd8) {
			snprintf(err, err_len, "%s: not a JPEG file (no SOI marker)",
				 p->path);
			return -1;
		}
		if (p->data_len > f->sizeimage) {
			snprintf(err, err_len,
				 "%s: %zu bytes, larger than the camera's frame size %zu",
				 p->path, p->data_len, f->sizeimage);
			return -1;
		}
		p->frame_len = p->data_len;
		p->nr_frames = 1;
		return 0;
	}
	if (!p->data_len || p->data_len % f->sizeimage) {
		snprintf(err, err_len,
			 "%s: %zu bytes is not a whole number of %ux%u frames of %zu bytes",
			 p->path, p->data_len, f->width, f->height, f->sizeimage);
		return -1;
	}
	p->frame_len = f->sizeimage;
	p->nr_frames = p->data_len / f->sizeimage;
	return 0;
}

void pattern_release(struct pattern *p)
{
	free(p->data);
	p->data = NULL;
}

size_t pattern_render(struct pattern *p, const struct frame_format *f,
		      uint8_t *dst, size_t cap, uint64_t seq, uint64_t ts_ns,
		      int fresh)
{
	struct vcam_counter stamp = { .seq = seq, .ts_ns = ts_ns };
	int mjpeg = f->fourcc == V4L2_PIX_FMT_MJPEG;
	unsigned int shift = (unsigned int)((seq * 4) % f->width);

	switch (p->kind) {
	case PATTERN_FILE: {
		size_t n = p->frame_len;

		if (n > cap)
			return 0;
		memcpy(dst, p->data + (seq % p->nr_frames) * n, n);
		return n;
	}
	case PATTERN_BLACK:
		if (mjpeg)
			return encode_jpeg(f, dst, cap, 0, 1, &stamp);
		if (fresh)
			paint_raw(f, dst, 0, 1);
		return f->sizeimage;
	case PATTERN_BARS:
		if (mjpeg)
			return encode_jpeg(f, dst, cap, shift, 0, &stamp);
		paint_raw(f, dst, shift, 0);
		return f->sizeimage;
	case PATTERN_COUNTER:
		if (mjpeg) {
			/* static bars; only the COM payload changes */
			if (fresh || !p->jpeg_len)
				p->jpeg_len = encode_jpeg(f, dst, cap, 0, 0,
							  &stamp);
			else
				vcam_counter_encode(dst + VCAM_COUNTER_JPEG_COM_OFFSET,
						    &stamp);
			return p->jpeg_len;
		}
		if (fresh)
			paint_raw(f, dst, 0, 0);
		vcam_counter_stamp_raw(dst, f->width, f->height,
				       f->bytesperline,
				       f->fourcc == V4L2_PIX_FMT_YUYV, &stamp);
		return f->sizeimage;
	}
	return 0;
}
