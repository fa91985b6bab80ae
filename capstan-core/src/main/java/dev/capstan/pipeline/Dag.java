package dev.capstan.pipeline;

import dev.capstan.CapstanException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stages of a pipeline as a graph: a stage depends on another when one of its dependencies is, contains or lies
 * inside one of the other's outputs. Two stages may not write the same or overlapping outputs, and there may be no
 * cycle; either is reported with the stages named.
 */
public final class Dag {

    private final Map<String, Stage> stages = new LinkedHashMap<>();
    private final Map<String, Set<String>> upstream = new LinkedHashMap<>();

    private Dag(List<Stage> stages) {
        stages.forEach(s -> this.stages.put(s.name(), s));
    }

    public static Dag of(List<Stage> stages) {
        Dag dag = new Dag(stages);
        Map<Path, Stage> outputs = dag.outputs();
        for (Stage stage : stages) {
            Set<String> from = new LinkedHashSet<>();
            for (String dep : stage.deps()) {
                Path path = stage.workDir().resolve(dep).normalize();
                outputs.forEach((out, producer) -> {
                    if (path.startsWith(out) || out.startsWith(path)) {
                        from.add(producer.name());
                    }
                });
            }
            from.remove(stage.name());
            dag.upstream.put(stage.name(), from);
        }
        dag.rejectCycles();
        return dag;
    }

    /** Every stage's outputs by absolute path, refusing the same or overlapping outputs in two stages. */
    private Map<Path, Stage> outputs() {
        Map<Path, Stage> outputs = new LinkedHashMap<>();
        for (Stage stage : stages.values()) {
            for (Stage.Output out : stage.outs()) {
                Path path = stage.workDir().resolve(out.path()).normalize();
                outputs.forEach((other, producer) -> {
                    if (other.equals(path)) {
                        throw CapstanException.invalid("output '%s' is specified in stages '%s' and '%s'", out.path(),
                                producer.name(), stage.name());
                    }
                    if (other.startsWith(path) || path.startsWith(other)) {
                        throw CapstanException.invalid("the output '%s' of stage '%s' and the output '%s' of stage '%s' "
                                + "overlap: one is inside the other", other, producer.name(), path, stage.name());
                    }
                });
                outputs.put(path, stage);
            }
        }
        return outputs;
    }

    private void rejectCycles() {
        Set<String> done = new LinkedHashSet<>();
        for (String name : stages.keySet()) {
            visit(name, new ArrayList<>(), done);
        }
    }

    private void visit(String name, List<String> path, Set<String> done) {
        if (done.contains(name)) {
            return;
        }
        int at = path.indexOf(name);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(name);
            throw CapstanException.invalid("the pipeline has a cycle: %s", String.join(" -> ", cycle));
        }
        path.add(name);
        for (String up : upstream.get(name)) {
            visit(up, path, done);
        }
        path.remove(path.size() - 1);
        done.add(name);
    }

    public List<Stage> stages() {
        return List.copyOf(stages.values());
    }

    public Stage stage(String name) {
        Stage stage = stages.get(name);
        if (stage == null) {
            throw CapstanException.notFound("no stage named '%s'; the stages are %s", name, stages.keySet());
        }
        return stage;
    }

    /** The stages {@code name} depends on directly. */
    public Set<String> upstream(String name) {
        return Set.copyOf(upstream.get(name));
    }

    /**
     * The stages to consider for {@code targets} (all when empty), upstream first: each target with everything it
     * depends on, or the targets alone with {@code single}. Ties keep the file's order.
     */
    public List<Stage> order(List<String> targets, boolean single) {
        List<String> roots = targets.isEmpty() ? List.copyOf(stages.keySet()) : targets;
        Set<String> ordered = new LinkedHashSet<>();
        for (String root : roots.stream().flatMap(t -> named(t).stream()).toList()) {
            if (single) {
                ordered.add(root);
            } else {
                addWithUpstream(root, ordered);
            }
        }
        return ordered.stream().map(stages::get).toList();
    }

    /** The graph in Mermaid's flowchart syntax, as {@code dvc dag --mermaid} prints it. */
    public String mermaid() {
        List<String> names = List.copyOf(order(List.of(), false).stream().map(Stage::name).toList());
        StringBuilder out = new StringBuilder("flowchart TD\n");
        for (int i = 0; i < names.size(); i++) {
            out.append("\tnode").append(i + 1).append("[\"").append(names.get(i).replace("\"", "#quot;")).append("\"]\n");
        }
        for (String name : names) {
            for (String up : upstream.get(name)) {
                out.append("\tnode").append(names.indexOf(up) + 1).append("-->node").append(names.indexOf(name) + 1)
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** The graph in Graphviz's DOT language, as {@code dvc dag --dot} prints it. */
    public String dot() {
        StringBuilder out = new StringBuilder("strict digraph  {\n");
        List<Stage> ordered = order(List.of(), false);
        ordered.forEach(s -> out.append(quoted(s.name())).append(";\n"));
        ordered.forEach(s -> upstream.get(s.name()).forEach(up -> out.append(quoted(up)).append(" -> ")
                .append(quoted(s.name())).append(";\n")));
        return out.append("}\n").toString();
    }

    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A stage's name, or for a {@code foreach} or {@code matrix} group all of its {@code name@...} stages; the root
     * file's stages may also be addressed as DVC allows, {@code dvc.yaml:name}.
     */
    private List<String> named(String address) {
        String target = address.startsWith(PipelineFile.NAME + ":") ? address.substring(PipelineFile.NAME.length() + 1)
                : address;
        if (stages.containsKey(target)) {
            return List.of(target);
        }
        List<String> group = stages.keySet().stream().filter(n -> n.startsWith(target + "@")).toList();
        if (group.isEmpty()) {
            stage(target);
        }
        return group;
    }

    private void addWithUpstream(String name, Set<String> ordered) {
        if (ordered.contains(name)) {
            return;
        }
        for (String up : upstream.get(name)) {
            addWithUpstream(up, ordered);
        }
        ordered.add(name);
    }
}
