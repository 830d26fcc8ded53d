package io.goadmin.collector.net.impl;

/** One interface line of {@code /proc/net/dev}; counters are the kernel's unsigned longs as doubles. */
record InterfaceStats(String name, double receiveBytes, double receivePackets, double receiveErrors,
        double receiveDrops, double transmitBytes, double transmitPackets, double transmitErrors,
        double transmitDrops) {
}
