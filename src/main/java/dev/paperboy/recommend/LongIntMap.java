package dev.paperboy.recommend;

import java.util.Arrays;

/** An open-addressing map from long keys to int values: counting millions of bigrams without boxing. */
public final class LongIntMap {
    private static final long EMPTY = Long.MIN_VALUE;
    private long[] keys;
    private int[] values;
    private int size;

    LongIntMap(int capacity) {
        int n = Integer.highestOneBit(Math.max(16, capacity * 2) - 1) << 1;
        keys = new long[n];
        values = new int[n];
        Arrays.fill(keys, EMPTY);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        int mask = keys.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (keys[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    void add(long key, int delta) {
        int i = slot(key);
        if (keys[i] == EMPTY) {
            keys[i] = key;
            if (++size * 2 > keys.length) {
                values[i] = delta;
                grow();
                return;
            }
        }
        values[i] += delta;
    }

    void put(long key, int value) {
        int i = slot(key);
        if (keys[i] == EMPTY) {
            keys[i] = key;
            values[i] = value;
            if (++size * 2 > keys.length) {
                grow();
            }
        } else {
            values[i] = value;
        }
    }

    /** The value, or {@code missing}. */
    int get(long key, int missing) {
        int i = slot(key);
        return keys[i] == EMPTY ? missing : values[i];
    }

    int size() {
        return size;
    }

    interface Visitor {
        void visit(long key, int value);
    }

    void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                visitor.visit(keys[i], values[i]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }
}
