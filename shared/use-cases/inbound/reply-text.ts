/** The text of a decided reply: the decision and the report in, one rendered segment out. */
import type { Jurisdiction, Language } from '../../config/jurisdiction';
import type { Report } from '../../domain/report';
import { renderReply, type RenderedReply, type ReplyKind } from '../../domain/sms/reply-templates';
import { isOpen, STATUS_LABELS } from '../../domain/status-machine';
import { trackUrl } from '../../notify/message';

/** "12 Des 2026" / "12 Dec 2026", in the jurisdiction's time zone. */
export function smsDate(iso: string, lang: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone })
    .format(new Date(iso))
    .replace(/\./g, '');
}

/** The date a citizen may next expect something: the planned date, else the stage deadline (open reports only). */
export function nextExpected(report: Pick<Report, 'status' | 'expectedAt' | 'dueAt'>): string | undefined {
  if (!isOpen(report.status)) return undefined;
  return report.expectedAt ?? report.dueAt;
}

export function replyText(
  kind: ReplyKind,
  lang: Language,
  jurisdiction: Jurisdiction,
  report: Report | undefined,
  code: string | undefined,
): RenderedReply {
  const next = report ? nextExpected(report) : undefined;
  // an open report without any date, or a finished one, gets the dateless form of the status answer
  const effective: ReplyKind = kind === 'status' && next === undefined ? 'status-final' : kind;
  return renderReply(effective, lang, {
    serviceName: jurisdiction.serviceName,
    site: jurisdiction.publicBaseUrl.replace(/\/+$/, ''),
    max: jurisdiction.citizenReopenLimit,
    ...((report?.id ?? code) !== undefined && { code: report?.id ?? code }),
    ...(report && { status: STATUS_LABELS[report.status][lang], url: trackUrl(jurisdiction, report.id) }),
    ...(next && { date: smsDate(next, lang, jurisdiction.timeZone) }),
  });
}
