package dev.tessera.samples.mtls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import dev.tessera.samples.oauth2.TokenEndpointRestClient;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * HTTP requests that present this client's certificate and trust only the CAs of a Spring
 * Boot SSL bundle, for both the token request and the API calls: the same certificate
 * authenticates the client to Tessera and proves to the API that the client holds the key
 * its certificate-bound token is bound to.
 * <p>
 * The JDK's {@link HttpClient}, built from the bundle's {@link SSLContext} and
 * {@link SslOptions}, with host name verification left on. When the bundle is reloaded
 * ({@code reload-on-update}, e.g. a short-lived certificate renewed on disk) the next
 * request uses a new client, so new connections present the new certificate.
 */
public class ClientCertificateRequestFactory implements ClientHttpRequestFactory {

	private volatile ClientHttpRequestFactory current;

	/**
	 * @param sslBundles Spring Boot's SSL bundles
	 * @param bundleName the bundle with the client certificate and the trusted CAs
	 */
	public ClientCertificateRequestFactory(SslBundles sslBundles, String bundleName) {
		this.current = requestFactory(sslBundles.getBundle(bundleName));
		sslBundles.addBundleUpdateHandler(bundleName, (bundle) -> this.current = requestFactory(bundle));
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		return this.current.createRequest(uri, httpMethod);
	}

	private static ClientHttpRequestFactory requestFactory(SslBundle bundle) {
		SSLContext context = bundle.createSslContext();
		SSLParameters parameters = context.getDefaultSSLParameters();
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			parameters.setProtocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			parameters.setCipherSuites(options.getCiphers());
		}
		HttpClient http = HttpClient.newBuilder()
			.sslContext(context)
			.sslParameters(parameters)
			.connectTimeout(TokenEndpointRestClient.CONNECT_TIMEOUT)
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
		requestFactory.setReadTimeout(TokenEndpointRestClient.READ_TIMEOUT);
		return requestFactory;
	}

}
