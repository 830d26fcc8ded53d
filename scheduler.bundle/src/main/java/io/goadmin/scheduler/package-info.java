/** The scheduler's public face: a read-only view of its state for the status command and other bundles. */
@Export
@Version("1.0.0")
package io.goadmin.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
