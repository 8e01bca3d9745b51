/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * vcam-counter.h - the machine-readable stamp of vcamctl's "counter" pattern.
 *
 * Shared by the producer (vcamctl --pattern counter), the consumer checker
 * (test/tools/counter-check) and benchmarks. Header only, no dependencies.
 *
 * The stamp is a 24-byte record, all integers little-endian:
 *
 *	offset  size  field
 *	0       4     magic  "VCNT" (0x56 0x43 0x4e 0x54)
 *	4       8     seq    frame sequence number, 0 for the first queued frame
 *	12      8     ts_ns  CLOCK_MONOTONIC nanoseconds at VCAM_IOC_QUEUE time
 *			     (the same value is passed in vcam_ioc_queue.timestamp)
 *	20      4     check  FNV-1a 32-bit hash of bytes 0..19
 *
 * Raw formats (YUYV, NV12): the record is written into the *luma samples*
 * of the frame, one record byte per luma sample, taken in raster order
 * (line 0 left to right, then line 1, ...). For YUYV the luma samples are
 * the even bytes of each line; for NV12 they are the bytes of the Y plane.
 * Chroma is left untouched (neutral 128), so the stamp survives any path
 * that keeps the pixels bit-exact. The record is written VCAM_COUNTER_COPIES
 * times back to back (luma samples 0..23, 24..47, ...); a reader takes the
 * first copy whose check matches. Frames need at least
 * VCAM_COUNTER_COPIES * 24 = 48 luma samples (width * height >= 48).
 *
 * MJPEG: the record is the payload of a COM (0xFFFE) segment right after
 * SOI: FF D8 FF FE 00 1A <24-byte record>. A reader scans the JPEG's marker
 * segments up to SOS for a COM segment of length 26 whose payload starts
 * with the magic.
 */
#ifndef VCAM_COUNTER_H
#define VCAM_COUNTER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define VCAM_COUNTER_MAGIC	"VCNT"
#define VCAM_COUNTER_LEN	24
#define VCAM_COUNTER_COPIES	2
#define VCAM_COUNTER_JPEG_COM_OFFSET 6	/* payload offset after SOI + COM hdr */

struct vcam_counter {
	uint64_t seq;
	uint64_t ts_ns;
};

static inline uint32_t vcam_counter_hash(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--) {
		h ^= *p++;
		h *= 16777619u;
	}
	return h;
}

static inline void vcam_counter_put_le(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t vcam_counter_get_le(const uint8_t *p, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Serialise @c into the 24-byte record @rec. */
static inline void vcam_counter_encode(uint8_t rec[VCAM_COUNTER_LEN],
				       const struct vcam_counter *c)
{
	memcpy(rec, VCAM_COUNTER_MAGIC, 4);
	vcam_counter_put_le(rec + 4, c->seq, 8);
	vcam_counter_put_le(rec + 12, c->ts_ns, 8);
	vcam_counter_put_le(rec + 20, vcam_counter_hash(rec, 20), 4);
}

/* Parse a 24-byte record; returns 0 when valid, -1 otherwise. */
static inline int vcam_counter_decode(const uint8_t rec[VCAM_COUNTER_LEN],
				      struct vcam_counter *c)
{
	if (memcmp(rec, VCAM_COUNTER_MAGIC, 4))
		return -1;
	if (vcam_counter_get_le(rec + 20, 4) != vcam_counter_hash(rec, 20))
		return -1;
	c->seq = vcam_counter_get_le(rec + 4, 8);
	c->ts_ns = vcam_counter_get_le(rec + 12, 8);
	return 0;
}

/*
 * Address of luma sample @i of a raw frame. @yuyv selects YUYV (luma at
 * even bytes) over NV12 (Y plane). @bpl is the line stride in bytes.
 */
static inline size_t vcam_counter_luma_offset(size_t i, unsigned int width,
					      unsigned int bpl, int yuyv)
{
	size_t line = i / width, x = i % width;

	return line * bpl + (yuyv ? 2 * x : x);
}

/* Stamp @c into a raw frame (@width x @height, stride @bpl). */
static inline int vcam_counter_stamp_raw(uint8_t *frame, unsigned int width,
					 unsigned int height, unsigned int bpl,
					 int yuyv, const struct vcam_counter *c)
{
	uint8_t rec[VCAM_COUNTER_LEN];

	if ((size_t)width * height < VCAM_COUNTER_LEN * VCAM_COUNTER_COPIES)
		return -1;
	vcam_counter_encode(rec, c);
	for (size_t i = 0; i < VCAM_COUNTER_LEN * VCAM_COUNTER_COPIES; i++)
		frame[vcam_counter_luma_offset(i, width, bpl, yuyv)] =
			rec[i % VCAM_COUNTER_LEN];
	return 0;
}

/* Read the stamp of a raw frame; 0 on success, -1 when no copy is valid. */
static inline int vcam_counter_read_raw(const uint8_t *frame,
					unsigned int width, unsigned int height,
					unsigned int bpl, int yuyv,
					struct vcam_counter *c)
{
	uint8_t rec[VCAM_COUNTER_LEN];

	if ((size_t)width * height < VCAM_COUNTER_LEN * VCAM_COUNTER_COPIES)
		return -1;
	for (int copy = 0; copy < VCAM_COUNTER_COPIES; copy++) {
		for (size_t i = 0; i < VCAM_COUNTER_LEN; i++)
			rec[i] = frame[vcam_counter_luma_offset(
				copy * VCAM_COUNTER_LEN + i, width, bpl, yuyv)];
		if (!vcam_counter_decode(rec, c))
			return 0;
	}
	return -1;
}

/*
 * Find the stamp in a JPEG of @len bytes: walk the marker segments from SOI
 * up to SOS. Returns 0 on success, -1 when the JPEG carries no valid stamp.
 */
static inline int vcam_counter_read_jpeg(const uint8_t *jpg, size_t len,
					 struct vcam_counter *c)
{
	size_t pos = 2;

	if (len < 4 || jpg[0] != 0xff || jpg[1] != 0xd8)
		return -1;
	while (pos + 4 <= len) {
		uint8_t marker;
		size_t seglen;

		if (jpg[pos] != 0xff)
			return -1;
		marker = jpg[pos + 1];
		if (marker == 0xff) {		/* fill byte */
			pos++;
			continue;
		}
		if (marker == 0xda || marker == 0xd9)	/* SOS, EOI */
			return -1;
		seglen = (size_t)jpg[pos + 2] << 8 | jpg[pos + 3];
		if (seglen < 2 || pos + 2 + seglen > len)
			return -1;
		if (marker == 0xfe && seglen == 2 + VCAM_COUNTER_LEN &&
		    !vcam_counter_decode(jpg + pos + 4, c))
			return 0;
		pos += 2 + seglen;
	}
	return -1;
}

#endif /* VCAM_COUNTER_H */
