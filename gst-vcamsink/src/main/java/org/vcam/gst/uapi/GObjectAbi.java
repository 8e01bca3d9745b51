package org.vcam.gst.uapi;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Pointer;

/**
 * Offsets of virtual methods in GLib/GStreamer class structures (public ABI, LP64), for
 * subclasses registered from Java. Offsets that follow a parent class structure are given
 * relative to it and added to the parent's size as GLib reports it at run time.
 */
public final class GObjectAbi {
    private GObjectAbi() {
    }

    /** GObjectClass.set_property, get_property, finalize. */
    public static final int OBJECT_SET_PROPERTY = 24;
    public static final int OBJECT_GET_PROPERTY = 32;
    public static final int OBJECT_FINALIZE = 48;
    /** GstElementClass.change_state, after GstObjectClass. */
    public static final int ELEMENT_CHANGE_STATE_AFTER_OBJECT_CLASS = 88;
    /** GstBufferPoolClass.start, stop, acquire_buffer, release_buffer, after GstObjectClass. */
    public static final int POOL_START_AFTER_OBJECT_CLASS = 16;
    public static final int POOL_STOP_AFTER_OBJECT_CLASS = 24;
    public static final int POOL_ACQUIRE_AFTER_OBJECT_CLASS = 32;
    public static final int POOL_RELEASE_AFTER_OBJECT_CLASS = 56;
    /** GstAllocatorClass.alloc, right after GstObjectClass. */
    public static final int ALLOCATOR_ALLOC_AFTER_OBJECT_CLASS = 0;

    /** Offsets in GParamSpecUInt (GParamSpec is 72 bytes) and GParamSpecUInt64: minimum, maximum. */
    public static final int PARAM_SPEC_UINT_MIN = 72;
    public static final int PARAM_SPEC_UINT_MAX = 76;
    public static final int PARAM_SPEC_UINT64_MIN = 72;
    public static final int PARAM_SPEC_UINT64_MAX = 80;
    /** Offsets in GParamSpecEnum (after the GParamSpec): enum_class, default_value. */
    public static final int PARAM_SPEC_ENUM_CLASS = 72;
    public static final int PARAM_SPEC_ENUM_DEFAULT = 80;
    /** Offsets in GEnumClass: n_values, values. */
    public static final int ENUM_CLASS_N_VALUES = 16;
    public static final int ENUM_CLASS_VALUES = 24;
    /** GEnumValue: its size and the offsets of value, value_name, value_nick. */
    public static final int ENUM_VALUE_SIZE = 24;
    public static final int ENUM_VALUE_VALUE = 0;
    public static final int ENUM_VALUE_NAME = 8;
    public static final int ENUM_VALUE_NICK = 16;

    private static int gstObjectClassSize = -1;

    /** sizeof(GstObjectClass) as GLib registered it. */
    public static synchronized int gstObjectClassSize() {
        if (gstObjectClassSize < 0) {
            gstObjectClassSize = GLib.typeSizes(GstApi.gst_object_get_type())[0];
        }
        return gstObjectClassSize;
    }

    public static int elementChangeState() {
        return gstObjectClassSize() + ELEMENT_CHANGE_STATE_AFTER_OBJECT_CLASS;
    }

    public static int poolStart() {
        return gstObjectClassSize() + POOL_START_AFTER_OBJECT_CLASS;
    }

    public static int poolStop() {
        return gstObjectClassSize() + POOL_STOP_AFTER_OBJECT_CLASS;
    }

    public static int poolAcquire() {
        return gstObjectClassSize() + POOL_ACQUIRE_AFTER_OBJECT_CLASS;
    }

    public static int poolRelease() {
        return gstObjectClassSize() + POOL_RELEASE_AFTER_OBJECT_CLASS;
    }

    public static int allocatorAlloc() {
        return gstObjectClassSize() + ALLOCATOR_ALLOC_AFTER_OBJECT_CLASS;
    }

    /** Stores {@code callback} as the virtual method at {@code offset} of {@code klass}. */
    public static void setVfunc(Pointer klass, int offset, Callback callback) {
        klass.setPointer(offset, CallbackReference.getFunctionPointer(callback));
    }

    /** The parent's virtual method at {@code offset}, or null. */
    public static Function parentVfunc(Pointer parentClass, int offset) {
        Pointer p = parentClass.getPointer(offset);
        return p == null ? null : Function.getFunction(p);
    }
}
