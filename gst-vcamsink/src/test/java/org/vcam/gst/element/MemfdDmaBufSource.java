package org.vcam.gst.element;

import java.util.concurrent.atomic.AtomicInteger;
import org.vcam.gst.dmabuf.DmaBufSource;
import org.vcam.gst.uapi.DmaBufIoctls;
import org.vcam.gst.uapi.VcamException;

/**
 * A stand-in for udmabuf on hosts without it: plain memfds. GstDmaBufAllocator wraps any fd that
 * mmaps, so the element's pools and its ALLOCATION answer run for real on top of these.
 */
final class MemfdDmaBufSource implements DmaBufSource {
    final AtomicInteger allocations = new AtomicInteger();
    volatile boolean closed;

    @Override
    public String name() {
        return "memfd (test)";
    }

    @Override
    public int allocate(long size) throws VcamException {
        allocations.incrementAndGet();
        return DmaBufIoctls.memfd(DmaBufSource.pageAlign(size), false);
    }

    @Override
    public void close() {
        closed = true;
    }
}
