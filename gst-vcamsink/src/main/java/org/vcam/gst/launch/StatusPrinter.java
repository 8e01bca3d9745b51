package org.vcam.gst.launch;

import java.util.Locale;

/** {@code --status}: one line per sample, with the frame rate since the previous one. */
final class StatusPrinter {
    private StatusPrinter() {
    }

    /**
     * The status line for {@code now}, given the sample before it (null for the first).
     *
     * @param name the sink's name, shown when the pipeline has more than one vcamsink, else null
     */
    static String line(String name, SinkSample previous, SinkSample now) {
        StringBuilder sb = new StringBuilder("status: ");
        if (name != null) {
            sb.append(name).append(' ');
        }
        sb.append(now.videoDevice() != null ? now.videoDevice() : "(no camera yet)");
        double fps = 0;
        if (previous != null && now.nanos() > previous.nanos()) {
            fps = (now.queued() - previous.queued()) * 1e9 / (now.nanos() - previous.nanos());
        }
        sb.append(String.format(Locale.ROOT, "  %.1f fps", Math.max(0, fps)));
        sb.append("  queued ").append(now.queued());
        sb.append("  dropped ").append(now.dropped());
        sb.append("  copied ").append(now.copied());
        sb.append("  zero-copy ").append(now.zeroCopy());
        sb.append("  consumers ").append(now.consumers());
        if (now.videoDevice() != null) {
            KernelCounters k = now.kernel();
            sb.append("  exported ").append(now.exported());
            sb.append("  kernel new ").append(k.newFrames()).append(" bytes-copied ").append(k.newBytesCopied())
                    .append(" exported ").append(k.exported());
        }
        return sb.toString();
    }
}
