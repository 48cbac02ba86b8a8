package dev.tessera.auth.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One CIDR block of the IANA special-purpose address registries (RFC 6890 and its
 * updates), with what it is called in a refusal.
 *
 * @param prefix the block's first address (4 or 16 bytes)
 * @param bits the prefix length
 * @param name what the block is, for the message that refuses an address in it
 */
record AddressBlock(byte[] prefix, int bits, String name) {

	static AddressBlock of(String cidr, String name) {
		int slash = cidr.indexOf('/');
		try {
			return new AddressBlock(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
					Integer.parseInt(cidr.substring(slash + 1)), name);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(cidr, ex);
		}
	}

	/** Whether the address (of the same family, as raw bytes) lies in this block. */
	boolean contains(byte[] address) {
		if (address.length != this.prefix.length) {
			return false;
		}
		int whole = this.bits / 8;
		for (int i = 0; i < whole; i++) {
			if (address[i] != this.prefix[i]) {
				return false;
			}
		}
		int rest = this.bits % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (address[whole] & mask) == (this.prefix[whole] & mask);
	}

}
