package io.kmsmig.render;

/** Output formats of plan, show, verify and state. */
public enum OutputFormat {
    text,
    markdown,
    json
}
