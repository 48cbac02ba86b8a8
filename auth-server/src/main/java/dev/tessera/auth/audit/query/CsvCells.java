package dev.tessera.auth.audit.query;

/**
 * Writes CSV cells that survive both parsers and spreadsheets: RFC 4180 quoting (a cell
 * holding a comma, quote or line break is quoted, its quotes doubled), and a leading
 * {@code '} on cells that start like a formula ({@code = + - @}, tab, carriage return),
 * so an audited value chosen by a caller cannot run as a formula when an auditor opens
 * the export (CSV injection).
 */
final class CsvCells {

	private CsvCells() {
	}

	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String safe = startsLikeFormula(value) ? "'" + value : value;
		if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
			return '"' + safe.replace("\"", "\"\"") + '"';
		}
		return safe;
	}

	static String row(String... values) {
		StringBuilder row = new StringBuilder();
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				row.append(',');
			}
			row.append(cell(values[i]));
		}
		return row.append("\r\n").toString();
	}

	private static boolean startsLikeFormula(String value) {
		char first = value.charAt(0);
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
	}

}
