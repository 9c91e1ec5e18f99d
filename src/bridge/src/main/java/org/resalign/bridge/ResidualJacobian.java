package org.resalign.bridge;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.resalign.core.linalg.LinearOperator;

/**
 * The Residual Jacobian of one basic block at one input (paper §1.3),
 * {@code J_i = σ'(h_i + F(h_i)) · ∂F/∂h_i}, as a matrix-free {@link LinearOperator}.
 *
 * <p>With {@code F(h) = BN₂(W₂ σ(BN₁(W₁ h)))}, batch norm in inference mode ({@code BN(z) = γ(z−μ)/√(v+ε) + β}) and
 * {@code σ} the ReLU, the chain rule gives
 * <pre>
 *   J_i = diag(m₂ ⊙ s₂) · W₂ · diag(m₁ ⊙ s₁) · W₁,      s = γ/√(v+ε),
 *   m₁ = 1[BN₁(W₁h) > 0],   m₂ = 1[h + F(h) > 0]   (1[F(h) > 0] without a skip connection),
 * </pre>
 * where {@code W₁, W₂} are the block's dense layers or 3×3 convolutions, both linear (no bias). {@code W·x} is
 * DL4J's own forward pass of the layer and {@code Wᵀ·y} its own backpropagation, so the same operator serves
 * fully-connected blocks ({@code D = 512}) and convolutional ones ({@code D = 64·16·16 = 16384}), whose matrix is
 * never formed; {@link #dense()} forms it when it is small. Everything is in double precision. Tests hold it
 * against central finite differences of the block's full nonlinear forward pass ({@link BlockFunction}).
 *
 * <p>For fully-connected blocks the same products are computed from the layers' weight matrices by OpenBLAS
 * ({@link Blas}) instead of through DL4J's layers: {@code J·x = diag(m₂⊙s₂)·W₂ᵀ·diag(m₁⊙s₁)·W₁ᵀ·x} with DL4J's
 * {@code [nIn, nOut]} weights, which spares two array allocations and several ops per product, and
 * {@link #dense()} is one product. A test holds this route against DL4J's.
 */
public final class ResidualJacobian implements LinearOperator {

    private final Layer first;
    private final Layer second;
    private final long[] inShape;
    private final long[] hiddenShape;
    private final long[] outShape;
    private final INDArray inner;
    private final INDArray outer;
    private final int rows;
    private final int cols;
    private final int hidden;
    /** Fully-connected blocks: {@code W₁} ({@code cols × hidden}) and {@code W₂} ({@code hidden × rows}), row-major; else null. */
    private final double[] w1;
    private final double[] w2;
    private final double[] innerScale;
    private final double[] outerScale;

    /**
     * @param first       {@code W₁} (a DL4J layer in a double-precision graph)
     * @param second      {@code W₂}
     * @param inShape     shape of one input vector ({@code [D]} or {@code [c, h, w]})
     * @param hiddenShape shape of {@code W₁h}
     * @param outShape    shape of {@code W₂·} and of the block output
     * @param inner       {@code m₁ ⊙ s₁}, one value per element of the hidden representation
     * @param outer       {@code m₂ ⊙ s₂}, one value per element of the output
     * @param weights     a fully-connected block's weights, copied out of its layers once ({@link Weights#of}) so
     *                    that the Jacobians of one block at many inputs share them; {@code null} for a convolutional
     *                    block, whose products run through its layers
     */
    ResidualJacobian(Layer first, Layer second, long[] inShape, long[] hiddenShape, long[] outShape, double[] inner,
            double[] outer, Weights weights) {
        this.first = first;
        this.second = second;
        this.inShape = inShape.clone();
        this.hiddenShape = hiddenShape.clone();
        this.outShape = outShape.clone();
        this.cols = (int) Arrays.stream(inShape).reduce(1, (a, b) -> a * b);
        this.rows = (int) Arrays.stream(outShape).reduce(1, (a, b) -> a * b);
        this.hidden = (int) Arrays.stream(hiddenShape).reduce(1, (a, b) -> a * b);
        if (inner.length != hidden || outer.length != rows) {
            throw new IllegalArgumentException("scale vectors of " + inner.length + " and " + outer.length
                    + " values for a block " + hidden + " wide inside and " + rows + " wide outside");
        }
        this.inner = Nd4j.create(inner, batched(hiddenShape, 1));
        this.outer = Nd4j.create(outer, batched(outShape, 1));
        if (weights != null && (weights.w1().length != cols * hidden || weights.w2().length != hidden * rows)) {
            throw new IllegalArgumentException("weights of " + weights.w1().length + " and " + weights.w2().length
                    + " values for a block " + cols + "→" + hidden + "→" + rows);
        }
        this.w1 = weights == null ? null : weights.w1();
        this.w2 = weights == null ? null : weights.w2();
        this.innerScale = inner.clone();
        this.outerScale = outer.clone();
    }

    /**
     * A fully-connected block's weights in double precision, row-major in DL4J's {@code [nIn, nOut]} layout:
     * {@code W₁} ({@code cols × hidden}) and {@code W₂} ({@code hidden × rows}). Read-only once made.
     */
    record Weights(double[] w1, double[] w2) {

        /** The weights of a block of two dense layers; {@code null} for a convolutional block. */
        static Weights of(Layer first, Layer second) {
            INDArray a = first.getParam(DefaultParamInitializer.WEIGHT_KEY);
            INDArray b = second.getParam(DefaultParamInitializer.WEIGHT_KEY);
            if (a == null || b == null || a.rank() != 2 || b.rank() != 2) {
                return null;
            }
            if (a.columns() != b.rows()) {
                throw new IllegalArgumentException("a dense block of " + a.rows() + "×" + a.columns() + " and "
                        + b.rows() + "×" + b.columns() + " weights");
            }
            return new Weights(a.castTo(DataType.DOUBLE).dup('c').data().asDouble(),
                    b.castTo(DataType.DOUBLE).dup('c').data().asDouble());
        }
    }

    /** Whether the block is fully connected (its products run on OpenBLAS, and may run in parallel). */
    public boolean fullyConnected() {
        return w1 != null;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public synchronized void apply(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, false);
        if (w1 != null) {
            int b = x.numCols;
            double[] t = new double[hidden * b];
            Blas.multiply(true, false, hidden, b, cols, w1, x.data, t);
            scaleRows(t, innerScale, b);
            Blas.multiply(true, false, rows, b, hidden, w2, t, y.data);
            scaleRows(y.data, outerScale, b);
            requireFinite(y.data);
            return;
        }
        applyThroughLayers(x, y);
    }

    /** {@code J·x} through DL4J's own forward pass of the two layers (any block type). */
    synchronized void applyThroughLayers(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, false);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray v = toBatch(x, inShape);
        INDArray a = first.activate(v, false, ws).mul(inner);
        INDArray b = second.activate(a, false, ws).mul(outer);
        fromBatch(b, y);
    }

    @Override
    public synchronized void applyTranspose(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, true);
        if (w1 != null) {
            int b = x.numCols;
            double[] u = x.data.clone();
            scaleRows(u, outerScale, b);
            double[] t = new double[hidden * b];
            Blas.multiply(false, false, hidden, b, rows, w2, u, t);
            scaleRows(t, innerScale, b);
            Blas.multiply(false, false, cols, b, hidden, w1, t, y.data);
            requireFinite(y.data);
            return;
        }
        applyTransposeThroughLayers(x, y);
    }

    /** {@code Jᵀ·x} through DL4J's own backpropagation of the two layers (any block type). */
    synchronized void applyTransposeThroughLayers(DMatrixRMaj x, DMatrixRMaj y) {
        requireApplyShapes(x, y, true);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        int b = x.numCols;
        INDArray u = toBatch(x, outShape).mul(outer);
        INDArray a = backward(second, u, hiddenShape, b, ws).mul(inner);
        fromBatch(backward(first, a, inShape, b, ws), y);
    }

    /** {@code Wᵀ·ε} by DL4J's backpropagation through a linear layer (its input only feeds weight gradients). */
    private static INDArray backward(Layer layer, INDArray epsilon, long[] inputShape, int batch,
            LayerWorkspaceMgr ws) {
        layer.setInput(Nd4j.zeros(DataType.DOUBLE, batched(inputShape, batch)), ws);
        INDArray result = layer.backpropGradient(epsilon, ws).getSecond();
        layer.clear();
        return result;
    }

    /**
     * The whole matrix, {@code J·I} (for {@code D} up to a few thousand); for a fully-connected block the one product
     * {@code diag(m₂⊙s₂)·W₂ᵀ·(diag(m₁⊙s₁)·W₁ᵀ)}.
     */
    public DMatrixRMaj dense() {
        if (w1 != null) {
            double[] t = new double[cols * hidden]; // W₁·diag(m₁⊙s₁) = (diag(m₁⊙s₁)·W₁ᵀ)ᵀ, row-major cols×hidden
            for (int c = 0; c < cols; c++) {
                for (int h = 0, o = c * hidden; h < hidden; h++) {
                    t[o + h] = w1[o + h] * innerScale[h];
                }
            }
            DMatrixRMaj j = new DMatrixRMaj(rows, cols);
            Blas.multiply(true, true, rows, cols, hidden, w2, t, j.data);
            scaleRows(j.data, outerScale, cols);
            requireFinite(j.data);
            return j;
        }
        DMatrixRMaj eye = new DMatrixRMaj(cols, cols);
        for (int k = 0; k < cols; k++) {
            eye.set(k, k, 1);
        }
        return times(eye);
    }

    /** Multiplies row {@code r} of the row-major {@code m} (rows of {@code width}) by {@code scale[r]}. */
    private static void scaleRows(double[] m, double[] scale, int width) {
        for (int r = 0; r < scale.length; r++) {
            double s = scale[r];
            for (int c = r * width, e = c + width; c < e; c++) {
                m[c] *= s;
            }
        }
    }

    private static void requireFinite(double[] t) {
        for (double v : t) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("a Residual Jacobian product is not finite (" + v + ")");
            }
        }
    }

    /** {@code [batch, shape…]}. */
    static long[] batched(long[] shape, int batch) {
        long[] s = new long[shape.length + 1];
        s[0] = batch;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    /** Columns of {@code x} become the rows of a {@code [b, shape…]} array. */
    private static INDArray toBatch(DMatrixRMaj x, long[] shape) {
        return Nd4j.create(CommonOps_DDRM.transpose(x, null).data, batched(shape, x.numCols));
    }

    /** The rows of {@code a} become the columns of {@code y}. */
    private static void fromBatch(INDArray a, DMatrixRMaj y) {
        double[] t = a.dup('c').data().asDouble();
        if (t.length != y.numRows * y.numCols) {
            throw new IllegalStateException("a layer returned " + t.length + " values for a " + y.numRows + "×"
                    + y.numCols + " block");
        }
        requireFinite(t);
        CommonOps_DDRM.transpose(DMatrixRMaj.wrap(y.numCols, y.numRows, t), y);
    }
}
