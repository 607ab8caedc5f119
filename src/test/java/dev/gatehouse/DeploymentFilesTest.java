package dev.gatehouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deployment files are checked by schema, since no container engine or cluster runs here:
 * deploy/docker-compose.yml by Debian's docker-compose ({@code config -q}: the Compose file schema,
 * without an engine) and deploy/kubernetes/gatehouse.yaml by deploy/validate (kubernetes-models: the
 * Kubernetes OpenAPI schemas, plus the probe, resource and secret rules). Each validator is also shown
 * to fail on a broken copy, so a green run means the files were really checked. {@code ./test}
 * installs docker-compose and deploy/validate's node_modules.
 */
class DeploymentFilesTest {

    private static final Path COMPOSE = Path.of("deploy/docker-compose.yml");
    private static final Path MANIFEST = Path.of("deploy/kubernetes/gatehouse.yaml");
    private static final Path VALIDATOR = Path.of("deploy/validate/validate.js");

    @Test
    void composeFileWhenValidatedThenValid() throws Exception {
        Result r = compose(COMPOSE);
        assertEquals(0, r.exit, "docker-compose config -q refused deploy/docker-compose.yml:\n" + r.output);
    }

    @Test
    void composeFileWhenUnknownKeyThenValidatorFails(@TempDir Path dir) throws Exception {
        String yaml = Files.readString(COMPOSE);
        String broken = replaceOnce(yaml, "\n  postgres:\n", "\n  postgres:\n    restart_policy: always\n");
        Result r = compose(write(dir, "docker-compose.yml", broken));
        assertNotEquals(0, r.exit, "docker-compose accepted an unknown service key:\n" + r.output);
        assertTrue(r.output.contains("restart_policy"), r.output);
    }

    @Test
    void composeFileWhenWrongTypeThenValidatorFails(@TempDir Path dir) throws Exception {
        String broken = replaceOnce(Files.readString(COMPOSE), "mem_limit: 1g", "mem_limit: [1g]");
        Result r = compose(write(dir, "docker-compose.yml", broken));
        assertNotEquals(0, r.exit, "docker-compose accepted a list as mem_limit:\n" + r.output);
        assertTrue(r.output.contains("mem_limit"), r.output);
    }

    @Test
    void kubernetesManifestWhenValidatedThenEveryObjectValid() throws Exception {
        Result r = kubernetes(MANIFEST);
        assertEquals(0, r.exit, "deploy/validate refused deploy/kubernetes/gatehouse.yaml:\n" + r.output);
        // ServiceAccount, ConfigMap, Deployment, Service, PodDisruptionBudget
        assertTrue(r.output.contains("5 object(s) valid"), r.output);
    }

    @Test
    void kubernetesManifestWhenWrongFieldTypeThenValidatorFails(@TempDir Path dir) throws Exception {
        String broken = replaceOnce(Files.readString(MANIFEST), "replicas: 3", "replicas: \"three\"");
        Result r = kubernetes(write(dir, "gatehouse.yaml", broken));
        assertNotEquals(0, r.exit, "a Deployment with a string as replicas passed:\n" + r.output);
        assertTrue(r.output.contains("Deployment/gatehouse") && r.output.contains("/spec/replicas must be integer"),
                r.output);
    }

    @Test
    void kubernetesManifestWhenSecretInPlainValueThenValidatorFails(@TempDir Path dir) throws Exception {
        String broken = replaceOnce(Files.readString(MANIFEST),
                "            - name: GATEHOUSE_KEY_ENCRYPTION_SECRET\n"
                        + "              valueFrom:\n"
                        + "                secretKeyRef:\n"
                        + "                  name: gatehouse-secrets\n"
                        + "                  key: key-encryption-secret\n",
                "            - name: GATEHOUSE_KEY_ENCRYPTION_SECRET\n"
                        + "              value: written-in-the-manifest-0123456789\n");
        Result r = kubernetes(write(dir, "gatehouse.yaml", broken));
        assertNotEquals(0, r.exit, "a secret in plain text passed:\n" + r.output);
        assertTrue(r.output.contains("GATEHOUSE_KEY_ENCRYPTION_SECRET must come from a secretKeyRef"), r.output);
    }

    @Test
    void kubernetesManifestWhenProbeMisspeltThenValidatorFails(@TempDir Path dir) throws Exception {
        // The schema lets unknown fields through (as the API server does without strict validation):
        // the validator's own rule catches a readiness probe that is not there.
        String broken = replaceOnce(Files.readString(MANIFEST), "readinessProbe:", "readinesProbe:");
        Result r = kubernetes(write(dir, "gatehouse.yaml", broken));
        assertNotEquals(0, r.exit, "a Deployment without a readiness probe passed:\n" + r.output);
        assertTrue(r.output.contains("readinessProbe.httpGet.path must be /q/health/ready"), r.output);
    }

    private static Result compose(Path file) throws Exception {
        String exe = onPath("docker-compose");
        return run(List.of(exe, "-f", file.toString(), "config", "-q"));
    }

    private static Result kubernetes(Path file) throws Exception {
        if (!Files.isDirectory(Path.of("deploy/validate/node_modules/kubernetes-models"))) {
            fail("deploy/validate/node_modules is missing: run ./test (or `npm ci` in deploy/validate)");
        }
        return run(List.of(onPath("node"), VALIDATOR.toString(), file.toString()));
    }

    private static String onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail(exe + " is not installed: run ./test, which installs it (apt-get install docker-compose / nodejs)");
    }

    private static Result run(List<String> command) throws Exception {
        Path out = Files.createTempFile("deployment-files", ".log");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        assertTrue(at >= 0, "the test's anchor is no longer in the file: " + what);
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private record Result(int exit, String output) {
    }
}
