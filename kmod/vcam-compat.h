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
#include <linux/version.h>
#include <media/videobuf2-core.h>
#include <media/videobuf2-v4l2.h>

/* MODULE_IMPORT_NS() takes a string literal from 6.13 on, a bare token before. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define VCAM_IMPORT_NS_DMA_BUF() MODULE_IMPORT_NS("DMA_BUF")
#else
#define VCAM_IMPORT_NS_DMA_BUF() MODULE_IMPORT_NS(DMA_BUF)
#endif

/*
 * From 6.2 dma_buf_vmap() expects the reservation lock to be held by the
 * caller; the _unlocked variants take it themselves. Before 6.2 the plain
 * functions did their own locking.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define vcam_dma_buf_vmap(dbuf, map)	dma_buf_vmap_unlocked(dbuf, map)
#define vcam_dma_buf_vunmap(dbuf, map)	dma_buf_vunmap_unlocked(dbuf, map)
#else
#define vcam_dma_buf_vmap(dbuf, map)	dma_buf_vmap(dbuf, map)
#define vcam_dma_buf_vunmap(dbuf, map)	dma_buf_vunmap(dbuf, map)
#endif

/* vm_flags_clear() replaced writing vma->vm_flags directly in 6.3. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define vcam_vm_flags_clear(vma, flags)	vm_flags_clear(vma, flags)
#else
#define vcam_vm_flags_clear(vma, flags)	((vma)->vm_flags &= ~(flags))
#endif

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

/*
 * The vb2 memory operations' get_dmabuf took the vb2_buffer from 5.16 on
 * (before only the plane's private data).
 */
static inline struct dma_buf *vcam_vb2_get_dmabuf(struct vb2_buffer *vb)
{
	const struct vb2_mem_ops *ops = vb->vb2_queue->mem_ops;

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
	return ops->get_dmabuf(vb, vb->planes[0].mem_priv, O_RDWR);
#else
	return ops->get_dmabuf(vb->planes[0].mem_priv, O_RDWR);
#endif
}

#endif /* _VCAM_COMPAT_H */
