package io.kmsmig.kms;

import java.util.List;

/**
 * One page of a paged list.
 *
 * @param items      this page's items
 * @param totalCount the server's TotalCount
 */
public record Page<T>(List<T> items, int totalCount) {
    public Page {
        items = List.copyOf(items);
    }
}
