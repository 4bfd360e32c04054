package dev.paperboy.search;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors as bytes (float32, little-endian), the form they are stored in the database and in files. */
public final class Vectors {
    private Vectors() {}

    public static byte[] toBytes(float[] vector) {
        var buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
