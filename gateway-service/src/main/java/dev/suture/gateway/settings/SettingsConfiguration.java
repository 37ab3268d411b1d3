package dev.suture.gateway.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Resolves {@link SutureProperties} into the one {@link GatewaySettings} bean. */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

    @Bean
    GatewaySettings gatewaySettings(SutureProperties properties, ObjectProvider<BuildProperties> build) {
        BuildProperties buildProperties = build.getIfAvailable();
        String version = buildProperties != null ? buildProperties.getVersion() : null;
        return GatewaySettings.resolve(properties, hostName(), version != null ? version : "dev", new SecureRandom());
    }

    /** HOSTNAME first: it is what an operator sees in a container, and reading it never waits on DNS. */
    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException ignored) {
            return "localhost";
        }
    }
}
