import { pageParams } from '../core/paging.ts';
import { Type } from 'typebox';
import type { Capability } from '../core/plugin.ts';
import { authOf } from '../core/http.ts';
import type { BopListKind, Level, OfficialRole, ValidationOutcome } from './model.ts';
import * as S from './schemas.ts';
import {
  addToBopList, agreementsView, AUDITS_PAGE, auditFilingList, bopListPrintout, bopListView, certificationDocument, cjisUserList, fileAudit, recordAgreement, recordCertification,
  recordOfficial, reminderList, removeFromBopList, requestValidationList, setEmployment, validateEntry, validationMonthList, validationView,
} from './desk.ts';
import { readDocument } from './documents.ts';
import { Bytes } from '../core/contract.ts';

const tags = ['cjis-desk'];

/** The CJIS Representative's desk (81A §J.1–§J.2, §J.4) and the Chief's BOP list. */
export const cjisDeskRoutes: Capability = async (app, { ctx }) => {
  app.get('/cjis/users', {
    config: { permission: 'cjis.manage' },
    schema: { tags, summary: 'Every CJIS user with certification level and dates, and whether CJIS is open to them today (81A §J.1.b.i, §J.2)', response: { 200: Type.Array(S.CjisUserView) } },
  }, async () => cjisUserList(ctx));

  app.put('/cjis/users/:username/employment', {
    config: { permission: 'cjis.manage', action: 'cjis.user.employment' },
    schema: { tags, summary: 'When the user was employed: training is due within six months (81A §J.1.b.i)', params: S.UserParams, body: S.EmploymentBody, response: { 200: S.CjisUserView } },
  }, async (request) => setEmployment(ctx, authOf(request).actor, request.params.username, request.body.employedSince));

  app.post('/cjis/users/:username/certifications', {
    config: { permission: 'cjis.manage', action: 'cjis.certification.recorded' },
    schema: { tags, summary: 'Record a certification with its certificate: uploaded, or generated as a PDF (81A §J.1.b.ii)', params: S.UserParams, body: S.CertificationBody, response: { 201: S.CjisUserView } },
  }, async (request, reply) => reply.status(201).send(await recordCertification(ctx, authOf(request).actor, request.params.username, { ...request.body, level: request.body.level as Level })));

  app.get('/cjis/certifications/:id/certificate', {
    config: { permission: 'cjis.manage', auditedByService: true },
    schema: { tags, summary: 'The certificate kept for a certification', params: S.IdParams, response: { 200: Bytes('the certificate as filed (PDF or image)') } },
  }, async (request, reply) => {
    const doc = await readDocument(ctx, authOf(request).actor, await certificationDocument(ctx, request.params.id));
    return reply.type(doc.contentType).header('content-disposition', `inline; filename="${doc.filename.replace(/[^\w.-]/g, '_')}"`).send(doc.bytes);
  });

  app.get('/cjis/reminders', {
    config: { permission: 'cjis.manage' },
    schema: { tags, summary: 'Reminders sent before certifications expire', response: { 200: Type.Array(S.ReminderView) } },
  }, async () => reminderList(ctx));

  app.get('/cjis/agreements', {
    config: { permission: 'cjis.manage' },
    schema: { tags, summary: 'Users Agreements, the officials behind them and what is due: by March 1, and within ten days of a new CJIS Rep, backup Rep or Chief (81A §J.1.b.vii–viii)', response: { 200: S.AgreementsView } },
  }, async () => agreementsView(ctx));

  app.post('/cjis/agreements', {
    config: { permission: 'cjis.manage', action: 'cjis.agreement.recorded' },
    schema: { tags, summary: 'Record a signed Users Agreement filed with Records and the CHSB (81A §J.1.b.vii)', body: S.AgreementBody, response: { 201: S.AgreementsView } },
  }, async (request, reply) => reply.status(201).send(await recordAgreement(ctx, authOf(request).actor, request.body)));

  app.post('/cjis/officials', {
    config: { permission: 'cjis.manage', action: 'cjis.official.assigned' },
    schema: { tags, summary: 'Record a new CJIS Representative, backup Representative or Chief (81A §J.1.b.viii(b))', body: S.OfficialBody, response: { 201: S.AgreementsView } },
  }, async (request, reply) => reply.status(201).send(await recordOfficial(ctx, authOf(request).actor, { ...request.body, role: request.body.role as OfficialRole })));

  app.get('/cjis/validations', {
    config: { permission: 'cjis.manage' },
    schema: { tags, summary: 'The months whose validation list was received', response: { 200: Type.Array(Type.Object({ month: Type.String(), requestedAt: Type.String(), requestedBy: Type.String() })) } },
  }, async () => validationMonthList(ctx));

  app.get('/cjis/validations/:month', {
    config: { permission: 'cjis.manage' },
    schema: { tags, summary: 'The month’s validation list of the agency’s own entries, with who validated what (81A §J.1.b.iii)', params: S.MonthParams, response: { 200: S.ValidationView } },
  }, async (request) => validationView(ctx, request.params.month));

  app.post('/cjis/validations/:month', {
    config: { permission: 'cjis.manage', action: 'cjis.validation.list_received' },
    schema: { tags, summary: 'Ask the switch for the month’s validation list', params: S.MonthParams, response: { 200: S.ValidationView } },
  }, async (request) => requestValidationList(ctx, authOf(request).actor, request.params.month));

  app.post('/cjis/validations/:month/:nic', {
    config: { permission: 'cjis.manage', action: 'cjis.validation.recorded' },
    schema: { tags, summary: 'Record the validation of one entry on the list', params: S.NicParams, body: S.ValidationBody, response: { 200: S.ValidationView } },
  }, async (request) => validateEntry(ctx, authOf(request).actor, request.params.month, request.params.nic, request.body.outcome as ValidationOutcome, request.body.note));

  app.get('/cjis/bop-list', {
    config: { permission: ['cjis.bop_list', 'cjis.manage', 'audit.read'] },
    schema: { tags, summary: 'The Chief’s list of employees authorized for BOP (CORI) queries, by position, title or name (81A §J.4.c)', response: { 200: Type.Array(S.BopItem) } },
  }, async () => bopListView(ctx));

  app.post('/cjis/bop-list', {
    config: { permission: 'cjis.bop_list', action: 'cjis.bop_list.added' },
    schema: { tags, summary: 'Add a position, title or name to the Chief’s BOP list (81A §J.4.c)', body: S.BopBody, response: { 201: Type.Array(S.BopItem) } },
  }, async (request, reply) => reply.status(201).send(await addToBopList(ctx, authOf(request).actor, request.body.kind as BopListKind, request.body.value)));

  app.delete('/cjis/bop-list/:id', {
    config: { permission: 'cjis.bop_list', action: 'cjis.bop_list.removed' },
    schema: { tags, summary: 'Take an entry off the Chief’s BOP list', params: S.IdParams, response: { 200: Type.Array(S.BopItem) } },
  }, async (request) => removeFromBopList(ctx, authOf(request).actor, request.params.id));

  app.get('/cjis/bop-list.pdf', {
    config: { permission: ['cjis.bop_list', 'cjis.manage', 'audit.read'], auditRead: true },
    schema: { tags, summary: 'The Chief’s BOP list printed for inspection by the CHSB (81A §J.4.c)', response: { 200: Bytes('application/pdf') } },
  }, async (request, reply) => reply.type('application/pdf').send(await bopListPrintout(ctx, authOf(request).actor)));

  app.get('/cjis/audits', {
    config: { permission: ['cjis.manage', 'audit.read'] },
    schema: {
      tags, summary: 'CJIS audits and when each was filed with the Department Records Section (81A §J.1.b.ix), newest audit first, a page at a time',
      querystring: Type.Object(pageParams(AUDITS_PAGE.default, AUDITS_PAGE.max), { additionalProperties: false }), response: { 200: S.AuditPage },
    },
  }, async (request) => auditFilingList(ctx, request.query));

  app.post('/cjis/audits', {
    config: { permission: 'cjis.manage', action: 'cjis.audit.filed' },
    schema: { tags, summary: 'File a CJIS audit with Records (81A §J.1.b.ix)', body: S.AuditBody, response: { 201: Type.Array(S.AuditView) } },
  }, async (request, reply) => reply.status(201).send(await fileAudit(ctx, authOf(request).actor, request.body)));
};
