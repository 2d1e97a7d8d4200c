package io.kmsmig.apply;

/** Progress of an apply: a bar on a terminal, one line per finished secret otherwise. */
public interface Progress extends AutoCloseable {
    void start(int secrets);

    /** A secret finished: its outcome and a short note. */
    void secretDone(String name, Outcome outcome, String note);

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void start(int secrets) {}

        @Override
        public void secretDone(String name, Outcome outcome, String note) {}

        @Override
        public void close() {}
    };
}
