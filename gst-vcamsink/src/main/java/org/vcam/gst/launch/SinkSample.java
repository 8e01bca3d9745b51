package org.vcam.gst.launch;

/**
 * vcamsink's counters at one moment.
 *
 * @param videoDevice the camera's /dev/videoN, or null while there is none
 * @param consumers applications with the camera open (0 while there is no camera)
 */
record SinkSample(long nanos, String videoDevice, long queued, long dropped, long copied, long zeroCopy,
        long exported, long consumers, KernelCounters kernel) {

    /** Buffers that reached the sink, shown or dropped: the watchdog's progress. */
    long arrived() {
        return queued + dropped;
    }
}
