package org.vcam.gst.launch;

/**
 * The module's counters of one camera (VCAM_IOC_STATS, all capture nodes): new frames delivered,
 * bytes copied for them, repeats and bytes copied for repeats, new frames rendered in a consumer's
 * own buffer (export mode).
 */
record KernelCounters(long newFrames, long newBytesCopied, long repeats, long repeatBytesCopied, long exported) {
    static final KernelCounters NONE = new KernelCounters(0, 0, 0, 0, 0);
}
