package org.vcam.gst.launch;

/**
 * {@code --stats}: a vcamsink's counters when its pipeline ended, one line a sink, as scripts
 * parse them: {@code NAME: video-device=/dev/videoN frames-queued=Q frames-zero-copy=Z
 * frames-copied=C frames-dropped=D} ({@code video-device=none} when the sink had no camera).
 */
final class FinalCounters {
    private FinalCounters() {
    }

    static String line(String name, SinkSample s) {
        return name + ": video-device=" + (s.videoDevice() != null ? s.videoDevice() : "none")
                + " frames-queued=" + s.queued() + " frames-zero-copy=" + s.zeroCopy()
                + " frames-copied=" + s.copied() + " frames-dropped=" + s.dropped();
    }
}
