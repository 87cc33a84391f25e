package io.github.sigv4gateway.routing;

import java.util.Set;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * SCG's hop-by-hop header filter, which runs on every request and every answer, without its copy of all headers
 * when there is nothing to remove. SCG's copies each header into a new map, lower-casing every name, whether or not
 * one of them is hop-by-hop, a visible share of every request's CPU (bench/README.md). A request on the
 * gateway's own routes never has one left (its SigV4 filter forwards without them); an answer usually carries
 * {@code Connection: keep-alive} and still takes SCG's path. When there is something to remove, SCG's filter does
 * the work, so the result is always SCG's.
 */
public final class CopyFreeHopByHopHeadersFilter extends RemoveHopByHopHeadersFilter {

    private String[] names = new String[0];

    /** Takes over {@code configured}'s headers and order. */
    public CopyFreeHopByHopHeadersFilter(RemoveHopByHopHeadersFilter configured) {
        setHeaders(configured.getHeaders());
        setOrder(configured.getOrder());
    }

    @Override
    public void setHeaders(Set<String> headers) {
        super.setHeaders(headers);
        names = getHeaders().toArray(String[]::new);
    }

    @Override
    public HttpHeaders filter(HttpHeaders originalHeaders, ServerWebExchange exchange) {
        if (originalHeaders.containsHeader(HttpHeaders.CONNECTION)) {
            return super.filter(originalHeaders, exchange);
        }
        for (String name : names) {
            if (originalHeaders.containsHeader(name)) {
                return super.filter(originalHeaders, exchange);
            }
        }
        return originalHeaders;
    }
}
