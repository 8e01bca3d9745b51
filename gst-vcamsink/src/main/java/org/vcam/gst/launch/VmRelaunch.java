package org.vcam.gst.launch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --vm}: runs the same vcam-launch command inside the project's test VM
 * ({@code kmod/test/vm-run}, vcam.ko loaded) and brings a --snapshot file back through the
 * harness's writable share ({@code /var/tmp/vcam-out} in the guest).
 */
final class VmRelaunch {
    /** Where vm-run mounts its --out directory in the guest. */
    static final Path GUEST_OUT = Path.of("/var/tmp/vcam-out");
    /** Seconds vm-run gets on top of the run itself (boot, JVM start, shutdown). */
    static final int VM_OVERHEAD_SECONDS = 240;

    private VmRelaunch() {
    }

    /** Quotes a word for sh (vm-run runs the command with sh -c). */
    static String shellQuote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The vm-run command line for {@code options}, sharing {@code hostOut}. */
    static List<String> command(Path repo, LaunchOptions options, Path hostOut) {
        Path guestSnapshot = options.snapshot == null ? null
                : GUEST_OUT.resolve(options.snapshot.getFileName().toString());
        StringBuilder guest = new StringBuilder("./vcam-launch");
        for (String a : options.guestArgs(guestSnapshot)) {
            guest.append(' ').append(shellQuote(a));
        }
        double runSeconds = options.duration != null ? options.duration : LaunchOptions.VM_DEFAULT_DURATION;
        List<String> cmd = new ArrayList<>();
        cmd.add(repo.resolve("kmod/test/vm-run").toString());
        cmd.add("--kernel");
        cmd.add(options.kernel);
        cmd.add("--timeout");
        cmd.add(String.valueOf((long) Math.ceil(runSeconds) + VM_OVERHEAD_SECONDS));
        cmd.add("--out");
        cmd.add(hostOut.toString());
        /* on a busy host TCG's timer check can fail and panic the guest at boot ("IO-APIC + timer
           doesn't work"); skipping the check costs nothing */
        cmd.add("--append");
        cmd.add("no_timer_check");
        if (options.quiet) {
            cmd.add("-q");
        }
        cmd.add("--");
        cmd.add(guest.toString());
        return cmd;
    }

    /** Runs it; returns the exit status to use. */
    static int run(Path repo, LaunchOptions options, PrintStream err) {
        if (System.getenv("VCAM_KVER") != null) {
            throw new LaunchException(LaunchException.USAGE, "--vm: already running inside the test VM");
        }
        Path vmRun = repo.resolve("kmod/test/vm-run");
        if (!Files.isExecutable(vmRun)) {
            throw new LaunchException(1, "--vm needs the VM harness " + vmRun + " (not found; is this the"
                    + " vcam checkout? set VCAM_LAUNCH_HOME to it)");
        }
        Path hostOut;
        try {
            Path build = Files.createDirectories(repo.resolve("build"));
            hostOut = Files.createTempDirectory(build, "vcam-launch-vm-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory to share with the VM", e);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command(repo, options, hostOut)).inheritIO();
            pb.directory(repo.toFile());
            int status;
            try {
                status = pb.start().waitFor();
            } catch (IOException e) {
                throw new LaunchException(1, "cannot run " + vmRun + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException(1, "interrupted while the VM ran");
            }
            if (options.snapshot != null) {
                Path produced = hostOut.resolve(options.snapshot.getFileName().toString());
                if (Files.isRegularFile(produced)) {
                    move(produced, options.snapshot);
                    if (!options.quiet) {
                        err.println("vcam-launch: snapshot copied out of the VM to " + options.snapshot);
                    }
                } else if (status == 0) {
                    err.println("vcam-launch: the VM run ended without writing the snapshot");
                    status = 1;
                }
            }
            return status;
        } finally {
            deleteTree(hostOut);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Path parent = to.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LaunchException(1, "cannot write " + to + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.getLogger(VmRelaunch.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot remove " + dir + ": " + e.getMessage());
        }
    }
}
