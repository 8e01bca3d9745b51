package org.vcam.gst.dmabuf;

import java.util.ArrayList;
import java.util.List;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

/**
 * Chooses the DMA-BUF source at run time, in the order udmabuf, system DMA heap, vgem: the
 * first one that opens and can allocate a page wins.
 */
public final class DmaBufSources {
    private DmaBufSources() {
    }

    /** One candidate: its name and how to open it. */
    public record Candidate(String name, DmaBufSource.Opener opener) {
    }

    /** The kernel's candidates in order of preference. */
    public static List<Candidate> kernelCandidates() {
        return List.of(new Candidate("udmabuf", UdmabufSource::open),
                new Candidate("dma-heap", DmaHeapSource::open),
                new Candidate("vgem", VgemSource::open));
    }

    /** The first usable kernel source. */
    public static DmaBufSource open() throws VcamException {
        return first(kernelCandidates());
    }

    /** The first candidate that opens and allocates; otherwise one exception naming all tries. */
    public static DmaBufSource first(List<Candidate> candidates) throws VcamException {
        List<String> failures = new ArrayList<>();
        for (Candidate c : candidates) {
            DmaBufSource s = null;
            try {
                s = c.opener().open();
                int fd = s.allocate(4096);
                LibC.close(fd);
                return s;
            } catch (VcamException e) {
                failures.add(e.getMessage());
                if (s != null) {
                    s.close();
                }
            }
        }
        throw new VcamException("find a DMA-BUF source", "(udmabuf, dma-heap, vgem)",
                "none usable: " + String.join("; ", failures)
                + ". Use a kernel with CONFIG_UDMABUF or CONFIG_DMABUF_HEAPS_SYSTEM, or load vgem:"
                + " sudo modprobe vgem");
    }
}
