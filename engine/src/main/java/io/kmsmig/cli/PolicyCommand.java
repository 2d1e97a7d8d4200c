package io.kmsmig.cli;

import io.kmsmig.policy.PolicyBuilder;
import io.kmsmig.policy.RamPolicy;
import io.kmsmig.policy.Role;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig policy -f SPEC [--role ROLE]}: the least-privilege RAM policy a role needs for this spec. */
@Command(
        name = "policy",
        description = {
            "Print the RAM policy document (JSON) a role needs for exactly this spec, without touching KMS or state.",
            "",
            "Roles, one RAM user or role each:",
            "  plan     plan (and a saved plan's checks): reads metadata in both regions, never a value;",
            "           with cutover.deleteSource: true also ActionTrail's LookupEvents",
            "  verify   verify: the state's secrets' metadata and values (GetSecretValue, Decrypt) in both regions;",
            "           it lists nothing",
            "  apply    apply of a spec without deleteSource: reads the source's values, writes the destination",
            "           (GenerateDataKey on encryptionKeyId encrypts them), restores a withdrawn cutover",
            "  cutover  apply of a spec with deleteSource: true: apply's grants plus DeleteSecret and LookupEvents",
            "--role defaults to the role 'apply -f SPEC' runs as: cutover when the spec sets deleteSource: true,",
            "else apply.",
            "",
            "Every KMS action is scoped to its region: secret actions to the selected secrets' ARNs",
            "(acs:kms:<region>:<account>:secret/<pattern> from secrets.include, renamed in the destination), the",
            "destination key's ARN for DescribeKey, GenerateDataKey and Decrypt; ListSecrets and GetKmsInstance, which",
            "act on no one secret, to acs:kms:<region>:<account>:*.",
            "",
            "Standard output is the policy document itself, for 'aliyun ram CreatePolicy --PolicyDocument'. What it",
            "cannot say goes to standard error as notes: the account segment is '*' unless --account is given",
            "(kmsmig makes no call here); sts:GetCallerIdentity needs no permission; secrets.exclude and tags are not",
            "expressible, so the patterns cover secrets.include. The same inputs print the same bytes.",
            "Exit 0; 1 for a bad spec or a role the spec does not run (cutover for a spec that never deletes);",
            "64 for an unknown role or an account id that is not digits.",
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig policy -f examples/minimal.yaml --role plan --account 1234567890123456 > plan-policy.json",
            "  aliyun ram CreatePolicy --PolicyName kmsmig-plan --PolicyDocument \"$(cat plan-policy.json)\""
        })
final class PolicyCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            converter = RoleConverter.class,
            completionCandidates = RoleNames.class,
            description = "plan, verify, apply or cutover (default: cutover when the spec sets deleteSource: true, "
                    + "else apply).")
    Role role;

    @Option(
            names = "--account",
            paramLabel = "ID",
            converter = AccountConverter.class,
            description = "Your Alibaba Cloud account id (digits) for the ARNs' account segment (default: '*').")
    String account;

    PolicyCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        Role r = role != null ? role : PolicyBuilder.defaultRole(s);
        RamPolicy policy = new PolicyBuilder(s, account != null ? account : PolicyBuilder.ANY_ACCOUNT).build(r);
        cli.out().print(policy.json());
        cli.out().flush();
        cli.err()
                .println("RAM policy for role " + r.wire() + (role == null ? " (the default for this spec)" : "")
                        + " of " + spec.file + ". Notes:");
        policy.notes().forEach(n -> cli.err().println("  - " + n));
        return ExitCodes.OK;
    }

    /** Role names as typed on the command line. */
    static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return Arrays.stream(Role.values())
                    .filter(r -> r.wire().equals(value))
                    .findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException(
                            "'" + value + "' is not a role; expected one of " + String.join(", ", new RoleNames())));
        }
    }

    /** For completion and the error above. */
    static final class RoleNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Role.values()).map(Role::wire).iterator();
        }
    }

    /** An account id is digits only; anything else would make an ARN that matches nothing. */
    static final class AccountConverter implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[0-9]{1,32}")) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an account id; expected its "
                        + "digits, like 1234567890123456 (the AccountId of 'aliyun sts GetCallerIdentity')");
            }
            return value;
        }
    }
}
