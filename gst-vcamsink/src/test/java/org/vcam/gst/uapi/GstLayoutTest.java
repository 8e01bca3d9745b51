package org.vcam.gst.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every native layout and constant the Java side hard-codes that is not vcam.h's (that is
 * {@code VcamLayoutTest}): GLib, GObject and GStreamer structures, class vfunc slots and enum
 * values, against the installed headers ({@code pkg-config gstreamer-1.0 gstreamer-video-1.0
 * gstreamer-app-1.0 gstreamer-allocators-1.0}), and the kernel structures of the DMA-BUF sources
 * against {@code <linux/udmabuf.h>}, {@code <linux/dma-heap.h>} and libdrm's {@code drm.h}. A C
 * program prints each expression; any Java value that differs fails the test with its C
 * expression. Needs gcc and the development headers (libgstreamer1.0-dev,
 * libgstreamer-plugins-base1.0-dev, which pulls libdrm-dev).
 */
class GstLayoutTest {
    /** C expression (evaluated as long long) -> the Java value. */
    private static final Map<String, Long> VALUES = new LinkedHashMap<>();
    /** C string expression -> the Java string. */
    private static final Map<String, String> STRINGS = new LinkedHashMap<>();
    private static final Map<String, String> measured = new HashMap<>();

    private static void v(String c, long java) {
        VALUES.put(c, java);
    }

    /** Every field of a JNA mirror: offsetof each field; sizeof the whole when {@code whole}. */
    private static void struct(String ctype, CStruct s, boolean whole) {
        for (String f : s.fieldNames()) {
            v("offsetof(" + ctype + ", " + f + ")", s.offsetOf(f));
        }
        if (whole) {
            v("sizeof(" + ctype + ")", s.size());
        }
    }

    static {
        /* GstApi */
        v("sizeof(GstMiniObject)", GstApi.MINI_OBJECT_SIZE);
        v("offsetof(GstMiniObject, refcount)", GstApi.MINI_OBJECT_REFCOUNT);
        v("sizeof(((GstMiniObject *)0)->refcount)", 4);
        v("offsetof(GstMemory, maxsize)", GstApi.MEMORY_MAXSIZE);
        v("sizeof(((GstMemory *)0)->maxsize)", 8);
        v("offsetof(GstBuffer, pool)", GstApi.BUFFER_POOL);
        v("offsetof(GstBufferPool, flushing)", GstApi.BUFFER_POOL_FLUSHING);
        v("GST_FLOW_FLUSHING", GstApi.FLOW_FLUSHING);
        v("offsetof(GstQuery, type)", GstApi.MINI_OBJECT_SIZE);
        v("sizeof(GstMapInfo)", GstApi.MAP_INFO_SIZE);
        v("offsetof(GstMapInfo, data)", GstApi.MAP_INFO_DATA);
        v("offsetof(GstMapInfo, size)", GstApi.MAP_INFO_SIZE_FIELD);
        v("sizeof(GstBufferPoolAcquireParams)", GstApi.ACQUIRE_PARAMS_SIZE);
        v("offsetof(GstBufferPoolAcquireParams, flags)", GstApi.ACQUIRE_PARAMS_FLAGS);
        v("offsetof(GstAllocationParams, align)", GstApi.ALLOCATION_PARAMS_ALIGN);
        v("offsetof(GstAllocationParams, prefix)", GstApi.ALLOCATION_PARAMS_PREFIX);
        v("offsetof(GstAllocationParams, padding)", GstApi.ALLOCATION_PARAMS_PADDING);
        v("GST_PAD_SINK", GstApi.PAD_SINK);
        v("GST_PAD_ALWAYS", GstApi.PAD_ALWAYS);
        v("GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM", GstApi.PROBE_TYPE_QUERY_DOWNSTREAM);
        v("GST_PAD_PROBE_TYPE_PUSH", GstApi.PROBE_TYPE_PUSH);
        v("GST_PAD_PROBE_OK", GstApi.PROBE_OK);
        v("GST_PAD_PROBE_HANDLED", GstApi.PROBE_HANDLED);
        v("GST_FLOW_OK", GstApi.FLOW_OK);
        v("GST_FLOW_EOS", GstApi.FLOW_EOS);
        v("GST_FLOW_ERROR", GstApi.FLOW_ERROR);
        v("GST_STATE_CHANGE_FAILURE", GstApi.STATE_CHANGE_FAILURE);
        v("GST_STATE_NULL", GstApi.STATE_NULL);
        v("GST_STATE_READY", GstApi.STATE_READY);
        v("GST_STATE_PAUSED", GstApi.STATE_PAUSED);
        v("GST_STATE_PLAYING", GstApi.STATE_PLAYING);
        v("GST_STATE_CHANGE_NULL_TO_READY", GstApi.NULL_TO_READY);
        v("GST_STATE_CHANGE_READY_TO_PAUSED", GstApi.READY_TO_PAUSED);
        v("GST_STATE_CHANGE_PAUSED_TO_PLAYING", GstApi.PAUSED_TO_PLAYING);
        v("GST_STATE_CHANGE_PLAYING_TO_PAUSED", GstApi.PLAYING_TO_PAUSED);
        v("GST_STATE_CHANGE_PAUSED_TO_READY", GstApi.PAUSED_TO_READY);
        v("GST_STATE_CHANGE_READY_TO_NULL", GstApi.READY_TO_NULL);
        v("GST_MESSAGE_ERROR", GstApi.MESSAGE_ERROR);
        v("GST_MESSAGE_WARNING", GstApi.MESSAGE_WARNING);
        v("GST_RESOURCE_ERROR_FAILED", GstApi.RESOURCE_ERROR_FAILED);
        v("GST_RESOURCE_ERROR_NOT_FOUND", GstApi.RESOURCE_ERROR_NOT_FOUND);
        v("GST_RESOURCE_ERROR_BUSY", GstApi.RESOURCE_ERROR_BUSY);
        v("GST_RESOURCE_ERROR_OPEN_READ_WRITE", GstApi.RESOURCE_ERROR_OPEN_READ_WRITE);
        v("GST_RESOURCE_ERROR_WRITE", GstApi.RESOURCE_ERROR_WRITE);
        v("GST_RESOURCE_ERROR_SETTINGS", GstApi.RESOURCE_ERROR_SETTINGS);
        v("GST_RESOURCE_ERROR_NO_SPACE_LEFT", GstApi.RESOURCE_ERROR_NO_SPACE_LEFT);
        v("GST_RESOURCE_ERROR_NOT_AUTHORIZED", GstApi.RESOURCE_ERROR_NOT_AUTHORIZED);
        v("GST_STREAM_ERROR_FAILED", GstApi.STREAM_ERROR_FAILED);
        v("GST_STREAM_ERROR_FORMAT", GstApi.STREAM_ERROR_FORMAT);
        v("GST_CORE_ERROR_FAILED", 1); /* UserError's CORE code */
        v("GST_MAP_READ", GstApi.MAP_READ);
        v("GST_MAP_WRITE", GstApi.MAP_WRITE);
        v("GST_BUFFER_POOL_ACQUIRE_FLAG_DONTWAIT", GstApi.ACQUIRE_FLAG_DONTWAIT);
        v("GST_LEVEL_ERROR", GstApi.LEVEL_ERROR);
        v("GST_LEVEL_WARNING", GstApi.LEVEL_WARNING);
        v("GST_LEVEL_INFO", GstApi.LEVEL_INFO);
        v("GST_LEVEL_DEBUG", GstApi.LEVEL_DEBUG);
        v("GST_LEVEL_LOG", GstApi.LEVEL_LOG);
        v("GST_RANK_NONE", GstApi.RANK_NONE);
        v("GST_RANK_MARGINAL", GstApi.RANK_MARGINAL);

        /* GstPluginsApi: allocators, video meta, app sink callbacks */
        v("GST_FD_MEMORY_FLAG_KEEP_MAPPED", GstPluginsApi.Allocators.FD_MEMORY_FLAG_KEEP_MAPPED);
        v("GST_VIDEO_FORMAT_YUY2", GstPluginsApi.Video.FORMAT_YUY2);
        v("GST_VIDEO_FORMAT_NV12", GstPluginsApi.Video.FORMAT_NV12);
        v("offsetof(GstVideoMeta, n_planes)", GstPluginsApi.Video.META_N_PLANES);
        v("offsetof(GstVideoMeta, offset)", GstPluginsApi.Video.META_OFFSET);
        v("offsetof(GstVideoMeta, stride)", GstPluginsApi.Video.META_STRIDE);
        v("sizeof(((GstVideoMeta *)0)->offset[0])", 8);
        v("sizeof(((GstVideoMeta *)0)->stride[0])", 4);
        v("offsetof(GstAppSinkCallbacks, new_sample)", GstPluginsApi.App.CALLBACKS_NEW_SAMPLE);
        v("sizeof(GstAppSinkCallbacks) <= " + GstPluginsApi.App.CALLBACKS_SIZE, 1);
        STRINGS.put("GST_BUFFER_POOL_OPTION_VIDEO_META", GstPluginsApi.Video.POOL_OPTION_VIDEO_META);

        /* GObjectAbi: vfunc slots and the structures read by offset */
        v("offsetof(GObjectClass, set_property)", GObjectAbi.OBJECT_SET_PROPERTY);
        v("offsetof(GObjectClass, get_property)", GObjectAbi.OBJECT_GET_PROPERTY);
        v("offsetof(GObjectClass, finalize)", GObjectAbi.OBJECT_FINALIZE);
        v("offsetof(GstElementClass, change_state) - sizeof(GstObjectClass)",
                GObjectAbi.ELEMENT_CHANGE_STATE_AFTER_OBJECT_CLASS);
        v("offsetof(GstAllocatorClass, alloc) - sizeof(GstObjectClass)", GObjectAbi.ALLOCATOR_ALLOC_AFTER_OBJECT_CLASS);
        v("offsetof(GstBufferPoolClass, start) - sizeof(GstObjectClass)", GObjectAbi.POOL_START_AFTER_OBJECT_CLASS);
        v("offsetof(GstBufferPoolClass, stop) - sizeof(GstObjectClass)", GObjectAbi.POOL_STOP_AFTER_OBJECT_CLASS);
        v("offsetof(GstBufferPoolClass, acquire_buffer) - sizeof(GstObjectClass)",
                GObjectAbi.POOL_ACQUIRE_AFTER_OBJECT_CLASS);
        v("offsetof(GstBufferPoolClass, release_buffer) - sizeof(GstObjectClass)",
                GObjectAbi.POOL_RELEASE_AFTER_OBJECT_CLASS);
        v("offsetof(GParamSpecUInt, minimum)", GObjectAbi.PARAM_SPEC_UINT_MIN);
        v("offsetof(GParamSpecUInt, maximum)", GObjectAbi.PARAM_SPEC_UINT_MAX);
        v("offsetof(GParamSpecUInt64, minimum)", GObjectAbi.PARAM_SPEC_UINT64_MIN);
        v("offsetof(GParamSpecUInt64, maximum)", GObjectAbi.PARAM_SPEC_UINT64_MAX);
        v("offsetof(GParamSpecEnum, enum_class)", GObjectAbi.PARAM_SPEC_ENUM_CLASS);
        v("offsetof(GParamSpecEnum, default_value)", GObjectAbi.PARAM_SPEC_ENUM_DEFAULT);
        v("offsetof(GEnumClass, n_values)", GObjectAbi.ENUM_CLASS_N_VALUES);
        v("offsetof(GEnumClass, values)", GObjectAbi.ENUM_CLASS_VALUES);
        v("sizeof(GEnumValue)", GObjectAbi.ENUM_VALUE_SIZE);
        v("offsetof(GEnumValue, value)", GObjectAbi.ENUM_VALUE_VALUE);
        v("offsetof(GEnumValue, value_name)", GObjectAbi.ENUM_VALUE_NAME);
        v("offsetof(GEnumValue, value_nick)", GObjectAbi.ENUM_VALUE_NICK);

        /* GLib: type registration structures, param flags, fundamental types */
        struct("GTypeInfo", new GLib.TypeInfo(), true);
        struct("GTypeQuery", new GLib.TypeQuery(), true);
        v("G_PARAM_READABLE", GLib.PARAM_READABLE);
        v("G_PARAM_WRITABLE", GLib.PARAM_WRITABLE);
        v("G_PARAM_READWRITE", GLib.PARAM_READWRITE);
        v("GST_PARAM_MUTABLE_READY", GLib.GST_PARAM_MUTABLE_READY);
        v("G_TYPE_BOOLEAN", GLib.TYPE_BOOLEAN);
        v("G_TYPE_INT", GLib.TYPE_INT);
        v("G_TYPE_UINT64", GLib.TYPE_UINT64);
        v("G_TYPE_ENUM", GLib.TYPE_ENUM);
        v("G_TYPE_STRING", GLib.TYPE_STRING);

        /* GstLaunchApi: GError, the head of GParamSpec, GValue/instance/class heads, flags */
        struct("GError", new GstLaunchApi.GErrorStruct(), true);
        struct("GParamSpec", new GstLaunchApi.ParamSpecStruct(), false);
        v("offsetof(GValue, g_type)", 0);          /* GstLaunchApi.valueText */
        v("offsetof(GTypeInstance, g_class)", 0);  /* GstLaunchApi.classOf */
        v("offsetof(GTypeClass, g_type)", 0);      /* PropertyInfo: the GParamSpec's type */
        v("GST_PARSE_ERROR_SYNTAX", GstLaunchApi.PARSE_ERROR_SYNTAX);
        v("GST_PARSE_ERROR_EMPTY_BIN", GstLaunchApi.PARSE_ERROR_EMPTY_BIN);
        v("GST_PARSE_ERROR_EMPTY", GstLaunchApi.PARSE_ERROR_EMPTY);
        v("GST_PARSE_FLAG_FATAL_ERRORS", GstLaunchApi.PARSE_FLAG_FATAL_ERRORS);
        v("G_PARAM_CONSTRUCT_ONLY", GstLaunchApi.PARAM_CONSTRUCT_ONLY);
        v("GST_PARAM_CONTROLLABLE", GstLaunchApi.PARAM_CONTROLLABLE);
        v("GST_PARAM_MUTABLE_PAUSED", GstLaunchApi.PARAM_MUTABLE_PAUSED);
        v("GST_PARAM_MUTABLE_PLAYING", GstLaunchApi.PARAM_MUTABLE_PLAYING);
        v("(unsigned int) G_PARAM_DEPRECATED", Integer.toUnsignedLong(GstLaunchApi.PARAM_DEPRECATED));

        /* DmaBufIoctls: the kernel structures behind udmabuf, dma-heap and DRM dumb/PRIME */
        v("sizeof(struct udmabuf_create)", DmaBufIoctls.UDMABUF_CREATE_SIZE);
        v("offsetof(struct udmabuf_create, memfd)", DmaBufIoctls.UDMABUF_CREATE_MEMFD);
        v("offsetof(struct udmabuf_create, flags)", DmaBufIoctls.UDMABUF_CREATE_FLAGS);
        v("offsetof(struct udmabuf_create, offset)", DmaBufIoctls.UDMABUF_CREATE_OFFSET);
        v("offsetof(struct udmabuf_create, size)", DmaBufIoctls.UDMABUF_CREATE_LENGTH);
        v("UDMABUF_CREATE", Integer.toUnsignedLong(DmaBufIoctls.UDMABUF_CREATE));
        v("sizeof(struct dma_heap_allocation_data)", DmaBufIoctls.DMA_HEAP_DATA_SIZE);
        v("offsetof(struct dma_heap_allocation_data, len)", DmaBufIoctls.DMA_HEAP_DATA_LEN);
        v("offsetof(struct dma_heap_allocation_data, fd)", DmaBufIoctls.DMA_HEAP_DATA_FD);
        v("offsetof(struct dma_heap_allocation_data, fd_flags)", DmaBufIoctls.DMA_HEAP_DATA_FD_FLAGS);
        v("DMA_HEAP_IOCTL_ALLOC", Integer.toUnsignedLong(DmaBufIoctls.DMA_HEAP_IOCTL_ALLOC));
        v("DMA_BUF_IOCTL_SYNC", Integer.toUnsignedLong(DmaBufIoctls.DMA_BUF_IOCTL_SYNC));
        v("sizeof(struct drm_version)", DmaBufIoctls.DRM_VERSION_SIZE);
        v("offsetof(struct drm_version, name_len)", DmaBufIoctls.DRM_VERSION_NAME_LEN);
        v("offsetof(struct drm_version, name)", DmaBufIoctls.DRM_VERSION_NAME);
        v("DRM_IOCTL_VERSION", Integer.toUnsignedLong(DmaBufIoctls.DRM_IOCTL_VERSION));
        v("sizeof(struct drm_gem_close)", DmaBufIoctls.DRM_GEM_CLOSE_SIZE);
        v("offsetof(struct drm_gem_close, handle)", DmaBufIoctls.DRM_GEM_CLOSE_HANDLE);
        v("DRM_IOCTL_GEM_CLOSE", Integer.toUnsignedLong(DmaBufIoctls.DRM_IOCTL_GEM_CLOSE));
        v("sizeof(struct drm_prime_handle)", DmaBufIoctls.DRM_PRIME_HANDLE_SIZE);
        v("offsetof(struct drm_prime_handle, handle)", DmaBufIoctls.DRM_PRIME_HANDLE_HANDLE);
        v("offsetof(struct drm_prime_handle, flags)", DmaBufIoctls.DRM_PRIME_HANDLE_FLAGS);
        v("offsetof(struct drm_prime_handle, fd)", DmaBufIoctls.DRM_PRIME_HANDLE_FD);
        v("DRM_IOCTL_PRIME_HANDLE_TO_FD", Integer.toUnsignedLong(DmaBufIoctls.DRM_IOCTL_PRIME_HANDLE_TO_FD));
        v("sizeof(struct drm_mode_create_dumb)", DmaBufIoctls.DRM_CREATE_DUMB_SIZE);
        v("offsetof(struct drm_mode_create_dumb, height)", DmaBufIoctls.DRM_CREATE_DUMB_HEIGHT);
        v("offsetof(struct drm_mode_create_dumb, width)", DmaBufIoctls.DRM_CREATE_DUMB_WIDTH);
        v("offsetof(struct drm_mode_create_dumb, bpp)", DmaBufIoctls.DRM_CREATE_DUMB_BPP);
        v("offsetof(struct drm_mode_create_dumb, handle)", DmaBufIoctls.DRM_CREATE_DUMB_HANDLE);
        v("DRM_IOCTL_MODE_CREATE_DUMB", Integer.toUnsignedLong(DmaBufIoctls.DRM_IOCTL_MODE_CREATE_DUMB));
        v("DRM_CLOEXEC", DmaBufIoctls.DRM_CLOEXEC);

        /* LibC */
        v("O_RDONLY", LibC.O_RDONLY);
        v("O_RDWR", LibC.O_RDWR);
        v("MFD_CLOEXEC", LibC.MFD_CLOEXEC);
        v("PROT_READ", LibC.PROT_READ);
        v("PROT_WRITE", LibC.PROT_WRITE);
        v("MAP_SHARED", LibC.MAP_SHARED);
        v("F_DUPFD_CLOEXEC", LibC.F_DUPFD_CLOEXEC);
        for (String[] e : new String[][] {{"EPERM", "1"}, {"ENOENT", "2"}, {"EINTR", "4"}, {"ENXIO", "6"}, {"EBADF", "9"},
            {"ENOMEM", "12"}, {"EBUSY", "16"}, {"ENODEV", "19"}, {"EINVAL", "22"}, {"EMFILE", "24"}, {"ENOTTY", "25"},
            {"ENOSPC", "28"}, {"ERANGE", "34"}, {"EOPNOTSUPP", "95"}, {"ETIMEDOUT", "110"}, {"ESTALE", "116"}, {"EDQUOT", "122"}}) {
            v(e[0], javaErrno(e[0]));
        }
    }

    private static long javaErrno(String name) {
        try {
            return LibC.class.getField(name).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("LibC has no " + name, e);
        }
    }

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws IOException, InterruptedException {
        List<String> cflags = new ArrayList<>(Arrays.asList(run(List.of("pkg-config", "--cflags", "gstreamer-1.0",
                "gstreamer-video-1.0", "gstreamer-app-1.0", "gstreamer-allocators-1.0", "libdrm"),
                "install libgstreamer1.0-dev and libgstreamer-plugins-base1.0-dev (scripts/install-deps)")
                .trim().split("\\s+")));
        StringBuilder c = new StringBuilder();
        c.append("#define _GNU_SOURCE\n#include <stdio.h>\n#include <stddef.h>\n#include <errno.h>\n#include <fcntl.h>\n")
                .append("#include <sys/mman.h>\n#include <glib-object.h>\n#include <gst/gst.h>\n")
                .append("#include <gst/video/video.h>\n#include <gst/app/app.h>\n")
                .append("#include <gst/allocators/allocators.h>\n#include <linux/udmabuf.h>\n")
                .append("#include <linux/dma-heap.h>\n#include <linux/dma-buf.h>\n#include <drm.h>\n")
                .append("#include <drm_mode.h>\n")
                .append("#define P(name, v) printf(\"%s\\t%lld\\n\", name, (long long)(v))\n")
                .append("#define S(name, v) printf(\"%s\\t%s\\n\", name, v)\n")
                .append("int main(void)\n{\n");
        for (String expr : VALUES.keySet()) {
            c.append("\tP(\"").append(expr.replace("\"", "\\\"")).append("\", ").append(expr).append(");\n");
        }
        for (String expr : STRINGS.keySet()) {
            c.append("\tS(\"").append(expr).append("\", ").append(expr).append(");\n");
        }
        c.append("\treturn 0;\n}\n");
        Path src = dir.resolve("gst-layout.c");
        Path exe = dir.resolve("gst-layout");
        Files.writeString(src, c.toString());
        List<String> gcc = new ArrayList<>(List.of("gcc", "-Wall", "-Werror", "-Wno-deprecated-declarations"));
        gcc.addAll(cflags);
        gcc.addAll(List.of("-o", exe.toString(), src.toString()));
        run(gcc, "gcc and the GStreamer/libdrm development headers are needed");
        for (String line : run(List.of(exe.toString()), "").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                measured.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
    }

    private static String run(List<String> cmd, String hint) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timeout: " + cmd);
        String s = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd.get(0) + " failed (" + hint + "):\n" + s);
        return s;
    }

    @Test
    void everyHardCodedOffsetSizeAndValueMatchesTheHeaders() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : VALUES.entrySet()) {
            String c = measured.get(e.getKey());
            if (c == null || Long.parseLong(c) != e.getValue()) {
                wrong.add(e.getKey() + ": C says " + c + ", Java has " + e.getValue());
            }
        }
        assertEquals(List.of(), wrong, "native layouts the Java side gets wrong");
    }

    @Test
    void stringsMatchTheHeaders() {
        for (Map.Entry<String, String> e : STRINGS.entrySet()) {
            assertEquals(measured.get(e.getKey()), e.getValue(), e.getKey());
        }
    }

    @Test
    void everyExpressionWasMeasured() {
        assertEquals(VALUES.size() + STRINGS.size(), measured.size(), "lines printed by the C program");
    }
}
