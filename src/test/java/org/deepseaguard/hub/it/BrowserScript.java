package org.deepseaguard.hub.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser tests' scripts (src/test/browser, playwright-core driving Debian's Chromium): checks
 * that what they need is installed, failing (never skipping) with what is missing, and runs one,
 * bounded in time, its output kept in target/browser-it/&lt;script&gt;.log.
 */
final class BrowserScript {

    static final Path BROWSER_DIR = Path.of("src/test/browser");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path OUTPUT_DIR = Path.of("target/browser-it");
    private static final String SETUP = "run .ci/browser-setup.sh (as root) to install what the browser test needs";

    /** What a script printed, and how it ended (0: every check passed). */
    record Run(int exitCode, String output) {
    }

    private BrowserScript() {
    }

    /** Node 20+, Chromium and playwright-core are there; an AssertionError naming what is missing otherwise. */
    static void requireTools() throws InterruptedException {
        String version;
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new AssertionError("'node --version' did not answer within 30 s");
            }
            version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new AssertionError("node is not installed (Node.js 20 or newer, with npm): the browser tests run "
                    + BROWSER_DIR + "/*.mjs with it (" + e.getMessage() + ")", e);
        }
        Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version);
        assertThat(major.find() && Integer.parseInt(major.group(1)) >= 20)
                .as("node is %s; the browser test needs Node.js 20 or newer", version).isTrue();
        assertThat(Files.isExecutable(CHROMIUM))
                .as("%s is missing: install Debian's package chromium (apt-get install chromium), or %s", CHROMIUM, SETUP)
                .isTrue();
        assertThat(BROWSER_DIR.resolve("node_modules/playwright-core/package.json"))
                .as("playwright-core is not installed in %s/node_modules: run 'npm ci' there, or %s", BROWSER_DIR, SETUP)
                .exists();
    }

    /** {@code node <script> <arguments>} in src/test/browser, killed after {@code timeout}. */
    static Run run(String script, Duration timeout, String... arguments) throws IOException, InterruptedException {
        Files.createDirectories(OUTPUT_DIR);
        Path log = OUTPUT_DIR.resolve(script.replace(".mjs", ".log")).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        Process node = new ProcessBuilder(command)
                .directory(BROWSER_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long started = System.nanoTime();
        boolean done = node.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        System.out.printf("%s (%d ms):%n%s%n", script, (System.nanoTime() - started) / 1_000_000, output);
        if (!done) {
            throw new AssertionError(script + " did not finish within " + timeout + "; its output:\n" + output);
        }
        return new Run(node.exitValue(), output);
    }
}
