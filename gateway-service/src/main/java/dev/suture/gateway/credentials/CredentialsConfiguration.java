package dev.suture.gateway.credentials;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The checked credential settings and the token sources that routing tables are built with. */
@Configuration(proxyBeanMethods = false)
class CredentialsConfiguration {

    @Bean
    CredentialSettings credentialSettings(CredentialsProperties properties) {
        return CredentialSettings.resolve(properties);
    }

    @Bean
    TokenSources tokenSources(CredentialSettings settings, Clock clock, MeterRegistry registry) {
        return TokenSources.create(settings, System::getenv, clock, registry);
    }
}
