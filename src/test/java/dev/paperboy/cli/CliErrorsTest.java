package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mistake a user can make on the command line, run through the real CLI in-process: the whole output (the
 * log included) is one or two lines saying what is wrong and what to do, with no Java class names or stack frames,
 * and the exit status the README documents for it.
 */
class CliErrorsTest {
    @TempDir
    Path dir;

    record Run(int status, String output) {}

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var bytes = new ByteArrayOutputStream();
        try {
            // One stream, as a terminal shows them: the log goes to stderr too.
            var both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            int status = Main.run(args);
            return new Run(status, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static void assertOneClearFailure(Run run, int status, String... mentions) {
        assertThat(run.status()).as(run.output()).isEqualTo(status);
        assertThat(run.output().strip().lines()).as(run.output()).hasSizeBetween(1, 2);
        assertThat(run.output()).startsWith("paperboy: ").contains(mentions)
                .doesNotContain("Exception", "\tat ", "java.", "Caused by");
    }

    private static Path snapshot() {
        return TestApp.shared("fixtures/arxiv/kaggle-snapshot/arxiv-metadata-oai-snapshot.head20.jsonl");
    }

    private Path config(String line) throws IOException {
        return Files.writeString(dir.resolve("paperboy.properties"), line + "\n");
    }

    @Test
    void an_unknown_flag_names_the_flag_and_where_the_options_are() {
        assertOneClearFailure(run("serve", "--data", dir.toString(), "--prot", "8080"), 2, "'--prot'", "serve --help");
    }

    @Test
    void a_malformed_date_shows_the_format() {
        assertOneClearFailure(run("digest", "send", "--data", dir.toString(), "--as-of", "2025-13-45"), 2,
                "'2025-13-45' is not a date", "YYYY-MM-DD");
        assertOneClearFailure(run("harvest", "--data", dir.toString(), "--from", "2025-02-30"), 2,
                "'2025-02-30' is not a date", "YYYY-MM-DD");
    }

    @Test
    void a_value_outside_its_choices_is_refused_before_anything_starts() {
        assertOneClearFailure(run("digest", "send", "--data", dir.toString(), "--frequency", "hourly"), 2,
                "'hourly'", "daily or weekly");
    }

    @Test
    void a_missing_input_file_is_named() {
        Path missing = dir.resolve("nope.jsonl");
        assertOneClearFailure(run("import", "arxiv-snapshot", "--data", dir.resolve("data").toString(), missing.toString()), 2,
                missing.toString());
        assertOneClearFailure(run("import", "embeddings", "--data", dir.resolve("data").toString(), missing.toString()), 2,
                missing.toString());
    }

    @Test
    void an_input_that_cannot_be_read_says_why() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder.jsonl"));
        assertOneClearFailure(run("import", "arxiv-snapshot", "--data", dir.resolve("data").toString(), folder.toString()), 2,
                folder.toString(), "directory");
    }

    @Test
    void an_output_that_cannot_be_written_says_why() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertOneClearFailure(run("backup", "--data", dir.resolve("data").toString(), file.resolve("backup").toString()), 2,
                file.resolve("backup").toString(), "Not a directory");
    }

    @Test
    void a_missing_config_file_or_a_folder_given_as_one_is_named() {
        assertOneClearFailure(run("config", "--config", dir.resolve("missing.properties").toString()), 2,
                "missing.properties", "does not exist", "--config FILE");
        assertOneClearFailure(run("config", "--config", dir.toString()), 2, dir.toString(), "is a directory");
    }

    @Test
    void a_bad_configuration_value_names_the_key_and_what_it_must_be() throws IOException {
        assertOneClearFailure(run("serve", "--config", config("server.port=eighty").toString(), "--data", dir.toString()), 2,
                "server.port", "whole number", "'eighty'");
        assertOneClearFailure(run("harvest", "--config", config("harvest.format=MARC").toString(), "--data", dir.toString()), 2,
                "harvest.format", "arXivRaw or arXiv", "'MARC'");
        assertOneClearFailure(run("config", "--config", config("server.prot=8080").toString()), 2,
                "'server.prot'", "paperboy config");
    }

    @Test
    void a_port_that_does_not_exist_is_a_usage_error() {
        assertOneClearFailure(run("serve", "--data", dir.toString(), "--port", "99999"), 2, "port 99999", "--port N");
    }

    @Test
    void a_port_in_use_is_noticed_before_the_data_directory_is_opened() throws IOException {
        try (var taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path data = dir.resolve("serve-data");
            assertOneClearFailure(run("serve", "--data", data.toString(), "--host", "127.0.0.1",
                    "--port", Integer.toString(taken.getLocalPort())), 5, "port " + taken.getLocalPort(), "already in use", "--port N");
            assertThat(data.resolve("paperboy.db")).as("nothing loaded before the port was checked").doesNotExist();
        }
    }

    @Test
    void a_data_directory_inside_a_file_is_named() throws IOException {
        Assumptions.assumeFalse(dev.paperboy.TestDatabases.postgresql(), "on PostgreSQL the import does not need the data directory");
        Path data = Files.writeString(dir.resolve("a-file"), "x").resolve("data");
        assertOneClearFailure(run("import", "arxiv-snapshot", "--data", data.toString(), snapshot().toString()), 4,
                data.toString(), "--data DIR");
    }

    @Test
    void a_read_only_data_directory_is_named_for_every_command() throws Exception {
        Assumptions.assumeFalse(dev.paperboy.TestDatabases.postgresql(), "on PostgreSQL the database is not in the data directory");
        Path data = Files.createDirectories(dir.resolve("read-only"));
        run("import", "arxiv-snapshot", "--data", data.toString(), snapshot().toString());
        boolean immutable = makeReadOnly(data);
        try {
            Assumptions.assumeTrue(!Files.isWritable(data) || immutable, "cannot make a directory read-only here");
            assertOneClearFailure(run("import", "arxiv-snapshot", "--data", data.toString(), snapshot().toString()), 4,
                    data.toString(), "not writable", "--data DIR");
            assertOneClearFailure(run("user", "list", "--data", data.toString()), 4, data.toString(), "not writable");
            assertOneClearFailure(run("serve", "--data", data.toString(), "--host", "127.0.0.1", "--port", "0"), 4,
                    data.toString(), "not writable");
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", data.toString()).start().waitFor();
            }
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Root writes everywhere, so there the directory is made immutable; returns whether it was. */
    private static boolean makeReadOnly(Path data) throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (Files.isWritable(data)) {
            try {
                var chattr = new ProcessBuilder("chattr", "+i", data.toString()).redirectErrorStream(true).start();
                chattr.getInputStream().readAllBytes();
                return chattr.waitFor() == 0 && !canCreateIn(data);
            } catch (IOException noChattr) {
                return false;
            }
        }
        return false;
    }

    private static boolean canCreateIn(Path data) {
        try {
            Files.delete(Files.createFile(data.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void an_unreachable_database_server_is_a_network_error() {
        assertOneClearFailure(run("user", "list", "--data", dir.toString(), "--database", "postgresql://paperboy:secret@127.0.0.1:1/paperboy"),
                5, "127.0.0.1:1");
    }
}
