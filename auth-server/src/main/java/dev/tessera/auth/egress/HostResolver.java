package dev.tessera.auth.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into addresses: the system resolver in the server, a scripted one in
 * tests (for instance one that answers differently the second time, as a DNS-rebinding
 * attacker's server would). It is asked once per outbound connection, and the connection
 * goes to exactly the addresses it answered once {@link EgressPolicy} has judged them.
 */
@FunctionalInterface
public interface HostResolver {

	/** The operating system's resolver. */
	HostResolver SYSTEM = InetAddress::getAllByName;

	InetAddress[] resolve(String host) throws UnknownHostException;

}
