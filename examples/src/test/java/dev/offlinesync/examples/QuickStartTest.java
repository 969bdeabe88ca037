package dev.offlinesync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.offlinesync.testkit.FakeTableService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickStartTest {

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from);
        assertTrue(from >= 0 && to > from, "markers " + begin + " / " + end + " not found");
        return text.substring(from + begin.length(), to);
    }

    private static String normalized(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void readmeQuickStartIsTheCodeThatThisTestRunsWithItsImports() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("src/main/java/dev/offlinesync/examples/QuickStart.java"));
        String inReadme = between(readme, "<!-- quickstart:begin -->\n```java\n", "```\n<!-- quickstart:end -->");
        String imports = source.lines().filter(line -> line.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(normalized(imports + between(source, "// README:begin\n", "    // README:end")),
                normalized(inReadme), "the README's quick start, imports first");
    }

    @Test
    void quickStartPushesAndPullsAgainstATableService() {
        try (FakeTableService service = FakeTableService.start().defineTable("TodoItem")) {
            List<QuickStart.TodoItem> open = QuickStart.run(service.uri());
            assertEquals(1, open.size());
            assertEquals("buy milk", open.get(0).text());
            assertEquals(open.get(0).id(), service.items("TodoItem", false).get(0).get("id").asText());
        }
    }
}
