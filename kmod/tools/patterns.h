/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * patterns.h - frames vcamctl feeds: colour bars, the counter stamp
 * (vcam-counter.h), black, or frames read from a file.
 */
#ifndef VCAM_PATTERNS_H
#define VCAM_PATTERNS_H

#include <stddef.h>
#include <stdint.h>

struct frame_format {
	uint32_t fourcc;	/* V4L2_PIX_FMT_YUYV, _NV12 or _MJPEG */
	unsigned int width;
	unsigned int height;
	unsigned int bytesperline; /* 0 for MJPEG */
	size_t sizeimage;	/* the slot length the driver reported */
};

enum pattern_kind {
	PATTERN_BARS,
	PATTERN_COUNTER,
	PATTERN_BLACK,
	PATTERN_FILE,
};

struct pattern {
	enum pattern_kind kind;
	const char *path;	/* PATTERN_FILE */
	uint8_t *data;		/* file contents or the JPEG template */
	size_t data_len;
	size_t frame_len;	/* bytes of one file frame */
	size_t nr_frames;	/* frames in the file */
	size_t jpeg_len;	/* PATTERN_COUNTER, MJPEG: the static JPEG */
};

/* Parse "bars", "counter", "black" or "file:PATH". 0 or -1. */
int pattern_parse(const char *spec, struct pattern *p);

/*
 * Check @p against the format and load what it needs. Returns 0, or -1 with
 * a message in @err.
 */
int pattern_prepare(struct pattern *p, const struct frame_format *f,
		    char *err, size_t err_len);
void pattern_release(struct pattern *p);

/*
 * Render frame @seq (queued at @ts_ns) into @dst of @cap bytes. @fresh says
 * the buffer's previous contents are unknown (static patterns then paint
 * everything; otherwise only what changes). Returns the payload length.
 */
size_t pattern_render(struct pattern *p, const struct frame_format *f,
		      uint8_t *dst, size_t cap, uint64_t seq, uint64_t ts_ns,
		      int fresh);

/* Bytes per line and image size of a tightly packed frame (0 if invalid). */
size_t frame_format_fill(struct frame_format *f);

#endif /* VCAM_PATTERNS_H */
