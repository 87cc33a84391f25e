/** Credentials entries: SDK providers per type, the refreshing cache, its health contribution. */
@NullMarked
package io.github.sigv4gateway.credentials;

import org.jspecify.annotations.NullMarked;
