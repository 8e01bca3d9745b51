// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcam: the capture nodes ("readers"). V4L2 ioctls, vb2 queue operations,
 * the frame clock, registration and shutdown of each /dev/videoN.
 */

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/videodev2.h>
#include <media/v4l2-dev.h>
#include <media/v4l2-fh.h>
#include <media/v4l2-ioctl.h>
#include <media/videobuf2-v4l2.h>
#include <media/videobuf2-vmalloc.h>

#include "vcam.h"
#include "vcam-compat.h"

/* read() uses this many buffers (vb2 file I/O: max(2, min_queued + 1)). */
#define VCAM_READ_BUFFERS	2

static struct vcam_reader *vcam_reader_from_file(struct file *file)
{
	return video_drvdata(file);
}

static struct vcam_cam *vcam_cam_from_file(struct file *file)
{
	return vcam_reader_from_file(file)->cam;
}

/* ---------------------------------------------------------------------
 * V4L2 ioctls: the format is fixed by the producer, so every "set" and
 * "try" answers with the camera's format and interval.
 */

static int vcam_querycap(struct file *file, void *priv,
			 struct v4l2_capability *cap)
{
	struct vcam_reader *r = vcam_reader_from_file(file);

	strscpy(cap->driver, "vcam", sizeof(cap->driver));
	strscpy(cap->card, r->card, sizeof(cap->card));
	snprintf(cap->bus_info, sizeof(cap->bus_info), "platform:vcam-%d",
		 r->cam->id);
	return 0;
}

static int vcam_enum_fmt(struct file *file, void *priv, struct v4l2_fmtdesc *f)
{
	struct vcam_cam *cam = vcam_cam_from_file(file);

	if (f->index)
		return -EINVAL;
	f->pixelformat = cam->fmt.pixelformat;
	return 0;
}

static int vcam_fmt(struct file *file, void *priv, struct v4l2_format *f)
{
	const struct vcam_format *fmt = &vcam_cam_from_file(file)->fmt;
	struct v4l2_pix_format *pix = &f->fmt.pix;

	pix->width = fmt->width;
	pix->height = fmt->height;
	pix->pixelformat = fmt->pixelformat;
	pix->field = V4L2_FIELD_NONE;
	pix->bytesperline = fmt->bytesperline;
	pix->sizeimage = fmt->sizeimage;
	pix->colorspace = fmt->colorspace;
	pix->flags = 0;
	pix->ycbcr_enc = V4L2_YCBCR_ENC_DEFAULT;
	pix->quantization = V4L2_QUANTIZATION_DEFAULT;
	pix->xfer_func = V4L2_XFER_FUNC_DEFAULT;
	return 0;
}

static int vcam_enum_framesizes(struct file *file, void *priv,
				struct v4l2_frmsizeenum *fsize)
{
	const struct vcam_format *fmt = &vcam_cam_from_file(file)->fmt;

	if (fsize->index || fsize->pixel_format != fmt->pixelformat)
		return -EINVAL;
	fsize->type = V4L2_FRMSIZE_TYPE_DISCRETE;
	fsize->discrete.width = fmt->width;
	fsize->discrete.height = fmt->height;
	return 0;
}

static int vcam_enum_frameintervals(struct file *file, void *priv,
				    struct v4l2_frmivalenum *fival)
{
	const struct vcam_format *fmt = &vcam_cam_from_file(file)->fmt;

	if (fival->index || fival->pixel_format != fmt->pixelformat ||
	    fival->width != fmt->width || fival->height != fmt->height)
		return -EINVAL;
	fival->type = V4L2_FRMIVAL_TYPE_DISCRETE;
	fival->discrete = fmt->timeperframe;
	return 0;
}

static int vcam_parm(struct file *file, void *priv, struct v4l2_streamparm *p)
{
	struct vcam_cam *cam = vcam_cam_from_file(file);

	if (p->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
		return -EINVAL;
	memset(&p->parm.capture, 0, sizeof(p->parm.capture));
	p->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
	p->parm.capture.timeperframe = cam->fmt.timeperframe;
	p->parm.capture.readbuffers = VCAM_READ_BUFFERS;
	return 0;
}

static int vcam_enum_input(struct file *file, void *priv,
			   struct v4l2_input *inp)
{
	if (inp->index)
		return -EINVAL;
	inp->type = V4L2_INPUT_TYPE_CAMERA;
	strscpy(inp->name, "Camera", sizeof(inp->name));
	return 0;
}

static int vcam_g_input(struct file *file, void *priv, unsigned int *i)
{
	*i = 0;
	return 0;
}

static int vcam_s_input(struct file *file, void *priv, unsigned int i)
{
	return i ? -EINVAL : 0;
}

/*
 * An exported capture buffer may be written by whoever gets the DMA-BUF: the
 * driver may then no longer assume that its MMAP buffers still hold what it
 * wrote (see vcam_buffer_holds() in vcam-frames.c).
 */
static int vcam_expbuf(struct file *file, void *priv,
		       struct v4l2_exportbuffer *eb)
{
	WRITE_ONCE(vcam_reader_from_file(file)->capture_exposed, true);
	return vb2_ioctl_expbuf(file, priv, eb);
}

static const struct v4l2_ioctl_ops vcam_ioctl_ops = {
	.vidioc_querycap = vcam_querycap,
	.vidioc_enum_fmt_vid_cap = vcam_enum_fmt,
	.vidioc_g_fmt_vid_cap = vcam_fmt,
	.vidioc_s_fmt_vid_cap = vcam_fmt,
	.vidioc_try_fmt_vid_cap = vcam_fmt,
	.vidioc_enum_framesizes = vcam_enum_framesizes,
	.vidioc_enum_frameintervals = vcam_enum_frameintervals,
	.vidioc_g_parm = vcam_parm,
	.vidioc_s_parm = vcam_parm,
	.vidioc_enum_input = vcam_enum_input,
	.vidioc_g_input = vcam_g_input,
	.vidioc_s_input = vcam_s_input,
	.vidioc_reqbufs = vb2_ioctl_reqbufs,
	.vidioc_create_bufs = vb2_ioctl_create_bufs,
	.vidioc_prepare_buf = vcam_vb2_ioctl_prepare_buf,
	.vidioc_querybuf = vb2_ioctl_querybuf,
	.vidioc_qbuf = vcam_vb2_ioctl_qbuf,
	.vidioc_dqbuf = vb2_ioctl_dqbuf,
	.vidioc_expbuf = vcam_expbuf,
	.vidioc_streamon = vb2_ioctl_streamon,
	.vidioc_streamoff = vb2_ioctl_streamoff,
};

/* ---------------------------------------------------------------------
 * File operations: any number of opens; vb2 decides who streams a node.
 */

static void vcam_openers_add(struct vcam_reader *r, int delta)
{
	struct vcam_cam *cam = r->cam;
	bool changed;

	spin_lock(&cam->frame_lock);
	r->openers += delta;
	cam->openers += delta;
	changed = cam->openers == (delta > 0 ? 1 : 0);
	spin_unlock(&cam->frame_lock);
	if (changed)
		vcam_status_changed(cam);
}

static int vcam_vid_open(struct file *file)
{
	int ret;

	ret = v4l2_fh_open(file);
	if (!ret)
		vcam_openers_add(vcam_reader_from_file(file), 1);
	return ret;
}

static int vcam_vid_release(struct file *file)
{
	struct vcam_reader *r = vcam_reader_from_file(file);
	int ret;

	ret = vb2_fop_release(file);
	vcam_openers_add(r, -1);
	return ret;
}

/*
 * A writable mapping lets the consumer change a capture buffer behind the
 * driver's back (see vcam_buffer_holds() in vcam-frames.c); a read-only one
 * loses VM_MAYWRITE, so that mprotect() cannot make it writable later.
 */
static int vcam_vid_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct vcam_reader *r = vcam_reader_from_file(file);

	if (vma->vm_flags & VM_WRITE)
		WRITE_ONCE(r->capture_exposed, true);
	else
		vcam_vm_flags_clear(vma, VM_MAYWRITE);
	return vb2_fop_mmap(file, vma);
}

static const struct v4l2_file_operations vcam_vid_fops = {
	.owner = THIS_MODULE,
	.open = vcam_vid_open,
	.release = vcam_vid_release,
	.read = vb2_fop_read,
	.poll = vcam_vb2_fop_poll,
	.mmap = vcam_vid_mmap,
	.unlocked_ioctl = video_ioctl2,
};

/* ---------------------------------------------------------------------
 * vb2 queue operations.
 */

static struct vcam_buffer *vcam_buffer_from_vb(struct vb2_buffer *vb)
{
	return container_of(to_vb2_v4l2_buffer(vb), struct vcam_buffer, vb);
}

/*
 * Capture buffers share the camera's memory budget with every other capture
 * node of the camera (the producer's slots have a budget of their own).
 * VIDIOC_CREATE_BUFS may ask for buffers larger than a frame, so the budget
 * counts the size of every buffer, not the number of frames. The count asked
 * for is trimmed here to what fits now; vcam_buf_init() enforces the budget
 * exactly, buffer by buffer, against concurrent allocations on other nodes.
 */
static int vcam_queue_setup(struct vb2_queue *q, unsigned int *nbuffers,
			    unsigned int *nplanes, unsigned int sizes[],
			    struct device *alloc_devs[])
{
	struct vcam_reader *r = vb2_get_drv_priv(q);
	struct vcam_cam *cam = r->cam;
	unsigned int have = vcam_vb2_num_buffers(q);
	u64 used, max;

	if (*nplanes) {
		if (*nplanes != 1 || sizes[0] < cam->fmt.sizeimage) {
			vcam_dbg(1, cam, "reader %u: buffers of %u bytes refused, a frame needs %u\n",
				 r->index, *nplanes == 1 ? sizes[0] : 0,
				 cam->fmt.sizeimage);
			return -EINVAL;
		}
	} else {
		*nplanes = 1;
		sizes[0] = cam->fmt.sizeimage;
	}

	spin_lock(&cam->frame_lock);
	used = cam->capture_bytes;
	spin_unlock(&cam->frame_lock);

	max = 0;
	if (have < VCAM_MAX_CAPTURE_BUFS && used < vcam_max_camera_bytes)
		max = min_t(u64, VCAM_MAX_CAPTURE_BUFS - have,
			    div_u64(vcam_max_camera_bytes - used, sizes[0]));
	if (!max) {
		vcam_dbg(1, cam, "reader %u: no room for capture buffers (%u held, %llu of %llu bytes used)\n",
			 r->index, have, used, vcam_max_camera_bytes);
		return -ENOMEM;
	}
	*nbuffers = min_t(u64, *nbuffers, max);
	/* Fresh buffers: no mapping or export of them exists yet. */
	if (!have)
		WRITE_ONCE(r->capture_exposed, false);
	return 0;
}

/*
 * Memory the driver allocates (MMAP) or pins (USERPTR) counts against the
 * camera's budget; an imported DMA-BUF belongs to its exporter.
 */
static int vcam_buf_init(struct vb2_buffer *vb)
{
	struct vcam_reader *r = vb2_get_drv_priv(vb->vb2_queue);
	struct vcam_buffer *buf = vcam_buffer_from_vb(vb);
	struct vcam_cam *cam = r->cam;
	u32 bytes = 0;
	int ret = 0;

	INIT_LIST_HEAD(&buf->list);
	buf->held = NULL;
	buf->gen = 0;
	buf->export_dbuf = NULL;
	buf->fd_cookie = 0;
	buf->xslot = NULL;
	if (vb->memory != VB2_MEMORY_DMABUF)
		bytes = vb->planes[0].length;

	spin_lock(&cam->frame_lock);
	if (cam->capture_bytes + bytes > vcam_max_camera_bytes)
		ret = -ENOMEM;
	else
		cam->capture_bytes += bytes;
	spin_unlock(&cam->frame_lock);
	if (ret) {
		vcam_dbg(1, cam, "reader %u: buffer of %u bytes over the camera's memory budget\n",
			 r->index, bytes);
		return ret;
	}
	buf->budget = bytes;
	return 0;
}

static int vcam_buf_prepare(struct vb2_buffer *vb)
{
	struct vcam_reader *r = vb2_get_drv_priv(vb->vb2_queue);
	struct vcam_cam *cam = r->cam;

	if (vb2_plane_size(vb, 0) < cam->fmt.sizeimage) {
		vcam_dbg(1, cam, "reader %u: buffer %u holds %lu bytes, a frame needs %u\n",
			 r->index, vb->index, vb2_plane_size(vb, 0),
			 cam->fmt.sizeimage);
		return -EINVAL;
	}
	return 0;
}

/* Give back the slot a zero-copy buffer holds. Context: frame_lock held. */
static void vcam_buf_unhold_locked(struct vcam_cam *cam, struct vcam_buffer *buf)
{
	lockdep_assert_held(&cam->frame_lock);
	if (!buf->held)
		return;
	list_del_init(&buf->list);
	vcam_slot_put_locked(cam, buf->held);
	buf->held = NULL;
}

static void vcam_buf_queue(struct vb2_buffer *vb)
{
	struct vcam_reader *r = vb2_get_drv_priv(vb->vb2_queue);
	struct vcam_buffer *buf = vcam_buffer_from_vb(vb);
	struct vcam_cam *cam = r->cam;

	/*
	 * No delivery from here: a new frame that found no free buffer goes
	 * out on the next tick, so that a buffer is not completed while its
	 * own VIDIOC_QBUF is still running.
	 */
	spin_lock(&cam->frame_lock);
	vcam_buf_unhold_locked(cam, buf);
	list_add_tail(&buf->list, &r->capture_list);
	spin_unlock(&cam->frame_lock);
}

static void vcam_buf_cleanup(struct vb2_buffer *vb)
{
	struct vcam_reader *r = vb2_get_drv_priv(vb->vb2_queue);
	struct vcam_buffer *buf = vcam_buffer_from_vb(vb);
	struct vcam_cam *cam = r->cam;

	spin_lock(&cam->frame_lock);
	vcam_buf_unhold_locked(cam, buf);
	cam->capture_bytes -= buf->budget;
	spin_unlock(&cam->frame_lock);
	buf->budget = 0;
	vcam_export_buf_cleanup(r, buf);
}

/*
 * Hand every buffer queued to the driver (or lent to the producer) back to
 * vb2 with @state and drop the slots that buffers in userspace hold.
 */
static void vcam_return_bufs(struct vcam_reader *r, enum vb2_buffer_state state)
{
	struct vcam_cam *cam = r->cam;
	struct vcam_buffer *buf, *tmp;
	LIST_HEAD(bufs);

	spin_lock(&cam->frame_lock);
	vcam_export_stream_stop_locked(r, &bufs);
	list_splice_init(&r->capture_list, &bufs);
	list_for_each_entry_safe(buf, tmp, &r->held_list, list)
		vcam_buf_unhold_locked(cam, buf);
	spin_unlock(&cam->frame_lock);

	list_for_each_entry_safe(buf, tmp, &bufs, list) {
		list_del_init(&buf->list);
		vb2_buffer_done(&buf->vb.vb2_buf, state);
	}
}

/* Stop the frame clock and wait for a delivery in progress. */
static void vcam_clock_stop(struct vcam_reader *r)
{
	hrtimer_cancel(&r->timer);
	cancel_work_sync(&r->work);
}

static int vcam_start_streaming(struct vb2_queue *q, unsigned int count)
{
	struct vcam_reader *r = vb2_get_drv_priv(q);
	struct vcam_cam *cam = r->cam;

	spin_lock(&cam->frame_lock);
	if (cam->dead) {
		spin_unlock(&cam->frame_lock);
		vcam_return_bufs(r, VB2_BUF_STATE_QUEUED);
		vcam_dbg(1, cam, "reader %u: STREAMON after the producer left\n",
			 r->index);
		return -ENODEV;
	}
	r->streaming = true;
	cam->readers_streaming++;
	r->sequence = 0;
	r->delivered_since_tick = false;
	/*
	 * A frame another node already showed is a repeat here: "new" means
	 * new from the producer, so that the counters stay per frame.
	 */
	r->last_gen = cam->cur && !cam->cur->fresh ? cam->cur->gen : 0;
	vcam_export_stream_start_locked(r);
	spin_unlock(&cam->frame_lock);
	vcam_status_changed(cam);
	vcam_dbg(2, cam, "reader %u: streaming\n", r->index);

	/*
	 * The first frame (the current one, or black) is in a buffer before
	 * STREAMON returns, so that a consumer never sees an empty start (a
	 * non-blocking read() right after it behaves the same every time); the
	 * next ones follow on the clock. The work takes no mutex: flushing it
	 * under &r->lock is safe.
	 */
	atomic_set(&r->tick, 1);
	queue_work(vcam_wq, &r->work);
	flush_work(&r->work);
	hrtimer_start(&r->timer, ns_to_ktime(cam->period_ns), HRTIMER_MODE_REL);
	return 0;
}

static void vcam_stop_streaming(struct vb2_queue *q)
{
	struct vcam_reader *r = vb2_get_drv_priv(q);
	struct vcam_cam *cam = r->cam;

	spin_lock(&cam->frame_lock);
	r->streaming = false;
	cam->readers_streaming--;
	spin_unlock(&cam->frame_lock);
	vcam_clock_stop(r);
	vcam_return_bufs(r, VB2_BUF_STATE_ERROR);
	vcam_status_changed(cam);
	vcam_dbg(2, cam, "reader %u: stopped\n", r->index);
}

static const struct vb2_ops vcam_vb2_ops = {
	.queue_setup = vcam_queue_setup,
	.buf_init = vcam_buf_init,
	.buf_prepare = vcam_buf_prepare,
	.buf_queue = vcam_buf_queue,
	.buf_cleanup = vcam_buf_cleanup,
	.start_streaming = vcam_start_streaming,
	.stop_streaming = vcam_stop_streaming,
	VCAM_VB2_WAIT_OPS
};

/* ---------------------------------------------------------------------
 * Frame clock: an hrtimer at the camera's frame interval that kicks the
 * node's delivery work; the work repeats the current frame if no new one
 * came.
 */

static enum hrtimer_restart vcam_clock_fn(struct hrtimer *timer)
{
	struct vcam_reader *r = container_of(timer, struct vcam_reader, timer);

	atomic_set(&r->tick, 1);
	queue_work(vcam_wq, &r->work);
	hrtimer_forward_now(timer, ns_to_ktime(r->cam->period_ns));
	return HRTIMER_RESTART;
}

/* ---------------------------------------------------------------------
 * Creation, registration and shutdown of a node.
 */

/**
 * vcam_reader_alloc() - Allocate capture node @index of a camera
 * @cam: The camera, with its label and format set.
 * @index: 0 .. &cam->nr_readers - 1.
 *
 * Return: the node (not registered yet), or NULL without memory.
 */
struct vcam_reader *vcam_reader_alloc(struct vcam_cam *cam, unsigned int index)
{
	struct vcam_reader *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return NULL;
	r->cam = cam;
	r->index = index;
	mutex_init(&r->lock);
	INIT_LIST_HEAD(&r->capture_list);
	INIT_LIST_HEAD(&r->held_list);
	INIT_LIST_HEAD(&r->lent_list);
	vcam_hrtimer_setup(&r->timer, vcam_clock_fn);
	INIT_WORK(&r->work, vcam_deliver_work);
	return r;
}

/**
 * vcam_reader_free() - Free a node
 * @r: A node that is not registered, or whose video device was released.
 */
void vcam_reader_free(struct vcam_reader *r)
{
	mutex_destroy(&r->lock);
	kfree(r);
}

/* The label, with " #<n>" after it for every node but the first. */
static void vcam_reader_name(struct vcam_reader *r)
{
	const char *label = r->cam->label;
	char suffix[8];
	size_t room;

	if (!r->index) {
		strscpy(r->card, label, sizeof(r->card));
		return;
	}
	snprintf(suffix, sizeof(suffix), " #%u", r->index + 1);
	room = sizeof(r->card) - strlen(suffix);
	snprintf(r->card, sizeof(r->card), "%.*s%s", (int)(room - 1), label,
		 suffix);
}

static int vcam_queue_init(struct vcam_reader *r)
{
	struct vb2_queue *q = &r->queue;

	q->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	q->io_modes = VB2_MMAP | VB2_USERPTR | VB2_DMABUF | VB2_READ;
	q->drv_priv = r;
	q->buf_struct_size = sizeof(struct vcam_buffer);
	q->ops = &vcam_vb2_ops;
	q->mem_ops = &vb2_vmalloc_memops;
	q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
	q->lock = &r->lock;
	return vb2_queue_init(q);
}

/**
 * vcam_reader_register() - Create the node's /dev/videoN
 * @r: The node.
 * @device_nr: Wanted N, or -1 for the first free number.
 *
 * On success the video device holds a reference on the camera's v4l2_device
 * that its release drops.
 *
 * Return: 0, -ENFILE if @device_nr is taken, or another negative errno; on
 * failure nothing stays registered.
 */
int vcam_reader_register(struct vcam_reader *r, int device_nr)
{
	struct video_device *vdev = &r->vdev;
	struct vcam_cam *cam = r->cam;
	int ret;

	ret = vcam_queue_init(r);
	if (ret)
		return ret;

	vcam_reader_name(r);
	strscpy(vdev->name, r->card, sizeof(vdev->name));
	vdev->v4l2_dev = &cam->v4l2_dev;
	vdev->fops = &vcam_vid_fops;
	vdev->ioctl_ops = &vcam_ioctl_ops;
	vdev->release = video_device_release_empty;
	vdev->lock = &r->lock;
	vdev->queue = &r->queue;
	vdev->vfl_dir = VFL_DIR_RX;
	vdev->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING |
			    V4L2_CAP_READWRITE;
	video_set_drvdata(vdev, r);

	ret = video_register_device(vdev, VFL_TYPE_VIDEO, device_nr);
	if (ret) {
		vcam_dbg(1, cam, "reader %u: cannot register a video device: %d\n",
			 r->index, ret);
		return ret;
	}
	if (device_nr >= 0 && vdev->num != device_nr) {
		vcam_dbg(1, cam, "/dev/video%d is taken\n", device_nr);
		vb2_video_unregister_device(vdev);
		return -ENFILE;
	}
	return 0;
}

/**
 * vcam_reader_shutdown() - The producer is gone: stop serving this node
 * @r: The node of a camera already marked dead.
 *
 * Unregisters the node (new opens and ioctls of open handles then fail with
 * -ENODEV from the V4L2 core) and releases its queue as the owner's close
 * would: streaming stops (stop_streaming cancels the clock and waits for a
 * delivery in progress), buffers are freed (mappings keep their memory) and
 * a consumer blocked in VIDIOC_DQBUF or poll() wakes up. Open handles keep
 * the camera's memory alive until they are closed. A node that was never
 * registered is left alone.
 */
void vcam_reader_shutdown(struct vcam_reader *r)
{
	vb2_video_unregister_device(&r->vdev);
}
