"""Kiosk player: plays a screen's compiled plan with libVLC in a borderless Qt window, following the clock."""
