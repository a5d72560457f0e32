"""UI text in Bahasa Indonesia (default) and English.

Source strings are English; `tr()` returns the Indonesian text when the language is "id". A test checks that
every string the widgets use has an Indonesian translation, so no English slips into the default UI.
"""

from __future__ import annotations

_LANGUAGE = "id"

ID: dict[str, str] = {
    # window and menus
    "videotron — operator and treasurer": "videotron — operator dan bendahara",
    "&File": "&Berkas",
    "&Language": "&Bahasa",
    "E&xit": "&Keluar",
    "Bahasa Indonesia": "Bahasa Indonesia",
    "English": "English",
    "The language changes the next time the window opens.": "Bahasa berganti saat jendela dibuka kembali.",
    "Ready": "Siap",
    "Error": "Kesalahan",
    "Working…": "Sedang diproses…",
    "Database": "Basis data",
    # tabs
    "Screens": "Layar",
    "Media": "Media",
    "Playlists": "Daftar putar",
    "Advertisers and bookings": "Pemasang iklan dan pemesanan",
    "Schedule": "Jadwal",
    "Billing": "Retribusi",
    "Reports": "Laporan",
    # screens tab
    "ID": "ID",
    "Name": "Nama",
    "Location": "Lokasi",
    "Zone": "Zona",
    "Geometry": "Geometri",
    "Hours": "Jam operasi",
    "Loop (s)": "Putaran (dtk)",
    "PSA share": "Porsi ILM",
    "Status": "Status",
    "Now playing": "Sedang tayang",
    "Last contact": "Kontak terakhir",
    "online": "daring",
    "offline": "luring",
    "never": "belum pernah",
    "Refresh": "Muat ulang",
    "Last screenshot": "Tangkapan layar terakhir",
    "No screenshot yet": "Belum ada tangkapan layar",
    # emergency alerts
    "Emergency alert on every screen": "Peringatan darurat di semua layar",
    "EMERGENCY WARNING": "PERINGATAN DARURAT",
    "e.g. Earthquake: move away from buildings, follow BPBD instructions.": (
        "mis. Gempa bumi: jauhi bangunan, ikuti arahan BPBD."
    ),
    "I am authorised to interrupt every screen now": "Saya berwenang menghentikan tayangan di semua layar sekarang",
    "Broadcast now": "Siarkan sekarang",
    "Message": "Pesan",
    "Duration": "Lama",
    "EMERGENCY ALERT…": "PERINGATAN DARURAT…",
    "Stop alerts": "Hentikan peringatan",
    "until": "sampai",
    "On air": "Sedang tayang",
    "No alert on air.": "Tidak ada peringatan yang tayang.",
    "End every alert and return to the schedule?": "Akhiri semua peringatan dan kembali ke jadwal?",
    # media tab
    "Import…": "Impor…",
    "Approve…": "Setujui…",
    "Reject…": "Tolak…",
    "Kind": "Jenis",
    "Length": "Durasi",
    "Size": "Ukuran",
    "Approval": "Persetujuan",
    "approved by {who} on {when}": "disetujui {who} pada {when}",
    "rejected: {reason}": "ditolak: {reason}",
    "waiting for approval": "menunggu persetujuan",
    "ad": "iklan",
    "psa": "ILM",
    "filler": "pengisi",
    "image": "gambar",
    "video": "video",
    "Choose media files": "Pilih berkas media",
    "Media files": "Berkas media",
    "Import media": "Impor media",
    "Kind of content:": "Jenis konten:",
    "Seconds (images only):": "Detik (khusus gambar):",
    "Probing and storing {n} file(s)…": "Memeriksa dan menyimpan {n} berkas…",
    "Imported {ok} file(s); {bad} refused.": "{ok} berkas diimpor; {bad} ditolak.",
    "Approved by (name):": "Disetujui oleh (nama):",
    "Reason for rejection:": "Alasan penolakan:",
    "Select a media item first.": "Pilih media terlebih dahulu.",
    "Drop video or image files here to import them.": "Letakkan berkas video atau gambar di sini untuk mengimpor.",
    "Preview": "Pratinjau",
    "Title": "Judul",
    # bookings tab
    "Save advertiser": "Simpan pemasang iklan",
    "Address": "Alamat",
    "Advertisers": "Pemasang iklan",
    "empty = all operating hours, e.g. 17:00-21:00": "kosong = sepanjang jam operasi, mis. 17:00-21:00",
    "Save booking": "Simpan pemesanan",
    "Booking no.": "No. pemesanan",
    "Ad media": "Media iklan",
    "Category": "Kategori",
    "Plays per day": "Tayang per hari",
    "From": "Dari",
    "Until": "Sampai",
    "Time band": "Rentang jam",
    "Period": "Masa",
    "New booking": "Pemesanan baru",
    "Bookings": "Daftar pemesanan",
    "Type a booking number to see the quote and the capacity.": (
        "Ketik nomor pemesanan untuk melihat tarif dan kapasitas."
    ),
    "Fix these fields:": "Perbaiki isian berikut:",
    "Cannot be honoured:": "Tidak dapat dilayani:",
    "The screens can carry this booking.": "Layar dapat menampung pemesanan ini.",
    "Retribution": "Retribusi",
    "No tariff:": "Tidak ada tarif:",
    "Booking {id} saved.": "Pemesanan {id} disimpan.",
    # billing tab
    "Record payment": "Catat pembayaran",
    "cash": "tunai",
    "transfer": "transfer",
    "outstanding": "sisa tagihan",
    "Amount": "Jumlah",
    "Method": "Cara bayar",
    "all": "semua",
    "issued": "terbit",
    "partial": "dibayar sebagian",
    "paid": "lunas",
    "void": "batal",
    "all months": "semua bulan",
    "this month only": "bulan ini saja",
    "payer name contains…": "nama wajib retribusi memuat…",
    "Payer": "Wajib retribusi",
    "SKRD no.": "No. SKRD",
    "Issued": "Tanggal terbit",
    "Total": "Jumlah",
    "Paid": "Dibayar",
    "Due": "Jatuh tempo",
    "Issue SKRD…": "Terbitkan SKRD…",
    "Record payment…": "Catat pembayaran…",
    "Void…": "Batalkan…",
    "Print SKRD…": "Cetak SKRD…",
    "Print receipt…": "Cetak tanda bukti…",
    "Save SKRD as PDF…": "Simpan SKRD sebagai PDF…",
    "assessed": "ditetapkan",
    "received": "diterima",
    "Select an SKRD first.": "Pilih SKRD terlebih dahulu.",
    "Every booking already has an SKRD.": "Semua pemesanan sudah memiliki SKRD.",
    "Reason for voiding SKRD {n}:": "Alasan pembatalan SKRD {n}:",
    "SKRD {n} has no payment yet.": "SKRD {n} belum memiliki pembayaran.",
    "Receipt": "Tanda bukti pembayaran",
    # reports tab
    "Monthly retribution report": "Laporan retribusi bulanan",
    "Proof-of-play report": "Laporan bukti tayang",
    "Report": "Laporan",
    "Month": "Bulan",
    "Export {fmt}…": "Ekspor {fmt}…",
    "{n} page(s)": "{n} halaman",
    "Saved {path}": "Tersimpan: {path}",
    # schedule tab
    "Show": "Tampilkan",
    "Date": "Tanggal",
    "Zoom": "Perbesar",
    "Week overview: booked and free ad minutes per day": "Ringkasan minggu: menit iklan terpesan dan tersisa per hari",
    "booked": "terpesan",
    "free": "tersisa",
    "min": "mnt",
    "Booking": "Pemesanan",
    "Advertiser": "Pemasang iklan",
    # playlists tab
    "New playlist…": "Daftar putar baru…",
    "← Add": "← Tambah",
    "Remove": "Hapus",
    "Save playlist": "Simpan daftar putar",
    "Items (drag to reorder)": "Isi (seret untuk mengurutkan)",
    "PSA and filler media": "Media ILM dan pengisi",
    "Screen": "Layar",
    "Playlist": "Daftar putar",
    "Days": "Hari",
    "Start": "Mulai",
    "End": "Selesai",
    "Priority": "Prioritas",
    "Days (mon-fri, sat,sun…)": "Hari (mon-fri, sat,sun…)",
    "Add daypart": "Tambah jadwal tayang",
    "Delete daypart": "Hapus jadwal tayang",
    "Dayparts": "Jadwal tayang ILM",
    "Playlist id (lowercase, digits, -):": "ID daftar putar (huruf kecil, angka, -):",
    "office content, no approval needed": "konten dinas, tanpa persetujuan",
    # login
    "videotron — log in": "videotron — masuk",
    "Log in with your user name and password.": "Masuk dengan nama pengguna dan kata sandi Anda.",
    "User name:": "Nama pengguna:",
    "Password:": "Kata sandi:",
    "User {name} is disabled; ask an admin.": "Pengguna {name} dinonaktifkan; hubungi admin.",
    "Wrong password for {name} ({left} attempt(s) left).": "Kata sandi {name} salah (sisa {left} kali percobaan).",
    "No users yet: create the first admin with {command}.": "Belum ada pengguna: buat admin pertama dengan {command}.",
}

EN_FALLBACK: dict[str, str] = {}


def set_language(language: str) -> None:
    global _LANGUAGE
    _LANGUAGE = language if language in ("id", "en") else "id"


def language() -> str:
    return _LANGUAGE


def tr(text: str, **values: object) -> str:
    out = ID.get(text, text) if _LANGUAGE == "id" else text
    return out.format(**values) if values else out
