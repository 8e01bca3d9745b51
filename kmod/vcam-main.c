// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcam: virtual V4L2 cameras fed with DMA-BUFs from userspace.
 *
 * /dev/vcam, the camera registry, limits and the producer's ioctls.
 */

/**
 * DOC: Locking and lifetime
 *
 * Objects. A &struct vcam_cam is one camera with 1..%VCAM_MAX_READERS
 * capture nodes (&struct vcam_reader, "readers"). The camera's embedded
 * &v4l2_device's reference count is the camera's reference count (a kref),
 * and the v4l2_device release callback, vcam_cam_release(), is the only
 * place that frees a camera and its readers. Two kinds of references exist:
 *
 * - the producer's: taken when %VCAM_IOC_CREATE allocates the camera, held
 *   by the /dev/vcam file (&struct vcam_file) and dropped by its release;
 * - each capture node's: video_register_device() takes one, and the V4L2
 *   core drops it after the video_device's release, which runs only once
 *   the node is unregistered and its last open file handle is closed (each
 *   open handle pins the video_device).
 *
 * The video_devices are embedded in their readers and their release is
 * empty: they are freed with the camera, exactly once, from
 * vcam_cam_release(). So the camera outlives the producer's file and every
 * open handle of every node, in any order.
 *
 * Producer gone. Closing (or the death of) the producer runs
 * vcam_file_release() -> vcam_cam_destroy(): the camera is marked dead under
 * &vcam_cam.frame_lock (no delivery starts, STREAMON fails with -ENODEV),
 * then every node goes through vb2_video_unregister_device(): the node is
 * unregistered (the core then fails new opens and every ioctl of open
 * handles with -ENODEV, re-checking registration under the node's lock) and
 * its queue is released as its owner's close would: stop_streaming stops the
 * node's frame clock, waits for its delivery in progress and hands its
 * buffers back, the buffers are freed (mappings keep their memory) and a
 * consumer blocked in DQBUF or poll() wakes up. Only then are the producer's
 * DMA-BUFs put (vcam_frames_release_all()); no delivery can use them any
 * more.
 *
 * Readers are independent: each has its own vb2 queue, lock, frame clock
 * and delivery work, so one node's STREAMOFF, REQBUFS(0), stall or death
 * never waits for or changes another node. What they share is the current
 * frame, pinned per delivery by &vcam_slot.users, and the camera's memory
 * budget for capture buffers (&vcam_cam.capture_bytes).
 *
 * Locks, outermost first:
 *
 * - vcam_list_lock (mutex): the global camera list, ids and per-user counts.
 *   A camera is on the list from %VCAM_IOC_CREATE until its producer is gone
 *   (vcam_cam_destroy()); its id is freed only with the camera.
 * - &vcam_file.lock (mutex): serialises %VCAM_IOC_CREATE on one file. The
 *   camera pointer is published with release semantics and read with
 *   acquire semantics by the other ioctls; it never changes afterwards.
 * - &vcam_reader.lock (mutex), one per capture node: vdev->lock and
 *   vb2_queue.lock of that node; serialises its V4L2 ioctls, its vb2
 *   operations (start/stop streaming) and its shutdown. No code holds two
 *   of them.
 * - &vcam_cam.frame_lock (spinlock): slots, the current frame, the done
 *   list, every node's capture buffer lists and streaming state, status and
 *   counters. Held only for list and counter updates, never across a copy,
 *   vmap or anything that sleeps. Functions that expect it held say so in a
 *   "Context:" line and assert it with lockdep_assert_held().
 *
 * Delivery. Frames are written into a node's capture buffers by the node's
 * work item (&vcam_reader.work) on vcam_wq, an unbound high-priority
 * workqueue. A work item never runs concurrently with itself, so a node's
 * deliveries are ordered without a further lock; nodes deliver in parallel.
 * It is queued by %VCAM_IOC_QUEUE on every streaming node (a new frame: low
 * latency without making the producer pay for the copy), by start_streaming
 * (which flushes it: the first frame is ready when STREAMON returns) and by
 * the node's frame clock, an hrtimer at the camera's frame interval whose
 * (hard-irq) callback only sets &vcam_reader.tick and queues the work. A
 * node delivers each frame once (&vcam_reader.last_gen); a tick delivers a
 * new frame that found no free buffer, or, without a new frame since the
 * previous tick, repeats the current frame (black before the first one).
 * buf_queue never delivers, so a buffer is not completed inside its own
 * QBUF. The work takes no mutex, so start_streaming, stop_streaming and
 * shutdown (which hold the node's lock) can flush or cancel it.
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
		 "Per-camera memory budget in MiB: frame size times frames, and the capture buffers of all its nodes (default 256)");

unsigned int vcam_debug;
module_param_named(debug, vcam_debug, uint, 0644);
MODULE_PARM_DESC(debug,
		 "Log why requests are refused (1), and stream starts and stops (2); default 0");

static unsigned int default_readers = 1;

static int vcam_readers_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (n < 1 || n > VCAM_MAX_READERS)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, n);
	return 0;
}

static const struct kernel_param_ops vcam_readers_ops = {
	.set = vcam_readers_set,
	.get = param_get_uint,
};

module_param_cb(readers, &vcam_readers_ops, &default_readers, 0644);
MODULE_PARM_DESC(readers,
		 "Capture nodes of a camera whose producer does not choose (1-8, default 1)");

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
	u64 status;

	lockdep_assert_held(&cam->frame_lock);
	status = cam->readers_streaming ? VCAM_STATUS_STREAMING :
					  VCAM_STATUS_IDLE;
	if (cam->openers)
		status |= VCAM_STATUS_OPEN;
	if (cam->exporters)
		status |= VCAM_STATUS_EXPORT;
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
	unsigned int i;

	/* vcam_cam_destroy() took it off the list; the id lives until now. */
	mutex_lock(&vcam_list_lock);
	if (cam->id >= 0)
		ida_free(&vcam_ida, cam->id);
	mutex_unlock(&vcam_list_lock);

	for (i = 0; i < cam->nr_readers; i++)
		if (cam->readers[i])
			vcam_reader_free(cam->readers[i]);
	vcam_frames_free(cam);
	mutex_destroy(&cam->cpu_lock);
	kfree(cam);
}

/*
 * A new camera with its slots and (unregistered) capture nodes. Once its
 * v4l2_device is registered, the camera is freed by vcam_cam_release() when
 * the last reference goes, whatever was allocated by then.
 */
static struct vcam_cam *vcam_cam_alloc(const struct vcam_config *cfg)
{
	struct vcam_cam *cam;
	unsigned int i;
	int ret;

	cam = kzalloc(sizeof(*cam), GFP_KERNEL);
	if (!cam)
		return ERR_PTR(-ENOMEM);

	spin_lock_init(&cam->frame_lock);
	init_waitqueue_head(&cam->wq);
	mutex_init(&cam->cpu_lock);
	INIT_LIST_HEAD(&cam->list);
	INIT_LIST_HEAD(&cam->done_list);
	cam->id = -1;
	cam->uid = current_uid();
	strscpy(cam->label, cfg->label, sizeof(cam->label));
	cam->fmt = cfg->fmt;
	cam->period_ns = div_u64((u64)NSEC_PER_SEC * cfg->fmt.timeperframe.numerator,
				 cfg->fmt.timeperframe.denominator);
	cam->nr_slots = cfg->nr_frames;
	cam->nr_readers = cfg->nr_readers;
	cam->export = cfg->export;

	strscpy(cam->v4l2_dev.name, KBUILD_MODNAME, sizeof(cam->v4l2_dev.name));
	ret = v4l2_device_register(NULL, &cam->v4l2_dev);
	if (ret)
		goto err_free;
	cam->v4l2_dev.release = vcam_cam_release;

	ret = vcam_frames_init(cam);
	if (ret)
		goto err_put;
	for (i = 0; i < cam->nr_readers; i++) {
		cam->readers[i] = vcam_reader_alloc(cam, i);
		if (!cam->readers[i]) {
			ret = -ENOMEM;
			goto err_put;
		}
	}
	return cam;

err_put:
	v4l2_device_unregister(&cam->v4l2_dev);
	v4l2_device_put(&cam->v4l2_dev);
	return ERR_PTR(ret);
err_free:
	mutex_destroy(&cam->cpu_lock);
	kfree(cam);
	return ERR_PTR(ret);
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
		vcam_dbg_nocam(1, "CREATE: uid %u already owns %u cameras (max_cameras_per_user)\n",
			       from_kuid(&init_user_ns, cam->uid), owned);
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
 * count, even while consumers keep the dead nodes open (another user's open
 * handle must not use up the owner's max_cameras_per_user).
 */
static void vcam_cam_unlist(struct vcam_cam *cam)
{
	mutex_lock(&vcam_list_lock);
	list_del_init(&cam->list);
	mutex_unlock(&vcam_list_lock);
}

/* Register every capture node; the first one as /dev/video<device_nr>. */
static int vcam_cam_register(struct vcam_cam *cam, int device_nr)
{
	unsigned int i;
	int ret;

	for (i = 0; i < cam->nr_readers; i++) {
		ret = vcam_reader_register(cam->readers[i], i ? -1 : device_nr);
		if (ret)
			return ret;
	}
	return 0;
}

/* Stop serving consumers: no delivery from now on, every node unregistered. */
static void vcam_cam_shutdown(struct vcam_cam *cam)
{
	unsigned int i;

	spin_lock(&cam->frame_lock);
	cam->dead = true;
	spin_unlock(&cam->frame_lock);
	for (i = 0; i < cam->nr_readers; i++)
		vcam_reader_shutdown(cam->readers[i]);
}

/* Drop the producer's reference. */
static void vcam_cam_put(struct vcam_cam *cam)
{
	v4l2_device_unregister(&cam->v4l2_dev);
	v4l2_device_put(&cam->v4l2_dev);
}

/* The producer's file is closed: undo the camera. */
static void vcam_cam_destroy(struct vcam_cam *cam)
{
	vcam_cam_shutdown(cam);
	vcam_cam_unlist(cam);
	vcam_frames_release_all(cam);
	vcam_cam_put(cam);
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
	if (len == 0 || len >= sizeof(cfg->label) || vcam_check_label(cfg->label)) {
		vcam_dbg_nocam(1, "CREATE: the label must be 1..%d printable ASCII characters\n",
			       VCAM_LABEL_MAX - 1);
		return -EINVAL;
	}
	return 0;
}

static int vcam_check_fps(struct vcam_config *cfg, u32 num, u32 den)
{
	unsigned long g;

	if (!num && !den) {
		num = VCAM_DEFAULT_FPS;
		den = 1;
	}
	if (!num || !den || num < den || num > (u64)VCAM_MAX_FPS * den) {
		vcam_dbg_nocam(1, "CREATE: frame rate %u/%u outside 1..%u\n",
			       num, den, VCAM_MAX_FPS);
		return -EINVAL;
	}
	g = gcd(num, den);
	/* timeperframe is the inverse of the frame rate */
	cfg->fmt.timeperframe.numerator = den / g;
	cfg->fmt.timeperframe.denominator = num / g;
	return 0;
}

static bool vcam_colorspace_valid(u32 cs)
{
	return cs >= V4L2_COLORSPACE_SMPTE170M && cs <= V4L2_COLORSPACE_DCI_P3 &&
	       cs != V4L2_COLORSPACE_BT878;
}

/* Pixel format, size, stride and colorspace; computes sizeimage. */
static int vcam_check_format(struct vcam_format *fmt,
			     const struct vcam_ioc_create *c)
{
	u32 w = c->width, h = c->height, min_bpl;

	if (w < VCAM_MIN_SIZE || w > VCAM_MAX_SIZE ||
	    h < VCAM_MIN_SIZE || h > VCAM_MAX_SIZE) {
		vcam_dbg_nocam(1, "CREATE: size %ux%u outside %ux%u..%ux%u\n",
			       w, h, VCAM_MIN_SIZE, VCAM_MIN_SIZE,
			       VCAM_MAX_SIZE, VCAM_MAX_SIZE);
		return -EINVAL;
	}
	if (c->colorspace && !vcam_colorspace_valid(c->colorspace)) {
		vcam_dbg_nocam(1, "CREATE: unknown colorspace %u\n", c->colorspace);
		return -EINVAL;
	}

	switch (c->pixelformat) {
	case V4L2_PIX_FMT_YUYV:
		min_bpl = w * 2;
		break;
	case V4L2_PIX_FMT_NV12:
		min_bpl = w;
		break;
	case V4L2_PIX_FMT_MJPEG:
		if (c->bytesperline) {
			vcam_dbg_nocam(1, "CREATE: MJPEG takes no bytesperline\n");
			return -EINVAL;
		}
		fmt->sizeimage = vcam_mjpeg_max_size(w, h);
		fmt->colorspace = c->colorspace ? : V4L2_COLORSPACE_SRGB;
		goto out;
	default:
		vcam_dbg_nocam(1, "CREATE: pixel format 0x%08x is not YUYV, NV12 or MJPEG\n",
			       c->pixelformat);
		return -EINVAL;
	}
	/* 4:2:2 needs an even width, 4:2:0 an even width and height. */
	if (w % 2 || (c->pixelformat == V4L2_PIX_FMT_NV12 && h % 2)) {
		vcam_dbg_nocam(1, "CREATE: %ux%u is odd for its chroma subsampling\n",
			       w, h);
		return -EINVAL;
	}

	fmt->bytesperline = c->bytesperline ? : min_bpl;
	if (fmt->bytesperline < min_bpl ||
	    fmt->bytesperline > min_bpl + VCAM_MAX_STRIDE_PAD) {
		vcam_dbg_nocam(1, "CREATE: bytesperline %u outside %u..%u\n",
			       fmt->bytesperline, min_bpl,
			       min_bpl + VCAM_MAX_STRIDE_PAD);
		return -EINVAL;
	}
	fmt->sizeimage = fmt->bytesperline * h;
	if (c->pixelformat == V4L2_PIX_FMT_NV12)
		fmt->sizeimage += fmt->bytesperline * h / 2;
	fmt->colorspace = c->colorspace ? : V4L2_COLORSPACE_REC709;
out:
	fmt->pixelformat = c->pixelformat;
	fmt->width = w;
	fmt->height = h;
	return 0;
}

/* Flags, device numbers and counts of a CREATE request. */
static int vcam_check_nodes(struct vcam_config *cfg,
			    const struct vcam_ioc_create *c)
{
	const u32 known = VCAM_CREATE_DEVICE_NR | VCAM_CREATE_EXPORT;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c->reserved); i++) {
		if (c->reserved[i]) {
			vcam_dbg_nocam(1, "CREATE: reserved[%u] is not 0\n", i);
			return -EINVAL;
		}
	}
	if (c->flags & ~known) {
		vcam_dbg_nocam(1, "CREATE: unknown flags 0x%x\n", c->flags & ~known);
		return -EINVAL;
	}
	cfg->export = c->flags & VCAM_CREATE_EXPORT;
	if (c->flags & VCAM_CREATE_DEVICE_NR) {
		if (c->device_nr > VCAM_MAX_DEVICE_NR) {
			vcam_dbg_nocam(1, "CREATE: device_nr %u above %u\n",
				       c->device_nr, VCAM_MAX_DEVICE_NR);
			return -EINVAL;
		}
		cfg->device_nr = c->device_nr;
	} else {
		if (c->device_nr) {
			vcam_dbg_nocam(1, "CREATE: device_nr without VCAM_CREATE_DEVICE_NR\n");
			return -EINVAL;
		}
		cfg->device_nr = -1;
	}
	if (c->output_nr) {
		vcam_dbg_nocam(1, "CREATE: output_nr without an output node\n");
		return -EINVAL;
	}
	if (c->nr_readers > VCAM_MAX_READERS) {
		vcam_dbg_nocam(1, "CREATE: %u readers, at most %u\n",
			       c->nr_readers, VCAM_MAX_READERS);
		return -EINVAL;
	}
	cfg->nr_readers = c->nr_readers ? : READ_ONCE(default_readers);
	if (c->nr_frames < VCAM_MIN_FRAMES || c->nr_frames > VCAM_MAX_FRAMES) {
		vcam_dbg_nocam(1, "CREATE: nr_frames %u outside %u..%u\n",
			       c->nr_frames, VCAM_MIN_FRAMES, VCAM_MAX_FRAMES);
		return -EINVAL;
	}
	cfg->nr_frames = c->nr_frames;
	return 0;
}

/**
 * vcam_check_create() - Validate a %VCAM_IOC_CREATE request
 * @cfg: Filled with the validated configuration (but the label).
 * @c: The request as copied from userspace.
 *
 * Return: 0, -EINVAL or -E2BIG (over the per-camera memory budget).
 */
static int vcam_check_create(struct vcam_config *cfg,
			     const struct vcam_ioc_create *c)
{
	int ret;

	ret = vcam_check_nodes(cfg, c);
	if (ret)
		return ret;
	ret = vcam_check_fps(cfg, c->fps_numerator, c->fps_denominator);
	if (ret)
		return ret;
	ret = vcam_check_format(&cfg->fmt, c);
	if (ret)
		return ret;
	if ((u64)cfg->fmt.sizeimage * cfg->nr_frames > vcam_max_camera_bytes) {
		vcam_dbg_nocam(1, "CREATE: %u frames of %u bytes exceed max_camera_mb\n",
			       cfg->nr_frames, cfg->fmt.sizeimage);
		return -E2BIG;
	}
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
			.length = cam->fmt.sizeimage,
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
		vcam_dbg_nocam(1, "CREATE: this file already has a camera\n");
		ret = -EBUSY;
		goto out_unlock;
	}
	cam = vcam_cam_alloc(&cfg);
	if (IS_ERR(cam)) {
		ret = PTR_ERR(cam);
		goto out_unlock;
	}
	ret = vcam_cam_add(cam);
	if (ret)
		goto err_put;
	ret = vcam_put_frames(cam, c.frames);
	if (ret)
		goto err_unlist;
	ret = vcam_cam_register(cam, cfg.device_nr);
	if (ret)
		goto err_shutdown;
	c.device_nr = cam->readers[0]->vdev.num;
	if (copy_to_user(arg, &c, sizeof(c))) {
		ret = -EFAULT;
		goto err_shutdown;
	}
	/* Pairs with smp_load_acquire() in vcam_file_cam(). */
	smp_store_release(&vf->cam, cam);
	mutex_unlock(&vf->lock);
	return 0;

err_shutdown:
	vcam_cam_shutdown(cam);
err_unlist:
	vcam_cam_unlist(cam);
err_put:
	vcam_cam_put(cam);
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
			VCAM_CAP_STATS | VCAM_CAP_WAIT_TIMEOUT |
			VCAM_CAP_READERS | VCAM_CAP_EXPORT,
		.min_width = VCAM_MIN_SIZE,
		.min_height = VCAM_MIN_SIZE,
		.max_width = VCAM_MAX_SIZE,
		.max_height = VCAM_MAX_SIZE,
		.min_frames = VCAM_MIN_FRAMES,
		.max_frames = VCAM_MAX_FRAMES,
		.max_fps = VCAM_MAX_FPS,
		.nr_formats = ARRAY_SIZE(vcam_formats),
		.max_cameras = READ_ONCE(max_cameras_per_user),
		.max_readers = VCAM_MAX_READERS,
		.max_camera_bytes = vcam_max_camera_bytes,
		.default_readers = READ_ONCE(default_readers),
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
	for (i = 0; i < ARRAY_SIZE(dq.reserved); i++) {
		if (dq.reserved[i]) {
			vcam_dbg(1, cam, "DEQUEUE: reserved[%u] is not 0\n", i);
			return -EINVAL;
		}
	}
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
			  VCAM_STATUS_OPEN | VCAM_STATUS_EXPORT;
	struct vcam_ioc_wait w;
	unsigned int i;
	int ret;

	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	if (!w.mask || (w.mask & ~known)) {
		vcam_dbg(1, cam, "WAIT: mask 0x%llx is empty or has unknown bits\n",
			 w.mask);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(w.reserved); i++) {
		if (w.reserved[i]) {
			vcam_dbg(1, cam, "WAIT: reserved[%u] is not 0\n", i);
			return -EINVAL;
		}
	}

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
	st.nr_readers = cam->nr_readers;
	st.readers_streaming = cam->readers_streaming;
	vf->seen_seq = cam->status_seq;
	spin_unlock(&cam->frame_lock);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static int vcam_ioc_nodes(struct vcam_cam *cam, void __user *arg)
{
	struct vcam_ioc_nodes n = {
		.nr_readers = cam->nr_readers,
		.output_nr = VCAM_NO_NODE,
	};
	unsigned int i;

	for (i = 0; i < VCAM_MAX_READERS; i++)
		n.reader_nr[i] = i < cam->nr_readers ?
				 cam->readers[i]->vdev.num : VCAM_NO_NODE;
	return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static int vcam_ioc_release(struct vcam_cam *cam, void __user *arg)
{
	struct vcam_ioc_release rel;

	if (copy_from_user(&rel, arg, sizeof(rel)))
		return -EFAULT;
	return vcam_export_release(cam, &rel);
}

/* The ioctls that act on the file's camera, once it exists. */
static long vcam_cam_ioctl(struct vcam_file *vf, struct vcam_cam *cam,
			   struct file *file, unsigned int cmd,
			   void __user *uarg)
{
	switch (cmd) {
	case VCAM_IOC_QUEUE:
		return vcam_ioc_queue(cam, uarg);
	case VCAM_IOC_DEQUEUE:
		return vcam_ioc_dequeue(cam, file, uarg);
	case VCAM_IOC_STATUS:
		return vcam_ioc_status(vf, cam, uarg);
	case VCAM_IOC_WAIT:
		return vcam_ioc_wait(vf, cam, uarg);
	case VCAM_IOC_STATS:
		return vcam_ioc_stats(vf, cam, uarg);
	case VCAM_IOC_NODES:
		return vcam_ioc_nodes(cam, uarg);
	case VCAM_IOC_EXPORT_ACQUIRE:
		return vcam_export_acquire(cam, uarg);
	case VCAM_IOC_EXPORT_RELEASE:
		return vcam_ioc_release(cam, uarg);
	default:
		return -ENOTTY;
	}
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
	case VCAM_IOC_NODES:
	case VCAM_IOC_EXPORT_ACQUIRE:
	case VCAM_IOC_EXPORT_RELEASE:
		cam = vcam_file_cam(vf);
		if (!cam)
			return -ENODEV;
		return vcam_cam_ioctl(vf, cam, file, cmd, uarg);
	default:
		return -ENOTTY;
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

/* The limits, read-only through the kernel's own int attribute helpers. */
static int vcam_attr_max_size = VCAM_MAX_SIZE;
static int vcam_attr_max_frames = VCAM_MAX_FRAMES;
static int vcam_attr_max_fps = VCAM_MAX_FPS;
static int vcam_attr_max_readers = VCAM_MAX_READERS;
static DEVICE_INT_ATTR(max_width, 0444, vcam_attr_max_size);
static DEVICE_INT_ATTR(max_height, 0444, vcam_attr_max_size);
static DEVICE_INT_ATTR(max_frames, 0444, vcam_attr_max_frames);
static DEVICE_INT_ATTR(max_fps, 0444, vcam_attr_max_fps);
static DEVICE_INT_ATTR(max_readers, 0444, vcam_attr_max_readers);

/*
 * One line per camera: "<id> video<N> <uid> <label>", N being its first
 * capture node (the label may hold spaces, so it comes last). Every node of
 * a camera is listed by %VCAM_IOC_NODES.
 */
static ssize_t cameras_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct vcam_cam *cam;
	int len = 0;

	mutex_lock(&vcam_list_lock);
	list_for_each_entry(cam, &vcam_list, list) {
		struct video_device *vdev = &cam->readers[0]->vdev;

		if (!video_is_registered(vdev))
			continue;
		len += sysfs_emit_at(buf, len, "%d video%d %u %s\n", cam->id,
				     vdev->num,
				     from_kuid(&init_user_ns, cam->uid),
				     cam->label);
	}
	mutex_unlock(&vcam_list_lock);
	return len;
}
static DEVICE_ATTR_RO(cameras);

static struct attribute *vcam_attrs[] = {
	&dev_attr_formats.attr,
	&dev_attr_max_width.attr.attr,
	&dev_attr_max_height.attr.attr,
	&dev_attr_max_frames.attr.attr,
	&dev_attr_max_fps.attr.attr,
	&dev_attr_max_readers.attr.attr,
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
		goto err_wq;
	return 0;

err_wq:
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
MODULE_VERSION(VCAM_VERSION);
VCAM_IMPORT_NS_DMA_BUF();
