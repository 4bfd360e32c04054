package dev.paperboy;

import dev.paperboy.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A CLI job as its own JVM, killed with SIGKILL at random moments and run again: what the kill-loop tests share. CI
 * kills each job {@value #CI_KILLS} times; {@code scripts/kill-loops.sh} runs the same tests with
 * {@code -Dpaperboy.kill-loops=20} and prints where each kill landed.
 */
public final class KillLoop {
    static final int CI_KILLS = 3;
    public static final int KILLS = Integer.getInteger("paperboy.kill-loops", CI_KILLS);

    private final String job;
    private final Path dir;
    private final Map<String, String> env;
    private final Random random = new Random(Long.getLong("paperboy.kill-loops.seed", 20261130L));
    private final List<String> landed = new ArrayList<>();
    private int runs;

    /**
     * @param job what the figures are printed under
     * @param dir where the logs go (and a JVM's crash report)
     * @param env settings for every run, as environment variables
     */
    public KillLoop(String job, Path dir, Map<String, String> env) {
        this.job = job;
        this.dir = dir;
        this.env = env;
    }

    /** Starts {@code paperboy ARGS} as its own JVM, its output into a log file. */
    public Process start(String... args) throws IOException {
        var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.paperboy.cli.Main"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(job + "-" + (++runs) + ".log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The output of the last run started. */
    public String lastLog() throws IOException {
        return Files.readString(dir.resolve(job + "-" + runs + ".log"), StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code paperboy ARGS} and kills it with SIGKILL at a random moment; returns whether it was still running
     * then. Every other kill lands anywhere from the JVM's start up to {@code run} (often while it starts: opening
     * the database, migrating, resuming); the others land up to {@code work} after {@code progress} (rows, mails,
     * requests) first moved, i.e. while the job does its work.
     */
    public boolean killSomewhereIn(Duration run, Duration work, LongSupplier progress, String... args) throws Exception {
        long initial = progress.getAsLong();
        Process process = start(args);
        boolean whileWorking = landed.size() % 2 == 1;
        long waited = 0;
        if (whileWorking) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            long t0 = System.nanoTime();
            while (process.isAlive() && progress.getAsLong() == initial && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            waited = (System.nanoTime() - t0) / 1_000_000;
        }
        long delay = (long) (random.nextDouble() * (whileWorking ? work : run).toMillis());
        boolean exited = process.waitFor(delay, TimeUnit.MILLISECONDS);
        long before = progress.getAsLong();
        process.destroyForcibly();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            throw new AssertionError(job + ": a SIGKILLed process did not exit");
        }
        landed.add(String.format(Locale.ROOT, "%s kill %2d at %6d ms%s: %s (%d → %d done)", job, landed.size() + 1, waited + delay,
                whileWorking ? " (" + delay + " ms into the work)" : "", exited ? "it had already finished, exit " + process.exitValue() : "killed",
                initial, before));
        return !exited;
    }

    /** Runs {@code paperboy ARGS} to the end; its exit status. */
    public int runToTheEnd(Duration timeout, String... args) throws Exception {
        Process process = start(args);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(job + ": the rerun did not finish within " + timeout + ":\n" + lastLog());
        }
        return process.exitValue();
    }

    /** Prints where each kill landed and the end state's fingerprint: the bench's figures. */
    public void report(String endState) {
        long killed = landed.stream().filter(l -> l.contains(": killed")).count();
        System.out.printf(Locale.ROOT, "%n== kill loop %s: %d kills, %d landed while it ran; end state %s%n", job,
                landed.size(), killed, endState);
        landed.forEach(System.out::println);
    }

    /** Every row of a table as text, without the columns that hold when a run happened; in a stable order. */
    public static List<String> rows(Database database, String table, Set<String> timeColumns) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT * FROM " + table).mapToMap().list()).stream()
                .map(row -> {
                    var kept = new TreeMap<String, Object>(row);
                    kept.keySet().removeAll(timeColumns);
                    return kept.toString();
                })
                .sorted().toList();
    }

    /** A short fingerprint of rows: equal rows, equal fingerprints. */
    public static String fingerprint(List<String> rows) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            rows.forEach(r -> sha.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
            return rows.size() + " rows, sha256 " + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
