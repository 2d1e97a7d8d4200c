package io.kmsmig.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Gives every command the invocation's {@link Cli} through a constructor taking it. */
final class CommandFactory implements CommandLine.IFactory {
    private final Cli cli;

    CommandFactory(Cli cli) {
        this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(Cli.class);
            c.setAccessible(true);
            return c.newInstance(cli);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
