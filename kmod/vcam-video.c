// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcam: the capture node. V4L2 ioctls, vb2 queue operations, the frame
 * clock, registration and shutdown of /dev/videoN.
 */

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
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

static struct vcam_cam *vcam_from_file(struct file *file)
{
	return video_drvdata(file);
}

/* ---------------------------------------------------------------------
 * V4L2 ioctls: the format is fixed by the producer, so every "set" and
 * "try" answers with the camera's format and interval.
 */

static int vcam_querycap(struct file *file, void *priv,
			 struct v4l2_capability *cap)
{
	struct vcam_cam *cam = vcam_from_file(file);

	strscpy(cap->driver, "vcam", sizeof(cap->driver));
	strscpy(cap->card, cam->label, sizeof(cap->card));
	snprintf(cap->bus_info, sizeof(cap->bus_info), "platform:vcam-%d",
		 cam->id);
	return 0;
}

static int vcam_enum_fmt(struct file *file, void *priv, struct v4l2_fmtdesc *f)
{
	struct vcam_cam *cam = vcam_from_file(file);

	if (f->index)
		return -EINVAL;
	f->pixelformat = cam->pixelformat;
	return 0;
}

static int vcam_fmt(struct file *file, void *priv, struct v4l2_format *f)
{
	struct vcam_cam *cam = vcam_from_file(file);
	struct v4l2_pix_format *pix = &f->fmt.pix;

	pix->width = cam->width;
	pix->height = cam->height;
	pix->pixelformat = cam->pixelformat;
	pix->field = V4L2_FIELD_NONE;
	pix->bytesperline = cam->bytesperline;
	pix->sizeimage = cam->sizeimage;
	pix->colorspace = cam->colorspace;
	pix->flags = 0;
	pix->ycbcr_enc = V4L2_YCBCR_ENC_DEFAULT;
	pix->quantization = V4L2_QUANTIZATION_DEFAULT;
	pix->xfer_func = V4L2_XFER_FUNC_DEFAULT;
	return 0;
}

static int vcam_enum_framesizes(struct file *file, void *priv,
				struct v4l2_frmsizeenum *fsize)
{
	struct vcam_cam *cam = vcam_from_file(file);

	if (fsize->index || fsize->pixel_format != cam->pixelformat)
		return -EINVAL;
	fsize->type = V4L2_FRMSIZE_TYPE_DISCRETE;
	fsize->discrete.width = cam->width;
	fsize->discrete.height = cam->height;
	return 0;
}

static int vcam_enum_frameintervals(struct file *file, void *priv,
				    struct v4l2_frmivalenum *fival)
{
	struct vcam_cam *cam = vcam_from_file(file);

	if (fival->index || fival->pixel_format != cam->pixelformat ||
	    fival->width != cam->width || fival->height != cam->height)
		return -EINVAL;
	fival->type = V4L2_FRMIVAL_TYPE_DISCRETE;
	fival->discrete = cam->timeperframe;
	return 0;
}

static int vcam_parm(struct file *file, void *priv, struct v4l2_streamparm *p)
{
	struct vcam_cam *cam = vcam_from_file(file);

	if (p->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
		return -EINVAL;
	memset(&p->parm.capture, 0, sizeof(p->parm.capture));
	p->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
	p->parm.capture.timeperframe = cam->timeperframe;
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
	WRITE_ONCE(vcam_from_file(file)->capture_exposed, true);
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
	.vidioc_prepare_buf = vb2_ioctl_prepare_buf,
	.vidioc_querybuf = vb2_ioctl_querybuf,
	.vidioc_qbuf = vb2_ioctl_qbuf,
	.vidioc_dqbuf = vb2_ioctl_dqbuf,
	.vidioc_expbuf = vcam_expbuf,
	.vidioc_streamon = vb2_ioctl_streamon,
	.vidioc_streamoff = vb2_ioctl_streamoff,
};

/* ---------------------------------------------------------------------
 * File operations: any number of opens; vb2 decides who streams.
 */

static void vcam_openers_add(struct vcam_cam *cam, int delta)
{
	bool changed;

	spin_lock(&cam->frame_lock);
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
		vcam_openers_add(vcam_from_file(file), 1);
	return ret;
}

static int vcam_vid_release(struct file *file)
{
	struct vcam_cam *cam = vcam_from_file(file);
	int ret;

	ret = vb2_fop_release(file);
	vcam_openers_add(cam, -1);
	return ret;
}

/*
 * A writable mapping lets the consumer change a capture buffer behind the
 * driver's back (see vcam_buffer_holds() in vcam-frames.c); a read-only one
 * loses VM_MAYWRITE, so that mprotect() cannot make it writable later.
 */
static int vcam_vid_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct vcam_cam *cam = vcam_from_file(file);

	if (vma->vm_flags & VM_WRITE)
		WRITE_ONCE(cam->capture_exposed, true);
	else
		vcam_vm_flags_clear(vma, VM_MAYWRITE);
	return vb2_fop_mmap(file, vma);
}

static const struct v4l2_file_operations vcam_vid_fops = {
	.owner = THIS_MODULE,
	.open = vcam_vid_open,
	.release = vcam_vid_release,
	.read = vb2_fop_read,
	.poll = vb2_fop_poll,
	.mmap = vcam_vid_mmap,
	.unlocked_ioctl = video_ioctl2,
};

/* ---------------------------------------------------------------------
 * vb2 queue operations.
 */

/* Bytes of the capture buffers that @q holds now. */
static u64 vcam_capture_bytes(struct vb2_queue *q)
{
	struct vb2_buffer *vb;
	unsigned int i;
	u64 bytes = 0;

	for (i = 0; i < VCAM_MAX_CAPTURE_BUFS; i++) {
		vb = vb2_get_buffer(q, i);
		if (vb)
			bytes += vb->planes[0].length;
	}
	return bytes;
}

/*
 * Capture buffers share the per-camera byte budget. VIDIOC_CREATE_BUFS may
 * ask for buffers larger than a frame, so the budget counts the size of
 * every buffer, not the number of frames.
 */
static int vcam_queue_setup(struct vb2_queue *q, unsigned int *nbuffers,
			    unsigned int *nplanes, unsigned int sizes[],
			    struct device *alloc_devs[])
{
	struct vcam_cam *cam = vb2_get_drv_priv(q);
	unsigned int have = vcam_vb2_num_buffers(q);
	u64 used = vcam_capture_bytes(q);
	u64 max;

	if (*nplanes) {
		if (*nplanes != 1 || sizes[0] < cam->sizeimage)
			return -EINVAL;
	} else {
		*nplanes = 1;
		sizes[0] = cam->sizeimage;
	}

	if (have >= VCAM_MAX_CAPTURE_BUFS || used >= vcam_max_camera_bytes)
		return -ENOMEM;
	max = min_t(u64, VCAM_MAX_CAPTURE_BUFS - have,
		    div_u64(vcam_max_camera_bytes - used, sizes[0]));
	if (!max)
		return -ENOMEM;
	*nbuffers = min_t(u64, *nbuffers, max);
	/* Fresh buffers: no mapping or export of them exists yet. */
	if (!have)
		WRITE_ONCE(cam->capture_exposed, false);
	return 0;
}

static int vcam_buf_init(struct vb2_buffer *vb)
{
	struct vcam_buffer *buf = container_of(to_vb2_v4l2_buffer(vb),
					       struct vcam_buffer, vb);

	INIT_LIST_HEAD(&buf->list);
	buf->held = NULL;
	buf->gen = 0;
	return 0;
}

static int vcam_buf_prepare(struct vb2_buffer *vb)
{
	struct vcam_cam *cam = vb2_get_drv_priv(vb->vb2_queue);

	return vb2_plane_size(vb, 0) < cam->sizeimage ? -EINVAL : 0;
}

/* Give back the slot a zero-copy buffer holds. */
static void vcam_buf_unhold_locked(struct vcam_cam *cam, struct vcam_buffer *buf)
{
	if (!buf->held)
		return;
	list_del_init(&buf->list);
	vcam_slot_put_locked(cam, buf->held);
	buf->held = NULL;
}

static void vcam_buf_queue(struct vb2_buffer *vb)
{
	struct vcam_cam *cam = vb2_get_drv_priv(vb->vb2_queue);
	struct vcam_buffer *buf = container_of(to_vb2_v4l2_buffer(vb),
					       struct vcam_buffer, vb);

	/*
	 * No delivery from here: a new frame that found no free buffer goes
	 * out on the next tick, so that a buffer is not completed while its
	 * own VIDIOC_QBUF is still running.
	 */
	spin_lock(&cam->frame_lock);
	vcam_buf_unhold_locked(cam, buf);
	list_add_tail(&buf->list, &cam->capture_list);
	spin_unlock(&cam->frame_lock);
}

static void vcam_buf_cleanup(struct vb2_buffer *vb)
{
	struct vcam_cam *cam = vb2_get_drv_priv(vb->vb2_queue);
	struct vcam_buffer *buf = container_of(to_vb2_v4l2_buffer(vb),
					       struct vcam_buffer, vb);

	spin_lock(&cam->frame_lock);
	vcam_buf_unhold_locked(cam, buf);
	spin_unlock(&cam->frame_lock);
}

/*
 * Hand every buffer queued to the driver back to vb2 with @state and drop
 * the slots that buffers in userspace hold.
 */
static void vcam_return_bufs(struct vcam_cam *cam, enum vb2_buffer_state state)
{
	struct vcam_buffer *buf, *tmp;
	LIST_HEAD(bufs);

	spin_lock(&cam->frame_lock);
	list_splice_init(&cam->capture_list, &bufs);
	list_for_each_entry_safe(buf, tmp, &cam->held_list, list)
		vcam_buf_unhold_locked(cam, buf);
	spin_unlock(&cam->frame_lock);

	list_for_each_entry_safe(buf, tmp, &bufs, list) {
		list_del_init(&buf->list);
		vb2_buffer_done(&buf->vb.vb2_buf, state);
	}
}

/* Stop the frame clock and wait for a delivery in progress. */
static void vcam_clock_stop(struct vcam_cam *cam)
{
	hrtimer_cancel(&cam->timer);
	cancel_work_sync(&cam->work);
}

static int vcam_start_streaming(struct vb2_queue *q, unsigned int count)
{
	struct vcam_cam *cam = vb2_get_drv_priv(q);

	spin_lock(&cam->frame_lock);
	if (cam->dead) {
		spin_unlock(&cam->frame_lock);
		vcam_return_bufs(cam, VB2_BUF_STATE_QUEUED);
		return -ENODEV;
	}
	cam->streaming = true;
	cam->sequence = 0;
	cam->delivered_since_tick = false;
	spin_unlock(&cam->frame_lock);
	vcam_status_changed(cam);

	/*
	 * The first frame (the current one, or black) is in a buffer before
	 * STREAMON returns, so that a consumer never sees an empty start (a
	 * non-blocking read() right after it behaves the same every time); the
	 * next ones follow on the clock. The work takes no mutex: flushing it
	 * under &cam->lock is safe.
	 */
	atomic_set(&cam->tick, 1);
	queue_work(vcam_wq, &cam->work);
	flush_work(&cam->work);
	hrtimer_start(&cam->timer, ns_to_ktime(cam->period_ns),
		      HRTIMER_MODE_REL);
	return 0;
}

static void vcam_stop_streaming(struct vb2_queue *q)
{
	struct vcam_cam *cam = vb2_get_drv_priv(q);

	spin_lock(&cam->frame_lock);
	cam->streaming = false;
	spin_unlock(&cam->frame_lock);
	vcam_clock_stop(cam);
	vcam_return_bufs(cam, VB2_BUF_STATE_ERROR);
	vcam_status_changed(cam);
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
 * delivery work; the work repeats the current frame if no new one came.
 */

static enum hrtimer_restart vcam_clock_fn(struct hrtimer *timer)
{
	struct vcam_cam *cam = container_of(timer, struct vcam_cam, timer);

	atomic_set(&cam->tick, 1);
	queue_work(vcam_wq, &cam->work);
	hrtimer_forward_now(timer, ns_to_ktime(cam->period_ns));
	return HRTIMER_RESTART;
}

/**
 * vcam_clock_init() - Initialise the frame clock and the delivery work
 * @cam: A new camera.
 */
void vcam_clock_init(struct vcam_cam *cam)
{
	vcam_hrtimer_setup(&cam->timer, vcam_clock_fn);
	INIT_WORK(&cam->work, vcam_deliver_work);
}

/* ---------------------------------------------------------------------
 * Registration and shutdown.
 */

static int vcam_queue_init(struct vcam_cam *cam)
{
	struct vb2_queue *q = &cam->queue;

	q->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	q->io_modes = VB2_MMAP | VB2_USERPTR | VB2_DMABUF | VB2_READ;
	q->drv_priv = cam;
	q->buf_struct_size = sizeof(struct vcam_buffer);
	q->ops = &vcam_vb2_ops;
	q->mem_ops = &vb2_vmalloc_memops;
	q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
	q->lock = &cam->lock;
	return vb2_queue_init(q);
}

/**
 * vcam_video_register() - Create /dev/videoN for a camera
 * @cam: The camera, fully initialised but for its capture node.
 * @device_nr: Wanted N, or -1 for the first free number.
 *
 * On success the video device holds a reference on &cam->v4l2_dev that its
 * release drops. On failure nothing is registered (but the caller must still
 * call vcam_video_shutdown(), which is harmless then).
 *
 * Return: 0, -ENFILE if @device_nr is taken, or another negative errno.
 */
int vcam_video_register(struct vcam_cam *cam, int device_nr)
{
	struct video_device *vdev = &cam->vdev;
	int ret;

	ret = vcam_queue_init(cam);
	if (ret)
		return ret;

	strscpy(vdev->name, cam->label, sizeof(vdev->name));
	vdev->v4l2_dev = &cam->v4l2_dev;
	vdev->fops = &vcam_vid_fops;
	vdev->ioctl_ops = &vcam_ioctl_ops;
	vdev->release = video_device_release_empty;
	vdev->lock = &cam->lock;
	vdev->queue = &cam->queue;
	vdev->vfl_dir = VFL_DIR_RX;
	vdev->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING |
			    V4L2_CAP_READWRITE;
	video_set_drvdata(vdev, cam);

	ret = video_register_device(vdev, VFL_TYPE_VIDEO, device_nr);
	if (ret)
		return ret;
	if (device_nr >= 0 && vdev->num != device_nr) {
		video_unregister_device(vdev);
		return -ENFILE;
	}
	return 0;
}

/**
 * vcam_video_shutdown() - The producer is gone: stop serving consumers
 * @cam: The camera.
 *
 * Unregisters the capture node (new opens and ioctls of open handles fail
 * with -ENODEV from the V4L2 core), then marks the camera dead under its
 * lock, stops the frame clock, completes the driver's buffers with an error
 * and puts the queue in the error state so that a consumer blocked in
 * VIDIOC_DQBUF or poll() wakes up. Open handles keep the camera's memory
 * alive until they are closed.
 */
void vcam_video_shutdown(struct vcam_cam *cam)
{
	video_unregister_device(&cam->vdev);

	mutex_lock(&cam->lock);
	spin_lock(&cam->frame_lock);
	cam->dead = true;
	spin_unlock(&cam->frame_lock);
	vcam_clock_stop(cam);
	vcam_return_bufs(cam, VB2_BUF_STATE_ERROR);
	if (vb2_is_streaming(&cam->queue))
		vb2_queue_error(&cam->queue);
	mutex_unlock(&cam->lock);
}
