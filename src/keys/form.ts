import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

/**
 * The Knox Box Access Reporting Form of O-604 §III.H, laid out like the paper form:
 * a header, the nine numbered fields in ruled boxes, the routing lines. Each value is
 * also an AcroForm text field (read-only) named after the field, so the values can be
 * read back by software — the fax gateway's OCR is not the only reader.
 */
export interface AccessFormFields {
  date: string;
  recordNumber: string;
  buildingLocation: string;
  apartments: string;
  occupant: string;
  officer: string;
  authorizingSupervisor: string;
  timeRemoved: string;
  timeReturned: string;
}

/** The nine fields in the policy's order, with the words printed on the form (§III.H.1–9). */
export const FORM_FIELDS: readonly { key: keyof AccessFormFields; label: string }[] = [
  { key: 'date', label: '1. Date' },
  { key: 'recordNumber', label: '2. Record number' },
  { key: 'buildingLocation', label: '3. Building location' },
  { key: 'apartments', label: '4. Number(s) of the apartment(s) or unit(s) entered' },
  { key: 'occupant', label: '5. Resident’s / Occupant’s name' },
  { key: 'officer', label: '6. Officer accessing master keys' },
  { key: 'authorizingSupervisor', label: '7. Authorizing Supervisor' },
  { key: 'timeRemoved', label: '8. Time master keys removed' },
  { key: 'timeReturned', label: '9. Time master keys returned' },
];

export interface FormHeader {
  agency: string;
  authority: string;
  reportTo: string;
  reason: string;
  /** The Knox access key the officer used (O-604 §III.B–C), when the access recorded one. */
  accessKey?: string | null | undefined;
  filedAt: string;
  draft: boolean;
}

/** Characters the standard Helvetica (WinAnsi) cannot print become "?" rather than failing the form. */
function printable(font: PDFFont, text: string): string {
  return [...text].map((ch) => {
    try {
      font.encodeText(ch);
      return ch;
    } catch {
      return '?';
    }
  }).join('');
}

export async function renderAccessForm(values: AccessFormFields, header: FormHeader): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Knox Box Access Reporting Form ${values.recordNumber}`);
  pdf.setSubject('AOM O-604 §III.H');
  pdf.setProducer('Precinct');
  const page = pdf.addPage([612, 792]); // US Letter, as faxed
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  drawHeader(page, bold, regular, header);
  const form = pdf.getForm();
  let y = 640;
  const rowHeight = 46;
  for (const field of FORM_FIELDS) {
    page.drawRectangle({ x: 48, y: y - rowHeight, width: 516, height: rowHeight, borderColor: rgb(0, 0, 0), borderWidth: 1 });
    page.drawText(field.label.replace('’', "'"), { x: 54, y: y - 13, size: 8.5, font: bold });
    const value = printable(regular, values[field.key] || '—');
    const text = form.createTextField(field.key);
    text.setText(value);
    text.addToPage(page, { x: 54, y: y - rowHeight + 4, width: 504, height: 24, borderWidth: 0, font: regular });
    // a long address shrinks to fit the box rather than running off the form
    text.setFontSize(Math.max(6, Math.min(12, 496 / Math.max(1, regular.widthOfTextAtSize(value, 1)))));
    text.enableReadOnly();
    y -= rowHeight;
  }
  drawFooter(page, regular, header, y - 24);
  form.updateFieldAppearances(regular);
  return pdf.save();
}

function drawHeader(page: PDFPage, bold: PDFFont, regular: PDFFont, header: FormHeader): void {
  page.drawText(printable(bold, header.agency.toUpperCase()), { x: 48, y: 740, size: 13, font: bold });
  page.drawText('KNOX BOX ACCESS REPORTING FORM', { x: 48, y: 716, size: 17, font: bold });
  page.drawText('Administration & Operations Manual O-604 §III.H — Use of Knox Boxes', { x: 48, y: 700, size: 9, font: regular });
  page.drawText(printable(regular, `To: ${header.authority} (${header.reportTo})`), { x: 48, y: 684, size: 9, font: regular });
  page.drawText(printable(regular, `Reason for entry: ${header.reason}`), { x: 48, y: 660, size: 9, font: regular });
  if (header.accessKey) page.drawText(printable(regular, `Access key used: ${header.accessKey}`), { x: 48, y: 648, size: 9, font: regular });
  page.drawLine({ start: { x: 48, y: 676 }, end: { x: 564, y: 676 }, thickness: 1.5 });
  if (header.draft) page.drawText('DRAFT — master keys not yet returned', { x: 330, y: 740, size: 11, font: bold, color: rgb(0.7, 0, 0) });
}

function drawFooter(page: PDFPage, regular: PDFFont, header: FormHeader, y: number): void {
  const lines = [
    'Faxed by the Dispatch Center to the owning authority upon return of the master keys (§III.H).',
    'The original is forwarded to the Police Department Records Bureau for retention.',
    `Completed ${header.filedAt} by Precinct.`,
  ];
  lines.forEach((line, i) => page.drawText(printable(regular, line), { x: 48, y: y - i * 13, size: 8.5, font: regular }));
  page.drawText('Dispatcher ______________________    Records Bureau received ______________________', { x: 48, y: y - 60, size: 9, font: regular });
}

/** Read the nine values back out of a form this module made. */
export async function readAccessForm(bytes: Uint8Array): Promise<AccessFormFields> {
  const form = (await PDFDocument.load(bytes)).getForm();
  const out = {} as AccessFormFields;
  for (const field of FORM_FIELDS) out[field.key] = form.getTextField(field.key).getText() ?? '';
  return out;
}
