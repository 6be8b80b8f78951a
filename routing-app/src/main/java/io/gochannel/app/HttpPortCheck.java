package io.gochannel.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Fails start-up at once, naming the property, when the HTTP port is taken. Without it, Camel
 * 4.17's Vert.x server logs the bind failure on its event loop and start-up waits for ever.
 */
final class HttpPortCheck extends MainListenerSupport {
    @Override
    public void afterConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        String configured =
                properties.resolveProperty("camel.server.port").orElse("8080").trim();
        int port;
        try {
            port = Integer.parseInt(configured);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "the HTTP port '" + configured + "' is not a number: set gochannel.http.port,"
                            + " or the environment variable GOCHANNEL_HTTP_PORT, to a port number such as 8080");
        }
        String host = properties
                .resolveProperty("camel.server.host")
                .orElse("0.0.0.0")
                .trim();
        if (port == 0) {
            return; // a free port is chosen by the server
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the server binds: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the HTTP port " + port + " on " + host + " is not free (" + e.getMessage()
                            + "): set gochannel.http.port, or the environment variable GOCHANNEL_HTTP_PORT, to a free port");
        }
    }
}
