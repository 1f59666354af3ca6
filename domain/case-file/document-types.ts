/** Document types of the case file, with their Latvian and English names. Data, not code. */
export const DOCUMENT_TYPES = {
  application: { lv: 'Iesniegums', en: 'Application' },
  decision: { lv: 'Lēmums', en: 'Decision' },
  letter: { lv: 'Vēstule', en: 'Letter' },
  certificate: { lv: 'Izziņa', en: 'Certificate' },
  'income-statement': { lv: 'Ienākumu apliecinājums', en: 'Income statement' },
  'means-declaration': { lv: 'Iztikas līdzekļu deklarācija', en: 'Means declaration' },
  'medical-opinion': { lv: 'Ārsta atzinums', en: 'Medical opinion' },
  'needs-assessment': { lv: 'Vajadzību izvērtējums', en: 'Needs assessment' },
  'registry-evidence': { lv: 'Reģistra datu izraksts', en: 'Registry evidence snapshot' },
  'placement-report': { lv: 'Ārpusģimenes aprūpes ziņojums', en: 'Placement report' },
  contract: { lv: 'Līgums', en: 'Contract' },
  other: { lv: 'Cits dokuments', en: 'Other document' },
} as const;

export type DocumentType = keyof typeof DOCUMENT_TYPES;
export const DOCUMENT_TYPE_CODES = Object.keys(DOCUMENT_TYPES) as [DocumentType, ...DocumentType[]];

/** File types a case file accepts, identified by content, never by the name or the declared type. */
export const ALLOWED_CONTENT_TYPES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'text/plain': 'txt',
  'application/vnd.etsi.asic-e+zip': 'edoc',
  'application/json': 'json',
  'text/html': 'html',
} as const;
export type AllowedContentType = keyof typeof ALLOWED_CONTENT_TYPES;
/** JSON (registry evidence) and HTML (letters) come only from the system itself, never from an upload. */
export const UPLOADABLE_CONTENT_TYPES: readonly AllowedContentType[] = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
  'application/vnd.etsi.asic-e+zip',
];
