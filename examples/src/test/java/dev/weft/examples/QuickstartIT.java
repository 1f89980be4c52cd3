package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, as a newcomer follows it: the example built by Maven against the
 * installed Weft artifacts (maven-invoker-plugin, before this test), then the README's two
 * {@code java} command lines run by bash, word for word, in the example's folder: two JVMs that
 * share one session by its key. Only the ports differ from a user's run: {@code JAVA_TOOL_OPTIONS}
 * names a Hazelcast configuration on ports 5751-5759, away from the other tests' members.
 */
class QuickstartIT {

    private static final String COMMAND_START = "java -javaagent:target/weft-agent.jar ";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern KEY = Pattern.compile("(?m)^key: ([A-Za-z0-9]+)$");

    @Test
    void twoJvmsShareOneSessionByItsKey(@TempDir Path dir) throws Exception {
        List<String> commands = readme().blocksUnder("Your first clustered program").stream()
                .flatMap(block -> block.lines().stream()).filter(line -> line.startsWith(COMMAND_START)).toList();
        assertEquals(2, commands.size(), "the quickstart's two java commands in README.md: " + commands);
        assertEquals(commands.get(0) + " <key>", commands.get(1), "the second command is the first with the key");

        Path folder = Path.of(System.getProperty("weft.examples.built"), "quickstart");
        assertTrue(Files.isRegularFile(folder.resolve("target/weft-agent.jar")), "the quickstart was built in " + folder);
        Path config = dir.resolve("hazelcast.yaml");
        try (InputStream yaml = QuickstartIT.class.getResourceAsStream("/quickstart-hazelcast.yaml")) {
            Files.copy(yaml, config, StandardCopyOption.REPLACE_EXISTING);
        }

        try (Jvm first = Jvm.start(commands.get(0), folder, config, dir.resolve("first"))) {
            Matcher printed = first.await(KEY);
            String key = printed.group(1);
            try (Jvm second = Jvm.start(commands.get(1).replace("<key>", key), folder, config, dir.resolve("second"))) {
                second.closeInput();
                assertEquals(0, second.awaitExit(), second.describe());
                String said = second.output();
                assertFalse(said.contains("no session has this key"), second.describe());
                assertTrue(said.contains("cart: [apple]\ncart: [apple, pear]\n"), second.describe());
                assertTrue(second.errors().contains("Weft started Hazelcast member [127.0.0.1]:575"), second.describe());
            }
            first.pressEnter();
            assertEquals(0, first.awaitExit(), first.describe());
            String said = first.output();
            assertTrue(said.startsWith("cart: [apple]\nkey: " + key + "\n"), first.describe());
            assertTrue(said.endsWith(" then press Enter here.\ncart: [apple, pear]\n"), first.describe());
            assertTrue(first.errors().contains("Weft started Hazelcast member [127.0.0.1]:575"), first.describe());
        }
    }

    private static Readme readme() {
        return Readme.load();
    }

    /** One JVM started by bash from a README command line; killed on close if still running. */
    private static final class Jvm implements AutoCloseable {
        private final String command;
        private final Process process;
        private final Path out;
        private final Path err;

        private Jvm(String command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Starts {@code command}; its standard output and error go to {@code logs}.out and .err. */
        static Jvm start(String command, Path folder, Path config, Path logs) throws IOException {
            Path out = Path.of(logs + ".out");
            Path err = Path.of(logs + ".err");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + command).directory(folder.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            // The java of this JVM, whichever the PATH would find first, and the test's ports.
            env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", ""));
            env.put("JAVA_TOOL_OPTIONS", "-Dhazelcast.config=" + config + " -Djava.net.preferIPv4Stack=true");
            return new Jvm(command, builder.start(), out, err);
        }

        Matcher await(Pattern pattern) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher matcher = pattern.matcher(output());
                if (matcher.find()) {
                    return matcher;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("exited with " + process.exitValue() + " before printing " + pattern
                            + ": " + describe());
                }
                Thread.sleep(50);
            }
            throw new AssertionError("printed no " + pattern + " in " + TIMEOUT.toSeconds() + " s: " + describe());
        }

        void pressEnter() throws IOException {
            OutputStream input = process.getOutputStream();
            input.write('\n');
            input.flush();
        }

        void closeInput() throws IOException {
            process.getOutputStream().close();
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + TIMEOUT.toSeconds() + " s: " + describe());
            }
            return process.exitValue();
        }

        /** What it printed on standard output so far. */
        String output() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        /** What it printed on standard error so far (logs). */
        String errors() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        String describe() {
            try {
                return "\n$ " + command + "\n--- standard output:\n" + output() + "--- standard error:\n" + errors();
            } catch (IOException e) {
                return "\n$ " + command + "\n(no output: " + e + ")";
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
