// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcam: virtual V4L2 cameras fed with DMA-BUFs from userspace.
 *
 * /dev/vcam, the camera registry, limits and the producer's ioctls.
 */

/**
 * DOC: Locking and lifetime
 *
 * Objects. A &struct vcam_cam is one camera. Its embedded &v4l2_device's
 * reference count is the camera's reference count (a kref), and the
 * v4l2_device release callback, vcam_cam_release(), is the only place that
 * frees a camera. Two kinds of references exist:
 *
 * - the producer's: taken when %VCAM_IOC_CREATE allocates the camera, held
 *   by the /dev/vcam file (&struct vcam_file) and dropped by its release;
 * - the capture node's: video_register_device() takes one, and the V4L2
 *   core drops it after the video_device's release, which runs only once
 *   the node is unregistered and its last open file handle is closed (each
 *   open handle pins the video_device).
 *
 * The video_device is embedded and its release is empty: it is freed with
 * the camera, exactly once, from vcam_cam_release(). So the camera outlives
 * the producer's file and every open handle of /dev/videoN, in any order.
 *
 * Producer gone. Closing (or the death of) the producer runs
 * vcam_file_release(): vcam_video_shutdown() unregisters /dev/videoN (the
 * core then fails new opens and every ioctl of open handles with -ENODEV,
 * re-checking registration after taking &vcam_cam.lock), marks the camera
 * dead under &vcam_cam.lock, stops the frame clock, waits for a delivery in
 * progress, errors out the buffers queued to the driver and sets the vb2
 * queue's error flag so that consumers blocked in DQBUF/poll wake up with
 * -EIO/EPOLLERR. Only then are the producer's DMA-BUFs put
 * (vcam_frames_release_all()); no delivery can use them any more. A consumer
 * streams on a dead camera until it closes; its queue is then released by
 * vb2_fop_release() (stop_streaming finds nothing left to do).
 *
 * Locks, outermost first:
 *
 * - vcam_list_lock (mutex): the global camera list, ids and per-user counts.
 *   A camera is on the list from %VCAM_IOC_CREATE until its producer is gone
 *   (vcam_cam_destroy()); its id is freed only with the camera.
 * - &vcam_file.lock (mutex): serialises %VCAM_IOC_CREATE on one file. The
 *   camera pointer is published with release semantics and read with
 *   acquire semantics by the other ioctls; it never changes afterwards.
 * - &vcam_cam.lock (mutex): vdev->lock and vb2_queue.lock; serialises the
 *   V4L2 ioctls, the vb2 operations (start/stop streaming) and shutdown.
 * - &vcam_cam.frame_lock (spinlock): slots, the current frame, the done
 *   list, the capture buffer lists, status and counters. Held only for list
 *   and counter updates, never across a copy, vmap or anything that sleeps.
 *
 * Delivery. Frames are written into capture buffers by one work item per
 * camera (&vcam_cam.work) on vcam_wq, an unbound high-priority workqueue. A
 * work item never runs concurrently with itself, so deliveries are ordered
 * without a further lock. It is queued by %VCAM_IOC_QUEUE (a new frame: low
 * latency without making the producer pay for the copy), by start_streaming
 * (which flushes it: the first frame is ready when STREAMON returns) and by
 * the frame clock, an hrtimer at the camera's frame interval whose (hard-irq)
 * callback only sets &vcam_cam.tick and queues the work. A tick delivers a
 * new frame that found no free buffer, or, without a new frame since the
 * previous tick, repeats the current frame (black before the first one).
 * buf_queue never delivers, so a buffer is not completed inside its own
 * QBUF. The work takes no mutex, so start_streaming, stop_streaming and
 * shutdown (which hold &vcam_cam.lock) can flush or cancel it.
 * A copy pins its slot with &vcam_slot.users (counted under frame_lock); a
 * zero-copy capture buffer pins it until the buffer is queued again, freed
 * or the stream stops. A replaced slot returns to the producer (the done
 * list, %VCAM_IOC_DEQUEUE) when its last user lets go, so neither a slow,
 * stopped nor killed consumer ever blocks the producer.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/gcd.h>
#include <linux/idr.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/videodev2.h>

#include "vcam.h"
#include "vcam-compat.h"

static unsigned int max_cameras_per_user = 8;
module_param(max_cameras_per_user, uint, 0644);
MODULE_PARM_DESC(max_cameras_per_user,
		 "Cameras one user may own at once (default 8)");

static unsigned int max_camera_mb = 256;
module_param(max_camera_mb, uint, 0444);
MODULE_PARM_DESC(max_camera_mb,
		 "Per-camera memory budget in MiB: frame size times frames, and capture buffers (default 256)");

/* The budget in bytes, fixed at load time. */
u64 vcam_max_camera_bytes;
/* Runs the delivery work of every camera. */
struct workqueue_struct *vcam_wq;

static DEFINE_MUTEX(vcam_list_lock);
static LIST_HEAD(vcam_list);
static DEFINE_IDA(vcam_ida);

static const u32 vcam_formats[] = {
	V4L2_PIX_FMT_YUYV,
	V4L2_PIX_FMT_NV12,
	V4L2_PIX_FMT_MJPEG,
};

/**
 * struct vcam_file - An open /dev/vcam
 * @lock: Serialises %VCAM_IOC_CREATE.
 * @cam: The camera created by this file, or NULL.
 * @seen_seq: &vcam_cam.status_seq when the status was last read here.
 */
struct vcam_file {
	struct mutex lock;	/* serialises CREATE */
	struct vcam_cam *cam;
	u64 seen_seq;
};

/* ---------------------------------------------------------------------
 * Status.
 */

/**
 * vcam_status_locked() - The camera's &enum vcam_status bits
 * @cam: The camera.
 *
 * Context: &cam->frame_lock held.
 * Return: the status.
 */
u64 vcam_status_locked(const struct vcam_cam *cam)
{
	u64 status = cam->streaming ? VCAM_STATUS_STREAMING : VCAM_STATUS_IDLE;

	if (cam->openers)
		status |= VCAM_STATUS_OPEN;
	return status;
}

static u64 vcam_status(struct vcam_cam *cam, u64 *seq)
{
	u64 status;

	spin_lock(&cam->frame_lock);
	status = vcam_status_locked(cam);
	if (seq)
		*seq = cam->status_seq;
	spin_unlock(&cam->frame_lock);
	return status;
}

/**
 * vcam_status_changed() - Tell the producer that the status changed
 * @cam: The camera, whose status fields were just updated.
 */
void vcam_status_changed(struct vcam_cam *cam)
{
	spin_lock(&cam->frame_lock);
	cam->status_seq++;
	spin_unlock(&cam->frame_lock);
	wake_up_interruptible(&cam->wq);
}

/* ---------------------------------------------------------------------
 * Camera lifetime.
 */

static void vcam_cam_release(struct v4l2_device *v4l2_dev)
{
	struct vcam_cam *cam = container_of(v4l2_dev, struct vcam_cam, v4l2_dev);

	/* vcam_cam_destroy() took it off the list; the id lives until now. */
	mutex_lock(&vcam_list_lock);
	if (cam->id >= 0)
		ida_free(&vcam_ida, cam->id);
	mutex_unlock(&vcam_list_lock);

	vcam_frames_free(cam);
	mutex_destroy(&cam->lock);
	kfree(cam);
}

static struct vcam_cam *vcam_cam_alloc(const struct vcam_config *cfg)
{
	struct vcam_cam *cam;
	int ret;

	cam = kzalloc(sizeof(*cam), GFP_KERNEL);
	if (!cam)
		return ERR_PTR(-ENOMEM);

	mutex_init(&cam->lock);
	spin_lock_init(&cam->frame_lock);
	init_waitqueue_head(&cam->wq);
	INIT_LIST_HEAD(&cam->list);
	INIT_LIST_HEAD(&cam->done_list);
	INIT_LIST_HEAD(&cam->capture_list);
	INIT_LIST_HEAD(&cam->held_list);
	vcam_clock_init(cam);
	cam->id = -1;
	cam->uid = current_uid();
	strscpy(cam->label, cfg->label, sizeof(cam->label));
	cam->pixelformat = cfg->pixelformat;
	cam->width = cfg->width;
	cam->height = cfg->height;
	cam->bytesperline = cfg->bytesperline;
	cam->sizeimage = cfg->sizeimage;
	cam->colorspace = cfg->colorspace;
	cam->timeperframe = cfg->timeperframe;
	cam->period_ns = div_u64((u64)NSEC_PER_SEC * cfg->timeperframe.numerator,
				 cfg->timeperframe.denominator);
	cam->nr_slots = cfg->nr_frames;

	strscpy(cam->v4l2_dev.name, KBUILD_MODNAME, sizeof(cam->v4l2_dev.name));
	ret = v4l2_device_register(NULL, &cam->v4l2_dev);
	if (ret) {
		kfree(cam);
		return ERR_PTR(ret);
	}
	/* From here on the camera is freed by vcam_cam_release(). */
	cam->v4l2_dev.release = vcam_cam_release;

	ret = vcam_frames_init(cam);
	if (ret) {
		v4l2_device_put(&cam->v4l2_dev);
		return ERR_PTR(ret);
	}
	return cam;
}

/* Take an id and a place in the list, within the per-user limit. */
static int vcam_cam_add(struct vcam_cam *cam)
{
	unsigned int owned = 0;
	struct vcam_cam *c;
	int id;

	mutex_lock(&vcam_list_lock);
	list_for_each_entry(c, &vcam_list, list)
		if (uid_eq(c->uid, cam->uid))
			owned++;
	if (owned >= READ_ONCE(max_cameras_per_user)) {
		mutex_unlock(&vcam_list_lock);
		return -EDQUOT;
	}
	id = ida_alloc(&vcam_ida, GFP_KERNEL);
	if (id < 0) {
		mutex_unlock(&vcam_list_lock);
		return id;
	}
	cam->id = id;
	list_add_tail(&cam->list, &vcam_list);
	mutex_unlock(&vcam_list_lock);

	if (!cam->label[0])
		snprintf(cam->label, sizeof(cam->label), "vcam %d", id);
	snprintf(cam->v4l2_dev.name, sizeof(cam->v4l2_dev.name), "vcam-%d", id);
	return 0;
}

/*
 * The producer is gone: the camera leaves the list, and with it its owner's
 * count, even while consumers keep the dead node open (another user's open
 * handle must not use up the owner's max_cameras_per_user).
 */
static void vcam_cam_unlist(struct vcam_cam *cam)
{
	mutex_lock(&vcam_list_lock);
	list_del_init(&cam->list);
	mutex_unlock(&vcam_list_lock);
}

/* Undo a camera: stop serving consumers, drop the frames and our reference. */
static void vcam_cam_destroy(struct vcam_cam *cam)
{
	vcam_video_shutdown(cam);
	vcam_cam_unlist(cam);
	vcam_frames_release_all(cam);
	v4l2_device_unregister(&cam->v4l2_dev);
	v4l2_device_put(&cam->v4l2_dev);
}

/* ---------------------------------------------------------------------
 * VCAM_IOC_CREATE.
 */

static int vcam_check_label(const char *label)
{
	const char *p;

	for (p = label; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return -EINVAL;
	return 0;
}

static int vcam_get_label(struct vcam_config *cfg, u64 uptr)
{
	long len;

	if (!uptr)
		return 0;
	len = strncpy_from_user(cfg->label, u64_to_user_ptr(uptr),
				sizeof(cfg->label));
	if (len < 0)
		return len;
	if (len == 0 || len >= sizeof(cfg->label))
		return -EINVAL;
	return vcam_check_label(cfg->label);
}

static int vcam_check_fps(struct vcam_config *cfg, u32 num, u32 den)
{
	unsigned long g;

	if (!num && !den) {
		num = VCAM_DEFAULT_FPS;
		den = 1;
	}
	if (!num || !den || num < den || num > (u64)VCAM_MAX_FPS * den)
		return -EINVAL;
	g = gcd(num, den);
	/* timeperframe is the inverse of the frame rate */
	cfg->timeperframe.numerator = den / g;
	cfg->timeperframe.denominator = num / g;
	return 0;
}

static bool vcam_colorspace_valid(u32 cs)
{
	return cs >= V4L2_COLORSPACE_SMPTE170M && cs <= V4L2_COLORSPACE_DCI_P3 &&
	       cs != V4L2_COLORSPACE_BT878;
}

/* Pixel format, size, stride and colorspace; computes sizeimage. */
static int vcam_check_format(struct vcam_config *cfg,
			     const struct vcam_ioc_create *c)
{
	u32 w = c->width, h = c->height, min_bpl;

	if (w < VCAM_MIN_SIZE || w > VCAM_MAX_SIZE ||
	    h < VCAM_MIN_SIZE || h > VCAM_MAX_SIZE)
		return -EINVAL;
	if (c->colorspace && !vcam_colorspace_valid(c->colorspace))
		return -EINVAL;

	switch (c->pixelformat) {
	case V4L2_PIX_FMT_YUYV:
		if (w % 2)
			return -EINVAL;
		min_bpl = w * 2;
		break;
	case V4L2_PIX_FMT_NV12:
		if (w % 2 || h % 2)
			return -EINVAL;
		min_bpl = w;
		break;
	case V4L2_PIX_FMT_MJPEG:
		if (c->bytesperline)
			return -EINVAL;
		cfg->sizeimage = vcam_mjpeg_max_size(w, h);
		cfg->colorspace = c->colorspace ? : V4L2_COLORSPACE_SRGB;
		goto out;
	default:
		return -EINVAL;
	}

	cfg->bytesperline = c->bytesperline ? : min_bpl;
	if (cfg->bytesperline < min_bpl ||
	    cfg->bytesperline > min_bpl + VCAM_MAX_STRIDE_PAD)
		return -EINVAL;
	cfg->sizeimage = cfg->bytesperline * h;
	if (c->pixelformat == V4L2_PIX_FMT_NV12)
		cfg->sizeimage += cfg->bytesperline * h / 2;
	cfg->colorspace = c->colorspace ? : V4L2_COLORSPACE_REC709;
out:
	cfg->pixelformat = c->pixelformat;
	cfg->width = w;
	cfg->height = h;
	return 0;
}

/**
 * vcam_check_create() - Validate a %VCAM_IOC_CREATE request
 * @cfg: Filled with the validated configuration (but the label).
 * @c: The request as copied from userspace.
 *
 * Return: 0, -EINVAL, -EOPNOTSUPP (%VCAM_CREATE_EXPORT) or -E2BIG (over the
 * per-camera memory budget).
 */
static int vcam_check_create(struct vcam_config *cfg,
			     const struct vcam_ioc_create *c)
{
	const u32 known = VCAM_CREATE_DEVICE_NR | VCAM_CREATE_EXPORT;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(c->reserved); i++)
		if (c->reserved[i])
			return -EINVAL;
	/* One capture node and no output node in this version. */
	if (c->nr_readers > 1 || c->output_nr)
		return -EINVAL;
	if (c->flags & ~known)
		return -EINVAL;
	if (c->flags & VCAM_CREATE_EXPORT)
		return -EOPNOTSUPP;
	if (c->flags & VCAM_CREATE_DEVICE_NR) {
		if (c->device_nr > VCAM_MAX_DEVICE_NR)
			return -EINVAL;
		cfg->device_nr = c->device_nr;
	} else {
		if (c->device_nr)
			return -EINVAL;
		cfg->device_nr = -1;
	}
	if (c->nr_frames < VCAM_MIN_FRAMES || c->nr_frames > VCAM_MAX_FRAMES)
		return -EINVAL;
	cfg->nr_frames = c->nr_frames;

	ret = vcam_check_fps(cfg, c->fps_numerator, c->fps_denominator);
	if (!ret)
		ret = vcam_check_format(cfg, c);
	if (ret)
		return ret;

	if ((u64)cfg->sizeimage * cfg->nr_frames > vcam_max_camera_bytes)
		return -E2BIG;
	return 0;
}

/* Tell userspace about the slots; fails with -EFAULT before anything exists. */
static int vcam_put_frames(const struct vcam_cam *cam, u64 uptr)
{
	struct vcam_frame __user *uframes = u64_to_user_ptr(uptr);
	unsigned int i;

	for (i = 0; i < cam->nr_slots; i++) {
		struct vcam_frame f = {
			.index = i,
			.length = cam->sizeimage,
		};

		if (copy_to_user(&uframes[i], &f, sizeof(f)))
			return -EFAULT;
	}
	return 0;
}

static int vcam_ioc_create(struct vcam_file *vf, void __user *arg)
{
	struct vcam_config cfg = { };
	struct vcam_ioc_create c;
	struct vcam_cam *cam;
	int ret;

	if (copy_from_user(&c, arg, sizeof(c)))
		return -EFAULT;
	ret = vcam_check_create(&cfg, &c);
	if (ret)
		return ret;
	ret = vcam_get_label(&cfg, c.device_name);
	if (ret)
		return ret;

	mutex_lock(&vf->lock);
	if (vf->cam) {
		ret = -EBUSY;
		goto out_unlock;
	}
	cam = vcam_cam_alloc(&cfg);
	if (IS_ERR(cam)) {
		ret = PTR_ERR(cam);
		goto out_unlock;
	}
	ret = vcam_cam_add(cam);
	if (!ret)
		ret = vcam_put_frames(cam, c.frames);
	if (!ret)
		ret = vcam_video_register(cam, cfg.device_nr);
	if (!ret) {
		c.device_nr = cam->vdev.num;
		if (copy_to_user(arg, &c, sizeof(c)))
			ret = -EFAULT;
	}
	if (ret) {
		vcam_cam_destroy(cam);
		goto out_unlock;
	}
	/* Pairs with smp_load_acquire() in vcam_file_cam(). */
	smp_store_release(&vf->cam, cam);
out_unlock:
	mutex_unlock(&vf->lock);
	return ret;
}

/* ---------------------------------------------------------------------
 * The other ioctls.
 */

static struct vcam_cam *vcam_file_cam(struct vcam_file *vf)
{
	/* Pairs with smp_store_release() in vcam_ioc_create(). */
	return smp_load_acquire(&vf->cam);
}

static int vcam_ioc_querycap(void __user *arg)
{
	struct vcam_ioc_querycap qc = {
		.version = VCAM_API_VERSION,
		.caps = VCAM_CAP_DMABUF_IMPORT | VCAM_CAP_ZERO_COPY |
			VCAM_CAP_STATS | VCAM_CAP_WAIT_TIMEOUT,
		.min_width = VCAM_MIN_SIZE,
		.min_height = VCAM_MIN_SIZE,
		.max_width = VCAM_MAX_SIZE,
		.max_height = VCAM_MAX_SIZE,
		.min_frames = VCAM_MIN_FRAMES,
		.max_frames = VCAM_MAX_FRAMES,
		.max_fps = VCAM_MAX_FPS,
		.nr_formats = ARRAY_SIZE(vcam_formats),
		.max_cameras = READ_ONCE(max_cameras_per_user),
		.max_readers = 1,
		.max_camera_bytes = vcam_max_camera_bytes,
		.default_readers = 1,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vcam_formats); i++)
		qc.formats[i] = vcam_formats[i];
	return copy_to_user(arg, &qc, sizeof(qc)) ? -EFAULT : 0;
}

static int vcam_ioc_queue(struct vcam_cam *cam, void __user *arg)
{
	struct vcam_ioc_queue q;

	if (copy_from_user(&q, arg, sizeof(q)))
		return -EFAULT;
	return vcam_frames_queue(cam, &q);
}

static int vcam_ioc_dequeue(struct vcam_cam *cam, struct file *file,
			    void __user *arg)
{
	struct vcam_ioc_dequeue dq;
	unsigned int i;
	int ret;

	if (copy_from_user(&dq, arg, sizeof(dq)))
		return -EFAULT;
	for (i = 0; i < ARRAY_SIZE(dq.reserved); i++)
		if (dq.reserved[i])
			return -EINVAL;
	memset(&dq, 0, sizeof(dq));
	ret = vcam_frames_dequeue(cam, &dq, file->f_flags & O_NONBLOCK);
	if (ret)
		return ret;
	return copy_to_user(arg, &dq, sizeof(dq)) ? -EFAULT : 0;
}

static int vcam_ioc_status(struct vcam_file *vf, struct vcam_cam *cam,
			   void __user *arg)
{
	u64 status = vcam_status(cam, &vf->seen_seq);

	return copy_to_user(arg, &status, sizeof(status)) ? -EFAULT : 0;
}

static int vcam_ioc_wait(struct vcam_file *vf, struct vcam_cam *cam,
			 void __user *arg)
{
	const u64 known = VCAM_STATUS_IDLE | VCAM_STATUS_STREAMING |
			  VCAM_STATUS_OPEN;
	struct vcam_ioc_wait w;
	unsigned int i;
	int ret;

	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	if (!w.mask || (w.mask & ~known))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(w.reserved); i++)
		if (w.reserved[i])
			return -EINVAL;

	/* An hrtimer wait: the timeout is measured on CLOCK_MONOTONIC. */
	if (w.timeout_ms) {
		ret = wait_event_interruptible_hrtimeout(cam->wq,
							 vcam_status(cam, NULL) & w.mask,
							 ms_to_ktime(w.timeout_ms));
		if (ret == -ETIME)
			ret = -ETIMEDOUT;
	} else {
		ret = wait_event_interruptible(cam->wq,
					       vcam_status(cam, NULL) & w.mask);
	}
	if (ret == -ERESTARTSYS)
		return ret;
	w.status = vcam_status(cam, &vf->seen_seq);
	if (copy_to_user(arg, &w, sizeof(w)))
		return -EFAULT;
	return ret;
}

static int vcam_ioc_stats(struct vcam_file *vf, struct vcam_cam *cam,
			  void __user *arg)
{
	struct vcam_ioc_stats st;

	spin_lock(&cam->frame_lock);
	st = cam->stats;
	st.status = vcam_status_locked(cam);
	st.openers = cam->openers;
	st.nr_readers = 1;
	st.readers_streaming = cam->streaming;
	vf->seen_seq = cam->status_seq;
	spin_unlock(&cam->frame_lock);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long vcam_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vcam_file *vf = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct vcam_cam *cam;

	switch (cmd) {
	case VCAM_IOC_QUERYCAP:
		return vcam_ioc_querycap(uarg);
	case VCAM_IOC_CREATE:
		return vcam_ioc_create(vf, uarg);
	case VCAM_IOC_QUEUE:
	case VCAM_IOC_DEQUEUE:
	case VCAM_IOC_STATUS:
	case VCAM_IOC_WAIT:
	case VCAM_IOC_STATS:
		break;
	default:
		return -ENOTTY;
	}

	cam = vcam_file_cam(vf);
	if (!cam)
		return -ENODEV;

	switch (cmd) {
	case VCAM_IOC_QUEUE:
		return vcam_ioc_queue(cam, uarg);
	case VCAM_IOC_DEQUEUE:
		return vcam_ioc_dequeue(cam, file, uarg);
	case VCAM_IOC_STATUS:
		return vcam_ioc_status(vf, cam, uarg);
	case VCAM_IOC_WAIT:
		return vcam_ioc_wait(vf, cam, uarg);
	default:
		return vcam_ioc_stats(vf, cam, uarg);
	}
}

/* ---------------------------------------------------------------------
 * /dev/vcam file operations.
 */

static int vcam_file_open(struct inode *inode, struct file *file)
{
	struct vcam_file *vf;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	mutex_init(&vf->lock);
	file->private_data = vf;
	return stream_open(inode, file);
}

static int vcam_file_release(struct inode *inode, struct file *file)
{
	struct vcam_file *vf = file->private_data;

	if (vf->cam)
		vcam_cam_destroy(vf->cam);
	mutex_destroy(&vf->lock);
	kfree(vf);
	return 0;
}

/*
 * EPOLLIN: a slot can be dequeued. EPOLLPRI: the status changed since this
 * file last read it (STATUS, WAIT or STATS).
 */
static __poll_t vcam_file_poll(struct file *file, poll_table *wait)
{
	struct vcam_file *vf = file->private_data;
	struct vcam_cam *cam = vcam_file_cam(vf);
	__poll_t mask = 0;

	if (!cam)
		return EPOLLERR;
	poll_wait(file, &cam->wq, wait);
	spin_lock(&cam->frame_lock);
	if (!list_empty(&cam->done_list))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (cam->status_seq != vf->seen_seq)
		mask |= EPOLLPRI;
	spin_unlock(&cam->frame_lock);
	return mask;
}

static const struct file_operations vcam_fops = {
	.owner = THIS_MODULE,
	.open = vcam_file_open,
	.release = vcam_file_release,
	.unlocked_ioctl = vcam_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.poll = vcam_file_poll,
};

/* ---------------------------------------------------------------------
 * sysfs attributes of the misc device.
 */

static ssize_t formats_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	unsigned int i;
	int len = 0;

	for (i = 0; i < ARRAY_SIZE(vcam_formats); i++) {
		u32 f = vcam_formats[i];

		len += sysfs_emit_at(buf, len, "%s%c%c%c%c", i ? " " : "",
				     f & 0xff, (f >> 8) & 0xff, (f >> 16) & 0xff,
				     f >> 24);
	}
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
static DEVICE_ATTR_RO(formats);

static ssize_t max_width_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", VCAM_MAX_SIZE);
}
static DEVICE_ATTR_RO(max_width);

static ssize_t max_height_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", VCAM_MAX_SIZE);
}
static DEVICE_ATTR_RO(max_height);

static ssize_t max_frames_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", VCAM_MAX_FRAMES);
}
static DEVICE_ATTR_RO(max_frames);

static ssize_t max_fps_show(struct device *dev,
			    struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", VCAM_MAX_FPS);
}
static DEVICE_ATTR_RO(max_fps);

/* One line per camera: "<id> video<N> <uid> <label>". */
static ssize_t cameras_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct vcam_cam *cam;
	int len = 0;

	mutex_lock(&vcam_list_lock);
	list_for_each_entry(cam, &vcam_list, list) {
		if (!video_is_registered(&cam->vdev))
			continue;
		len += sysfs_emit_at(buf, len, "%d video%d %u %s\n", cam->id,
				     cam->vdev.num,
				     from_kuid(&init_user_ns, cam->uid),
				     cam->label);
	}
	mutex_unlock(&vcam_list_lock);
	return len;
}
static DEVICE_ATTR_RO(cameras);

static struct attribute *vcam_attrs[] = {
	&dev_attr_formats.attr,
	&dev_attr_max_width.attr,
	&dev_attr_max_height.attr,
	&dev_attr_max_frames.attr,
	&dev_attr_max_fps.attr,
	&dev_attr_cameras.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vcam);

static struct miscdevice vcam_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vcam",
	.fops = &vcam_fops,
	.groups = vcam_groups,
	.mode = 0660,
};

static int __init vcam_init(void)
{
	int ret;

	if (!max_camera_mb) {
		pr_err("max_camera_mb must not be 0\n");
		return -EINVAL;
	}
	vcam_max_camera_bytes = (u64)max_camera_mb << 20;

	vcam_wq = alloc_workqueue("vcam", WQ_HIGHPRI | WQ_UNBOUND, 0);
	if (!vcam_wq)
		return -ENOMEM;
	ret = misc_register(&vcam_misc);
	if (ret)
		destroy_workqueue(vcam_wq);
	return ret;
}

static void __exit vcam_exit(void)
{
	misc_deregister(&vcam_misc);
	destroy_workqueue(vcam_wq);
	ida_destroy(&vcam_ida);
}

module_init(vcam_init);
module_exit(vcam_exit);

MODULE_DESCRIPTION("Virtual V4L2 cameras fed with DMA-BUFs from userspace");
MODULE_LICENSE("GPL");
VCAM_IMPORT_NS_DMA_BUF();
