package dev.tessera.auth.key;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** What is actually in the database: no private key material in clear. */
@TesseraServerTest
class SigningKeyStorageTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SigningKeys keys;

	@Test
	void theDatabaseNeverHoldsAPrivateKeyInClear() throws Exception {
		List<Map<String, Object>> rows = this.jdbc
			.queryForList("select kid, status, public_jwk, private_key_cipher from signing_key");
		assertThat(rows).isNotEmpty();
		assertThat(rows).filteredOn(row -> "ACTIVE".equals(row.get("status"))).hasSize(1);
		RSAKey signing = this.keys.current().signing().toRSAKey();
		assertThat(signing.isPrivate()).isTrue();
		String privateExponent = signing.getPrivateExponent().toString();
		for (Map<String, Object> row : rows) {
			JWK publicJwk = JWK.parse((String) row.get("public_jwk"));
			assertThat(publicJwk.isPrivate()).isFalse();
			byte[] cipher = (byte[]) row.get("private_key_cipher");
			String asText = new String(cipher, StandardCharsets.ISO_8859_1);
			assertThat(asText).doesNotContain(privateExponent).doesNotContain("\"d\"").doesNotContain("\"p\"");
		}
		List<byte[]> secrets = this.jdbc.queryForList("select secret_hash from client_secret", byte[].class);
		secrets.forEach(hash -> assertThat(hash).hasSize(32));
	}

}
