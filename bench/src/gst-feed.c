// SPDX-License-Identifier: GPL-2.0+
/*
 * gst-feed - a GStreamer producer of pre-rendered frames: appsrc pushes
 * frames (wrapped, not copied) stamped with the vcam counter record
 * (kmod/tools/vcam-counter.h) into a sink given as a gst-launch fragment,
 * e.g. "v4l2sink device=/dev/video40 sync=false".
 *
 * usage: gst-feed -s WxH [-f yuyv|nv12] [-r fps] [-t sec] -p 'SINK ...'
 *	-r 0 (default): unthrottled (appsrc blocks when the sink is busy).
 */
#include <getopt.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <unistd.h>

#include "bench-common.h"
#include "vcam-counter.h"

#define NR_SLOTS 4

static GMutex lock;
static GCond freed;
static gboolean busy[NR_SLOTS];

static void slot_release(gpointer data)
{
	g_mutex_lock(&lock);
	busy[GPOINTER_TO_INT(data)] = FALSE;
	g_cond_signal(&freed);
	g_mutex_unlock(&lock);
}

static void usage(void)
{
	fprintf(stderr, "usage: gst-feed -s WxH [-f yuyv|nv12] [-r fps] [-t sec] -p 'SINK ...'\n");
	exit(2);
}

/* The first ERROR on the bus, or NULL. */
static gboolean bus_error(GstElement *pipe)
{
	GstBus *bus = gst_element_get_bus(pipe);
	GstMessage *m = gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR);
	GError *err = NULL;
	gchar *dbg = NULL;

	gst_object_unref(bus);
	if (!m)
		return FALSE;
	gst_message_parse_error(m, &err, &dbg);
	fprintf(stderr, "gst-feed: %s (%s)\n", err->message, dbg ? dbg : "");
	g_clear_error(&err);
	g_free(dbg);
	gst_message_unref(m);
	return TRUE;
}

int main(int argc, char **argv)
{
	const char *sink = NULL;
	unsigned int w = 0, h = 0, bpl;
	uint32_t fourcc = V4L2_PIX_FMT_YUYV;
	double fps = 0, secs = 0;
	uint8_t *slots[NR_SLOTS];
	uint64_t seq = 0, start, next, last = 0;
	GstElement *pipe, *src;
	GstCaps *caps;
	GError *err = NULL;
	gchar *desc;
	size_t size;
	int c, rc = 0;

	gst_init(&argc, &argv);
	while ((c = getopt(argc, argv, "s:f:r:t:p:")) != -1) {
		switch (c) {
		case 's': if (parse_size(optarg, &w, &h)) usage(); break;
		case 'f': if (!(fourcc = parse_fourcc(optarg))) usage(); break;
		case 'r': fps = atof(optarg); break;
		case 't': secs = atof(optarg); break;
		case 'p': sink = optarg; break;
		default: usage();
		}
	}
	if (!w || !sink)
		usage();
	/* GStreamer's default strides (4-aligned) equal the tight ones here. */
	raw_layout(fourcc, w, h, &bpl, &size);
	for (int i = 0; i < NR_SLOTS; i++) {
		slots[i] = aligned_alloc(4096, (size + 4095) & ~4095ul);
		if (!slots[i])
			return 1;
		render_frame(slots[i], fourcc, w, h, bpl, i);
	}

	desc = g_strdup_printf("appsrc name=src format=time is-live=false "
			       "block=true max-bytes=%zu ! %s", size, sink);
	pipe = gst_parse_launch(desc, &err);
	if (!pipe) {
		fprintf(stderr, "gst-feed: %s: %s\n", desc, err->message);
		return 1;
	}
	src = gst_bin_get_by_name(GST_BIN(pipe), "src");
	caps = gst_caps_new_simple("video/x-raw",
		"format", G_TYPE_STRING,
		fourcc == V4L2_PIX_FMT_YUYV ? "YUY2" : "NV12",
		"width", G_TYPE_INT, w, "height", G_TYPE_INT, h,
		"framerate", GST_TYPE_FRACTION, fps > 0 ? (int)(fps + 0.5) : 30, 1,
		NULL);
	gst_app_src_set_caps(GST_APP_SRC(src), caps);
	gst_caps_unref(caps);
	if (gst_element_set_state(pipe, GST_STATE_PLAYING) ==
	    GST_STATE_CHANGE_FAILURE || bus_error(pipe)) {
		bus_error(pipe);
		fprintf(stderr, "gst-feed: pipeline does not start\n");
		return 1;
	}

	bench_install_signals();
	start = next = now_ns();
	while (!bench_stop) {
		int i = seq % NR_SLOTS;
		struct vcam_counter cnt;
		GstBuffer *buf;

		g_mutex_lock(&lock);
		while (busy[i] && !bench_stop) {
			gint64 until = g_get_monotonic_time() + 100000;

			g_cond_wait_until(&freed, &lock, until);
		}
		busy[i] = TRUE;
		g_mutex_unlock(&lock);
		if (bench_stop)
			break;
		cnt.seq = seq;
		cnt.ts_ns = now_ns();
		vcam_counter_stamp_raw(slots[i], w, h, bpl,
				       fourcc == V4L2_PIX_FMT_YUYV, &cnt);
		buf = gst_buffer_new_wrapped_full(GST_MEMORY_FLAG_READONLY,
						  slots[i], size, 0, size,
						  GINT_TO_POINTER(i), slot_release);
		GST_BUFFER_PTS(buf) = cnt.ts_ns - start;
		if (gst_app_src_push_buffer(GST_APP_SRC(src), buf) != GST_FLOW_OK ||
		    bus_error(pipe)) {
			fprintf(stderr, "gst-feed: push failed\n");
			rc = 1;
			break;
		}
		seq++;
		bench_progress(&last, seq);
		if (secs > 0 && now_ns() - start >= secs * 1e9)
			break;
		if (fps > 0) {
			next += 1e9 / fps;
			sleep_until_ns(next);
		}
	}
	printf("RESULT {\"frames\": %llu, \"seconds\": %.3f, \"frame_bytes\": %zu}\n",
	       (unsigned long long)seq, (now_ns() - start) / 1e9, size);
	fflush(stdout);
	gst_element_set_state(pipe, GST_STATE_NULL);
	gst_object_unref(src);
	gst_object_unref(pipe);
	return rc || !seq;
}
