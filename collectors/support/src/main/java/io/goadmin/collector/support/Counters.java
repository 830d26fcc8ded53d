package io.goadmin.collector.support;

/** Parses the kernel's counters, which are unsigned 64-bit integers, into doubles (exact up to 2^53). */
public final class Counters {
    private Counters() {
    }

    /**
     * The unsigned decimal {@code digits} as a double; a counter at the top of the 64-bit range stays positive.
     *
     * @throws NumberFormatException if {@code digits} is empty or holds anything but the digits 0-9
     */
    public static double unsigned(String digits) {
        if (digits.isEmpty()) {
            throw new NumberFormatException("empty counter");
        }
        long exact = 0;
        boolean fitsLong = digits.length() < 19;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("counter '" + digits + "' is not an unsigned number");
            }
            if (fitsLong) {
                exact = exact * 10 + (c - '0');
            }
        }
        if (fitsLong) {
            return exact;
        }
        return new java.math.BigInteger(digits).doubleValue();
    }
}
