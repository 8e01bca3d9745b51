// SPDX-License-Identifier: GPL-2.0+
/*
 * vcam-stats - read VCAM_IOC_STATS of every camera alive in the system, from
 * outside its producer: the counters belong to the file that created the
 * camera, so this borrows that file from the producer with pidfd_getfd()
 * (needs ptrace rights over it, i.e. root) and closes its copy at once.
 *
 * usage: vcam-stats
 * Prints "RESULT {json}" with the sums over all cameras and their number
 * (readers_streaming: capture nodes streaming now, over all cameras;
 * bytes_copied: for new frames, repeat_bytes_copied: for repeats; exported:
 * new frames rendered in a consumer's own buffer, export mode).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/vcam.h>

#include "bench-common.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int main(void)
{
	struct vcam_ioc_stats sum = { 0 };
	unsigned int cameras = 0, failed = 0;
	DIR *proc = opendir("/proc");
	struct dirent *p;

	if (!proc)
		return 1;
	while ((p = readdir(proc))) {
		char path[300], link[64];
		int pid = atoi(p->d_name), pidfd;
		struct dirent *f;
		DIR *fds;

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		fds = opendir(path);
		if (!fds)
			continue;
		pidfd = -1;
		while ((f = readdir(fds))) {
			struct vcam_ioc_stats st = { 0 };
			char fdpath[600];
			ssize_t n;
			int fd;

			snprintf(fdpath, sizeof(fdpath), "%s/%s", path, f->d_name);
			n = readlink(fdpath, link, sizeof(link) - 1);
			if (n <= 0)
				continue;
			link[n] = 0;
			if (strcmp(link, "/dev/vcam"))
				continue;
			if (pidfd < 0)
				pidfd = syscall(SYS_pidfd_open, pid, 0);
			fd = pidfd < 0 ? -1 :
			     syscall(SYS_pidfd_getfd, pidfd, atoi(f->d_name), 0);
			if (fd < 0 || ioctl(fd, VCAM_IOC_STATS, &st)) {
				/* e.g. ENODEV: the file has no camera (yet) */
				failed++;
			} else {
				cameras++;
				sum.queued += st.queued;
				sum.delivered += st.delivered;
				sum.repeated += st.repeated;
				sum.copied += st.copied;
				sum.zero_copy += st.zero_copy;
				sum.dropped += st.dropped;
				sum.bytes_copied += st.bytes_copied;
				sum.errors += st.errors;
				sum.repeat_bytes_copied += st.repeat_bytes_copied;
				sum.exported += st.exported;
				sum.readers_streaming += st.readers_streaming;
				sum.nr_readers += st.nr_readers;
			}
			if (fd >= 0)
				close(fd);
		}
		if (pidfd >= 0)
			close(pidfd);
		closedir(fds);
	}
	closedir(proc);
	printf("RESULT {\"t_ns\": %llu, \"cameras\": %u, \"unreadable\": %u, "
	       "\"queued\": %llu, \"delivered\": %llu, \"repeated\": %llu, "
	       "\"copied\": %llu, \"zero_copy\": %llu, \"dropped\": %llu, "
	       "\"bytes_copied\": %llu, \"errors\": %llu, "
	       "\"repeat_bytes_copied\": %llu, \"exported\": %llu, "
	       "\"readers_streaming\": %u, \"nr_readers\": %u}\n",
	       (unsigned long long)now_ns(), cameras, failed,
	       (unsigned long long)sum.queued, (unsigned long long)sum.delivered,
	       (unsigned long long)sum.repeated, (unsigned long long)sum.copied,
	       (unsigned long long)sum.zero_copy, (unsigned long long)sum.dropped,
	       (unsigned long long)sum.bytes_copied,
	       (unsigned long long)sum.errors,
	       (unsigned long long)sum.repeat_bytes_copied,
	       (unsigned long long)sum.exported, sum.readers_streaming,
	       sum.nr_readers);
	return 0;
}
