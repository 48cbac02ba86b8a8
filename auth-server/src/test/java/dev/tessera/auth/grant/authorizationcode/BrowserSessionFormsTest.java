package dev.tessera.auth.grant.authorizationcode;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.grant.authorizationcode.BrowserSession.Form;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test fixture's own rules, so a flow test cannot fail (or pass) because of them:
 * PKCE S256 against RFC 7636's example, and forms read from HTML as a browser submits
 * them.
 */
class BrowserSessionFormsTest {

	@Test
	void s256MatchesTheExampleOfRfc7636AppendixB() {
		assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
			.isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
		Pkce pkce = Pkce.s256();
		assertThat(pkce.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
		assertThat(pkce.challenge()).isEqualTo(Pkce.challengeOf(pkce.verifier()));
	}

	@Test
	void readsAConsentFormAsABrowserWouldSubmitIt() {
		String html = """
				<form method="post" action="/oauth2/authorize">
				  <input type="hidden" name="client_id" value="cli">
				  <input type='hidden' name='state' value='a&amp;b=c'>
				  <input name="_csrf" type="hidden" value="tok"/>
				  <label><input type="checkbox" name="scope" value="orders:read" checked> Read</label>
				  <input type="checkbox" name="scope" value="profile">
				  <button type="submit" name="consent" value="approve">Approve</button>
				  <button type="submit" name="consent" value="deny">Deny</button>
				</form>
				<form action="/logout" method="post"><button>Sign out</button></form>
				""";

		List<Form> forms = Form.parse(html);

		assertThat(forms).hasSize(2);
		Form consent = forms.get(0);
		assertThat(consent.action(URI.create("http://localhost:9/oauth2/consent?x=1")))
			.isEqualTo(URI.create("http://localhost:9/oauth2/authorize"));
		assertThat(consent.fieldsForSubmit())
			.isEqualTo(Map.of("client_id", List.of("cli"), "state", List.of("a&b=c"), "_csrf", List.of("tok")));
		assertThat(consent.checkboxValues("scope")).containsExactly("orders:read", "profile");
		assertThat(consent.button("approve").orElseThrow().value()).isEqualTo("approve");
		assertThat(consent.button("deny|cancel").orElseThrow().value()).isEqualTo("deny");
		assertThat(forms.get(1).button("approve")).isEmpty();
	}

	@Test
	void tellsTheApprovalFormFromTheDenyForm() throws Exception {
		String html = """
				<form method="post" action="/oauth2/authorize">
				  <input type="hidden" name="state" value="s"><input type="hidden" name="scope" value="openid">
				  <input type="checkbox" name="scope" value="orders:read" checked>
				  <button type="submit" id="approve">Approve</button>
				</form>
				<form method="post" action="/oauth2/authorize" class="deny">
				  <input type="hidden" name="consent_action" value="deny"><input type="hidden" name="state" value="s">
				  <button type="submit" class="secondary">Deny</button>
				</form>
				""";
		List<Form> forms = Form.parse(html);

		assertThat(forms.get(0).isDeny()).isFalse();
		assertThat(forms.get(1).isDeny()).isTrue();
		assertThat(forms.get(0).fieldsForSubmit()).containsEntry("scope", List.of("openid"));
	}

	@Test
	void decodesQueryParameters() {
		assertThat(BrowserSession.queryParameters(
				URI.create("http://127.0.0.1:1/cb?code=a%2Bb&state=s+1&iss=http%3A%2F%2Flocalhost%3A8080")))
			.containsEntry("code", "a+b")
			.containsEntry("state", "s 1")
			.containsEntry("iss", "http://localhost:8080");
	}

}
