package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.pipeline.Stage.Output;
import dev.capstan.pipeline.Stage.Output.Kind;
import dev.capstan.pipeline.Stage.ParamsDependency;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code dvc.yaml} files from DVC's documentation (templating, foreach, matrix, vars) and the resolved stages DVC's
 * {@code dvc/parsing} code gives for them; expected texts of floats and shell quoting checked with Python 3.11.
 */
class PipelineFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private PipelineFile pipeline(String dvcYaml) throws IOException {
        return PipelineFile.read(write("dvc.yaml", dvcYaml));
    }

    private Stage stage(PipelineFile pipeline, String name) {
        return pipeline.stage(name).orElseThrow();
    }

    private List<String> names(PipelineFile pipeline) {
        return pipeline.stages().stream().map(Stage::name).toList();
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(String dvcYaml) throws IOException {
        Path file = write("dvc.yaml", dvcYaml);
        return assertThatThrownBy(() -> PipelineFile.read(file))
                .isInstanceOf(CapstanException.class)
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void readsEveryStageField() throws IOException {
        Path dvcYaml = write("dvc.yaml", """
                stages:
                  prepare:
                    cmd: python prepare.py
                    deps:
                      - data/raw
                      - prepare.py
                    outs:
                      - data/prepared
                  train:
                    cmd:
                      - python train.py
                      - echo done
                    wdir: src
                    deps: [train.py]
                    params:
                      - lr
                      - train.epochs
                      - conf/model.json: [depth, heads]
                      - conf/all.toml:
                      - lr
                    outs:
                      - model.pkl:
                          cache: false
                          persist: true
                          desc: the model
                      - logs:
                          push: false
                          remote: store
                    metrics:
                      - metrics.json:
                          cache: false
                    plots:
                      - plots/loss.csv:
                          x: step
                          y: loss
                          template: linear
                      - plots/roc.png
                    frozen: true
                    always_changed: true
                    desc: Train the model
                    meta:
                      owner: ana
                      capstan: {gpu: true}
                """);

        PipelineFile pipeline = PipelineFile.read(dvcYaml);

        assertThat(pipeline.file()).isEqualTo(dvcYaml);
        assertThat(pipeline.stages()).containsExactly(
                new Stage("prepare", dvcYaml, List.of("python prepare.py"), ".", List.of("data/raw", "prepare.py"),
                        List.of(), List.of(new Output("data/prepared", Kind.OUTS, true, false, true)), false, false,
                        null, Map.of()),
                new Stage("train", dvcYaml, List.of("python train.py", "echo done"), "src", List.of("train.py"),
                        List.of(new ParamsDependency("params.yaml", List.of("lr", "train.epochs")),
                                new ParamsDependency("conf/model.json", List.of("depth", "heads")),
                                new ParamsDependency("conf/all.toml", List.of())),
                        List.of(new Output("model.pkl", Kind.OUTS, false, true, true),
                                new Output("logs", Kind.OUTS, true, false, false),
                                new Output("metrics.json", Kind.METRICS, false, false, true),
                                new Output("plots/loss.csv", Kind.PLOTS, true, false, true,
                                        Map.of("template", "linear", "x", "step", "y", "loss")),
                                new Output("plots/roc.png", Kind.PLOTS, true, false, true)),
                        true, true, "Train the model", Map.of("owner", "ana", "capstan", Map.of("gpu", true))));
        assertThat(stage(pipeline, "train").workDir()).isEqualTo(dir.toAbsolutePath().resolve("src"));
    }

    @Test
    void aWholeParamsFileAbsorbsItsKeys() throws IOException {
        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    cmd: train
                    params:
                      - lr
                      - params.yaml:
                      - other.yaml: [a]
                      - other.yaml: [b, a]
                      - empty.json: []
                """);

        assertThat(stage(pipeline, "train").params()).containsExactly(
                new ParamsDependency("params.yaml", List.of()),
                new ParamsDependency("other.yaml", List.of("a", "b")),
                new ParamsDependency("empty.json", List.of()));
    }

    @Test
    void anEmptyFileHasNoStages() throws IOException {
        assertThat(pipeline("").stages()).isEmpty();
        assertThat(pipeline("# nothing yet\n").stages()).isEmpty();
    }

    @Test
    void foreachOverAListOfValues() throws IOException {
        PipelineFile pipeline = pipeline("""
                stages:
                  cleanups:
                    foreach: # List of simple values
                      - raw1
                      - labels1
                      - raw2
                    do:
                      cmd: clean.py "${item}"
                      outs:
                        - ${item}.cln
                """);

        assertThat(names(pipeline)).containsExactly("cleanups@raw1", "cleanups@labels1", "cleanups@raw2");
        Stage labels = stage(pipeline, "cleanups@labels1");
        assertThat(labels.cmd()).containsExactly("clean.py \"labels1\"");
        assertThat(labels.outs()).containsExactly(new Output("labels1.cln", Kind.OUTS, true, false, true));
    }

    @Test
    void foreachOverAMappingGivesKeyAndItem() throws IOException {
        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    foreach:
                      us:
                        epochs: 10
                        thresh: 15
                      uk:
                        epochs: 9
                        thresh: 12
                    do:
                      cmd: python train.py '${key}' ${item.epochs} ${item.thresh}
                      outs:
                        - model-${key}.hdfs
                """);

        assertThat(names(pipeline)).containsExactly("train@us", "train@uk");
        assertThat(stage(pipeline, "train@uk").cmd()).containsExactly("python train.py 'uk' 9 12");
        assertThat(stage(pipeline, "train@us").outs()).extracting(Output::path).containsExactly("model-us.hdfs");
    }

    @Test
    void foreachOverAListOfMappingsIsNamedByIndex() throws IOException {
        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    foreach:
                      - epochs: 3
                        thresh: 10
                      - epochs: 10
                        thresh: 15
                    do:
                      cmd: python train.py ${item.epochs} ${item.thresh}
                """);

        assertThat(names(pipeline)).containsExactly("train@0", "train@1");
        assertThat(stage(pipeline, "train@1").cmd()).containsExactly("python train.py 10 15");
    }

    @Test
    void foreachOverParamsWithNestedItems() throws IOException {
        write("params.yaml", """
                models:
                  us:
                    threshold: 10
                    filename: 'model-us.hdf5'
                    opt: {lr: 0.001, betas: [0.9, 0.999]}
                  gb:
                    threshold: 15
                    filename: 'model-gb.hdf5'
                    opt: {lr: 1e-05, betas: [0.8, 0.99]}
                """);

        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    foreach: ${models}
                    do:
                      cmd: python train.py ${item.threshold} --lr ${item.opt.lr} --beta2 ${item.opt.betas[1]}
                      outs:
                        - ${item.filename}
                      meta:
                        lr: ${item.opt.lr}
                """);

        assertThat(names(pipeline)).containsExactly("train@us", "train@gb");
        Stage gb = stage(pipeline, "train@gb");
        assertThat(gb.cmd()).containsExactly("python train.py 15 --lr 1e-05 --beta2 0.99");
        assertThat(gb.outs()).extracting(Output::path).containsExactly("model-gb.hdf5");
        assertThat(gb.meta()).isEqualTo(Map.of("lr", 1e-5));
    }

    @Test
    void foreachOverScalarsNamesStagesByTheirText() throws IOException {
        PipelineFile pipeline = pipeline("""
                stages:
                  sweep:
                    foreach: [0.1, 1e-05, 3, true, null]
                    do:
                      cmd: run ${item}
                """);

        assertThat(names(pipeline)).containsExactly("sweep@0.1", "sweep@1e-05", "sweep@3", "sweep@true",
                "sweep@None");
        assertThat(stage(pipeline, "sweep@None").cmd()).containsExactly("run None");
    }

    @Test
    void matrixMakesEveryCombinationInOrder() throws IOException {
        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    matrix:
                      model: [cnn, xgb]
                      feature: [feature1, feature2, feature3]
                    cmd: ./train.py --feature ${item.feature} ${item.model}
                    outs:
                      - ${item.model}.pkl
                """);

        assertThat(names(pipeline)).containsExactly("train@cnn-feature1", "train@cnn-feature2",
                "train@cnn-feature3", "train@xgb-feature1", "train@xgb-feature2", "train@xgb-feature3");
        Stage stage = stage(pipeline, "train@xgb-feature2");
        assertThat(stage.cmd()).containsExactly("./train.py --feature feature2 xgb");
        assertThat(stage.outs()).extracting(Output::path).containsExactly("xgb.pkl");
    }

    @Test
    void matrixOfMappingsAndListsIsNamedByIndexAndReadsParams() throws IOException {
        write("params.yaml", "datasets: [a, b]\n");

        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    matrix:
                      config:
                        - n_estimators: 150
                          max_depth: 20
                        - n_estimators: 120
                          max_depth: 30
                      labels:
                        - [label1, label2, label3]
                        - [labelX, labelY, labelZ]
                      data: ${datasets}
                    cmd: train.py ${item.config.n_estimators} ${item.labels[2]} ${item.data} ${key}
                """);

        assertThat(names(pipeline)).hasSize(8).startsWith("train@config0-labels0-a", "train@config0-labels0-b",
                "train@config0-labels1-a").endsWith("train@config1-labels1-b");
        assertThat(stage(pipeline, "train@config1-labels0-b").cmd())
                .containsExactly("train.py 120 label3 b config1-labels0-b");
    }

    @Test
    void varsFromParamsYamlCustomFilesAndInlineMappings() throws IOException {
        write("params.yaml", "seed: 42\nmodels: {us: {threshold: 10}}\nlist: [a, b]\n");
        write("custom_params.yaml", "desc: Reusable description\nunused: 1\n");
        write("conf/more.json", "{\"myvar1\": 1, \"myvar2\": {\"x\": 2.5}, \"skipped\": 3}");

        PipelineFile pipeline = pipeline("""
                vars:
                  - params.yaml
                  - custom_params.yaml
                  - conf/more.json:myvar1
                  - conf/more.json:myvar2,
                  - models:
                      uk:
                        threshold: 12
                  - out_dir: results
                stages:
                  build-us:
                    desc: ${desc}
                    cmd: >-
                      python train.py ${models.us.threshold} ${models.uk.threshold}
                      ${myvar1} ${myvar2.x} ${seed} ${list[1]}
                    outs:
                      - ${out_dir}/us
                """);

        Stage stage = stage(pipeline, "build-us");
        assertThat(stage.desc()).isEqualTo("Reusable description");
        assertThat(stage.cmd()).containsExactly("python train.py 10 12 1 2.5 42 b");
        assertThat(stage.outs()).extracting(Output::path).containsExactly("results/us");
    }

    @Test
    void stageVarsAreRelativeToItsWdirAndMayUseTheIteration() throws IOException {
        write("sub/local.yaml", "batch: 64\n");

        PipelineFile pipeline = pipeline("""
                vars:
                  - dirname: sub
                stages:
                  build:
                    foreach: [x, y]
                    do:
                      wdir: ${dirname}
                      vars:
                        - local.yaml
                        - suffix: .bin
                      cmd: make ${item} ${batch}
                      outs:
                        - ${item}${suffix}
                """);

        Stage y = stage(pipeline, "build@y");
        assertThat(y.wdir()).isEqualTo("sub");
        assertThat(y.cmd()).containsExactly("make y 64");
        assertThat(y.outs()).extracting(Output::path).containsExactly("y.bin");
        assertThat(y.workDir()).isEqualTo(dir.toAbsolutePath().resolve("sub"));
    }

    @Test
    void aDictInCmdBecomesOptions() throws IOException {
        write("params.yaml", """
                train:
                  epochs: 10
                  lr: 0.0001
                  decay: 1e-5
                  name: my model
                  quote: it's
                  verbose: true
                  debug: false
                  flag: yes
                  layers: [64, 32.5, "a b", true, null]
                  empty: []
                  opt:
                    kind: adam
                    beta: 0.9
                  nothing: {}
                  none: null
                  big: 12345678901234567890
                  f: 1e16
                  g: 123456789.125
                  h: 3.0
                """);

        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    cmd: python train.py ${train}
                """);

        // the text DVC's to_str gives for this mapping, computed with Python 3.11 and ruamel.yaml 0.17
        assertThat(stage(pipeline, "train").cmd()).containsExactly("python train.py --epochs 10 --lr 0.0001 "
                + "--decay 1e-05 --name 'my model' --quote 'it'\"'\"'s' --verbose --flag yes --layers 64 32.5 'a b' "
                + "True None --opt.kind adam --opt.beta 0.9 --none None --big 12345678901234567890 --f 1e+16 "
                + "--g 123456789.125 --h 3.0");
    }

    @Test
    void anExactReferenceKeepsTheTypeAndTextFollowsDvc() throws IOException {
        write("params.yaml", """
                epochs: 10
                lr: 0.1
                on: true
                word: on
                nothing: null
                path: models
                """);

        PipelineFile pipeline = pipeline("""
                stages:
                  train:
                    cmd: echo ${on} ${word} ${nothing} ${lr} \\${literal} ${ path }
                    desc: ${epochs}
                    meta:
                      epochs: ${epochs}
                      lr: ${lr}
                      on: ${on}
                      text: "${epochs}"
                      joined: ${epochs}-${lr}
                      ${path}: key
                    outs:
                      - ${path}/m.pkl:
                          cache: false
                """);

        Stage stage = stage(pipeline, "train");
        assertThat(stage.cmd()).containsExactly("echo true on None 0.1 ${literal} models");
        assertThat(stage.desc()).isEqualTo("10");
        assertThat(stage.meta()).isEqualTo(Map.of("epochs", 10, "lr", 0.1, "on", true, "text", 10,
                "joined", "10-0.1", "models", "key"));
        assertThat(stage.outs()).containsExactly(new Output("models/m.pkl", Kind.OUTS, false, false, true));
    }

    @Test
    void topLevelSectionsAreAcceptedAndAnchorsFollowed() throws IOException {
        PipelineFile pipeline = pipeline("""
                params:
                  - params.yaml
                metrics:
                  - metrics.json
                plots:
                  - plots/roc.csv
                  - Precision-recall:
                      x: recall
                      y:
                        plots/prc.json: precision
                  - confusion.png:
                artifacts:
                  model:
                    path: model.pkl
                    type: model
                stages:
                  base: &base
                    cmd: echo base
                    deps: [a]
                  derived:
                    <<: *base
                    cmd: echo derived
                """);

        assertThat(names(pipeline)).containsExactly("base", "derived");
        assertThat(stage(pipeline, "derived").cmd()).containsExactly("echo derived");
        assertThat(stage(pipeline, "derived").deps()).containsExactly("a");
    }

    @Test
    void aMissingFileDoesNotExist() {
        assertThatThrownBy(() -> PipelineFile.read(dir.resolve("dvc.yaml")))
                .isInstanceOf(CapstanException.class).hasMessageContaining("does not exist")
                .extracting(e -> ((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void aYamlSyntaxErrorNamesTheLine() throws IOException {
        assertInvalid("""
                stages:
                  train:
                    cmd: [echo
                    deps: a
                """).hasMessageContaining("YAML syntax error at line 4");
        assertInvalid("""
                stages:
                  train:
                    cmd: a
                  train:
                    cmd: b
                """).hasMessageEndingWith("dvc.yaml:4: duplicate key 'train'");
    }

    @Test
    void unknownKeysAreNamedWithTheAllowedOnes() throws IOException {
        assertInvalid("""
                stage:
                  train:
                    cmd: a
                """).hasMessageEndingWith("dvc.yaml:1: unknown top-level key 'stage'; expected one of: stages, vars, "
                + "plots, params, metrics, artifacts, datasets");
        assertInvalid("""
                stages:
                  train:
                    cmd: a
                    dep: [x]
                """).hasMessageEndingWith("dvc.yaml:4: stage 'train': unknown stage key 'dep'; expected one of: cmd, "
                + "wdir, deps, params, outs, metrics, plots, frozen, always_changed, desc, meta, vars, matrix");
        assertInvalid("""
                stages:
                  train:
                    cmd: a
                    outs:
                      - model.pkl:
                          cache: false
                          cached: true
                """).hasMessageEndingWith("dvc.yaml:7: stage 'train': unknown flag 'cached' for 'model.pkl'; expected "
                + "one of: cache, persist, push, remote, checkpoint, desc, type, labels, meta");
        assertInvalid("""
                stages:
                  train:
                    foreach: [a]
                    cmd: x
                    do:
                      cmd: y
                """).hasMessageEndingWith(
                        "dvc.yaml:4: stage 'train': unknown key 'cmd' beside 'foreach' and 'do'; expected one of: "
                                + "foreach, do");
    }

    @Test
    void wrongTypesSayWhatWasExpected() throws IOException {
        assertInvalid("stages:\n  train:\n    cmd: 3\n").hasMessageEndingWith(
                "dvc.yaml:3: stage 'train': expected a string or a list of strings for 'cmd', found an integer '3'");
        assertInvalid("stages:\n  train:\n    cmd: a\n    deps: a\n").hasMessageEndingWith(
                "dvc.yaml:4: stage 'train': expected a list of paths for 'deps', found a string 'a'");
        assertInvalid("stages:\n  train:\n    cmd: a\n    frozen: yes\n").hasMessageEndingWith(
                "dvc.yaml:4: stage 'train': expected true or false for 'frozen', found a string 'yes'");
        assertInvalid("stages:\n  train:\n    cmd: a\n    outs:\n      - m.pkl:\n          cache: no\n")
                .hasMessageEndingWith("dvc.yaml:6: stage 'train': expected true or false for 'cache', found a string "
                        + "'no'");
        assertInvalid("stages:\n  train:\n    cmd: a\n    outs:\n      - m.pkl:\n").hasMessageEndingWith(
                "dvc.yaml:5: stage 'train': expected a mapping of flags for outs 'm.pkl', found null");
        assertInvalid("stages:\n  train: echo\n").hasMessageEndingWith(
                "dvc.yaml:2: stage 'train': expected a mapping of stage keys, found a string");
        assertInvalid("- a\n").hasMessageEndingWith("dvc.yaml:1: expected a mapping with 'stages', found a list");
        assertInvalid("stages:\n  train:\n    cmd: a\n    params:\n      - conf.json: lr\n").hasMessageEndingWith(
                "dvc.yaml:4: stage 'train': expected a list of keys for params file 'conf.json', found a string");
    }

    @Test
    void aStageNeedsACommand() throws IOException {
        assertInvalid("stages:\n  prepare:\n    cmd: a\n  train:\n    deps: [a]\n").hasMessageEndingWith(
                "dvc.yaml:4: stage 'train': 'cmd' is missing: every stage needs a command");
        assertInvalid("stages:\n  train:\n    foreach: [a]\n    do:\n      deps: [a]\n")
                .hasMessageContaining(":2: stage 'train': 'cmd' is missing");
    }

    @Test
    void anUnknownVariableIsNamedWithItsStage() throws IOException {
        write("params.yaml", "lr: 0.1\n");

        assertInvalid("""
                stages:
                  train:
                    cmd: python train.py ${lr} ${epochs}
                """).hasMessageEndingWith(
                        "dvc.yaml:3: stage 'train': cannot interpolate 'cmd': Could not find 'epochs'");
        assertInvalid("""
                stages:
                  train:
                    foreach: [a, b]
                    do:
                      cmd: echo
                      outs:
                        - ${item}/${key}
                """).hasMessageEndingWith(
                        "dvc.yaml:6: stage 'train@a': cannot interpolate 'outs': Could not find 'key'");
        assertInvalid("""
                stages:
                  train:
                    foreach: ${models}
                    do:
                      cmd: echo
                """).hasMessageEndingWith(
                        "dvc.yaml:3: stage 'train': cannot resolve 'foreach': Could not find 'models'");
        assertInvalid("""
                stages:
                  train:
                    matrix:
                      model: [a]
                    cmd: echo ${nope}
                """).hasMessageEndingWith(
                        "dvc.yaml:5: stage 'train@a': cannot interpolate 'cmd': Could not find 'nope'");
        assertInvalid("""
                stages:
                  train:
                    cmd: echo ${bad..name}
                """).hasMessageContaining("invalid reference '${bad..name}'");
    }

    @Test
    void foreachAndMatrixNeedAListOrAMapping() throws IOException {
        write("params.yaml", "lr: 0.1\n");

        assertInvalid("stages:\n  train:\n    foreach: ${lr}\n    do:\n      cmd: echo\n").hasMessageEndingWith(
                "dvc.yaml:3: stage 'train': expected 'foreach' to be a list or a mapping, found a float");
        assertInvalid("stages:\n  train:\n    foreach: abc\n    do:\n      cmd: echo\n").hasMessageEndingWith(
                "dvc.yaml:3: stage 'train': expected 'foreach' to be a list or a mapping, found a string");
        assertInvalid("stages:\n  train:\n    foreach: 3\n    do:\n      cmd: echo\n").hasMessageEndingWith(
                "dvc.yaml:3: stage 'train': expected a list, a mapping or a ${...} reference for 'foreach', "
                        + "found an integer '3'");
        assertInvalid("stages:\n  train:\n    matrix:\n      lr: ${lr}\n    cmd: echo\n").hasMessageEndingWith(
                "dvc.yaml:3: stage 'train': expected 'matrix.lr' to be a list, found a float");
        assertInvalid("stages:\n  train:\n    matrix: [a, b]\n    cmd: echo\n").hasMessageContaining(
                "expected a mapping of names to lists or ${...} references for 'matrix'");
        assertInvalid("stages:\n  train:\n    do:\n      cmd: echo\n").hasMessageEndingWith(
                "dvc.yaml:2: stage 'train': 'foreach' and 'do' go together, found no 'foreach'");
    }

    @Test
    void stageNamesMustStayUnique() throws IOException {
        assertInvalid("""
                stages:
                  build@a:
                    cmd: echo
                  build:
                    foreach: [a, b]
                    do:
                      cmd: echo ${item}
                """).hasMessageEndingWith("dvc.yaml:4: stage 'build@a': duplicate stage name 'build@a'");
        assertInvalid("""
                stages:
                  build:
                    foreach: [a, 1, '1']
                    do:
                      cmd: echo ${item}
                """).hasMessageEndingWith("dvc.yaml:3: stage 'build': duplicate stage name 'build@1': 'foreach' "
                + "lists '1' twice");
        assertInvalid("""
                stages:
                  build:
                    matrix:
                      a: [x, x]
                    cmd: echo
                """).hasMessageEndingWith("dvc.yaml:3: stage 'build': duplicate stage name 'build@x'");
    }

    @Test
    void varsErrorsFollowDvc() throws IOException {
        write("params.yaml", "lr: 0.1\nmodel: {depth: 3}\n");
        write("other.yaml", "model: {depth: 4}\nseed: 1\n");

        assertInvalid("vars:\n  - missing.yaml\nstages: {}\n").hasMessageEndingWith(
                "dvc.yaml:1: cannot load 'vars': 'missing.yaml' does not exist");
        assertInvalid("vars:\n  - other.yaml\nstages: {}\n").hasMessageEndingWith(
                "dvc.yaml:1: cannot load 'vars': cannot redefine 'model.depth' from 'other.yaml' as it already "
                        + "exists in 'params.yaml'");
        assertInvalid("vars:\n  - other.yaml:nope\nstages: {}\n").hasMessageEndingWith(
                "cannot load 'vars': could not find 'nope' in 'other.yaml'");
        assertInvalid("vars:\n  - other.yaml:seed\n  - other.yaml:seed\nstages: {}\n").hasMessageEndingWith(
                "cannot load 'vars': cannot load 'other.yaml:seed' as it's partially loaded already");
        assertInvalid("vars:\n  - params.yaml:lr\nstages: {}\n").hasMessageEndingWith(
                "cannot load 'vars': cannot partially load 'params.yaml:lr' as it's already loaded.");
        assertInvalid("vars:\n  - lr: 1\nstages: {}\n").hasMessageEndingWith(
                "cannot load 'vars': cannot redefine 'lr' from 'vars[0]' as it already exists in 'params.yaml'");
        assertInvalid("vars:\n  - ${lr}.yaml\nstages: {}\n").hasMessageEndingWith(
                "dvc.yaml:1: interpolating is not allowed in 'vars'");
        assertInvalid("""
                stages:
                  train:
                    foreach: [a]
                    do:
                      vars:
                        - item: 3
                      cmd: echo
                """).hasMessageEndingWith("dvc.yaml:5: stage 'train@a': cannot load 'vars': attempted to modify "
                + "reserved key 'item'");
    }

    @Test
    void onlyScalarsInterpolateIntoFields() throws IOException {
        write("params.yaml", "layers: [1, 2]\nopt: {lr: 1}\n");

        assertInvalid("stages:\n  train:\n    cmd: echo ${layers}\n").hasMessageEndingWith(
                "dvc.yaml:3: stage 'train': cannot interpolate 'cmd': Cannot interpolate data of type 'list' in "
                        + "'${layers}'");
        assertInvalid("stages:\n  train:\n    cmd: echo\n    deps:\n      - ${opt}\n").hasMessageEndingWith(
                "dvc.yaml:4: stage 'train': cannot interpolate 'deps': Cannot interpolate data of type 'dict' in "
                        + "'${opt}'");
        assertInvalid("stages:\n  train:\n    cmd: ${opt}\n").hasMessageEndingWith(
                "dvc.yaml:3: stage 'train': expected a string or a list of strings for 'cmd', found a mapping");
        assertInvalid("stages:\n  train:\n    cmd: echo\n    deps: [\"${opt.lr}\"]\n").hasMessageEndingWith(
                "dvc.yaml:4: stage 'train': expected a path (a string) in 'deps', found an integer");
    }
}
