package dev.capstan.ml.xgboost.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;

/** Lays the nodes of JSON trees end to end in the flat arrays of a {@link TreeEnsemble}, checking every index. */
final class TreeCompiler {

    private final int numFeatures;
    private final String source;
    private int[] feature;
    private float[] threshold;
    private int[] left;
    private int[] missing;
    private float[] leafValue;

    TreeCompiler(int numFeatures, String source) {
        this.numFeatures = numFeatures;
        this.source = source;
    }

    TreeEnsemble compile(JsonNode trees, int treeCount, JsonNode treeInfo, int numGroups, float[] baseMargins,
                         Objective objective) {
        allocate(trees, treeCount);
        int[] roots = new int[treeCount];
        int[] depths = new int[treeCount];
        int[] groups = new int[treeCount];
        int offset = 0;
        for (int t = 0; t < treeCount; t++) {
            roots[t] = offset;
            groups[t] = group(treeInfo, t, numGroups);
            offset = addTree(trees.get(t), t, offset);
            depths[t] = depth(roots[t], offset);
        }
        return new TreeEnsemble(roots, depths, groups, feature, threshold, left, missing, leafValue, numFeatures,
                numGroups, baseMargins, objective);
    }

    private void allocate(JsonNode trees, int treeCount) {
        int nodes = 0;
        for (int t = 0; t < treeCount; t++) {
            nodes += trees.get(t).path("left_children").size();
        }
        feature = new int[nodes];
        threshold = new float[nodes];
        left = new int[nodes];
        missing = new int[nodes];
        leafValue = new float[nodes];
    }

    private int group(JsonNode treeInfo, int tree, int numGroups) {
        int group = numGroups == 1 ? 0 : ModelJson.required(treeInfo.path(tree), "tree_info", source).asInt();
        if (group < 0 || group >= numGroups) {
            throw invalid(tree, "tree_info is %d, expected 0 to %d", group, numGroups - 1);
        }
        return group;
    }

    /** Copies one tree's nodes to {@code offset}; returns the offset after it. */
    private int addTree(JsonNode tree, int t, int offset) {
        JsonNode lefts = tree.path("left_children");
        JsonNode splits = tree.path("split_indices");
        JsonNode conditions = tree.path("split_conditions");
        JsonNode defaults = tree.path("default_left");
        int size = lefts.size();
        if (size == 0 || splits.size() != size || conditions.size() != size || defaults.size() != size
                || tree.path("right_children").size() != size) {
            throw invalid(t, "expected %d entries in left_children, right_children, split_indices, "
                    + "split_conditions and default_left", size);
        }
        for (int n = 0; n < size; n++) {
            addNode(t, offset, n, size, lefts.get(n).asInt(), splits.get(n).asInt(), conditions.get(n).floatValue(),
                    defaults.get(n).asInt() != 0);
        }
        return offset + size;
    }

    private void addNode(int t, int offset, int n, int size, int leftChild, int split, float condition,
                         boolean defaultLeft) {
        int at = offset + n;
        if (leftChild == -1) {
            threshold[at] = Float.NaN;
            left[at] = at;
            missing[at] = at;
            leafValue[at] = condition;
            return;
        }
        if (leftChild <= n || leftChild + 1 >= size) {
            throw invalid(t, "node %d has children %d and %d, outside the tree's %d nodes", n, leftChild,
                    leftChild + 1, size);
        }
        if (split < 0 || split >= numFeatures) {
            throw invalid(t, "node %d splits on feature %d, expected 0 to %d", n, split, numFeatures - 1);
        }
        feature[at] = split;
        threshold[at] = condition;
        left[at] = offset + leftChild;
        missing[at] = offset + (defaultLeft ? leftChild : leftChild + 1);
    }

    /** The number of steps from the root at {@code root} to the deepest leaf before {@code end}. */
    private int depth(int root, int end) {
        int[] depth = new int[end - root];
        int max = 0;
        for (int n = root; n < end; n++) {
            int d = depth[n - root];
            if (left[n] == n) {
                max = Math.max(max, d);
            } else {
                depth[left[n] - root] = d + 1;
                depth[left[n] + 1 - root] = d + 1;
            }
        }
        return max;
    }

    private CapstanException invalid(int tree, String format, Object... args) {
        return CapstanException.invalid("%s is not a valid XGBoost JSON model: tree %d: %s", source, tree,
                String.format(format, args));
    }
}
