package dev.capstan.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static dev.capstan.data.DataRepos.exec;
import static dev.capstan.data.DataRepos.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DVC 3's formats checked against independent computations: md5sum, Python's hashlib + json, DVC's own layout. */
class DvcFormatsTest {

    /** Computes a directory's .dir object and hash as dvc-data does, with nothing but the standard library. */
    private static final String PYTHON_DIR_HASH = String.join("\n",
            "import hashlib, json, os, sys",
            "root = sys.argv[1]",
            "entries = []",
            "for d, _, files in os.walk(root):",
            "    for f in files:",
            "        p = os.path.join(d, f)",
            "        with open(p, 'rb') as fh:",
            "            md5 = hashlib.md5(fh.read()).hexdigest()",
            "        entries.append({'md5': md5, 'relpath': os.path.relpath(p, root).replace(os.sep, '/')})",
            "data = json.dumps(sorted(entries, key=lambda e: e['relpath']), sort_keys=True).encode('utf-8')",
            "sys.stdout.write(data.decode('ascii') + '\\n' + hashlib.md5(data).hexdigest() + '.dir\\n')",
            "");

    @TempDir
    Path dir;

    @Test
    void fileMd5EqualsMd5sum() throws IOException {
        DataRepo repo = DataRepos.gitRepo(dir);
        Path big = write(dir.resolve("big.bin"), DataRepos.random(3 * 1024 * 1024 + 17, 1));
        Path empty = write(dir.resolve("empty.txt"), new byte[0]);
        Path crlf = write(dir.resolve("crlf.txt"), "line one\r\nline two\r\n");

        try (DataVersioning data = new DataVersioning(repo)) {
            List<DvcFile> added = data.add(List.of(big, empty, crlf), ProgressListener.NONE);

            assertThat(added).extracting(f -> f.outs().get(0).md5())
                    .containsExactly(DataRepos.md5sum(big), DataRepos.md5sum(empty), DataRepos.md5sum(crlf));
        }
        assertThat(DataRepos.md5sum(empty)).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void directoryObjectAndHashEqualPythonsHashlibAndJson() throws IOException {
        DataRepo repo = DataRepos.gitRepo(dir);
        Path images = dir.resolve("images");
        write(images.resolve("b.png"), "b");
        write(images.resolve("a-b.txt"), "dash");
        write(images.resolve("a/b.txt"), "slash");
        write(images.resolve("a.b"), "dot");
        write(images.resolve("Z.txt"), "upper");
        write(images.resolve("sub/deeper/c.bin"), DataRepos.random(100_000, 2));
        write(images.resolve("naïve résumé.txt"), "unicode");
        write(images.resolve("quote\"back\\slash.txt"), "odd");
        write(images.resolve("日本語/データ.csv"), "cjk");
        write(images.resolve("empty"), "");

        DvcFile dvc;
        try (DataVersioning data = new DataVersioning(repo)) {
            dvc = data.add(List.of(images), ProgressListener.NONE).get(0);
        }

        String[] python = exec(dir, "/usr/bin/python3", "-c", PYTHON_DIR_HASH, images.toString()).split("\n");
        DvcFile.Output out = dvc.outs().get(0);
        assertThat(out.md5()).isEqualTo(python[1]);
        Path object = repo.cache().objectPath(out.md5());
        assertThat(new String(Files.readAllBytes(object), StandardCharsets.US_ASCII)).isEqualTo(python[0]);
        assertThat(out.nfiles()).isEqualTo(10);
        assertThat(out.size()).isEqualTo(1 + 4 + 5 + 3 + 5 + 100_000 + 7 + 3 + 3);
    }

    @Test
    void emptyDirectoryHashesAsTheEmptyList() {
        byte[] bytes = DirObject.bytes(List.of());
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo("[]");
        assertThat(DirObject.hash(bytes)).isEqualTo("d751713988987e9331980363e24189ce.dir");
    }

    @Test
    void cacheLayoutIsFilesMd5TwoHexThenTheRestReadOnly() throws IOException {
        DataRepo repo = DataRepos.gitRepo(dir);
        Path file = write(dir.resolve("data.xml"), "hello world\n");

        try (DataVersioning data = new DataVersioning(repo)) {
            data.add(List.of(file), ProgressListener.NONE);
        }

        Path object = dir.resolve(".dvc/cache/files/md5/6f/5902ac237024bdd0c176cb93063dc4");
        assertThat(repo.cache().objectPath("6f5902ac237024bdd0c176cb93063dc4")).isEqualTo(object);
        assertThat(object).hasContent("hello world");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(object))).isEqualTo("r--r--r--");
        assertThat(DataRepos.files(dir.resolve(".dvc/cache"))).containsExactly("files/md5/6f/5902ac237024bdd0c176cb93063dc4");
    }

    @Test
    void dvcFileTextForAFileAndADirectoryIsDvcsLayout() {
        DataRepo repo = DataRepos.gitRepo(dir);
        Path file = write(dir.resolve("data/data.xml"), "hello world\n");
        write(dir.resolve("images/a.png"), "a\n");
        write(dir.resolve("images/sub/b.png"), "b\n");

        try (DataVersioning data = new DataVersioning(repo)) {
            data.add(List.of(file, dir.resolve("images")), ProgressListener.NONE);
        }

        assertThat(dir.resolve("data/data.xml.dvc")).hasContent(String.join("\n",
                "outs:",
                "- md5: 6f5902ac237024bdd0c176cb93063dc4",
                "  size: 12",
                "  hash: md5",
                "  path: data.xml",
                ""));
        String dirHash = exec(dir, "/usr/bin/python3", "-c", PYTHON_DIR_HASH, dir.resolve("images").toString()).split("\n")[1];
        assertThat(dir.resolve("images.dvc")).hasContent(String.join("\n",
                "outs:",
                "- md5: " + dirHash,
                "  size: 4",
                "  nfiles: 2",
                "  hash: md5",
                "  path: images",
                ""));
        assertThat(dir.resolve("data/.gitignore")).hasContent("/data.xml\n");
        assertThat(dir.resolve(".gitignore")).hasContent("/images\n");
    }

    @Test
    void dvcFileRoundTripsThroughTheYamlReader() {
        Path file = dir.resolve("x.dvc");
        DvcFile dvc = new DvcFile(file, List.of(new DvcFile.Output("6f5902ac237024bdd0c176cb93063dc4", 12L, null, true,
                "my data: v1.csv")));
        write(file, dvc.text());

        assertThat(DvcFile.read(file)).isEqualTo(dvc);
        assertThat(dvc.text()).contains("  isexec: true\n  hash: md5\n  path: 'my data: v1.csv'\n");
    }

    @Test
    void theWrittenLayoutReadsAsTheYamlParserReadsIt() {
        String written = String.join("\n", "outs:", "- md5: 0123456789abcdef0123456789abcdef.dir", "  size: 4",
                "  nfiles: 2", "  hash: md5", "  path: data/images_v1", "- md5: 6f5902ac237024bdd0c176cb93063dc4",
                "  isexec: true", "  hash: md5", "  path: run.sh", "");
        // a comment is not the written layout: this text goes through the YAML parser
        String commented = written.replace("outs:\n", "outs: # tracked\n");

        DvcFile direct = DvcFile.parse(dir.resolve("x.dvc"), written);
        assertThat(direct).isEqualTo(DvcFile.parse(dir.resolve("x.dvc"), commented));
        assertThat(direct.outs()).extracting(DvcFile.Output::path, DvcFile.Output::nfiles, DvcFile.Output::isexec)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data/images_v1", 2, false),
                        org.assertj.core.groups.Tuple.tuple("run.sh", null, true));
    }

    @Test
    void valuesTheWrittenLayoutCannotHoldGoThroughTheYamlParser() {
        Path file = dir.resolve("x.dvc");
        String nullPath = "outs:\n- md5: 6f5902ac237024bdd0c176cb93063dc4\n  hash: md5\n  path: null\n";
        assertThatThrownBy(() -> DvcFile.parse(file, nullPath)).hasMessageContaining("every output needs a 'path'");
        String quoted = "outs:\n- md5: 6f5902ac237024bdd0c176cb93063dc4\n  hash: md5\n  path: 'yes'\n";
        assertThat(DvcFile.parse(file, quoted).outs().get(0).path()).isEqualTo("yes");
        String unknownHash = "outs:\n- md5: 6f5902ac237024bdd0c176cb93063dc4\n  hash: sha256\n  path: a\n";
        assertThatThrownBy(() -> DvcFile.parse(file, unknownHash)).hasMessageContaining("unknown hash 'sha256'");
    }

    @Test
    void initInGitWritesDvcsFiles() {
        exec(dir, "git", "init", "-q", ".");

        DataRepo.init(dir, false, false);

        assertThat(dir.resolve(".dvc/config")).isEmptyFile();
        assertThat(dir.resolve(".dvc/.gitignore")).hasContent("/config.local\n/tmp\n/cache\n");
        assertThat(dir.resolve(".dvcignore")).hasContent("# Add patterns of files dvc should ignore, which could improve\n"
                + "# the performance. Learn more at\n# https://dvc.org/doc/user-guide/dvcignore\n");
        assertThat(exec(dir, "git", "check-ignore", ".dvc/cache/x", ".dvc/tmp/x", ".dvc/config.local"))
                .isEqualTo(".dvc/cache/x\n.dvc/tmp/x\n.dvc/config.local\n");
    }

    @Test
    void initWithNoScmWritesCoreNoScmAsConfigobjDoes() throws IOException {
        DataRepo repo = DataRepo.init(dir, true, false);

        assertThat(Files.readString(dir.resolve(".dvc/config"))).isEqualTo("[core]\n    no_scm = True\n");
        assertThat(dir.resolve(".dvc/.gitignore")).doesNotExist();
        assertThat(repo.noScm()).isTrue();
        assertThat(DataRepo.open(dir).noScm()).isTrue();
    }

    @Test
    void initKeepsAnExistingDvcignore() {
        exec(dir, "git", "init", "-q", ".");
        write(dir.resolve(".dvcignore"), "*.tmp\n");

        DataRepo.init(dir, false, false);

        assertThat(dir.resolve(".dvcignore")).hasContent("*.tmp");
    }
}
