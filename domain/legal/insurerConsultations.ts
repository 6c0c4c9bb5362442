// Consulting the insurer before an interim decision (insurers appeal poorly reasoned decisions):
// the centre's question is emailed to the insurer, and the insurer's answer is recorded on the case.
import type { z } from 'zod';
import { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import { centreOwner } from '../case/caseOpening';
import { requirePhase } from '../case/casePhase';
import type { InsurerConsultation } from './legal.schema';
import type { consultationAnswerInputSchema, consultationInputSchema } from './insurerConsultations.schema';
import { insurerOf } from '../case/caseKind';

/** Body of `POST …/insurer-consultations`. */
export type ConsultationInput = z.infer<typeof consultationInputSchema>;

/** Body of `POST …/insurer-consultations/{consultationId}/answer`. */
export type ConsultationAnswerInput = z.infer<typeof consultationAnswerInputSchema> & { consultationId: string };

/** Asks the insurer for comments; the email carries no question text (it may hold health details), only a link. */
export function consultInsurer(change: CaseChange, input: ConsultationInput): InsurerConsultation {
  const s = change.state;
  requirePhase(s, 'consult-insurer');
  const consultation: InsurerConsultation = {
    consultationId: `${s.caseId}-K${s.insurerConsultations.length + 1}`,
    question: input.question,
    askedOn: change.today,
    askedBy: change.ctx.actor.name,
    answer: null,
    answeredOn: null,
    answeredBy: null,
  };
  s.insurerConsultations.push(consultation);
  change.record('insurer-consulted', 'legal', `${insurerOf(s).name} er bedt om bemærkninger før en midlertidig afgørelse (${consultation.consultationId}).`);
  change.email({
    key: `insurer-consultation:${consultation.consultationId}`,
    template: 'insurer-consultation',
    to: { name: insurerOf(s).name, email: insurerOf(s).email },
    params: { caseId: s.caseId, injuryCaseRef: s.injuryCaseRef, consultationId: consultation.consultationId },
  });
  return consultation;
}

/** Records the insurer's answer (once) and tells the centre. */
export function answerConsultation(change: CaseChange, input: ConsultationAnswerInput): InsurerConsultation {
  const s = change.state;
  requirePhase(s, 'answer-consultation');
  if (change.ctx.actor.role !== 'insurer') {
    throw new DomainRejection(403, 'forbidden', 'only the insurer of the case answers a consultation');
  }
  const c = s.insurerConsultations.find((x) => x.consultationId === input.consultationId);
  if (!c) throw new DomainRejection(404, 'not-found', `there is no consultation ${input.consultationId} on this case`);
  if (c.answer !== null) {
    throw new DomainRejection(409, 'already-answered', `consultation ${c.consultationId} was answered on ${c.answeredOn}`, {
      answeredOn: c.answeredOn,
    });
  }
  c.answer = input.answer;
  c.answeredOn = change.today;
  c.answeredBy = change.ctx.actor.name;
  change.record('insurer-consultation-answered', 'legal', `${insurerOf(s).name} har svaret på høringen ${c.consultationId}.`);
  const owner = centreOwner(s);
  change.email({
    key: `insurer-consultation-answered:${c.consultationId}`,
    template: 'insurer-consultation-answered',
    to: { name: owner.name, email: owner.email },
    params: { caseId: s.caseId, injuryCaseRef: s.injuryCaseRef, consultationId: c.consultationId, insurerName: insurerOf(s).name },
  });
  return c;
}
