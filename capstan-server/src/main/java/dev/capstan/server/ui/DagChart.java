package dev.capstan.server.ui;

import dev.capstan.pipeline.Dag;
import dev.capstan.pipeline.Stage;
import dev.capstan.tracking.Run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pipeline's stages as an SVG graph flowing left to right: a stage sits one column after the furthest stage it
 * depends on, with an arrow from each of those (an arc over the stages between when it skips a column), and its box
 * is coloured by its last recorded result.
 */
final class DagChart {

    private static final int BOX_WIDTH = 150;
    private static final int BOX_HEIGHT = 46;
    private static final int GAP_X = 50;
    private static final int GAP_Y = 18;
    private static final int PAD = 10;
    /** Room above the boxes for the arcs of arrows that skip a column. */
    private static final int ARCS = 40;

    private DagChart() {
    }

    /** The graph of {@code dag}, each stage's box coloured by the result of its run in {@code lastOfStage}. */
    static String render(Dag dag, Map<String, Run> lastOfStage) {
        List<Stage> ordered = dag.order(List.of(), false);
        Map<String, int[]> cells = new HashMap<>();
        Map<Integer, Integer> rowsOfColumn = new HashMap<>();
        for (Stage stage : ordered) {
            int column = dag.upstream(stage.name()).stream().mapToInt(up -> cells.get(up)[0] + 1).max().orElse(0);
            cells.put(stage.name(), new int[] {column, rowsOfColumn.merge(column, 1, Integer::sum) - 1});
        }
        int columns = rowsOfColumn.size();
        int rows = rowsOfColumn.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        int width = 2 * PAD + columns * BOX_WIDTH + (columns - 1) * GAP_X;
        int height = 2 * PAD + ARCS + rows * BOX_HEIGHT + (rows - 1) * GAP_Y;
        List<String> described = new ArrayList<>();
        StringBuilder svg = new StringBuilder();
        for (Stage stage : ordered) {
            int[] to = cells.get(stage.name());
            for (String up : dag.upstream(stage.name())) {
                svg.append(edge(cells.get(up), to));
            }
        }
        for (Stage stage : ordered) {
            int[] cell = cells.get(stage.name());
            Run run = lastOfStage.get(stage.name());
            String result = run == null ? "not run yet" : PipelinesPage.tag(run, "capstan.stage.result");
            described.add(stage.name() + " (" + result + (dag.upstream(stage.name()).isEmpty() ? ""
                    : ", after " + String.join(" and ", dag.upstream(stage.name()).stream().sorted().toList())) + ")");
            svg.append(String.format(Locale.ROOT, "<rect class=\"node result-%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
                    + "height=\"%d\" rx=\"6\"/>", Html.esc(result.replace(' ', '-')), x(cell), y(cell), BOX_WIDTH,
                    BOX_HEIGHT));
            svg.append(String.format(Locale.ROOT, "<text class=\"name\" x=\"%d\" y=\"%d\">", x(cell) + 10,
                    y(cell) + 19)).append(Html.esc(shorten(stage.name()))).append("</text>");
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">", x(cell) + 10, y(cell) + 36))
                    .append(Html.esc(result)).append("</text>");
        }
        return "<figure><figcaption>Stages</figcaption><svg class=\"chart dag\" role=\"img\" aria-label=\""
                + Html.esc("Pipeline of " + ordered.size() + " stages: " + String.join("; ", described))
                + "\" viewBox=\"0 0 " + width + " " + height + "\" width=\"" + width + "\" height=\"" + height + "\">"
                + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>" + svg
                + "</svg></figure>\n";
    }

    /**
     * An arrow from one stage to a later one: to the next column, side to side; further, an arc over the stages
     * between, from the top of one to the top of the other, higher the further it goes.
     */
    private static String edge(int[] from, int[] to) {
        if (to[0] - from[0] == 1) {
            double x1 = x(from) + BOX_WIDTH;
            double y1 = y(from) + BOX_HEIGHT / 2.0;
            double x2 = x(to) - 4;
            double y2 = y(to) + BOX_HEIGHT / 2.0;
            return String.format(Locale.ROOT, "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M%.1f,%.1f "
                    + "C%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", x1, y1, x1 + GAP_X / 2.0, y1, x2 - GAP_X / 2.0, y2, x2, y2);
        }
        double x1 = x(from) + BOX_WIDTH * 0.6;
        double x2 = x(to) + BOX_WIDTH * 0.4;
        double y1 = y(from);
        double y2 = y(to) - 4;
        double lift = Math.min(ARCS + PAD - 2, 10 + 8 * (to[0] - from[0]));
        return String.format(Locale.ROOT, "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M%.1f,%.1f "
                + "C%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", x1, y1, x1, y1 - lift, x2, y2 - lift, x2, y2);
    }

    private static int x(int[] cell) {
        return PAD + cell[0] * (BOX_WIDTH + GAP_X);
    }

    private static int y(int[] cell) {
        return PAD + ARCS + cell[1] * (BOX_HEIGHT + GAP_Y);
    }

    private static String shorten(String name) {
        return name.length() <= 20 ? name : name.substring(0, 19) + "…";
    }
}
