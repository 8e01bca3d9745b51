package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlotTableTest {
    @Test
    void occupiesAndReleases() {
        SlotTable<String> t = new SlotTable<>(3);
        assertEquals(0, t.findFree());
        t.occupy(0, "a");
        t.occupy(1, "b");
        assertEquals(2, t.findFree());
        t.occupy(2, "c");
        assertEquals(-1, t.findFree());
        assertEquals(3, t.busyCount());
        assertThrows(IllegalStateException.class, () -> t.occupy(1, "x"));
        assertEquals("b", t.release(1));
        assertNull(t.release(1));
        assertNull(t.release(7));
        assertEquals(1, t.findFree());
        assertEquals(List.of("a", "c"), t.releaseAll());
        assertEquals(0, t.busyCount());
        assertThrows(IllegalArgumentException.class, () -> new SlotTable<String>(0));
    }
}
