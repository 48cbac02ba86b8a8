package dev.tessera.auth.client;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring's view of Tessera's clients. A disabled client does not exist for the token
 * plane: it cannot authenticate, and its tokens introspect inactive. Clients are changed
 * through the admin API, never through this interface.
 */
public class TesseraRegisteredClientRepository implements RegisteredClientRepository {

	private final ClientDirectory directory;

	public TesseraRegisteredClientRepository(ClientDirectory directory) {
		this.directory = directory;
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("Clients are managed through Tessera's admin API");
	}

	@Override
	public RegisteredClient findById(String id) {
		return this.directory.findById(id)
			.filter(ClientRecord::enabled)
			.map(ClientRecord::registeredClient)
			.orElse(null);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return this.directory.findByClientId(clientId)
			.filter(ClientRecord::enabled)
			.map(ClientRecord::registeredClient)
			.orElse(null);
	}

}
