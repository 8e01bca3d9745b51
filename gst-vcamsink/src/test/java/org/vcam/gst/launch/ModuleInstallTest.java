package org.vcam.gst.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleInstallTest {
    @TempDir
    Path dir;
    private Path home;
    private Path device;
    private final List<List<String>> ran = new ArrayList<>();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void checkout() throws IOException {
        home = dir.resolve("vcam");
        Files.createDirectories(home.resolve("scripts"));
        Files.createFile(home.resolve("scripts/setup"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        device = dir.resolve("vcam-node");
    }

    private ModuleInstall installer(boolean root, ModuleInstall.Runner r) {
        return new ModuleInstall(device, home, root, cmd -> {
            ran.add(cmd);
            return r.run(cmd);
        }, err);
    }

    @Test
    void presentDeviceRunsNothing() throws IOException {
        Files.createFile(device);
        installer(false, cmd -> 1).ensure();
        assertTrue(ran.isEmpty());
    }

    @Test
    void missingDeviceRunsSetupThroughSudo() {
        installer(false, cmd -> {
            Files.createFile(device);
            return 0;
        }).ensure();
        assertEquals(List.of(List.of("sudo", home.resolve("scripts/setup").toString(), "install")), ran);
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("is missing; running: sudo "));
    }

    @Test
    void rootRunsSetupDirectly() {
        installer(true, cmd -> {
            Files.createFile(device);
            return 0;
        }).ensure();
        assertEquals(home.resolve("scripts/setup").toString(), ran.get(0).get(0));
    }

    @Test
    void failedSetupIsReportedWithItsStatus() {
        LaunchException e = assertThrows(LaunchException.class, () -> installer(false, cmd -> 3).ensure());
        assertEquals(1, e.status());
        assertTrue(e.getMessage().contains("failed (exit status 3)"), e.getMessage());
    }

    @Test
    void missingSudoSaysWhatToDo() {
        LaunchException e = assertThrows(LaunchException.class, () -> installer(false, cmd -> {
            throw new IOException("No such file or directory");
        }).ensure());
        assertTrue(e.getMessage().startsWith("cannot run sudo: No such file"), e.getMessage());
    }

    @Test
    void missingSetupScriptIsAnError() throws IOException {
        Files.delete(home.resolve("scripts/setup"));
        LaunchException e = assertThrows(LaunchException.class, () -> installer(true, cmd -> 0).ensure());
        assertTrue(e.getMessage().contains("scripts/setup"), e.getMessage());
        assertTrue(ran.isEmpty());
    }

    @Test
    void installWithVmIsAUsageError() {
        LaunchOptions o = new LaunchOptions();
        new picocli.CommandLine(o).parseArgs("--install", "--vm", "videotestsrc ! vcamsink");
        LaunchException e = assertThrows(LaunchException.class, () -> o.validate(false));
        assertEquals(LaunchException.USAGE, e.status());
    }
}
