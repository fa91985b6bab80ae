package dev.capstan.ml.onnx.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.ml.ColumnarBatch;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        List<Feed> feeds = plan(batch);
        int rows = batch.rowCount();
        ByteBuffer scratch = scratch(feeds.stream().mapToLong(f -> f.bytes(rows)).sum());
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            int offset = 0;
            for (Feed feed : feeds) {
                int bytes = Math.toIntExact(feed.bytes(rows));
                ByteBuffer slice = scratch.slice(offset, bytes).order(ByteOrder.nativeOrder());
                feed.fill(Sink.over(slice, feed.input()), rows);
                tensors.put(feed.input().name(), OnnxTensor.createTensor(env, slice,
                        feed.input().shapeFor(rows, feed.features()), feed.input().type()));
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
