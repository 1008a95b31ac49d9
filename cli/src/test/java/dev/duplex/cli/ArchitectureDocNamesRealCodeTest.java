package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the design document and the README true to the code: every Duplex class, package, member
 * and repository path they write in backticks must exist in the source tree, and every link in the
 * README or docs/ must name a file inside the repository (a clone has nothing outside it). A renamed
 * class or a moved file fails this test, naming the stale mention, instead of letting the design drift.
 */
class ArchitectureDocNamesRealCodeTest {
    /** The documents whose names and paths are checked against the code. */
    private static final List<String> CHECKED = List.of("README.md", "docs/architecture.md");
    /**
     * Words that look like Java types but are not Duplex code, nor text it emits: AWS types the
     * documents name bare. Other third-party types are written fully qualified (java., com., ...).
     */
    private static final Set<String> NOT_DUPLEX_CODE = Set.of("SQSEvent");
    private static final Set<String> THIRD_PARTY_ROOTS = Set.of("java", "javax", "jakarta", "com", "org", "io",
            "software");

    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(?s)(?<!`)(`+)(?!`)(.+?)(?<!`)\\1(?!`)");
    private static final Pattern DUPLEX_NAME_IN_BLOCK = Pattern.compile("\\bdev\\.duplex(?:\\.\\w+)+");
    private static final Pattern PACKAGE = Pattern.compile("dev\\.duplex(?:\\.[a-z_][a-z0-9_]*)*");
    private static final Pattern JAVA_NAME = Pattern.compile(
            "((?:[a-z][a-z0-9_]*\\.)*)([A-Z][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");

    private static final Path ROOT = repositoryRoot();
    private static final Sources SOURCES = Sources.of(ROOT);

    @Test
    void shouldNameOnlyClassesPackagesAndPathsThatExistInTheSourceTree() throws IOException {
        List<String> unresolved = new ArrayList<>();
        for (String doc : CHECKED) {
            for (String name : unresolved(Files.readString(ROOT.resolve(doc)))) {
                unresolved.add(doc + ": " + name);
            }
        }
        assertTrue(unresolved.isEmpty(), "names and paths that do not exist in the source tree (rename them"
                + " in the document, or fix the code):\n  " + String.join("\n  ", unresolved));
    }

    @Test
    void shouldLinkOnlyToFilesInsideTheRepository() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            for (String target : brokenLinks(doc, Files.readString(doc))) {
                broken.add(ROOT.relativize(doc) + ": " + target);
            }
        }
        assertTrue(broken.isEmpty(), "links that leave the repository or name no file in it (a clone has"
                + " nothing outside it; link a document inside, e.g. docs/architecture.md):\n  "
                + String.join("\n  ", broken));
    }

    @Test
    void shouldCatchAMisnamedClassPackageMemberOrPath() {
        String text = """
                `dev.duplex.apply.SqsBatchProcessor` and `dev.duplex.apply.NoSuchApplier`, `dev.duplex.nosuch`,
                `TaskState.holds` and `TaskState.noSuchMember`, `capture.lifecycle.TaskCoordinator`,
                `NoSuchCoordinator`, `scripts/test.sh -pl core`, `scripts/no-such.sh`, `./duplex demo`,
                `RUNNING`, `duplex.apply_lane`, `software.amazon.awssdk.services.sqs.SqsClient`, `VerifyDifferences`
                ```
                dev.duplex.cli.local.EventSourcePoller   dev.duplex.cli.local.NoSuchPoller
                ```
                """;
        assertEquals(List.of("`dev.duplex.cli.local.NoSuchPoller` (in a code block)",
                "`dev.duplex.apply.NoSuchApplier`", "`dev.duplex.nosuch`", "`TaskState.noSuchMember`",
                "`NoSuchCoordinator`", "`scripts/no-such.sh`"), unresolved(text));
    }

    @Test
    void shouldCatchALinkThatLeavesTheRepositoryOrNamesNoFile() {
        Path architecture = ROOT.resolve("docs/architecture.md");
        assertEquals(List.of("../../shared/ARCHITECTURE.md (outside the repository)",
                        "../shared/ARCHITECTURE.md (no such file)", "/etc/hosts (outside the repository)"),
                brokenLinks(architecture, "[design](../../shared/ARCHITECTURE.md), [old](../shared/ARCHITECTURE.md),"
                        + " [cfg](config.md#apply), [web](https://example.com/x), [top](#duplex)\n[abs]: /etc/hosts\n"));
    }

    /** The backticked names and paths of {@code markdown} that the source tree does not hold. */
    private static List<String> unresolved(String markdown) {
        List<String> missing = new ArrayList<>();
        Matcher blocks = FENCE.matcher(markdown);
        while (blocks.find()) {
            Matcher m = DUPLEX_NAME_IN_BLOCK.matcher(blocks.group());
            while (m.find()) {
                if (!resolves(m.group())) {
                    missing.add("`" + m.group() + "` (in a code block)");
                }
            }
        }
        Matcher spans = INLINE_CODE.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (spans.find()) {
            String span = spans.group(2).strip().replaceAll("\\s+", " "); // a span may wrap
            if (!resolves(span)) {
                missing.add("`" + span + "`");
            }
        }
        return missing;
    }

    /** Whether a code span names something that exists, or names nothing this test checks. */
    private static boolean resolves(String span) {
        String name = span.replaceFirst("\\(.*\\)$", "");
        if (PACKAGE.matcher(name).matches()) {
            return SOURCES.packages().contains(name);
        }
        Matcher java = JAVA_NAME.matcher(name);
        if (java.matches()) {
            return resolvesJava(java.group(1), java.group(2), java.group(3));
        }
        return resolvesPath(span);
    }

    private static boolean resolvesJava(String qualifier, String type, String member) {
        String prefix = qualifier.isEmpty() ? "" : qualifier.substring(0, qualifier.length() - 1);
        boolean looksLikeType = type.chars().anyMatch(Character::isLowerCase); // RUNNING, UTC: not types
        if (!looksLikeType || NOT_DUPLEX_CODE.contains(type)
                || THIRD_PARTY_ROOTS.contains(prefix.split("\\.")[0]) && !prefix.startsWith("dev.duplex")) {
            return true;
        }
        if (!prefix.isEmpty() && !prefix.startsWith("dev.") && !SOURCES.packages().stream()
                .anyMatch(p -> p.endsWith("." + prefix))) {
            return true; // a lower-case dotted word before a type that is no package of ours: not code
        }
        if (prefix.isEmpty() && member == null && SOURCES.emittedNames().contains(type)) {
            return true; // a name the code emits as text: a metric (VerifyDifferences), a setting
        }
        for (Path file : SOURCES.types().getOrDefault(type, List.of())) {
            String pkg = Sources.javaPackage(file);
            boolean packageFits = prefix.isEmpty() || pkg.equals(prefix) || pkg.endsWith("." + prefix);
            if (packageFits && (member == null || mentions(file, member))) {
                return true;
            }
        }
        return false;
    }

    /** A path written from the repository root (its first segment is there) must exist; others are not checked. */
    private static boolean resolvesPath(String span) {
        String first = span.split("\\s+")[0];
        boolean explicit = first.startsWith("./");
        String path = first.replaceFirst("^\\./", "").replaceFirst("#.*$", "");
        if (path.isEmpty() || !explicit && !path.contains("/")) {
            return true;
        }
        List<String> segments = List.of(path.split("/"));
        if (!SOURCES.topLevel().contains(segments.get(0)) || segments.contains("target")) {
            return true; // not a repository path, or a build output
        }
        Path resolved = ROOT.resolve(path).normalize();
        if (!resolved.startsWith(ROOT)) {
            return false;
        }
        if (path.contains("*")) {
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(resolved.getParent(),
                    resolved.getFileName().toString())) {
                return matches.iterator().hasNext();
            } catch (IOException e) {
                return false;
            }
        }
        return Files.exists(resolved);
    }

    private static boolean mentions(Path file, String member) {
        try {
            return Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Link targets of {@code markdown} (in {@code doc}) that leave the repository or name no file, with why. */
    private static List<String> brokenLinks(Path doc, String markdown) {
        List<String> broken = new ArrayList<>();
        String text = FENCE.matcher(markdown).replaceAll("");
        for (Pattern p : List.of(LINK, REFERENCE_LINK)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("#") || target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue; // an anchor, or a URL (https:, mailto:)
                }
                Path resolved = doc.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                if (target.startsWith("/") || !resolved.startsWith(ROOT)) {
                    broken.add(target + " (outside the repository)");
                } else if (!Files.exists(resolved)) {
                    broken.add(target + " (no such file)");
                }
            }
        }
        return broken;
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("cli"))) {
                return p.normalize();
            }
        }
        throw new IllegalStateException("no repository root (a directory with mvnw and cli/) above "
                + Path.of("").toAbsolutePath());
    }

    /** The Java sources of every module (main and test): types by simple name, and packages. */
    private record Sources(Map<String, List<Path>> types, Set<String> packages, Set<String> topLevel,
                           Set<String> emittedNames) {
        private static final Pattern SOURCE_SET = Pattern.compile("/src/[^/]+/java/(.+)$");
        private static final Pattern NAME_LITERAL = Pattern.compile("\"([A-Z][A-Za-z0-9]+)\"");

        static Sources of(Path root) {
            Map<String, List<Path>> types = new HashMap<>();
            Set<String> packages = new HashSet<>();
            Set<String> topLevel = new HashSet<>();
            Set<String> emittedNames = new HashSet<>();
            try (Stream<Path> entries = Files.list(root)) {
                entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.equals("target"))
                        .forEach(topLevel::add);
                for (String module : topLevel) {
                    Path src = root.resolve(module).resolve("src");
                    if (Files.isDirectory(src)) {
                        index(src, types, packages, emittedNames);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Sources(types, packages, topLevel, emittedNames);
        }

        private static void index(Path src, Map<String, List<Path>> types, Set<String> packages,
                                  Set<String> emittedNames) throws IOException {
            Files.walkFileTree(src, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    String pkg = javaPackage(file);
                    if (name.endsWith(".java") && pkg != null) {
                        types.computeIfAbsent(name.substring(0, name.length() - 5), k -> new ArrayList<>()).add(file);
                        if (file.toString().contains("/src/main/")) {
                            emittedNames.addAll(literals(file));
                        }
                        for (String p = pkg; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
                            packages.add(p);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }

        private static List<String> literals(Path file) {
            try {
                return NAME_LITERAL.matcher(Files.readString(file)).results().map(r -> r.group(1)).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The package of a file under {@code <module>/src/<set>/java/}, from its directories. */
        private static String javaPackage(Path file) {
            Matcher m = SOURCE_SET.matcher(file.getParent().toString().replace('\\', '/') + "/");
            return m.find() ? m.group(1).replace('/', '.').replaceFirst("\\.$", "") : null;
        }
    }
}
