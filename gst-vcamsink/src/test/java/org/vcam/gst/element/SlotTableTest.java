package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SlotTableTest {
    @Test
    void occupiesAndReleases() {
        SlotTable t = new SlotTable(3);
        assertEquals(0, t.findFree());
        t.occupy(0, 0xa0);
        t.occupy(1, 0xb0);
        assertEquals(2, t.findFree());
        t.occupy(2, 0xc0);
        assertEquals(-1, t.findFree());
        assertEquals(3, t.busyCount());
        assertThrows(IllegalStateException.class, () -> t.occupy(1, 0xd0));
        assertEquals(0xb0, t.release(1));
        assertEquals(0, t.release(1));
        assertEquals(0, t.release(7));
        assertEquals(0, t.release(-1));
        assertEquals(1, t.findFree());
        assertArrayEquals(new long[] {0xa0, 0xc0}, t.releaseAll());
        assertEquals(0, t.busyCount());
        assertThrows(IllegalArgumentException.class, () -> new SlotTable(0));
    }
}
