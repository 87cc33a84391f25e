/** Meters and the access log. Others call in; nothing here depends on routing or signing. */
@NullMarked
package io.github.sigv4gateway.observability;

import org.jspecify.annotations.NullMarked;
