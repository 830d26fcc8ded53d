package io.goadmin.collector.mem.impl;

/**
 * The lines of {@code /proc/meminfo} the mem and swap collectors use, in bytes; {@code -1} where the kernel does not
 * report the line (MemAvailable appeared in Linux 3.14).
 */
record Meminfo(long total, long free, long available, long buffers, long cached, long shared,
        long slabReclaimable, long swapTotal, long swapFree, long swapCached) {

    /** Memory in use as {@code free(1)} counts it: neither free nor buffers nor page cache nor reclaimable slab. */
    long used() {
        long used = total - free - buffers - Math.max(0, cached) - Math.max(0, slabReclaimable);
        return used >= 0 ? used : total - free; // containers (lxcfs) can report more cache than is in use
    }

    /** MemAvailable, or on kernels without it the estimate older tools made: free + buffers + cached. */
    long availableOrEstimate() {
        return available >= 0 ? available : free + buffers + Math.max(0, cached);
    }
}
