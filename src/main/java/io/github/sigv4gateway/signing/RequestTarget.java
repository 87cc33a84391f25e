package io.github.sigv4gateway.signing;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The path and query that go on the wire, spelled once and for all: each path segment and each query key and
 * value percent-decoded and strictly re-encoded (RFC 3986, upper-case hex), dot segments removed, query order
 * and repeated keys kept. The upstream's canonicalisation, whatever it decodes first, arrives at the string we
 * signed. The one spelling kept from the client is a {@code +} in the query, which AWS reads as a space and which
 * is signed as one (see {@link QueryParameter}); in the path a {@code +} is a plus and is sent as {@code %2B}.
 *
 * @param encodedPath the path to send, always starting with {@code /}
 * @param query the parameters in client order, decoded
 */
public record RequestTarget(String encodedPath, List<QueryParameter> query) {

    public RequestTarget {
        query = List.copyOf(query);
    }

    /**
     * Normalises a raw path and query as received.
     *
     * @param rawPath the path, still percent-encoded; may be empty
     * @param rawQuery the query without {@code ?}, still percent-encoded; {@code null} when absent
     * @throws MalformedRequestTargetException on bad escapes or a query that is not UTF-8
     */
    public static RequestTarget of(String rawPath, @Nullable String rawQuery) {
        return new RequestTarget(normalizePath(rawPath), QueryParser.parse(rawQuery));
    }

    /**
     * The path as SigV4 canonicalises it for every service but S3 (RFC 3986 normalisation, as the AWS test suite
     * specifies): empty and {@code .} segments dropped, {@code ..} removing the segment before it, a trailing slash
     * kept only where the path ends with one ({@code //a//b/} signs as {@code /a/b/}, {@code /a/b/..} as
     * {@code /a}). Paths from {@link #of} are already free of dot segments, so for them only runs of slashes
     * change. The path sent is {@link #encodedPath()}; only the signature's canonical URI uses this.
     */
    public String canonicalPath() {
        if (encodedPath.indexOf("//") < 0 && encodedPath.indexOf("/.") < 0) {
            return encodedPath;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : encodedPath.split("/")) {
            if ("..".equals(segment)) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
            } else if (!segment.isEmpty() && !".".equals(segment)) {
                segments.add(segment);
            }
        }
        String path = "/" + String.join("/", segments);
        return segments.isEmpty() || !encodedPath.endsWith("/") ? path : path + "/";
    }

    /** The query string to send (without {@code ?}), empty when there is none. */
    public String encodedQuery() {
        if (query.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (QueryParameter parameter : query) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(parameter.encoded());
        }
        return out.toString();
    }

    /** Path and query as one request-target, e.g. {@code /a/b?x=1}. */
    public String pathAndQuery() {
        return query.isEmpty() ? encodedPath : encodedPath + '?' + encodedQuery();
    }

    /** Joins a base path (already encoded, e.g. the target URL's path) with this target's path. */
    public RequestTarget withBasePath(String encodedBasePath) {
        if (encodedBasePath.isEmpty() || "/".equals(encodedBasePath)) {
            return this;
        }
        String base = encodedBasePath.endsWith("/")
                ? encodedBasePath.substring(0, encodedBasePath.length() - 1)
                : encodedBasePath;
        return new RequestTarget(base + encodedPath, query);
    }

    /** Drops the first {@code count} path segments, as {@code strip-prefix} asks. */
    public RequestTarget stripPrefix(int count) {
        if (count <= 0) {
            return this;
        }
        String path = encodedPath;
        int index = 0;
        for (int i = 0; i < count; i++) {
            int next = path.indexOf('/', index + 1);
            if (next < 0) {
                index = path.length();
                break;
            }
            index = next;
        }
        String rest = path.substring(index);
        return new RequestTarget(rest.isEmpty() ? "/" : rest, query);
    }

    static String normalizePath(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        String[] segments = rawPath.split("/", -1);
        List<String> output = new ArrayList<>(segments.length);
        // segments[0] is what precedes the leading slash: empty for an origin-form path.
        for (int i = 1; i < segments.length; i++) {
            String segment = PercentEncoding.reencode(segments[i]);
            boolean last = i == segments.length - 1;
            // RFC 3986 5.2.4, applied after re-encoding so that %2E%2E counts as a dot segment too.
            if (".".equals(segment)) {
                if (last) {
                    output.add("");
                }
            } else if ("..".equals(segment)) {
                if (!output.isEmpty()) {
                    output.remove(output.size() - 1);
                }
                if (last) {
                    output.add("");
                }
            } else {
                output.add(segment);
            }
        }
        StringBuilder path = new StringBuilder(rawPath.length() + 8);
        for (String segment : output) {
            path.append('/').append(segment);
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
