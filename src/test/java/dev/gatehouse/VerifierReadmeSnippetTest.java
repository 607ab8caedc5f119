package dev.gatehouse;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verifier code the README shows is the code VerifierLibrariesIT runs: the part of each example
 * service between its {@code readme:start} and {@code readme:end} comments, verbatim (less its common indentation).
 */
class VerifierReadmeSnippetTest {

    static String region(String file) throws Exception {
        String code = Files.readString(Path.of(file));
        int start = code.indexOf('\n', code.indexOf("readme:start")) + 1;
        int end = code.lastIndexOf('\n', code.indexOf("readme:end")) + 1;
        assertTrue(start > 0 && end > start, file + " has no readme:start/readme:end region");
        // Without the indentation the Java example's region has inside main().
        return code.substring(start, end - 1).stripIndent() + "\n";
    }

    static void assertInReadme(String file, String fence) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("```" + fence + "\n" + region(file) + "```\n"),
                "README's " + fence + " block differs from the readme region of " + file + " (copy it into the README)");
    }

    @Test
    void readmeWhenReadThenContainsTheNodeExampleVerbatim() throws Exception {
        assertInReadme("examples/node-service/server.mjs", "js");
    }

    @Test
    void readmeWhenReadThenContainsTheQuarkusExampleVerbatim() throws Exception {
        assertInReadme("examples/quarkus-service/src/main/java/dev/gatehouse/example/HelloResource.java", "java");
        String readme = Files.readString(Path.of("README.md"));
        String properties = Files.readString(Path.of("examples/quarkus-service/src/main/resources/application.properties"));
        String verifierSection = properties.substring(0, properties.indexOf("\n\n") + 1);
        assertTrue(readme.contains("```properties\n" + verifierSection + "```\n"), "README's Quarkus properties differ from the example's");
    }

    @Test
    void readmeWhenReadThenContainsTheJavaExampleVerbatim() throws Exception {
        assertInReadme("examples/java-service/ExampleService.java", "java");
    }
}
