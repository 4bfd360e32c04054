package dev.paperboy.recommend;

/** A sparse vector: term indices in increasing order and their weights. */
public record SparseVector(int[] index, float[] value) {
    public static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

    public int size() {
        return index.length;
    }

    public double dot(SparseVector other) {
        int[] a = index;
        int[] b = other.index;
        double sum = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                sum += (double) value[i++] * other.value[j++];
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }

    /** The dot product with a dense vector. */
    public double dot(double[] dense) {
        double sum = 0;
        for (int i = 0; i < index.length; i++) {
            sum += value[i] * dense[index[i]];
        }
        return sum;
    }

    public double squaredNorm() {
        double sum = 0;
        for (float v : value) {
            sum += (double) v * v;
        }
        return sum;
    }

    /** Adds {@code factor} times this vector to {@code dense}. */
    public void addTo(double[] dense, double factor) {
        for (int i = 0; i < index.length; i++) {
            dense[index[i]] += factor * value[i];
        }
    }

    /** Bytes this vector holds (its two arrays). */
    public long bytes() {
        return 32L + 8L * index.length;
    }
}
