package dev.paperboy.paper;

/** What one upsert did. {@code unchanged} counts records identical to, or older than, what was stored. */
public record UpsertCounts(int inserted, int updated, int unchanged) {
    public static final UpsertCounts NONE = new UpsertCounts(0, 0, 0);

    public UpsertCounts plus(UpsertCounts other) {
        return new UpsertCounts(inserted + other.inserted, updated + other.updated, unchanged + other.unchanged);
    }
}
