package io.kmsmig.snapshot;

import io.kmsmig.kms.KeyDescription;
import io.kmsmig.kms.KmsPort;
import io.kmsmig.spec.MigrationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks before planning that the destination can take the secrets: the KMS instance exists (GetKmsInstance)
 * and the key exists, is symmetric and belongs to it (DescribeKey) (kms-openapi.md §12.4, §15).
 *
 * @param errors        problems, each with the next step
 * @param resolvedKeyId the key's id as DescribeKey answered (the spec may name an alias or ARN), or null
 */
public record Preflight(List<String> errors, String resolvedKeyId) {
    public Preflight {
        errors = List.copyOf(errors);
    }

    public static Preflight check(MigrationSpec spec, KmsPort destination) {
        List<String> errors = new ArrayList<>();
        String instance = spec.destination().kmsInstanceId();
        String region = spec.destination().region();
        Optional<String> status = destination.getKmsInstanceStatus(instance);
        if (status.isEmpty()) {
            errors.add("KMS instance " + instance + " does not exist in " + region
                    + ". Purchase and enable one, or fix " + "destination.kmsInstanceId.");
        }
        String keyId = spec.destination().encryptionKeyId();
        Optional<KeyDescription> key = destination.describeKey(keyId);
        String resolved = null;
        if (key.isEmpty()) {
            errors.add("Key " + keyId + " does not exist in " + region + ". Create a symmetric key in " + instance
                    + ", or fix destination.encryptionKeyId.");
        } else {
            resolved = key.get().keyId();
            if (!instance.equals(key.get().kmsInstanceId())) {
                errors.add("Key " + keyId + " belongs to "
                        + (key.get().kmsInstanceId() == null
                                ? "no KMS instance"
                                : "instance " + key.get().kmsInstanceId())
                        + ", not " + instance + "; a secret's key must be in "
                        + "the secret's instance.");
            }
            if (!key.get().symmetric()) {
                errors.add("Key " + keyId + " is " + key.get().keySpec() + "; secrets need a symmetric key "
                        + "(Aliyun_AES_256 or Aliyun_SM4).");
            }
        }
        return new Preflight(errors, resolved);
    }
}
