package org.vcam.gst.element;

import java.nio.charset.StandardCharsets;
import org.vcam.gst.uapi.Vcam;

/** The writable properties of one vcamsink, validated. Thread-safe. */
public final class SinkSettings {
    public static final String DEFAULT_DEVICE = "/dev/vcam";
    public static final int DEFAULT_FRAMES = 4;
    public static final int MIN_FRAMES = 2;
    public static final int MAX_FRAMES = 32;
    public static final int MIN_DEVICE_NR = -1;
    public static final int MAX_DEVICE_NR = 255;
    /** readers=0: as many capture nodes as the module gives a camera by default. */
    public static final int DEFAULT_READERS = 0;
    public static final int MAX_READERS = Vcam.MAX_READERS;

    private String device = DEFAULT_DEVICE;
    private String label;
    private int deviceNr = -1;
    private int frames = DEFAULT_FRAMES;
    private IdleMode idle = IdleMode.LAST;
    private boolean sync = true;
    private int readers = DEFAULT_READERS;
    private boolean export = true;

    /** Why {@code label} is not a valid camera label, or null if it is. */
    public static String checkLabel(String label) {
        if (label == null || label.isEmpty()) {
            return null;
        }
        byte[] b = label.getBytes(StandardCharsets.UTF_8);
        if (b.length > Vcam.LABEL_MAX - 1) {
            return "label \"" + label + "\" is " + b.length + " bytes long: at most "
                    + (Vcam.LABEL_MAX - 1) + " are allowed";
        }
        for (byte c : b) {
            if (c < 0x20 || c > 0x7e) {
                return "label \"" + label + "\" has a character that is not printable ASCII";
            }
        }
        return null;
    }

    /** Why {@code device} is not a usable path, or null. */
    public static String checkDevice(String device) {
        if (device == null || device.isEmpty()) {
            return "device must be the path of the vcam control device, such as " + DEFAULT_DEVICE;
        }
        return null;
    }

    /** Why {@code frames} is out of range, or null. */
    public static String checkFrames(int frames) {
        if (frames < MIN_FRAMES || frames > MAX_FRAMES) {
            return "frames must be " + MIN_FRAMES + ".." + MAX_FRAMES + ", not " + frames;
        }
        return null;
    }

    /** Why {@code nr} is out of range, or null. */
    public static String checkDeviceNr(int nr) {
        if (nr < MIN_DEVICE_NR || nr > MAX_DEVICE_NR) {
            return "device-nr must be -1 (any) or 0.." + MAX_DEVICE_NR + ", not " + nr;
        }
        return null;
    }

    /** Why {@code readers} is out of range, or null. */
    public static String checkReaders(int readers) {
        if (readers < 0 || readers > MAX_READERS) {
            return "readers must be 0 (the module's default) or 1.." + MAX_READERS + ", not " + readers;
        }
        return null;
    }

    /** Export mode when the module offers it. */
    public synchronized boolean export() {
        return export;
    }

    public synchronized void setExport(boolean v) {
        export = v;
    }

    public synchronized int readers() {
        return readers;
    }

    public synchronized String setReaders(int v) {
        String err = checkReaders(v);
        if (err == null) {
            readers = v;
        }
        return err;
    }

    public synchronized String device() {
        return device;
    }

    /** Sets the device path; returns the reason for refusing it (the value stays) or null. */
    public synchronized String setDevice(String v) {
        String err = checkDevice(v);
        if (err == null) {
            device = v;
        }
        return err;
    }

    public synchronized String label() {
        return label;
    }

    public synchronized String setLabel(String v) {
        String err = checkLabel(v);
        if (err == null) {
            label = v == null || v.isEmpty() ? null : v;
        }
        return err;
    }

    public synchronized int deviceNr() {
        return deviceNr;
    }

    public synchronized String setDeviceNr(int v) {
        String err = checkDeviceNr(v);
        if (err == null) {
            deviceNr = v;
        }
        return err;
    }

    public synchronized int frames() {
        return frames;
    }

    public synchronized String setFrames(int v) {
        String err = checkFrames(v);
        if (err == null) {
            frames = v;
        }
        return err;
    }

    public synchronized IdleMode idle() {
        return idle;
    }

    public synchronized void setIdle(IdleMode v) {
        idle = v;
    }

    public synchronized boolean sync() {
        return sync;
    }

    public synchronized void setSync(boolean v) {
        sync = v;
    }
}
