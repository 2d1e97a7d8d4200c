package io.kmsmig.state;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.util.Objects;

/**
 * The check before a state moves from one place to another ({@code state push}, {@code state pull}), as Terraform's
 * {@code state push} does: the incoming state must be of the same lineage as the one it replaces and not older
 * (a lower serial, or the same serial with other content), else it would silently undo what was recorded since.
 * {@code --force} overrides, after the message said what would be lost and how to keep a copy.
 */
public final class StateTransfer {
    private StateTransfer() {}

    /** What the move will do. */
    public enum Outcome {
        /** Nothing there yet: the incoming state is written. */
        NEW,
        /** A newer state of the same lineage replaces an older one. */
        NEWER,
        /** The very same state is there already: nothing to write. */
        SAME,
        /** Refused without --force, written with it. */
        FORCED
    }

    /**
     * Checks {@code incoming} against {@code present} (what {@code target} holds now).
     *
     * @param target    where the state goes, for messages (e.g. "the PostgreSQL state of migration 'x'")
     * @param keepCopy  the command that saves a copy of what is there, for the message
     * @throws KmsmigException when the move would lose what {@code present} records and {@code force} is off
     */
    public static Outcome check(State present, State incoming, String target, String keepCopy, boolean force) {
        if (!incoming.exists()) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "There is no state to move: it has no lineage (nothing was ever applied).");
        }
        if (!present.exists()) {
            return Outcome.NEW;
        }
        String problem = null;
        if (!Objects.equals(present.lineage(), incoming.lineage())) {
            problem = "is another state (another lineage)";
        } else if (present.serial() > incoming.serial()) {
            problem = "is older than the one there (a lower serial): it would undo the changes recorded since";
        } else if (present.serial() == incoming.serial()) {
            if (sameContent(present, incoming)) {
                return Outcome.SAME;
            }
            problem = "has the same serial but other content: the two diverged";
        }
        if (problem == null) {
            return Outcome.NEWER;
        }
        if (force) {
            return Outcome.FORCED;
        }
        throw new KmsmigException(
                ErrorCode.STATE_INVALID,
                "Refused: the incoming state " + problem + ".\n"
                        + "  incoming: lineage " + incoming.lineage() + ", serial " + incoming.serial() + ", "
                        + incoming.secrets().size() + " secrets\n"
                        + "  " + target + ": lineage " + present.lineage() + ", serial " + present.serial() + ", "
                        + present.secrets().size() + " secrets\n"
                        + "Nothing was written. If the incoming state is the one to keep, save a copy of the other "
                        + "first (" + keepCopy + "), then run the command again with --force.");
    }

    /**
     * The state to write for {@code outcome}: {@code incoming}, except that a forced one whose serial is not above the
     * present one's is written with the next serial. Serials only grow, so the replaced state keeps its place in the
     * history (PostgreSQL keeps it by serial; a lower serial would push it, and the history above, out) and a plan
     * saved against a serial the store had before cannot match the state written now.
     */
    public static State written(State present, State incoming, Outcome outcome) {
        if (outcome != Outcome.FORCED || incoming.serial() > present.serial()) {
            return incoming;
        }
        return new State(
                incoming.formatVersion(),
                incoming.lineage(),
                present.serial() + 1,
                incoming.specName(),
                incoming.specSha256(),
                incoming.updatedAt(),
                incoming.secrets(),
                incoming.lastApply());
    }

    /** Equal but for the time each was read or written. */
    private static boolean sameContent(State a, State b) {
        return StateCodec.write(a)
                .without("updated_at")
                .equals(StateCodec.write(b).without("updated_at"));
    }
}
