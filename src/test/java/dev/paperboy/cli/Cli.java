package dev.paperboy.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a {@code paperboy} command in this JVM, as a user would, and keeps what it printed. */
final class Cli {
    private Cli() {}

    /** The exit status, stdout, and the lines the command itself wrote to stderr (without the libraries' log lines). */
    record Run(int status, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            // What the command says, without the log lines of the libraries it uses.
            return new Run(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8)
                    .lines().filter(l -> l.startsWith("paperboy:")).reduce("", (a, b) -> a + b + "\n"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
