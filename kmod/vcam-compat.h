/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcam: kernel-version differences, and nothing else.
 *
 * Every #if on LINUX_VERSION_CODE in the driver lives here, so that the rest
 * of the code reads like an in-tree driver of the newest kernel.
 */
#ifndef _VCAM_COMPAT_H
#define _VCAM_COMPAT_H

#include <linux/dma-buf.h>
#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/version.h>
#include <media/v4l2-dev.h>
#include <media/videobuf2-core.h>
#include <media/videobuf2-v4l2.h>

/* ---- dma-buf ---- */

/*
 * The dma-buf symbols moved into the DMA_BUF namespace in 5.16.
 * MODULE_IMPORT_NS() takes a string literal from 6.13 on, a bare token before.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define VCAM_IMPORT_NS_DMA_BUF() MODULE_IMPORT_NS("DMA_BUF")
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
#define VCAM_IMPORT_NS_DMA_BUF() MODULE_IMPORT_NS(DMA_BUF)
#else
#define VCAM_IMPORT_NS_DMA_BUF()
#endif

/*
 * Mapping a DMA-BUF into the kernel: vcam_dma_buf_vmap() fills a struct
 * iosys_map and returns 0 or a negative errno on every kernel;
 * vcam_dma_buf_vunmap() undoes it.
 *
 * From 6.2 dma_buf_vmap() expects the reservation lock to be held by the
 * caller; the _unlocked variants take it themselves. From 5.18 to 6.1 the
 * plain functions did their own locking. 5.11 to 5.17 called struct iosys_map
 * struct dma_buf_map (same members, no memcpy_from helper); 5.10's
 * dma_buf_vmap() returned the address (NULL on failure) and memory behind a
 * DMA-BUF was never I/O memory. Before 5.18, a stand-in struct iosys_map with
 * the members and the one helper vcam uses hides all of that (renamed to
 * vcam_ names so that no kernel symbol is redefined).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
#include <linux/iosys-map.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define vcam_dma_buf_vmap(dbuf, map)	dma_buf_vmap_unlocked(dbuf, map)
#define vcam_dma_buf_vunmap(dbuf, map)	dma_buf_vunmap_unlocked(dbuf, map)
#else
#define vcam_dma_buf_vmap(dbuf, map)	dma_buf_vmap(dbuf, map)
#define vcam_dma_buf_vunmap(dbuf, map)	dma_buf_vunmap(dbuf, map)
#endif
#else /* < 5.18 */
#include <linux/io.h>
#include <linux/string.h>
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
#include <linux/dma-buf-map.h>
#endif

#define iosys_map vcam_iosys_map
#define iosys_map_memcpy_from vcam_iosys_map_memcpy_from

struct vcam_iosys_map {
	union {
		void __iomem *vaddr_iomem;
		void *vaddr;
	};
	bool is_iomem;
};

static inline void vcam_iosys_map_memcpy_from(void *dst,
					      const struct vcam_iosys_map *src,
					      size_t src_offset, size_t len)
{
	if (src->is_iomem)
		memcpy_fromio(dst, src->vaddr_iomem + src_offset, len);
	else
		memcpy(dst, src->vaddr + src_offset, len);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
static inline int vcam_dma_buf_vmap(struct dma_buf *dbuf,
				    struct vcam_iosys_map *map)
{
	struct dma_buf_map m;
	int ret;

	ret = dma_buf_vmap(dbuf, &m);
	if (ret)
		return ret;
	map->is_iomem = m.is_iomem;
	if (m.is_iomem)
		map->vaddr_iomem = m.vaddr_iomem;
	else
		map->vaddr = m.vaddr;
	return 0;
}

static inline void vcam_dma_buf_vunmap(struct dma_buf *dbuf,
				       struct vcam_iosys_map *map)
{
	struct dma_buf_map m;

	if (map->is_iomem)
		dma_buf_map_set_vaddr_iomem(&m, map->vaddr_iomem);
	else
		dma_buf_map_set_vaddr(&m, map->vaddr);
	dma_buf_vunmap(dbuf, &m);
}
#else /* 5.10 */
static inline int vcam_dma_buf_vmap(struct dma_buf *dbuf,
				    struct vcam_iosys_map *map)
{
	map->vaddr = dma_buf_vmap(dbuf);
	map->is_iomem = false;
	return map->vaddr ? 0 : -ENOMEM;
}

static inline void vcam_dma_buf_vunmap(struct dma_buf *dbuf,
				       struct vcam_iosys_map *map)
{
	dma_buf_vunmap(dbuf, map->vaddr);
}
#endif
#endif /* < 5.18 */

/* ---- mm ---- */

/* vm_flags_clear() replaced writing vma->vm_flags directly in 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define vcam_vm_flags_clear(vma, flags)	vm_flags_clear(vma, flags)
#else
#define vcam_vm_flags_clear(vma, flags)	((vma)->vm_flags &= ~(flags))
#endif

/* ---- videobuf2 ---- */

/* vb2_get_num_buffers() appeared in 6.8 together with dynamic buffer arrays. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
static inline unsigned int vcam_vb2_num_buffers(struct vb2_queue *q)
{
	return q->num_buffers;
}
#else
#define vcam_vb2_num_buffers(q)	vb2_get_num_buffers(q)
#endif

/*
 * The vb2 memory operations take the vb2_buffer first since "media:
 * videobuf2: rework vb2_mem_ops API" (5.16, also in 5.15.3 and later 5.15
 * stable releases); get_dmabuf took only the plane's private data before
 * (5.10's headers: (buf_priv, flags); 6.1's: (vb, buf_priv, flags)).
 */
static inline struct dma_buf *vcam_vb2_get_dmabuf(struct vb2_buffer *vb)
{
	const struct vb2_mem_ops *ops = vb->vb2_queue->mem_ops;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 15, 3)
	return ops->get_dmabuf(vb, vb->planes[0].mem_priv, O_RDWR);
#else
	return ops->get_dmabuf(vb->planes[0].mem_priv, O_RDWR);
#endif
}

/*
 * Before 5.11 vb2_core_poll() called poll_wait() on the queue only when the
 * poll asked for the queue's events (EPOLLIN for capture): an epoll set
 * added without them and changed later with EPOLL_CTL_MOD, or a first poll()
 * for EPOLLPRI only, then never woke for a buffer (v4l2-compliance tests
 * exactly that). vcam_vb2_fop_poll() registers the wait itself in that case.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
static inline __poll_t vcam_vb2_fop_poll(struct file *file, poll_table *wait)
{
	struct vb2_queue *q = video_devdata(file)->queue;
	__poll_t queue_events = q->is_output ? EPOLLOUT | EPOLLWRNORM :
					       EPOLLIN | EPOLLRDNORM;

	if (!(poll_requested_events(wait) & queue_events))
		poll_wait(file, &q->done_wq, wait);
	return vb2_fop_poll(file, wait);
}
#else
#define vcam_vb2_fop_poll	vb2_fop_poll
#endif

/*
 * vb2 takes no cache hints for DMABUF buffers. Before 5.16 it nevertheless
 * kept V4L2_BUF_FLAG_NO_CACHE_INVALIDATE and _NO_CACHE_CLEAN as userspace
 * passed them to VIDIOC_QBUF/VIDIOC_PREPARE_BUF for such buffers (and
 * reported them back), where later kernels clear them to say they have no
 * effect. The wrappers clear them first.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 16, 0)
static inline void vcam_vb2_dmabuf_no_hints(struct v4l2_buffer *b)
{
	if (b->memory == V4L2_MEMORY_DMABUF)
		b->flags &= ~(V4L2_BUF_FLAG_NO_CACHE_INVALIDATE |
			      V4L2_BUF_FLAG_NO_CACHE_CLEAN);
}

static inline int vcam_vb2_ioctl_qbuf(struct file *file, void *priv,
				      struct v4l2_buffer *b)
{
	vcam_vb2_dmabuf_no_hints(b);
	return vb2_ioctl_qbuf(file, priv, b);
}

static inline int vcam_vb2_ioctl_prepare_buf(struct file *file, void *priv,
					     struct v4l2_buffer *b)
{
	vcam_vb2_dmabuf_no_hints(b);
	return vb2_ioctl_prepare_buf(file, priv, b);
}
#else
#define vcam_vb2_ioctl_qbuf		vb2_ioctl_qbuf
#define vcam_vb2_ioctl_prepare_buf	vb2_ioctl_prepare_buf
#endif

/*
 * Before 7.0 a driver that sets vb2_queue.lock must also set the wait ops,
 * or a blocking VIDIOC_DQBUF sleeps with the queue lock held. 7.0 removed
 * them: the core drops vb2_queue.lock itself.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(7, 0, 0)
#define VCAM_VB2_WAIT_OPS				\
	.wait_prepare = vb2_ops_wait_prepare,		\
	.wait_finish = vb2_ops_wait_finish,
#else
#define VCAM_VB2_WAIT_OPS
#endif

/* ---- timers ---- */

/* hrtimer_setup() replaced hrtimer_init() + assigning .function (6.15). */
static inline void vcam_hrtimer_setup(struct hrtimer *timer,
				      enum hrtimer_restart (*fn)(struct hrtimer *))
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
	hrtimer_setup(timer, fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
#else
	hrtimer_init(timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	timer->function = fn;
#endif
}

#endif /* _VCAM_COMPAT_H */
