package jx.stdlib;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import jx.array.Budget;

/**
 * Reads a stream whose length is not known in advance (an .npz member being inflated) while checking
 * the memory budget as it grows, so that a zip bomb is a MemoryError within seconds rather than a
 * heap exhausted minutes later.
 */
final class BoundedRead {
    private static final int CHECK_EVERY = 64 << 20;

    private BoundedRead() {
    }

    static byte[] readAll(InputStream in, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        long nextCheck = CHECK_EVERY;
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            out.write(chunk, 0, n);
            if (out.size() >= nextCheck) {
                // The stream's buffer doubles and toByteArray copies it: three times the size at the peak.
                Budget.bytes(3.0 * out.size(), what);
                nextCheck += CHECK_EVERY;
            }
        }
        return out.toByteArray();
    }
}
