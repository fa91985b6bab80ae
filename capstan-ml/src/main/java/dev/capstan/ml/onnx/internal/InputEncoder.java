package dev.capstan.ml.onnx.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a {@link ColumnarBatch} into an ONNX model's input tensors, one row of the batch per row of each tensor.
 *
 * <p><b>One input.</b> If the batch has a column named like the ONNX input whose cells are arrays (a
 * {@code float[][]}, {@code double[][]}, or an {@code Object[]} of arrays or lists), each cell is one row's
 * features, flattened in row-major order. Otherwise every column of the batch, in batch order, is one feature: the
 * columns form the {@code [rows, n]} tensor and their names are ignored. That is what MLflow does when a DataFrame
 * is given to a model with a single tensor input ({@code df.to_numpy()}), so a batch with the columns of
 * {@code rows.csv} or any other names works as long as the order is the training order.
 *
 * <p><b>Several inputs.</b> Each ONNX input takes the column of its name: cells that are arrays as above, or plain
 * values when the input has one feature per row. Other columns are ignored.
 *
 * <p><b>Values.</b> Any Java number is converted to the input's element type (float32, float64, int64, int32):
 * doubles are rounded to float32 as NumPy's {@code astype} does; integer inputs accept only integral values that
 * fit. {@code null} and NaN are missing values, passed as NaN to floating inputs and refused by integer ones.
 * Strings, booleans and other objects are refused with the column and row named.
 *
 * <p><b>Tensors.</b> {@link #encodeTensors} takes tensors already built by a tensor-based signature (from a
 * CSV, say): each ONNX input takes the tensor of its name (or a one-input model the only tensor), whose shape must
 * fit the input's, and its values are converted as above.
 *
 * <p>Values are written to a per-thread direct buffer that is reused across calls (up to 1 MiB; larger batches
 * get a fresh one), which ONNX Runtime reads without copying. The tensors must therefore be closed before the
 * same thread encodes the next batch. Thread-safe.
 */
public final class InputEncoder {

    private static final int MAX_REUSED_BYTES = 1 << 20;
    private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

    private final OrtEnvironment env;
    private final List<OnnxInput> inputs;

    InputEncoder(OrtEnvironment env, List<OnnxInput> inputs) {
        this.env = env;
        this.inputs = List.copyOf(inputs);
    }

    /** The input tensors for {@code batch}, by ONNX input name; the caller closes them. */
    Map<String, OnnxTensor> encode(ColumnarBatch batch) {
        int rows = batch.rowCount();
        List<Part> parts = new ArrayList<>();
        for (Feed feed : plan(batch)) {
            parts.add(new Part(feed.input(), feed.bytes(rows), feed.input().shapeFor(rows, feed.features()),
                    sink -> feed.fill(sink, rows)));
        }
        return tensors(parts);
    }

    /**
     * The input tensors for tensors already shaped by a tensor-based signature: each ONNX input takes the tensor of
     * its name, or a one-input model the only tensor given. Values are converted to the input's element type as
     * for columns; the tensor's shape must fit the input's. The caller closes them.
     */
    Map<String, OnnxTensor> encodeTensors(Map<String, Tensor> given) {
        List<Part> parts = new ArrayList<>();
        for (OnnxInput input : inputs) {
            Tensor tensor = inputs.size() == 1 && given.size() == 1 ? given.values().iterator().next()
                    : given.get(input.name());
            if (tensor == null) {
                throw CapstanException.invalid("Model input '%s' needs a tensor of that name; the model's inputs are "
                        + "%s, found tensors %s", input.name(), inputs.stream().map(OnnxInput::name).toList(),
                        given.keySet());
            }
            long[] shape = input.check(tensor.shape());
            Object data = tensor.dtype().equals("uint8") ? unsigned((byte[]) tensor.data()) : tensor.data();
            long bytes = (long) Array.getLength(data) * input.type().size;
            parts.add(new Part(input, bytes, shape, sink -> write(input, tensor, data, sink)));
        }
        return tensors(parts);
    }

    /** One input tensor to create: its bytes, shape and how to fill them. */
    private record Part(OnnxInput input, long bytes, long[] shape, Consumer<Sink> fill) {
    }

    private Map<String, OnnxTensor> tensors(List<Part> parts) {
        ByteBuffer scratch = scratch(parts.stream().mapToLong(Part::bytes).sum());
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            int offset = 0;
            for (Part part : parts) {
                int bytes = Math.toIntExact(part.bytes());
                ByteBuffer slice = scratch.slice(offset, bytes).order(ByteOrder.nativeOrder());
                part.fill().accept(Sink.over(slice, part.input()));
                tensors.put(part.input().name(), OnnxTensor.createTensor(env, slice, part.shape(),
                        part.input().type()));
                offset += bytes;
            }
            return tensors;
        } catch (OrtException e) {
            OnnxValue.close(tensors);
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "ONNX Runtime refused the input tensors: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            OnnxValue.close(tensors);
            throw e;
        }
    }

    private static void write(OnnxInput input, Tensor tensor, Object data, Sink sink) {
        int bad = Values.write(data, sink, 0, 1);
        if (bad != Values.OK) {
            long perRow = tensor.shape().size() < 2 ? 1
                    : tensor.shape().subList(1, tensor.shape().size()).stream().mapToLong(Long::longValue)
                    .reduce(1L, Math::multiplyExact);
            throw CapstanException.invalid("Model input '%s' (%s): element %d of the %s tensor (row %d) holds %s, "
                    + "which %s cannot hold", input.name(), input.dtype(), bad, tensor.dtype(),
                    perRow == 0 ? 0 : bad / perRow, Values.get(data, bad), input.dtype());
        }
    }

    private static int[] unsigned(byte[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] & 0xFF;
        }
        return out;
    }

    private List<Feed> plan(ColumnarBatch batch) {
        if (inputs.size() == 1) {
            OnnxInput input = inputs.get(0);
            Object own = batch.column(input.name());
            return List.of(own != null && holdsRows(own) ? Feed.ofRows(input, own)
                    : Feed.ofColumns(input, batch.columns()));
        }
        List<Feed> feeds = new ArrayList<>();
        for (OnnxInput input : inputs) {
            Object own = batch.column(input.name());
            if (own == null) {
                throw CapstanException.invalid("Model input '%s' needs a column of that name; the model's inputs are "
                        + "%s, the batch has columns %s", input.name(), inputs.stream().map(OnnxInput::name).toList(),
                        batch.columns().keySet());
            }
            feeds.add(holdsRows(own) ? Feed.ofRows(input, own) : Feed.ofColumns(input, Map.of(input.name(), own)));
        }
        return feeds;
    }

    private static boolean holdsRows(Object column) {
        if (column.getClass().getComponentType().isArray()) {
            return true;
        }
        return column instanceof Object[] cells && cells.length > 0 && Values.isRow(cells[0]);
    }

    private static ByteBuffer scratch(long bytes) {
        if (bytes > MAX_REUSED_BYTES) {
            if (bytes > Integer.MAX_VALUE) {
                throw CapstanException.invalid("The batch needs %d bytes of input tensors, more than 2 GiB; split it",
                        bytes);
            }
            return ByteBuffer.allocateDirect((int) bytes);
        }
        ByteBuffer buffer = SCRATCH.get();
        if (buffer == null || buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect((int) Math.max(bytes, 4096));
            SCRATCH.set(buffer);
        }
        return buffer;
    }
}
