// SPDX-License-Identifier: GPL-2.0+
/*
 * dmabuf-alloc.c - CPU-writable DMA-BUFs from udmabuf, the system dma-heap
 * or vgem (Debian 6.1 has neither udmabuf nor dma-heap; vgem is a module).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/types.h>
#include <linux/udmabuf.h>

#include "dmabuf-alloc.h"

/*
 * The few DRM uAPI definitions vgem needs (include/uapi/drm/drm.h and
 * drm_mode.h); libdrm's headers are not required to build the tools.
 */
struct vcam_drm_version {
	int version_major;
	int version_minor;
	int version_patchlevel;
	size_t name_len;
	char *name;
	size_t date_len;
	char *date;
	size_t desc_len;
	char *desc;
};

struct vcam_drm_gem_close {
	__u32 handle;
	__u32 pad;
};

struct vcam_drm_prime_handle {
	__u32 handle;
	__u32 flags;
	__s32 fd;
};

struct vcam_drm_mode_create_dumb {
	__u32 height;
	__u32 width;
	__u32 bpp;
	__u32 flags;
	__u32 handle;
	__u32 pitch;
	__u64 size;
};

struct vcam_drm_mode_map_dumb {
	__u32 handle;
	__u32 pad;
	__u64 offset;
};

#define VCAM_DRM_IOCTL_VERSION	_IOWR('d', 0x00, struct vcam_drm_version)
#define VCAM_DRM_IOCTL_GEM_CLOSE _IOW('d', 0x09, struct vcam_drm_gem_close)
#define VCAM_DRM_IOCTL_PRIME_HANDLE_TO_FD \
	_IOWR('d', 0x2d, struct vcam_drm_prime_handle)
#define VCAM_DRM_IOCTL_MODE_CREATE_DUMB \
	_IOWR('d', 0xB2, struct vcam_drm_mode_create_dumb)
#define VCAM_DRM_IOCTL_MODE_MAP_DUMB \
	_IOWR('d', 0xB3, struct vcam_drm_mode_map_dumb)

static const char *const kind_names[] = {
	[DMABUF_AUTO] = "auto",
	[DMABUF_UDMABUF] = "udmabuf",
	[DMABUF_HEAP] = "heap",
	[DMABUF_VGEM] = "vgem",
};

int dmabuf_kind_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (!strcmp(name, kind_names[i]))
			return (int)i;
	return -1;
}

const char *dmabuf_kind_name(enum dmabuf_kind kind)
{
	return kind_names[kind];
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

/* Open the first /dev/dri/card* whose driver is vgem. */
static int open_vgem(void)
{
	DIR *dir = opendir("/dev/dri");
	struct dirent *de;
	int found = -ENODEV;

	if (!dir)
		return -ENODEV;
	while ((de = readdir(dir))) {
		struct vcam_drm_version v = { 0 };
		char name[16] = "", path[300];
		int fd;

		if (strncmp(de->d_name, "card", 4))
			continue;
		snprintf(path, sizeof(path), "/dev/dri/%s", de->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			if (errno == EACCES)
				found = -EACCES;
			continue;
		}
		v.name = name;
		v.name_len = sizeof(name) - 1;
		if (!xioctl(fd, VCAM_DRM_IOCTL_VERSION, &v) &&
		    !strcmp(name, "vgem")) {
			closedir(dir);
			return fd;
		}
		close(fd);
	}
	closedir(dir);
	return found;
}

static int open_kind(struct dmabuf_allocator *a, enum dmabuf_kind kind)
{
	int fd;

	switch (kind) {
	case DMABUF_UDMABUF:
		fd = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
		break;
	case DMABUF_HEAP:
		fd = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC);
		break;
	case DMABUF_VGEM:
		fd = open_vgem();
		if (fd < 0)
			return fd;
		break;
	default:
		return -EINVAL;
	}
	if (fd < 0)
		return -errno;
	a->kind = kind;
	a->dev_fd = fd;
	return 0;
}

int dmabuf_allocator_open(struct dmabuf_allocator *a, enum dmabuf_kind kind,
			  char *why, size_t why_len)
{
	static const char *const what[] = {
		[DMABUF_UDMABUF] = "/dev/udmabuf",
		[DMABUF_HEAP] = "/dev/dma_heap/system",
		[DMABUF_VGEM] = "a vgem card in /dev/dri (modprobe vgem)",
	};
	enum dmabuf_kind first = kind, last = kind;
	int ret = -ENODEV;
	size_t len = 0;

	a->dev_fd = -1;
	if (kind == DMABUF_AUTO) {
		first = DMABUF_UDMABUF;
		last = DMABUF_VGEM;
	}
	if (why && why_len)
		why[0] = '\0';
	for (int k = first; k <= (int)last; k++) {
		ret = open_kind(a, k);
		if (!ret)
			return 0;
		if (why && len < why_len)
			len += snprintf(why + len, why_len - len, "%s%s: %s",
					len ? "; " : "", what[k], strerror(-ret));
	}
	return ret;
}

void dmabuf_allocator_close(struct dmabuf_allocator *a)
{
	if (a->dev_fd >= 0)
		close(a->dev_fd);
	a->dev_fd = -1;
}

static int alloc_udmabuf(struct dmabuf_allocator *a, struct dmabuf *buf)
{
	struct udmabuf_create create = { 0 };
	int fd, err;

	buf->memfd = memfd_create("vcam-frame", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (buf->memfd < 0)
		return -errno;
	if (ftruncate(buf->memfd, (off_t)buf->size) < 0 ||
	    fcntl(buf->memfd, F_ADD_SEALS, F_SEAL_SHRINK) < 0)
		goto fail;
	create.memfd = (__u32)buf->memfd;
	create.flags = UDMABUF_FLAGS_CLOEXEC;
	create.offset = 0;
	create.size = buf->size;
	fd = xioctl(a->dev_fd, UDMABUF_CREATE, &create);
	if (fd < 0)
		goto fail;
	buf->fd = fd;
	return 0;
fail:
	err = -errno;
	close(buf->memfd);
	buf->memfd = -1;
	return err;
}

static int alloc_heap(struct dmabuf_allocator *a, struct dmabuf *buf)
{
	struct dma_heap_allocation_data data = {
		.len = buf->size,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	if (xioctl(a->dev_fd, DMA_HEAP_IOCTL_ALLOC, &data) < 0)
		return -errno;
	buf->fd = (int)data.fd;
	return 0;
}

static int alloc_vgem(struct dmabuf_allocator *a, struct dmabuf *buf)
{
	long page = sysconf(_SC_PAGESIZE);
	struct vcam_drm_mode_create_dumb dumb = {
		.width = (__u32)page,
		.height = (__u32)(buf->size / (size_t)page),
		.bpp = 8,
	};
	struct vcam_drm_prime_handle prime = { 0 };
	struct vcam_drm_gem_close gclose = { 0 };
	int err;

	if (xioctl(a->dev_fd, VCAM_DRM_IOCTL_MODE_CREATE_DUMB, &dumb) < 0)
		return -errno;
	prime.handle = dumb.handle;
	prime.flags = O_CLOEXEC | O_RDWR;
	if (xioctl(a->dev_fd, VCAM_DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime) < 0) {
		err = -errno;
		gclose.handle = dumb.handle;
		xioctl(a->dev_fd, VCAM_DRM_IOCTL_GEM_CLOSE, &gclose);
		return err;
	}
	buf->fd = prime.fd;
	buf->gem_handle = dumb.handle;
	buf->size = dumb.size;
	return 0;
}

/* vgem before 6.2 may refuse mmap of the DMA-BUF: map the dumb buffer. */
static void *map_vgem_dumb(struct dmabuf_allocator *a, struct dmabuf *buf)
{
	struct vcam_drm_mode_map_dumb map = { .handle = buf->gem_handle };

	if (xioctl(a->dev_fd, VCAM_DRM_IOCTL_MODE_MAP_DUMB, &map) < 0)
		return MAP_FAILED;
	return mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		    a->dev_fd, (off_t)map.offset);
}

int dmabuf_alloc(struct dmabuf_allocator *a, size_t size, struct dmabuf *buf)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int ret;

	memset(buf, 0, sizeof(*buf));
	buf->fd = -1;
	buf->memfd = -1;
	buf->map = MAP_FAILED;
	buf->size = (size + page - 1) / page * page;
	if (!buf->size)
		buf->size = page;

	switch (a->kind) {
	case DMABUF_UDMABUF:
		ret = alloc_udmabuf(a, buf);
		break;
	case DMABUF_HEAP:
		ret = alloc_heap(a, buf);
		break;
	case DMABUF_VGEM:
		ret = alloc_vgem(a, buf);
		break;
	default:
		ret = -EINVAL;
	}
	if (ret)
		return ret;

	buf->map = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			buf->fd, 0);
	if (buf->map == MAP_FAILED && a->kind == DMABUF_VGEM)
		buf->map = map_vgem_dumb(a, buf);
	if (buf->map == MAP_FAILED) {
		ret = -errno;
		dmabuf_free(a, buf);
		return ret;
	}
	return 0;
}

void dmabuf_free(struct dmabuf_allocator *a, struct dmabuf *buf)
{
	if (buf->map != MAP_FAILED && buf->map)
		munmap(buf->map, buf->size);
	if (buf->fd >= 0)
		close(buf->fd);
	if (buf->memfd >= 0)
		close(buf->memfd);
	if (buf->gem_handle) {
		struct vcam_drm_gem_close gclose = { .handle = buf->gem_handle };

		xioctl(a->dev_fd, VCAM_DRM_IOCTL_GEM_CLOSE, &gclose);
	}
	memset(buf, 0, sizeof(*buf));
	buf->fd = -1;
	buf->memfd = -1;
	buf->map = MAP_FAILED;
}

static int sync_buf(const struct dmabuf *buf, __u64 flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	return xioctl(buf->fd, DMA_BUF_IOCTL_SYNC, &sync) < 0 ? -errno : 0;
}

int dmabuf_begin_write(const struct dmabuf *buf)
{
	return sync_buf(buf, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
}

int dmabuf_end_write(const struct dmabuf *buf)
{
	return sync_buf(buf, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
}
