package org.vcam.gst.uapi;

/**
 * What {@code VCAM_IOC_EXPORT_ACQUIRE} answered: a consumer's capture buffer lent to the producer.
 * Mutable and reused, so that borrowing allocates nothing.
 */
public final class ExportLoan {
    /** A new DMA-BUF fd of the buffer (the caller owns it), or -1: the caller mapped it before. */
    public int fd = -1;
    /** The buffer, to name in QUEUE (exported) or RELEASE. */
    public int index;
    /** The consumer's stream (never 0). */
    public int cookie;
    /** Size of the buffer in bytes. */
    public int length;
    /** The capture node the buffer belongs to. */
    public int reader;

    /** Sets every field (tests and fakes). */
    public void set(int fd, int index, int cookie, int length, int reader) {
        this.fd = fd;
        this.index = index;
        this.cookie = cookie;
        this.length = length;
        this.reader = reader;
    }
}
