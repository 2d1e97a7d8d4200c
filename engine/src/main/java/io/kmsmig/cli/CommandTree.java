package io.kmsmig.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds picocli's model of kmsmig's commands. picocli reads every annotated option of every command by reflection
 * when it builds a tree; for {@code kmsmig [--no-color] [--debug] VERB ...} only the root and VERB's branch are built,
 * which is all such a command line can reach: its parsing, its errors and suggestions (VERB's own options), its help
 * ({@code kmsmig VERB --help}) and what it runs are those of the whole tree. Anything else (no verb, an unknown one,
 * {@code help}, {@code completion}, an option before the verb other than those two) gets the whole tree. Building
 * the whole tree took 9.7% of the engine's test JVMs' CPU (JFR), and is a share of every kmsmig start.
 */
final class CommandTree {
    /** Options the root accepts before a verb that take no value and change nothing about which tree applies. */
    private static final Set<String> FLAGS_BEFORE_VERB = Set.of("--no-color", "--debug");

    /** Verbs whose work needs the whole tree: help lists and finds commands, completion describes them all. */
    private static final Set<String> NEED_WHOLE_TREE = Set.of("help", "completion");

    private static final Map<String, Class<?>> BY_NAME = byName();

    private CommandTree() {}

    /** Every command, option and parameter kmsmig accepts. */
    static CommandLine full(Cli cli) {
        return build(cli, KmsmigCommand.COMMANDS);
    }

    /** The root and the one branch {@code args} name, or the whole tree (see the class comment). */
    static CommandLine forArgs(Cli cli, String... args) {
        for (String arg : args) {
            if (FLAGS_BEFORE_VERB.contains(arg)) {
                continue;
            }
            Class<?> verb = BY_NAME.get(arg);
            return verb == null || NEED_WHOLE_TREE.contains(arg) ? full(cli) : build(cli, List.of(verb));
        }
        return full(cli);
    }

    private static CommandLine build(Cli cli, List<Class<?>> commands) {
        CommandFactory factory = new CommandFactory(cli);
        CommandLine cl = new CommandLine(new KmsmigCommand(cli), factory);
        for (Class<?> c : commands) {
            cl.addSubcommand(new CommandLine(c, factory));
        }
        // after the subcommands: picocli applies the width to the tree as it is when this is called.
        cl.setUsageHelpWidth(120); // fixed, not the terminal's: help text is deterministic and fits the descriptions
        return cl;
    }

    private static Map<String, Class<?>> byName() {
        Map<String, Class<?>> out = new HashMap<>();
        for (Class<?> c : KmsmigCommand.COMMANDS) {
            Command command = c.getAnnotation(Command.class);
            out.put(command.name(), c);
            for (String alias : command.aliases()) {
                out.put(alias, c);
            }
        }
        return Map.copyOf(out);
    }
}
