package io.kmsmig.apply;

import io.kmsmig.state.SecretState;

/**
 * A run of one secret's actions (on one thread). It holds the secret's state record as last recorded in the journal:
 * {@link ApplyContext#write} records the intent and then the outcome of each call, and hands each record back here.
 */
interface SecretRun {
    /** The secret's state record as last recorded (or a new pending one before the first write). */
    SecretState state();

    /** Takes the record just written to the journal as the secret's state. */
    void state(SecretState recorded);
}
