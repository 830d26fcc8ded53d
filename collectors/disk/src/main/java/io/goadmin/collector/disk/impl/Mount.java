package io.goadmin.collector.disk.impl;

/** One line of {@code /proc/mounts}, with the kernel's octal escapes ({@code \040} for a space) decoded. */
record Mount(String device, String path, String fstype) {
}
