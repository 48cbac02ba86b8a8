package dev.tessera.admin.clients;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IssuedSecretTest {

	@Test
	void printingItNeverShowsTheSecret() {
		IssuedSecret issued = new IssuedSecret("orders", "Orders", "s3cr3t-value", null);
		assertThat(issued.toString()).contains("orders").doesNotContain("s3cr3t-value");
		assertThat(new ClientsController.OneTimeSecret("orders", "Orders", "s3cr3t-value", null, true).toString())
			.doesNotContain("s3cr3t-value");
	}

}
