package org.deepseaguard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Where the load generator ran: processors, CPU model, Java, the checkout's commit, load average. */
record MachineInfo(int nproc, String cpu, String java, String commit) {

    static MachineInfo read() {
        String cpu = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException ignored) {
            // not Linux
        }
        String java = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
        String commit = command("git", "rev-parse", "--short", "HEAD");
        if (commit == null) {
            commit = "unknown";
        } else {
            String changes = command("git", "status", "--porcelain", "--untracked-files=no");
            if (changes != null && !changes.isEmpty()) {
                commit += "-dirty";
            }
        }
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpu, java, commit);
    }

    /** The 1-minute load average, or -1. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
