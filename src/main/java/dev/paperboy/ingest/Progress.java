package dev.paperboy.ingest;

/** Receives how far a long job has got, in units the job chose (bytes of input, records). */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> {};

    /** @param total the amount of work in all, or -1 when unknown */
    void advance(long done, long total);
}
