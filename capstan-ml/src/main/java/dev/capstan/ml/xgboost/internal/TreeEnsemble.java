package dev.capstan.ml.xgboost.internal;

/**
 * A gbtree model compiled into flat primitive arrays, one slot per node of all trees: the fast path that
 * avoids xgboost4j's fixed per-call JNI cost. Immutable and thread-safe.
 *
 * <p>Semantics are XGBoost's CPU predictor's: a feature is missing when NaN and then goes to the node's default
 * child; otherwise {@code value < threshold} (float32) goes to the left child and anything else to the right
 * child, which XGBoost always allocates at {@code left + 1}. Leaf values are summed in float32, tree by tree,
 * onto the base margin of the tree's output group.
 */
public final class TreeEnsemble implements Scorer {

    static final int LEAF = -1;

    private final int[] roots;
    private final int[] groups;
    private final int[] feature;
    private final float[] value;
    private final int[] left;
    private final int[] missing;
    private final int numFeatures;
    private final int numGroups;
    private final float baseMargin;
    private final Objective objective;

    /**
     * @param roots    node index of each tree's root, in boosting order
     * @param groups   output group of each tree
     * @param feature  split feature per node, {@link #LEAF} for leaves
     * @param value    split threshold per node, or the leaf value
     * @param left     left child per node; the right child is {@code left + 1}
     * @param missing  child taken when the feature is missing
     */
    TreeEnsemble(int[] roots, int[] groups, int[] feature, float[] value, int[] left, int[] missing,
                 int numFeatures, int numGroups, float baseMargin, Objective objective) {
        this.roots = roots;
        this.groups = groups;
        this.feature = feature;
        this.value = value;
        this.left = left;
        this.missing = missing;
        this.numFeatures = numFeatures;
        this.numGroups = numGroups;
        this.baseMargin = baseMargin;
        this.objective = objective;
    }

    @Override
    public Scores score(float[] features, int rows) {
        float[] out = margins(features, rows);
        for (int r = 0; r < rows; r++) {
            objective.transform(out, r * numGroups, numGroups);
        }
        return new Scores(out, numGroups);
    }

    /** Raw margins ({@code output_margin=True}), row-major with one value per output group. */
    public float[] margins(float[] features, int rows) {
        float[] out = new float[rows * numGroups];
        java.util.Arrays.fill(out, baseMargin);
        for (int r = 0; r < rows; r++) {
            addTrees(features, r * numFeatures, out, r * numGroups);
        }
        return out;
    }

    private void addTrees(float[] x, int xOffset, float[] out, int outOffset) {
        for (int t = 0; t < roots.length; t++) {
            out[outOffset + groups[t]] += value[leaf(roots[t], x, xOffset)];
        }
    }

    private int leaf(int node, float[] x, int xOffset) {
        int n = node;
        int f;
        while ((f = feature[n]) != LEAF) {
            float v = x[xOffset + f];
            n = v != v ? missing[n] : left[n] + (v < value[n] ? 0 : 1);
        }
        return n;
    }

    /** Features per row. */
    public int numFeatures() {
        return numFeatures;
    }

    /** Trees evaluated per row. */
    public int numTrees() {
        return roots.length;
    }

    public Objective objective() {
        return objective;
    }

    @Override
    public boolean fast() {
        return true;
    }

    @Override
    public void close() {
    }
}
