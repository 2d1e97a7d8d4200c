package io.kmsmig.spec;

import io.kmsmig.diag.Diagnostic;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.Position;
import io.kmsmig.formats.Problem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The schema's problems with a spec, as diagnostics, with kmsmig's advice where the schema's words alone would not
 * help, and never repeating a value that may be a credential or a password pasted into the wrong field.
 */
final class SchemaAdvice {
    private SchemaAdvice() {}

    /** The problems as diagnostics, with kmsmig's advice added where the schema's words alone would not help. */
    static List<Diagnostic> diagnostics(String label, ParsedDocument doc, List<Problem> problems) {
        List<Diagnostic> out = new ArrayList<>();
        for (Problem p : problems) {
            String msg = p.message();
            JsonNode value =
                    doc == null || p.pointer().isEmpty() ? null : doc.root().at(p.pointer());
            if (p.pointer().endsWith("/region")
                    && value != null
                    && value.isString()
                    && Regions.suggestion(value.asString()).isPresent()) {
                // The schema's pattern refuses CN-HANGZHOU or " cn-hangzhou" before the known-region check can suggest.
                msg = "'" + value.asString() + "' is not a region id (lower case, no spaces); did you mean '"
                        + Regions.suggestion(value.asString()).get() + "'?";
            } else if (p.pointer().equals("/state/passwordEnv") && msg.contains("' is not valid")) {
                // Not repeated: it may be the password itself, pasted in.
                msg = "is not an environment variable name (upper-case letters, digits, underscores). If you wrote the "
                        + "password itself here, remove it from the spec and its history, change it, and name the "
                        + "variable that holds it instead (default: PGPASSWORD)";
            } else if (p.pointer().startsWith("/state/") && msg.startsWith("unknown field")) {
                msg += ". The state mapping takes backend, url, schema, workspace, passwordEnv (postgres) or backend, "
                        + "path (file); a password never goes in the spec: it comes from PGPASSWORD or passwordEnv";
            } else if (p.pointer().matches(".*/credentials/env/[^/]+") && msg.contains("' is not valid")) {
                // The schema's message repeats the value: here it is likely the key itself, pasted in.
                msg = "is not an environment variable name (upper-case letters, digits, underscores). If you wrote the "
                        + "key itself here, remove it from the spec and its history, rotate it, and name the variable "
                        + "that holds it instead";
            } else if (p.pointer().matches(".*/credentials(/[^/]+)*")
                    && msg.startsWith("'")
                    && msg.contains("' is not valid")) {
                msg = "the value (not repeated here: it is under credentials)"
                        + msg.substring(msg.indexOf("' is not valid") + 1);
            } else if (p.pointer().matches(".*/credentials(/[^/]+)*") && msg.startsWith("unknown field")) {
                msg += ". Credentials are never written in a spec: use { profile: NAME }, "
                        + "{ env: { accessKeyId: VAR_NAME, accessKeySecret: VAR_NAME } }, { ecsRamRole: {} }, "
                        + "{ oidc: {} }, and assumeRole: { roleArn: ... } on top";
            }
            // A whole-file problem (binary, too large) still points somewhere: the start of the document.
            out.add(Diagnostic.error(
                    label, p.position() == null ? new Position(1, 1) : p.position(), p.fieldPath(), msg));
        }
        return out;
    }
}
