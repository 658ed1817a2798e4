"""Pure rules: no I/O, no Qt, no database. Everything here receives "now"."""
