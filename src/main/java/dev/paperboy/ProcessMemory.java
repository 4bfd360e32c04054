package dev.paperboy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory beside the Java heap's. Most of a serving node's memory is outside the heap (the
 * embedding model in ONNX Runtime, Lucene's memory-mapped index), so the heap alone says little about what a
 * machine must provide.
 */
public final class ProcessMemory {
    private ProcessMemory() {}

    /** Resident set size in bytes, from {@code /proc/self/status}; -1 where that file does not exist. */
    public static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** "RSS 812 MiB; Java heap 96 MiB used of 256 MiB". */
    public static String describe() {
        Runtime runtime = Runtime.getRuntime();
        long rss = residentBytes();
        return (rss < 0 ? "RSS unknown" : String.format("RSS %,d MiB", rss >> 20))
                + String.format("; Java heap %,d MiB used of %,d MiB", (runtime.totalMemory() - runtime.freeMemory()) >> 20,
                        runtime.totalMemory() >> 20);
    }
}
