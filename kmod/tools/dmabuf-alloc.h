/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * dmabuf-alloc.h - CPU-writable DMA-BUFs from udmabuf, the system dma-heap
 * or vgem, whichever the running kernel offers.
 */
#ifndef VCAM_DMABUF_ALLOC_H
#define VCAM_DMABUF_ALLOC_H

#include <stddef.h>

enum dmabuf_kind {
	DMABUF_AUTO,
	DMABUF_UDMABUF,
	DMABUF_HEAP,
	DMABUF_VGEM,
};

struct dmabuf_allocator {
	enum dmabuf_kind kind;
	int dev_fd;		/* /dev/udmabuf, the heap or the vgem card */
};

struct dmabuf {
	int fd;			/* the DMA-BUF */
	void *map;		/* CPU mapping of the whole buffer */
	size_t size;		/* page-aligned size */
	int memfd;		/* udmabuf: backing memfd, else -1 */
	unsigned int gem_handle; /* vgem: GEM handle, else 0 */
};

/* "udmabuf", "heap", "vgem" or "auto" to a kind; -1 if unknown. */
int dmabuf_kind_parse(const char *name);
const char *dmabuf_kind_name(enum dmabuf_kind kind);

/*
 * Open an allocator. DMABUF_AUTO tries udmabuf, the system heap, then vgem.
 * Returns 0 or a negative errno; @why (may be NULL) gets a short reason.
 */
int dmabuf_allocator_open(struct dmabuf_allocator *a, enum dmabuf_kind kind,
			  char *why, size_t why_len);
void dmabuf_allocator_close(struct dmabuf_allocator *a);

/* Allocate and map a buffer of at least @size bytes. 0 or negative errno. */
int dmabuf_alloc(struct dmabuf_allocator *a, size_t size, struct dmabuf *buf);
void dmabuf_free(struct dmabuf_allocator *a, struct dmabuf *buf);

/* Bracket CPU writes (DMA_BUF_IOCTL_SYNC START|WRITE / END|WRITE). */
int dmabuf_begin_write(const struct dmabuf *buf);
int dmabuf_end_write(const struct dmabuf *buf);

#endif /* VCAM_DMABUF_ALLOC_H */
