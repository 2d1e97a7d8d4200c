package io.kmsmig.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
    private static final String VALID = String.join(
            "\n",
            "version: 1",
            "name: hz-to-sh",
            "source: { region: cn-hangzhou }",
            "destination: { region: cn-shanghai, kmsInstanceId: kst-sh-1, encryptionKeyId: key-sh-1 }",
            "");

    private List<Problem> check(String yaml) {
        ParsedDocument doc = new YamlReader(YamlReader.Limits.SMALL).read(yaml.getBytes(StandardCharsets.UTF_8));
        return SchemaCheck.of("migration-spec.v1.schema.json").validate(doc);
    }

    @Test
    void validSpec_hasNoProblems() {
        assertEquals(List.of(), check(VALID));
    }

    @Test
    void unknownKey_isNamedAtItsLineWithASuggestion() {
        List<Problem> problems = check(VALID + "secrets: { incldue: ['*'] }\n");
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertEquals("secrets.incldue", p.fieldPath());
        assertEquals(5, p.position().line());
        assertTrue(p.message().contains("did you mean 'include'"), p.message());
    }

    @Test
    void missingRequiredField_namesTheField() {
        List<Problem> problems = check("version: 1\nname: x\nsource: { region: cn-hangzhou }\n"
                + "destination: { region: cn-shanghai, kmsInstanceId: kst-1 }\n");
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("destination.encryptionKeyId", problems.get(0).fieldPath());
        assertTrue(
                problems.get(0).message().startsWith("missing required field 'encryptionKeyId'"),
                problems.get(0).message());
    }

    @Test
    void wrongType_andOutOfRange_areBothReported() {
        List<Problem> problems =
                check(VALID + "execution: { parallelism: many }\ncutover: { recoveryWindowDays: 3 }\n");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).message().contains("expected a whole number, found the string 'many'"),
                problems.get(0).message());
        assertTrue(
                problems.get(1).message().contains("out of range 7..30"),
                problems.get(1).message());
    }

    @Test
    void enumValue_listsTheAllowedOnes() {
        List<Problem> problems = check(VALID + "policies: { ramSecrets: delete }\n");
        assertTrue(problems.get(0).message().contains("must be one of: skip, recreate"), problems.toString());
    }

    @Test
    void badPattern_explainsWithTheDescription() {
        List<Problem> problems = check(VALID.replace("name: hz-to-sh", "name: Hz_To_Sh"));
        assertEquals("name", problems.get(0).fieldPath());
        assertTrue(
                problems.get(0).message().contains("Lower-case letters, digits and dashes"),
                problems.get(0).message());
    }

    @Test
    void renamedRequiredField_isReportedOnceAsTheLikelyRename() {
        // given: a required key spelt wrong is both missing and unknown to the schema
        List<Problem> problems = check("version: 1\nname: x\nsource: { region: cn-hangzhou }\n"
                + "destination: { region: cn-shanghai, kmsInstanceId: kst-1,\n  encryptionKeyID: key-1 }\n");
        // then: one problem, at the misspelt key, naming the required field
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("destination.encryptionKeyID", problems.get(0).fieldPath());
        assertEquals(new Position(5, 3), problems.get(0).position());
        assertEquals(
                "unknown field 'encryptionKeyID'; did you mean 'encryptionKeyId' (required)?",
                problems.get(0).message());
    }

    @Test
    void unknownFieldFarFromTheMissingOne_staysTwoProblems() {
        List<Problem> problems = check("version: 1\nname: x\nsource: { region: cn-hangzhou }\n"
                + "destination: { region: cn-shanghai, kmsInstanceId: kst-1, colour: blue }\n");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.message().startsWith("missing required field 'encryptionKeyId'")));
        assertTrue(problems.stream().anyMatch(p -> p.message().startsWith("unknown field 'colour'")));
    }
}
