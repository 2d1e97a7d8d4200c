package io.kmsmig.formats;

import java.util.ArrayDeque;
import java.util.Deque;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Passes snakeyaml's parser events to its composer, refusing to open a collection nested deeper than the limit.
 * The composer recurses once per nesting level and snakeyaml-engine has no depth setting, so without this a few
 * kilobytes of {@code [[[[} overflow the stack before kmsmig sees a node. Tracks the JSON Pointer of the node
 * being opened, so the error names the field and its line.
 */
final class DepthLimitedParser implements Parser {
    private final Parser inner;
    private final int maxDepth;
    private final Deque<Frame> open = new ArrayDeque<>();
    /** Where the latest alias ({@code *name}) starts: the composer refuses one alias too many without a mark. */
    private Position lastAlias;

    /** One open collection: its pointer and where its next child goes. */
    private static final class Frame {
        final String pointer;
        final boolean mapping;
        boolean expectingKey = true;
        String key = "?";
        int index;

        Frame(String pointer, boolean mapping) {
            this.pointer = pointer;
            this.mapping = mapping;
        }

        String childPointer() {
            return mapping ? JsonPointers.child(pointer, key) : JsonPointers.child(pointer, index);
        }

        void childDone() {
            if (mapping) {
                expectingKey = !expectingKey;
            } else {
                index++;
            }
        }
    }

    DepthLimitedParser(Parser inner, int maxDepth) {
        this.inner = inner;
        this.maxDepth = maxDepth;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return inner.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return inner.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return inner.hasNext();
    }

    @Override
    public Event next() {
        Event e = inner.next();
        switch (e.getEventId()) {
            case Scalar, Alias -> {
                if (e.getEventId() == Event.ID.Alias) {
                    lastAlias = e.getStartMark()
                            .map(m -> new Position(m.getLine() + 1, m.getColumn() + 1))
                            .orElse(null);
                }
                Frame parent = open.peek();
                if (parent != null && parent.mapping && parent.expectingKey && e instanceof ScalarEvent s) {
                    parent.key = s.getValue();
                }
                done();
            }
            case SequenceStart, MappingStart -> {
                Frame parent = open.peek();
                String pointer = parent == null
                        ? ""
                        : parent.mapping && parent.expectingKey ? parent.pointer : parent.childPointer();
                if (open.size() >= maxDepth) {
                    Position pos = e.getStartMark()
                            .map(m -> new Position(m.getLine() + 1, m.getColumn() + 1))
                            .orElse(new Position(1, 1));
                    throw new FormatException(YamlReader.tooDeep(pointer, pos, maxDepth));
                }
                open.push(new Frame(pointer, e.getEventId() == Event.ID.MappingStart));
            }
            case SequenceEnd, MappingEnd -> {
                open.pop();
                done();
            }
            default -> {
                // stream and document boundaries, comments: no nesting
            }
        }
        return e;
    }

    /** Where the latest alias the composer was given starts, or null when there was none. */
    Position lastAlias() {
        return lastAlias;
    }

    private void done() {
        Frame parent = open.peek();
        if (parent != null) {
            parent.childDone();
        }
    }
}
