/** The HTTP client towards the function URLs: its connection pools. */
@NullMarked
package io.github.sigv4gateway.upstream;

import org.jspecify.annotations.NullMarked;
