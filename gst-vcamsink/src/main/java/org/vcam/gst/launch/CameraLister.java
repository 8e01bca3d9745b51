package org.vcam.gst.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code --list}: the vcam cameras that exist now, from sysfs. The vcam module lists its cameras
 * in {@code class/misc/vcam/cameras} ("id videoN uid label" per line); without that file,
 * capture nodes whose driver is vcam are found under {@code class/video4linux}.
 */
final class CameraLister {
    /** One camera. {@code uid} is -1 when unknown. */
    record Camera(int number, String label, long uid) {
        String node() {
            return "/dev/video" + number;
        }

        String line() {
            return node() + "  \"" + label + "\"" + (uid >= 0 ? "  uid " + uid : "");
        }
    }

    private final Path sys;

    /** @param sysRoot where sysfs is mounted ("/sys"; tests pass a fake tree) */
    CameraLister(Path sysRoot) {
        this.sys = sysRoot;
    }

    /** Is the vcam control device's class entry present (module loaded)? */
    boolean moduleLoaded() {
        return Files.isDirectory(sys.resolve("class/misc/vcam"));
    }

    List<Camera> cameras() {
        Path list = sys.resolve("class/misc/vcam/cameras");
        List<Camera> out = Files.isReadable(list) ? fromCamerasFile(list) : fromVideo4Linux();
        out.sort(Comparator.comparingInt(Camera::number));
        return out;
    }

    private static List<Camera> fromCamerasFile(Path list) {
        List<Camera> out = new ArrayList<>();
        for (String line : readLines(list)) {
            String[] f = line.trim().split(" ", 4);
            if (f.length < 3 || !f[1].matches("video\\d+") || !f[2].matches("\\d+")) {
                continue;
            }
            out.add(new Camera(Integer.parseInt(f[1].substring(5)), f.length == 4 ? f[3] : "",
                    Long.parseLong(f[2])));
        }
        return out;
    }

    private List<Camera> fromVideo4Linux() {
        Path dir = sys.resolve("class/video4linux");
        List<Camera> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> nodes = Files.list(dir)) {
            for (Path node : (Iterable<Path>) nodes::iterator) {
                String n = node.getFileName().toString();
                if (n.matches("video\\d+") && isVcam(node)) {
                    List<String> name = readLines(node.resolve("name"));
                    out.add(new Camera(Integer.parseInt(n.substring(5)), name.isEmpty() ? "" : name.get(0).trim(), -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    private static boolean isVcam(Path node) {
        for (String link : new String[] {"device/driver", "device/device/driver"}) {
            Path p = node.resolve(link);
            try {
                if (Files.isSymbolicLink(p) && "vcam".equals(Files.readSymbolicLink(p).getFileName().toString())) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return false;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
