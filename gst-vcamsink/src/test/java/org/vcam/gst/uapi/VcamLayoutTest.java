package org.vcam.gst.uapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles a C program against kmod/include/uapi/linux/vcam.h that prints the size and the
 * offset and size of every field of every structure, every ioctl number and every constant, and
 * compares them with the JNA structures and Java constants: C and Java cannot drift apart.
 */
class VcamLayoutTest {
    private static final Map<String, VcamStructs.UapiStruct> STRUCTS = new LinkedHashMap<>();
    private static final Map<String, Long> CONSTANTS = new LinkedHashMap<>();
    private static Map<String, Long> measured;

    static {
        STRUCTS.put("vcam_ioc_querycap", new VcamStructs.Querycap());
        STRUCTS.put("vcam_frame", new VcamStructs.Frame());
        STRUCTS.put("vcam_ioc_create", new VcamStructs.Create());
        STRUCTS.put("vcam_ioc_queue", new VcamStructs.Queue());
        STRUCTS.put("vcam_ioc_dequeue", new VcamStructs.Dequeue());
        STRUCTS.put("vcam_ioc_wait", new VcamStructs.Wait());
        STRUCTS.put("vcam_ioc_stats", new VcamStructs.Stats());
        STRUCTS.put("vcam_ioc_nodes", new VcamStructs.Nodes());
        STRUCTS.put("vcam_ioc_placeholder", new VcamStructs.Placeholder());
        STRUCTS.put("vcam_ioc_acquire", new VcamStructs.Acquire());
        STRUCTS.put("vcam_ioc_release", new VcamStructs.Release());

        CONSTANTS.put("VCAM_API_VERSION", (long) Vcam.API_VERSION);
        CONSTANTS.put("VCAM_IOC_TYPE", (long) Vcam.IOC_TYPE);
        CONSTANTS.put("VCAM_STATUS_IDLE", (long) Vcam.STATUS_IDLE);
        CONSTANTS.put("VCAM_STATUS_STREAMING", (long) Vcam.STATUS_STREAMING);
        CONSTANTS.put("VCAM_STATUS_OPEN", (long) Vcam.STATUS_OPEN);
        CONSTANTS.put("VCAM_STATUS_EXPORT", (long) Vcam.STATUS_EXPORT);
        CONSTANTS.put("VCAM_CAP_DMABUF_IMPORT", (long) Vcam.CAP_DMABUF_IMPORT);
        CONSTANTS.put("VCAM_CAP_ZERO_COPY", (long) Vcam.CAP_ZERO_COPY);
        CONSTANTS.put("VCAM_CAP_STATS", (long) Vcam.CAP_STATS);
        CONSTANTS.put("VCAM_CAP_WAIT_TIMEOUT", (long) Vcam.CAP_WAIT_TIMEOUT);
        CONSTANTS.put("VCAM_CAP_EXPORT", (long) Vcam.CAP_EXPORT);
        CONSTANTS.put("VCAM_CAP_READERS", (long) Vcam.CAP_READERS);
        CONSTANTS.put("VCAM_CAP_OUTPUT", (long) Vcam.CAP_OUTPUT);
        CONSTANTS.put("VCAM_CAP_PLACEHOLDER", (long) Vcam.CAP_PLACEHOLDER);
        CONSTANTS.put("VCAM_CREATE_DEVICE_NR", (long) Vcam.CREATE_DEVICE_NR);
        CONSTANTS.put("VCAM_CREATE_EXPORT", (long) Vcam.CREATE_EXPORT);
        CONSTANTS.put("VCAM_CREATE_OUTPUT", (long) Vcam.CREATE_OUTPUT);
        CONSTANTS.put("VCAM_CREATE_OUTPUT_NR", (long) Vcam.CREATE_OUTPUT_NR);
        CONSTANTS.put("VCAM_QUEUE_EXPORTED", (long) Vcam.QUEUE_EXPORTED);
        CONSTANTS.put("VCAM_ACQUIRE_NEW_FD", (long) Vcam.ACQUIRE_NEW_FD);
        CONSTANTS.put("VCAM_FRAME_SHOWN", (long) Vcam.FRAME_SHOWN);
        CONSTANTS.put("VCAM_FRAME_ZERO_COPY", (long) Vcam.FRAME_ZERO_COPY);
        CONSTANTS.put("VCAM_LABEL_MAX", (long) Vcam.LABEL_MAX);
        CONSTANTS.put("VCAM_MAX_FORMATS", (long) Vcam.MAX_FORMATS);
        CONSTANTS.put("VCAM_MAX_READERS", (long) Vcam.MAX_READERS);
        CONSTANTS.put("VCAM_NO_NODE", Integer.toUnsignedLong(Vcam.NO_NODE));
        CONSTANTS.put("VCAM_IOC_CREATE", Integer.toUnsignedLong(Vcam.IOC_CREATE));
        CONSTANTS.put("VCAM_IOC_QUEUE", Integer.toUnsignedLong(Vcam.IOC_QUEUE));
        CONSTANTS.put("VCAM_IOC_DEQUEUE", Integer.toUnsignedLong(Vcam.IOC_DEQUEUE));
        CONSTANTS.put("VCAM_IOC_STATUS", Integer.toUnsignedLong(Vcam.IOC_STATUS));
        CONSTANTS.put("VCAM_IOC_WAIT", Integer.toUnsignedLong(Vcam.IOC_WAIT));
        CONSTANTS.put("VCAM_IOC_QUERYCAP", Integer.toUnsignedLong(Vcam.IOC_QUERYCAP));
        CONSTANTS.put("VCAM_IOC_STATS", Integer.toUnsignedLong(Vcam.IOC_STATS));
        CONSTANTS.put("VCAM_IOC_NODES", Integer.toUnsignedLong(Vcam.IOC_NODES));
        CONSTANTS.put("VCAM_IOC_PLACEHOLDER", Integer.toUnsignedLong(Vcam.IOC_PLACEHOLDER));
        CONSTANTS.put("VCAM_IOC_EXPORT_ACQUIRE", Integer.toUnsignedLong(Vcam.IOC_EXPORT_ACQUIRE));
        CONSTANTS.put("VCAM_IOC_EXPORT_RELEASE", Integer.toUnsignedLong(Vcam.IOC_EXPORT_RELEASE));
        /* kernel headers the DMA-BUF sources use */
        CONSTANTS.put("UDMABUF_CREATE", Integer.toUnsignedLong(DmaBufIoctls.UDMABUF_CREATE));
        CONSTANTS.put("UDMABUF_FLAGS_CLOEXEC", (long) DmaBufIoctls.UDMABUF_FLAGS_CLOEXEC);
        CONSTANTS.put("DMA_HEAP_IOCTL_ALLOC", Integer.toUnsignedLong(DmaBufIoctls.DMA_HEAP_IOCTL_ALLOC));
        CONSTANTS.put("DMA_BUF_IOCTL_SYNC", Integer.toUnsignedLong(DmaBufIoctls.DMA_BUF_IOCTL_SYNC));
        CONSTANTS.put("DMA_BUF_SYNC_WRITE", DmaBufIoctls.DMA_BUF_SYNC_WRITE);
        CONSTANTS.put("DMA_BUF_SYNC_END", DmaBufIoctls.DMA_BUF_SYNC_END);
        CONSTANTS.put("MFD_ALLOW_SEALING", (long) LibC.MFD_ALLOW_SEALING);
        CONSTANTS.put("F_ADD_SEALS", (long) LibC.F_ADD_SEALS);
        CONSTANTS.put("F_SEAL_SHRINK", (long) LibC.F_SEAL_SHRINK);
        CONSTANTS.put("O_NONBLOCK", (long) LibC.O_NONBLOCK);
        CONSTANTS.put("O_CLOEXEC", (long) LibC.O_CLOEXEC);
        CONSTANTS.put("EAGAIN", (long) LibC.EAGAIN);
        CONSTANTS.put("ENFILE", (long) LibC.ENFILE);
        CONSTANTS.put("EACCES", (long) LibC.EACCES);
        CONSTANTS.put("V4L2_PIX_FMT_YUYV", (long) Vcam.V4L2_PIX_FMT_YUYV);
        CONSTANTS.put("V4L2_PIX_FMT_NV12", (long) Vcam.V4L2_PIX_FMT_NV12);
        CONSTANTS.put("V4L2_PIX_FMT_MJPEG", (long) Vcam.V4L2_PIX_FMT_MJPEG);
    }

    static Path header() {
        String prop = System.getProperty("vcam.uapi.header");
        Path p = prop != null ? Paths.get(prop) : Paths.get("../kmod/include/uapi/linux/vcam.h");
        return p.toAbsolutePath().normalize();
    }

    @BeforeAll
    static void compileAndRun(@TempDir Path dir) throws IOException, InterruptedException {
        Path header = header();
        assertTrue(Files.isRegularFile(header), "uAPI header not found: " + header);
        StringBuilder c = new StringBuilder();
        c.append("#define _GNU_SOURCE\n#include <stdio.h>\n#include <stddef.h>\n#include <fcntl.h>\n")
                .append("#include <errno.h>\n#include <sys/mman.h>\n#include <linux/videodev2.h>\n")
                .append("#include <linux/udmabuf.h>\n#include <linux/dma-heap.h>\n#include <linux/dma-buf.h>\n")
                .append("#include \"").append(header).append("\"\n")
                .append("#define FIELD(s, f) printf(\"%s.%s %zu %zu\\n\", #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f))\n")
                .append("#define SIZE(s) printf(\"sizeof.%s %zu\\n\", #s, sizeof(struct s))\n")
                .append("#define CONST(c) printf(\"%s %lu\\n\", #c, (unsigned long)(c))\n")
                .append("int main(void)\n{\n");
        for (Map.Entry<String, VcamStructs.UapiStruct> e : STRUCTS.entrySet()) {
            c.append("\tSIZE(").append(e.getKey()).append(");\n");
            for (String f : e.getValue().fieldNames()) {
                c.append("\tFIELD(").append(e.getKey()).append(", ").append(f).append(");\n");
            }
        }
        for (String k : CONSTANTS.keySet()) {
            c.append("\tCONST(").append(k).append(");\n");
        }
        c.append("\treturn 0;\n}\n");
        Path src = dir.resolve("layout.c");
        Path exe = dir.resolve("layout");
        Files.writeString(src, c.toString());
        String out = run(List.of("gcc", "-Wall", "-Werror", "-o", exe.toString(), src.toString()));
        out = run(List.of(exe.toString()));
        measured = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] w = line.trim().split(" ");
            if (w.length == 3) {
                measured.put(w[0] + "@offset", Long.parseLong(w[1]));
                measured.put(w[0] + "@size", Long.parseLong(w[2]));
            } else if (w.length == 2) {
                measured.put(w[0], Long.parseLong(w[1]));
            }
        }
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timeout: " + cmd);
        String s = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + s);
        return s;
    }

    @Test
    void structureSizesMatch() {
        for (Map.Entry<String, VcamStructs.UapiStruct> e : STRUCTS.entrySet()) {
            Long c = measured.get("sizeof." + e.getKey());
            assertEquals(c.longValue(), e.getValue().size(), "sizeof(struct " + e.getKey() + ")");
        }
    }

    @Test
    void fieldOffsetsAndSizesMatch() {
        for (Map.Entry<String, VcamStructs.UapiStruct> e : STRUCTS.entrySet()) {
            VcamStructs.UapiStruct s = e.getValue();
            List<String> fields = s.fieldNames();
            for (int i = 0; i < fields.size(); i++) {
                String f = fields.get(i);
                String key = e.getKey() + "." + f;
                int javaOffset = s.offsetOf(f);
                int javaEnd = i + 1 < fields.size() ? s.offsetOf(fields.get(i + 1)) : s.size();
                assertEquals(measured.get(key + "@offset").longValue(), javaOffset, "offsetof " + key);
                assertEquals(measured.get(key + "@size").longValue(), javaEnd - javaOffset, "sizeof " + key);
            }
        }
    }

    @Test
    void declaredSizesMatch() {
        assertEquals(measured.get("sizeof.vcam_ioc_querycap"), VcamStructs.Querycap.SIZE);
        assertEquals(measured.get("sizeof.vcam_frame"), VcamStructs.Frame.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_create"), VcamStructs.Create.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_queue"), VcamStructs.Queue.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_dequeue"), VcamStructs.Dequeue.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_wait"), VcamStructs.Wait.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_stats"), VcamStructs.Stats.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_nodes"), VcamStructs.Nodes.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_placeholder"), VcamStructs.Placeholder.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_acquire"), VcamStructs.Acquire.SIZE);
        assertEquals(measured.get("sizeof.vcam_ioc_release"), VcamStructs.Release.SIZE);
    }

    @Test
    void constantsAndIoctlNumbersMatch() {
        for (Map.Entry<String, Long> e : CONSTANTS.entrySet()) {
            assertEquals(measured.get(e.getKey()), e.getValue(), e.getKey());
        }
    }
}
