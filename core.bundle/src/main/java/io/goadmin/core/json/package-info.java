/** The one place JSON is read and written (with Jackson), with the payload rules and secret redaction. */
@Export
@Version("1.0.0")
package io.goadmin.core.json;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
