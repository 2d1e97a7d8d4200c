package io.kmsmig.plan;

/** Which region an action writes to. */
public enum Side {
    SOURCE,
    DESTINATION
}
