package org.vcam.gst.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vcam.gst.uapi.GstApi;
import org.vcam.gst.uapi.LibC;
import org.vcam.gst.uapi.VcamException;

class SinkSettingsTest {
    @Test
    void defaults() {
        SinkSettings s = new SinkSettings();
        assertEquals("/dev/vcam", s.device());
        assertNull(s.label());
        assertEquals(-1, s.deviceNr());
        assertEquals(4, s.frames());
        assertEquals(IdleMode.LAST, s.idle());
        assertTrue(s.sync());
    }

    @Test
    void rangesAreEnforcedAndBadValuesKeepTheOldOne() {
        SinkSettings s = new SinkSettings();
        assertNull(s.setFrames(2));
        assertNull(s.setFrames(32));
        assertEquals("frames must be 2..32, not 33", s.setFrames(33));
        assertNotNull(s.setFrames(1));
        assertEquals(32, s.frames());
        assertNull(s.setDeviceNr(7));
        assertNotNull(s.setDeviceNr(-2));
        assertNotNull(s.setDeviceNr(256));
        assertEquals(7, s.deviceNr());
        assertNull(s.setLabel("Meeting cam"));
        String longLabel = "x".repeat(32);
        String err = s.setLabel(longLabel);
        assertTrue(err.contains("32 bytes long: at most 31"), err);
        assertNotNull(s.setLabel("tab\there"));
        assertNotNull(s.setLabel("Kamera \u00fc"));
        assertEquals("Meeting cam", s.label());
        assertNull(s.setLabel(""));
        assertNull(s.label());
        assertNotNull(s.setDevice(""));
        assertEquals("/dev/vcam", s.device());
        assertEquals(IdleMode.BLACK, IdleMode.fromNick("black"));
        assertThrows(IllegalArgumentException.class, () -> IdleMode.fromNick("white"));
    }

    @Test
    void deviceErrorsTellWhatToDo() {
        UserError missing = UserError.open(new VcamException("open", "/dev/vcam", LibC.ENOENT));
        assertEquals(GstApi.RESOURCE_ERROR_NOT_FOUND, missing.code());
        assertTrue(missing.message().contains("sudo modprobe vcam"), missing.message());
        assertTrue(missing.message().contains("./scripts/setup install"), missing.message());
        UserError denied = UserError.open(new VcamException("open", "/dev/vcam", LibC.EACCES));
        assertEquals(GstApi.RESOURCE_ERROR_NOT_AUTHORIZED, denied.code());
        assertTrue(denied.message().contains("'video' group"), denied.message());
        assertTrue(denied.message().contains("kmod/60-vcam.rules"), denied.message());
        StreamFormat f = new StreamFormat(FrameFormat.YUY2, 640, 480, 30, 1);
        UserError taken = UserError.create(new VcamException("VCAM_IOC_CREATE on", "/dev/vcam", LibC.ENFILE), f, 5, 4);
        assertTrue(taken.message().contains("/dev/video5 is already taken"), taken.message());
        UserError big = UserError.create(new VcamException("VCAM_IOC_CREATE on", "/dev/vcam", LibC.ENOSPC), f, -1, 32);
        assertTrue(big.message().contains("max_camera_mb"), big.message());
    }
}
