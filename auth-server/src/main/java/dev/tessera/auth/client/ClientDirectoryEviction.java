package dev.tessera.auth.client;

import dev.tessera.auth.cluster.CacheInvalidations;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Evicts a client from this node's cache now and again after the surrounding transaction
 * commits, so no request in between can re-cache the old state, and tells the other nodes
 * (delivered with the commit).
 */
final class ClientDirectoryEviction {

	private ClientDirectoryEviction() {
	}

	static void evict(ClientDirectory directory, CacheInvalidations others, String clientId) {
		directory.evict(clientId);
		others.clientChanged(clientId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					directory.evict(clientId);
				}
			});
		}
	}

}
