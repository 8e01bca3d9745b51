// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcam: the producer side. Output slots, DMA-BUF import, QUEUE/DEQUEUE and
 * the delivery of frames into capture buffers (CPU copy or zero copy).
 */

#include <linux/dma-buf.h>
#include <linux/dma-direction.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <media/videobuf2-v4l2.h>

#include "vcam.h"
#include "vcam-compat.h"

/* Headroom of an MJPEG frame over width * height, in bytes. */
#define VCAM_MJPEG_MIN_SIZE	SZ_64K

/**
 * vcam_mjpeg_max_size() - sizeimage of an MJPEG camera
 * @width: Frame width.
 * @height: Frame height.
 *
 * Return: the largest frame accepted, in bytes.
 */
u32 vcam_mjpeg_max_size(u32 width, u32 height)
{
	return max_t(u32, width * height * 2, VCAM_MJPEG_MIN_SIZE);
}

/* A byte writer for the placeholder JPEG. */
struct vcam_jpeg {
	u8 *p;
	size_t len;
};

static void vcam_jpeg_u8(struct vcam_jpeg *j, u8 v)
{
	j->p[j->len++] = v;
}

static void vcam_jpeg_be16(struct vcam_jpeg *j, u16 v)
{
	vcam_jpeg_u8(j, v >> 8);
	vcam_jpeg_u8(j, v & 0xff);
}

static void vcam_jpeg_bytes(struct vcam_jpeg *j, const u8 *b, size_t n)
{
	memcpy(j->p + j->len, b, n);
	j->len += n;
}

/* SOI and a JFIF 1.01 APP0 segment without thumbnail. */
static const u8 vcam_jpeg_soi_app0[] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
	0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
};

/*
 * Huffman tables with only the codes a black picture needs: DC category 0
 * ("00") and 4 ("01"), and AC end-of-block ("0").
 */
static const u8 vcam_jpeg_dht[] = {
	0xff, 0xc4, 0x00, 0x15, 0x00,
	0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x00, 0x04,
	0xff, 0xc4, 0x00, 0x14, 0x10,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0x00,
};

static const u8 vcam_jpeg_sos[] = {
	0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
};

/**
 * vcam_make_black_jpeg() - Build a black baseline JPEG of the camera's size
 * @cam: The camera; fills @cam->placeholder and @cam->placeholder_len.
 *
 * A grey-scale JPEG whose blocks all have the DC value of black: the first
 * block codes DC -8 (quantiser 128, i.e. -1024, sample 0), every other block
 * a zero DC difference, and every block end-of-block right away. The entropy
 * data is 7 + 3 * (blocks - 1) bits and never contains a 0xff byte.
 *
 * Return: 0 or -ENOMEM.
 */
static int vcam_make_black_jpeg(struct vcam_cam *cam)
{
	size_t blocks = (size_t)DIV_ROUND_UP(cam->fmt.width, 8) *
			DIV_ROUND_UP(cam->fmt.height, 8);
	size_t bits = 7 + 3 * (blocks - 1);
	size_t data = DIV_ROUND_UP(bits, 8);
	struct vcam_jpeg j = { };
	unsigned int i;

	j.p = kvzalloc(256 + data, GFP_KERNEL);
	if (!j.p)
		return -ENOMEM;

	vcam_jpeg_bytes(&j, vcam_jpeg_soi_app0, sizeof(vcam_jpeg_soi_app0));
	/* DQT: table 0, 8-bit, DC quantiser 128, AC 1 */
	vcam_jpeg_be16(&j, 0xffdb);
	vcam_jpeg_be16(&j, 67);
	vcam_jpeg_u8(&j, 0);
	vcam_jpeg_u8(&j, 128);
	for (i = 1; i < 64; i++)
		vcam_jpeg_u8(&j, 1);
	/* SOF0: 8 bits, one component (id 1, 1x1, table 0) */
	vcam_jpeg_be16(&j, 0xffc0);
	vcam_jpeg_be16(&j, 11);
	vcam_jpeg_u8(&j, 8);
	vcam_jpeg_be16(&j, cam->fmt.height);
	vcam_jpeg_be16(&j, cam->fmt.width);
	vcam_jpeg_u8(&j, 1);
	vcam_jpeg_u8(&j, 1);
	vcam_jpeg_u8(&j, 0x11);
	vcam_jpeg_u8(&j, 0);
	vcam_jpeg_bytes(&j, vcam_jpeg_dht, sizeof(vcam_jpeg_dht));
	vcam_jpeg_bytes(&j, vcam_jpeg_sos, sizeof(vcam_jpeg_sos));

	/* First block: "01" "0111" "0", then "000" per block: all zero bytes. */
	j.p[j.len] = 0x5c;
	/* Pad the last byte with one bits. */
	if (bits % 8)
		j.p[j.len + data - 1] |= 0xff >> (bits % 8);
	j.len += data;
	vcam_jpeg_be16(&j, 0xffd9);

	cam->placeholder = j.p;
	cam->placeholder_len = j.len;
	return 0;
}

/**
 * vcam_frames_init() - Allocate the output slots of a new camera
 * @cam: The camera, with its format and @cam->nr_slots set.
 *
 * Return: 0 or -ENOMEM.
 */
int vcam_frames_init(struct vcam_cam *cam)
{
	unsigned int i;

	cam->slots = kcalloc(cam->nr_slots, sizeof(*cam->slots), GFP_KERNEL);
	if (!cam->slots)
		return -ENOMEM;
	for (i = 0; i < cam->nr_slots; i++) {
		cam->slots[i].index = i;
		INIT_LIST_HEAD(&cam->slots[i].done_entry);
	}
	if (cam->fmt.pixelformat == V4L2_PIX_FMT_MJPEG)
		return vcam_make_black_jpeg(cam);
	return 0;
}

/**
 * vcam_frames_free() - Free what vcam_frames_init() allocated
 * @cam: The camera, no longer reachable by anyone.
 */
void vcam_frames_free(struct vcam_cam *cam)
{
	kvfree(cam->placeholder);
	kfree(cam->slots);
}

/*
 * A replaced slot that nobody reads any more goes back to the producer.
 * Context: &cam->frame_lock held.
 */
static void vcam_slot_maybe_done(struct vcam_cam *cam, struct vcam_slot *slot)
{
	lockdep_assert_held(&cam->frame_lock);
	if (slot->state != VCAM_SLOT_QUEUED || !slot->retired || slot->users)
		return;
	if (slot->exported) {
		/*
		 * Nothing goes back to the producer: the capture buffer may be
		 * lent again. dma_buf_put() only drops a file reference (the
		 * buffer's own export reference outlives it, or the last
		 * reference is released asynchronously by fput()).
		 */
		if (slot->xbuf)
			slot->xbuf->xslot = NULL;
		dma_buf_put(slot->dbuf);
		kfree(slot);
		return;
	}
	slot->state = VCAM_SLOT_DONE;
	list_add_tail(&slot->done_entry, &cam->done_list);
	wake_up_interruptible(&cam->wq);
}

/**
 * vcam_slot_put_locked() - A delivery stopped reading a slot
 * @cam: The camera.
 * @slot: The slot; returns to the producer if it was replaced meanwhile.
 *
 * Context: &cam->frame_lock held.
 */
void vcam_slot_put_locked(struct vcam_cam *cam, struct vcam_slot *slot)
{
	lockdep_assert_held(&cam->frame_lock);
	if (WARN_ON(!slot->users))
		return;
	slot->users--;
	vcam_slot_maybe_done(cam, slot);
}

/**
 * vcam_frames_release_all() - Drop every DMA-BUF the camera holds
 * @cam: A dead camera whose delivery work has been cancelled.
 *
 * Slots still held by a capture buffer (zero copy) keep their &vcam_slot
 * (it lives as long as the camera) but lose their DMA-BUF; the consumer's
 * own import keeps its buffer alive.
 */
void vcam_frames_release_all(struct vcam_cam *cam)
{
	struct dma_buf *dbufs[VCAM_MAX_FRAMES];
	unsigned int i, n = 0;

	spin_lock(&cam->frame_lock);
	for (i = 0; i < cam->nr_slots; i++) {
		struct vcam_slot *slot = &cam->slots[i];

		if (slot->dbuf)
			dbufs[n++] = slot->dbuf;
		slot->dbuf = NULL;
		slot->state = VCAM_SLOT_FREE;
		list_del_init(&slot->done_entry);
	}
	/* Export slots are the camera's own; the last one may be current. */
	if (cam->cur && cam->cur->exported) {
		cam->cur->retired = true;
		vcam_slot_maybe_done(cam, cam->cur);
	}
	cam->cur = NULL;
	spin_unlock(&cam->frame_lock);

	while (n)
		dma_buf_put(dbufs[--n]);
}

static int vcam_queue_check(struct vcam_cam *cam, const struct vcam_ioc_queue *q)
{
	u32 size = cam->fmt.sizeimage;
	unsigned int i;

	if (q->flags || q->cookie) {
		vcam_dbg(1, cam, "QUEUE: flags 0x%x, cookie %u: must be 0\n",
			 q->flags, q->cookie);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(q->reserved); i++) {
		if (q->reserved[i]) {
			vcam_dbg(1, cam, "QUEUE: reserved[%u] is not 0\n", i);
			return -EINVAL;
		}
	}
	if (q->index >= cam->nr_slots) {
		vcam_dbg(1, cam, "QUEUE: slot %u, the camera has %u\n",
			 q->index, cam->nr_slots);
		return -EINVAL;
	}
	if (cam->fmt.pixelformat == V4L2_PIX_FMT_MJPEG ?
	    !q->length || q->length > size : q->length != size) {
		vcam_dbg(1, cam, "QUEUE: length %u, a frame is %s%u bytes\n",
			 q->length,
			 cam->fmt.pixelformat == V4L2_PIX_FMT_MJPEG ? "1.." : "",
			 size);
		return -EINVAL;
	}
	return 0;
}

/**
 * vcam_frames_set_current_locked() - A queued frame becomes the current one
 * @cam: The camera.
 * @slot: Its slot, with @slot->dbuf and @slot->offset set.
 * @q: The QUEUE request (length and timestamp).
 *
 * The replaced frame goes back to the producer at once unless a delivery
 * still reads it; then the last reader gives it back.
 *
 * Context: &cam->frame_lock held.
 */
void vcam_frames_set_current_locked(struct vcam_cam *cam, struct vcam_slot *slot,
				    const struct vcam_ioc_queue *q)
{
	struct vcam_slot *old;

	lockdep_assert_held(&cam->frame_lock);
	slot->length = q->length;
	slot->timestamp = q->timestamp ? q->timestamp : ktime_get_ns();
	slot->gen = ++cam->frame_gen;
	slot->flags = 0;
	slot->users = 0;
	slot->retired = false;
	slot->fresh = true;
	slot->state = VCAM_SLOT_QUEUED;

	old = cam->cur;
	cam->cur = slot;
	cam->stats.queued++;
	if (old) {
		if (old->fresh)
			cam->stats.dropped++;
		old->fresh = false;
		old->retired = true;
		vcam_slot_maybe_done(cam, old);
	}
}

/**
 * vcam_frames_queue() - %VCAM_IOC_QUEUE: make a DMA-BUF the current frame
 * @cam: The camera.
 * @q: The request, copied from userspace.
 *
 * The replaced frame goes back to the producer at once unless a delivery
 * still reads it; then the last reader gives it back.
 *
 * Return: 0, -EINVAL, -EBADF or -EBUSY (see the uAPI header).
 */
int vcam_frames_queue(struct vcam_cam *cam, const struct vcam_ioc_queue *q)
{
	struct vcam_slot *slot;
	struct dma_buf *dbuf;
	int ret;

	if (q->flags & VCAM_QUEUE_EXPORTED)
		return vcam_export_queue(cam, q);
	ret = vcam_queue_check(cam, q);
	if (ret)
		return ret;

	dbuf = dma_buf_get(q->fd);
	if (IS_ERR(dbuf)) {
		vcam_dbg(1, cam, "QUEUE: fd %d is not a DMA-BUF\n", q->fd);
		return PTR_ERR(dbuf);
	}
	if ((u64)q->offset + q->length > dbuf->size) {
		vcam_dbg(1, cam, "QUEUE: offset %u + length %u beyond the DMA-BUF's %zu bytes\n",
			 q->offset, q->length, dbuf->size);
		dma_buf_put(dbuf);
		return -EINVAL;
	}

	spin_lock(&cam->frame_lock);
	slot = &cam->slots[q->index];
	if (slot->state != VCAM_SLOT_FREE) {
		spin_unlock(&cam->frame_lock);
		vcam_dbg(1, cam, "QUEUE: slot %u is not free\n", q->index);
		dma_buf_put(dbuf);
		return -EBUSY;
	}
	slot->dbuf = dbuf;
	slot->offset = q->offset;
	vcam_frames_set_current_locked(cam, slot, q);
	spin_unlock(&cam->frame_lock);

	vcam_frames_kick(cam);
	return 0;
}

/**
 * vcam_frames_kick() - Start delivering a new frame on every streaming node
 * @cam: The camera.
 */
void vcam_frames_kick(struct vcam_cam *cam)
{
	unsigned long kick = 0;
	unsigned int i;

	spin_lock(&cam->frame_lock);
	for (i = 0; i < cam->nr_readers; i++)
		if (cam->readers[i]->streaming)
			kick |= BIT(i);
	spin_unlock(&cam->frame_lock);

	for (i = 0; i < cam->nr_readers; i++)
		if (kick & BIT(i))
			queue_work(vcam_wq, &cam->readers[i]->work);
}

/**
 * vcam_frames_done_pending() - Can a slot be dequeued now?
 * @cam: The camera.
 *
 * Return: true if the done list is not empty.
 */
bool vcam_frames_done_pending(struct vcam_cam *cam)
{
	bool pending;

	spin_lock(&cam->frame_lock);
	pending = !list_empty(&cam->done_list);
	spin_unlock(&cam->frame_lock);
	return pending;
}

static struct dma_buf *vcam_pop_done(struct vcam_cam *cam,
				     struct vcam_ioc_dequeue *dq)
{
	struct vcam_slot *slot;
	struct dma_buf *dbuf;

	spin_lock(&cam->frame_lock);
	slot = list_first_entry_or_null(&cam->done_list, struct vcam_slot,
					done_entry);
	if (!slot) {
		spin_unlock(&cam->frame_lock);
		return NULL;
	}
	list_del_init(&slot->done_entry);
	dq->index = slot->index;
	dq->length = slot->length;
	dq->timestamp = slot->timestamp;
	dq->flags = slot->flags;
	dbuf = slot->dbuf;
	slot->dbuf = NULL;
	slot->state = VCAM_SLOT_FREE;
	spin_unlock(&cam->frame_lock);
	return dbuf;
}

/**
 * vcam_frames_dequeue() - %VCAM_IOC_DEQUEUE: give a free slot back
 * @cam: The camera.
 * @dq: Filled with the slot.
 * @nonblock: Return -EAGAIN instead of waiting.
 *
 * Return: 0, -EAGAIN or -ERESTARTSYS.
 */
int vcam_frames_dequeue(struct vcam_cam *cam, struct vcam_ioc_dequeue *dq,
			bool nonblock)
{
	struct dma_buf *dbuf;
	int ret;

	for (;;) {
		dbuf = vcam_pop_done(cam, dq);
		if (dbuf)
			break;
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(cam->wq,
					       vcam_frames_done_pending(cam));
		if (ret)
			return ret;
	}
	dma_buf_put(dbuf);
	return 0;
}

/* Fill @vb with black (or the placeholder picture) before the first frame. */
static int vcam_fill_black(struct vcam_cam *cam, struct vb2_buffer *vb)
{
	const struct vcam_format *fmt = &cam->fmt;
	u32 luma = fmt->bytesperline * fmt->height;
	u8 *dst = vb2_plane_vaddr(vb, 0);
	unsigned int i;

	if (!dst)
		return -EFAULT;

	switch (fmt->pixelformat) {
	case V4L2_PIX_FMT_YUYV:
		for (i = 0; i < fmt->bytesperline; i++)
			dst[i] = (i & 1) ? 0x80 : 0x10;
		for (i = 1; i < fmt->height; i++)
			memcpy(dst + i * fmt->bytesperline, dst,
			       fmt->bytesperline);
		vb2_set_plane_payload(vb, 0, fmt->sizeimage);
		break;
	case V4L2_PIX_FMT_NV12:
		memset(dst, 0x10, luma);
		memset(dst + luma, 0x80, luma / 2);
		vb2_set_plane_payload(vb, 0, fmt->sizeimage);
		break;
	default:
		memcpy(dst, cam->placeholder, cam->placeholder_len);
		vb2_set_plane_payload(vb, 0, cam->placeholder_len);
		break;
	}
	return 0;
}

/* Copy @slot's frame into @vb with the CPU, one copy per camera at a time. */
static int vcam_copy_frame(struct vcam_cam *cam, struct vb2_buffer *vb,
			   struct vcam_slot *slot)
{
	void *dst = vb2_plane_vaddr(vb, 0);
	struct iosys_map map;
	int ret, end;

	if (!dst || vb2_plane_size(vb, 0) < slot->length)
		return -EFAULT;

	mutex_lock(&cam->cpu_lock);
	ret = dma_buf_begin_cpu_access(slot->dbuf, DMA_FROM_DEVICE);
	if (ret)
		goto out;
	ret = vcam_dma_buf_vmap(slot->dbuf, &map);
	if (!ret) {
		iosys_map_memcpy_from(dst, &map, slot->offset, slot->length);
		vcam_dma_buf_vunmap(slot->dbuf, &map);
		vb2_set_plane_payload(vb, 0, slot->length);
	}
	end = dma_buf_end_cpu_access(slot->dbuf, DMA_FROM_DEVICE);
	if (!ret)
		ret = end;
out:
	mutex_unlock(&cam->cpu_lock);
	return ret;
}

/**
 * vcam_is_zero_copy() - Does @buf already hold @slot's frame?
 * @buf: A capture buffer.
 * @slot: The frame.
 *
 * It does when the consumer imported the producer's very DMA-BUF, or, in
 * export mode, when the producer rendered into this buffer.
 *
 * Return: true if the frame needs no copy into @buf.
 */
bool vcam_is_zero_copy(struct vcam_buffer *buf, struct vcam_slot *slot)
{
	struct vb2_buffer *vb = &buf->vb.vb2_buf;

	if (slot->exported)
		return slot->xbuf == buf;
	return vb->memory == VB2_MEMORY_DMABUF &&
	       vb->planes[0].dbuf == slot->dbuf && !slot->offset &&
	       vb2_plane_size(vb, 0) >= slot->length;
}

/*
 * Repeats without a copy.
 *
 * When the producer is slower than the camera's frame rate, every tick
 * repeats the current frame into the next capture buffer, and every repeat
 * used to cost a full copy. The copy is needless when the buffer still holds
 * exactly this frame, as the driver wrote it for an earlier delivery. Two
 * things must be known for that:
 *
 * - Which frame the driver last wrote into the buffer. Every QUEUE gives its
 *   slot a new generation (&vcam_slot.gen, a 64-bit counter of the camera,
 *   never 0, never reused), and a copy records it in &vcam_buffer.gen. A
 *   queued frame never changes: the producer may not touch a slot's DMA-BUF
 *   between QUEUE and DEQUEUE. A slot reused for a later frame gets a new
 *   generation, so equal generations mean the very same frame.
 * - That nobody else wrote into the buffer since. A consumer owns a buffer
 *   between DQBUF and QBUF and may write into it: through a writable mmap of
 *   an MMAP buffer (legal, and done by in-place GStreamer elements), through
 *   a DMA-BUF exported with VIDIOC_EXPBUF, or freely in a USERPTR buffer (its
 *   own memory) or a DMABUF import (which any process or device may write).
 *   So only MMAP buffers qualify, and only while the node's queue has never
 *   been exposed (&vcam_reader.capture_exposed): vcam-video.c sets it on a
 *   writable mmap or an EXPBUF and makes read-only mappings unable to become
 *   writable (no VM_MAYWRITE), and clears it only when the queue allocates
 *   its buffers afresh (the old ones and their mappings are then orphaned).
 *   read() users never see the buffers at all.
 *
 * The flag only ever goes from clear to set while the buffers live, so
 * testing it at delivery time is enough: if it is clear, no buffer of the
 * queue could ever be written by userspace. Buffers that do not qualify are
 * copied into as before, so a consumer that scribbles on its buffers still
 * gets the producer's frame on every delivery.
 */
static bool vcam_buffer_holds(struct vcam_reader *r, struct vcam_buffer *buf,
			      struct vcam_slot *slot)
{
	return slot && buf->gen == slot->gen &&
	       buf->vb.vb2_buf.memory == VB2_MEMORY_MMAP &&
	       !READ_ONCE(r->capture_exposed);
}

/*
 * Is @vb an import of a DMA-BUF that the camera holds for the producer?
 * Context: &cam->frame_lock held.
 */
static bool vcam_aliases_slot(struct vcam_cam *cam, struct vb2_buffer *vb)
{
	unsigned int i;

	lockdep_assert_held(&cam->frame_lock);
	if (vb->memory != VB2_MEMORY_DMABUF)
		return false;
	for (i = 0; i < cam->nr_slots; i++)
		if (cam->slots[i].dbuf && cam->slots[i].dbuf == vb->planes[0].dbuf)
			return true;
	return false;
}

/*
 * Choose the capture buffer of @r for @slot: one that already holds it (zero
 * copy, or a repeat into a buffer that still has this frame), else the oldest
 * that is not the producer's memory: copying into a consumer's import of
 * another queued frame would overwrite that frame.
 *
 * Context: &cam->frame_lock held.
 */
static struct vcam_buffer *vcam_pick_buffer(struct vcam_reader *r,
					    struct vcam_slot *slot)
{
	struct vcam_buffer *buf, *first = NULL;

	lockdep_assert_held(&r->cam->frame_lock);
	list_for_each_entry(buf, &r->capture_list, list) {
		if (slot && vcam_is_zero_copy(buf, slot))
			return buf;
		if (vcam_buffer_holds(r, buf, slot))
			return buf;
		/* never copy over a frame that lives in this buffer */
		if (!first && !buf->xslot &&
		    !vcam_aliases_slot(r->cam, &buf->vb.vb2_buf))
			first = buf;
	}
	return first;
}

enum vcam_delivery {
	VCAM_DELIVER_NONE,
	VCAM_DELIVER_NEW,
	VCAM_DELIVER_REPEAT,
};

/*
 * What @r delivers next: the current frame if this node has not shown it
 * yet, else on a tick a repetition unless a new frame was delivered since the
 * previous tick (then the tick is used up here).
 *
 * A repetition also waits when the previous buffer was completed less than
 * a quarter of a frame interval ago. That happens only when delivery cannot
 * keep up with the frame clock (a copy takes most of a frame interval or
 * more: large frames at a high rate, a busy machine): ticks pile up during
 * the copy, and repeating at once would spend the next copy on an old frame
 * while the producer's next one waits. Otherwise ticks are a frame interval
 * apart and the previous delivery is older than that quarter, so nothing
 * changes. The first delivery of a stream (@r->sequence 0) never waits.
 *
 * Context: &cam->frame_lock held.
 */
static enum vcam_delivery vcam_next_delivery(struct vcam_reader *r, bool *tick)
{
	struct vcam_cam *cam = r->cam;

	lockdep_assert_held(&cam->frame_lock);
	if (cam->dead || !r->streaming)
		return VCAM_DELIVER_NONE;
	if (cam->cur && cam->cur->gen != r->last_gen)
		return VCAM_DELIVER_NEW;
	if (!*tick)
		return VCAM_DELIVER_NONE;
	if (r->delivered_since_tick ||
	    (r->sequence &&
	     ktime_get_ns() - r->last_done_ns < cam->period_ns / 4)) {
		*tick = false;
		r->delivered_since_tick = false;
		return VCAM_DELIVER_NONE;
	}
	return VCAM_DELIVER_REPEAT;
}

/*
 * A buffer was found for @what: update the delivery state.
 * Context: &cam->frame_lock held.
 */
static void vcam_commit_delivery(struct vcam_reader *r, enum vcam_delivery what,
				 bool *tick)
{
	struct vcam_cam *cam = r->cam;

	lockdep_assert_held(&cam->frame_lock);
	if (what == VCAM_DELIVER_NEW) {
		r->last_gen = cam->cur->gen;
		cam->cur->fresh = false;
		r->delivered_since_tick = true;
	} else {
		*tick = false;
	}
}

/* How a frame got into a capture buffer. */
enum vcam_fill {
	VCAM_FILL_COPY,		/* CPU copy (or the black placeholder) */
	VCAM_FILL_ZERO_COPY,	/* the consumer imported the producer's DMA-BUF */
	VCAM_FILL_KEPT,		/* the buffer still held this frame */
};

/*
 * Count one delivery (@ret is its result) in the camera's statistics and in
 * the flags the producer gets back with the slot.
 * Context: &cam->frame_lock held.
 */
static void vcam_account(struct vcam_cam *cam, enum vcam_delivery what,
			 struct vcam_slot *slot, int ret, enum vcam_fill fill,
			 u32 bytes)
{
	struct vcam_ioc_stats *st = &cam->stats;

	lockdep_assert_held(&cam->frame_lock);
	if (ret) {
		st->errors++;
		return;
	}
	if (what == VCAM_DELIVER_NEW) {
		st->delivered++;
		if (fill == VCAM_FILL_COPY) {
			st->copied++;
			st->bytes_copied += bytes;
		}
	} else {
		st->repeated++;
		if (fill == VCAM_FILL_COPY)
			st->repeat_bytes_copied += bytes;
	}
	if (!slot)
		return;
	slot->flags |= VCAM_FRAME_SHOWN;
	if (fill == VCAM_FILL_ZERO_COPY) {
		slot->flags |= VCAM_FRAME_ZERO_COPY;
		st->zero_copy++;
		if (slot->exported && what == VCAM_DELIVER_NEW)
			st->exported++;
	}
}

/*
 * Deliver at most one capture buffer of @r; returns false when there is
 * nothing to do.
 */
static bool vcam_deliver_one(struct vcam_reader *r, bool *tick)
{
	struct vcam_cam *cam = r->cam;
	enum vcam_fill fill = VCAM_FILL_COPY;
	enum vcam_delivery what;
	struct vcam_buffer *buf;
	struct vcam_slot *slot;
	struct vb2_buffer *vb;
	int ret;

	spin_lock(&cam->frame_lock);
	what = vcam_next_delivery(r, tick);
	slot = cam->cur;
	buf = what == VCAM_DELIVER_NONE ? NULL : vcam_pick_buffer(r, slot);
	if (!buf) {
		spin_unlock(&cam->frame_lock);
		return false;
	}
	vcam_commit_delivery(r, what, tick);
	list_del_init(&buf->list);
	if (slot)
		slot->users++;
	spin_unlock(&cam->frame_lock);

	vb = &buf->vb.vb2_buf;
	if (!slot) {
		ret = vcam_fill_black(cam, vb);
	} else if (vcam_is_zero_copy(buf, slot)) {
		vb2_set_plane_payload(vb, 0, slot->length);
		fill = VCAM_FILL_ZERO_COPY;
		ret = 0;
	} else if (vcam_buffer_holds(r, buf, slot)) {
		vb2_set_plane_payload(vb, 0, slot->length);
		fill = VCAM_FILL_KEPT;
		ret = 0;
	} else {
		ret = vcam_copy_frame(cam, vb, slot);
	}
	buf->gen = slot && !ret && fill != VCAM_FILL_ZERO_COPY ? slot->gen : 0;

	spin_lock(&cam->frame_lock);
	vcam_account(cam, what, slot, ret, fill, vb2_get_plane_payload(vb, 0));
	if (slot && fill == VCAM_FILL_ZERO_COPY) {
		buf->held = slot;
		list_add_tail(&buf->list, &r->held_list);
	} else if (slot) {
		vcam_slot_put_locked(cam, slot);
	}
	buf->vb.sequence = r->sequence++;
	r->last_done_ns = ktime_get_ns();
	vb->timestamp = r->last_done_ns;
	spin_unlock(&cam->frame_lock);

	buf->vb.field = V4L2_FIELD_NONE;
	vb2_buffer_done(vb, ret ? VB2_BUF_STATE_ERROR : VB2_BUF_STATE_DONE);
	return true;
}

/**
 * vcam_deliver_work() - Fill one node's capture buffers
 * @work: &vcam_reader.work.
 *
 * Queued by %VCAM_IOC_QUEUE (a new frame, on every streaming node), by
 * start_streaming (the first frame) and by the node's frame clock
 * (&vcam_reader.tick). A work item never runs concurrently with itself, so a
 * node's deliveries are ordered; different nodes deliver in parallel. Copies
 * run here, in process context, without any lock held; the slot being read
 * is pinned by &vcam_slot.users.
 */
void vcam_deliver_work(struct work_struct *work)
{
	struct vcam_reader *r = container_of(work, struct vcam_reader, work);
	bool tick = atomic_xchg(&r->tick, 0);

	while (vcam_deliver_one(r, &tick))
		cond_resched();
}
