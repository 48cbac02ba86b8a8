package dev.tessera.auth.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FormDecoderTest {

	@Test
	void decodesWhatBrowsersAndOAuthClientsSend() {
		Map<String, List<String>> form = FormDecoder.decode(bytes("grant_type=client_credentials&scope=a%3Ab+c"
				+ "&empty=&flag&resource=https%3A%2F%2Fapi&resource=x&name=%C3%A9t%C3%A9&&"));
		assertThat(form).containsEntry("grant_type", List.of("client_credentials"))
			.containsEntry("scope", List.of("a:b c"))
			.containsEntry("empty", List.of(""))
			.containsEntry("flag", List.of(""))
			.containsEntry("resource", List.of("https://api", "x"))
			.containsEntry("name", List.of("été"))
			.hasSize(6);
		assertThat(FormDecoder.decode(new byte[0])).isEmpty();
		assertThat(FormDecoder.decode(bytes("a=1&last"))).containsEntry("last", List.of("")).hasSize(2);
		assertThat(FormDecoder.decode(bytes("{\"json\":1}"))).containsOnlyKeys("{\"json\":1}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "scope=%%%%", "scope=%zz", "scope=a%", "scope=%4", "scope=%E2%82", "scope=%C3%28",
			"sc%ZZope=x", "scope=%FF%FE" })
	void refusesWhatCannotBeDecoded(String form) {
		assertThatIllegalArgumentException().isThrownBy(() -> FormDecoder.decode(bytes(form)));
	}

	@Test
	void refusesRawBytesThatAreNotUtf8() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FormDecoder.decode(new byte[] { 's', '=', (byte) 0xff, (byte) 0xfe }));
		assertThat(FormDecoder.decode("s=é".getBytes(StandardCharsets.UTF_8))).containsEntry("s", List.of("é"));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
