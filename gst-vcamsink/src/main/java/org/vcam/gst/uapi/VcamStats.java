package org.vcam.gst.uapi;

/** What {@code VCAM_IOC_STATS} reports (see struct vcam_ioc_stats). */
public record VcamStats(long status, int openers, long queued, long delivered, long repeated,
        long copied, long zeroCopy, long dropped, long bytesCopied, long errors,
        long repeatBytesCopied, long exported, int nrReaders, int readersStreaming) {
}
