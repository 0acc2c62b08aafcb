package org.deepseaguard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The offline check of an evidence package exactly as docs/evidence.md writes it (the bash block
 * after the {@code verify-evidence} marker), run with bash, unzip, sha256sum and jq in a directory.
 */
public final class EvidenceScript {

    /** What the script printed and how it ended. */
    public record Result(int exitCode, String output) {

        public boolean verified() {
            return exitCode == 0 && output.contains("evidence package verified");
        }
    }

    private EvidenceScript() {
    }

    /** Writes {@code zip} as {@code dir/evidence.zip} and runs the documented script in {@code dir}. */
    public static Result run(Path dir, byte[] zip) throws IOException, InterruptedException {
        Files.write(dir.resolve("evidence.zip"), zip);
        String doc = Files.readString(Path.of("docs/evidence.md"));
        Matcher block = Pattern.compile("<!-- verify-evidence -->\\s*```bash\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find()).as("docs/evidence.md holds the verification script").isTrue();
        Files.writeString(dir.resolve("verify.sh"), block.group(1));
        Path out = dir.resolve("verify.out");
        Process process = new ProcessBuilder("bash", "verify.sh").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
        return new Result(process.exitValue(), Files.readString(out));
    }

    /** The files of a zip, by name, in order. */
    public static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
