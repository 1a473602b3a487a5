package org.tonbo4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Describes the machine and JVM a run is on, from the JVM's properties and {@code /proc}. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String describe(Path dataDir) {
        Runtime rt = Runtime.getRuntime();
        StringBuilder sb = new StringBuilder();
        sb.append("- CPU: ").append(rt.availableProcessors()).append(" cores available to the JVM");
        String model = procField("/proc/cpuinfo", "model name");
        if (model != null) {
            sb.append(", ").append(model);
        }
        sb.append('\n');
        String mem = procField("/proc/meminfo", "MemTotal");
        sb.append("- memory: ").append(mem == null ? "?" : mem).append(String.format(Locale.ROOT, "; JVM max heap %,d MiB%n", rt.maxMemory() >> 20));
        sb.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(" (").append(System.getProperty("java.vm.vendor")).append(")\n");
        sb.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch"));
        String pretty = osRelease();
        if (pretty != null) {
            sb.append(" (").append(pretty).append(')');
        }
        sb.append('\n');
        try {
            sb.append("- data directory: ").append(dataDir).append(" on ").append(Files.getFileStore(dataDir).type())
                    .append(" (").append(Files.getFileStore(dataDir).name()).append(")\n");
        } catch (IOException e) {
            sb.append("- data directory: ").append(dataDir).append('\n');
        }
        sb.append("- JVM flags: ").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return sb.toString();
    }

    private static String procField(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(field)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String osRelease() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String l : lines) {
                if (l.startsWith("PRETTY_NAME=")) {
                    return l.substring(12).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
