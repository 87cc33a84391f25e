package io.github.sigv4gateway.config;

/** An entry of {@code sigv4-gateway.routes}: the common route keys plus the credentials entry it signs with. */
public class RouteProperties extends RouteSettings {

    /** Name of the entry under sigv4-gateway.credentials used to sign. */
    private String credentials = "default";

    public String getCredentials() {
        return credentials;
    }

    public void setCredentials(String credentials) {
        this.credentials = credentials;
    }
}
