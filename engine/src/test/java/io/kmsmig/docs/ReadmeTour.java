package io.kmsmig.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's runnable examples: every {@code ```console} block, read as {@code $ ./kmsmig ...} commands each
 * followed by the output lines the README shows. A line {@code ...} stands for lines left out; {@code [exit N]}
 * states the exit code (0 when absent). Times, lineages and serials differ between runs and are normalised.
 */
record ReadmeTour(List<Step> steps) {
    /** One command, the output lines the README shows for it, and its exit code. */
    record Step(String command, List<String> shown, int exit) {}

    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CALLS = Pattern.compile("API calls: (\\d+) \\((\\d+) retried\\)");
    private static final Pattern EXIT = Pattern.compile("\\[exit (\\d+)]");

    static ReadmeTour parse(Path readme) throws IOException {
        List<Step> steps = new ArrayList<>();
        boolean inConsole = false;
        String command = null;
        List<String> shown = new ArrayList<>();
        int exit = 0;
        for (String line : Files.readAllLines(readme)) {
            if (!inConsole && line.equals("```console")) {
                inConsole = true;
                continue;
            }
            if (!inConsole) {
                continue;
            }
            boolean end = line.equals("```");
            if (end || line.startsWith("$ ")) {
                if (command != null) {
                    steps.add(new Step(command, List.copyOf(shown), exit));
                }
                command = end ? null : line.substring(2);
                shown.clear();
                exit = 0;
                inConsole = !end;
                continue;
            }
            Matcher m = EXIT.matcher(line);
            if (m.matches()) {
                exit = Integer.parseInt(m.group(1));
            } else {
                shown.add(line);
            }
        }
        return new ReadmeTour(steps);
    }

    /**
     * What differs between runs, replaced by placeholders. A call the sandbox's quota throttled (its bucket and the
     * client's refill a little out of phase, more so on a loaded machine) is retried and counted twice: the calls
     * less the retries is what stays the same.
     */
    static String normalise(String line) {
        String s = TIME.matcher(line).replaceAll("<time>");
        s = UUID.matcher(s).replaceAll("<uuid>");
        s = CALLS.matcher(s)
                .replaceAll(m ->
                        "API calls: " + (Long.parseLong(m.group(1)) - Long.parseLong(m.group(2))) + " (<n> retried)");
        return s.replaceAll("serial \\d+", "serial <n>");
    }

    /**
     * Null when every run of shown lines between {@code ...} markers appears in {@code actual}, each run as
     * consecutive lines and the runs in order; otherwise the first shown line that could not be found.
     */
    static String mismatch(List<String> shown, List<String> actual) {
        List<String> act = actual.stream().map(ReadmeTour::normalise).toList();
        int from = 0;
        List<String> run = new ArrayList<>();
        List<List<String>> runs = new ArrayList<>();
        for (String s : shown) {
            if (s.equals("...")) {
                if (!run.isEmpty()) {
                    runs.add(List.copyOf(run));
                }
                run.clear();
            } else {
                run.add(normalise(s));
            }
        }
        if (!run.isEmpty()) {
            runs.add(List.copyOf(run));
        }
        for (List<String> r : runs) {
            int at = find(act, r, from);
            if (at < 0) {
                return r.get(0);
            }
            from = at + r.size();
        }
        return null;
    }

    private static int find(List<String> act, List<String> run, int from) {
        for (int i = from; i + run.size() <= act.size(); i++) {
            if (act.subList(i, i + run.size()).equals(run)) {
                return i;
            }
        }
        return -1;
    }
}
