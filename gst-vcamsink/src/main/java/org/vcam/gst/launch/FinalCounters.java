package org.vcam.gst.launch;

/**
 * {@code --stats}: a vcamsink's counters when its pipeline ended, one line a sink, as scripts
 * parse them: {@code NAME: video-device=/dev/videoN frames-queued=Q frames-zero-copy=Z
 * frames-copied=C frames-dropped=D kernel-new-frames=N kernel-new-bytes-copied=B
 * kernel-repeats=R kernel-repeat-bytes-copied=RB frames-exported=E kernel-exported=X}
 * ({@code video-device=none} when the sink had no camera; the kernel-* counters are the module's
 * own, from VCAM_IOC_STATS; the *-exported ones count frames rendered in a consumer's own buffer).
 */
final class FinalCounters {
    private FinalCounters() {
    }

    static String line(String name, SinkSample s, KernelCounters k) {
        return name + ": video-device=" + (s.videoDevice() != null ? s.videoDevice() : "none")
                + " frames-queued=" + s.queued() + " frames-zero-copy=" + s.zeroCopy()
                + " frames-copied=" + s.copied() + " frames-dropped=" + s.dropped()
                + " kernel-new-frames=" + k.newFrames() + " kernel-new-bytes-copied=" + k.newBytesCopied()
                + " kernel-repeats=" + k.repeats() + " kernel-repeat-bytes-copied=" + k.repeatBytesCopied()
                + " frames-exported=" + s.exported() + " kernel-exported=" + k.exported();
    }
}
