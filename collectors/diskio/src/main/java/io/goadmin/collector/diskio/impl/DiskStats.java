package io.goadmin.collector.diskio.impl;

/**
 * One device line of {@code /proc/diskstats}. Counters are the kernel's unsigned longs as doubles (so a counter at
 * the top of the 64-bit range stays positive); sectors are always 512 bytes there, times are milliseconds.
 */
record DiskStats(String device, double readsCompleted, double readsMerged, double sectorsRead, double readTimeMillis,
        double writesCompleted, double writesMerged, double sectorsWritten, double writeTimeMillis,
        double ioInProgress, double ioTimeMillis, double weightedIoTimeMillis) {
}
