package dev.offlinesync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.offlinesync.SyncClient;
import dev.offlinesync.store.memory.MemoryStore;
import dev.offlinesync.testkit.FakeTableService;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start as an app on the module path: compiled as a module of its own against the jars of
 * offlinesync-core, offlinesync-store-memory and Jackson (nothing else, and with no {@code --add-modules}), then run
 * with {@code java --module-path ... -m}. A module-info that does not export what the quick start uses, or does not
 * pass on ({@code requires transitive}) a module whose types the API shows, or leaves out a module the library
 * needs at run time, makes it fail.
 */
class ModulePathQuickStartTest {

    private static final String APP_MODULE = "quickstart.app";

    /** What a user's app declares: the store's module brings offlinesync's API and Jackson with it. */
    private static final String APP_MODULE_INFO = """
            module quickstart.app {
                requires dev.offlinesync.store.memory;
                opens dev.offlinesync.examples to com.fasterxml.jackson.databind;
            }
            """;

    private static final String MAIN = """
            package dev.offlinesync.examples;

            public final class QuickStartMain {
                private QuickStartMain() {
                }

                public static void main(String[] args) {
                    for (QuickStart.TodoItem item : QuickStart.run(java.net.URI.create(args[0]))) {
                        System.out.println(item.text());
                    }
                    System.out.println("module " + QuickStart.class.getModule().getName()
                            + ", offlinesync from " + dev.offlinesync.SyncClient.class.getModule().getName());
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void quickStartRunsAsAModuleAgainstTheLibrarysModules() throws IOException, InterruptedException {
        String modulePath = libraryModulePath();
        Path classes = compileApp(modulePath);

        try (FakeTableService service = FakeTableService.start().defineTable("TodoItem")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "--module-path", classes + File.pathSeparator + modulePath,
                    "-m", APP_MODULE + "/dev.offlinesync.examples.QuickStartMain", service.uri().toString())
                    .redirectErrorStream(true).start();
            child.getOutputStream().close();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the quick start did not end: " + output);

            assertEquals(0, child.exitValue(), "the quick start failed on the module path:\n" + output);
            assertEquals(List.of("buy milk", "module quickstart.app, offlinesync from dev.offlinesync"),
                    output.lines().toList());
            assertEquals(1, service.items("TodoItem", false).size(), "the item the app pushed");
        }
    }

    /** The jars (or, in a build that stops before packaging, class folders) the app would get from Maven. */
    private static String libraryModulePath() {
        return Stream.of(SyncClient.class, MemoryStore.class, ObjectMapper.class, JsonFactory.class,
                        JsonProperty.class, JavaTimeModule.class)
                .map(ModulePathQuickStartTest::location)
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no file for the code of " + type.getName(), e);
        }
    }

    /** Compiles QuickStart.java, as it stands in src/main, into the app module, failing on any warning. */
    private Path compileApp(String modulePath) throws IOException {
        Path sources = Files.createDirectories(dir.resolve("src/dev/offlinesync/examples"));
        Path quickStart = Files.copy(Path.of("src/main/java/dev/offlinesync/examples/QuickStart.java"),
                sources.resolve("QuickStart.java"));
        Path main = Files.writeString(sources.resolve("QuickStartMain.java"), MAIN);
        Path moduleInfo = Files.writeString(dir.resolve("src/module-info.java"), APP_MODULE_INFO);
        Path classes = dir.resolve("classes");

        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", modulePath,
                "-Xlint:all", "-Werror"));
        Stream.of(moduleInfo, quickStart, main).map(Path::toString).forEach(arguments::add);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, arguments.toArray(String[]::new));
        assertEquals(0, status, "the quick start does not compile as a module:\n"
                + messages.toString(StandardCharsets.UTF_8));
        return classes;
    }
}
