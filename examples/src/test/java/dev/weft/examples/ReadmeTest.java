package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * README.md's samples cannot rot: every Java block is a whole source file that compiles against
 * Weft, the quickstart's sources are shown whole, every XML block is part of the quickstart's
 * pom.xml, and a fresh machine still needs exactly the two commands it promises.
 */
class ReadmeTest {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
            "^(?:public |final |abstract |sealed |non-sealed )*(?:class|interface|enum|record|@interface) (\\w+)",
            Pattern.MULTILINE);

    private final Readme readme = Readme.load();
    private final Path examples = Path.of(System.getProperty("weft.examples.sources"));
    private final Path quickstart = examples.resolve("quickstart");

    @Test
    void everyJavaBlockIsAWholeSourceFileThatCompilesWithoutWarnings(@TempDir Path dir) throws IOException {
        List<Readme.Block> blocks = readme.blocks("java");
        assertFalse(blocks.isEmpty(), "README.md has no ```java blocks");
        Map<Path, Readme.Block> files = new HashMap<>();
        for (Readme.Block block : blocks) {
            Matcher pkg = PACKAGE.matcher(block.text());
            Matcher type = TOP_LEVEL_TYPE.matcher(block.text());
            if (!pkg.find() || !type.find()) {
                fail(block.where() + ": a Java block must be a whole source file (package, imports, a class);"
                        + " make the fragment whole:\n" + block.text());
            }
            Path file = dir.resolve("src").resolve(pkg.group(1).replace('.', File.separatorChar))
                    .resolve(type.group(1) + ".java");
            Readme.Block other = files.put(file, block);
            assertTrue(other == null, block.where() + " and " + (other == null ? "" : other.where())
                    + " both declare " + pkg.group(1) + "." + type.group(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, block.text());
        }

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        boolean compiled;
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // As the project compiles itself, less the [try] lint: a scope is a resource the body never names.
            List<String> options = List.of("--release", "17", "-Xlint:all,-processing,-try", "-Werror",
                    "-proc:none", "-classpath", testClassPath(), "-d", dir.resolve("classes").toString());
            compiled = javac.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files.keySet())).call();
        }
        String report = diagnostics.getDiagnostics().stream()
                .map(d -> where(files, d) + ": " + d.getKind() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
        assertTrue(compiled && report.isEmpty(), "README.md's Java blocks do not compile cleanly:\n" + report);
    }

    @Test
    void theQuickstartsSourcesAreShownWhole() throws IOException {
        List<String> shown = readme.blocks("java").stream().map(Readme.Block::text).toList();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(quickstart.resolve("src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty());
        for (Path source : sources) {
            assertTrue(shown.contains(Files.readString(source)), "README.md does not show "
                    + examples.relativize(source) + " as it is: copy the file into a ```java block");
        }
    }

    @Test
    void everyXmlBlockIsPartOfTheQuickstartsPom() throws Exception {
        Document pom = xml(Files.readString(quickstart.resolve("pom.xml")));
        List<Readme.Block> blocks = readme.blocks("xml");
        assertFalse(blocks.isEmpty(), "README.md has no ```xml blocks");
        for (Readme.Block block : blocks) {
            Element shown = xml(block.text()).getDocumentElement();
            NodeList candidates = pom.getElementsByTagName(shown.getTagName());
            boolean found = false;
            for (int i = 0; i < candidates.getLength() && !found; i++) {
                found = contains((Element) candidates.item(i), shown);
            }
            assertTrue(found, block.where() + ": this XML is not part of examples/quickstart/pom.xml, which the"
                    + " build runs; change both together:\n" + block.text());
        }
    }

    @Test
    void theQuickstartDependsOnThisVersionOfWeft() throws Exception {
        Document pom = xml(Files.readString(quickstart.resolve("pom.xml")));
        assertEquals(System.getProperty("weft.project.version"),
                pom.getElementsByTagName("weft.version").item(0).getTextContent().trim(),
                "examples/quickstart/pom.xml's weft.version");
    }

    @Test
    void aFreshMachineNeedsTheTwoCommandsItPromises() throws IOException {
        List<String> commands = readme.blocksUnder("Two commands (a fresh machine needs only a JDK 17+)").stream()
                .map(Readme.Block::text).toList();
        assertEquals(List.of("./demo/run --port 8081\n", "./mvnw -B verify\n"), commands);
        Path ci = Path.of(System.getProperty("weft.readme")).resolveSibling(".ci").resolve("run");
        assertTrue(Files.readAllLines(ci).contains("exec ./mvnw -B verify"), ".ci/run runs the README's test command");
    }

    /** The test's own class path: Weft's modules and their dependencies, as a user's project has them. */
    private static String testClassPath() {
        String classPath = System.getProperty("java.class.path");
        assertTrue(classPath.contains("weft-runtime") || classPath.contains("runtime" + File.separator + "target"),
                "the test's class path should hold weft-runtime: " + classPath);
        return classPath;
    }

    private static String where(Map<Path, Readme.Block> files, Diagnostic<? extends JavaFileObject> diagnostic) {
        if (diagnostic.getSource() == null) {
            return "javac";
        }
        Path file = Path.of(diagnostic.getSource().toUri());
        Readme.Block block = files.get(file);
        return block == null ? file.toString() : "README.md line " + (block.line() + diagnostic.getLineNumber() - 1);
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    /**
     * Whether {@code whole} contains {@code part}: the same name, and either the same text (for an
     * element without child elements) or each child of {@code part} contained, in order, by a
     * child of {@code whole} (which may have more).
     */
    private static boolean contains(Element whole, Element part) {
        if (!whole.getTagName().equals(part.getTagName())) {
            return false;
        }
        List<Element> parts = children(part);
        List<Element> wholes = children(whole);
        if (parts.isEmpty()) {
            return wholes.isEmpty() && whole.getTextContent().trim().equals(part.getTextContent().trim());
        }
        int next = 0;
        for (Element child : parts) {
            while (next < wholes.size() && !contains(wholes.get(next), child)) {
                next++;
            }
            if (next == wholes.size()) {
                return false;
            }
            next++;
        }
        return true;
    }

    private static List<Element> children(Element element) {
        List<Element> children = new ArrayList<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }
}
