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
 *	capture buffers of any reader that hold it without a copy).
 * @retired: Replaced by a newer frame; goes to the done list at @users 0.
 * @fresh: Not yet delivered to any capture buffer of any reader.
 * @done_entry: Entry in &vcam_cam.done_list.
 * @xbuf: Export mode: the capture buffer whose memory holds the frame (the
 *	slot was allocated for that one frame and is freed when done), NULL for
 *	a producer slot and once that buffer is freed (@dbuf, our reference to
 *	its DMA-BUF, keeps the memory alive).
 * @exported: An export-mode slot (see @xbuf).
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
	struct vcam_buffer *xbuf;
	bool exported;
};

/**
 * struct vcam_format - The picture format of a camera
 * @pixelformat: V4L2 fourcc.
 * @width: Frame width in pixels.
 * @height: Frame height in pixels.
 * @bytesperline: Line stride (0 for MJPEG).
 * @sizeimage: Bytes per frame (MJPEG: the largest frame).
 * @colorspace: V4L2 colorspace.
 * @timeperframe: Frame interval, reduced.
 */
struct vcam_format {
	u32 pixelformat;
	u32 width;
	u32 height;
	u32 bytesperline;
	u32 sizeimage;
	u32 colorspace;
	struct v4l2_fract timeperframe;
};

/**
 * struct vcam_buffer - A capture buffer owned by the driver
 * @vb: The vb2 buffer; must be first.
 * @list: Entry in &vcam_reader.capture_list while queued to the driver, in
 *	&vcam_reader.held_list while it holds a slot.
 * @held: Slot that this buffer shares without a copy (zero copy), kept
 *	until the buffer is queued again or freed; NULL otherwise.
 * @gen: &vcam_slot.gen of the frame the driver last copied into the
 *	buffer's memory, 0 if none (see vcam_buffer_holds()).
 * @budget: Bytes this buffer counts against the camera's memory budget
 *	(&vcam_cam.capture_bytes), 0 if none.
 * @export_dbuf: Export mode: the buffer exported as a DMA-BUF for the
 *	producer (our reference), made on its first loan; NULL before.
 * @fd_cookie: The &vcam_reader.cookie of the stream in which the producer
 *	last got a file descriptor of @export_dbuf.
 * @xslot: The export slot whose frame is in this buffer's memory while it
 *	lives: the buffer is then neither lent nor copied into.
 *
 * @list, @held and @xslot are protected by &vcam_cam.frame_lock; @gen is
 * used only by the reader's delivery work, which never runs concurrently
 * with itself (and by a loan, which takes the buffer off every list first);
 * @budget, @export_dbuf and @fd_cookie change only under &vcam_reader.lock
 * (vb2 operations and loans).
 */
struct vcam_buffer {
	struct vb2_v4l2_buffer vb;
	struct list_head list;
	struct vcam_slot *held;
	u64 gen;
	u32 budget;
	struct dma_buf *export_dbuf;
	u32 fd_cookie;
	struct vcam_slot *xslot;
};

/**
 * struct vcam_reader - One capture node of a camera
 * @cam: The camera.
 * @index: Number of the node in the camera, 0..&vcam_cam.nr_readers - 1.
 * @vdev: The capture node, /dev/videoN.
 * @queue: Its capture queue.
 * @lock: Serialises the node's V4L2 ioctls and vb2 operations (vdev and
 *	queue lock).
 * @card: V4L2 card name: the camera's label, with " #<index+1>" for
 *	readers after the first.
 * @capture_list: Capture buffers queued to the driver.
 * @held_list: Capture buffers given to userspace that hold a slot.
 * @streaming: The queue is streaming.
 * @openers: Open file handles of the node.
 * @last_gen: &vcam_slot.gen of the newest frame delivered on this node
 *	since it started streaming, 0 if none.
 * @delivered_since_tick: A new frame was delivered since the last tick.
 * @sequence: Capture sequence number.
 * @last_done_ns: When the last capture buffer was completed
 *	(CLOCK_MONOTONIC, ns).
 * @capture_exposed: Since the capture buffers were allocated, one was mapped
 *	writable or exported: userspace may have changed what the driver wrote
 *	into MMAP buffers. Set with WRITE_ONCE(), read with READ_ONCE().
 * @cookie: Export mode: non-zero while the node streams MMAP buffers that
 *	the producer may borrow; a new one for every stream.
 * @lent_list: Capture buffers lent to the producer (export mode).
 * @timer: Frame clock, running while streaming.
 * @tick: Set by the frame clock, consumed by @work.
 * @work: Delivers frames into this node's capture buffers.
 *
 * @capture_list, @held_list, @streaming, @openers, @last_gen,
 * @delivered_since_tick, @sequence, @last_done_ns, @cookie and @lent_list
 * are protected by &vcam_cam.frame_lock.
 */
struct vcam_reader {
	struct vcam_cam *cam;
	unsigned int index;
	struct video_device vdev;
	struct vb2_queue queue;
	struct mutex lock;	/* V4L2 ioctls and vb2 of this node */
	char card[VCAM_LABEL_MAX];

	struct list_head capture_list;
	struct list_head held_list;
	bool streaming;
	unsigned int openers;
	u64 last_gen;
	bool delivered_since_tick;
	u32 sequence;
	u64 last_done_ns;
	bool capture_exposed;
	u32 cookie;
	struct list_head lent_list;

	struct hrtimer timer;
	atomic_t tick;
	struct work_struct work;
};

/**
 * struct vcam_cam - One virtual camera
 * @v4l2_dev: Its refcount is the camera's refcount (see vcam-main.c).
 * @frame_lock: Protects slots, the current frame, the readers' buffer lists
 *	and streaming state, status and counters. Never held while sleeping.
 * @wq: Wait queue of the producer (DEQUEUE, WAIT, poll).
 * @cpu_lock: Serialises CPU reads of the frames (begin_cpu_access to
 *	end_cpu_access). Exporters need not allow two at once on one DMA-BUF:
 *	udmabuf builds its scatter table on the first begin_cpu_access without a
 *	lock, so two readers copying the same frame in parallel leak one table.
 * @list: Entry in the global camera list (vcam_list_lock).
 * @id: Camera number (bus_info "platform:vcam-<id>").
 * @uid: Owner, for per-user limits.
 * @label: The camera's name.
 * @fmt: The camera's format; fixed for the camera's life.
 * @period_ns: @fmt.timeperframe in ns.
 * @nr_readers: Number of capture nodes.
 * @readers: The capture nodes.
 * @nr_slots: Number of output slots.
 * @slots: The output slots.
 * @done_list: Replaced slots not yet dequeued.
 * @cur: The current frame, or NULL before the first QUEUE.
 * @frame_gen: Generation of the newest queued frame (&vcam_slot.gen).
 * @placeholder: Black MJPEG frame (MJPEG cameras only).
 * @placeholder_len: Bytes in @placeholder.
 * @export: Export mode (%VCAM_CREATE_EXPORT).
 * @next_cookie: Last &vcam_reader.cookie handed out.
 * @next_lender: Reader to try first for the next loan (round robin).
 * @exporters: Nodes streaming buffers the producer may borrow.
 * @dead: The producer is gone; nothing is delivered or queued any more.
 * @readers_streaming: Capture nodes streaming now.
 * @openers: Open file handles of all capture nodes.
 * @capture_bytes: Bytes of capture buffers of all nodes that count against
 *	the memory budget.
 * @status_seq: Incremented on every status change.
 * @stats: Counters reported by %VCAM_IOC_STATS.
 */
struct vcam_cam {
	struct v4l2_device v4l2_dev;
	spinlock_t frame_lock;	/* slots, buffer lists, status, stats */
	wait_queue_head_t wq;
	struct mutex cpu_lock;	/* CPU access to the frames' DMA-BUFs */
	struct list_head list;
	int id;
	kuid_t uid;
	char label[VCAM_LABEL_MAX];

	struct vcam_format fmt;
	u64 period_ns;

	unsigned int nr_readers;
	struct vcam_reader *readers[VCAM_MAX_READERS];

	unsigned int nr_slots;
	struct vcam_slot *slots;
	struct list_head done_list;
	struct vcam_slot *cur;
	u64 frame_gen;
	u8 *placeholder;
	size_t placeholder_len;

	bool export;
	u32 next_cookie;
	unsigned int next_lender;
	unsigned int exporters;
	bool dead;
	unsigned int readers_streaming;
	unsigned int openers;
	u64 capture_bytes;
	u64 status_seq;
	struct vcam_ioc_stats stats;
};

/**
 * struct vcam_config - A validated %VCAM_IOC_CREATE request
 * @label: Card name (empty: "vcam <id>").
 * @fmt: The format.
 * @nr_frames: Output slots.
 * @nr_readers: Capture nodes.
 * @device_nr: Wanted /dev/videoN of the first capture node, or -1 for any.
 * @export: Export mode.
 */
struct vcam_config {
	char label[VCAM_LABEL_MAX];
	struct vcam_format fmt;
	u32 nr_frames;
	u32 nr_readers;
	int device_nr;
	bool export;
};

extern struct workqueue_struct *vcam_wq;
extern u64 vcam_max_camera_bytes;

extern unsigned int vcam_debug;

/*
 * vcam_dbg() - Say why a request was refused, when the debug parameter is at
 * least @level (1: refused requests, 2: also stream starts and stops).
 */
#define vcam_dbg(level, cam, fmt, ...)					\
	do {								\
		if (READ_ONCE(vcam_debug) >= (level))			\
			v4l2_info(&(cam)->v4l2_dev, fmt, ##__VA_ARGS__);	\
	} while (0)

/* The same before a camera exists. */
#define vcam_dbg_nocam(level, fmt, ...)					\
	do {								\
		if (READ_ONCE(vcam_debug) >= (level))			\
			pr_info(fmt, ##__VA_ARGS__);			\
	} while (0)

/* vcam-main.c */
void vcam_status_changed(struct vcam_cam *cam);
u64 vcam_status_locked(const struct vcam_cam *cam);

/* vcam-video.c */
struct vcam_reader *vcam_reader_alloc(struct vcam_cam *cam, unsigned int index);
void vcam_reader_free(struct vcam_reader *r);
int vcam_reader_register(struct vcam_reader *r, int device_nr);
void vcam_reader_shutdown(struct vcam_reader *r);

/* vcam-frames.c */
int vcam_frames_init(struct vcam_cam *cam);
void vcam_frames_free(struct vcam_cam *cam);
void vcam_frames_release_all(struct vcam_cam *cam);
int vcam_frames_queue(struct vcam_cam *cam, const struct vcam_ioc_queue *q);
void vcam_frames_set_current_locked(struct vcam_cam *cam, struct vcam_slot *slot,
				    const struct vcam_ioc_queue *q);
int vcam_frames_dequeue(struct vcam_cam *cam, struct vcam_ioc_dequeue *dq,
			bool nonblock);
bool vcam_frames_done_pending(struct vcam_cam *cam);
void vcam_frames_kick(struct vcam_cam *cam);
void vcam_deliver_work(struct work_struct *work);
void vcam_slot_put_locked(struct vcam_cam *cam, struct vcam_slot *slot);
bool vcam_is_zero_copy(struct vcam_buffer *buf, struct vcam_slot *slot);

/* vcam-export.c */
int vcam_export_acquire(struct vcam_cam *cam, struct vcam_ioc_acquire __user *arg);
int vcam_export_release(struct vcam_cam *cam, const struct vcam_ioc_release *rel);
int vcam_export_queue(struct vcam_cam *cam, const struct vcam_ioc_queue *q);
void vcam_export_stream_start_locked(struct vcam_reader *r);
void vcam_export_stream_stop_locked(struct vcam_reader *r, struct list_head *bufs);
void vcam_export_buf_cleanup(struct vcam_reader *r, struct vcam_buffer *buf);
u32 vcam_mjpeg_max_size(u32 width, u32 height);

#endif /* _VCAM_H */
