/** Human-readable durations ({@code 500ms}, {@code 10s}, {@code 30d}) and sizes ({@code 512MB}) for configuration. */
@Export
@Version("1.0.0")
package io.goadmin.core.units;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
