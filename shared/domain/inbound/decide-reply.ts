/**
 * What a citizen's message does, given what is known about the sender and the report it names. Pure: the parsed
 * command and looked-up facts in, one decision out; the use case does the lookups and the writes.
 *
 * The rules:
 * - CEK/STATUS: anyone may ask about a report, except that a confidential report answers only to its reporter's
 *   number (to anyone else it is "not found", so its existence does not leak). Without a code: the sender's newest
 *   report.
 * - YA/TIDAK: only the reporter's or a follower's number, only while the report is resolved; without a code, only
 *   when the number has exactly one resolved report waiting. TIDAK reopens at most `reopenLimit` times.
 * - BERHENTI/MULAI: per number, always confirmed.
 * - anything else: the help text (the use case decides whether the number still gets one today).
 */
import type { Language } from '../../config/jurisdiction';
import type { Status } from '../status-machine';
import type { ReplyKind } from '../sms/reply-templates';
import type { ReplyCommand } from './parse-reply';

/** What the use case found out about one report and this sender. */
export interface ReportFacts {
  id: string;
  status: Status;
  confidential: boolean;
  citizenReopenings: number;
  /** how the sender relates to the report */
  relation: 'reporter' | 'follower' | 'none';
  /** the language of the sender's own report (the reporter's, or the follower's duplicate report or entry) */
  relationLanguage?: Language;
}

export interface DecisionInput {
  command: ReplyCommand;
  /** the report the command names by code; undefined when the code is not a report */
  named?: ReportFacts;
  /** without a code: the sender's resolved reports waiting for an answer (at most a few) */
  waiting: ReportFacts[];
  /** without a code: the sender's newest report, for CEK */
  newest?: ReportFacts;
  /** the language of the sender's newest report, if the number ever reported */
  senderLanguage?: Language;
  reopenLimit: number;
  defaultLanguage: Language;
}

export type Decision =
  | { action: 'reply'; reply: ReplyKind; report?: ReportFacts; code?: string; language: Language }
  | { action: 'close' | 'reopen'; report: ReportFacts; language: Language }
  | { action: 'opt-out' | 'opt-in'; reply: 'stopped' | 'started'; language: Language }
  | { action: 'help'; language: Language };

export function decideReply(input: DecisionInput): Decision {
  const { command } = input;
  // the language of the sender's own report first: a reporter who chose Indonesian and types STOP reads Indonesian
  const general: Language = input.senderLanguage ?? command.language ?? input.defaultLanguage;
  const about = (report: ReportFacts | undefined): Language => report?.relationLanguage ?? general;

  switch (command.kind) {
    case 'stop':
      return { action: 'opt-out', reply: 'stopped', language: general };
    case 'start':
      return { action: 'opt-in', reply: 'started', language: general };
    case 'unknown':
      return { action: 'help', language: general };
    case 'status': {
      const report = command.code ? input.named : input.newest;
      if (!command.code && !report) return { action: 'help', language: general };
      if (!report || (report.confidential && report.relation !== 'reporter'))
        return { action: 'reply', reply: 'unknown-code', code: command.code, language: general };
      if (report.status === 'resolved' && report.relation !== 'none')
        return { action: 'reply', reply: 'status-waiting', report, language: about(report) };
      return { action: 'reply', reply: 'status', report, language: about(report) };
    }
    case 'confirm':
    case 'reject': {
      let report: ReportFacts | undefined;
      if (command.code) {
        report = input.named;
        if (!report || (report.confidential && report.relation === 'none'))
          return { action: 'reply', reply: 'unknown-code', code: command.code, language: general };
        if (report.relation === 'none') return { action: 'reply', reply: 'not-yours', report, language: general };
      } else {
        if (input.waiting.length !== 1) return { action: 'reply', reply: 'which-report', language: general };
        report = input.waiting[0]!;
      }
      if (report.status !== 'resolved') return { action: 'reply', reply: 'not-waiting', report, language: about(report) };
      if (command.kind === 'confirm') return { action: 'close', report, language: about(report) };
      if (report.citizenReopenings >= input.reopenLimit)
        return { action: 'reply', reply: 'reopen-limit', report, language: about(report) };
      return { action: 'reopen', report, language: about(report) };
    }
  }
}
