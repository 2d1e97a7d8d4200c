package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pipeline examples pass the lint ({@link PipelineLint}): their platform's schema and the rules of issue 14. And
 * the lint can fail: a copy broken in one place is caught, with a message naming what is wrong.
 */
class PipelineLintTest {
    private static final String GITHUB = "github-actions.yml";
    private static final String GITLAB = "gitlab-ci.yml";
    private static final String FILE_STATE = "github-actions-file-state.yml";

    private static String read(String file) throws IOException {
        return Files.readString(CliRun.REPO.resolve("examples/ci").resolve(file));
    }

    private static List<String> lint(String file, String yaml) {
        String schema = file.equals(GITLAB) ? "gitlab-ci.json" : "github-workflow.json";
        List<String> out = new ArrayList<>(PipelineLint.schemaProblems(yaml, schema));
        Function<String, List<String>> rules = file.equals(GITLAB)
                ? PipelineLint::gitlab
                : file.equals(GITHUB) ? PipelineLint::github : PipelineLint::githubFileState;
        out.addAll(rules.apply(yaml));
        return out;
    }

    @ParameterizedTest
    @CsvSource({GITHUB, GITLAB, FILE_STATE})
    void thePipelineExamplesPassTheLint(String file) throws IOException {
        assertEquals(List.of(), lint(file, read(file)), file);
    }

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            github-actions.yml | 'if: github.ref == ''refs/heads/main'' && needs.route.outputs.cutover == ''false''' | 'if: needs.route.outputs.cutover == ''false''' | apply: runs kmsmig apply/verify but its if: does not restrict it to refs/heads/main
            github-actions.yml | 'environment: kmsmig-verify' | 'environment: prod' | verify: runs kmsmig apply/verify outside a protected kmsmig-* environment
            github-actions.yml | 'environment: kmsmig-cutover' | 'environment: kmsmig-apply' | cutover: must run in the environment kmsmig-cutover
            github-actions.yml | 'contents: read\n      actions: read          # the reviewed' | 'contents: write\n      actions: read          # the reviewed' | apply: permissions contents: write
            github-actions.yml | '${{ vars.KMSMIG_PLAN_ROLE_ARN }}' | '${{ vars.KMSMIG_APPLY_ROLE_ARN }}' | plan: the pull-request job must sign as the plan role
            github-actions.yml | '    permissions:\n      contents: read\n      id-token: write\n    env:' | '    permissions: write-all\n    env:' | permissions contents: write
            github-actions.yml | 'id-token: write        # the OIDC token for the plan role' | 'statuses: read' | plan: assumes a role by OIDC without permissions: id-token: write
            github-actions.yml | 'run: .kmsmig/bin/kmsmig validate -f "$SPEC"' | 'run: git push origin HEAD:main' | plan: git push
            github-actions.yml | '  group: kmsmig-hz-to-sh-${{ github.event_name == ''pull_request'' && format(''pr-{0}'', github.event.pull_request.number) || ''main'' }}' | '  group: kmsmig-hz-to-sh' | concurrency: pull requests and main share one group
            github-actions-file-state.yml | '  group: kmsmig-hz-to-sh-${{ github.event_name == ''pull_request'' && format(''pr-{0}'', github.event.pull_request.number) || ''main'' }}' | '  group: kmsmig-hz-to-sh' | concurrency: pull requests and main share one group
            github-actions.yml | 'runs-on: ubuntu-latest' | 'runs_on: ubuntu-latest' | /jobs/plan: required property 'runs-on' not found
            gitlab-ci.yml | '&& $CI_COMMIT_REF_PROTECTED == "true"' | '' | kmsmig-apply: runs kmsmig apply/verify under a rule without $CI_COMMIT_REF_PROTECTED
            gitlab-ci.yml | '      when: manual' | '      when: on_success' | kmsmig-cutover: the cutover is a manual job
            gitlab-ci.yml | 'ALIBABA_CLOUD_ROLE_ARN: $KMSMIG_PLAN_ROLE_ARN' | 'ALIBABA_CLOUD_ROLE_ARN: $KMSMIG_VERIFY_ROLE_ARN' | kmsmig-plan: the merge-request job signs as the plan role
            gitlab-ci.yml | '      aud: sts.aliyuncs.com' | '      aud: https://gitlab.com' | no id_tokens with aud sts.aliyuncs.com
            gitlab-ci.yml | '  artifacts:\n    when: always\n    paths: [apply-events.jsonl]' | '  after_script:\n    - git push -q origin HEAD:main' | kmsmig-apply: git push
            gitlab-ci.yml | '  stage: apply\n  resource_group' | '  stage: apply\n  resource_grop' | resource_grop
            github-actions-file-state.yml | 'git push -q origin HEAD:kmsmig-state' | 'git push -q origin HEAD:kmsmig-state || true' | a failed state push must fail the job
            github-actions-file-state.yml | '        if: always()\n        run: |\n          set -euo pipefail\n          # The spec' | '        continue-on-error: true\n        run: |\n          set -euo pipefail\n          # The spec' | must run after a failed apply too
            github-actions-file-state.yml | 'STATE: kmsmig-state/hz-to-sh.state.json' | 'STATE: migrations/state/hz-to-sh.state.json' | env.STATE (migrations/state/hz-to-sh.state.json) is not the spec's state: path
            github-actions-file-state.yml | 'HEAD:kmsmig-state' | 'HEAD:main' | pushes only the state branch kmsmig-state, never main
            """)
    void aCopyBrokenInOnePlaceFailsTheLint(String file, String from, String to, String expected) throws IOException {
        String good = read(file);
        String needle = from.replace("\\n", "\n");
        assertTrue(good.contains(needle), file + " holds the text the broken copy changes: " + needle);
        // given: the example with one thing broken
        String broken = good.replace(needle, to.replace("\\n", "\n"));
        // when
        List<String> problems = lint(file, broken);
        // then
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), file + ": " + expected + " in " + problems);
    }

    @Test
    void theVendoredSchemasAreTheOnesNamed() {
        // The lint is only as good as its schemas: a stub that accepts anything would pass every file.
        List<String> github =
                PipelineLint.schemaProblems("name: x\non: push\njobs: {}\nbogus: 1\n", "github-workflow.json");
        assertFalse(github.isEmpty(), "SchemaStore's workflow schema refuses an unknown top-level key");
        List<String> gitlab =
                PipelineLint.schemaProblems("job:\n  script: [true]\n  rules: [{iff: x}]\n", "gitlab-ci.json");
        assertFalse(gitlab.isEmpty(), "GitLab's schema refuses an unknown key in a rule");
    }
}
