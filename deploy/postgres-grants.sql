-- videotron on one PostgreSQL server: what operator desks and player PCs may do, each no more than it needs.
-- Run as the schema owner after `videotron db upgrade` (again after each upgrade: new tables need grants too):
--     psql "postgresql://videotron_admin@dbhost/videotron" -f deploy/postgres-grants.sql
-- The group roles videotron_desk and videotron_player are created once beforehand (see deploy/README.md).
-- Safe to run again: every statement grants or revokes to the same end state.

DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO videotron_desk, videotron_player', current_database());
END $$;
GRANT USAGE ON SCHEMA public TO videotron_desk, videotron_player;

-- Desks: read everything and write the records of daily work (who may do what is checked by videotron's own
-- users and roles); no DDL. Narrowed below where the database itself must refuse, whatever program connects.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO videotron_desk;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO videotron_desk;
-- The audit trail and payments are append-only: a desk adds entries and payments, never edits or deletes one.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry, payment FROM videotron_desk;
-- Users, roles and password hashes are the schema owner's (user add/passwd/disable run with that login); a desk
-- may only count failed logins and set the lockout, which a login at any desk must be able to do.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON app_user FROM videotron_desk;
GRANT UPDATE (failed_logins, locked_until) ON app_user TO videotron_desk;
-- A player installation's public key is registered once (by the player's first upload) and never replaced.
REVOKE UPDATE, DELETE, TRUNCATE ON player_installation FROM videotron_desk;
-- The schema revision is the owner's too.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM videotron_desk;

-- Players: read what a plan, its media and alerts are made of; add play records; keep their heartbeat row.
-- Nothing else: no users, no money records, no audit trail.
GRANT SELECT ON alembic_version, screen, media, media_blob, playlist, playlist_item, daypart, booking,
    booking_screen, make_good, alert, alert_screen, screen_layout, running_text, running_text_screen
    TO videotron_player;
GRANT SELECT, INSERT ON play_log, player_installation TO videotron_player;
GRANT SELECT, INSERT, UPDATE ON heartbeat TO videotron_player;
-- Running texts' proof of display: the player's running totals of the day, uploaded again as they grow.
GRANT SELECT, INSERT, UPDATE ON text_display TO videotron_player;
