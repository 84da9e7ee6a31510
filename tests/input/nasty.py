"""Values nobody should send, and raw query strings that are not even valid UTF-8."""

NASTY_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\u202e\u200b\ufeff",
    "x" * 100_000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999999999",
    "1e308",
    "NaN",
    "1.5",
    "²",
    "١٢٣",
    "' OR 1=1 --",
    "1; DROP TABLE wagtailcore_page; --",
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "%00",
    "NEAR(a b)",
    '"unterminated',
]

# Raw query-string fragments: percent-escapes that decode to bytes that are not UTF-8,
# arrays where scalars are expected, and parameters without values or names.
RAW_QUERY_STRINGS = [
    "{name}=%ff",
    "{name}=%ed%a0%80",
    "{name}=%00",
    "{name}=%",
    "{name}[]=1&{name}[]=2",
    "{name}=1&{name}=2&{name}=3",
    "{name}",
    "{name}=&{name}=",
    "=1",
    "{name}=" + "9" * 5000,
]
