package jx.array;

/**
 * A complex array's elements as two real buffers of one backend (complex64: two float32 buffers).
 * Complex arithmetic is composed from the backends' real kernels ({@link ComplexOps}), so no
 * backend sees a complex dtype; one handed this buffer fails loudly as a buffer not its own.
 */
public record ComplexBuffer(Backend.Buffer re, Backend.Buffer im) implements Backend.Buffer {
    public ComplexBuffer {
        if (re.dtype() != im.dtype() || !re.dtype().isFloat() || re.size() != im.size()) {
            throw new IllegalArgumentException("complex parts " + re.dtype() + "[" + re.size() + "] and "
                    + im.dtype() + "[" + im.size() + "]");
        }
    }

    @Override
    public DType dtype() {
        return re.dtype().complexType();
    }

    @Override
    public int size() {
        return re.size();
    }
}
