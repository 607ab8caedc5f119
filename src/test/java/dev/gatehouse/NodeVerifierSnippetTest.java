package dev.gatehouse;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Node verifier that NodeVerifierIT runs is exactly the code the README shows. */
class NodeVerifierSnippetTest {

    @Test
    void readmeWhenReadThenContainsTheTestedVerifierVerbatim() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String code = Files.readString(Path.of("src/test/node/verifier.mjs"));
        assertTrue(readme.contains("```js\n" + code + "```\n"),
                "README's Node verifier differs from src/test/node/verifier.mjs (copy the file into the README's js block)");
    }
}
