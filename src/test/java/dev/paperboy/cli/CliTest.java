package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: the real commands in-process, printing to captured stdout and stderr. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int status = Main.run(dev.paperboy.TestDatabases.cli(args));
            return new Run(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path fixture() {
        return TestApp.shared("fixtures/arxiv/kaggle-snapshot/arxiv-metadata-oai-snapshot.head20.jsonl");
    }

    @Test
    void help_lists_every_job() {
        Run run = run("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("serve", "import", "config", "bench");
    }

    @Test
    void config_prints_the_effective_configuration_with_the_data_flag_applied() {
        Run run = run("config", "--data", dir.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("data.dir = " + dir + "    # flag").contains("server.port = 8080");
    }

    @Test
    void import_arxiv_snapshot_prints_a_summary_and_exits_cleanly() {
        Run run = run("import", "arxiv-snapshot", "--data", dir.toString(), fixture().toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("read 20 · inserted 20 · updated 0 · unchanged 0 · skipped 0");
        Run again = run("import", "arxiv-snapshot", "--data", dir.toString(), fixture().toString());
        assertThat(again.out()).contains("read 20 · inserted 0 · updated 0 · unchanged 20 · skipped 0");
    }

    @Test
    void bench_import_times_sqlite_and_postgresql_and_leaves_the_papers_in_postgresql() {
        String url = dev.paperboy.TestDatabases.postgresqlUrl(dir.resolve("pg"));
        Run run = run("bench", "import", fixture().toString(), "--runs", "1", "--database", url);
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("run 1: paperboy on PostgreSQL").contains("paperboy on PostgreSQL: median");
        try (var db = dev.paperboy.store.Database.open(url)) {
            int papers = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM papers").mapTo(Integer.class).one());
            assertThat(papers).isEqualTo(20);
        }
    }

    @Test
    void bench_import_refuses_a_database_that_is_not_postgresql() {
        Run run = run("bench", "import", fixture().toString(), "--database", "sqlite:" + dir);
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--database must be a postgresql:// URL");
    }

    @Test
    void a_bad_line_is_reported_with_its_line_number_and_the_exit_status_says_so() throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(fixture()));
        lines.set(2, "{\"id\": \"0704.0003\", \"title\": ");
        Path file = dir.resolve("broken.jsonl");
        Files.write(file, lines);
        Run run = run("import", "arxiv-snapshot", "--data", dir.resolve("data").toString(), file.toString());
        assertThat(run.status()).isEqualTo(3);
        assertThat(run.err()).contains("broken.jsonl:3: invalid JSON");
        assertThat(run.out()).contains("inserted 19").contains("skipped 1");
    }

    @Test
    void a_job_that_reads_the_catalogue_says_a_mistyped_data_directory_holds_nothing_and_creates_nothing() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.paperboy.TestDatabases.postgresql(), "on PostgreSQL the catalogue is not in the data directory");
        Path typo = dir.resolve("dta");
        for (String[] job : List.of(new String[] {"evaluate", "navigational", "--no-embeddings"},
                new String[] {"embed"}, new String[] {"export", "embeddings", dir.resolve("out.jsonl.gz").toString()})) {
            var args = new java.util.ArrayList<>(List.of(job));
            args.addAll(List.of("--data", typo.toString()));
            Run run = run(args.toArray(String[]::new));

            assertThat(run.status()).as(String.join(" ", job)).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).contains("no Paperboy data in " + typo.toAbsolutePath(), "--data DIR")
                    .doesNotContain("\tat ", "Exception");
            assertThat(typo).doesNotExist();
        }
    }

    @Test
    void a_missing_file_gives_one_clear_line() {
        Run run = run("import", "arxiv-snapshot", "--data", dir.toString(), dir.resolve("nope.jsonl").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("paperboy: cannot open").contains("nope.jsonl").doesNotContain("\tat ");
    }

    @Test
    void importing_while_the_server_runs_on_the_same_data_directory_shows_up_on_the_site() {
        try (var server = TestApp.empty().start()) {
            assertThat(server.get("/papers/0704.0001").statusCode()).isEqualTo(404);
            Run run = run("import", "arxiv-snapshot", "--data", server.dataDir().toString(), fixture().toString());
            assertThat(run.status()).isZero();
            var page = server.get("/papers/0704.0001");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Calculation of prompt diphoton production cross sections");
        }
    }

    @Test
    void bench_reads_measures_one_node_and_then_both_and_prints_the_ratio() {
        try (var first = TestApp.withDemo().start(); var second = TestApp.withDemo().start()) {
            String ports = java.net.URI.create(first.baseUrl()).getPort() + "," + java.net.URI.create(second.baseUrl()).getPort();
            Run run = run("bench", "reads", "--ports", ports, "--clients", "4", "--seconds", "1");
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("43 routes").containsPattern("1 node: +[0-9,]+ reads in")
                    .containsPattern("2 nodes: [0-9,]+ reads in .* errors 0").contains("ratio: 2 nodes serve");
        }
    }

    @Test
    void import_hf_daily_reads_a_folder_of_daily_files() throws IOException {
        Path days = dir.resolve("days");
        Files.createDirectories(days);
        for (String day : List.of("2025-12-30", "2025-12-31")) {
            Files.copy(TestApp.shared("data/hf-daily/" + day + ".json.gz"), days.resolve(day + ".json.gz"));
        }
        Run run = run("import", "hf-daily", "--data", dir.resolve("data").toString(), days.toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).containsPattern("read (\\d+) · inserted \\1 ");
    }

    @Test
    void a_read_only_data_directory_is_named_in_one_line_with_what_to_do() throws IOException {
        Path readOnly = dir.resolve("readonly");
        Files.createDirectories(readOnly);
        Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root: nothing is read-only");
            Run run = run("import", "arxiv-snapshot", "--data", readOnly.toString(), fixture().toString());

            assertThat(run.status()).isEqualTo(4);
            assertThat(run.err().strip().lines()).hasSizeLessThanOrEqualTo(2);
            assertThat(run.err()).contains(readOnly.toAbsolutePath().toString(), "not writable", "--data")
                    .doesNotContain("\tat ", "Exception");
        } finally {
            Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void a_data_directory_that_cannot_be_created_is_named_in_one_line_with_what_to_do() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.paperboy.TestDatabases.postgresql(), "on PostgreSQL the import does not need the data directory");
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

        Run run = run("import", "arxiv-snapshot", "--data", file.resolve("data").toString(), fixture().toString());

        assertThat(run.status()).isEqualTo(4);
        assertThat(run.err().strip().lines()).hasSizeLessThanOrEqualTo(2);
        assertThat(run.err()).contains(file.resolve("data").toAbsolutePath().toString(), "--data").doesNotContain("\tat ", "Exception");
    }

    @Test
    void serving_on_a_port_in_use_fails_at_once_before_touching_the_data_directory() throws IOException {
        try (var taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path data = dir.resolve("serve-data");

            Run run = run("serve", "--data", data.toString(), "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.status()).isEqualTo(5);
            assertThat(run.err().strip().lines()).hasSizeLessThanOrEqualTo(2);
            assertThat(run.err()).contains("port " + taken.getLocalPort(), "already in use", "--port").doesNotContain("\tat ");
            // Detected before the database was created and the demo loaded.
            assertThat(data.resolve("paperboy.db")).doesNotExist();
        }
    }

    @Test
    void a_malformed_date_is_one_line_naming_the_format_not_a_java_exception() {
        Run run = run("digest", "send", "--data", dir.toString(), "--as-of", "2025-13-45");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSizeLessThanOrEqualTo(2);
        assertThat(run.err()).contains("'2025-13-45' is not a date", "YYYY-MM-DD").doesNotContain("DateTimeParseException", "\tat ");
    }

    @Test
    void evaluate_beir_refuses_a_client_count_out_of_range_in_one_line() throws IOException {
        Path beir = beirFolder();
        for (String bad : List.of("0", "8,-1", "5000")) {
            Run run = run("evaluate", "beir", beir.toString(), "--mode", "bm25", "--clients", bad);

            assertThat(run.status()).as(bad).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).contains("--clients must be between 1 and 1024").doesNotContain("\tat ");
        }
        Run notANumber = run("evaluate", "beir", beir.toString(), "--clients", "many");
        assertThat(notANumber.status()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'many'").doesNotContain("\tat ");
    }

    @Test
    void evaluate_beir_with_clients_prints_the_throughput_of_each_mode_and_client_count() throws IOException {
        Run run = run("evaluate", "beir", beirFolder().toString(), "--mode", "bm25", "--clients", "1,3");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("bm25 nDCG@10=1.0000", "embedded bm25 clients=1 queries=2 qps=",
                "embedded bm25 clients=3 queries=2 qps=");
    }

    /** A BEIR folder of three abstracts and two queries, each judged to find one of them. */
    private Path beirFolder() throws IOException {
        Path beir = dir.resolve("beir");
        Files.createDirectories(beir.resolve("qrels"));
        Files.writeString(beir.resolve("corpus.jsonl"), """
                {"_id": "d1", "title": "Graphene membranes", "text": "Water passes through graphene oxide membranes."}
                {"_id": "d2", "title": "Protein folding", "text": "Chaperones help proteins fold in the cell."}
                {"_id": "d3", "title": "Tidal energy", "text": "Turbines harvest the energy of ocean tides."}
                """);
        Files.writeString(beir.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "graphene membranes for water"}
                {"_id": "q2", "text": "how chaperones fold proteins"}
                """);
        Files.writeString(beir.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n");
        return beir;
    }

    @Test
    void an_unreadable_file_is_named_without_java_class_names() {
        Run run = run("import", "hf-daily", "--data", dir.toString(), dir.resolve("missing-folder").toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSizeLessThanOrEqualTo(2);
        assertThat(run.err()).contains("missing-folder").doesNotContain("java.io", "IOException", "\tat ");
    }
}
