package org.vcam.gst.launch;

/**
 * The module's counters of one camera (VCAM_IOC_STATS, all capture nodes): new frames delivered,
 * bytes copied for them, repeats and bytes copied for repeats.
 */
record KernelCounters(long newFrames, long newBytesCopied, long repeats, long repeatBytesCopied) {
}
