/** Configuration: properties under {@code sigv4-gateway}, binding, validation with one clear line per problem. */
@NullMarked
package io.github.sigv4gateway.config;

import org.jspecify.annotations.NullMarked;
