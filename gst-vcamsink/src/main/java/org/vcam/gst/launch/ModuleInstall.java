package org.vcam.gst.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --install}: when the control device is missing, runs the project's {@code scripts/setup install}
 * (through {@code sudo} unless already root) and waits for the device to appear.
 */
final class ModuleInstall {
    /** How long udev may take to create the node after the module is loaded. */
    static final long APPEAR_MILLIS = 10_000;
    private static final long POLL_MILLIS = 100;

    /** Runs a command with the terminal attached (sudo may ask for a password); returns its exit status. */
    interface Runner {
        int run(List<String> command) throws IOException, InterruptedException;
    }

    private final Path device;
    private final Path home;
    private final boolean root;
    private final Runner runner;
    private final PrintStream err;

    ModuleInstall(Path device, Path home, boolean root, Runner runner, PrintStream err) {
        this.device = device;
        this.home = home;
        this.root = root;
        this.runner = runner;
        this.err = err;
    }

    /** The runner used by vcam-launch: a child process sharing this one's standard streams. */
    static int runInheritingIo(List<String> command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** The install command line. */
    List<String> command() {
        List<String> c = new ArrayList<>();
        if (!root) {
            c.add("sudo");
        }
        c.add(home.resolve("scripts/setup").toString());
        c.add("install");
        return c;
    }

    /** Does nothing when the device exists; else installs and loads the module, or throws saying why not. */
    void ensure() {
        if (Files.exists(device)) {
            return;
        }
        Path setup = home.resolve("scripts/setup");
        if (!Files.isExecutable(setup)) {
            throw new LaunchException(1, "--install needs the vcam checkout's scripts/setup, not found at " + setup);
        }
        List<String> cmd = command();
        err.println("vcam-launch: " + device + " is missing; running: " + String.join(" ", cmd));
        int status;
        try {
            status = runner.run(cmd);
        } catch (IOException e) {
            throw new LaunchException(1, "cannot run " + cmd.get(0) + ": " + e.getMessage()
                    + (root ? "" : " (install sudo, or run the install as root yourself)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException(1, "interrupted while installing the vcam module");
        }
        if (status != 0) {
            throw new LaunchException(1, String.join(" ", cmd) + " failed (exit status " + status
                    + "); its messages above say why");
        }
        if (!awaitDevice()) {
            throw new LaunchException(1, "the module is installed but " + device + " did not appear within "
                    + APPEAR_MILLIS / 1000 + " s (scripts/setup status shows what is loaded)");
        }
    }

    private boolean awaitDevice() {
        long deadline = System.nanoTime() + APPEAR_MILLIS * 1_000_000;
        while (!Files.exists(device)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
