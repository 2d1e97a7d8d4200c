package io.kmsmig.cli;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A lint of the pipeline examples that runs on a fresh machine with Java and Maven only: the workflow against the
 * vendored JSON schemas (src/test/resources/ci-schemas: SchemaStore's github-workflow.json and GitLab's CI schema,
 * see the README there), then the rules issue 14 asks of these pipelines, which no schema says: jobs that run apply,
 * verify or cutover are restricted to protected refs, the cutover is manual, no job may write the repository or
 * push, and the pull-request job signs as the plan role. Each method returns the problems, empty when there are none.
 */
final class PipelineLint {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A kmsmig verb that reads values or writes KMS: only on protected refs. */
    private static final Pattern WRITES = Pattern.compile("/kmsmig\\s+(apply|verify)\\b");

    private static final Pattern PUSH = Pattern.compile("\\bgit\\s+push\\b");

    /** Compiled once per JVM: compiling GitLab's schema is most of a lint's time. */
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private PipelineLint() {}

    private static Schema schema(String schemaFile) {
        try (InputStream in = PipelineLint.class.getResourceAsStream("/ci-schemas/" + schemaFile)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<?, ?> load(String yaml) {
        return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    /** The schema's findings for {@code yaml}, as "path: message". */
    static List<String> schemaProblems(String yaml, String schemaFile) {
        Schema schema = SCHEMAS.computeIfAbsent(schemaFile, PipelineLint::schema);
        JsonNode doc = JSON.valueToTree(load(yaml));
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(doc)) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

    /** GitHub Actions, state in PostgreSQL: nothing writes the repository, and each job has the least role. */
    static List<String> github(String yaml) {
        Map<?, ?> root = load(yaml);
        List<String> out = new ArrayList<>(githubCommon(root));
        noRepositoryWrites(root, out);
        for (Map.Entry<?, ?> job : jobs(root).entrySet()) {
            Map<?, ?> j = (Map<?, ?>) job.getValue();
            String name = String.valueOf(job.getKey());
            if (name.equals("cutover") && !"kmsmig-cutover".equals(j.get("environment"))) {
                out.add("cutover: must run in the environment kmsmig-cutover (required reviewers: the manual step)");
            }
        }
        return out;
    }

    /** The file-state variant: as above, but its state push may and must write; a failure of it fails the job. */
    static List<String> githubFileState(String yaml) {
        Map<?, ?> root = load(yaml);
        List<String> out = new ArrayList<>(githubCommon(root));
        String state = String.valueOf(((Map<?, ?>) root.get("env")).get("STATE"));
        String spec = String.valueOf(((Map<?, ?>) root.get("env")).get("SPEC"));
        // The header's spec line, resolved as kmsmig resolves it (against the spec's directory), is the job's path.
        Matcher m = Pattern.compile("(?m)^#\\s+state:\\s*(\\S+)\\s*$").matcher(yaml);
        if (!m.find()
                || !Path.of(spec)
                        .resolveSibling(m.group(1))
                        .normalize()
                        .toString()
                        .equals(state)) {
            out.add("env.STATE (" + state + ") is not the spec's state: path shown in the header");
        }
        int pushes = 0;
        for (Map.Entry<?, ?> job : jobs(root).entrySet()) {
            for (Object s : steps(job.getValue())) {
                Map<?, ?> step = (Map<?, ?>) s;
                String run = String.valueOf(step.get("run"));
                if (!PUSH.matcher(run).find()) {
                    continue;
                }
                pushes++;
                String where = job.getKey() + ": step '" + step.get("name") + "'";
                if (!"always()".equals(String.valueOf(step.get("if")))) {
                    out.add(where + ": must run after a failed apply too (if: always())");
                }
                if (step.containsKey("continue-on-error")) {
                    out.add(where + ": a failed state push must fail the job (no continue-on-error)");
                }
                if (!run.contains("set -euo pipefail") || run.contains("|| true") || run.contains("set +e")) {
                    out.add(where + ": a failed state push must fail the job (set -euo pipefail, no || true)");
                }
                if (!run.contains("\"$STATE\"") || !run.contains("git add --all --force")) {
                    out.add(where + ": must check $STATE and add the journal and backup beside it");
                }
                if (!run.contains("HEAD:kmsmig-state")) {
                    out.add(where + ": pushes only the state branch kmsmig-state, never main");
                }
            }
        }
        if (pushes != 1) {
            out.add("exactly one step pushes the state (found " + pushes + ")");
        }
        return out;
    }

    private static List<String> githubCommon(Map<?, ?> root) {
        List<String> out = new ArrayList<>();
        if (!(root.get("permissions") instanceof Map<?, ?> p) || !p.isEmpty()) {
            out.add("permissions: the workflow grants nothing by default (permissions: {})");
        }
        // GitHub cancels a group's pending run when a newer one queues: a pull request's plan must never share a
        // group with main's apply, or a push to a pull request cancels the apply of a merge waiting for its turn.
        if (root.get("concurrency") instanceof Map<?, ?> c
                && !String.valueOf(c.get("group")).contains("github.event.pull_request.number")) {
            out.add("concurrency: pull requests and main share one group, so a pull request's run can cancel main's "
                    + "pending apply; key the group by pull request");
        }
        for (Map.Entry<?, ?> job : jobs(root).entrySet()) {
            String name = String.valueOf(job.getKey());
            Map<?, ?> j = (Map<?, ?>) job.getValue();
            String cond = String.valueOf(j.get("if"));
            String text = String.valueOf(j);
            if (WRITES.matcher(runs(j)).find()) {
                if (!cond.contains("github.ref == 'refs/heads/main'")) {
                    out.add(name + ": runs kmsmig apply/verify but its if: does not restrict it to refs/heads/main");
                }
                if (!(j.get("environment") instanceof String env) || !env.startsWith("kmsmig-")) {
                    out.add(name + ": runs kmsmig apply/verify outside a protected kmsmig-* environment");
                }
            }
            if (cond.contains("pull_request")) {
                if (WRITES.matcher(runs(j)).find()) {
                    out.add(name + ": a pull-request job runs kmsmig apply/verify");
                }
                if (!text.contains("role-to-assume=${{ vars.KMSMIG_PLAN_ROLE_ARN }}")
                        || text.matches("(?s).*KMSMIG_(APPLY|VERIFY|CUTOVER)_ROLE.*")) {
                    out.add(name + ": the pull-request job must sign as the plan role, and only as it");
                }
            }
            if (text.contains("role-to-assume")
                    && !(j.get("permissions") instanceof Map<?, ?> p && "write".equals(p.get("id-token")))) {
                out.add(name + ": assumes a role by OIDC without permissions: id-token: write");
            }
            if (text.matches("(?s).*secrets\\.[A-Z_]*ACCESS_KEY.*")) {
                out.add(name + ": a stored AccessKey; use OIDC (AccessKeys are the documented fallback only)");
            }
        }
        return out;
    }

    private static void noRepositoryWrites(Map<?, ?> root, List<String> out) {
        for (Map.Entry<?, ?> job : jobs(root).entrySet()) {
            Map<?, ?> j = (Map<?, ?>) job.getValue();
            Object perms = j.get("permissions");
            if ((perms instanceof Map<?, ?> p && "write".equals(p.get("contents"))) || "write-all".equals(perms)) {
                out.add(job.getKey() + ": permissions contents: write (nothing is committed back)");
            }
            if (PUSH.matcher(runs(j)).find()) {
                out.add(job.getKey() + ": git push (nothing is committed back)");
            }
        }
    }

    /** GitLab CI, state in PostgreSQL. */
    static List<String> gitlab(String yaml) {
        Map<?, ?> root = load(yaml);
        List<String> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (name.startsWith(".") || !(e.getValue() instanceof Map<?, ?> raw) || !raw.containsKey("script")) {
                continue;
            }
            Map<?, ?> j = extended(root, raw);
            String shell = String.valueOf(j.get("before_script")) + j.get("script") + j.get("after_script");
            String role = String.valueOf(((Map<?, ?>) j.get("variables")).get("ALIBABA_CLOUD_ROLE_ARN"));
            List<?> rules = j.get("rules") instanceof List<?> l ? l : List.of();
            if (PUSH.matcher(shell).find()) {
                out.add(name + ": git push (nothing is committed back)");
            }
            if (j.get("after_script") != null
                    && String.valueOf(j.get("after_script")).contains("kmsmig")) {
                out.add(name + ": after_script's failures are ignored; nothing of kmsmig's belongs there");
            }
            if (!(j.get("id_tokens") instanceof Map<?, ?> t)
                    || !String.valueOf(t).contains("aud=sts.aliyuncs.com")) {
                out.add(name + ": no id_tokens with aud sts.aliyuncs.com (the RAM OIDC provider's client ID)");
            }
            if (WRITES.matcher(shell).find()) {
                if (rules.isEmpty()) {
                    out.add(name + ": runs kmsmig apply/verify without rules restricting it to protected refs");
                }
                for (Object r : rules) {
                    Map<?, ?> rule = (Map<?, ?>) r;
                    if (!"never".equals(rule.get("when"))
                            && !String.valueOf(rule.get("if")).contains("$CI_COMMIT_REF_PROTECTED == \"true\"")) {
                        out.add(name + ": runs kmsmig apply/verify under a rule without $CI_COMMIT_REF_PROTECTED");
                    }
                }
            }
            if (name.contains("cutover")
                    && (rules.isEmpty()
                            || !rules.stream().allMatch(r -> "manual".equals(((Map<?, ?>) r).get("when"))))) {
                out.add(name + ": the cutover is a manual job (when: manual in every rule)");
            }
            boolean mergeRequest = String.valueOf(rules).contains("merge_request_event");
            if (mergeRequest != role.equals("$KMSMIG_PLAN_ROLE_ARN")) {
                out.add(name + ": the merge-request job signs as the plan role, and no other job does (" + role + ")");
            }
        }
        return out;
    }

    /** The job with its extends: template merged under it (one level of maps, as GitLab's deep merge). */
    private static Map<?, ?> extended(Map<?, ?> root, Map<?, ?> job) {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (job.get("extends") instanceof String base && root.get(base) instanceof Map<?, ?> template) {
            out.putAll(template);
        }
        job.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && out.get(k) instanceof Map<?, ?> t) {
                Map<Object, Object> merged = new LinkedHashMap<>(t);
                merged.putAll(m);
                out.put(k, merged);
            } else {
                out.put(k, v);
            }
        });
        out.putIfAbsent("variables", Map.of());
        return out;
    }

    private static Map<?, ?> jobs(Map<?, ?> root) {
        return (Map<?, ?>) root.get("jobs");
    }

    private static List<?> steps(Object job) {
        return ((Map<?, ?>) job).get("steps") instanceof List<?> l ? l : List.of();
    }

    private static String runs(Map<?, ?> job) {
        StringBuilder b = new StringBuilder();
        for (Object s : steps(job)) {
            b.append(((Map<?, ?>) s).get("run")).append('\n');
        }
        return b.toString();
    }
}
