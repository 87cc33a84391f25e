/**
 * The signing core: request-target normalisation and the AWS SDK SigV4 signer call. Plain Java, no Spring or
 * Reactor types, so it can be tested alone with the AWS test-suite vectors and a fixed clock.
 */
@NullMarked
package io.github.sigv4gateway.signing;

import org.jspecify.annotations.NullMarked;
