package org.vcam.gst.launch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.freedesktop.gstreamer.ElementFactory;
import org.freedesktop.gstreamer.PluginFeature;

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
            for (ElementFactory e : ElementFactory.listGetElements(ElementFactory.ListType.ANY,
                    PluginFeature.Rank.NONE)) {
                f.add(e.getName());
                e.dispose();
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
