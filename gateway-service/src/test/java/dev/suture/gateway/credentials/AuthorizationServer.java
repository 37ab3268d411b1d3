package dev.suture.gateway.credentials;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;

/**
 * A real OAuth2 authorization server for tests: Spring Authorization Server (Spring Security 7) on an embedded Tomcat
 * on a random port, issuing JWT access tokens with the client credentials grant and serving its keys at
 * {@code /oauth2/jwks}. Clients, each with its own token lifetime, are registered while it runs.
 *
 * <p>In front of Spring Security sits a filter that counts token requests per client and can make them slow or fail
 * with 500, so that tests see exactly how often a gateway asks for a token. It runs without Spring Boot: Boot's
 * servlet and security auto-configuration are not on the classpath, which keeps the gateway under test a plain
 * reactive application.
 *
 * <p>Thread-safe: Tomcat's threads serve requests; the counters and switches are concurrent.
 */
final class AuthorizationServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    private final Map<String, AtomicInteger> tokenRequests = new ConcurrentHashMap<>();
    private final int port;

    private volatile boolean failing;
    private volatile Duration delay = Duration.ZERO;

    private AuthorizationServer() throws IOException, LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("auth-server").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        spring.register(SecurityConfiguration.class);
        context.addServletContainerInitializer(
                (classes, servletContext) -> {
                    spring.setServletContext(servletContext);
                    spring.refresh();
                    servletContext
                            .addFilter("counting", new CountingFilter())
                            .addMappingForUrlPatterns(null, true, "/*");
                    servletContext
                            .addFilter(
                                    "springSecurityFilterChain",
                                    new DelegatingFilterProxy("springSecurityFilterChain", spring))
                            .addMappingForUrlPatterns(null, true, "/*");
                    servletContext.addServlet("nothing", new NotFoundServlet()).addMapping("/");
                },
                null);
        tomcat.start();
        port = connector.getLocalPort();
    }

    static AuthorizationServer start() throws IOException, LifecycleException {
        return new AuthorizationServer();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String tokenUrl() {
        return url() + "/oauth2/token";
    }

    String jwksUrl() {
        return url() + "/oauth2/jwks";
    }

    /** Registers a client allowed the client credentials grant, whose tokens live for {@code lifetime}. */
    void register(String clientId, String secret, Duration lifetime, String... scopes) {
        RegisteredClient.Builder client = RegisteredClient.withId(
                        UUID.randomUUID().toString())
                .clientId(clientId)
                .clientSecret("{noop}" + secret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(
                        TokenSettings.builder().accessTokenTimeToLive(lifetime).build());
        for (String scope : scopes) {
            client.scope(scope);
        }
        spring.getBean(Clients.class).save(client.build());
    }

    /** Token requests that reached this server for {@code clientId}, whether they were answered or failed. */
    int tokenRequests(String clientId) {
        AtomicInteger count = tokenRequests.get(clientId);
        return count == null ? 0 : count.get();
    }

    /** While true, every token request is answered 500 with an OAuth2 {@code server_error}. */
    void failTokenRequests(boolean fail) {
        this.failing = fail;
    }

    /** Holds every token request for {@code wait} before it is answered. */
    void delayTokenRequests(Duration wait) {
        this.delay = wait;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
        spring.close();
    }

    /** Counts token requests by client, then delays or fails them as told. */
    private final class CountingFilter implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            if (!"POST".equals(http.getMethod()) || !http.getRequestURI().equals("/oauth2/token")) {
                chain.doFilter(request, response);
                return;
            }
            tokenRequests
                    .computeIfAbsent(clientId(http), id -> new AtomicInteger())
                    .incrementAndGet();
            pause();
            if (failing) {
                HttpServletResponse answer = (HttpServletResponse) response;
                answer.setStatus(500);
                answer.setContentType("application/json");
                answer.getWriter().write("{\"error\":\"server_error\",\"error_description\":\"told to fail\"}");
                return;
            }
            chain.doFilter(request, response);
        }

        private void pause() throws ServletException {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServletException("interrupted", e);
            }
        }

        private static String clientId(HttpServletRequest request) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.startsWith("Basic ")) {
                String pair =
                        new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
                return URLDecoder.decode(pair.substring(0, pair.indexOf(':')), StandardCharsets.UTF_8);
            }
            String posted = request.getParameter("client_id");
            return posted == null ? "(none)" : posted;
        }
    }

    /** What a path outside Spring Security's endpoints gets. */
    private static final class NotFoundServlet extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendError(404);
        }
    }

    /** Spring Authorization Server with its defaults: clients in memory, a fresh RSA key, issuer from the request. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class SecurityConfiguration {

        @Bean
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(Customizer.withDefaults())
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
            return http.build();
        }

        @Bean
        Clients registeredClients() {
            return new Clients();
        }

        @Bean
        JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString())
                    .build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }
    }

    /**
     * Registered clients in memory. Spring's own in-memory repository refuses two clients with the same secret, and
     * these tests give several clients the one secret that the gateway's environment holds.
     */
    static final class Clients implements RegisteredClientRepository {

        private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();
        private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();

        @Override
        public void save(RegisteredClient client) {
            byId.put(client.getId(), client);
            byClientId.put(client.getClientId(), client);
        }

        @Override
        public @Nullable RegisteredClient findById(String id) {
            return byId.get(id);
        }

        @Override
        public @Nullable RegisteredClient findByClientId(String clientId) {
            return byClientId.get(clientId);
        }
    }
}
