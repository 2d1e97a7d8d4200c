package io.kmsmig.snapshot;

import java.util.Comparator;
import java.util.List;

/**
 * Creation order of versions. ListSecretVersionIds does not return versions sorted by creation time (the
 * migration procedure, step 1; kms-openapi.md §6), so kmsmig sorts them: by CreateTime; versions created in the
 * same second by their labels (unlabelled first, then ACSPrevious, then ACSCurrent, since default staging moves
 * ACSCurrent to the newest version and ACSPrevious to the one before); then by version id in natural order
 * (v2 before v10).
 */
public final class VersionOrder {
    private VersionOrder() {}

    public static final Comparator<VersionSnapshot> CREATION = Comparator.comparing(
                    VersionSnapshot::createTime, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(VersionOrder::labelRank)
            .thenComparing(VersionSnapshot::versionId, VersionOrder::natural);

    public static List<VersionSnapshot> sort(List<VersionSnapshot> versions) {
        return versions.stream().sorted(CREATION).toList();
    }

    private static int labelRank(VersionSnapshot v) {
        if (v.stages().contains("ACSCurrent")) {
            return 2;
        }
        return v.stages().contains("ACSPrevious") ? 1 : 0;
    }

    /** Compares strings with embedded numbers by value: v2 < v10. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j) != 0
                ? Integer.compare(a.length() - i, b.length() - j)
                : a.compareTo(b);
    }
}
