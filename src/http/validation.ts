import { AppError } from './errors.js';

/**
 * Request validation errors (zod, through fastify-type-provider-zod) for people: each problem
 * names the field as the form labels it and says what is wrong in Indonesian and English,
 * instead of zod's developer text ("title: Too small: expected string to have >=3 characters").
 */

interface Label {
  id: string;
  en: string;
}

/** Field names used in request bodies and queries across the routes, labelled as the forms label them. */
const FIELD_LABELS: Record<string, Label> = {
  title: { id: 'Judul', en: 'Title' },
  name: { id: 'Nama', en: 'Name' },
  fullName: { id: 'Nama lengkap', en: 'Full name' },
  username: { id: 'Nama pengguna', en: 'Username' },
  password: { id: 'Kata sandi', en: 'Password' },
  currentPassword: { id: 'Kata sandi lama', en: 'Current password' },
  newPassword: { id: 'Kata sandi baru', en: 'New password' },
  email: { id: 'Email', en: 'Email' },
  phone: { id: 'Nomor telepon', en: 'Phone number' },
  role: { id: 'Peran', en: 'Role' },
  roles: { id: 'Peran', en: 'Roles' },
  regionCode: { id: 'Kode wilayah', en: 'Region code' },
  region: { id: 'Wilayah', en: 'Region' },
  kecamatan: { id: 'Kecamatan', en: 'Kecamatan' },
  kecamatanCode: { id: 'Kecamatan', en: 'Kecamatan' },
  desa: { id: 'Desa', en: 'Desa' },
  desaCode: { id: 'Desa', en: 'Desa' },
  periodId: { id: 'Periode', en: 'Period' },
  program: { id: 'Program', en: 'Program' },
  type: { id: 'Jenis', en: 'Type' },
  kind: { id: 'Jenis', en: 'Kind' },
  status: { id: 'Status', en: 'Status' },
  heldOn: { id: 'Tanggal pelaksanaan', en: 'Date held' },
  place: { id: 'Tempat', en: 'Place' },
  chair: { id: 'Pimpinan rapat', en: 'Chair' },
  agenda: { id: 'Agenda', en: 'Agenda' },
  number: { id: 'Nomor', en: 'Number' },
  date: { id: 'Tanggal', en: 'Date' },
  startDate: { id: 'Tanggal mulai', en: 'Start date' },
  endDate: { id: 'Tanggal selesai', en: 'End date' },
  note: { id: 'Catatan', en: 'Note' },
  notes: { id: 'Catatan', en: 'Notes' },
  reason: { id: 'Alasan', en: 'Reason' },
  decision: { id: 'Keputusan', en: 'Decision' },
  outcome: { id: 'Hasil verval', en: 'Verval outcome' },
  description: { id: 'Uraian', en: 'Description' },
  message: { id: 'Pesan', en: 'Message' },
  nik: { id: 'NIK', en: 'NIK' },
  kkNumber: { id: 'Nomor KK', en: 'Family card number (No KK)' },
  headName: { id: 'Nama kepala keluarga', en: 'Head of household' },
  headNik: { id: 'NIK kepala keluarga', en: 'Head NIK' },
  birthDate: { id: 'Tanggal lahir', en: 'Birth date' },
  sex: { id: 'Jenis kelamin', en: 'Sex' },
  relationship: { id: 'Hubungan dengan kepala keluarga', en: 'Relationship to the head' },
  address: { id: 'Alamat', en: 'Address' },
  members: { id: 'Anggota keluarga', en: 'Members' },
  householdId: { id: 'Keluarga', en: 'Household' },
  householdIds: { id: 'Keluarga', en: 'Households' },
  keepHouseholdId: { id: 'Keluarga yang dipertahankan', en: 'Household to keep' },
  memberId: { id: 'Anggota', en: 'Member' },
  version: { id: 'Versi data', en: 'Data version' },
  page: { id: 'Halaman', en: 'Page' },
  pageSize: { id: 'Jumlah per halaman', en: 'Page size' },
  q: { id: 'Pencarian', en: 'Search' },
  search: { id: 'Pencarian', en: 'Search' },
  code: { id: 'Kode', en: 'Code' },
  shortName: { id: 'Singkatan', en: 'Short name' },
  nip: { id: 'NIP', en: 'NIP' },
  position: { id: 'Jabatan', en: 'Position' },
  echelon: { id: 'Eselon', en: 'Echelon' },
  agencyId: { id: 'OPD', en: 'Agency' },
  officialId: { id: 'Pejabat', en: 'Official' },
  userId: { id: 'Pengguna', en: 'User' },
  attendees: { id: 'Daftar hadir', en: 'Attendance' },
  institution: { id: 'Lembaga', en: 'Institution' },
  signed: { id: 'Tanda tangan', en: 'Signed' },
  amount: { id: 'Nilai', en: 'Amount' },
  year: { id: 'Tahun', en: 'Year' },
  programId: { id: 'Program bantuan', en: 'Aid program' },
  source: { id: 'Sumber', en: 'Source' },
  fundingSource: { id: 'Sumber dana', en: 'Funding source' },
  edition: { id: 'Edisi data', en: 'Data edition' },
  latitude: { id: 'Lintang', en: 'Latitude' },
  longitude: { id: 'Bujur', en: 'Longitude' },
  found: { id: 'Ditemukan', en: 'Found' },
  changes: { id: 'Perubahan', en: 'Changes' },
  definition: { id: 'Definisi kriteria', en: 'Criteria definition' },
  maxDesaPerOfficial: { id: 'Batas desa per pejabat', en: 'Maximum desa per official' },
  signedBy: { id: 'Penandatangan', en: 'Signed by' },
  signedAt: { id: 'Tanggal penetapan', en: 'Date signed' },
  priority: { id: 'Prioritas', en: 'Priority' },
  category: { id: 'Kategori', en: 'Category' },
};

/** A field name as people read it when the dictionary has none: "kecamatanBinaan" → "kecamatan binaan". */
function humanise(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
}

/** The label of a field path: the last named segment from the dictionary, an item number for array positions. */
export function fieldLabel(path: ReadonlyArray<string | number>): Label {
  const parts: Label[] = [];
  for (const seg of path) {
    if (typeof seg === 'number' || /^\d+$/.test(String(seg))) {
      const n = Number(seg) + 1;
      parts.push({ id: `ke-${n}`, en: `#${n}` });
      continue;
    }
    const known = FIELD_LABELS[String(seg)];
    parts.push(known ?? { id: humanise(String(seg)), en: humanise(String(seg)) });
  }
  if (parts.length === 0) return { id: 'Data', en: 'Data' };
  return { id: parts.map((p) => p.id).join(' '), en: parts.map((p) => p.en).join(' ') };
}

/** What fastify-type-provider-zod reports per zod issue. */
interface ValidationItem {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

const TYPE_NAMES: Record<string, Label> = {
  string: { id: 'teks', en: 'text' },
  number: { id: 'angka', en: 'a number' },
  int: { id: 'bilangan bulat', en: 'a whole number' },
  boolean: { id: 'ya/tidak', en: 'yes/no' },
  array: { id: 'daftar', en: 'a list' },
  object: { id: 'isian', en: 'an object' },
  date: { id: 'tanggal', en: 'a date' },
};

const FORMAT_NAMES: Record<string, Label> = {
  email: { id: 'alamat email', en: 'an email address' },
  date: { id: 'tanggal (tttt-bb-hh)', en: 'a date (yyyy-mm-dd)' },
  datetime: { id: 'tanggal dan jam', en: 'a date and time' },
  url: { id: 'alamat web', en: 'a web address' },
  uuid: { id: 'UUID', en: 'a UUID' },
};

const quoteList = (values: unknown[]) => values.map((v) => String(v)).join(', ');

/** One problem in both languages; `label` is the field's label. */
function describe(item: ValidationItem, label: Label): Label {
  const p = item.params ?? {};
  const origin = String(p.origin ?? '');
  const num = (v: unknown) => Number(v).toLocaleString('id-ID');
  switch (item.keyword) {
    case 'invalid_type': {
      if (/received undefined/.test(item.message ?? '')) {
        return { id: `${label.id} wajib diisi`, en: `${label.en} is required` };
      }
      const t = TYPE_NAMES[String(p.expected)] ?? { id: String(p.expected), en: String(p.expected) };
      return { id: `${label.id} harus berupa ${t.id}`, en: `${label.en} must be ${t.en}` };
    }
    case 'too_small': {
      const n = Number(p.minimum);
      if (origin === 'string') {
        if (n <= 1) return { id: `${label.id} wajib diisi`, en: `${label.en} is required` };
        return { id: `${label.id} terlalu pendek: minimal ${num(n)} karakter`, en: `${label.en} is too short: at least ${n} characters` };
      }
      if (origin === 'array' || origin === 'set') {
        return { id: `${label.id} minimal berisi ${num(n)} item`, en: `${label.en} needs at least ${n} item(s)` };
      }
      return { id: `${label.id} minimal ${num(n)}`, en: `${label.en} must be at least ${n}` };
    }
    case 'too_big': {
      const n = Number(p.maximum);
      if (origin === 'string') {
        return { id: `${label.id} terlalu panjang: maksimal ${num(n)} karakter`, en: `${label.en} is too long: at most ${n} characters` };
      }
      if (origin === 'array' || origin === 'set') {
        return { id: `${label.id} maksimal berisi ${num(n)} item`, en: `${label.en} may hold at most ${n} item(s)` };
      }
      return { id: `${label.id} maksimal ${num(n)}`, en: `${label.en} must be at most ${n}` };
    }
    case 'invalid_format': {
      const f = FORMAT_NAMES[String(p.format)];
      if (f) return { id: `${label.id} harus berupa ${f.id}`, en: `${label.en} must be ${f.en}` };
      // A pattern's own hint (e.g. "Kode wilayah Kemendagri, mis. 35.13.06.2005") is written for people.
      const hint = item.message && !/^Invalid/.test(item.message) ? ` (${item.message})` : '';
      return { id: `Format ${label.id} tidak sesuai${hint}`, en: `${label.en} has the wrong format${hint}` };
    }
    case 'invalid_value': {
      const values = Array.isArray(p.values) ? p.values : [];
      return values.length
        ? { id: `${label.id} harus salah satu dari: ${quoteList(values)}`, en: `${label.en} must be one of: ${quoteList(values)}` }
        : { id: `${label.id} tidak valid`, en: `${label.en} is invalid` };
    }
    case 'unrecognized_keys': {
      const keys = Array.isArray(p.keys) ? quoteList(p.keys) : '';
      return { id: `Isian tidak dikenal: ${keys}`, en: `Unknown field(s): ${keys}` };
    }
    case 'not_multiple_of':
      return { id: `${label.id} harus kelipatan ${String(p.divisor)}`, en: `${label.en} must be a multiple of ${String(p.divisor)}` };
    default:
      return { id: `${label.id} tidak valid`, en: `${label.en} is invalid` };
  }
}

const CONTEXT: Record<string, Label> = {
  body: { id: 'isian formulir', en: 'form' },
  querystring: { id: 'parameter pencarian', en: 'query' },
  params: { id: 'alamat', en: 'address' },
  headers: { id: 'header', en: 'header' },
};

/** The 400 answer for a request that failed its schema: one message per problem, and a summary. */
export function validationError(items: readonly ValidationItem[], context?: string): AppError {
  const details = items.map((item) => {
    const path = (item.instancePath ?? '').split('/').filter((s) => s !== '');
    const label = path.length ? fieldLabel(path) : (CONTEXT[context ?? ''] ?? { id: 'Data', en: 'Data' });
    const text = describe(item, label);
    return { field: path.join('.'), path: item.instancePath ?? '', message: text.id, messageEn: text.en };
  });
  const shown = details.slice(0, 3);
  const more = details.length - shown.length;
  const id = shown.map((d) => d.message).join('; ') + (more > 0 ? `; dan ${more} masalah lain` : '');
  const en = shown.map((d) => d.messageEn).join('; ') + (more > 0 ? `; and ${more} more problem(s)` : '');
  return new AppError(400, 'VALIDATION_ERROR', `Data tidak valid: ${id}`, `Invalid data: ${en}`, details);
}
