package io.kmsmig.kms;

import io.kmsmig.diag.FailureCode;
import java.util.Objects;

/**
 * A KMS error code (kms-openapi.md, per API), or an SDK one for a call that got no answer. An open set: KMS adds
 * codes, so this is a value, with constants for the ones kmsmig branches on.
 */
public record KmsCode(String wire) implements FailureCode {
    /** CreateSecret or PutSecretValue: the secret or version exists (§3, §8). */
    public static final KmsCode RESOURCE_EXIST = new KmsCode("Rejected.ResourceExist");
    /** DeleteSecret on a secret already pending deletion (§11). */
    public static final KmsCode RESOURCE_IN_DELETE_WINDOW = new KmsCode("Rejected.ResourceInDeleteWindow");
    /** RestoreSecret on a secret that is not pending deletion (§11). */
    public static final KmsCode RESOURCE_IN_USE = new KmsCode("Rejected.ResourceInUse");

    public KmsCode {
        Objects.requireNonNull(wire, "wire");
    }
}
