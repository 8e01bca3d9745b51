/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vcam: internal definitions shared by vcam-main.c, vcam-video.c and
 * vcam-frames.c. The locking and lifetime rules are documented at the top
 * of vcam-main.c.
 */
#ifndef _VCAM_H
#define _VCAM_H

#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <media/v4l2-device.h>
#include <media/v4l2-dev.h>
#include <media/videobuf2-v4l2.h>

#include <uapi/linux/vcam.h>

#define VCAM_MIN_SIZE		2
#define VCAM_MAX_SIZE		8192
#define VCAM_MIN_FRAMES		2
#define VCAM_MAX_FRAMES		32
#define VCAM_MAX_FPS		1000
#define VCAM_DEFAULT_FPS	30
/* Largest padding beyond the tightest line stride that CREATE accepts. */
#define VCAM_MAX_STRIDE_PAD	4096
/* Highest /dev/videoN (the V4L2 core has 256 device nodes). */
#define VCAM_MAX_DEVICE_NR	255
/* Capture buffers per queue (the V4L2 limit, at most VB2_MAX_FRAME). */
#define VCAM_MAX_CAPTURE_BUFS	32

/**
 * enum vcam_slot_state - Where an output slot is
 * @VCAM_SLOT_FREE: Owned by the producer; may be queued.
 * @VCAM_SLOT_QUEUED: Owned by the camera: the current frame, or a replaced
 *	frame that a consumer still reads.
 * @VCAM_SLOT_DONE: On the done list, waiting for %VCAM_IOC_DEQUEUE.
 */
enum vcam_slot_state {
	VCAM_SLOT_FREE,
	VCAM_SLOT_QUEUED,
	VCAM_SLOT_DONE,
};

/**
 * struct vcam_slot - One output slot of the producer
 * @dbuf: The DMA-BUF queued in this slot (our reference), or NULL.
 * @index: Slot number.
 * @length: Payload length in bytes.
 * @offset: Offset of the frame inside @dbuf.
 * @timestamp: CLOCK_MONOTONIC time in ns given or stamped at QUEUE.
 * @gen: Generation of the frame in the slot: &vcam_cam.frame_gen at QUEUE,
 *	never 0 and never reused by the camera.
 * @flags: &enum vcam_dequeue_flags collected while it was queued.
 * @state: &enum vcam_slot_state.
 * @users: Deliveries reading the frame now (CPU copies in progress and
 *	capture buffers that hold it without a copy).
 * @retired: Replaced by a newer frame; goes to the done list at @users 0.
 * @fresh: Not yet delivered to any capture buffer.
 * @done_entry: Entry in &vcam_cam.done_list.
 *
 * All fields are protected by &vcam_cam.frame_lock.
 */
struct vcam_slot {
	struct dma_buf *dbuf;
	u32 index;
	u32 length;
	u32 offset;
	u64 timestamp;
	u64 gen;
	u32 flags;
	enum vcam_slot_state state;
	unsigned int users;
	bool retired;
	bool fresh;
	struct list_head done_entry;
};

/**
 * struct vcam_buffer - A capture buffer owned by the driver
 * @vb: The vb2 buffer; must be first.
 * @list: Entry in &vcam_cam.capture_list while queued to the driver, in
 *	&vcam_cam.held_list while it holds a slot.
 * @held: Slot that this buffer shares without a copy (zero copy), kept
 *	until the buffer is queued again or freed; NULL otherwise.
 * @gen: &vcam_slot.gen of the frame the driver last copied into the
 *	buffer's memory, 0 if none (see vcam_buffer_holds()).
 *
 * @list and @held are protected by &vcam_cam.frame_lock; @gen is used only
 * by the delivery work (&vcam_cam.work), which never runs concurrently with
 * itself.
 */
struct vcam_buffer {
	struct vb2_v4l2_buffer vb;
	struct list_head list;
	struct vcam_slot *held;
	u64 gen;
};

/**
 * struct vcam_cam - One virtual camera
 * @v4l2_dev: Its refcount is the camera's refcount (see vcam-main.c).
 * @vdev: The capture node.
 * @queue: The capture queue.
 * @lock: Serialises V4L2 ioctls, vb2 and streaming state (vdev and queue
 *	lock).
 * @frame_lock: Protects slots, the capture list, current frame, status and
 *	counters. Never held while sleeping.
 * @wq: Wait queue of the producer (DEQUEUE, WAIT, poll).
 * @list: Entry in the global camera list (vcam_list_lock).
 * @id: Camera number (bus_info "platform:vcam-<id>").
 * @uid: Owner, for per-user limits.
 * @label: V4L2 card name.
 * @pixelformat: Fixed V4L2 format of the camera.
 * @width: Frame width.
 * @height: Frame height.
 * @bytesperline: Line stride (0 for MJPEG).
 * @sizeimage: Bytes per frame (MJPEG: the largest frame).
 * @colorspace: V4L2 colorspace.
 * @timeperframe: Frame interval.
 * @period_ns: @timeperframe in ns.
 * @nr_slots: Number of output slots.
 * @slots: The output slots.
 * @done_list: Replaced slots not yet dequeued.
 * @cur: The current frame, or NULL before the first QUEUE.
 * @frame_gen: Generation of the newest queued frame (&vcam_slot.gen).
 * @capture_list: Capture buffers queued to the driver.
 * @held_list: Capture buffers given to userspace that hold a slot.
 * @placeholder: Black MJPEG frame (MJPEG cameras only).
 * @placeholder_len: Bytes in @placeholder.
 * @dead: The producer is gone; nothing is delivered or queued any more.
 * @streaming: The capture queue is streaming.
 * @capture_exposed: Since the capture buffers were allocated, one was mapped
 *	writable or exported: userspace may have changed what the driver wrote
 *	into MMAP buffers. Set with WRITE_ONCE(), read with READ_ONCE().
 * @openers: Open file handles of the capture node.
 * @status_seq: Incremented on every status change.
 * @delivered_since_tick: A new frame was delivered since the last tick.
 * @sequence: Capture sequence number.
 * @last_done_ns: When the last capture buffer was completed
 *	(CLOCK_MONOTONIC, ns).
 * @stats: Counters reported by %VCAM_IOC_STATS.
 * @timer: Frame clock, running while streaming.
 * @tick: Set by the frame clock, consumed by @work.
 * @work: Delivers frames into capture buffers.
 */
struct vcam_cam {
	struct v4l2_device v4l2_dev;
	struct video_device vdev;
	struct vb2_queue queue;
	struct mutex lock;	/* V4L2 ioctls, vb2, shutdown */
	spinlock_t frame_lock;	/* slots, buffer lists, status, stats */
	wait_queue_head_t wq;
	struct list_head list;
	int id;
	kuid_t uid;
	char label[VCAM_LABEL_MAX];

	u32 pixelformat;
	u32 width;
	u32 height;
	u32 bytesperline;
	u32 sizeimage;
	u32 colorspace;
	struct v4l2_fract timeperframe;
	u64 period_ns;

	unsigned int nr_slots;
	struct vcam_slot *slots;
	struct list_head done_list;
	struct vcam_slot *cur;
	u64 frame_gen;
	struct list_head capture_list;
	struct list_head held_list;
	u8 *placeholder;
	size_t placeholder_len;

	bool dead;
	bool streaming;
	bool capture_exposed;
	unsigned int openers;
	u64 status_seq;
	bool delivered_since_tick;
	u32 sequence;
	u64 last_done_ns;
	struct vcam_ioc_stats stats;

	struct hrtimer timer;
	atomic_t tick;
	struct work_struct work;
};

/**
 * struct vcam_config - A validated %VCAM_IOC_CREATE request
 * @label: Card name (empty: "vcam <id>").
 * @pixelformat: V4L2 fourcc.
 * @width: Width in pixels.
 * @height: Height in pixels.
 * @bytesperline: Stride (0 for MJPEG).
 * @sizeimage: Frame size in bytes.
 * @colorspace: V4L2 colorspace.
 * @timeperframe: Frame interval, reduced.
 * @nr_frames: Output slots.
 * @device_nr: Wanted /dev/videoN, or -1 for any.
 */
struct vcam_config {
	char label[VCAM_LABEL_MAX];
	u32 pixelformat;
	u32 width;
	u32 height;
	u32 bytesperline;
	u32 sizeimage;
	u32 colorspace;
	struct v4l2_fract timeperframe;
	u32 nr_frames;
	int device_nr;
};

extern struct workqueue_struct *vcam_wq;
extern u64 vcam_max_camera_bytes;

/* vcam-main.c */
void vcam_status_changed(struct vcam_cam *cam);
u64 vcam_status_locked(const struct vcam_cam *cam);

/* vcam-video.c */
int vcam_video_register(struct vcam_cam *cam, int device_nr);
void vcam_video_shutdown(struct vcam_cam *cam);
void vcam_clock_init(struct vcam_cam *cam);

/* vcam-frames.c */
int vcam_frames_init(struct vcam_cam *cam);
void vcam_frames_free(struct vcam_cam *cam);
void vcam_frames_release_all(struct vcam_cam *cam);
int vcam_frames_queue(struct vcam_cam *cam, const struct vcam_ioc_queue *q);
int vcam_frames_dequeue(struct vcam_cam *cam, struct vcam_ioc_dequeue *dq,
			bool nonblock);
bool vcam_frames_done_pending(struct vcam_cam *cam);
void vcam_deliver_work(struct work_struct *work);
void vcam_slot_put_locked(struct vcam_cam *cam, struct vcam_slot *slot);
u32 vcam_mjpeg_max_size(u32 width, u32 height);

#endif /* _VCAM_H */
