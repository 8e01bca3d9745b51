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
 * last one again (or black, before the first frame) at the camera's frame
 * rate. A consumer that imports the producer's very DMA-BUF gets it without a
 * copy; every other consumer gets exactly one CPU copy per frame.
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
 *
 * Exactly one of IDLE and STREAMING is set at any time.
 */
enum vcam_status {
	VCAM_STATUS_IDLE = 1U << 0,
	VCAM_STATUS_STREAMING = 1U << 1,
	VCAM_STATUS_OPEN = 1U << 2,
};

/**
 * enum vcam_caps - Capability bits reported by %VCAM_IOC_QUERYCAP
 * @VCAM_CAP_DMABUF_IMPORT: %VCAM_IOC_QUEUE takes DMA-BUF file descriptors.
 * @VCAM_CAP_ZERO_COPY: A consumer importing the producer's DMA-BUF gets the
 *	frame without a copy.
 * @VCAM_CAP_STATS: %VCAM_IOC_STATS is supported.
 * @VCAM_CAP_WAIT_TIMEOUT: &struct vcam_ioc_wait.timeout_ms is honoured.
 * @VCAM_CAP_EXPORT: Reserved: the module exports the capture buffers to the
 *	producer (zero copy for MMAP consumers, %VCAM_CREATE_EXPORT). Not set by
 *	this version.
 */
enum vcam_caps {
	VCAM_CAP_DMABUF_IMPORT = 1U << 0,
	VCAM_CAP_ZERO_COPY = 1U << 1,
	VCAM_CAP_STATS = 1U << 2,
	VCAM_CAP_WAIT_TIMEOUT = 1U << 3,
	VCAM_CAP_EXPORT = 1U << 4,
};

/**
 * enum vcam_create_flags - Flags of &struct vcam_ioc_create
 * @VCAM_CREATE_DEVICE_NR: Register the capture node as /dev/video<device_nr>
 *	(fails with -ENFILE if that number is taken); without it the first free
 *	number is used.
 * @VCAM_CREATE_EXPORT: Reserved for the export mode (see %VCAM_CAP_EXPORT);
 *	rejected with -EOPNOTSUPP by this version.
 */
enum vcam_create_flags {
	VCAM_CREATE_DEVICE_NR = 1U << 0,
	VCAM_CREATE_EXPORT = 1U << 1,
};

/** @VCAM_LABEL_MAX: Longest label in bytes, terminating NUL included. */
#define VCAM_LABEL_MAX 32
/** @VCAM_MAX_FORMATS: Size of &struct vcam_ioc_querycap.formats. */
#define VCAM_MAX_FORMATS 8

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
 * @max_camera_bytes: (output) Largest frame size times frame count that one
 *	camera may use, in bytes (module parameter).
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
	__u32 reserved0;
	__u64 max_camera_bytes;
	__u32 reserved[8];
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
	__u32 reserved[6];
};

/**
 * struct vcam_ioc_queue - Hand a filled frame to the camera
 * @fd: (input) DMA-BUF file descriptor holding the frame. The driver takes
 *	its own reference; the caller may close @fd right after the call.
 * @index: (input) A free slot, 0..nr_frames-1.
 * @length: (input) Payload in bytes: the camera's sizeimage for raw formats,
 *	1..sizeimage for MJPEG.
 * @flags: (input) Must be zero.
 * @timestamp: (input) CLOCK_MONOTONIC capture time in nanoseconds; 0 lets the
 *	driver stamp the time of the call.
 * @offset: (input) Byte offset of the frame inside the DMA-BUF.
 * @reserved: Must be zero.
 */
struct vcam_ioc_queue {
	__s32 fd;
	__u32 index;
	__u32 length;
	__u32 flags;
	__u64 timestamp;
	__u32 offset;
	__u32 reserved[3];
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
 * @reserved0: Zero.
 * @queued: Frames the producer queued.
 * @delivered: Capture buffers completed with a new frame.
 * @repeated: Capture buffers completed with a repeated or placeholder frame.
 * @copied: Frames delivered with a CPU copy.
 * @zero_copy: Frames delivered without a copy.
 * @dropped: Queued frames replaced before any consumer received them.
 * @bytes_copied: Bytes copied by the CPU for consumers.
 * @errors: Capture buffers completed with an error (e.g. failed mapping).
 * @reserved: Zero.
 */
struct vcam_ioc_stats {
	__u64 status;
	__u32 openers;
	__u32 reserved0;
	__u64 queued;
	__u64 delivered;
	__u64 repeated;
	__u64 copied;
	__u64 zero_copy;
	__u64 dropped;
	__u64 bytes_copied;
	__u64 errors;
	__u64 reserved[6];
};

/**
 * DOC: vcam ioctls
 *
 * %VCAM_IOC_CREATE: Create the camera of this file (once per open file;
 * -EBUSY the second time). -EINVAL for a bad size, format, stride, frame
 * rate, frame count, label, flag or non-zero reserved field; -EFAULT for a bad
 * pointer; -EOPNOTSUPP for %VCAM_CREATE_EXPORT; -EDQUOT when the user already
 * owns max_cameras_per_user cameras; -E2BIG when sizeimage * nr_frames exceeds
 * max_camera_mb; -ENFILE when the requested device_nr is taken. A failed
 * call creates nothing.
 * %VCAM_IOC_QUEUE: Queue a frame; -EINVAL for a bad slot, length, offset,
 * flags or reserved field or an fd that is not a DMA-BUF, -EBADF for an fd
 * that is not open, -EBUSY for a slot that is not free, -ENODEV before
 * %VCAM_IOC_CREATE.
 * %VCAM_IOC_DEQUEUE: Take back a free slot.
 * %VCAM_IOC_STATUS: Read the status bits (a __u64).
 * %VCAM_IOC_WAIT: Wait for any of the given status bits.
 * %VCAM_IOC_QUERYCAP: Version, capabilities and limits; works before
 * %VCAM_IOC_CREATE.
 * %VCAM_IOC_STATS: Read the camera's counters.
 */
#define VCAM_IOC_CREATE		_IOWR(VCAM_IOC_TYPE, 0x00, struct vcam_ioc_create)
#define VCAM_IOC_QUEUE		_IOW(VCAM_IOC_TYPE, 0x01, struct vcam_ioc_queue)
#define VCAM_IOC_DEQUEUE	_IOWR(VCAM_IOC_TYPE, 0x02, struct vcam_ioc_dequeue)
#define VCAM_IOC_STATUS		_IOR(VCAM_IOC_TYPE, 0x03, __u64)
#define VCAM_IOC_WAIT		_IOWR(VCAM_IOC_TYPE, 0x04, struct vcam_ioc_wait)
#define VCAM_IOC_QUERYCAP	_IOR(VCAM_IOC_TYPE, 0x05, struct vcam_ioc_querycap)
#define VCAM_IOC_STATS		_IOR(VCAM_IOC_TYPE, 0x06, struct vcam_ioc_stats)

#endif /* _UAPI_LINUX_VCAM_H */
