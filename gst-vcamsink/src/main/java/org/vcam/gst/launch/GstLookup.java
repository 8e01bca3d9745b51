package org.vcam.gst.launch;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ErrorFormatter.Lookup} answered by the GStreamer registry (factory lists are cached). */
final class GstLookup implements ErrorFormatter.Lookup {
    static final GstLookup INSTANCE = new GstLookup();

    private volatile List<String> factories;
    private final Map<String, List<PropertyInfo>> properties = new ConcurrentHashMap<>();

    private GstLookup() {
    }

    @Override
    public Collection<String> factories() {
        List<String> f = factories;
        if (f == null) {
            f = new ArrayList<>();
            Pointer list = GstNative.GST.gst_element_factory_list_get_elements(GstNative.FACTORY_TYPE_ANY, 0);
            for (Pointer node = list; node != null; node = node.getPointer(Native.POINTER_SIZE)) {
                f.add(GstNative.nameOf(node.getPointer(0)));
            }
            if (list != null) {
                GstNative.GST.gst_plugin_feature_list_free(list);
            }
            factories = f = List.copyOf(f);
        }
        return f;
    }

    private List<PropertyInfo> infos(String factory) {
        return properties.computeIfAbsent(factory, PropertyInfo::ofFactory);
    }

    @Override
    public Collection<String> properties(String factory) {
        return infos(factory).stream().map(PropertyInfo::name).toList();
    }

    @Override
    public String accepts(String factory, String property) {
        for (PropertyInfo p : infos(factory)) {
            if (p.name().equals(property)) {
                return p.accepts();
            }
        }
        return null;
    }
}
