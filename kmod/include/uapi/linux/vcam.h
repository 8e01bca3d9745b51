/* SPDX-License-Identifier: GPL-2.0+ WITH Linux-syscall-note */
/*
 * vcam: virtual V4L2 cameras fed with DMA-BUFs from userspace.
 *
 * This header is the single source of truth for the /dev/vcam interface.
 * Userspace (vcamctl, the Java bindings) includes it or is checked against it.
 */
#ifndef _UAPI_LINUX_VCAM_H
#define _UAPI_LINUX_VCAM_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * DOC: vcam uAPI
 *
 * Opening /dev/vcam and calling %VCAM_IOC_CREATE creates one capture device,
 * /dev/videoN, that any V4L2 application can open. The camera lives as long
 * as the file description that created it; every other ioctl of this file
 * acts on that camera.
 *
 * The producer owns @nr_frames output slots, numbered 0..nr_frames-1. It fills
 * a DMA-BUF and hands it over with %VCAM_IOC_QUEUE naming a free slot; the
 * newest queued frame becomes the camera's current picture and the frame it
 * replaces is given back: %VCAM_IOC_DEQUEUE returns the slot once no consumer
 * reads from it any more. The producer never waits for consumers: while
 * nobody captures, every queued frame simply replaces the previous one.
 *
 * A slot is free after creation and after %VCAM_IOC_DEQUEUE returned it. The
 * current frame is kept (to repeat it while the producer pauses), so a
 * producer with N slots can have N - 1 frames in flight before it must
 * dequeue.
 *
 * Consumers get each new frame once; while no new frame arrives they get the
 * last one again (or the placeholder, before the first frame: black unless
 * %VCAM_IOC_PLACEHOLDER set a picture) at the camera's frame rate. A consumer
 * that imports the producer's very DMA-BUF gets it without a copy; every other
 * consumer gets exactly one CPU copy per frame.
 *
 * Readers. A camera has 1..%VCAM_MAX_READERS capture nodes
 * (&struct vcam_ioc_create.nr_readers), each an independent V4L2 capture
 * device with its own buffers, its own streaming owner and its own frame
 * clock, all fed from the same current frame: several applications can
 * stream one camera at once, one per node, and nothing one of them does
 * (STREAMOFF, REQBUFS(0), a stall, being killed) affects the others or the
 * producer. Reader 0 carries the camera's label; reader k > 0 the label with
 * the suffix " #<k+1>". %VCAM_IOC_NODES lists the nodes.
 *
 * Output node. With %VCAM_CREATE_OUTPUT (or the module's load-time cameras)
 * the camera also gets a V4L2 output device, /dev/videoM, that is
 * VIDEO_OUTPUT | STREAMING | READWRITE only: what v4l2loopback producers
 * (OBS, ffmpeg -f v4l2, GStreamer v4l2sink) write to. The producer on it sets
 * the camera's format with VIDIOC_S_FMT and its rate with VIDIOC_S_PARM while
 * no capture node has buffers (-EBUSY otherwise), and every frame queued
 * (MMAP, USERPTR, DMABUF) or written (write()) on it becomes the current
 * frame exactly as %VCAM_IOC_QUEUE does; the capture nodes stay capture-only.
 * An output buffer is given back (VIDIOC_DQBUF) once a newer frame replaced
 * it and no delivery reads it, so the producer never waits for consumers.
 * When the output node's producer stops streaming, the camera shows its
 * placeholder again.
 *
 * Export mode. With %VCAM_CREATE_EXPORT, while a consumer streams with MMAP
 * buffers the producer may borrow one of that consumer's free capture
 * buffers as a DMA-BUF (%VCAM_IOC_EXPORT_ACQUIRE), render into it and queue
 * it (%VCAM_IOC_QUEUE with %VCAM_QUEUE_EXPORTED): the driver completes exactly
 * that buffer, without a copy. The producer never waits: ACQUIRE fails with
 * -EAGAIN when no buffer is free, and the producer then uses its own slots.
 * A consumer that stops or dies revokes its buffers: later QUEUE or RELEASE
 * calls naming them fail with -ESTALE, while the producer's mappings stay
 * valid memory until it closes them.
 */

/** @VCAM_API_VERSION: Reported by %VCAM_IOC_QUERYCAP. */
#define VCAM_API_VERSION 1

/*
 * The ioctl type 0xBE is unused in Documentation/userspace-api/ioctl/
 * ioctl-number.rst ('v' collides with V4L1); vcam uses numbers 0x00-0x1F.
 */
#define VCAM_IOC_TYPE 0xBE

/**
 * enum vcam_status - Camera status bits (%VCAM_IOC_STATUS, %VCAM_IOC_WAIT)
 * @VCAM_STATUS_IDLE: No consumer is streaming from the capture device.
 * @VCAM_STATUS_STREAMING: A consumer is streaming from the capture device.
 * @VCAM_STATUS_OPEN: At least one file handle of the capture device is open.
 * @VCAM_STATUS_EXPORT: Export mode: a consumer streams with MMAP buffers,
 *	so %VCAM_IOC_EXPORT_ACQUIRE may succeed.
 *
 * Exactly one of IDLE and STREAMING is set at any time. With several readers,
 * STREAMING means at least one capture node streams and OPEN at least one
 * handle of any capture node is open. Any change of the status, and a change
 * of the camera's format through the output node, makes poll() on /dev/vcam
 * report EPOLLPRI.
 */
enum vcam_status {
	VCAM_STATUS_IDLE = 1U << 0,
	VCAM_STATUS_STREAMING = 1U << 1,
	VCAM_STATUS_OPEN = 1U << 2,
	VCAM_STATUS_EXPORT = 1U << 3,
};

/**
 * enum vcam_caps - Capability bits reported by %VCAM_IOC_QUERYCAP
 * @VCAM_CAP_DMABUF_IMPORT: %VCAM_IOC_QUEUE takes DMA-BUF file descriptors.
 * @VCAM_CAP_ZERO_COPY: A consumer importing the producer's DMA-BUF gets the
 *	frame without a copy.
 * @VCAM_CAP_STATS: %VCAM_IOC_STATS is supported.
 * @VCAM_CAP_WAIT_TIMEOUT: &struct vcam_ioc_wait.timeout_ms is honoured.
 * @VCAM_CAP_EXPORT: Export mode (%VCAM_CREATE_EXPORT,
 *	%VCAM_IOC_EXPORT_ACQUIRE, %VCAM_IOC_EXPORT_RELEASE): zero copy for
 *	consumers with MMAP buffers.
 * @VCAM_CAP_READERS: Several capture nodes per camera
 *	(&struct vcam_ioc_create.nr_readers, %VCAM_IOC_NODES).
 * @VCAM_CAP_OUTPUT: V4L2 output nodes (%VCAM_CREATE_OUTPUT).
 * @VCAM_CAP_PLACEHOLDER: %VCAM_IOC_PLACEHOLDER is supported.
 */
enum vcam_caps {
	VCAM_CAP_DMABUF_IMPORT = 1U << 0,
	VCAM_CAP_ZERO_COPY = 1U << 1,
	VCAM_CAP_STATS = 1U << 2,
	VCAM_CAP_WAIT_TIMEOUT = 1U << 3,
	VCAM_CAP_EXPORT = 1U << 4,
	VCAM_CAP_READERS = 1U << 5,
	VCAM_CAP_OUTPUT = 1U << 6,
	VCAM_CAP_PLACEHOLDER = 1U << 7,
};

/**
 * enum vcam_create_flags - Flags of &struct vcam_ioc_create
 * @VCAM_CREATE_DEVICE_NR: Register the capture node as /dev/video<device_nr>
 *	(fails with -ENFILE if that number is taken); without it the first free
 *	number is used.
 * @VCAM_CREATE_EXPORT: Export mode (see %VCAM_CAP_EXPORT).
 * @VCAM_CREATE_OUTPUT: Also create a V4L2 output node (see "Output node"
 *	above). @width, @height and @pixelformat may then be 0 for the default
 *	(1280x720 YUYV) and @nr_frames may be 0 (no %VCAM_IOC_QUEUE slots: the
 *	output node is the only way in).
 * @VCAM_CREATE_OUTPUT_NR: Register the output node as
 *	/dev/video<output_nr> (-ENFILE if taken); needs %VCAM_CREATE_OUTPUT.
 */
enum vcam_create_flags {
	VCAM_CREATE_DEVICE_NR = 1U << 0,
	VCAM_CREATE_EXPORT = 1U << 1,
	VCAM_CREATE_OUTPUT = 1U << 2,
	VCAM_CREATE_OUTPUT_NR = 1U << 3,
};

/** @VCAM_LABEL_MAX: Longest label in bytes, terminating NUL included. */
#define VCAM_LABEL_MAX 32
/** @VCAM_MAX_FORMATS: Size of &struct vcam_ioc_querycap.formats. */
#define VCAM_MAX_FORMATS 8
/** @VCAM_MAX_READERS: Most capture nodes one camera may have. */
#define VCAM_MAX_READERS 8
/** @VCAM_NO_NODE: A device number that means "no such node". */
#define VCAM_NO_NODE 0xffffffffU

/**
 * struct vcam_ioc_querycap - What this module supports
 * @version: (output) %VCAM_API_VERSION.
 * @caps: (output) Bitmask of &enum vcam_caps.
 * @min_width: (output) Smallest frame width in pixels.
 * @min_height: (output) Smallest frame height in pixels.
 * @max_width: (output) Largest frame width in pixels.
 * @max_height: (output) Largest frame height in pixels.
 * @min_frames: (output) Smallest &struct vcam_ioc_create.nr_frames.
 * @max_frames: (output) Largest &struct vcam_ioc_create.nr_frames.
 * @max_fps: (output) Highest frame rate in frames per second (lowest is 1).
 * @nr_formats: (output) Number of valid entries in @formats.
 * @formats: (output) Supported V4L2 pixel formats (fourcc codes).
 * @max_cameras: (output) Cameras one user may own at once (module parameter).
 * @max_readers: (output) Most capture nodes per camera (%VCAM_MAX_READERS);
 *	0 from modules without %VCAM_CAP_READERS.
 * @max_camera_bytes: (output) Largest frame size times frame count that one
 *	camera may use, in bytes (module parameter).
 * @default_readers: (output) Capture nodes a camera gets when
 *	&struct vcam_ioc_create.nr_readers is 0 (module parameter).
 * @reserved: Set to zero by the driver.
 */
struct vcam_ioc_querycap {
	__u32 version;
	__u32 caps;
	__u32 min_width;
	__u32 min_height;
	__u32 max_width;
	__u32 max_height;
	__u32 min_frames;
	__u32 max_frames;
	__u32 max_fps;
	__u32 nr_formats;
	__u32 formats[VCAM_MAX_FORMATS];
	__u32 max_cameras;
	__u32 max_readers;
	__u64 max_camera_bytes;
	__u32 default_readers;
	__u32 reserved[7];
};

/**
 * struct vcam_frame - An output slot, as reported by %VCAM_IOC_CREATE
 * @index: Slot number, to be named in &struct vcam_ioc_queue.index.
 * @length: Smallest DMA-BUF size in bytes (from the start of the buffer to
 *	the end of the frame at offset 0) that the slot accepts; the camera's
 *	sizeimage.
 */
struct vcam_frame {
	__u32 index;
	__u32 length;
};

/**
 * struct vcam_ioc_create - Create a virtual camera
 * @device_name: (input) User pointer to the NUL-terminated label shown to
 *	applications (V4L2 card name), at most %VCAM_LABEL_MAX bytes including
 *	the NUL, printable characters only. 0 selects "vcam N".
 * @width: (input) Frame width in pixels.
 * @height: (input) Frame height in pixels.
 * @pixelformat: (input) V4L2 fourcc: V4L2_PIX_FMT_YUYV, _NV12 or _MJPEG.
 * @colorspace: (input) enum v4l2_colorspace; 0 selects a default (sRGB for
 *	MJPEG, Rec. 709 otherwise).
 * @bytesperline: (input) Line stride of the frames to be queued in bytes;
 *	0 selects the tightest stride. Must be 0 for MJPEG.
 * @flags: (input) Bitmask of &enum vcam_create_flags.
 * @device_nr: (input/output) With %VCAM_CREATE_DEVICE_NR, the wanted N of
 *	/dev/videoN, otherwise must be 0. On return, N.
 * @nr_frames: (input) Number of output slots and of entries in @frames.
 * @frames: (input) User pointer to an array of @nr_frames &struct vcam_frame
 *	that the driver fills.
 * @fps_numerator: (input) Frame rate numerator (frames); 0 with
 *	@fps_denominator 0 selects 30/1.
 * @fps_denominator: (input) Frame rate denominator (seconds).
 * @nr_readers: (input) Capture nodes, 1..%VCAM_MAX_READERS; 0 selects the
 *	module's default (the readers parameter). Their buffers count against
 *	the camera's memory budget (max_camera_mb) node by node.
 * @output_nr: (input/output) With %VCAM_CREATE_OUTPUT_NR, the wanted M of
 *	the output node /dev/videoM, otherwise must be 0. On return, M with
 *	%VCAM_CREATE_OUTPUT; left unchanged without it.
 * @reserved: Must be zero.
 */
struct vcam_ioc_create {
	__u64 device_name;
	__u32 width;
	__u32 height;
	__u32 pixelformat;
	__u32 colorspace;
	__u32 bytesperline;
	__u32 flags;
	__u32 device_nr;
	__u32 nr_frames;
	__u64 frames;
	__u32 fps_numerator;
	__u32 fps_denominator;
	__u32 nr_readers;
	__u32 output_nr;
	__u32 reserved[4];
};

/**
 * enum vcam_queue_flags - Flags of &struct vcam_ioc_queue
 * @VCAM_QUEUE_EXPORTED: The frame is in a capture buffer borrowed with
 *	%VCAM_IOC_EXPORT_ACQUIRE: @index and @cookie name it, @fd must be -1 and
 *	@offset 0. It is not a slot: nothing comes back through
 *	%VCAM_IOC_DEQUEUE for it.
 */
enum vcam_queue_flags {
	VCAM_QUEUE_EXPORTED = 1U << 0,
};

/**
 * struct vcam_ioc_queue - Hand a filled frame to the camera
 * @fd: (input) DMA-BUF file descriptor holding the frame. The driver takes
 *	its own reference; the caller may close @fd right after the call.
 * @index: (input) A free slot, 0..nr_frames-1 (with %VCAM_QUEUE_EXPORTED:
 *	&struct vcam_ioc_acquire.index).
 * @length: (input) Payload in bytes: the camera's sizeimage for raw formats,
 *	1..sizeimage for MJPEG.
 * @flags: (input) Bitmask of &enum vcam_queue_flags.
 * @timestamp: (input) CLOCK_MONOTONIC capture time in nanoseconds; 0 lets the
 *	driver stamp the time of the call.
 * @offset: (input) Byte offset of the frame inside the DMA-BUF.
 * @cookie: (input) With %VCAM_QUEUE_EXPORTED, &struct vcam_ioc_acquire.cookie;
 *	otherwise must be zero.
 * @reserved: Must be zero.
 */
struct vcam_ioc_queue {
	__s32 fd;
	__u32 index;
	__u32 length;
	__u32 flags;
	__u64 timestamp;
	__u32 offset;
	__u32 cookie;
	__u32 reserved[2];
};

/**
 * enum vcam_dequeue_flags - Flags of &struct vcam_ioc_dequeue
 * @VCAM_FRAME_SHOWN: At least one consumer received the frame.
 * @VCAM_FRAME_ZERO_COPY: A consumer received the frame without a copy.
 */
enum vcam_dequeue_flags {
	VCAM_FRAME_SHOWN = 1U << 0,
	VCAM_FRAME_ZERO_COPY = 1U << 1,
};

/**
 * struct vcam_ioc_dequeue - Take back a slot the camera no longer needs
 * @index: (output) The slot, now free.
 * @length: (output) Payload length it was queued with.
 * @timestamp: (output) Timestamp it was queued with (or stamped).
 * @flags: (output) Bitmask of &enum vcam_dequeue_flags.
 * @reserved: Must be zero on input; zero on output.
 *
 * Blocks until a slot is free unless /dev/vcam was opened with O_NONBLOCK
 * (then -EAGAIN). poll() reports EPOLLIN when a slot can be dequeued and
 * EPOLLPRI when the status changed.
 */
struct vcam_ioc_dequeue {
	__u32 index;
	__u32 length;
	__u64 timestamp;
	__u32 flags;
	__u32 reserved[5];
};

/**
 * struct vcam_ioc_wait - Wait for a status change
 * @mask: (input) Bits of &enum vcam_status; the call returns as soon as any
 *	of them is set. Must be non-zero and name only known bits.
 * @status: (output) The status when the call returned.
 * @timeout_ms: (input) Give up after this many milliseconds with
 *	-ETIMEDOUT (@status still filled); 0 waits without limit.
 * @reserved: Must be zero.
 */
struct vcam_ioc_wait {
	__u64 mask;
	__u64 status;
	__u32 timeout_ms;
	__u32 reserved[3];
};

/**
 * struct vcam_ioc_stats - Counters of one camera since its creation
 * @status: Bitmask of &enum vcam_status.
 * @openers: File handles of the capture device open now.
 * @nr_readers: Capture nodes of the camera.
 * @queued: Frames the producer queued.
 * @delivered: Capture buffers completed with a new frame.
 * @repeated: Capture buffers completed with a repeated or placeholder frame.
 * @copied: Frames delivered with a CPU copy.
 * @zero_copy: Frames delivered without a copy.
 * @dropped: Queued frames replaced before any consumer received them.
 * @bytes_copied: Bytes copied by the CPU for new frames (not repeats).
 * @errors: Capture buffers completed with an error (e.g. failed mapping).
 * @repeat_bytes_copied: Bytes copied by the CPU for repeated and placeholder
 *	frames.
 * @exported: New frames the producer rendered into a consumer's own buffer
 *	(export mode); they are counted in @zero_copy too.
 * @readers_streaming: Capture nodes streaming now.
 * @reserved1: Zero.
 * @reserved: Zero.
 *
 * @delivered, @repeated, @copied, @zero_copy, @bytes_copied and
 * @repeat_bytes_copied add up over all capture nodes: with two readers
 * streaming, one new frame counts twice in @delivered.
 */
struct vcam_ioc_stats {
	__u64 status;
	__u32 openers;
	__u32 nr_readers;
	__u64 queued;
	__u64 delivered;
	__u64 repeated;
	__u64 copied;
	__u64 zero_copy;
	__u64 dropped;
	__u64 bytes_copied;
	__u64 errors;
	__u64 repeat_bytes_copied;
	__u64 exported;
	__u32 readers_streaming;
	__u32 reserved1;
	__u64 reserved[3];
};

/**
 * struct vcam_ioc_nodes - The device nodes of the camera
 * @nr_readers: (output) Capture nodes.
 * @output_nr: (output) N of the output node /dev/videoN, or %VCAM_NO_NODE.
 * @reader_nr: (output) N of each capture node /dev/videoN; entries from
 *	@nr_readers on are %VCAM_NO_NODE.
 * @reserved: Zero.
 */
struct vcam_ioc_nodes {
	__u32 nr_readers;
	__u32 output_nr;
	__u32 reader_nr[VCAM_MAX_READERS];
	__u32 reserved[6];
};

/**
 * struct vcam_ioc_placeholder - The picture shown while there is no frame
 * @data: (input) User pointer to one frame in the camera's current format
 *	(the layout of a frame queued with %VCAM_IOC_QUEUE), or 0 to go back to
 *	black.
 * @length: (input) Bytes at @data: sizeimage for raw formats, 1..sizeimage
 *	for MJPEG; 0 with @data 0.
 * @pixelformat: (input) The camera's current pixel format.
 * @width: (input) The camera's current width.
 * @height: (input) The camera's current height.
 * @reserved: Must be zero.
 *
 * The format fields must match the camera's current format (-EINVAL
 * otherwise), so that a picture made for an older format is never shown.
 * The placeholder is shown before the first frame and after an output
 * node's producer stopped; a format change through the output node drops it
 * (black again) and signals EPOLLPRI so that its owner can send a new one.
 */
struct vcam_ioc_placeholder {
	__u64 data;
	__u32 length;
	__u32 pixelformat;
	__u32 width;
	__u32 height;
	__u32 reserved[4];
};

/**
 * enum vcam_acquire_flags - Flags of &struct vcam_ioc_acquire
 * @VCAM_ACQUIRE_NEW_FD: Return a new DMA-BUF fd even if this buffer was
 *	handed out before in this stream.
 */
enum vcam_acquire_flags {
	VCAM_ACQUIRE_NEW_FD = 1U << 0,
};

/**
 * struct vcam_ioc_acquire - Borrow a consumer's capture buffer (export mode)
 * @flags: (input) Bitmask of &enum vcam_acquire_flags.
 * @fd: (output) A new DMA-BUF file descriptor (O_RDWR | O_CLOEXEC) of the
 *	buffer the first time it is handed out in this stream (or with
 *	%VCAM_ACQUIRE_NEW_FD), else -1: the producer keeps the fd and its
 *	mapping per (@cookie, @index) and closes them when the cookie goes stale.
 * @index: (output) The buffer, to name in %VCAM_IOC_QUEUE or
 *	%VCAM_IOC_EXPORT_RELEASE.
 * @cookie: (output) Identifies the consumer's stream (never 0); a new
 *	stream (or a new set of buffers) gets a new cookie.
 * @length: (output) Size of the buffer in bytes.
 * @reader: (output) The capture node (0..nr_readers-1) the buffer belongs to.
 * @reserved: Must be zero.
 *
 * Never blocks: -EAGAIN when no capture node streams with MMAP buffers or
 * all their buffers are busy; -EOPNOTSUPP without %VCAM_CREATE_EXPORT.
 */
struct vcam_ioc_acquire {
	__u32 flags;
	__s32 fd;
	__u32 index;
	__u32 cookie;
	__u32 length;
	__u32 reader;
	__u32 reserved[4];
};

/**
 * struct vcam_ioc_release - Give back a borrowed buffer unused
 * @index: (input) &struct vcam_ioc_acquire.index.
 * @cookie: (input) &struct vcam_ioc_acquire.cookie.
 * @reserved: Must be zero.
 */
struct vcam_ioc_release {
	__u32 index;
	__u32 cookie;
	__u32 reserved[4];
};

/**
 * DOC: vcam ioctls
 *
 * %VCAM_IOC_CREATE: Create the camera of this file (once per open file;
 * -EBUSY the second time). -EINVAL for a bad size, format, stride, frame
 * rate, frame count, reader count, label, flag or non-zero reserved field;
 * -EFAULT for a bad pointer; -EDQUOT when the user already owns
 * max_cameras_per_user cameras; -E2BIG when sizeimage * nr_frames exceeds
 * max_camera_mb; -ENFILE when a requested device number is taken. A failed
 * call creates nothing.
 * %VCAM_IOC_QUEUE: Queue a frame; -EINVAL for a bad slot, length, offset,
 * flags or reserved field or an fd that is not a DMA-BUF, -EBADF for an fd
 * that is not open, -EBUSY for a slot that is not free, -ENODEV before
 * %VCAM_IOC_CREATE; with %VCAM_QUEUE_EXPORTED, -ESTALE for a buffer whose
 * stream ended and -EINVAL for one that is not borrowed.
 * %VCAM_IOC_DEQUEUE: Take back a free slot.
 * %VCAM_IOC_STATUS: Read the status bits (a __u64).
 * %VCAM_IOC_WAIT: Wait for any of the given status bits.
 * %VCAM_IOC_QUERYCAP: Version, capabilities and limits; works before
 * %VCAM_IOC_CREATE.
 * %VCAM_IOC_STATS: Read the camera's counters.
 * %VCAM_IOC_NODES: The camera's device nodes.
 * %VCAM_IOC_PLACEHOLDER: Set (or clear) the placeholder picture.
 * %VCAM_IOC_EXPORT_ACQUIRE: Borrow a consumer's buffer (export mode).
 * %VCAM_IOC_EXPORT_RELEASE: Give a borrowed buffer back unused; -ESTALE when
 * its stream already ended (nothing to do then).
 */
#define VCAM_IOC_CREATE		_IOWR(VCAM_IOC_TYPE, 0x00, struct vcam_ioc_create)
#define VCAM_IOC_QUEUE		_IOW(VCAM_IOC_TYPE, 0x01, struct vcam_ioc_queue)
#define VCAM_IOC_DEQUEUE	_IOWR(VCAM_IOC_TYPE, 0x02, struct vcam_ioc_dequeue)
#define VCAM_IOC_STATUS		_IOR(VCAM_IOC_TYPE, 0x03, __u64)
#define VCAM_IOC_WAIT		_IOWR(VCAM_IOC_TYPE, 0x04, struct vcam_ioc_wait)
#define VCAM_IOC_QUERYCAP	_IOR(VCAM_IOC_TYPE, 0x05, struct vcam_ioc_querycap)
#define VCAM_IOC_STATS		_IOR(VCAM_IOC_TYPE, 0x06, struct vcam_ioc_stats)
#define VCAM_IOC_NODES		_IOR(VCAM_IOC_TYPE, 0x07, struct vcam_ioc_nodes)
#define VCAM_IOC_PLACEHOLDER	_IOW(VCAM_IOC_TYPE, 0x08, struct vcam_ioc_placeholder)
#define VCAM_IOC_EXPORT_ACQUIRE	_IOWR(VCAM_IOC_TYPE, 0x09, struct vcam_ioc_acquire)
#define VCAM_IOC_EXPORT_RELEASE	_IOW(VCAM_IOC_TYPE, 0x0A, struct vcam_ioc_release)

#endif /* _UAPI_LINUX_VCAM_H */
