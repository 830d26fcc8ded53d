package io.goadmin.collector.cpu.impl;

/**
 * The cumulative time one CPU line of {@code /proc/stat} reports, in clock ticks, per state. As in the kernel,
 * {@code user} includes {@code guest} and {@code nice} includes {@code guestNice}.
 *
 * @param cpu {@code cpu} for the total line, {@code cpu0}, {@code cpu1}, ... for the cores
 */
record CpuTimes(String cpu, long user, long nice, long system, long idle, long iowait, long irq, long softirq,
        long steal, long guest, long guestNice) {
}
