package org.vcam.gst.element;

import org.vcam.gst.dmabuf.DmaBufSource;
import org.vcam.gst.dmabuf.DmaBufSources;
import org.vcam.gst.uapi.KernelVcamDevice;
import org.vcam.gst.uapi.VcamDevice;

/**
 * Where a vcamsink gets its control device and its DMA-BUFs: the kernel, or fakes in tests.
 *
 * @param devices opens the control device (the {@code device} property's path)
 * @param dmabufs opens the DMA-BUF source
 */
public record Backend(VcamDevice.Opener devices, DmaBufSource.Opener dmabufs) {

    /** /dev/vcam and the first usable of udmabuf, dma-heap, vgem. */
    public static Backend kernel() {
        return new Backend(KernelVcamDevice::open, DmaBufSources::open);
    }
}
