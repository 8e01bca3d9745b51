package org.vcam.gst.uapi;

import com.sun.jna.Callback;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * GLib and GObject functions the sink calls that gst1-java-core does not expose: type
 * registration, class and property installation, GValue access.
 */
public final class GLib {
    static {
        Native.register(GLib.class, NativeLibrary.getInstance("gobject-2.0"));
    }

    private GLib() {
    }

    /* GParamFlags */
    public static final int PARAM_READABLE = 1;
    public static final int PARAM_WRITABLE = 2;
    public static final int PARAM_READWRITE = 3;
    /** GST_PARAM_MUTABLE_READY: can be changed in the NULL and READY states. */
    public static final int GST_PARAM_MUTABLE_READY = 1 << 10;

    /* fundamental GTypes (G_TYPE_MAKE_FUNDAMENTAL(n) = n << 2) */
    public static final long TYPE_BOOLEAN = 5 << 2;
    public static final long TYPE_INT = 6 << 2;
    public static final long TYPE_UINT64 = 11 << 2;
    public static final long TYPE_ENUM = 12 << 2;
    public static final long TYPE_STRING = 16 << 2;

    /** GTypeInfo. */
    @Structure.FieldOrder({"class_size", "base_init", "base_finalize", "class_init",
        "class_finalize", "class_data", "instance_size", "n_preallocs", "instance_init",
        "value_table"})
    public static class TypeInfo extends CStruct {
        public short class_size;
        public Pointer base_init;
        public Pointer base_finalize;
        public ClassInit class_init;
        public Pointer class_finalize;
        public Pointer class_data;
        public short instance_size;
        public short n_preallocs;
        public InstanceInit instance_init;
        public Pointer value_table;
    }

    /** GTypeQuery. */
    @Structure.FieldOrder({"type", "type_name", "class_size", "instance_size"})
    public static class TypeQuery extends CStruct {
        public long type;
        public Pointer type_name;
        public int class_size;
        public int instance_size;
    }

    public interface ClassInit extends Callback {
        void invoke(Pointer klass, Pointer data);
    }

    public interface InstanceInit extends Callback {
        void invoke(Pointer instance, Pointer klass);
    }

    public interface SetProperty extends Callback {
        void invoke(Pointer object, int propertyId, Pointer value, Pointer pspec);
    }

    public interface GetProperty extends Callback {
        void invoke(Pointer object, int propertyId, Pointer value, Pointer pspec);
    }

    public interface Finalize extends Callback {
        void invoke(Pointer object);
    }

    public static native long g_type_register_static(long parent, String name, TypeInfo info, int flags);

    public static native long g_type_from_name(String name);

    public static native void g_type_query(long type, TypeQuery query);

    public static native Pointer g_type_class_peek_parent(Pointer klass);

    public static native String g_type_name(long type);

    public static native long g_enum_register_static(String name, Pointer values);

    public static native Pointer g_param_spec_string(String name, String nick, String blurb, String def, int flags);

    public static native Pointer g_param_spec_int(String name, String nick, String blurb, int min, int max, int def, int flags);

    public static native Pointer g_param_spec_boolean(String name, String nick, String blurb, boolean def, int flags);

    public static native Pointer g_param_spec_uint(String name, String nick, String blurb, int min, int max, int def, int flags);

    public static native Pointer g_param_spec_uint64(String name, String nick, String blurb, long min, long max, long def, int flags);

    public static native Pointer g_param_spec_enum(String name, String nick, String blurb, long enumType, int def, int flags);

    public static native void g_object_class_install_property(Pointer klass, int propertyId, Pointer pspec);

    public static native String g_value_get_string(Pointer value);

    public static native void g_value_set_string(Pointer value, String s);

    public static native int g_value_get_int(Pointer value);

    public static native void g_value_set_int(Pointer value, int v);

    public static native boolean g_value_get_boolean(Pointer value);

    public static native void g_value_set_boolean(Pointer value, boolean v);

    public static native int g_value_get_enum(Pointer value);

    public static native void g_value_set_enum(Pointer value, int v);

    public static native void g_value_set_uint(Pointer value, int v);

    public static native void g_value_set_uint64(Pointer value, long v);

    public static native void g_object_notify(Pointer object, String property);

    public static native Pointer g_strdup_value_contents(Pointer value);

    /* libglib, reached through libgobject's dependencies */
    public static native Pointer g_strdup(String s);

    public static native void g_free(Pointer p);

    public static native int g_quark_from_string(String s);

    /* g_atomic_pointer_set (libglib): stores a pointer; used to write a callback's code address */
    private static native void g_atomic_pointer_set(Pointer atomic, GstPluginsApi.App.NewSampleDirect cb);

    private static native void g_atomic_pointer_set(Pointer atomic, PoolAcquire cb);

    private static native void g_atomic_pointer_set(Pointer atomic, PoolRelease cb);

    /** GstBufferPoolClass.acquire_buffer on raw addresses (direct mode, see {@link #storeCallback}). */
    public interface PoolAcquire extends Callback {
        int invoke(long pool, long bufferOut, long params);
    }

    /** GstBufferPoolClass.release_buffer on raw addresses. */
    public interface PoolRelease extends Callback {
        void invoke(long pool, long buffer);
    }

    /** GstBufferPoolClass.start and stop. */
    public interface PoolStartStop extends Callback {
        boolean invoke(Pointer pool);
    }

    /** Writes the code address of {@code cb} at {@code slot}, bound in direct mode. */
    public static void storeCallback(Pointer slot, PoolAcquire cb) {
        g_atomic_pointer_set(slot, cb);
    }

    /** Writes the code address of {@code cb} at {@code slot}, bound in direct mode. */
    public static void storeCallback(Pointer slot, PoolRelease cb) {
        g_atomic_pointer_set(slot, cb);
    }

    /**
     * Writes the code address of {@code cb} at {@code slot} (a function pointer field of a C
     * structure). Passed through a direct-mapped call, the callback is bound in JNA's direct
     * mode, so GLib calling it creates no Java objects for its arguments.
     */
    public static void storeCallback(Pointer slot, GstPluginsApi.App.NewSampleDirect cb) {
        g_atomic_pointer_set(slot, cb);
    }

    /** Reads a C string allocated by GLib and frees it. */
    public static String takeString(Pointer p) {
        if (p == null) {
            return null;
        }
        try {
            return p.getString(0, "UTF-8");
        } finally {
            g_free(p);
        }
    }

    /** GTypeQuery's class and instance sizes of {@code type}. */
    public static int[] typeSizes(long type) {
        TypeQuery q = new TypeQuery();
        g_type_query(type, q);
        q.read();
        if (q.type == 0) {
            throw new IllegalStateException("GType " + type + " is not a classed type");
        }
        return new int[] {q.class_size, q.instance_size};
    }

}
