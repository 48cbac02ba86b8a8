package dev.tessera.auth.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.stream.Collectors;

import jakarta.servlet.Filter;

import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestPki;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9440 {@code Client-Cert} over the real ports, with 127.0.0.1 as the trusted proxy:
 * its header is the request's client certificate (over plain HTTP, and over TLS in place
 * of the proxy's own certificate, which never counts on its own); the same header from
 * another address (127.0.0.2) is ignored; a malformed one is a 400
 * {@code invalid_request}. What the server saw is answered by a test-only filter that
 * echoes the subjects of {@link ClientCertificates#of}.
 */
@TesseraServerTest
class ForwardedClientCertificateIntegrationTest {

	static final String ECHO = "/test/forwarded-client-certificate";

	static final TestPki.Authority SERVER_CA = TestPki.authority("Forwarded Server CA");

	static final TestPki.Authority CLIENT_CA = TestPki.authority("Forwarded Client CA");

	static final TestPki.Issued PARTNER = CLIENT_CA.issue("CN=partner,O=Acme").build();

	static final TestPki.Issued PROXY = CLIENT_CA.issue("CN=proxy,O=Tessera").build();

	static final Path DIR = TlsConnectorTest.temporaryDirectory();

	static final int TLS_PORT = TlsConnectorTest.freePort();

	@Value("${server.port}")
	int port;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) {
		TestPki.Issued server = SERVER_CA.issue("CN=localhost,O=Tessera").server().build();
		registry.add("tessera.audit.trusted-proxies", () -> "127.0.0.1");
		registry.add("tessera.tls.port", () -> TLS_PORT);
		registry.add("tessera.tls.certificate",
				() -> TestPki.write(DIR.resolve("server.pem"), server.chainPem()).toString());
		registry.add("tessera.tls.private-key",
				() -> TestPki.write(DIR.resolve("server-key.pem"), server.keyPem()).toString());
		registry.add("tessera.tls.client-cas",
				() -> TestPki.write(DIR.resolve("client-cas.pem"), TestPki.pem(CLIENT_CA.certificate())).toString());
	}

	@Test
	void theTrustedProxysHeaderIsTheClientCertificate() {
		Http http = new Http("http://127.0.0.1:" + this.port);

		assertThat(http.get(ECHO, "Client-Cert", item(PARTNER.certificate())).body())
			.isEqualTo(subject(PARTNER.certificate()));
		assertThat(http.get(ECHO).body()).isEqualTo("none");
	}

	@Test
	void overTlsTheProxysOwnCertificateNeverCountsOnlyItsHeader() throws Exception {
		HttpClient proxy = HttpClient.newBuilder()
			.sslContext(TestPki.sslContext(PROXY, SERVER_CA.certificate()))
			.build();
		URI echo = URI.create("https://127.0.0.1:" + TLS_PORT + ECHO);

		HttpResponse<String> withoutHeader = proxy.send(HttpRequest.newBuilder(echo).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> withHeader = proxy.send(
				HttpRequest.newBuilder(echo).header("Client-Cert", item(PARTNER.certificate())).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(withoutHeader.sslSession()).hasValueSatisfying(
				session -> assertThat(session.getLocalCertificates()).containsExactly(PROXY.certificate()));
		assertThat(withoutHeader.body()).isEqualTo("none");
		assertThat(withHeader.body()).isEqualTo(subject(PARTNER.certificate()));
	}

	@Test
	void anotherPeersHeaderIsIgnored() throws IOException {
		String response = rawGetFrom("127.0.0.2", "Client-Cert: " + item(PARTNER.certificate()));

		assertThat(response).startsWith("HTTP/1.1 200");
		assertThat(body(response)).isEqualTo("none");
	}

	@Test
	void aMalformedHeaderFromTheTrustedProxyIsInvalidRequest() {
		Http http = new Http("http://127.0.0.1:" + this.port);

		Http.Response response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Client-Cert", ":" + Base64.getEncoder().encodeToString("not a certificate".getBytes()) + ":")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=partner")));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.json()).containsEntry("error", "invalid_request");
		assertThat((String) response.json().get("error_description")).contains("Client-Cert");
		assertThat(response.header("X-Correlation-Id")).isNotBlank();
	}

	/**
	 * A GET sent from {@code localAddress} over a plain socket (the HTTP client cannot
	 * bind).
	 */
	String rawGetFrom(String localAddress, String header) throws IOException {
		try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), this.port,
				InetAddress.getByName(localAddress), 0)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + ECHO + " HTTP/1.1\r\nHost: localhost\r\n" + header + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/** The body of a response that is not chunked (the echo sets its length). */
	static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

	static String item(X509Certificate certificate) {
		try {
			return ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String subject(X509Certificate certificate) {
		return certificate.getSubjectX500Principal().getName();
	}

	/**
	 * Answers {@link #ECHO} with the subjects of the request's client certificates (or
	 * {@code none}), ahead of Spring Security, after the filter under test.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class Echo {

		@Bean
		FilterRegistrationBean<Filter> clientCertificateEcho() {
			Filter echo = (request, response, chain) -> {
				jakarta.servlet.http.HttpServletRequest http = (jakarta.servlet.http.HttpServletRequest) request;
				if (!ECHO.equals(http.getRequestURI())) {
					chain.doFilter(request, response);
					return;
				}
				String subjects = ClientCertificates.of(http)
					.stream()
					.map(ForwardedClientCertificateIntegrationTest::subject)
					.collect(Collectors.joining("|"));
				byte[] body = (subjects.isEmpty() ? "none" : subjects).getBytes(StandardCharsets.UTF_8);
				response.setContentType("text/plain;charset=UTF-8");
				response.setContentLength(body.length);
				response.getOutputStream().write(body);
			};
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(echo);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
			return registration;
		}

	}

}
