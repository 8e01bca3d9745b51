package org.vcam.gst.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vcam.gst.uapi.DmaBufIoctls;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

/** The run-time choice between DMA-BUF sources, with stand-ins for the kernel devices. */
class DmaBufSourcesTest {
    /** A source backed by memfds; can be told to fail allocating. */
    static final class Memfds implements DmaBufSource {
        final String name;
        final boolean failAllocate;
        boolean closed;

        Memfds(String name, boolean failAllocate) {
            this.name = name;
            this.failAllocate = failAllocate;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int allocate(long size) throws VcamException {
            if (failAllocate) {
                throw new VcamException("allocate from", name, LibC.ENOMEM);
            }
            return DmaBufIoctls.memfd(DmaBufSource.pageAlign(size), false);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void firstUsableWinsInOrder() throws Exception {
        Memfds broken = new Memfds("dma-heap", true);
        Memfds good = new Memfds("vgem", false);
        Memfds unused = new Memfds("other", false);
        DmaBufSource s = DmaBufSources.first(List.of(
                new DmaBufSources.Candidate("udmabuf", () -> {
                    throw new VcamException("open", "/dev/udmabuf", LibC.ENOENT);
                }),
                new DmaBufSources.Candidate("dma-heap", () -> broken),
                new DmaBufSources.Candidate("vgem", () -> good),
                new DmaBufSources.Candidate("other", () -> unused)));
        assertSame(good, s);
        assertTrue(broken.closed, "a source that cannot allocate is closed again");
        assertTrue(!unused.closed && !good.closed);
    }

    @Test
    void noneUsableNamesEveryTryAndTheFix() {
        VcamException e = assertThrows(VcamException.class, () -> DmaBufSources.first(List.of(
                new DmaBufSources.Candidate("udmabuf", () -> {
                    throw new VcamException("open", "/dev/udmabuf", LibC.ENOENT);
                }),
                new DmaBufSources.Candidate("dma-heap", () -> {
                    throw new VcamException("open", "/dev/dma_heap/system", LibC.EACCES);
                }))));
        String m = e.getMessage();
        assertTrue(m.contains("/dev/udmabuf: No such file or directory"), m);
        assertTrue(m.contains("/dev/dma_heap/system: Permission denied"), m);
        assertTrue(m.contains("sudo modprobe vgem"), m);
    }

    @Test
    void kernelOrderIsUdmabufHeapVgem() {
        assertEquals(List.of("udmabuf", "dma-heap", "vgem"),
                DmaBufSources.kernelCandidates().stream().map(DmaBufSources.Candidate::name).toList());
        assertEquals(8192, DmaBufSource.pageAlign(4097));
        assertEquals(4096, DmaBufSource.pageAlign(4096));
    }
}
