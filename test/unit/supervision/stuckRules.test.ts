// Unit tests for the stuck-case rules: each code fires exactly at its policy threshold, with the
// right "since", and the SQL pre-selection bounds agree with the rules.
import { CURRENT_POLICY as policy } from '../../../domain/kernel/policy';
import { businessDayCutoff, planDatesOf, STUCK_LABELS, stuckAgeDays, stuckBounds, stuckReasons, type StuckFacts } from '../../../domain/supervision/stuckRules';
import { businessDaysBetween } from '../../../domain/calendar/businessDays';

// Monday 7 December 2026: a plain business week with no holidays nearby.
const today = '2026-12-07';

const facts = (over: Partial<StuckFacts> = {}): StuckFacts => ({
  caseId: 'c1',
  status: 'active',
  lastActivityAt: '2026-12-04T10:00:00+01:00',
  limitDate: '2027-06-01',
  openTasks: [],
  openSubsidyRequests: [],
  planDates: [],
  workflowProblem: null,
  ...over,
});
const codes = (f: StuckFacts, day = today) => stuckReasons(f, day, policy).map((r) => r.code);

describe('no-activity', () => {
  it('fires after 15 business days without activity, not at 14', () => {
    // 2026-11-16 (Mon) → 2026-12-07 (Mon) is 15 business days; 2026-11-17 is 14.
    expect(businessDaysBetween('2026-11-16', today, policy)).toBe(15);
    expect(stuckReasons(facts({ lastActivityAt: '2026-11-16T14:00:00+01:00' }), today, policy)).toEqual([
      { code: 'no-activity', since: today, detail: 'Ingen aktivitet siden 2026-11-16 (15 arbejdsdage).' },
    ]);
    expect(codes(facts({ lastActivityAt: '2026-11-17T08:00:00+01:00' }))).toEqual([]);
  });

  it('uses the Copenhagen day of the instant (23:30 UTC is already the next day)', () => {
    expect(codes(facts({ lastActivityAt: '2026-11-16T23:30:00Z' }))).toEqual([]);
  });

  it('skips Danish holidays when counting', () => {
    // Christmas: 24–26 Dec and 31 Dec/1 Jan are closed, so 15 business days take longer.
    const f = facts({ lastActivityAt: '2026-12-18T10:00:00+01:00' });
    expect(codes(f, '2027-01-13')).toEqual([]);
    expect(codes(f, '2027-01-14')).toEqual(['no-activity']);
  });

  it('ignores cases that are not being worked on', () => {
    for (const status of ['aftercare', 'closed', 'rejected']) {
      expect(codes(facts({ status, lastActivityAt: '2025-01-01T10:00:00+01:00' }))).toEqual([]);
    }
  });
});

describe('overdue tasks by kind', () => {
  const task = (kind: string, dueOn: string) => ({ taskId: `t-${kind}-${dueOn}`, kind, dueOn, ownerName: 'Søren' });

  it('a task due yesterday is overdue, one due today is not', () => {
    expect(codes(facts({ openTasks: [task('action', '2026-12-07')] }))).toEqual([]);
    const [r] = stuckReasons(facts({ openTasks: [task('action', '2026-12-04'), task('other', '2026-11-30')] }), today, policy);
    expect(r).toEqual({
      code: 'task-overdue',
      since: '2026-12-01',
      detail: '2 opgaver over fristen; ældste frist 2026-11-30 (ansvarlig: Søren).',
    });
  });

  it('minutes and revisions get their own codes, not task-overdue', () => {
    expect(codes(facts({ openTasks: [task('send-minutes', '2026-12-01')] }))).toEqual(['minutes-overdue']);
    expect(codes(facts({ openTasks: [task('revision', '2026-11-01')] }))).toEqual(['revision-overdue']);
    expect(codes(facts({ openTasks: [task('revision', '2026-11-01'), task('action', '2026-12-03')] }))).toEqual([
      'revision-overdue',
      'task-overdue',
    ]);
  });

  it('aftercare tasks still count', () => {
    expect(codes(facts({ status: 'aftercare', openTasks: [task('aftercare-check-in', '2026-12-01')] }))).toEqual(['task-overdue']);
  });
});

describe('insurer-silent', () => {
  it('fires once the insurer has not answered for the reminder threshold (10 business days)', () => {
    expect(codes(facts({ openSubsidyRequests: [{ subsidyId: 's1', askedOn: '2026-11-23' }] }))).toEqual(['insurer-silent']);
    expect(codes(facts({ openSubsidyRequests: [{ subsidyId: 's1', askedOn: '2026-11-24' }] }))).toEqual([]);
    expect(stuckReasons(facts({ openSubsidyRequests: [{ subsidyId: 's1', askedOn: '2026-11-23' }] }), today, policy)[0].since).toBe(today);
  });
});

describe('limit-approaching-without-plan', () => {
  // Window: 8 weeks before the limit.
  const limitDate = '2027-01-18';
  const windowOpened = '2026-11-23';

  it('fires inside the window without a roundtable, plan or decision since it opened', () => {
    expect(stuckReasons(facts({ limitDate }), today, policy)).toEqual([
      {
        code: 'limit-approaching-without-plan',
        since: windowOpened,
        detail: `Varighedsbegrænsningen ${limitDate} (om 42 dage) uden rundbordssamtale, fastholdelsesplan eller afgørelse siden ${windowOpened}.`,
      },
    ]);
  });

  it('a plan on or after the day the window opened silences it; an older one does not', () => {
    expect(codes(facts({ limitDate, planDates: [windowOpened] }))).toEqual([]);
    expect(codes(facts({ limitDate, planDates: ['2026-11-22'] }))).toEqual(['limit-approaching-without-plan']);
  });

  it('does not fire before the window or after the limit has passed', () => {
    expect(codes(facts({ limitDate: '2027-02-02' }))).toEqual([]);
    expect(codes(facts({ limitDate: '2026-12-06' }))).toEqual([]);
    expect(codes(facts({ limitDate: today }))).toEqual(['limit-approaching-without-plan']);
  });

  it('reads plan dates from roundtables, a retention plan and decisions, skipping cancelled roundtables', () => {
    expect(
      planDatesOf({
        roundtables: [
          { scheduledAt: '2026-12-03T10:00:00+01:00', status: 'scheduled' },
          { scheduledAt: '2026-12-10T10:00:00+01:00', status: 'cancelled' },
        ],
        retentionPlan: { agreedOn: '2026-11-30' },
        decisions: [{ decidedOn: '2026-11-02' }],
      }).sort(),
    ).toEqual(['2026-11-02', '2026-11-30', '2026-12-03']);
    expect(planDatesOf({ roundtables: null, decisions: 'x' })).toEqual([]);
  });
});

describe('workflow-failing and ordering', () => {
  it('reports what Temporal said, oldest reason first, with the age of the oldest', () => {
    const reasons = stuckReasons(
      facts({
        lastActivityAt: '2026-10-01T10:00:00+02:00',
        workflowProblem: { since: '2026-12-02', detail: 'Aktiviteten projectCase er forsøgt 7 gange.' },
      }),
      today,
      policy,
    );
    expect(reasons.map((r) => [r.code, r.since])).toEqual([
      ['no-activity', '2026-10-22'],
      ['workflow-failing', '2026-12-02'],
    ]);
    expect(stuckAgeDays(reasons, today)).toBe(46);
  });

  it('a closed case is never stuck, even if its workflow is gone', () => {
    expect(codes(facts({ status: 'closed', workflowProblem: { since: today, detail: 'x' } }))).toEqual([]);
  });
});

describe('subsidy-orphaned', () => {
  it('lists an unfinished subsidy whose case workflow is gone, also on a closed case, since the day it found out', () => {
    const orphanedSubsidies = [
      { subsidyId: 'c1-S2', status: 'approved', orphanedOn: '2026-12-03' },
      { subsidyId: 'c1-S1', status: 'requested', orphanedOn: '2026-12-01' },
    ];
    for (const status of ['active', 'closed']) {
      expect(stuckReasons(facts({ status, orphanedSubsidies }), today, policy)).toEqual([
        {
          code: 'subsidy-orphaned',
          since: '2026-12-01',
          detail:
            '2 tilskud (afventer svar, godkendt, ikke udbetalt) kan ikke meldes til sagen, fordi sagsforløbet er lukket eller findes ikke; ' +
            'siden 2026-12-01. Træk tilskuddet tilbage, eller følg det til udbetaling.',
        },
      ]);
    }
    expect(codes(facts({ status: 'closed', orphanedSubsidies: [] }))).toEqual([]);
  });
});

describe('SQL bounds agree with the rules', () => {
  it('the cutoff is the last day that is old enough', () => {
    const cutoff = businessDayCutoff(today, 15, policy);
    expect(cutoff).toBe('2026-11-16');
    expect(businessDaysBetween(cutoff, today, policy)).toBe(15);
    // One business day back from a Monday reaches over the weekend to Sunday.
    expect(businessDayCutoff('2026-12-08', 1, policy)).toBe('2026-12-07');
    expect(businessDayCutoff('2026-12-07', 1, policy)).toBe('2026-12-06');
  });

  it('gives instants at the end of the Copenhagen cutoff day', () => {
    const b = stuckBounds(today, policy);
    expect(b.activityBefore).toBe('2026-11-16T23:00:00.000Z');
    expect(b.askedBefore).toBe('2026-11-23T23:00:00.000Z');
    expect(b.limitWindowEnd).toBe('2027-02-01');
  });
});

describe('email-bounced', () => {
  const bounce = (bouncedOn: string, taskStatus: string | null, toName = 'Forsikring A') => ({ key: `k-${bouncedOn}-${toName}`, toName, bouncedOn, taskStatus });

  it('lists an open case while its fix-the-address task is open (or not there yet), from the day of the bounce', () => {
    expect(stuckReasons(facts({ bouncedEmails: [bounce('2026-12-03', 'open'), bounce('2026-12-04', null, 'Jens Jensen')] }), today, policy)).toEqual([
      { code: 'email-bounced', since: '2026-12-03', detail: '2 e-mails kunne ikke leveres; senest til Jens Jensen (2026-12-04).' },
    ]);
    expect(codes(facts({ status: 'aftercare', bouncedEmails: [bounce('2026-12-03', 'open')] }))).toEqual(['email-bounced']);
  });

  it('is resolved by completing or cancelling the task', () => {
    expect(codes(facts({ bouncedEmails: [bounce('2026-12-03', 'done'), bounce('2026-12-04', 'cancelled')] }))).toEqual([]);
  });

  it('lists a closed case (which takes no task) for the policy’s days after the bounce', () => {
    const days = policy.email.closedCaseBounceListedDays;
    const f = facts({ status: 'closed', bouncedEmails: [bounce('2026-11-20', null)] });
    expect(codes(f, '2026-11-20')).toEqual(['email-bounced']);
    const lastDay = new Date(Date.UTC(2026, 10, 20 + days)).toISOString().slice(0, 10);
    const dayAfter = new Date(Date.UTC(2026, 10, 21 + days)).toISOString().slice(0, 10);
    expect(codes(f, lastDay)).toEqual(['email-bounced']);
    expect(codes(f, dayAfter)).toEqual([]);
  });

  it('has a Danish label', () => {
    expect(STUCK_LABELS['email-bounced']).toBe('E-mail kunne ikke leveres');
  });
});
