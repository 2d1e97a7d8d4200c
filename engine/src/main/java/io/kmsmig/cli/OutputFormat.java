package io.kmsmig.cli;

/** Output formats of plan, show and verify. */
enum OutputFormat {
    text, markdown, json
}
