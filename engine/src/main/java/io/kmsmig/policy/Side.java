package io.kmsmig.policy;

/** The region a grant applies in. */
enum Side {
    SOURCE("Source region"),
    DESTINATION("Destination region");

    private final String heading;

    Side(String heading) {
        this.heading = heading;
    }

    String heading() {
        return heading;
    }
}
