"""The demo office: generated media and a setup file for one screen, loaded into the embedded database.

Everything is made locally (ffmpeg colour clips with labels, a PNG), dated from today so the plan has ads
on air at any time of day.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from videotron.demo.media import make_clip, make_image

DEMO_SCREEN = "alun-alun"
DEMO_SIZE = (640, 320)
TEXT_CATEGORY = "teks-berjalan"  # the demo tariff's running-text category (Rp100 per character per day)

# (id, kind, colour, seconds or None for image, label)
DEMO_MEDIA = (
    ("psa-dbd", "psa", "0xC62828", 12, "AYO CEGAH DBD - 3M PLUS"),
    ("psa-sampah", "psa", "0x2E7D32", 10, "BUANG SAMPAH PADA TEMPATNYA"),
    ("logo-kota", "filler", "0x37474F", None, "KOTA PADANG PANJANG"),
    ("iklan-toko-maju", "ad", "0x1565C0", 15, "TOKO MAJU JAYA"),
    ("iklan-bank-nagari", "ad", "0x6A1B9A", 15, "BANK NAGARI"),
)


def make_demo_media(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for media_id, _kind, colour, seconds, label in DEMO_MEDIA:
        if seconds is None:
            path = folder / f"{media_id}.png"
            if not path.exists():
                make_image(path, colour, DEMO_SIZE, label)
        else:
            path = folder / f"{media_id}.mp4"
            if not path.exists():
                make_clip(path, colour, seconds, DEMO_SIZE, label)


def demo_setup_toml(today: date, geometry: str) -> str:
    end = today + timedelta(days=29)
    media = []
    for media_id, kind, _colour, seconds, _label in DEMO_MEDIA:
        lines = [f'[[media]]\nid = "{media_id}"\nkind = "{kind}"']
        lines.append(f'file = "media/{media_id}.{"png" if seconds is None else "mp4"}"')
        if seconds is None:
            lines.append("seconds = 8")
        if kind == "ad":
            lines.append('approved_by = "Budiono, S.ST (Pranata Humas)"')
        media.append("\n".join(lines))
    return f"""\
# Demo office: one screen at the town square, PSAs all day, two advertisers.
[[screen]]
id = "{DEMO_SCREEN}"
name = "Videotron Alun-Alun"
location = "Jl. M. Yamin, Padang Panjang"
zone = "A"
timezone = "Asia/Jakarta"
geometry = "{geometry}"
hours = "00:00-24:00"
loop_seconds = 60
psa_share = 0.30

{chr(10).join(media)}

[[playlist]]
id = "psa-umum"
name = "Layanan masyarakat umum"
items = ["psa-dbd", "logo-kota", "psa-sampah"]

[[daypart]]
screen = "{DEMO_SCREEN}"
playlist = "psa-umum"
days = "mon-sun"
start = "00:00"
end = "24:00"

[[advertiser]]
id = "toko-maju"
name = "Toko Maju Jaya"
address = "Jl. Sudirman No. 1, Padang Panjang"
npwrd = "P.2.0001.12.07"

[[advertiser]]
id = "bank-nagari"
name = "PT Bank Nagari Cabang Padang Panjang"
address = "Jl. Jend. Sudirman No. 12, Padang Panjang"
npwrd = "P.2.0002.12.07"

[[booking]]
id = "BK-{today.year}-001"
advertiser = "toko-maju"
media = "iklan-toko-maju"
screens = ["{DEMO_SCREEN}"]
category = "komersial"
plays_per_day = 1440
start = {today.isoformat()}
end = {end.isoformat()}

[[booking]]
id = "BK-{today.year}-002"
advertiser = "bank-nagari"
media = "iklan-bank-nagari"
screens = ["{DEMO_SCREEN}"]
category = "komersial"
plays_per_day = 720
start = {today.isoformat()}
end = {end.isoformat()}

# The ticker band at the bottom and the clock in the top right corner, over the video.
[[layout]]
screen = "{DEMO_SCREEN}"
sold_texts = 4
[layout.ticker]
position = "bottom"
h = 40
size_px = 26
fg = "#FFEB3B"
bg = "#0D47A1"
speed_px_s = 120
separator = "   •   "
[layout.clock]
position = "top-right"
w = 380
h = 34
size_px = 20
overlay = true

[[message]]
id = "RT-{today.year}-001"
text = "Ayo cegah DBD dengan 3M Plus: menguras, menutup, mendaur ulang"
screens = ["{DEMO_SCREEN}"]
start = {today.isoformat()}
end = {end.isoformat()}

[[message]]
id = "RT-{today.year}-002"
text = "Buanglah sampah pada tempatnya - Padang Panjang Kota Serambi Mekah"
screens = ["{DEMO_SCREEN}"]
start = {today.isoformat()}
end = {end.isoformat()}

[[message]]
id = "RT-{today.year}-003"
text = "Pelayanan KTP-el Disdukcapil buka Senin-Jumat 08.00-15.00 WIB"
screens = ["{DEMO_SCREEN}"]
start = {today.isoformat()}
end = {end.isoformat()}
band = "07:00-16:00"

[[text_booking]]
id = "TB-{today.year}-001"
advertiser = "toko-maju"
text = "Toko Maju Jaya - diskon 20% akhir tahun, Jl. Sudirman No. 1"
screens = ["{DEMO_SCREEN}"]
category = "teks-berjalan"
start = {today.isoformat()}
end = {end.isoformat()}
"""


def write_demo_setup(folder: Path, today: date, geometry: str) -> Path:
    make_demo_media(folder / "media")
    path = folder / "setup.toml"
    path.write_text(demo_setup_toml(today, geometry), encoding="utf-8")
    return path


DEMO_TARIFF = """\
# Demo tariff. Rates are illustrative: each office sets its own by head-of-region regulation.
name = "Tarif Retribusi Pemakaian Fasilitas Videotron"
regulation = "Peraturan Walikota Padang Panjang Nomor 5 Tahun 2018"
effective_from = 2026-01-01
block_seconds = 15
rounding = 100
min_plays_per_day = 3
due_days = 30
late_interest_percent = 2
exempt_categories = ["pemerintah"]

[[rate]]
category = "komersial"
zone = "A"
unit = "play"
price = 2500
account = "4.1.2.02.01"

[[rate]]
category = "komersial"
zone = "*"
unit = "play"
price = 1500
account = "4.1.2.02.01"

[[rate]]
category = "sosial"
zone = "*"
unit = "day"
price = 50000
account = "4.1.2.02.02"

[[rate]]
category = "teks-berjalan"
zone = "*"
unit = "day"
blocks = "chars"
price = 100
account = "4.1.2.02.03"

[[band]]
name = "prime"
start = "17:00"
end = "21:00"
factor = 1.5
"""


def write_demo_tariff(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tarif.toml"
    path.write_text(DEMO_TARIFF, encoding="utf-8")
    return path
