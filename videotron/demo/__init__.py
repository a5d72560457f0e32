"""The demo office: generated media, a setup file, a tariff and a month of billing, and the player under Xvfb."""
