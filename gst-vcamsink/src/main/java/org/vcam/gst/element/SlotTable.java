package org.vcam.gst.element;

import java.util.Arrays;

/**
 * The camera's output slots: which are free and, for busy ones, the buffer the sink holds for
 * them (a GstBuffer address carrying one reference) until the camera gives the slot back.
 * Addresses are kept as {@code long}, so the per-frame bookkeeping allocates nothing. Not
 * thread-safe: the frame path owns it.
 */
public final class SlotTable {
    private final long[] held;
    private final boolean[] busy;

    public SlotTable(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots: " + slots);
        }
        held = new long[slots];
        busy = new boolean[slots];
    }

    public int size() {
        return busy.length;
    }

    /** A free slot, or -1 when every slot is busy. */
    public int findFree() {
        for (int i = 0; i < busy.length; i++) {
            if (!busy[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Marks the slot busy, holding {@code buffer} for it. */
    public void occupy(int slot, long buffer) {
        if (busy[slot]) {
            throw new IllegalStateException("slot " + slot + " is busy");
        }
        busy[slot] = true;
        held[slot] = buffer;
    }

    /** Frees the slot; returns what was held for it (0 if it was free or is out of range). */
    public long release(int slot) {
        if (slot < 0 || slot >= busy.length || !busy[slot]) {
            return 0;
        }
        busy[slot] = false;
        long v = held[slot];
        held[slot] = 0;
        return v;
    }

    /** Frees every slot; returns the non-zero buffers that were held. */
    public long[] releaseAll() {
        long[] out = new long[busy.length];
        int n = 0;
        for (int i = 0; i < busy.length; i++) {
            long v = release(i);
            if (v != 0) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }

    public int busyCount() {
        int n = 0;
        for (boolean b : busy) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
