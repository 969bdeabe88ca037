package dev.offlinesync.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Node table server is installed ({@code compat/node}) and which {@code node} runs it.
 *
 * <p>The folder is {@code node/} under the working directory (Maven's surefire runs in the module folder),
 * else {@code compat/node/} (a run from the repository root); the system property
 * {@code offlinesync.compat.nodeDir} overrides both. The executable is {@code node} from the PATH unless the
 * system property {@code offlinesync.compat.node} or the environment variable {@code NODE} names another.
 */
record NodeInstallation(Path directory, String nodeExecutable) {

    static final String HOW_TO_ENABLE = "run compat/node/install.sh (Node 18+, ~2 min) then mvn verify";

    private static final List<String> REQUIRED_MODULES = List.of("azure-mobile-apps", "express", "sqlite3");

    /**
     * Finds the installation and checks that it can run.
     *
     * @throws NodeServerUnavailableException saying what is missing
     */
    static NodeInstallation locate() {
        Path dir = directoryCandidates().stream()
                .filter(candidate -> Files.isRegularFile(candidate.resolve("server.js")))
                .findFirst()
                .orElseThrow(() -> new NodeServerUnavailableException("compat/node/server.js not found (looked in "
                        + directoryCandidates() + " from " + Path.of("").toAbsolutePath() + ")", ""));
        for (String module : REQUIRED_MODULES) {
            if (!Files.isRegularFile(dir.resolve("node_modules").resolve(module).resolve("package.json"))) {
                throw new NodeServerUnavailableException("the Node server's packages are not installed ("
                        + dir.resolve("node_modules").resolve(module) + " is missing)", "");
            }
        }
        String node = configuredNode();
        if (!onPath(node)) {
            throw new NodeServerUnavailableException("'" + node + "' (Node.js) is not on the PATH", "");
        }
        return new NodeInstallation(dir, node);
    }

    /** The module's {@code target/node-server}: server logs, and the database files of the extension. */
    Path logDirectory() {
        return directory().getParent().resolve("target").resolve("node-server");
    }

    /** The last {@code lines} lines of a text file; "" when it does not exist. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> directoryCandidates() {
        String override = System.getProperty("offlinesync.compat.nodeDir");
        if (override != null && !override.isBlank()) {
            return List.of(Path.of(override).toAbsolutePath());
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("node").toAbsolutePath());
        candidates.add(Path.of("compat", "node").toAbsolutePath());
        return candidates;
    }

    private static String configuredNode() {
        String property = System.getProperty("offlinesync.compat.node");
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("NODE");
        return env != null && !env.isBlank() ? env : "node";
    }

    private static boolean onPath(String executable) {
        if (executable.contains("/") || executable.contains("\\")) {
            return Files.isExecutable(Path.of(executable));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && (Files.isExecutable(Path.of(dir, executable))
                    || Files.isExecutable(Path.of(dir, executable + ".exe")))) {
                return true;
            }
        }
        return false;
    }
}
