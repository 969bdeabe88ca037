package dev.offlinesync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a release needs from the POMs: the BOM names exactly the modules that are published (a module is published
 * unless it sets {@code maven.deploy.skip}), each of them says what it is and ships a module descriptor, and the
 * POMs carry the metadata Maven Central asks for.
 */
class PublishedModulesTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void bomListsEveryPublishedModuleAndNothingElse() throws Exception {
        Element bom = pom(ROOT.resolve("bom/pom.xml"));
        TreeSet<String> listed = new TreeSet<>();
        Element management = child(bom, "dependencyManagement");
        for (Element dependency : children(child(management, "dependencies"), "dependency")) {
            assertEquals("dev.offlinesync", text(dependency, "groupId"));
            assertEquals("${project.version}", text(dependency, "version"));
            listed.add(text(dependency, "artifactId"));
        }
        assertEquals(new TreeSet<>(publishedArtifacts()), listed);
        assertEquals(text(pom(ROOT.resolve("pom.xml")), "version"), text(bom, "version"),
                "the BOM has no parent, so its version must follow the reactor's by hand");
    }

    @Test
    void everyPublishedModuleHasANameADescriptionAndAModuleDescriptor() throws Exception {
        for (String module : publishedModules()) {
            Element pom = pom(ROOT.resolve(module).resolve("pom.xml"));
            assertFalse(text(pom, "name").isBlank(), module + " has no <name>");
            assertFalse(text(pom, "description").isBlank(), module + " has no <description>");
            assertTrue(Files.exists(ROOT.resolve(module).resolve("src/main/java/module-info.java")),
                    module + " has no module-info.java");
        }
    }

    @Test
    void parentAndBomCarryWhatMavenCentralRequires() throws Exception {
        for (Path file : List.of(ROOT.resolve("pom.xml"), ROOT.resolve("bom/pom.xml"))) {
            Element pom = pom(file);
            for (String required : List.of("name", "description", "url")) {
                assertFalse(text(pom, required).isBlank(), file + " has no <" + required + ">");
            }
            assertFalse(text(child(child(pom, "licenses"), "license"), "name").isBlank(), file + ": license");
            assertFalse(text(child(child(pom, "developers"), "developer"), "name").isBlank(), file + ": developer");
            assertFalse(text(child(pom, "scm"), "connection").isBlank(), file + ": scm connection");
            assertFalse(text(child(pom, "scm"), "url").isBlank(), file + ": scm url");
            assertFalse(text(child(pom, "properties"), "project.build.outputTimestamp").isBlank(),
                    file + " has no project.build.outputTimestamp: its archives would not be reproducible");
        }
    }

    /** The reactor's modules that do not set maven.deploy.skip, the BOM itself aside. */
    private static List<String> publishedModules() throws Exception {
        List<String> published = new ArrayList<>();
        for (Element module : children(child(pom(ROOT.resolve("pom.xml")), "modules"), "module")) {
            String name = module.getTextContent().strip();
            Element pom = pom(ROOT.resolve(name).resolve("pom.xml"));
            Element properties = child(pom, "properties");
            boolean skipped = properties != null && "true".equals(text(properties, "maven.deploy.skip"));
            if (!skipped && !name.equals("bom")) {
                published.add(name);
            }
        }
        return published;
    }

    private static List<String> publishedArtifacts() throws Exception {
        List<String> artifacts = new ArrayList<>();
        for (String module : publishedModules()) {
            artifacts.add(text(pom(ROOT.resolve(module).resolve("pom.xml")), "artifactId"));
        }
        return artifacts;
    }

    private static Element pom(Path file) throws IOException, ParserConfigurationException, SAXException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    /** The first direct child element of this name, or {@code null}. */
    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    /** The text of the direct child element of this name; empty when there is none. */
    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? "" : element.getTextContent().strip();
    }
}
