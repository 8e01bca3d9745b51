// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcam: export mode. The producer borrows a streaming consumer's MMAP
 * capture buffer as a DMA-BUF, renders into it and queues it: the driver
 * completes exactly that buffer, without a copy.
 */

/**
 * DOC: Export mode
 *
 * A loan (%VCAM_IOC_EXPORT_ACQUIRE) takes a free capture buffer of a node
 * that streams MMAP buffers off the node's capture list onto its lent list.
 * Its memory is exported once per buffer with the vb2 memory operations'
 * get_dmabuf (&vcam_buffer.export_dbuf); that DMA-BUF holds a reference on
 * the vmalloc'd memory, so whatever the consumer does (STREAMOFF, REQBUFS(0),
 * close, death), memory the producer mapped or the driver still reads stays
 * valid until the last reference goes. A loan never waits: the node's lock
 * is only tried (a node busy in REQBUFS or STREAMON is skipped), and without
 * a free buffer the producer gets -EAGAIN and uses its own slots.
 *
 * %VCAM_IOC_QUEUE with %VCAM_QUEUE_EXPORTED turns the lent buffer into the
 * current frame through a slot allocated for that frame (&vcam_slot.exported;
 * &vcam_slot.dbuf is a reference of its own on the export). The buffer goes
 * back to its node's capture list, where the node's delivery work completes
 * it as a zero-copy delivery; other nodes copy from it like from any slot.
 * While that slot lives (&vcam_buffer.xslot), the buffer is neither lent
 * again nor used as a copy target, so the frame cannot be overwritten while
 * anyone reads it. The slot is freed when it is replaced and unread.
 *
 * A stream's loans are named by the node's cookie (&vcam_reader.cookie, new
 * for every stream, 0 when the node does not lend). Stopping the stream
 * clears it under &vcam_cam.frame_lock before the lent buffers are handed
 * back to vb2, so a later QUEUE or RELEASE of them fails with -ESTALE and
 * never touches a buffer vb2 may free. Loans and the vb2 operations that
 * allocate, free or export buffers are serialised by the node's lock.
 */

#include <linux/dma-buf.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <media/videobuf2-v4l2.h>

#include "vcam.h"
#include "vcam-compat.h"

/**
 * vcam_export_stream_start_locked() - A node starts streaming
 * @r: The node.
 *
 * In export mode a node streaming MMAP buffers gets a new, non-zero cookie
 * and lends its buffers from now on.
 *
 * Context: &cam->frame_lock held.
 */
void vcam_export_stream_start_locked(struct vcam_reader *r)
{
	struct vcam_cam *cam = r->cam;

	lockdep_assert_held(&cam->frame_lock);
	r->cookie = 0;
	if (!cam->export || r->queue.memory != VB2_MEMORY_MMAP)
		return;
	if (!++cam->next_cookie)
		cam->next_cookie = 1;
	r->cookie = cam->next_cookie;
	cam->exporters++;
}

/**
 * vcam_export_stream_stop_locked() - A node stops streaming
 * @r: The node.
 * @bufs: Gets the buffers that were lent, to be handed back to vb2.
 *
 * The cookie goes first: from now on the producer's QUEUE and RELEASE of
 * these buffers fail with -ESTALE.
 *
 * Context: &cam->frame_lock held.
 */
void vcam_export_stream_stop_locked(struct vcam_reader *r, struct list_head *bufs)
{
	struct vcam_cam *cam = r->cam;

	lockdep_assert_held(&cam->frame_lock);
	if (r->cookie)
		cam->exporters--;
	r->cookie = 0;
	list_splice_tail_init(&r->lent_list, bufs);
}

/**
 * vcam_export_buf_cleanup() - A capture buffer is freed
 * @r: Its node.
 * @buf: The buffer.
 *
 * A frame in its memory stays readable through its slot's own DMA-BUF
 * reference; only the link to the buffer goes.
 *
 * Context: the node's lock held (vb2 buf_cleanup).
 */
void vcam_export_buf_cleanup(struct vcam_reader *r, struct vcam_buffer *buf)
{
	struct vcam_cam *cam = r->cam;

	lockdep_assert_held(&r->lock);
	spin_lock(&cam->frame_lock);
	if (buf->xslot) {
		buf->xslot->xbuf = NULL;
		buf->xslot = NULL;
	}
	spin_unlock(&cam->frame_lock);
	if (buf->export_dbuf) {
		dma_buf_put(buf->export_dbuf);
		buf->export_dbuf = NULL;
	}
	buf->fd_cookie = 0;
}

/* The node streaming with @cookie; NULL if that stream ended. */
static struct vcam_reader *vcam_export_reader_locked(struct vcam_cam *cam,
						     u32 cookie)
{
	unsigned int i;

	lockdep_assert_held(&cam->frame_lock);
	if (!cookie)
		return NULL;
	for (i = 0; i < cam->nr_readers; i++)
		if (cam->readers[i]->cookie == cookie)
			return cam->readers[i];
	return NULL;
}

/* The lent buffer @index of @r, or NULL. */
static struct vcam_buffer *vcam_export_lent_locked(struct vcam_reader *r,
						   u32 index)
{
	struct vcam_buffer *buf;

	lockdep_assert_held(&r->cam->frame_lock);
	list_for_each_entry(buf, &r->lent_list, list)
		if (buf->vb.vb2_buf.index == index)
			return buf;
	return NULL;
}

/* Put a lent buffer back on its node's capture list. */
static void vcam_export_return(struct vcam_reader *r, struct vcam_buffer *buf)
{
	struct vcam_cam *cam = r->cam;

	spin_lock(&cam->frame_lock);
	/* unless the stream stopped meanwhile: then vb2 has it back */
	if (r->cookie)
		list_move(&buf->list, &r->capture_list);
	spin_unlock(&cam->frame_lock);
}

/*
 * Lend a free buffer of @r. Context: the node's lock held, so no buffer of
 * the node can be freed or exported meanwhile.
 */
static int vcam_export_lend(struct vcam_reader *r, u32 flags,
			    struct vcam_ioc_acquire __user *arg)
{
	struct vcam_cam *cam = r->cam;
	struct vcam_ioc_acquire a = { .fd = -1 };
	struct vcam_buffer *buf = NULL, *b;
	struct dma_buf *dbuf;
	struct vb2_buffer *vb;
	int fd = -1;
	u32 cookie;

	spin_lock(&cam->frame_lock);
	cookie = r->cookie;
	if (!cam->dead && r->streaming && cookie) {
		list_for_each_entry(b, &r->capture_list, list) {
			if (!b->xslot) {
				buf = b;
				break;
			}
		}
	}
	if (buf) {
		list_move_tail(&buf->list, &r->lent_list);
		/* the producer writes it: it no longer holds what we wrote */
		buf->gen = 0;
	}
	spin_unlock(&cam->frame_lock);
	if (!buf)
		return -EAGAIN;

	vb = &buf->vb.vb2_buf;
	if (!buf->export_dbuf) {
		dbuf = vcam_vb2_get_dmabuf(vb);
		if (IS_ERR_OR_NULL(dbuf)) {
			vcam_export_return(r, buf);
			vcam_dbg(1, cam, "reader %u: exporting buffer %u failed\n",
				 r->index, vb->index);
			return dbuf ? PTR_ERR(dbuf) : -EINVAL;
		}
		buf->export_dbuf = dbuf;
	}
	if (buf->fd_cookie != cookie || (flags & VCAM_ACQUIRE_NEW_FD)) {
		fd = get_unused_fd_flags(O_CLOEXEC);
		if (fd < 0) {
			vcam_export_return(r, buf);
			return fd;
		}
	}
	a.flags = flags;
	a.fd = fd;
	a.index = vb->index;
	a.cookie = cookie;
	a.length = vb2_plane_size(vb, 0);
	a.reader = r->index;
	if (copy_to_user(arg, &a, sizeof(a))) {
		if (fd >= 0)
			put_unused_fd(fd);
		vcam_export_return(r, buf);
		return -EFAULT;
	}
	if (fd >= 0) {
		get_dma_buf(buf->export_dbuf);
		fd_install(fd, buf->export_dbuf->file);
		buf->fd_cookie = cookie;
	}
	return 0;
}

/**
 * vcam_export_acquire() - %VCAM_IOC_EXPORT_ACQUIRE
 * @cam: The camera.
 * @arg: The request in userspace; filled on success.
 *
 * Tries the streaming nodes in turn, starting after the one that lent last.
 *
 * Return: 0, -EAGAIN (nothing to lend now), -EOPNOTSUPP (no export mode),
 * -EINVAL, -EFAULT, or the error of a failed export.
 */
int vcam_export_acquire(struct vcam_cam *cam, struct vcam_ioc_acquire __user *arg)
{
	struct vcam_ioc_acquire a;
	unsigned int i, first;
	int ret;

	if (!cam->export) {
		vcam_dbg(1, cam, "EXPORT_ACQUIRE: the camera was created without VCAM_CREATE_EXPORT\n");
		return -EOPNOTSUPP;
	}
	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.flags & ~VCAM_ACQUIRE_NEW_FD || memchr_inv(a.reserved, 0, sizeof(a.reserved))) {
		vcam_dbg(1, cam, "EXPORT_ACQUIRE: unknown flags 0x%x or reserved fields set\n",
			 a.flags);
		return -EINVAL;
	}

	first = READ_ONCE(cam->next_lender);
	for (i = 0; i < cam->nr_readers; i++) {
		struct vcam_reader *r = cam->readers[(first + i) % cam->nr_readers];

		/* never wait: a node busy in REQBUFS or STREAMON is skipped */
		if (!mutex_trylock(&r->lock))
			continue;
		ret = vcam_export_lend(r, a.flags, arg);
		mutex_unlock(&r->lock);
		if (ret != -EAGAIN) {
			WRITE_ONCE(cam->next_lender, (r->index + 1) % cam->nr_readers);
			return ret;
		}
	}
	return -EAGAIN;
}

/**
 * vcam_export_release() - %VCAM_IOC_EXPORT_RELEASE: a loan comes back unused
 * @cam: The camera.
 * @rel: The request.
 *
 * Return: 0, -ESTALE (its stream ended: nothing to do), -EINVAL (not lent,
 * reserved fields set) or -EOPNOTSUPP.
 */
int vcam_export_release(struct vcam_cam *cam, const struct vcam_ioc_release *rel)
{
	struct vcam_buffer *buf = NULL;
	struct vcam_reader *r;
	int ret = 0;

	if (!cam->export)
		return -EOPNOTSUPP;
	if (memchr_inv(rel->reserved, 0, sizeof(rel->reserved)))
		return -EINVAL;
	spin_lock(&cam->frame_lock);
	r = vcam_export_reader_locked(cam, rel->cookie);
	if (r)
		buf = vcam_export_lent_locked(r, rel->index);
	if (buf)
		list_move(&buf->list, &r->capture_list);
	else
		ret = r ? -EINVAL : -ESTALE;
	spin_unlock(&cam->frame_lock);
	if (ret)
		vcam_dbg(1, cam, "EXPORT_RELEASE: buffer %u of stream %u: %s\n",
			 rel->index, rel->cookie,
			 ret == -ESTALE ? "the stream ended" : "not lent");
	return ret;
}

/**
 * vcam_export_queue() - %VCAM_IOC_QUEUE of a borrowed buffer
 * @cam: The camera.
 * @q: The request, with %VCAM_QUEUE_EXPORTED.
 *
 * Return: 0, -ESTALE (the stream ended; the producer closes what it holds
 * of it), -EINVAL (bad request, buffer not lent), -EOPNOTSUPP or -ENOMEM.
 */
int vcam_export_queue(struct vcam_cam *cam, const struct vcam_ioc_queue *q)
{
	struct vcam_buffer *buf = NULL;
	struct vcam_slot *slot;
	struct vcam_reader *r;
	u32 size = cam->fmt.sizeimage;
	int ret = 0;

	if (!cam->export)
		return -EOPNOTSUPP;
	if (q->flags != VCAM_QUEUE_EXPORTED || q->fd != -1 || q->offset ||
	    memchr_inv(q->reserved, 0, sizeof(q->reserved)) ||
	    (cam->fmt.pixelformat == V4L2_PIX_FMT_MJPEG ?
	     !q->length || q->length > size : q->length != size)) {
		vcam_dbg(1, cam, "QUEUE exported: flags 0x%x, fd %d, offset %u, length %u (a frame is %u bytes)\n",
			 q->flags, q->fd, q->offset, q->length, size);
		return -EINVAL;
	}

	slot = kzalloc(sizeof(*slot), GFP_KERNEL);
	if (!slot)
		return -ENOMEM;
	INIT_LIST_HEAD(&slot->done_entry);
	slot->exported = true;
	slot->index = q->index;

	spin_lock(&cam->frame_lock);
	r = vcam_export_reader_locked(cam, q->cookie);
	if (r)
		buf = vcam_export_lent_locked(r, q->index);
	if (!buf) {
		ret = r ? -EINVAL : -ESTALE;
	} else if (cam->dead) {
		ret = -ESTALE;
	} else {
		/* the frame is in this buffer: it goes to its node first */
		get_dma_buf(buf->export_dbuf);
		slot->dbuf = buf->export_dbuf;
		slot->xbuf = buf;
		buf->xslot = slot;
		list_move(&buf->list, &r->capture_list);
		vcam_frames_set_current_locked(cam, slot, q);
	}
	spin_unlock(&cam->frame_lock);
	if (ret) {
		kfree(slot);
		vcam_dbg(1, cam, "QUEUE exported: buffer %u of stream %u: %s\n",
			 q->index, q->cookie,
			 ret == -ESTALE ? "the stream ended" : "not lent");
		return ret;
	}
	vcam_frames_kick(cam);
	return 0;
}
