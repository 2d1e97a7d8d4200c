package io.kmsmig.kms;

import com.aliyun.dkms.gcs.openapi.models.Config;
import com.aliyun.dkms.gcs.sdk.Client;
import com.aliyun.dkms.gcs.sdk.models.GetSecretValueRequest;
import com.aliyun.dkms.gcs.sdk.models.GetSecretValueResponse;
import com.aliyun.tea.TeaException;
import javax.net.ssl.SSLException;

/**
 * {@link InstanceGatewayPort} over alibabacloud-dkms-gcs-sdk 0.5.2: what an application does to read a secret
 * through the KMS instance endpoint with its client key (sdk-wire-protocol.md §3). Failures name the likely
 * cause: client key password, CA, network rule, or the access point's policy.
 */
final class DkmsGateway implements InstanceGatewayPort {
    private final GatewayTarget target;
    private final Client client;

    DkmsGateway(GatewayTarget target) {
        this.target = target;
        try {
            this.client = new Client(new Config()
                    .setEndpoint(target.endpoint())
                    .setClientKeyFile(target.clientKeyFile().toString())
                    .setPassword(target.password())
                    .setCaFilePath(target.caFile().toString()));
        } catch (Exception e) {
            String msg = String.valueOf(e.getMessage());
            String why = msg.contains("password")
                    ? "the client key password is wrong (it comes from " + target.passwordOrigin() + ")"
                    : "the client key file " + target.clientKeyFile() + " cannot be read ("
                            + e.getClass().getSimpleName() + ")";
            throw new KmsCallException(
                    "GetSecretValue",
                    "ClientKey",
                    KmsCallException.Kind.AUTH,
                    null,
                    "Cannot use the application's client key: " + why + ".");
        }
    }

    @Override
    public SecretValue getSecretValue(String name, String stage) {
        try {
            GetSecretValueResponse r = client.getSecretValue(
                    new GetSecretValueRequest().setSecretName(name).setVersionStage(stage));
            return new SecretValue(r.getSecretData(), r.getSecretDataType());
        } catch (TeaException e) {
            throw new KmsCallException(
                    "GetSecretValue",
                    e.getCode(),
                    kind(e.getCode()),
                    null,
                    "Reading " + name
                            + " through the instance endpoint " + target.endpoint() + " failed: " + e.getCode() + ". "
                            + hint(e.getCode()));
        } catch (Exception e) {
            boolean tls = cause(e, SSLException.class);
            String why = tls
                    ? "TLS failed: the instance CA (" + target.caFile() + ") does not sign the endpoint's "
                            + "certificate; download the instance's PrivateKmsCA_*.pem and set destination.caCert"
                    : "no answer; check destination.instanceEndpoint and that this machine's network (VPC) may reach "
                            + "the instance";
            throw new KmsCallException(
                    "GetSecretValue",
                    tls ? "TLS" : "Network",
                    tls ? KmsCallException.Kind.TLS : KmsCallException.Kind.NETWORK,
                    null,
                    "Reading " + name + " through the instance endpoint " + target.endpoint() + " failed: " + why
                            + ".");
        }
    }

    private static KmsCallException.Kind kind(String code) {
        if (code == null) {
            return KmsCallException.Kind.SERVER;
        }
        if (code.startsWith("Rejected.Unauthorized") || code.startsWith("Forbidden.NoPermission")) {
            return KmsCallException.Kind.AUTH;
        }
        return code.equals("Forbidden.ResourceNotFound")
                ? KmsCallException.Kind.NOT_FOUND
                : KmsCallException.Kind.CLIENT;
    }

    private static String hint(String code) {
        if ("Forbidden.ResourceNotFound".equals(code)) {
            return "The secret is not in this instance: was it created with destination.kmsInstanceId?";
        }
        if (code != null && (code.startsWith("Rejected.Unauthorized") || code.startsWith("Forbidden"))) {
            return "The client key is refused: check that it belongs to this instance's application access point "
                    + "and that the access point's policy allows this secret and this network.";
        }
        return "";
    }

    private static boolean cause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
