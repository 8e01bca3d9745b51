package org.vcam.gst.uapi;

import com.sun.jna.Pointer;

/**
 * A {@link Pointer} that can be moved to another address, to read native structures in the
 * per-frame path without allocating a {@code Pointer} per address. Confined to one thread.
 */
public final class Address extends Pointer {
    public Address() {
        super(0);
    }

    /** Points this object at {@code address} and returns it. */
    public Address at(long address) {
        peer = address;
        return this;
    }
}
