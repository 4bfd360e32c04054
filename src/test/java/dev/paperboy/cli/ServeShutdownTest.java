package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paperboy serve} as a user runs it, stopped with SIGTERM (what systemd, Docker and Ctrl-C send) while the
 * background embedder is inside the native model, or while the server is still loading it. The model used to be
 * freed under the running batch, and the JVM used to exit with a thread inside ONNX Runtime: SIGSEGV in
 * libonnxruntime.so and exit status 134 instead of 143.
 */
class ServeShutdownTest {
    private static final int TERMINATIONS = 20;

    @TempDir
    Path dir;

    @Test
    void sigterm_while_starting_or_embedding_stops_the_server_cleanly_and_quietly_twenty_times_in_twenty() throws Exception {
        Path data = dir.resolve("data");
        var random = new Random(20261130);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < TERMINATIONS; i++) {
            if (Files.exists(data.resolve("paperboy.db"))) {
                execute(data, "DELETE FROM embeddings");  // something to embed again on the next start
            }
            Path log = dir.resolve("serve-" + i + ".log");
            Process server = start(data, log);
            try {
                if (i % 2 == 0) {
                    awaitEmbedding(server, data, log);
                    // A random moment inside the batches that follow, most of it spent in OrtSession.run.
                    Thread.sleep(random.nextInt(1_500));
                } else {
                    // A random moment of start-up: opening the database, indexing, loading the two models.
                    Thread.sleep(500 + random.nextInt(6_000));
                }
            } finally {
                server.destroy();  // SIGTERM
            }
            assertThat(server.waitFor(3, TimeUnit.MINUTES)).as("the server stops after SIGTERM").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            int status = server.exitValue();
            if (status != 143 || output.contains("SIGSEGV") || output.contains("fatal error")) {
                failures.add("run " + i + ": exit status " + status + "\n" + tail(output));
            } else if (output.contains("[ERROR]")) {
                // A stop the user asked for is not a failure: a loop abandoned at shutdown must not log one.
                failures.add("run " + i + ": an error logged while stopping\n" + tail(output));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("hs_err")))
                    .as("JVM crash reports").isEmpty();
        }
        assertThat(failures).as("runs that did not end cleanly with SIGTERM's status 143").isEmpty();
    }

    private Process start(Path data, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ProcessBuilder(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--data", data.toString(), "--port", "0", "--host", "127.0.0.1")
                .directory(dir.toFile())  // where a JVM would write its hs_err crash report
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Short texts make the batches quick, so the test spends its time stopping servers, not embedding.
        command.environment().put("PAPERBOY_SEARCH_MAX_TOKENS", "128");
        command.environment().put("PAPERBOY_SERVER_SECRET", "0123456789abcdef0123456789abcdef-test");
        return command.start();
    }

    // Waits for the server to listen (its shutdown hook is in place) and the first batch to be saved: from then on
    // the backfill thread is embedding the next one.
    private static void awaitEmbedding(Process server, Path data, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited before embedding:\n" + tail(Files.readString(log)));
            }
            if (Files.readString(log).contains("Paperboy is serving") && embedded(data) > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no paper was embedded within 5 minutes:\n" + tail(Files.readString(log)));
    }

    private static long embedded(Path data) {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("paperboy.db"));
                var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM embeddings")) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (SQLException e) {
            return 0;  // the server is still creating its tables, or holds the lock for a moment
        }
    }

    private static void execute(Path data, String sql) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("paperboy.db"))) {
            connection.createStatement().execute(sql);
        }
    }

    private static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 3_000));
    }
}
