package io.kmsmig.render;

/** ANSI colours, or none. Only the CLI decides; renderers take a Style so golden tests stay plain. */
public final class Style {
    private final boolean on;

    public Style(boolean on) {
        this.on = on;
    }

    public static final Style PLAIN = new Style(false);

    public boolean enabled() {
        return on;
    }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    public String error(String s) {
        return wrap("1;31", s);
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }
}
