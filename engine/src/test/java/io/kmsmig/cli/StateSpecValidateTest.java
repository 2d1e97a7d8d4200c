package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kmsmig validate} checks the spec's {@code state} mapping: each mistake is reported with the file, the line
 * of the field, the field and what to do, exit 1; a password never comes from the spec, and is never repeated.
 */
class StateSpecValidateTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown backend        | backend: s3;url: postgresql://k@db/k                          | 12 | state.backend     | must be one of: postgres, file
            missing url            | backend: postgres;schema: kmsmig                              | 12 | state.url         | backend: postgres needs the database's URL
            password in user info  | backend: postgres;url: postgresql://k:CANARYPW@db:5432/k      | 13 | state.url         | the password comes from the environment: set PGPASSWORD or the variable passwordEnv names
            password parameter     | backend: postgres;url: postgresql://k@db/k?password=CANARYPW  | 13 | state.url         | holds a password (?password=)
            jdbc password          | backend: postgres;url: jdbc:postgresql://db/k?user=k&password=CANARYPW | 13 | state.url | the password comes from the environment
            other scheme           | backend: postgres;url: mysql://k@db/k                         | 13 | state.url         | must start with postgresql://
            no database            | backend: postgres;url: postgresql://k@db:5432                 | 13 | state.url         | names no database
            bad sslmode            | backend: postgres;url: postgresql://k@db/k?sslmode=verify     | 13 | state.url         | use one of verify-full
            unknown parameter      | backend: postgres;url: postgresql://k@db/k?colour=blue        | 13 | state.url         | unknown connection parameter 'colour'
            bad schema             | backend: postgres;url: postgresql://k@db/k;schema: Kms-Mig   | 14 | state.schema      | is not valid
            bad workspace          | backend: postgres;url: postgresql://k@db/k;workspace: 'pr od' | 14 | state.workspace   | is not valid
            password as env name   | backend: postgres;url: postgresql://k@db/k;passwordEnv: CANARYPW-x | 14 | state.passwordEnv | If you wrote the password itself here
            password field         | backend: postgres;url: postgresql://k@db/k;password: CANARYPW | 14 | state.password    | a password never goes in the spec
            path with postgres     | backend: postgres;url: postgresql://k@db/k;path: x.json       | 14 | state.path        | belongs to backend: file
            url with file          | backend: file;path: x.json;url: postgresql://k@db/k           | 14 | state.url         | belongs to backend: postgres
            file without path      | backend: file                                                 | 12 | state.path        | backend: file needs the state file's path
            """)
    void validate_reportsStateMistakes_withLineFieldAndAdvice(
            String name, String fields, int line, String field, String advice) throws Exception {
        // given
        StringBuilder block = new StringBuilder("state:\n");
        for (String f : fields.split(";")) {
            block.append("  ").append(f).append('\n');
        }
        Files.writeString(
                dir.resolve("spec.yaml"), Worlds.memorySpec("").replace("state: state.json\n", block.toString()));
        // when
        CliRun.Result r = new CliRun(dir).run("validate", "-f", "spec.yaml");
        // then
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("spec.yaml:" + line + ":"), "names the line:\n" + r.err());
        assertTrue(r.err().contains(": " + field + ": "), "names the field:\n" + r.err());
        assertTrue(r.err().contains(advice), "says what to do:\n" + r.err());
        assertFalse(r.all().contains("CANARYPW"), "a password is never repeated:\n" + r.all());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            libpq URI          | backend: postgres;url: "postgresql://kmsmig@db.internal:5432/kmsmig?sslmode=verify-full"
            short scheme       | backend: postgres;url: postgres://kmsmig@db/kmsmig;workspace: prod;passwordEnv: KMSMIG_PG_PASSWORD
            jdbc URL           | backend: postgres;url: "jdbc:postgresql://db:5433/kmsmig?user=kmsmig&sslmode=require";schema: team_a
            file mapping       | backend: file;path: state/x.state.json
            """)
    void validate_acceptsTheStateForms(String name, String fields) throws Exception {
        StringBuilder block = new StringBuilder("state:\n");
        for (String f : fields.split(";")) {
            block.append("  ").append(f).append('\n');
        }
        Files.writeString(
                dir.resolve("spec.yaml"), Worlds.memorySpec("").replace("state: state.json\n", block.toString()));
        CliRun.Result r = new CliRun(dir).run("validate", "-f", "spec.yaml");
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void readmeStateBlock_validates() throws Exception {
        String readme = Files.readString(CliRun.REPO.resolve("README.md"));
        int at = readme.indexOf("## State in PostgreSQL");
        int start = readme.indexOf("```yaml\n", at) + "```yaml\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        assertTrue(block.startsWith("state:\n  backend: postgres\n"), block);
        Files.writeString(dir.resolve("spec.yaml"), Worlds.memorySpec("").replace("state: state.json\n", block));
        CliRun.Result r = new CliRun(dir).run("validate", "-f", "spec.yaml");
        assertEquals(0, r.exit(), r.all());
    }
}
