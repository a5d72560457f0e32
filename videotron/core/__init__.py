"""The ground floor: what every room uses (errors, clock, database base, audit, users and permissions,
configuration, paths, TOML positions). It imports nothing above it."""
