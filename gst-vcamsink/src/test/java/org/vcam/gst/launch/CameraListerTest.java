package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --list on fake sysfs trees. */
class CameraListerTest {
    @TempDir
    Path sys;

    private static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private String list(ByteArrayOutputStream errBytes) {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        int rc = VcamLaunch.list(new CameraLister(sys), new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        assertEquals(0, rc);
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheModulesCameraList() throws IOException {
        write(sys.resolve("class/misc/vcam/cameras"), "1 video12 1000 Remote cam\n0 video3 0 Launch\n");
        assertEquals(List.of(new CameraLister.Camera(3, "Launch", 0), new CameraLister.Camera(12, "Remote cam", 1000)),
                new CameraLister(sys).cameras());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals("/dev/video3  \"Launch\"  uid 0\n/dev/video12  \"Remote cam\"  uid 1000\n", list(err));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fallsBackToVideo4LinuxNodesOfTheVcamDriver() throws IOException {
        Path driver = sys.resolve("bus/platform/drivers/vcam");
        Path other = sys.resolve("bus/platform/drivers/vivid");
        Files.createDirectories(driver);
        Files.createDirectories(other);
        write(sys.resolve("devices/vcam.0/video4linux/video2/name"), "Desk\n");
        write(sys.resolve("devices/vivid.0/video4linux/video0/name"), "vivid-000-vid-cap\n");
        Files.createSymbolicLink(sys.resolve("devices/vcam.0/driver"), driver);
        Files.createSymbolicLink(sys.resolve("devices/vivid.0/driver"), other);
        Path v4l = Files.createDirectories(sys.resolve("class/video4linux"));
        Path v2 = sys.resolve("devices/vcam.0/video4linux/video2");
        Path v0 = sys.resolve("devices/vivid.0/video4linux/video0");
        Files.createSymbolicLink(v2.resolve("device"), sys.resolve("devices/vcam.0"));
        Files.createSymbolicLink(v0.resolve("device"), sys.resolve("devices/vivid.0"));
        Files.createSymbolicLink(v4l.resolve("video2"), v2);
        Files.createSymbolicLink(v4l.resolve("video0"), v0);
        assertEquals(List.of(new CameraLister.Camera(2, "Desk", -1)), new CameraLister(sys).cameras());
        assertEquals("/dev/video2  \"Desk\"\n", list(new ByteArrayOutputStream()));
    }

    @Test
    void noModuleSaysWhatToDo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals("", list(err));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("no vcam cameras"), e);
        assertTrue(e.contains("sudo scripts/setup install"), e);
        assertFalse(new CameraLister(sys).moduleLoaded());
    }

    @Test
    void moduleLoadedWithoutCameras() throws IOException {
        write(sys.resolve("class/misc/vcam/cameras"), "");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals("", list(err));
        assertEquals("vcam-launch: no vcam cameras\n", err.toString(StandardCharsets.UTF_8));
    }
}
