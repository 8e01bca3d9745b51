package org.vcam.gst.element;

import java.util.ArrayList;
import java.util.List;

/**
 * The camera's output slots: which are free and, for busy ones, what the sink holds for them
 * (a buffer reference) until the camera gives the slot back.
 *
 * @param <T> what is held per busy slot
 */
public final class SlotTable<T> {
    private final List<T> held;
    private final boolean[] busy;

    public SlotTable(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots: " + slots);
        }
        held = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            held.add(null);
        }
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

    /** Marks the slot busy, holding {@code value} for it. */
    public void occupy(int slot, T value) {
        if (busy[slot]) {
            throw new IllegalStateException("slot " + slot + " is busy");
        }
        busy[slot] = true;
        held.set(slot, value);
    }

    /** Frees the slot; returns what was held for it (null if it was free). */
    public T release(int slot) {
        if (slot < 0 || slot >= busy.length || !busy[slot]) {
            return null;
        }
        busy[slot] = false;
        T v = held.get(slot);
        held.set(slot, null);
        return v;
    }

    /** Frees every slot; returns what was held. */
    public List<T> releaseAll() {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < busy.length; i++) {
            T v = release(i);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    public int busyCount() {
        int n = 0;
        for (boolean b : busy) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
