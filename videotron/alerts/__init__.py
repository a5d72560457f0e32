"""Emergency alerts: put a warning on every screen within seconds (BPBD / BMKG), from the CLI, CAP or BMKG feeds.

`service` holds the plain-Python API the CLI and the operator app call (`start_alert`, `stop_alert`, `list_alerts`)
and the player-facing `active_alerts` / `alerts_version`; `notify` is PostgreSQL LISTEN/NOTIFY; `cap` and `bmkg`
parse the two feed formats; `watch` polls a feed on a schedule. Nothing here imports Qt.
"""
