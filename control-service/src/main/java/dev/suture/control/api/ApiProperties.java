package dev.suture.control.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the admin API.
 *
 * @param maxBodySize largest request body accepted, counted while it is read so that chunked bodies are limited too;
 *     default {@code 1MB} (1 MiB, 1048576 bytes)
 */
@ConfigurationProperties("suture.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize) {

    public ApiProperties {
        if (maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException("suture.api.max-body-size must be at least 1B but was " + maxBodySize);
        }
    }
}
