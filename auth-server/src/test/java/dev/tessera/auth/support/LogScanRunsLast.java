package dev.tessera.auth.support;

import java.util.Comparator;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the log scan ({@code NoSecretInLogsTest}) after every other test class of the run,
 * so it sees the logs of all of them; the others keep the order they came in (configured
 * in {@code junit-platform.properties}).
 */
public class LogScanRunsLast implements ClassOrderer {

	static final String SCAN_CLASS = "dev.tessera.auth.NoSecretInLogsTest";

	@Override
	public void orderClasses(ClassOrdererContext context) {
		context.getClassDescriptors()
			.sort(Comparator
				.comparing((ClassDescriptor descriptor) -> descriptor.getTestClass().getName().equals(SCAN_CLASS)));
	}

}
