package dev.tessera.auth.tls;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.support.TestPki;
import dev.tessera.auth.web.ClientAddressResolver;
import dev.tessera.auth.web.ErrorResponses;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9440 headers in front of the servlet: believed from a trusted proxy (and then the
 * only certificate that counts), ignored from anyone else, a 400 when a trusted proxy
 * sends something that is not a certificate.
 */
class ForwardedClientCertificatesTest {

	static final TestPki.Authority ROOT = TestPki.authority("Forwarded Root");

	static final TestPki.Authority ISSUING = ROOT.intermediate("Forwarded Issuing CA");

	static final TestPki.Issued PARTNER = ISSUING.issue("CN=partner,O=Acme").build();

	static final TestPki.Issued PROXY = ROOT.issue("CN=proxy,O=Tessera").build();

	final ForwardedClientCertificates filter = new ForwardedClientCertificates(
			new ClientAddressResolver(List.of("10.0.0.0/8")),
			new ErrorResponses(path -> path.equals("/oauth2/token"), JsonMapper.builder().build()));

	@Test
	void aTrustedProxysHeadersAreTheRequestsChainLeafFirst() throws Exception {
		MockHttpServletRequest request = request("10.1.2.3");
		request.addHeader("Client-Cert", item(PARTNER.certificate()));
		request.addHeader("Client-Cert-Chain", item(ISSUING.certificate()) + ", " + item(ROOT.certificate()));

		assertThat(passedOn(request)).containsExactly(PARTNER.certificate(), ISSUING.certificate(), ROOT.certificate());
	}

	@Test
	void chainMembersMayComeInSeveralFieldLinesAndWithParameters() throws Exception {
		MockHttpServletRequest request = request("10.1.2.3");
		request.addHeader("Client-Cert", item(PARTNER.certificate()) + ";note=\"x;y\"");
		request.addHeader("Client-Cert-Chain", item(ISSUING.certificate()) + ";a=1");
		request.addHeader("Client-Cert-Chain", item(ROOT.certificate()));

		assertThat(passedOn(request)).containsExactly(PARTNER.certificate(), ISSUING.certificate(), ROOT.certificate());
	}

	@Test
	void fromATrustedProxyItsOwnTlsCertificateNeverCounts() throws Exception {
		MockHttpServletRequest request = request("10.1.2.3");
		request.setAttribute(ClientCertificates.ATTRIBUTE, new X509Certificate[] { PROXY.certificate() });

		assertThat(passedOn(request)).isEmpty();

		MockHttpServletRequest chainAlone = request("10.1.2.3");
		chainAlone.setAttribute(ClientCertificates.ATTRIBUTE, new X509Certificate[] { PROXY.certificate() });
		chainAlone.addHeader("Client-Cert-Chain", item(ISSUING.certificate()));
		assertThat(passedOn(chainAlone)).isEmpty();
	}

	@Test
	void fromAnyoneElseTheHeaderIsIgnoredAndTheConnectionsCertificateStays() throws Exception {
		MockHttpServletRequest request = request("192.0.2.7");
		request.addHeader("Client-Cert", item(PARTNER.certificate()));
		assertThat(passedOn(request)).isEmpty();

		MockHttpServletRequest direct = request("192.0.2.7");
		direct.setAttribute(ClientCertificates.ATTRIBUTE, new X509Certificate[] { PROXY.certificate() });
		direct.addHeader("Client-Cert", item(PARTNER.certificate()));
		assertThat(passedOn(direct)).containsExactly(PROXY.certificate());
	}

	@Test
	void withNoTrustedProxyNobodysHeaderCounts() throws Exception {
		ForwardedClientCertificates noProxies = new ForwardedClientCertificates(new ClientAddressResolver(List.of()),
				new ErrorResponses(path -> false, JsonMapper.builder().build()));
		MockHttpServletRequest request = request("10.1.2.3");
		request.addHeader("Client-Cert", item(PARTNER.certificate()));
		MockFilterChain chain = new MockFilterChain();

		noProxies.doFilter(request, new MockHttpServletResponse(), chain);

		assertThat(ClientCertificates.of((HttpServletRequest) chain.getRequest())).isEmpty();
	}

	@Test
	void aMalformedHeaderFromATrustedProxyIsInvalidRequest() throws Exception {
		for (String[] header : List.of(new String[] { "Client-Cert", "not-a-byte-sequence" },
				new String[] { "Client-Cert", ":bm90IGEgY2VydGlmaWNhdGU=:" }, new String[] { "Client-Cert", ":%%%:" },
				new String[] { "Client-Cert", ":abc" },
				new String[] { "Client-Cert", item(PARTNER.certificate()) + " trailing" },
				new String[] { "Client-Cert", item(PARTNER.certificate()) + ", " + item(ROOT.certificate()) })) {
			MockHttpServletRequest request = request("10.1.2.3");
			request.addHeader(header[0], header[1]);
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();

			this.filter.doFilter(request, response, chain);

			assertThat(chain.getRequest()).as(header[1]).isNull();
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getContentType()).startsWith("application/json");
			assertThat(response.getContentAsString()).contains("\"error\":\"invalid_request\"")
				.contains("Client-Cert header");
		}
	}

	@Test
	void aMalformedChainOrARepeatedLeafIsInvalidRequest() throws Exception {
		MockHttpServletRequest badChain = request("10.1.2.3");
		badChain.addHeader("Client-Cert", item(PARTNER.certificate()));
		badChain.addHeader("Client-Cert-Chain", item(ISSUING.certificate()) + ",");
		MockHttpServletRequest twice = request("10.1.2.3");
		twice.addHeader("Client-Cert", item(PARTNER.certificate()));
		twice.addHeader("Client-Cert", item(PARTNER.certificate()));

		for (MockHttpServletRequest request : List.of(badChain, twice)) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(request, response, new MockFilterChain());
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getContentAsString()).contains("invalid_request");
		}
	}

	@Test
	void theHeadersOfAnUntrustedPeerAreNotEvenParsed() throws Exception {
		MockHttpServletRequest request = request("192.0.2.7");
		request.addHeader("Client-Cert", "garbage");
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();

		this.filter.doFilter(request, response, chain);

		assertThat(chain.getRequest()).isNotNull();
		assertThat(response.getStatus()).isEqualTo(200);
	}

	List<X509Certificate> passedOn(MockHttpServletRequest request) throws Exception {
		MockFilterChain chain = new MockFilterChain();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, chain);
		assertThat(response.getStatus()).isEqualTo(200);
		return ClientCertificates.of((HttpServletRequest) chain.getRequest());
	}

	static MockHttpServletRequest request(String peer) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.setRemoteAddr(peer);
		return request;
	}

	static String item(X509Certificate certificate) throws Exception {
		return ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
	}

}
