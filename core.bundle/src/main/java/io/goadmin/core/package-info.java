/**
 * The goadmin API: the {@link io.goadmin.core.Collector} service that collector bundles publish, the records they
 * produce, the {@link io.goadmin.core.Storage} service that keeps them, and the validation every entry point uses.
 */
@Export
@Version("1.2.0")
package io.goadmin.core;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
