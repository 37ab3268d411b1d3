package dev.suture.control.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the size of every request body at {@code suture.api.max-body-size}.
 *
 * <p>The cap is applied while the body is read rather than by buffering it first, so a chunked body without a
 * Content-Length is cut off as soon as it passes the limit, and long-lived streams are not held in memory. A declared
 * Content-Length above the limit fails on the first read, before any of the body is consumed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limitBytes;

    BodySizeLimitFilter(ApiProperties properties) {
        this.limitBytes = properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new LimitedRequest(request, limitBytes), response);
    }

    /** Not thread-safe, like the request it wraps. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limitBytes;
        private @Nullable LimitedInputStream stream;
        private @Nullable BufferedReader reader;

        LimitedRequest(HttpServletRequest request, long limitBytes) {
            super(request);
            this.limitBytes = limitBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), getContentLengthLong(), limitBytes);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long declaredLength;
        private final long limitBytes;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long declaredLength, long limitBytes) {
            this.delegate = delegate;
            this.declaredLength = declaredLength;
            this.limitBytes = limitBytes;
        }

        @Override
        public int read() throws IOException {
            failIfDeclaredTooLarge();
            int value = delegate.read();
            if (value >= 0) {
                count(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            failIfDeclaredTooLarge();
            int count = delegate.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }

        private void failIfDeclaredTooLarge() throws BodyTooLargeException {
            if (declaredLength > limitBytes) {
                throw new BodyTooLargeException(limitBytes);
            }
        }

        private void count(int bytes) throws BodyTooLargeException {
            read += bytes;
            if (read > limitBytes) {
                throw new BodyTooLargeException(limitBytes);
            }
        }
    }
}
