-- videotron on one PostgreSQL server: what operator desks and player PCs may do.
-- Run as the schema owner after `videotron db upgrade` (again after each upgrade: new tables need grants too):
--     psql "postgresql://videotron_admin@dbhost/videotron" -f deploy/postgres-grants.sql
-- The group roles videotron_desk and videotron_player are created once beforehand (see deploy/README.md).

REVOKE ALL ON DATABASE videotron FROM PUBLIC;
GRANT CONNECT ON DATABASE videotron TO videotron_desk, videotron_player;
GRANT USAGE ON SCHEMA public TO videotron_desk, videotron_player;

-- Desks: read and write everything (who may do what is checked by videotron's own roles); no DDL.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO videotron_desk;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO videotron_desk;

-- Players: read what a plan, its media and alerts are made of; add play records; keep their heartbeat row.
-- Nothing else: no users, no money records, no audit trail.
GRANT SELECT ON alembic_version, screen, media, media_blob, playlist, playlist_item, daypart, booking,
    booking_screen, make_good, alert, alert_screen TO videotron_player;
GRANT SELECT, INSERT ON play_log TO videotron_player;
GRANT SELECT, INSERT, UPDATE ON heartbeat TO videotron_player;
